"""A private, in-memory DuckDB used to parse and validate source files.

Parsing is separate from the warehouse on purpose: nothing of a half-read file ever touches the
warehouse, and the warehouse receives only typed, validated Arrow batches. The code lists that
validation joins against are loaded here from ``tradestat.reference`` as small ``ref_*`` tables.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

from tradestat import reference as ref
from tradestat.ingest import options as ingest_options
from tradestat.ingest import refcache, validate
from tradestat.ingest.options import HS_EDITIONS

#: A lookup table as plain columns (name → values): plain Python lists, not Arrow, because building
#: Arrow arrays from lists makes pyarrow import pandas (a quarter of a second per load).
Columns = dict[str, list[str]]


def _codes_table(column: str, codes: list[str], **constants: str) -> Columns:
    columns: Columns = {column: codes}
    for name, value in constants.items():
        columns[name] = [value] * len(codes)
    return columns


def _concat(parts: list[Columns]) -> Columns:
    return {name: [v for part in parts for v in part[name]] for name in parts[0]}


#: The lookup tables ``reference_tables`` returns.
TABLE_NAMES = frozenset(
    {
        "ref_partner",
        "ref_partner_iso3",
        "ref_hs",
        "ref_region",
        "ref_supervision",
        "ref_trade_mode",
        "ref_enterprise",
        "ref_customs",
        "ref_transport",
        "ref_month",
    }
)


@cache
def reference_tables() -> dict[str, Columns]:
    """The ``ref_*`` lookup tables validation needs: once per process, and from the disk cache
    (``refcache``) when the reference data and this builder are unchanged since it was written."""
    directory = refcache.default_cache_dir()
    key = refcache.fingerprint(
        Path(ref.__file__).parent,
        [Path(__file__), Path(ingest_options.__file__), Path(validate.__file__)],
    )
    cached = refcache.load(directory, key, TABLE_NAMES)
    if cached is not None:
        return cached
    tables = build_reference_tables()
    refcache.store(directory, key, tables)
    return tables


def build_reference_tables() -> dict[str, Columns]:
    """Build the ``ref_*`` lookup tables from ``tradestat.reference`` (about 0.7 s)."""
    partners = ref.partners()
    partner_rows = [(p.code, p.iso3) for p in partners]
    iso3_to_code: dict[str, str] = {}
    for code, iso3 in sorted(partner_rows):
        if iso3 and iso3 not in iso3_to_code:
            iso3_to_code[iso3] = code
    hs_parts = [
        _codes_table("code", sorted(ref.hs_nomenclature(ed).codes()), edition=ed)
        for ed in HS_EDITIONS
    ]
    region_parts = [
        _codes_table("code", sorted(ref.provinces().codes()), basis="registered"),
        _codes_table("code", sorted(ref.domestic_districts().codes()), basis="destination_source"),
        _codes_table("code", sorted(ref.customs_districts().codes()), basis="customs_district"),
        _codes_table("code", ["CN"], basis="national"),
    ]
    statistical_enterprise = [
        e.code for e in ref.enterprise_types() if e.published_group != "not_statistical"
    ]
    return {
        "ref_partner": {"code": [c for c, _ in partner_rows], "iso3": [i for _, i in partner_rows]},
        "ref_partner_iso3": {"iso3": list(iso3_to_code), "code": list(iso3_to_code.values())},
        "ref_hs": _concat(hs_parts),
        "ref_region": _concat(region_parts),
        "ref_supervision": _codes_table("code", sorted(ref.supervision_modes().codes())),
        "ref_trade_mode": _codes_table("code", sorted(ref.statistical_trade_modes().codes())),
        "ref_enterprise": _codes_table("code", sorted(statistical_enterprise)),
        "ref_customs": _codes_table("code", sorted(ref.customs_districts().codes())),
        "ref_transport": _codes_table("code", sorted(ref.transport_modes().codes())),
        "ref_month": _codes_table("code", validate.valid_months()),
    }


def install_reference_tables(con: duckdb.DuckDBPyConnection, *, temporary: bool = False) -> None:
    """Create the ``ref_*`` lookup tables on ``con`` (as TEMP tables if ``temporary``)."""
    kind = "TEMP TABLE" if temporary else "TABLE"
    for name, columns in reference_tables().items():
        names = list(columns)
        select = ", ".join(f"unnest(${i + 1}::VARCHAR[]) AS {c}" for i, c in enumerate(names))
        con.execute(
            f"CREATE OR REPLACE {kind} {name} AS SELECT {select}", [columns[c] for c in names]
        )


#: The reference tables are tiny and sources huge: never let the optimizer build a hash table on
#: the source side of a lookup join (it would hold the whole file in memory and run 5x slower).
LOOKUP_SETTINGS = {"disabled_optimizers": "build_side_probe_side"}


def tune_for_lookups(con: duckdb.DuckDBPyConnection) -> None:
    """Apply LOOKUP_SETTINGS to ``con``."""
    for name, value in LOOKUP_SETTINGS.items():
        con.execute(f"SET {name} = '{value}'")


class IngestEngine:
    """Owns one in-memory DuckDB connection with the reference tables in place.

    The connection is made on first use: a load the warehouse runs directly (a clean file read
    only by a portable reader) never needs it, and building it costs the reference tables' setup.
    """

    def __init__(self, *, threads: int | None = None) -> None:
        self._threads = threads
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            con = duckdb.connect(":memory:")
            if self._threads:
                con.execute(f"SET threads = {int(self._threads)}")
            con.execute("SET preserve_insertion_order = true")
            tune_for_lookups(con)
            install_reference_tables(con)
            self._con = con
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
