"""The declaration-level reader (CSV in UTF-8 / GBK, Parquet) on hand-written fixtures.

Every expected number below is worked out by hand from the fixture lines; comments show the sums.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import FIXTURES

from tradestat.errors import FileFormatError
from tradestat.ingest import IngestOptions, open_source
from tradestat.ingest.declarations import looks_like, open_declarations
from tradestat.warehouse import Warehouse

DECL = FIXTURES / "declarations"
EN = DECL / "xj_2024_en.csv"
ZH_GBK = DECL / "xj_2024_zh_gbk.csv"
HS_EDITIONS = DECL / "hs_editions.csv"


def _load(wh: Warehouse, path: Path, **options):
    return wh.load(open_declarations(path, IngestOptions(**options)))


def _sums(wh: Warehouse, column: str, value: str = "value_cny") -> dict:
    rows = wh.con.execute(
        f"SELECT {column}, sum({value}) FROM records_current GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return dict(rows)


def _record(wh: Warehouse, declaration_id: str, line: int, columns: str) -> tuple:
    rows = wh.con.execute(
        f"SELECT {columns} FROM records_current WHERE declaration_id = ? AND declaration_line = ?",
        [declaration_id, line],
    ).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def _quarantine(wh: Warehouse, load_id: int) -> dict[int, tuple]:
    table = wh.quarantine(load_id).to_pylist()
    return {r["source_row"]: (r["column_name"], r["value"], r["reason"]) for r in table}


# -- UTF-8 CSV, English names, registered basis -----------------------------------------------


def test_utf8_csv_totals_by_region_and_flow(warehouse: Warehouse) -> None:
    report = _load(warehouse, EN)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (14, 5, 9)
    assert report.dataset == "declarations"
    # good lines 2-6: 125,000.50 + 80,000.00 + 2,000,000.00 + 45,000.25 + 300,000.00
    total = warehouse.con.execute("SELECT sum(value_cny), sum(value_usd) FROM records_current")
    # USD: 17,600 + 11,250 + 281,000 + 6,300 + 42,000
    assert total.fetchall() == [(Decimal("2550000.75"), Decimal("358150.00"))]
    # region 31 is line 5 only (Shanghai registration code 3101...)
    assert _sums(warehouse, "region_code") == {
        "31": Decimal("45000.25"),
        "65": Decimal("2505000.50"),
    }
    # exports: lines 2, 3, 6; imports: lines 4, 5 ("I" and "import")
    assert _sums(warehouse, "flow") == {
        "export": Decimal("505000.50"),
        "import": Decimal("2045000.25"),
    }
    assert _sums(warehouse, "month") == {
        202403: Decimal("2205000.50"),
        202404: Decimal("345000.25"),
    }
    # quoted thousands: "1,200" on line 2 and "2,000,000.00" on line 4
    assert _record(warehouse, "D0101", 1, "quantity1, unit1") == (Decimal("1200.000"), "双")
    assert _record(warehouse, "D0102", 1, "value_cny") == (Decimal("2000000.00"),)
    assert set(
        warehouse.con.execute(
            "SELECT DISTINCT region_basis, partner_basis FROM records_current"
        ).fetchall()
    ) == {("registered", "origin_destination")}


def test_enterprise_type_and_region_come_from_the_registration_code(warehouse: Warehouse) -> None:
    _load(warehouse, EN)
    cols = "region_code, enterprise_type, enterprise_id"
    assert _record(warehouse, "D0101", 1, cols) == ("65", "6", "6501960001")
    assert _record(warehouse, "D0102", 1, cols) == ("65", "1", "6501910002")
    assert _record(warehouse, "D0103", 1, cols) == ("31", "4", "3101940003")
    # private (type 6): lines 2, 3, 6 = 125,000.50 + 80,000 + 300,000
    assert _sums(warehouse, "enterprise_type") == {
        "1": Decimal("2000000.00"),
        "4": Decimal("45000.25"),
        "6": Decimal("505000.50"),
    }


def test_iso3_and_customs_partner_codes_are_both_accepted(warehouse: Warehouse) -> None:
    _load(warehouse, EN)
    cols = "partner_code, partner_iso3"
    assert _record(warehouse, "D0101", 1, cols) == ("145", "KAZ")  # written KAZ
    assert _record(warehouse, "D0101", 2, cols) == ("145", "KAZ")  # written 145
    assert _record(warehouse, "D0102", 1, cols) == ("344", "RUS")  # written RUS
    assert _record(warehouse, "D0103", 1, cols) == ("344", "RUS")  # written 344
    assert _record(warehouse, "D0104", 1, cols) == ("146", "KGZ")
    # Kazakhstan: 125,000.50 + 80,000; Russia: 2,000,000 + 45,000.25
    assert _sums(warehouse, "partner_code") == {
        "145": Decimal("205000.50"),
        "146": Decimal("300000.00"),
        "344": Decimal("2045000.25"),
    }


def test_supervision_mode_4019_is_border_small_amount_trade(warehouse: Warehouse) -> None:
    _load(warehouse, EN)
    assert _record(warehouse, "D0101", 1, "supervision_mode, trade_mode") == ("4019", "19")
    assert _record(warehouse, "D0101", 2, "supervision_mode, trade_mode") == ("0110", "10")
    # 19: lines 2 and 6 = 125,000.50 + 300,000; 10: 80,000 + 2,000,000 + 45,000.25
    assert _sums(warehouse, "trade_mode") == {
        "10": Decimal("2125000.25"),
        "19": Decimal("425000.50"),
    }


def test_destination_source_basis_uses_the_domestic_district(warehouse: Warehouse) -> None:
    report = _load(warehouse, EN, region_basis="destination_source")
    assert report.rows_loaded == 5
    # 65019: lines 2, 3; 65029: line 4; 65079: lines 5, 6 = 45,000.25 + 300,000
    assert _sums(warehouse, "region_code") == {
        "65019": Decimal("205000.50"),
        "65029": Decimal("2000000.00"),
        "65079": Decimal("345000.25"),
    }
    assert warehouse.con.execute(
        "SELECT DISTINCT region_basis FROM records_current"
    ).fetchall() == [("destination_source",)]


def test_customs_district_basis_uses_the_customs_district(warehouse: Warehouse) -> None:
    _load(warehouse, EN, region_basis="customs_district")
    assert _sums(warehouse, "region_code") == {
        "9402": Decimal("205000.50"),
        "9403": Decimal("300000.00"),
        "9404": Decimal("2000000.00"),
        "9408": Decimal("45000.25"),
    }


def test_shipment_arrival_basis_uses_the_shipment_partner(warehouse: Warehouse) -> None:
    _load(warehouse, EN, partner_basis="shipment_arrival")
    # shipment KAZ/145 on lines 2-5: 125,000.50 + 80,000 + 2,000,000 + 45,000.25, plus line 14
    # (900.00), whose empty origin/destination partner is not needed on this basis; KGZ line 6
    assert _sums(warehouse, "partner_code") == {
        "145": Decimal("2250900.75"),
        "146": Decimal("300000.00"),
    }
    assert _record(warehouse, "D0102", 1, "partner_iso3, partner_basis") == (
        "KAZ",
        "shipment_arrival",
    )


def test_repeated_declaration_line_quarantines_both_copies(warehouse: Warehouse) -> None:
    report = _load(warehouse, EN)
    problems = _quarantine(warehouse, report.load_id)
    for row in (12, 13):
        _, _, reason = problems[row]
        assert reason.startswith("duplicate key within the load")
        assert "rows 12, 13" in reason
    assert warehouse.con.execute(
        "SELECT count(*) FROM records WHERE declaration_id = 'D0110'"
    ).fetchall() == [(0,)]
    assert ("duplicate key within the load", 2) in report.reasons


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        (7, "hs_code", "85414020", "commodity code is not valid in HS2022"),
        (8, "registration_code", "650196001", "invalid customs registration code"),
        (9, "customs_district", "9499", "unknown customs district code"),
        (10, "value_cny", "-5000.00", "negative value"),
        (11, "registration_code", "6501980009", "customs broker) is not a statistical category"),
        (14, None, None, "missing value in the required column 'partner'"),
        (15, None, None, "has 6 digits; a declaration line carries 8 or 10"),
    ],
)
def test_bad_rows_are_quarantined_with_column_and_reason(
    warehouse: Warehouse, row: int, column: str | None, value: str | None, reason: str
) -> None:
    report = _load(warehouse, EN)
    problems = _quarantine(warehouse, report.load_id)
    assert sorted(problems) == [7, 8, 9, 10, 11, 12, 13, 14, 15]
    got_column, got_value, got_reason = problems[row]
    assert (got_column, got_value) == (column, value)
    assert reason in got_reason


def test_hs_edition_follows_the_year(warehouse: Warehouse) -> None:
    report = _load(warehouse, HS_EDITIONS)
    assert (report.rows_loaded, report.rows_quarantined) == (2, 1)
    # 8541.40 exists in HS2017 (2021 row) but was split in HS2022 (2023 row)
    assert _record(warehouse, "H0401", 1, "hs_code, hs_edition") == ("85414020", "HS2017")
    assert _record(warehouse, "H0403", 1, "hs_code, hs_edition") == ("85414300", "HS2022")
    assert _quarantine(warehouse, report.load_id) == {
        3: ("hs_code", "85414020", "commodity code is not valid in HS2022")
    }


# -- GBK CSV, Chinese names, date column ------------------------------------------------------


def test_gbk_csv_with_chinese_names_and_dates(warehouse: Warehouse) -> None:
    report = _load(warehouse, ZH_GBK)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 4, 0)
    # January: 56,000 + 34,000 + 150,000; February (2024-02-01): 22,500.50
    assert _sums(warehouse, "month") == {202401: Decimal("240000.00"), 202402: Decimal("22500.50")}
    assert _sums(warehouse, "flow") == {
        "export": Decimal("90000.00"),
        "import": Decimal("172500.50"),
    }
    assert _record(warehouse, "G0201", 1, "unit1, quantity1, value_usd") == (
        "台",
        Decimal("10.000"),
        None,
    )
    assert _record(warehouse, "G0201", 2, "partner_code, partner_iso3") == ("149", "UZB")
    assert _record(warehouse, "G0202", 1, "enterprise_type, trade_mode, region_code") == (
        "3",
        "19",
        "65",
    )
    assert warehouse.quarantine(report.load_id).num_rows == 0


# -- Parquet ----------------------------------------------------------------------------------


def _parquet_table(value_cny: pa.Array | None = None) -> pa.Table:
    money = pa.decimal128(18, 2)
    cny = (
        value_cny
        if value_cny is not None
        else pa.array(
            [Decimal("0.10"), Decimal("0.20"), Decimal("1234567890123.45"), Decimal("99.99")], money
        )
    )
    return pa.table(
        {
            "declaration_id": ["P0301", "P0301", "P0302", "P0303"],
            "declaration_line": pa.array([1, 2, 1, 1], pa.int32()),
            "date": pa.array(
                [
                    dt.date(2024, 5, 6),
                    dt.date(2024, 5, 6),
                    dt.date(2024, 6, 30),
                    dt.date(2024, 6, 1),
                ],
                pa.date32(),
            ),
            "flow": ["E", "E", "I", "I"],
            "registration_code": ["6501960021", "6501960021", "6501910022", "6501910022"],
            "partner": ["KAZ", "KGZ", "344", "RUS"],
            "hs_code": ["64029900", "64029900", "2709000000", "2709000000"],
            "supervision_mode": ["4019", "4019", "0110", "0110"],
            "customs_district": ["9402", "9402", "9404", "9404"],
            "transport_mode": pa.array([4, 4, 3, 3], pa.int8()),
            "value_cny": cny,
            # DECIMAL(18,3): 17600.000 and 0.030 are exact cents; 1.235 is not
            "value_usd": pa.array(
                [Decimal("17600.000"), Decimal("0.030"), Decimal("1.235"), Decimal("14.000")],
                pa.decimal128(18, 3),
            ),
        }
    )


def test_parquet_decimals_stay_exact(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "decl.parquet"
    pq.write_table(_parquet_table(), path)
    report = _load(warehouse, path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    # May: 0.10 + 0.20 (exactly 0.30, not 0.30000000000000004); June: 99.99 (row 3 quarantined)
    assert _sums(warehouse, "month") == {202405: Decimal("0.30"), 202406: Decimal("99.99")}
    # 17,600.00 + 0.03 + 14.00
    assert warehouse.con.execute("SELECT sum(value_usd) FROM records_current").fetchall() == [
        (Decimal("17614.03"),)
    ]
    assert _record(warehouse, "P0303", 1, "partner_code, transport_mode, enterprise_type") == (
        "344",
        "3",
        "1",
    )
    column, value, reason = _quarantine(warehouse, report.load_id)[3]
    assert (column, value) == ("value_usd", "1.235")
    assert "more than 2 decimal places" in reason
    raw = warehouse.quarantine(report.load_id).to_pylist()[0]["raw"]
    assert '"declaration_id":"P0302"' in raw


def test_parquet_double_money_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "double.parquet"
    pq.write_table(_parquet_table(pa.array([0.1, 0.2, 3.0, 99.99], pa.float64())), path)
    with pytest.raises(FileFormatError) as err:
        open_declarations(path, IngestOptions())
    assert err.value.location.column == "value_cny"
    assert "floating-point" in err.value.reason


def test_corrupt_parquet_is_a_file_format_error(tmp_path: Path) -> None:
    not_parquet = tmp_path / "junk.parquet"
    not_parquet.write_bytes(b"declaration_id,declaration_line\nX,1\n")
    with pytest.raises(FileFormatError) as err:
        open_declarations(not_parquet, IngestOptions())
    assert err.value.location.file == str(not_parquet)

    good = tmp_path / "good.parquet"
    pq.write_table(_parquet_table(), good)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(FileFormatError) as err:
        open_declarations(truncated, IngestOptions())
    assert err.value.location.file == str(truncated)
    assert "Parquet" in err.value.reason


# -- header errors ----------------------------------------------------------------------------


def _csv(tmp_path: Path, header: str, row: str) -> Path:
    path = tmp_path / "decl.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def test_unknown_column_is_a_file_format_error(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        EN.read_text(encoding="utf-8").splitlines()[0] + ",value_eur",
        EN.read_text(encoding="utf-8").splitlines()[1] + ",17000.00",
    )
    with pytest.raises(FileFormatError) as err:
        open_declarations(path, IngestOptions())
    assert err.value.location.column == "value_eur"
    assert err.value.hint is not None and "报关单号" in err.value.hint


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "declaration_id,declaration_line,month,flow,registration_code,partner,"
        "customs_district,transport_mode,value_cny",
        "D1,1,202401,E,6501960001,KAZ,9402,4,100.00",
    )
    with pytest.raises(FileFormatError) as err:
        open_declarations(path, IngestOptions())
    assert "hs_code" in err.value.reason
    assert "supervision_mode" in err.value.reason
    assert "partner" not in err.value.reason


@pytest.mark.parametrize(
    "options", [{"partner_basis": "shipment_arrival"}, {"region_basis": "destination_source"}]
)
def test_basis_without_its_column_is_a_file_format_error(options: dict) -> None:
    with pytest.raises(FileFormatError) as err:
        open_declarations(ZH_GBK, IngestOptions(**options))
    assert "basis needs the column" in err.value.reason


# -- format detection -------------------------------------------------------------------------


def test_looks_like() -> None:
    assert looks_like(["报关单号", "项号", "申报年月"])
    assert looks_like(["Declaration_ID", "declaration_line"])
    assert not looks_like(["数据年月", "商品编码", "人民币"])


@pytest.mark.parametrize("name", ["en.csv", "zh_gbk.csv", "decl.parquet"])
def test_open_source_detects_declarations(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name == "decl.parquet":
        pq.write_table(_parquet_table(), path)
    else:
        path.write_bytes((EN if name == "en.csv" else ZH_GBK).read_bytes())
    stream = open_source(path)
    try:
        assert (stream.format, stream.grain, stream.key_columns) == (
            "declarations",
            "declaration",
            ("declaration_id", "declaration_line"),
        )
    finally:
        stream.close()
