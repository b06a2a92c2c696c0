"""Load-time aggregates: each load's records grouped by the columns figures are sliced by.

A bulletin at 10^8 declaration lines cannot rescan the records for every figure. Most figures are
sums by one dimension at a time (month, flow, partner, HS code, trade mode ...), so each load
also writes its records grouped by a few sets of columns: the same answer for any sum or
distinct count of a kept column, from tables much smaller than the records (on simulated
declarations: 4.5 % of the lines without the product, 6 % for products alone).

Why this keeps vintages and ``as_of`` exact: an aggregate is written per load and keeps the load
id and every cell column (month, region, region basis, flow), so "the records in force" and "the
aggregate rows in force" are chosen by the same load ids and cells.

Why NULLs stay visible: a summed column is NULL in an aggregate row when any record behind it
lacks the value, and a NULL dimension is kept as its own group, so the query layer's "records
without a partner / without USD" refusals still see them.

An aggregate that would not be much smaller than the load's records (a platform export that is
aggregated already) is not kept; queries on such a load read the records. ``aggregate_loads``
lists which load has which aggregate, so loads written before this table existed simply have
none. The tables describe themselves (their columns are the dimensions plus the sums), so an
engine needs no list of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tradestat.model.records import CANONICAL_FIELDS, field
from tradestat.warehouse.profile import LoadProfile, profile_load
from tradestat.warehouse.schema import CELL_COLUMNS

#: An aggregate is kept only if it has at most this share of the load's records. Why a tenth:
#: an aggregate pays at query time by the rows it spares, and costs at load time by its groups
#: (hashing millions of groups is most of its price). On a 10^7-row platform export whose
#: aggregates kept 25 % and 14 % of the rows, building them was a fifth of the load (2.7 s),
#: while queries reading the records instead took 30-50 ms rather than 15-35 ms
#: (benchmarks/RESULTS.md). Declaration lines, where aggregates matter, keep 4.5-6 %.
MAX_ROW_SHARE = 0.1

#: Loads below this many records compute every aggregate without estimating its size first.
ESTIMATE_MIN_ROWS = 200_000
#: An aggregate is skipped uncomputed if its estimate exceeds the share by this factor. No
#: margin: computing one that turns out too large and dropping it cost 3.4 s on a 2 * 10^7-row
#: export (an estimate of 12.4 % against a share of 10 %, under the old 1.25), while skipping
#: one that DuckDB's HyperLogLog (within a few per cent) puts just above the share only makes
#: queries read the records, with the same numbers.
ESTIMATE_MARGIN = 1.0

#: The measure columns, kept as sums (the query layer sums the same columns).
SUMS = tuple(f.name for f in CANONICAL_FIELDS if f.is_measure)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """One load-time aggregate: a table of records grouped by ``dims`` with ``SUMS`` summed."""

    table: str
    dims: tuple[str, ...]

    @property
    def columns(self) -> frozenset[str]:
        """Every record column a query may read from this aggregate."""
        return frozenset((*self.dims, *SUMS))

    def ddl(self) -> str:
        dims = ",\n  ".join(f"{d} {field(d).sql_type}" for d in self.dims)
        # Sums of DECIMAL(18, s) are DECIMAL(38, s) in SQL: the same type as summing records.
        sums = ",\n  ".join(f"{s} DECIMAL(38, {field(s).arrow_type.scale})" for s in SUMS)
        return (
            f"CREATE TABLE IF NOT EXISTS {self.table} (\n  load_id INTEGER NOT NULL,\n  "
            f"{dims},\n  {sums}\n)"
        )

    def insert_sql(self, load_id: int, profile: LoadProfile | None = None) -> str:
        """The INSERT writing this aggregate for one load.

        With the load's ``profile``, only the dimensions that vary are grouped (a constant one is
        written as its value), a measure without NULLs is a plain sum and an all-NULL one a NULL:
        the same rows as grouping every column, at a fraction of the hashing (a platform
        export leaves half the dimensions empty).
        """
        where = f"FROM records WHERE load_id = {int(load_id)}"
        if profile is None:
            dims = ", ".join(self.dims)
            sums = ", ".join(f"CASE WHEN count({s}) = count(*) THEN sum({s}) END" for s in SUMS)
            return (
                f"INSERT INTO {self.table} SELECT load_id, {dims}, {sums} {where} "
                f"GROUP BY load_id, {dims}"
            )
        dims = ", ".join(
            d if not profile.is_constant(d) else f"{profile.constant_sql(d)} AS {d}"
            for d in self.dims
        )
        sums = ", ".join(_sum_sql(s, profile) for s in SUMS)
        varying = profile.varying(self.dims)
        group = f" GROUP BY {', '.join(varying)}" if varying else ""
        return f"INSERT INTO {self.table} SELECT {int(load_id)}, {dims}, {sums} {where}{group}"

    def estimate_sql(self, profile: LoadProfile) -> str | None:
        """An approximate count of this aggregate's groups (None if it has a single group)."""
        varying = profile.varying(self.dims)
        if not varying:
            return None
        return f"approx_count_distinct(hash({', '.join(varying)}))"


def _sum_sql(name: str, profile: LoadProfile) -> str:
    """The sum of one measure: NULL when any record behind it lacks the value."""
    scale = field(name).arrow_type.scale
    if profile.is_constant(name) and profile.constants[name] is None:
        return f"NULL::DECIMAL(38, {scale}) AS {name}"
    if name in profile.complete:
        return f"sum({name}) AS {name}"
    return f"CASE WHEN count({name}) = count(*) THEN sum({name}) END AS {name}"


AGGREGATES: tuple[Aggregate, ...] = (
    # Partners, partner groups, trade modes, enterprise types, ports, transport: every slice
    # but the product (with the product, declaration data hardly aggregates at all: 5,000 HS
    # codes x 200 partners make most lines unique).
    Aggregate(
        "agg_partners",
        (
            *CELL_COLUMNS,
            "partner_basis",
            "partner_code",
            "trade_mode",
            "supervision_mode",
            "enterprise_type",
            "customs_district",
            "transport_mode",
        ),
    ),
    # Products: HS codes (chapters, headings, product groups) and quantities by unit.
    Aggregate("agg_products", (*CELL_COLUMNS, "partner_basis", "hs_code", "hs_edition", "unit1")),
    # Enterprises with actual trade: counts by period, region and flow.
    Aggregate("agg_enterprises", (*CELL_COLUMNS, "partner_basis", "enterprise_id")),
)

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS aggregate_loads (
  load_id INTEGER NOT NULL,
  aggregate VARCHAR NOT NULL,
  row_count BIGINT NOT NULL
)""",
    *(a.ddl() for a in AGGREGATES),
)


def write_aggregates(
    con: duckdb.DuckDBPyConnection, load_id: int, records: int, profile: LoadProfile | None = None
) -> list[tuple[str, int]]:
    """Write every aggregate of one load (inside the caller's transaction); keep those at most
    ``MAX_ROW_SHARE`` of the ``records`` rows. Returns (table, rows) of the kept ones.

    An aggregate whose estimated size (HyperLogLog, a few per cent off) is far above the share
    is not computed at all: at 10^6 platform-export rows, two of the three came out almost as
    large as the records and were written only to be deleted. Keeping or skipping one never
    changes a number, only which table a query reads.
    """
    if profile is None:
        profile = profile_load(con, load_id)
    skip = _clearly_too_large(con, load_id, records, profile)
    kept = []
    for aggregate in AGGREGATES:
        if aggregate.table in skip:
            continue
        ((rows,),) = con.execute(aggregate.insert_sql(load_id, profile)).fetchall()
        if rows > MAX_ROW_SHARE * records:
            con.execute(f"DELETE FROM {aggregate.table} WHERE load_id = ?", [load_id])
            continue
        con.execute(
            "INSERT INTO aggregate_loads VALUES (?, ?, ?)", [load_id, aggregate.table, rows]
        )
        kept.append((aggregate.table, int(rows)))
    return kept


def _clearly_too_large(
    con: duckdb.DuckDBPyConnection, load_id: int, records: int, profile: LoadProfile
) -> set[str]:
    """The aggregates whose estimated row count exceeds the share by more than the estimate's
    error could explain (one scan for all of them; skipped for small loads, where computing
    them is cheaper than estimating)."""
    if records < ESTIMATE_MIN_ROWS:
        return set()
    estimates = {a.table: a.estimate_sql(profile) for a in AGGREGATES}
    estimates = {t: sql for t, sql in estimates.items() if sql is not None}
    if not estimates:
        return set()
    (row,) = con.execute(
        f"SELECT {', '.join(estimates.values())} FROM records WHERE load_id = ?", [load_id]
    ).fetchall()
    limit = MAX_ROW_SHARE * records * ESTIMATE_MARGIN
    return {table for table, groups in zip(estimates, row, strict=True) if groups > limit}
