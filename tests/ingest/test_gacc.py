"""The GACC platform export reader, on hand-written fixtures with hand-computed totals."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from tradestat.errors import OptionError
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

GACC = FIXTURES / "gacc"


def _load(wh: Warehouse, path: Path, **options):
    options.setdefault("format", "gacc")
    return wh.load(open_source(path, IngestOptions(**options)))


def _totals(wh: Warehouse, column: str = "value_cny") -> dict[int, Decimal]:
    rows = wh.con.execute(
        f"SELECT month, sum({column}) FROM records_current GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("name", ["exports_65_partner_utf8.csv", "exports_65_partner_gbk.csv"])
def test_utf8_and_gbk_exports_load_with_hand_totals(warehouse: Warehouse, name: str) -> None:
    report = _load(warehouse, GACC / name, flow="export")
    assert report.status == "loaded"
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (6, 6, 0)
    # 1,250,000,000 + 2,000,000,000 + 1,800,500,000 and 900,000,000 + 430,250,000 + 75,000
    assert _totals(warehouse) == {
        202501: Decimal("5050500000.00"),
        202502: Decimal("1330325000.00"),
    }
    row = warehouse.con.execute(
        "SELECT region_code, region_basis, flow, partner_code, partner_iso3, partner_basis, "
        "trade_mode, value_usd FROM records WHERE partner_code = '146'"
    ).fetchall()[0]
    assert row == ("65", "registered", "export", "146", "KGZ", "origin_destination", "19", None)


def test_gbk_and_utf8_give_identical_records(tmp_path: Path) -> None:
    values = []
    for name in ("exports_65_partner_utf8.csv", "exports_65_partner_gbk.csv"):
        with Warehouse(tmp_path / f"{name}.duckdb") as wh:
            _load(wh, GACC / name, flow="export")
            values.append(
                wh.con.execute("SELECT * EXCLUDE (load_id) FROM records ORDER BY ALL").fetchall()
            )
    assert values[0] == values[1]


def test_usd_commodity_file_without_region_is_national(warehouse: Warehouse) -> None:
    report = _load(warehouse, GACC / "imports_hs_usd_national.csv", flow="import")
    assert report.rows_loaded == 3
    assert any("national" in note for note in report.notes)
    assert _totals(warehouse, "value_usd") == {
        202401: Decimal("1880000000.00"),
        202402: Decimal("40000500.00"),
    }
    rows = warehouse.con.execute(
        "SELECT DISTINCT region_code, region_basis, hs_edition, unit2 FROM records"
    ).fetchall()
    assert rows == [("CN", "national", "HS2022", None)]
    qty = warehouse.con.execute("SELECT sum(quantity1) FROM records").fetchall()[0][0]
    assert qty == Decimal("4205000000.000")
    assert report.dataset == "gacc:usd:hs8+partner"


def test_english_headers(warehouse: Warehouse) -> None:
    report = _load(warehouse, GACC / "english_header_exports.csv", flow="export", region="65")
    assert report.rows_loaded == 2
    assert _totals(warehouse) == {202312: Decimal("12500.00")}


def test_flow_inferred_from_file_name_with_a_note(tmp_path: Path, warehouse: Warehouse) -> None:
    target = tmp_path / "新疆_出口_2025.csv"
    shutil.copy(GACC / "exports_65_partner_utf8.csv", target)
    report = _load(warehouse, target, format=None)
    assert report.rows_loaded == 6
    assert warehouse.con.execute("SELECT DISTINCT flow FROM records").fetchall() == [("export",)]
    assert any("inferred from the file name" in n for n in report.notes)


def test_flow_required_when_not_inferable(tmp_path: Path) -> None:
    target = tmp_path / "xinjiang_2025.csv"
    shutil.copy(GACC / "exports_65_partner_utf8.csv", target)
    with pytest.raises(OptionError, match="flow"):
        open_source(target, IngestOptions(format="gacc"))


def test_format_is_detected_from_the_header(warehouse: Warehouse) -> None:
    stream = open_source(GACC / "exports_65_partner_gbk.csv", IngestOptions(flow="export"))
    assert stream.format == "gacc"
    stream.close()


def test_single_month_download_takes_month_from_file_name(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    target = tmp_path / "exports_202503.csv"
    target.write_text(
        '"贸易伙伴编码","人民币",\n"145","1,000",\n"146","2,000",\n', encoding="utf-8"
    )
    report = _load(warehouse, target, region="65")
    assert report.rows_loaded == 2
    assert _totals(warehouse) == {202503: Decimal("3000.00")}


def test_loading_the_same_content_twice_is_a_no_op(warehouse: Warehouse) -> None:
    first = _load(warehouse, GACC / "exports_65_partner_utf8.csv", flow="export")
    second = _load(warehouse, GACC / "exports_65_partner_utf8.csv", flow="export")
    assert second.status == "duplicate" and second.load_id == first.load_id
    assert warehouse.con.execute("SELECT count(*) FROM loads").fetchall()[0][0] == 1
    assert warehouse.con.execute("SELECT count(*) FROM records").fetchall()[0][0] == 6


def test_plain_csv_saved_by_a_spreadsheet_still_reads(tmp_path: Path, warehouse: Warehouse) -> None:
    target = tmp_path / "resaved.csv"
    target.write_text(
        '数据年月,贸易伙伴编码,人民币\n202501,145,"1,000"\n202501,146,500\n', encoding="utf-8"
    )
    report = _load(warehouse, target, flow="import", region="65")
    assert report.rows_loaded == 2
    assert _totals(warehouse) == {202501: Decimal("1500.00")}
