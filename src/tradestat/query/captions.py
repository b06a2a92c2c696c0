"""Member captions beside codes, in English or Chinese, for people reading a result."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa

from tradestat.model.semantic import SemanticModel, default_model
from tradestat.query.result import Result


def with_captions(result: Result, lang: str = "en", model: SemanticModel | None = None) -> Result:
    """A copy of ``result`` with a ``<level>_name`` column after each drilldown level."""
    model = model or default_model()
    table = result.table
    for level_name in [*result.query.by]:
        if level_name not in table.column_names:
            continue
        members = model.level(level_name).members()
        if not members:
            continue
        codes = table.column(level_name).to_pylist()
        names = [members[c].caption(lang) if c in members else None for c in codes]
        position = table.column_names.index(level_name) + 1
        table = table.add_column(position, f"{level_name}_name", pa.array(names, pa.string()))
    return replace(result, table=table)
