"""Result: the answer to a Query as Arrow, with the provenance that produced it.

A Result has one row per drilldown member with each measure for the period (``value_cny``) and,
when a comparison was asked for, for the base period (``value_cny_base``). Totals needed for shares
and contributions travel beside the rows: the slice total (``parent``) and the total over all
slices (``all``), for both periods. Indicators are added later, as columns, by
``tradestat.indicators`` — the numbers here are exact sums, never rounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import pyarrow as pa

from tradestat.errors import QueryError
from tradestat.periods import Period
from tradestat.query.query import Query

Number = Decimal | int | None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a result came from: enough to rerun it and to cite it."""

    query: str
    sql: str
    engine: str
    warehouse: str
    dataset: str | None
    load_ids: tuple[int, ...]
    vintage: dt.date | None
    as_of: dt.date | None
    is_sample: bool
    period: str
    base: str | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "sql": self.sql, "engine": self.engine,
            "warehouse": self.warehouse, "dataset": self.dataset,
            "load_ids": list(self.load_ids),
            "vintage": self.vintage.isoformat() if self.vintage else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "is_sample": self.is_sample, "period": self.period, "base": self.base,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Totals:
    """A measure's total for the period and the base (None: not available, see notes)."""

    current: Number
    base: Number


@dataclass(frozen=True)
class Result:
    """Rows (Arrow), totals, and provenance of one query."""

    query: Query
    table: pa.Table
    parent: Mapping[str, Totals]
    total: Mapping[str, Totals]
    provenance: Provenance
    base_unavailable: str | None = None
    #: measures that are distinct counts (not additive across members): no shares of them
    non_additive: frozenset[str] = frozenset()
    derived_notes: Mapping[str, tuple[str | None, ...]] = field(default_factory=dict)

    # -- conversions ---------------------------------------------------------------------------
    def to_arrow(self) -> pa.Table:
        """The rows as an Arrow table, with provenance in the schema metadata."""
        meta = {b"tradestat.provenance": _json(self.provenance.to_dict())}
        return self.table.replace_schema_metadata({**(self.table.schema.metadata or {}), **meta})

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (decimals stay ``decimal.Decimal`` objects)."""
        return self.table.to_pandas()

    def to_polars(self) -> Any:
        """The rows as a polars DataFrame."""
        try:
            import polars as pl
        except ImportError as exc:  # pragma: no cover - polars is a dependency
            raise QueryError("to_polars() needs the polars package",
                             hint="pip install polars") from exc
        return pl.from_arrow(self.table)

    def explain(self) -> str:
        """The SQL that produced the rows."""
        return self.provenance.sql

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dictionaries (exact Decimals)."""
        return self.table.to_pylist()

    @property
    def is_sample(self) -> bool:
        return self.provenance.is_sample

    @property
    def period(self) -> Period:
        return self.query.period

    def value(self, measure: str = "value_cny", *, base: bool = False, **keys: str) -> Number:
        """One number: the measure for the row matching ``keys`` (no keys: the slice total)."""
        column = measure + ("_base" if base else "")
        if not keys:
            totals = self.parent.get(measure)
            if totals is None:
                raise QueryError(f"measure {measure!r} is not in this result")
            return totals.base if base else totals.current
        if column not in self.table.column_names:
            raise QueryError(f"column {column!r} is not in this result",
                             hint="columns: " + ", ".join(self.table.column_names))
        for row in self.table.to_pylist():
            if all(str(row.get(k)) == str(v) for k, v in keys.items()):
                return row[column]
        raise QueryError(f"no row with {keys} in this result")

    def with_columns(self, columns: Mapping[str, pa.Array],
                     notes: Mapping[str, tuple[str | None, ...]] | None = None) -> Result:
        """A copy with derived columns appended (used by the indicators)."""
        table = self.table
        for name, array in columns.items():
            if name in table.column_names:
                table = table.set_column(table.column_names.index(name), name, array)
            else:
                table = table.append_column(name, array)
        merged = {**self.derived_notes, **(notes or {})}
        return replace(self, table=table, derived_notes=merged)


def _json(value: Any) -> bytes:
    import json

    return json.dumps(value, ensure_ascii=False).encode("utf-8")
