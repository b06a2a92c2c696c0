"""What the query layer needs from an engine, and nothing more.

Engines (``tradestat.engines.duckdb``, later Spark) answer two kinds of question: which cells
(dataset × month × region × flow) the warehouse holds in force, and "run this SQL". Everything else
— choosing a dataset, checking coverage, reading the output — is the query layer's, so every
engine gives the same answers by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell in force: the load that states it, with that load's vintage and grain."""

    dataset: str
    month: int
    region_code: str
    flow: str
    load_id: int
    vintage: dt.date
    grain: str
    is_sample: bool
    #: For an export by partner: "all" if the load says it lists every partner, "selected" if
    #: only some, None if it does not say (see ``ingest.options.PARTNER_LISTS``).
    partners: str | None = None


class Engine(Protocol):
    """An executor for plans (see tradestat.engines)."""

    #: sqlglot dialect name the engine's SQL is rendered in
    dialect: str
    #: "duckdb", "spark", ...
    name: str
    #: where the data lives (a file path or a catalogue), for provenance
    location: str

    def cells(self, region_basis: str, months: Iterable[int],
              as_of: dt.date | None) -> Sequence[Cell]:
        """Cells in force (as of a vintage date, or the latest) on a basis, in some months."""
        ...

    def fully_in_force(self, load_ids: Iterable[int], as_of: dt.date | None) -> bool:
        """Whether every cell of these loads is still in force (no later vintage replaced any),
        so that a plain ``load_id IN (...)`` selects exactly the records in force."""
        ...

    def aggregate_for(self, load_ids: Iterable[int], columns: Iterable[str]) -> str | None:
        """The smallest load-time aggregate (records of a load grouped by some columns, measure
        columns summed) that holds every one of these loads and columns, or None."""
        ...

    def source_sql(self, dataset: str, load_ids: Sequence[int], *, exact: bool,
                   as_of: dt.date | None, table: str = "records") -> str:
        """A relation (in the engine's dialect) of the records in force for ``dataset``, read
        from ``table``: the records, or an aggregate named by ``aggregate_for``.

        ``exact`` False allows the fast form (by load id only); True asks for the per-cell
        semi-join, needed when a later vintage replaced part of a load.
        """
        ...

    def run(self, sql: str) -> pa.Table:
        """Execute ``sql`` and return the whole result as Arrow."""
        ...
