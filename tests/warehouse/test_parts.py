"""Records stored in parts (tables holding only the columns a source fills) behind the
``records`` view: same rows, canonical columns, shared by loads of one shape, atomic, and old
warehouses (one ``records`` table) keep working."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, snapshot

from tradestat.errors import LoadRejected
from tradestat.ingest import IngestOptions, open_source
from tradestat.model.records import CANONICAL_FIELDS
from tradestat.warehouse import Warehouse

GACC = FIXTURES / "gacc"
EXPORTS = GACC / "exports_65_partner_utf8.csv"
NATIONAL = GACC / "imports_hs_usd_national.csv"


def _load(wh: Warehouse, path: Path, flow: str, **options):
    return wh.load(open_source(path, IngestOptions(format="gacc", flow=flow, **options)))


def _parts(wh: Warehouse) -> dict[str, set[str]]:
    """Each part and the columns it stores."""
    return {
        t: set(c.split(","))
        for t, c in wh.con.execute("SELECT table_name, columns FROM record_parts").fetchall()
    }


def _stored(wh: Warehouse, table: str) -> list[str]:
    return [
        c
        for (c,) in wh.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    ]


def test_a_platform_export_stores_only_the_columns_it_fills(warehouse: Warehouse) -> None:
    _load(warehouse, EXPORTS, "export")
    parts = _parts(warehouse)
    narrow = [t for t in parts if t != "records_wide"]
    assert len(narrow) == 1
    # By hand from the fixture's header (month, partner, trade mode, region, CNY value); the
    # region basis, the flow (an option), the partner basis and the partner's ISO code are
    # derived, not stored.
    assert _stored(warehouse, narrow[0]) == [
        "load_id",
        "month",
        "region_code",
        "partner_code",
        "trade_mode",
        "value_cny",
    ]
    assert warehouse.con.execute(
        "SELECT DISTINCT region_basis, flow, partner_basis, partner_iso3 FROM records ORDER BY 4"
    ).fetchall() == [
        ("registered", "export", "origin_destination", iso3)
        for iso3 in ("KAZ", "KGZ", "RUS", "USA")  # partners 145, 146, 344, 502
    ]
    assert warehouse.con.execute("SELECT count(*) FROM records_wide").fetchall() == [(0,)]
    # The view shows every canonical column, in order, the missing ones NULL.
    rel = warehouse.con.sql("SELECT * FROM records")
    assert rel.columns == ["load_id", *(f.name for f in CANONICAL_FIELDS)]
    rows = warehouse.con.execute(
        "SELECT count(*), count(hs_code), count(enterprise_id), count(value_usd), "
        "sum(value_cny) FROM records"
    ).fetchall()
    # 1,250,000,000 + 2,000,000,000 + 1,800,500,000 + 900,000,000 + 430,250,000 + 75,000
    assert rows == [(6, 0, 0, 0, Decimal("6380825000.00"))]


def test_loads_of_one_shape_share_a_part_and_other_shapes_get_their_own(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    _load(warehouse, EXPORTS, "export")
    copy = tmp_path / "imports_65_partner.csv"
    copy.write_bytes(EXPORTS.read_bytes())
    _load(warehouse, copy, "import")
    _load(warehouse, NATIONAL, "import")
    parts = _parts(warehouse)
    # The wide part, one part per flow for the partner exports (the flow is derived, so it
    # belongs to the part), and the national file's part.
    assert len(parts) == 4
    counts = dict(
        warehouse.con.execute("SELECT load_id, count(*) FROM records GROUP BY 1").fetchall()
    )
    assert counts == {1: 6, 2: 6, 3: 3}
    narrow = {frozenset(c) for t, c in parts.items() if t != "records_wide"}
    assert (
        frozenset(
            {
                "month",
                "region_code",
                "partner_code",
                "hs_code",
                "quantity1",
                "unit1",
                "quantity2",
                "unit2",
                "value_usd",
            }
        )
        in narrow
    )


def test_a_failed_load_leaves_no_new_part(warehouse: Warehouse, tmp_path: Path) -> None:
    bad = tmp_path / "exports_bad.csv"
    bad.write_text(
        EXPORTS.read_text(encoding="utf-8") + '"202502","888","x","10","一般贸易",'
        '"65","新疆维吾尔自治区","1",\n',
        encoding="utf-8",
    )
    before = snapshot(warehouse)
    with pytest.raises(LoadRejected, match="strict mode"):
        warehouse.load(open_source(bad, IngestOptions(format="gacc", flow="export")), strict=True)
    assert snapshot(warehouse) == before
    assert set(_parts(warehouse)) == {"records_wide"}


def test_a_warehouse_with_one_records_table_is_read_and_extended(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Warehouse(path) as wh:
        _load(wh, EXPORTS, "export")
        before = wh.con.execute("SELECT * FROM records_current ORDER BY ALL").fetchall()
        # Rewrite it as warehouses were before parts: one physical records table.
        wh.con.execute("CREATE TABLE records_old AS SELECT * FROM records")
        wh.con.execute("DROP VIEW records_current")
        wh.con.execute("DROP VIEW records")
        for table in _parts(wh):
            wh.con.execute(f"DROP TABLE {table}")
        wh.con.execute("DROP TABLE record_parts")
        wh.con.execute("ALTER TABLE records_old RENAME TO records")
        wh.con.execute(
            "CREATE VIEW records_current AS SELECT * FROM records_as_of(DATE '9999-12-31')"
        )
    with Warehouse(path, read_only=True) as wh:
        assert wh.con.execute("SELECT * FROM records_current ORDER BY ALL").fetchall() == before
    with Warehouse(path) as wh:
        assert set(_parts(wh)) == {"records_wide"}
        assert wh.con.execute("SELECT count(*) FROM records_wide").fetchall() == [(6,)]
        assert wh.con.execute("SELECT * FROM records_current ORDER BY ALL").fetchall() == before
        _load(wh, NATIONAL, "import")
        assert wh.con.execute("SELECT count(*) FROM records").fetchall() == [(9,)]


class _SyntheticDirectStream:
    """A LoadSource whose fast pass is plain SQL: three export rows for 202501, two of which
    share the key (month, region, flow, partner, hs_code), hs_code being a column the source
    cannot fill (NULL on every row, so not stored)."""

    format = "test"
    dataset = "synthetic"
    grain = "aggregate"
    key_columns = ("month", "region_code", "flow", "partner_code", "hs_code")
    sample = False

    def __init__(self) -> None:
        import datetime as dt
        from types import SimpleNamespace

        self.options: dict = {}
        self.notes: list[str] = []
        self.rows_read = 0
        self.source = SimpleNamespace(
            path=Path("synthetic.csv"), sha256="synthetic", size=1, modified=dt.datetime(2026, 1, 1)
        )

    def sql_for(self, con):
        from tradestat.ingest.stream import DirectLoad

        rows = (
            "(202501, '65', 'export', '145', 10.00), (202501, '65', 'export', '146', 20.00), "
            "(202501, '65', 'export', '145', 30.00)"
        )
        names = [f.name for f in CANONICAL_FIELDS]
        given = {"month", "region_code", "flow", "partner_code", "value_cny"}
        select = ", ".join(
            f"v.{n}"
            if n in given
            else ("'registered'" if n == "region_basis" else "NULL") + f" AS {n}"
            for n in names
        )
        sql = (
            f"SELECT {select} FROM (VALUES {rows}) "
            "v(month, region_code, flow, partner_code, value_cny)"
        )
        nulls = frozenset(n for n in names if n not in given and n != "region_basis")
        return DirectLoad(insert_sql=sql, bad_rows_sql="SELECT 0", settings={}, null_columns=nulls)

    def translate_error(self, exc: Exception) -> Exception:
        return exc

    def locate(self, dup_keys):
        import pyarrow as pa

        assert dup_keys is not None and dup_keys.num_rows == 1
        yield pa.RecordBatch.from_pylist(
            [
                {
                    "_row": row,
                    "_raw": "x",
                    "_problem_column": None,
                    "_problem_value": None,
                    "_problem_reason": None,
                    "_dup": True,
                    "_dup_group": 1,
                }
                for row in (2, 4)
            ]
        )

    def batches(self):
        raise AssertionError("the direct path is used")

    def close(self) -> None:
        pass


def test_duplicates_on_a_key_column_the_part_does_not_store(warehouse: Warehouse) -> None:
    report = warehouse.load(_SyntheticDirectStream())
    # Partner 145 appears twice under the same key: both copies go, partner 146 stays.
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (3, 1, 2)
    rows = warehouse.con.execute("SELECT partner_code, hs_code, value_cny FROM records").fetchall()
    assert rows == [("146", None, Decimal("20.00"))]
