"""The mapped reader (CSV / Parquet / XLSX + a YAML column mapping), with hand-computed totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import FIXTURES

from tradestat.errors import FileFormatError, MappingError, OptionError
from tradestat.ingest import IngestOptions
from tradestat.ingest.mapped import load_mapping, open_mapped
from tradestat.ingest.spreadsheet import cell_text
from tradestat.warehouse import Warehouse

MAPPED = FIXTURES / "mapped"

BASIC_MAPPING = """\
columns:
  month: Month
  flow: Flow
  partner_iso3: Partner
  value_usd: Value
constants:
  region_code: "65"
region_basis: registered
"""


def _load(wh: Warehouse, path: Path, mapping: Path, **options):
    return wh.load(open_mapped(path, IngestOptions(mapping=mapping, **options)))


def _totals(wh: Warehouse, column: str = "value_usd") -> dict[tuple[int, str], Decimal]:
    rows = wh.con.execute(
        f"SELECT month, flow, sum({column}) FROM records_current GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    return {(m, f): v for m, f, v in rows}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _reasons(wh: Warehouse, load_id: int) -> dict[int, str]:
    return {r["source_row"]: r["reason"] for r in wh.quarantine(load_id).to_pylist()}


# -- CSV ----------------------------------------------------------------------------------------
def test_csv_utf8_loads_in_thousands_with_recoded_flow(warehouse: Warehouse) -> None:
    report = _load(warehouse, MAPPED / "partner_trade_utf8.csv", MAPPED / "partner_trade.yaml")
    assert report.dataset == "xj-partner-hs-usd"
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (5, 5, 0)
    # US$ thousand: 1,234.5 + 250 = 1,484.5 → 1,484,500; 10,000.25 → 10,000,250;
    # 2,000 → 2,000,000; 0.75 → 750
    assert _totals(warehouse) == {
        (202401, "export"): Decimal("1484500.00"),
        (202401, "import"): Decimal("10000250.00"),
        (202402, "export"): Decimal("2000000.00"),
        (202402, "import"): Decimal("750.00"),
    }
    row = warehouse.con.execute(
        "SELECT month, region_code, region_basis, flow, partner_code, partner_iso3, hs_code, "
        "hs_edition, value_usd FROM records WHERE partner_iso3 = 'KAZ' AND hs_code = '8541' "
        "AND month = 202401"
    ).fetchall()
    assert row == [
        (
            202401,
            "65",
            "registered",
            "export",
            "145",
            "KAZ",
            "8541",
            "HS2022",
            Decimal("1234500.00"),
        )
    ]


@pytest.mark.parametrize("name", ["monthly_wan_gbk.csv", "monthly_wan_utf8.csv"])
def test_csv_gbk_and_utf8_with_chinese_headers_in_wan(warehouse: Warehouse, name: str) -> None:
    report = _load(warehouse, MAPPED / name, MAPPED / "monthly_wan.yaml")
    assert (report.rows_loaded, report.rows_quarantined) == (4, 0)
    # 万元: 12,345.6789 + 800 = 13,145.6789 万 → 131,456,789; 99.5 万 → 995,000; 0.01 万 → 100
    assert _totals(warehouse, "value_cny") == {
        (202501, "export"): Decimal("131456789.00"),
        (202501, "import"): Decimal("995000.00"),
        (202502, "export"): Decimal("100.00"),
    }
    assert warehouse.con.execute(
        "SELECT partner_code, partner_iso3, value_cny FROM records WHERE partner_code = '146'"
    ).fetchall() == [("146", "KGZ", Decimal("8000000.00"))]


def test_a_corrected_mapping_is_a_new_load_not_a_duplicate(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    data = MAPPED / "partner_trade_utf8.csv"
    mapping = _write(tmp_path / "m.yaml", (MAPPED / "partner_trade.yaml").read_text("utf-8"))
    first = _load(warehouse, data, mapping)
    assert first.notes == ["values multiplied by 1,000 (value_unit of the mapping m.yaml)"]
    assert _load(warehouse, data, mapping).status == "duplicate"
    _write(mapping, mapping.read_text("utf-8").replace("value_unit: 1000", "value_unit: 1"))
    second = _load(warehouse, data, mapping)
    assert second.status == "loaded" and second.load_id != first.load_id


def test_declared_gbk_encoding_is_used(tmp_path: Path, warehouse: Warehouse) -> None:
    mapping = _write(
        tmp_path / "m.yaml",
        "source:\n  encoding: gbk\n" + (MAPPED / "monthly_wan.yaml").read_text(encoding="utf-8"),
    )
    report = _load(warehouse, MAPPED / "monthly_wan_gbk.csv", mapping)
    assert report.rows_loaded == 4


def test_csv_header_on_a_later_line_keeps_physical_line_numbers(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    data = _write(
        tmp_path / "d.csv",
        "Xinjiang trade, US$\nsource: invented\nMonth;Flow;Partner;Value\n"
        "202403;export;KAZ;10,5\n202403;export;KGZ;7\n",
    )
    mapping = _write(
        tmp_path / "m.yaml", BASIC_MAPPING + "source:\n  header_row: 3\n  delimiter: ';'\n"
    )
    report = _load(warehouse, data, mapping)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    assert warehouse.con.execute("SELECT partner_iso3, value_usd FROM records").fetchall() == [
        ("KGZ", Decimal("7.00"))
    ]
    quarantined = warehouse.quarantine(report.load_id).to_pylist()
    assert [(q["source_row"], q["column_name"], q["value"]) for q in quarantined] == [
        (4, "Value", "10,5")
    ]


# -- value units and month formats --------------------------------------------------------------
@pytest.mark.parametrize(
    ("unit", "values", "expected", "bad_rows"),
    [
        (
            1000,
            ["1,234.5", "0.001", "12.345678", "2"],
            [Decimal("1234500.00"), Decimal("1.00"), None, Decimal("2000.00")],
            [4],
        ),
        (
            100000000,
            ["1.23456789", "0.00012345", "1.2345678912", "1.23456789123"],
            [Decimal("123456789.00"), Decimal("12345.00"), Decimal("123456789.12"), None],
            [5],
        ),
        (
            1,
            ["100.5", "1.005", "7", "-3"],
            [Decimal("100.50"), None, Decimal("7.00"), None],
            [3, 5],
        ),
    ],
)
def test_value_unit_scales_exactly(
    tmp_path: Path,
    warehouse: Warehouse,
    unit: int,
    values: list[str],
    expected: list,
    bad_rows: list[int],
) -> None:
    lines = ["Month,Flow,Partner,Value"]
    lines += [
        f'202401,export,{iso},"{v}"'
        for iso, v in zip(["KAZ", "KGZ", "TJK", "UZB"], values, strict=True)
    ]
    data = _write(tmp_path / "d.csv", "\n".join(lines) + "\n")
    mapping = _write(tmp_path / "m.yaml", BASIC_MAPPING + f"value_unit: {unit}\n")
    report = _load(warehouse, data, mapping)
    got = dict(warehouse.con.execute("SELECT partner_iso3, value_usd FROM records").fetchall())
    assert [got.get(iso) for iso in ("KAZ", "KGZ", "TJK", "UZB")] == expected  # lines 2-5
    reasons = _reasons(warehouse, report.load_id)
    assert sorted(reasons) == bad_rows
    for row in bad_rows:
        assert "more than 2 decimal places" in reasons[row] or "negative" in reasons[row]


@pytest.mark.parametrize(
    ("fmt", "months"),
    [
        ("YYYYMM", ["202401", "202412", "2024-01"]),
        ("YYYY-MM", ["2024-01", "2024-12", "2024/01"]),
        ("YYYY/MM", ["2024/1", "2024/12", "2024-01"]),
        ("YYYY-MM-DD", ["2024-01-31", "2024/12/01 00:00:00", "2024-02-30"]),
        ("Excel date", ["45322", "2024-12-01", "45322x"]),
    ],
)
def test_month_formats(tmp_path: Path, warehouse: Warehouse, fmt: str, months: list[str]) -> None:
    lines = ["Month,Flow,Partner,Value"] + [
        f"{m},export,{iso},1" for m, iso in zip(months, ["KAZ", "KGZ", "TJK"], strict=True)
    ]
    data = _write(tmp_path / "d.csv", "\n".join(lines) + "\n")
    mapping = _write(tmp_path / "m.yaml", BASIC_MAPPING + f"month_format: {fmt}\n")
    report = _load(warehouse, data, mapping)
    got = warehouse.con.execute("SELECT partner_iso3, month FROM records ORDER BY 1").fetchall()
    # Excel serial 45322 is 2024-01-31.
    assert got == [("KAZ", 202401), ("KGZ", 202412)]
    reasons = _reasons(warehouse, report.load_id)
    assert list(reasons) == [4]
    if fmt != "YYYYMM":
        assert f"does not match month_format {fmt}" in reasons[4]


def test_value_maps_recode_and_unmapped_values_are_quarantined(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    data = _write(
        tmp_path / "d.csv",
        "Month,Flow,Country,Value\n"
        "202405,Out,Kazakhstan,100\n202405,In,Kyrgyzstan,20\n202405,Both,Kazakhstan,3\n"
        "202405,Out,Mars,4\n",
    )
    mapping = _write(
        tmp_path / "m.yaml",
        """\
columns: {month: Month, flow: Flow, partner_code: Country, value_cny: Value}
constants: {region_code: 65}
region_basis: registered
value_maps:
  flow: {Out: export, In: import}
  partner_code: {Kazakhstan: 145, Kyrgyzstan: "146"}
""",
    )
    report = _load(warehouse, data, mapping)
    assert _totals(warehouse, "value_cny") == {
        (202405, "export"): Decimal("100.00"),
        (202405, "import"): Decimal("20.00"),
    }
    reasons = _reasons(warehouse, report.load_id)
    assert reasons[4].startswith("unknown flow")
    assert reasons[5].startswith("unknown partner code")


def test_flow_and_region_options_fill_constants(tmp_path: Path, warehouse: Warehouse) -> None:
    data = _write(tmp_path / "d.csv", "Month,Partner,Value\n202406,KAZ,5\n")
    mapping = _write(
        tmp_path / "m.yaml",
        "columns: {month: Month, partner_iso3: Partner, "
        "value_usd: Value}\nregion_basis: registered\n",
    )
    _load(warehouse, data, mapping, flow="import", region="65")
    assert warehouse.con.execute("SELECT region_code, flow FROM records").fetchall() == [
        ("65", "import")
    ]


# -- Parquet ------------------------------------------------------------------------------------
def test_parquet_loads_decimal_and_double_exactly(tmp_path: Path, warehouse: Warehouse) -> None:
    table = pa.table(
        {
            "ym": pa.array([202401, 202401, 202402, 202402], pa.int32()),
            "dir": ["E", "I", "E", "E"],
            "iso": ["KAZ", "KAZ", "KGZ", "UZB"],
            "usd": pa.array([1234.5, 99.99, 0.1 + 0.2, 1e16], pa.float64()),
            "cny": pa.array(
                [Decimal("8765.43"), Decimal("710.00"), Decimal("2.00"), Decimal("1.00")],
                pa.decimal128(12, 2),
            ),
        }
    )
    data = tmp_path / "trade.parquet"
    pq.write_table(table, data)
    mapping = _write(
        tmp_path / "m.yaml",
        """\
columns: {month: ym, flow: dir, partner_iso3: iso, value_usd: usd, value_cny: cny}
constants: {region_code: "65"}
region_basis: registered
""",
    )
    report = _load(warehouse, data, mapping)
    assert (report.rows_loaded, report.rows_quarantined) == (2, 2)
    rows = warehouse.con.execute(
        "SELECT flow, value_usd, value_cny FROM records ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("export", Decimal("1234.50"), Decimal("8765.43")),
        ("import", Decimal("99.99"), Decimal("710.00")),
    ]
    reasons = _reasons(warehouse, report.load_id)
    # 0.1 + 0.2 is 0.30000000000000004 in binary: quarantined, not rounded to 0.30
    assert "more than 2 decimal places" in reasons[3]
    assert "no exact decimal form" in reasons[4]


def test_parquet_single_precision_money_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "f.parquet"
    pq.write_table(
        pa.table(
            {
                "Month": ["202401"],
                "Flow": ["E"],
                "Partner": ["KAZ"],
                "Value": pa.array([1.5], pa.float32()),
            }
        ),
        data,
    )
    mapping = _write(tmp_path / "m.yaml", BASIC_MAPPING)
    with pytest.raises(FileFormatError, match="single-precision") as info:
        open_mapped(data, IngestOptions(mapping=mapping))
    assert info.value.location.column == "Value"


# -- XLSX ---------------------------------------------------------------------------------------
def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Trade")
    sheet.append(["Xinjiang exports, US$ (invented figures)"])
    sheet.append([])
    sheet.append(["Month", "Flow", "Partner", "HS", "Value"])
    sheet.append([dt.date(2024, 1, 1), "export", "KAZ", "8541", 1234.5])  # row 4
    sheet.append([dt.datetime(2024, 1, 31), "export", "KGZ", "8541", 250])  # row 5
    sheet.append([None, None, None, None, None])  # row 6, empty
    sheet.append([dt.date(2024, 2, 15), "import", "KAZ", 2709, 0.125])  # row 7: 3 dp
    sheet.append([dt.date(2024, 2, 15), "import", "UZB", "5201", "1,000.75"])  # row 8
    book.save(path)
    return path


def test_xlsx_loads_with_excel_row_numbers(tmp_path: Path, warehouse: Warehouse) -> None:
    data = _workbook(tmp_path / "trade.xlsx")
    mapping = _write(
        tmp_path / "m.yaml",
        """\
source: {sheet: Trade, header_row: 3}
columns: {month: Month, flow: Flow, partner_iso3: Partner, hs_code: HS, value_usd: Value}
constants: {region_code: "65"}
region_basis: registered
month_format: YYYY-MM-DD
""",
    )
    report = _load(warehouse, data, mapping)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    # 1,234.5 + 250 = 1,484.5 (exports, Jan); 1,000.75 (imports, Feb)
    assert _totals(warehouse) == {
        (202401, "export"): Decimal("1484.50"),
        (202402, "import"): Decimal("1000.75"),
    }
    assert warehouse.con.execute(
        "SELECT partner_iso3, hs_code FROM records ORDER BY 1"
    ).fetchall() == [("KAZ", "8541"), ("KGZ", "8541"), ("UZB", "5201")]
    quarantined = warehouse.quarantine(report.load_id).to_pylist()
    assert [(q["source_row"], q["value"]) for q in quarantined] == [(7, "0.125")]
    assert '"Value": "0.125"' in quarantined[0]["raw"]


def test_xlsx_defaults_to_first_sheet_and_reads_excel_serial_months(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Month", "Flow", "Partner", "Value"])
    sheet.append([45352, "export", "KAZ", 0.5])  # serial 45352 = 2024-03-01
    sheet.append([45382.75, "export", "KGZ", 12])  # 2024-03-31, 18:00
    book.save(tmp_path / "s.xlsx")
    mapping = _write(tmp_path / "m.yaml", BASIC_MAPPING + "month_format: Excel date\n")
    report = _load(warehouse, tmp_path / "s.xlsx", mapping)
    assert report.rows_loaded == 2
    assert _totals(warehouse) == {(202403, "export"): Decimal("12.50")}


def test_xlsx_missing_sheet_is_a_format_error(tmp_path: Path) -> None:
    data = _workbook(tmp_path / "trade.xlsx")
    mapping = _write(tmp_path / "m.yaml", BASIC_MAPPING + "source: {sheet: Nope}\n")
    with pytest.raises(FileFormatError, match="Nope"):
        open_mapped(data, IngestOptions(mapping=mapping))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.5, "1234.5"),
        (0.1, "0.1"),
        (202401.0, "202401"),
        (1e16, "10000000000000000"),
        (0.00001, "0.00001"),
        (1.5e-7, "0.00000015"),
        (1358.5000000000002, "1358.5000000000002"),
        (7, "7"),
        (True, "TRUE"),
        (None, None),
        (dt.datetime(2024, 1, 31), "2024-01-31"),
        (dt.datetime(2024, 1, 31, 12, 30), "2024-01-31T12:30:00"),
        (dt.date(2024, 2, 1), "2024-02-01"),
        ("  KAZ ", "  KAZ "),
    ],
)
def test_cell_text_is_exact(value, text) -> None:
    assert cell_text(value) == text


# -- mapped columns absent from the file --------------------------------------------------------
@pytest.mark.parametrize("kind", ["csv", "parquet", "xlsx"])
def test_mapped_column_missing_from_file(tmp_path: Path, kind: str) -> None:
    if kind == "csv":
        data = _write(tmp_path / "d.csv", "Month,Flow,Partner,Amount\n202401,E,KAZ,1\n")
    elif kind == "parquet":
        data = tmp_path / "d.parquet"
        pq.write_table(
            pa.table({"Month": ["202401"], "Flow": ["E"], "Partner": ["KAZ"], "Amount": ["1"]}),
            data,
        )
    else:
        data = tmp_path / "d.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["Month", "Flow", "Partner", "Amount"])
        book.save(data)
    mapping = _write(tmp_path / "m.yaml", BASIC_MAPPING)
    with pytest.raises(FileFormatError) as info:
        open_mapped(data, IngestOptions(mapping=mapping))
    assert info.value.location.column == "Value"
    assert info.value.location.file == str(data)
    assert "Value" in str(info.value) and data.name in str(info.value)


# -- malformed mappings -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key"),
    [
        (BASIC_MAPPING + "colums: {}\n", "colums"),  # unknown key
        (BASIC_MAPPING + "source: {delimter: ';'}\n", "source.delimter"),  # unknown nested key
        (BASIC_MAPPING.replace("month: Month", "montth: Month"), "columns.montth"),  # unknown field
        (BASIC_MAPPING.replace('"65"\n', '"65"\n  valeu_cny: 1\n'), "constants.valeu_cny"),
        (BASIC_MAPPING.replace("  flow: Flow\n", ""), "columns"),  # missing flow
        (BASIC_MAPPING.replace("  value_usd: Value\n", ""), "columns"),  # no value at all
        (BASIC_MAPPING.replace("region_basis: registered\n", ""), "region_basis"),  # missing basis
        (BASIC_MAPPING.replace("registered", "province"), "region_basis"),  # bad choice
        (BASIC_MAPPING + "value_unit: 1500\n", "value_unit"),  # not a power of ten
        (BASIC_MAPPING + "value_unit: lots\n", "value_unit"),  # wrong type
        (BASIC_MAPPING + "source: {header_row: 0}\n", "source.header_row"),  # out of range
        (BASIC_MAPPING + "month_format: MM/YYYY\n", "month_format"),  # unknown format
        (BASIC_MAPPING + "value_maps: {hs_code: {a: b}}\n", "value_maps.hs_code"),  # not a column
        (BASIC_MAPPING.replace('"65"\n', '"65"\n  flow: export\n'), "constants.flow"),
        (BASIC_MAPPING.replace('"65"', "65.0"), "constants.region_code"),  # float constant
        ('columns: [a, b]\nconstants: {region_code: "65"}\n', "columns"),  # wrong shape
        (BASIC_MAPPING + "region_basis: national\n", "region_basis"),  # key given twice
        ("- just\n- a list\n", "(top level)"),  # not a mapping
        (
            'constants: {month: "202401", region_code: "65", flow: export, value_usd: "1"}\n'
            "region_basis: registered\n",
            "columns",
        ),  # no columns
    ],
)
def test_malformed_mapping_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    mapping = _write(tmp_path / "bad.yaml", text)
    data = _write(tmp_path / "d.csv", "Month,Flow,Partner,Value\n202401,export,KAZ,1\n")
    with pytest.raises(MappingError) as info:
        open_mapped(data, IngestOptions(mapping=mapping))
    assert f"key {key!r}" in str(info.value)
    assert info.value.key == key
    assert info.value.location.file == str(mapping)


def test_bad_yaml_is_a_mapping_error_with_its_line(tmp_path: Path) -> None:
    mapping = _write(tmp_path / "bad.yaml", "columns:\n  month: Month\n  flow: [unclosed\n")
    with pytest.raises(MappingError, match="not valid YAML") as info:
        load_mapping(mapping)
    assert info.value.location.file == str(mapping)
    assert info.value.location.row is not None


def test_missing_mapping_file_is_a_mapping_error(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="not found") as info:
        load_mapping(tmp_path / "absent.yaml")
    assert info.value.location.file == str(tmp_path / "absent.yaml")


def test_no_mapping_option_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="mapping"):
        open_mapped(MAPPED / "partner_trade_utf8.csv", IngestOptions())


def test_option_contradicting_the_mapping_is_refused() -> None:
    with pytest.raises(OptionError, match="region"):
        open_mapped(
            MAPPED / "partner_trade_utf8.csv",
            IngestOptions(mapping=MAPPED / "partner_trade.yaml", region="64"),
        )
