"""The UN Comtrade reader (China as reporter), on hand-written fixtures with hand-summed totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from tradestat.errors import FileFormatError, OptionError
from tradestat.ingest import IngestOptions
from tradestat.ingest.comtrade import looks_like, open_comtrade
from tradestat.warehouse import Warehouse

COMTRADE = FIXTURES / "comtrade"
API = COMTRADE / "china_api_2024.csv"
LEGACY = COMTRADE / "china_legacy_2019.csv"

API_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,flowCode,"
    "partnerCode,partner2Code,classificationCode,cmdCode,aggrLevel,customsCode,mosCode,"
    "motCode,qtyUnitCode,qty,altQtyUnitCode,altQty,netWgt,cifvalue,fobvalue,"
    "primaryValue,isAggregate"
)


def _load(wh: Warehouse, path: Path, **options):
    return wh.load(open_comtrade(path, IngestOptions(**options)))


def _totals(wh: Warehouse) -> dict[tuple[int, str], Decimal]:
    rows = wh.con.execute(
        "SELECT month, flow, sum(value_usd) FROM records_current GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    return {(m, f): v for m, f, v in rows}


def _quarantine(wh: Warehouse, load_id: int) -> dict[int, str]:
    table = wh.quarantine(load_id).to_pylist()
    return {r["source_row"]: r["reason"] for r in table}


def test_api_layout_loads_with_hand_summed_totals(warehouse: Warehouse) -> None:
    report = _load(warehouse, API)
    assert report.status == "loaded"
    assert report.dataset == "comtrade:usd:total+partner"
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (12, 6, 6)
    # exports 202401: 5,000,000.50 (World, TOTAL) + 1,200,000 (KAZ) + 800,000.25 (USA)
    # imports 202401: 2,500,000 (KAZ); imports 202402: 3,000,000 (World) + 4,321 (KGZ)
    assert _totals(warehouse) == {
        (202401, "export"): Decimal("7000000.75"),
        (202401, "import"): Decimal("2500000.00"),
        (202402, "import"): Decimal("3004321.00"),
    }
    rows = warehouse.con.execute(
        "SELECT month, flow, region_code, region_basis, partner_code, partner_iso3, hs_code, "
        "hs_edition, quantity1, unit1, quantity2, unit2 FROM records ORDER BY ALL NULLS FIRST"
    ).fetchall()
    assert rows == [
        # line 2: World, TOTAL; quantity N/A
        (202401, "export", "CN", "national", None, None, None, None, None, None, None, None),
        # line 3 (KAZ) and line 4 (842 = USA)
        (
            202401,
            "export",
            "CN",
            "national",
            "145",
            "KAZ",
            "8541",
            "HS2022",
            Decimal("3000.000"),
            "kg",
            None,
            None,
        ),
        (
            202401,
            "export",
            "CN",
            "national",
            "502",
            "USA",
            "854142",
            "HS2022",
            Decimal("1250.000"),
            "u",
            Decimal("40.500"),
            "kg",
        ),
        (
            202401,
            "import",
            "CN",
            "national",
            "145",
            "KAZ",
            "2709",
            "HS2022",
            Decimal("4500000.000"),
            "kg",
            None,
            None,
        ),
        (202402, "import", "CN", "national", None, None, None, None, None, None, None, None),
        # cmdCode 10121 lost its leading zero; aggrLevel 6 says it is 010121
        (
            202402,
            "import",
            "CN",
            "national",
            "146",
            "KGZ",
            "010121",
            "HS2022",
            Decimal("2.000"),
            "u",
            None,
            None,
        ),
    ]


def test_api_layout_quarantines_with_reasons(warehouse: Warehouse) -> None:
    report = _load(warehouse, API)
    reasons = _quarantine(warehouse, report.load_id)
    assert sorted(reasons) == [6, 7, 8, 9, 10, 11]
    assert "RX (re-export) is not supported" in reasons[6]
    assert "'Other Asia, nes'" in reasons[7] and "490" in reasons[7]
    assert "is not a country" in reasons[7]
    assert "motCode 2100" in reasons[8] and "double count" in reasons[8]
    assert "customsCode C01" in reasons[9] and "double count" in reasons[9]
    assert "partner2Code 643" in reasons[10] and "double count" in reasons[10]
    assert "reporterCode 842 is not China" in reasons[11]


def test_legacy_layout_loads_with_hand_summed_totals(warehouse: Warehouse) -> None:
    report = _load(warehouse, LEGACY)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (5, 3, 2)
    # exports: 210,000,000 (World, TOTAL) + 3,600,000.5 (KGZ 6204); imports: 45,000,000 (KAZ 27)
    assert _totals(warehouse) == {
        (201903, "export"): Decimal("213600000.50"),
        (201903, "import"): Decimal("45000000.00"),
    }
    rows = warehouse.con.execute(
        "SELECT flow, partner_iso3, hs_code, hs_edition, quantity1, unit1 "
        "FROM records ORDER BY ALL NULLS FIRST"
    ).fetchall()
    assert rows == [
        ("export", None, None, None, None, None),
        ("export", "KGZ", "6204", "HS2017", Decimal("1500.000"), "Weight in kilograms"),
        ("import", "KAZ", "27", "HS2017", None, None),
    ]
    reasons = _quarantine(warehouse, report.load_id)
    assert "Trade Flow Code 3 (re-export) is not supported" in reasons[5]
    assert "Reporter Code 344 is not China" in reasons[6]


def test_total_commodity_gives_null_hs_code(warehouse: Warehouse) -> None:
    _load(warehouse, API)
    totals = warehouse.con.execute(
        "SELECT month, flow, hs_edition, partner_code, value_usd FROM records "
        "WHERE hs_code IS NULL ORDER BY ALL"
    ).fetchall()
    # lines 2 and 12 are cmdCode TOTAL
    assert totals == [
        (202401, "export", None, None, Decimal("5000000.50")),
        (202402, "import", None, None, Decimal("3000000.00")),
    ]


def test_annual_api_file_is_refused() -> None:
    with pytest.raises(FileFormatError) as info:
        open_comtrade(COMTRADE / "china_api_annual_2023.csv", IngestOptions())
    message = str(info.value)
    assert "annual" in message and "monthly" in message
    assert "china_api_annual_2023.csv" in message


def test_annual_legacy_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy_annual.csv"
    lines = LEGACY.read_text(encoding="utf-8").splitlines()
    path.write_text(
        lines[0] + "\n" + lines[1].replace("201903,March 2019", "2019,2019") + "\n",
        encoding="utf-8",
    )
    with pytest.raises(FileFormatError, match="annual"):
        open_comtrade(path, IngestOptions())


def test_bulk_file_without_iso_columns_uses_m49_partner_codes(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    # Tab-delimited, codes only (as in Comtrade+ bulk files): 842 is Comtrade's code for the USA.
    rows = [
        "C,M,20220301,2022,3,202203,156,X,842,0,H6,850760,6,C00,0,0,5,12,-1,0,9,,900000,900000,0",
        "C,M,20220301,2022,3,202203,156,X,398,0,H6,850760,6,C00,0,0,5,3,-1,0,2,,100000.5,100000.5,0",
        "C,M,20220301,2022,3,202203,156,M,899,0,H6,850760,6,C00,0,0,5,1,-1,0,1,7,,7,0",
    ]
    path = tmp_path / "bulk.txt"
    path.write_text(
        "\n".join(line.replace(",", "\t") for line in [API_HEADER, *rows]) + "\n", encoding="utf-8"
    )
    report = _load(warehouse, path)
    assert report.dataset == "comtrade:usd:hs6+partner"
    assert (report.rows_loaded, report.rows_quarantined) == (2, 1)
    got = warehouse.con.execute(
        "SELECT partner_code, partner_iso3, value_usd FROM records ORDER BY ALL"
    ).fetchall()
    assert got == [("145", "KAZ", Decimal("100000.50")), ("502", "USA", Decimal("900000.00"))]
    reason = _quarantine(warehouse, report.load_id)[4]
    assert "partnerCode 899" in reason and "is not a country" in reason


def test_iso_only_file_reads_world_and_partners(tmp_path: Path, warehouse: Warehouse) -> None:
    path = tmp_path / "iso_only.csv"
    path.write_text(
        "freqCode,period,reporterISO,flowCode,partnerISO,classificationCode,cmdCode,"
        "primaryValue\n"
        "M,202301,CHN,X,W00,H6,TOTAL,1000\n"
        "M,202301,CHN,X,KAZ,H6,TOTAL,300\n"
        "M,202301,USA,X,KAZ,H6,TOTAL,5\n",
        encoding="utf-8",
    )
    report = _load(warehouse, path)
    assert (report.rows_loaded, report.rows_quarantined) == (2, 1)
    assert warehouse.con.execute(
        "SELECT partner_iso3, value_usd FROM records ORDER BY ALL NULLS FIRST"
    ).fetchall() == [(None, Decimal("1000.00")), ("KAZ", Decimal("300.00"))]
    assert "reporterISO USA is not China" in _quarantine(warehouse, report.load_id)[4]


def test_mixed_classification_rows_are_quarantined(tmp_path: Path, warehouse: Warehouse) -> None:
    rows = [
        "C,M,20220301,2022,3,202203,156,X,398,0,H6,8541,4,C00,0,0,-1,0,-1,0,0,,500,500,0",
        "C,M,20220301,2022,3,202203,156,X,417,0,H5,8541,4,C00,0,0,-1,0,-1,0,0,,600,600,0",
        "C,M,20220301,2022,3,202203,156,X,417,0,H3,8541,4,C00,0,0,-1,0,-1,0,0,,700,700,0",
    ]
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join([API_HEADER, *rows]) + "\n", encoding="utf-8")
    report = _load(warehouse, path)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 2)
    reasons = _quarantine(warehouse, report.load_id)
    assert "H5 differs from the first row (H6)" in reasons[3]
    assert "H3 (HS2007) is not supported" in reasons[4]


def test_flow_option_is_refused() -> None:
    with pytest.raises(OptionError, match="flow"):
        open_comtrade(API, IngestOptions(flow="export"))


def test_hs_edition_option_must_agree_with_classification() -> None:
    with pytest.raises(OptionError, match="H6"):
        open_comtrade(API, IngestOptions(hs_edition="HS2017"))


def test_looks_like_recognises_both_layouts_only() -> None:
    api = API.read_text(encoding="utf-8").splitlines()[0].split(",")
    legacy = [
        "Classification",
        "Year",
        "Period",
        "Trade Flow Code",
        "Reporter Code",
        "Partner Code",
        "Commodity Code",
        "Trade Value (US$)",
    ]
    gacc = ["数据年月", "商品编码", "贸易伙伴编码", "人民币"]
    assert looks_like(api)
    assert looks_like(legacy)
    assert not looks_like(gacc)
    assert not looks_like(["period", "flowCode", "cmdCode"])


def test_not_a_comtrade_file_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="not a UN Comtrade file"):
        open_comtrade(path, IngestOptions())
