"""Columns a part derives instead of storing (region basis, a flow given as an option, partner
basis, HS edition) read back exactly as if they had been stored; and the schema version that
came with them (2) upgrades version-1 files and refuses newer ones."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from tests.conftest import FIXTURES, snapshot

from tradestat.errors import WarehouseError
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

# Months on both sides of the HS2022 switch (2022-01), a row without a partner, two flows of
# words the reader must map. Every commodity code is valid in HS2017 and in HS2022.
_EXPORT = """\
"数据年月","商品编码","贸易伙伴编码","注册地编码","人民币",
"202112","01012100","145","65","1,000",
"202201","01012100","145","65","2,000",
"202201","85030000","","65","3,000",
"201912","01012100","146","65","4,000",
"""

CASES = [
    ("gacc/exports_65_partner_utf8.csv", dict(format="gacc", flow="export")),
    ("gacc/imports_hs_usd_national.csv", dict(format="gacc", flow="import")),
    ("gacc/exports_65_partner_gbk.csv", dict(format="gacc", flow="export")),
    ("declarations/xj_2024_en.csv", dict(format="declarations")),
    ("declarations/hs_editions.csv", dict(format="declarations")),
    ("mapped/partner_trade_utf8.csv", dict(format="mapped", mapping="partner_trade.yaml")),
    ("mapped/monthly_wan_utf8.csv", dict(format="mapped", mapping="monthly_wan.yaml")),
]


def _options(path: Path, given: dict) -> IngestOptions:
    given = dict(given)
    if "mapping" in given:
        given["mapping"] = path.parent / given["mapping"]
    return IngestOptions(**given)


def _records(wh: Warehouse) -> list[tuple]:
    return wh.con.execute("SELECT * EXCLUDE (load_id) FROM records ORDER BY ALL").fetchall()


def _load_both_ways(tmp_path: Path, path: Path, options: IngestOptions) -> tuple[list, list]:
    """The records of one file loaded by the direct pass (into a part that may derive
    columns) and by the Arrow batches (into the wide table, every column stored)."""
    with Warehouse(tmp_path / "direct.duckdb") as wh:
        wh.load(open_source(path, options))
        direct = _records(wh)
    with Warehouse(tmp_path / "batches.duckdb") as wh:
        stream = dataclasses.replace(open_source(path, options), sql_for=lambda con: None)
        wh.load(stream)
        assert wh.con.execute("SELECT count(*) FROM records_wide").fetchall() == [(len(direct),)]
        batches = _records(wh)
    return direct, batches


@pytest.mark.parametrize(("name", "given"), CASES, ids=[c[0] for c in CASES])
def test_derived_columns_equal_the_stored_ones(tmp_path: Path, name: str, given: dict) -> None:
    path = FIXTURES / name
    direct, batches = _load_both_ways(tmp_path, path, _options(path, given))
    assert direct, "the fixture loads rows"
    assert direct == batches


def test_edition_by_month_and_partner_basis_where_a_partner_is_given(tmp_path: Path) -> None:
    path = tmp_path / "exports_65.csv"
    path.write_text(_EXPORT, encoding="utf-8")
    options = IngestOptions(format="gacc", flow="export")
    direct, batches = _load_both_ways(tmp_path, path, options)
    assert direct == batches
    with Warehouse(tmp_path / "direct.duckdb", read_only=True) as wh:
        derived = set(
            wh.con.execute(
                "SELECT json_keys(derived::JSON) FROM record_parts WHERE derived <> '{}'"
            ).fetchall()[0][0]
        )
        rows = wh.con.execute(
            "SELECT month, hs_edition, partner_code, partner_iso3, partner_basis, flow, "
            "region_basis FROM records ORDER BY month, partner_code NULLS LAST"
        ).fetchall()
    assert derived == {"region_basis", "flow", "partner_basis", "partner_iso3", "hs_edition"}
    # By hand: HS2017 before 2022, HS2022 from 2022-01; 145 Kazakhstan, 146 Kyrgyzstan; no
    # partner basis or ISO code without a partner.
    od, exp, reg = "origin_destination", "export", "registered"
    assert rows == [
        (201912, "HS2017", "146", "KGZ", od, exp, reg),
        (202112, "HS2017", "145", "KAZ", od, exp, reg),
        (202201, "HS2022", "145", "KAZ", od, exp, reg),
        (202201, "HS2022", None, None, None, exp, reg),
    ]


def test_an_edition_given_as_an_option_is_the_edition_of_every_coded_row(tmp_path: Path) -> None:
    path = tmp_path / "exports_65.csv"
    path.write_text(_EXPORT, encoding="utf-8")
    options = IngestOptions(format="gacc", flow="export", hs_edition="HS2017")
    direct, batches = _load_both_ways(tmp_path, path, options)
    assert direct == batches
    with Warehouse(tmp_path / "direct.duckdb", read_only=True) as wh:
        editions = wh.con.execute("SELECT DISTINCT hs_edition FROM records").fetchall()
    assert editions == [("HS2017",)]


def test_a_flow_word_given_as_a_mapping_constant_is_derived(tmp_path: Path) -> None:
    mapping = tmp_path / "exports.yaml"
    mapping.write_text(
        (FIXTURES / "mapped" / "monthly_wan.yaml")
        .read_text(encoding="utf-8")
        .replace("  flow: 进出口\n", "")
        .replace("constants:\n", "constants:\n  flow: 出口\n"),
        encoding="utf-8",
    )
    path = FIXTURES / "mapped" / "monthly_wan_utf8.csv"
    source = tmp_path / "monthly.csv"
    # Keep the columns the mapping still names: the flow column is simply not read.
    source.write_bytes(path.read_bytes())
    direct, batches = _load_both_ways(
        tmp_path, source, IngestOptions(format="mapped", mapping=mapping)
    )
    assert direct == batches
    with Warehouse(tmp_path / "direct.duckdb", read_only=True) as wh:
        flows = wh.con.execute("SELECT DISTINCT flow FROM records").fetchall()
        derivations = wh.con.execute(
            "SELECT derived FROM record_parts WHERE derived LIKE '%flow%'"
        ).fetchall()
    assert flows == [("export",)]
    assert len(derivations) == 1


def test_a_query_filter_on_a_derived_flow_reads_the_right_part(tmp_path: Path) -> None:
    source = FIXTURES / "gacc" / "exports_65_partner_utf8.csv"
    imports = tmp_path / "imports_65_partner.csv"
    imports.write_bytes(source.read_bytes())
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(open_source(source, IngestOptions(format="gacc", flow="export")))
        wh.load(open_source(imports, IngestOptions(format="gacc", flow="import")))
        by_flow = wh.con.execute(
            "SELECT flow, count(*), sum(value_cny) FROM records_current GROUP BY flow ORDER BY 1"
        ).fetchall()
    # Six rows each; 6,380,825,000 yuan each (the sum in test_parts, by hand).
    assert [(f, n, str(v)) for f, n, v in by_flow] == [
        ("export", 6, "6380825000.00"),
        ("import", 6, "6380825000.00"),
    ]


def _as_version_1(path: Path) -> None:
    """Rewrite a warehouse as version 1 wrote it: a part registry without derivations."""
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE record_parts DROP COLUMN derived")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()


def test_a_version_1_warehouse_is_read_and_upgraded_on_the_first_write(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    national = FIXTURES / "gacc" / "imports_hs_usd_national.csv"
    with Warehouse(path):
        pass  # an empty warehouse: its only part is the wide one
    _as_version_1(path)
    with Warehouse(path, read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM records").fetchall() == [(0,)]
    with Warehouse(path) as wh:
        wh.load(open_source(national, IngestOptions(format="gacc", flow="import")))
        version = wh.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        # Three rows of the fixture's first lines are 2024 imports of crude, gas and copper ore.
        assert wh.con.execute(
            "SELECT count(*), min(flow), max(flow), min(hs_edition) FROM records"
        ).fetchall() == [(wh.load_record(1)["rows_loaded"], "import", "import", "HS2022")]
    assert version == [("2",)]


def test_a_warehouse_from_a_newer_tradestat_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with Warehouse(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    before = _dump(path)
    for read_only in (False, True):
        with pytest.raises(WarehouseError, match="schema version 99"):
            Warehouse(path, read_only=read_only)
    assert _dump(path) == before


def _dump(path: Path) -> dict:
    """Every row of every table of the file, read without tradestat."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return snapshot(SimpleNamespace(con=con))  # type: ignore[arg-type]
    finally:
        con.close()


def test_a_database_that_is_not_a_warehouse_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE mine AS SELECT 1 AS x")
    con.close()
    with pytest.raises(WarehouseError, match="not a tradestat warehouse"):
        Warehouse(path)
    con = duckdb.connect(str(path), read_only=True)
    tables = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    con.close()
    assert tables == [("mine",)]


@pytest.mark.parametrize(("name", "given"), CASES, ids=[c[0] for c in CASES])
def test_the_profile_skipping_known_columns_equals_the_full_profile(
    tmp_path: Path, name: str, given: dict
) -> None:
    from tradestat.warehouse import parts
    from tradestat.warehouse.profile import UNPROFILED, profile_load

    path = FIXTURES / name
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(open_source(path, _options(path, given)))
        stored, derived = next(
            (s, d)
            for t, s, d in parts.parts(wh.con)
            if wh.con.execute(f"SELECT count(*) FROM {t} WHERE load_id = 1").fetchall()[0][0]
        )
        known = parts.known_values(stored, derived)
        full = profile_load(wh.con, 1)
        assert profile_load(wh.con, 1, known=known) == full
    # Something was skipped, and every skipped column is constant in the full profile.
    assert known
    for column, value in known.items():
        if column not in UNPROFILED:
            assert full.constants[column] == value, column
