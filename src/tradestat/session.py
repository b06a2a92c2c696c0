"""``tradestat.connect``: the Python entry point to the query layer.

A Session ties a warehouse (through an engine) to the semantic model and the indicator
catalogue, so a user writes ``ts.query(period="2025", region="65", by="partner_group")`` and gets a
Result whose every number carries its SQL and data vintage.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tradestat.engines.duckdb import DuckDBEngine
from tradestat.model.semantic import SemanticModel, default_model
from tradestat.query.execute import Executor, keep_top
from tradestat.query.query import Query, build_query
from tradestat.query.request import Request
from tradestat.query.result import Result

DEFAULT_WAREHOUSE = "tradestat.duckdb"


def default_warehouse_path() -> Path:
    """$TRADESTAT_WAREHOUSE, else ./tradestat.duckdb (the same rule as the ingest commands)."""
    return Path(os.environ.get("TRADESTAT_WAREHOUSE") or DEFAULT_WAREHOUSE)


class Session:
    """Queries against one warehouse."""

    def __init__(self, engine: Any, model: SemanticModel | None = None) -> None:
        self.engine = engine
        self.model = model or default_model()
        self.executor = Executor(engine, self.model)

    def close(self) -> None:
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def build(self, request: Request | None = None, **kwargs: Any) -> Query:
        """Validate a request (or keyword arguments) into a Query."""
        request = request or Request.from_kwargs(**kwargs)
        return build_query(request, self.model)

    def query(self, request: Request | None = None, **kwargs: Any) -> Result:
        """Answer one query; indicators named in ``indicators=`` are added as columns."""
        return _present(self.executor.execute(self.build(request, **kwargs)))

    def query_many(self, requests: Sequence[Request | Mapping[str, Any]]) -> list[Result]:
        """Answer many queries at once (a bulletin's figures), sharing scans where possible.

        Each item is a Request or a mapping of the same keyword arguments ``query`` takes.
        Results come back in order, each with its own provenance.
        """
        from tradestat.query.batch import execute_many

        queries = [build_query(r if isinstance(r, Request) else Request.from_kwargs(**r),
                               self.model) for r in requests]
        return [_present(result) for result in execute_many(self.executor, queries)]

    def full_years(self, region: str, *, through: int, region_basis: str = "registered",
                   lookback: int = 15) -> tuple[int, ...]:
        """Calendar years up to ``through`` in which one dataset holds every month of both flows
        for ``region`` (a code) — the years a multi-year comparison may use, oldest first.

        Only the unbroken run ending at ``through`` counts: a gap year ends the history.
        """
        months = [y * 100 + m for y in range(through - lookback, through + 1) for m in range(1, 13)]
        held: dict[tuple[str, int], set[tuple[str, int]]] = {}
        for cell in self.engine.cells(region_basis, months, None):
            if cell.region_code == region:
                held.setdefault((cell.dataset, cell.month // 100), set()).add(
                    (cell.flow, cell.month))
        complete = {year for (_dataset, year), cells in held.items() if len(cells) == 24}
        years: list[int] = []
        for year in range(through, through - lookback - 1, -1):
            if year not in complete:
                break
            years.append(year)
        return tuple(reversed(years))

    def explain(self, request: Request | None = None, **kwargs: Any) -> str:
        """The SQL a query would run, without running it."""
        return self.executor.explain(self.build(request, **kwargs))


def _present(result: Result) -> Result:
    """Indicators the query named, then its top-N cut (after, so ranks count every member)."""
    if result.query.indicators:
        from tradestat.indicators.columns import add_indicators

        result = add_indicators(result, result.query.indicators)
    return keep_top(result)


def connect(path: str | Path | None = None, *, threads: int | None = None,
            country_groups: Iterable[str | Path] = ()) -> Session:
    """Open a warehouse for querying (read-only).

    ``country_groups`` adds user CSV files of country groups (for example the Belt-and-Road
    partner list, which tradestat cannot ship) to the model for this session.
    """
    model = default_model()
    files = tuple(country_groups)
    if files:
        model = model.with_country_groups(*files)
    return Session(DuckDBEngine(path or default_warehouse_path(), threads=threads), model)
