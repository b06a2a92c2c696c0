"""Deliberately broken GACC inputs: each gives its named error or quarantine reason, and a failed
load leaves the warehouse exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import snapshot

from tradestat.errors import (
    EncodingError,
    FileFormatError,
    LoadRejected,
    OptionError,
    TradestatError,
)
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

HEADER = '"数据年月","商品编码","贸易伙伴编码","贸易方式编码","注册地编码","第一数量","人民币",'
GOOD = '"202301","85414300","145","10","65","10","1,000",'


def _file(tmp_path: Path, *lines: str, name: str = "broken.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _load(wh: Warehouse, path: Path, **options):
    options.setdefault("flow", "export")
    return wh.load(open_source(path, IngestOptions(format="gacc", **options)))


# (case id, bad line, expected column label, expected reason fragment)
QUARANTINE_CASES = [
    (
        "unknown-partner",
        '"202301","85414300","888","10","65","10","1,000",',
        "贸易伙伴编码",
        "unknown partner code",
    ),
    (
        "impossible-month",
        '"202313","85414300","145","10","65","10","1,000",',
        "数据年月",
        "impossible month",
    ),
    (
        "non-numeric-month",
        '"2023-1","85414300","145","10","65","10","1,000",',
        "数据年月",
        "impossible month",
    ),
    ("missing-month", '"","85414300","145","10","65","10","1,000",', "数据年月", "missing month"),
    (
        "negative-value",
        '"202301","85414300","145","10","65","10","-1,000",',
        "人民币",
        "negative value",
    ),
    (
        "non-numeric-value",
        '"202301","85414300","145","10","65","10","12a",',
        "人民币",
        "not a number",
    ),
    (
        "misplaced-separators",
        '"202301","85414300","145","10","65","10","1,23,456",',
        "人民币",
        "misplaced thousands separators",
    ),
    (
        "too-many-decimals",
        '"202301","85414300","145","10","65","10","100.123",',
        "人民币",
        "more than 2 decimal places",
    ),
    (
        "value-out-of-range",
        '"202301","85414300","145","10","65","10","12345678901234567890",',
        "人民币",
        "out of range",
    ),
    ("missing-value", '"202301","85414300","145","10","65","10","",', "人民币", "missing value"),
    (
        "hs-not-in-edition",
        '"202301","85414000","145","10","65","10","1,000",',
        "商品编码",
        "not valid in HS2022",
    ),
    (
        "hs-wrong-length",
        '"202301","8541430","145","10","65","10","1,000",',
        "商品编码",
        "2, 4, 6, 8 or 10 digits",
    ),
    (
        "unknown-trade-mode",
        '"202301","85414300","145","98","65","10","1,000",',
        "贸易方式编码",
        "unknown statistical trade mode",
    ),
    (
        "unknown-region",
        '"202301","85414300","145","10","66","10","1,000",',
        "注册地编码",
        "unknown region code",
    ),
    (
        "negative-quantity",
        '"202301","85414300","145","10","65","-10","1,000",',
        "第一数量",
        "negative quantity",
    ),
    ("too-few-fields", '"202301","85414300","145","10",', None, "fields; the header has 7"),
    ("not-a-quoted-record", "this line is not a record", None, "not a quoted record"),
]


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [c[1:] for c in QUARANTINE_CASES],
    ids=[c[0] for c in QUARANTINE_CASES],
)
def test_bad_row_is_quarantined_with_reason(
    tmp_path: Path, warehouse: Warehouse, bad: str, column: str | None, reason: str
) -> None:
    path = _file(tmp_path, HEADER, GOOD, bad)
    report = _load(warehouse, path)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    rows = warehouse.quarantine(report.load_id).to_pylist()
    assert len(rows) == 1
    assert rows[0]["source_row"] == 3  # header = line 1, good row = line 2
    assert rows[0]["column_name"] == column
    assert reason in rows[0]["reason"]
    assert rows[0]["raw"] == bad


def test_hs2017_code_is_valid_for_2021_but_not_2023(tmp_path: Path, warehouse: Warehouse) -> None:
    path = _file(
        tmp_path,
        HEADER,
        '"202112","85414000","145","10","65","10","1,000",',
        '"202301","85414000","145","10","65","10","1,000",',
    )
    report = _load(warehouse, path)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    assert warehouse.quarantine(report.load_id).to_pylist()[0]["source_row"] == 3


def test_duplicate_keys_quarantine_every_copy(tmp_path: Path, warehouse: Warehouse) -> None:
    path = _file(
        tmp_path,
        HEADER,
        GOOD,
        '"202301","85414300","146","10","65","10","5",',
        GOOD.replace("1,000", "2,000"),
    )
    report = _load(warehouse, path)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 2)
    rows = warehouse.quarantine(report.load_id).to_pylist()
    assert [r["source_row"] for r in rows] == [2, 4]
    assert all("duplicate key" in r["reason"] and "2, 4" in r["reason"] for r in rows)


def test_rows_with_unknown_codes_go_however_their_codes_combine(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    """The direct load looks codes up after storing the rows (validate.CodeListCheck): a row
    with two unknown codes goes once, a duplicate of a row with an unknown code is no longer a
    duplicate, and the figures are those of the good rows alone."""
    lines = [
        HEADER,
        GOOD,  # 2: good, 1,000
        '"202301","85414300","888","10","66","10","5",',  # 3: partner and region unknown
        '"202301","85414300","145","77","65","10","7",',  # 4: trade mode unknown ...
        '"202301","85414300","145","77","65","10","9",',  # 5: ... and a copy of row 4
        '"202301","85414000","146","10","65","10","11",',  # 6: commodity gone in HS2022
        '"202302","85414300","146","10","65","10","20",',  # 7: good
        '"202302","85414300","146","10","65","10","30",',  # 8: copy of row 7
        '"202312","85414300","146","10","65","10","300",',  # 9: good
    ]
    report = _load(warehouse, _file(tmp_path, *lines))
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (8, 2, 6)
    rows = {r["source_row"]: r for r in warehouse.quarantine(report.load_id).to_pylist()}
    assert sorted(rows) == [3, 4, 5, 6, 7, 8]
    assert "unknown region code" in rows[3]["reason"]  # the first problem of the row
    assert all("unknown statistical trade mode" in rows[n]["reason"] for n in (4, 5))
    assert "not valid in HS2022" in rows[6]["reason"]
    assert all("duplicate key" in rows[n]["reason"] for n in (7, 8))
    total = warehouse.con.execute(
        "SELECT sum(value_cny) FROM records WHERE load_id = ?", [report.load_id]
    ).fetchall()[0][0]
    assert total == 1_300  # rows 2 and 9, by hand


# (case id, file lines or bytes, options, error type, message fragment)
FILE_CASES = [
    ("empty-file", b"", {}, FileFormatError, "empty"),
    ("header-only", (HEADER + "\n").encode(), {}, FileFormatError, "no data rows"),
    (
        "unknown-column",
        ('"数据年月","神秘列","人民币",\n"202301","x","1",\n').encode(),
        {},
        FileFormatError,
        "神秘列",
    ),
    (
        "no-value-column",
        ('"数据年月","贸易伙伴编码",\n"202301","145",\n').encode(),
        {},
        FileFormatError,
        "no value column",
    ),
    ("not-text", bytes(range(256)) * 4, {}, EncodingError, "binary"),
    ("neither-utf8-nor-gbk", b"\xff\xfe\xfd\xfc" * 40, {}, EncodingError, "neither UTF-8 nor GBK"),
    (
        "mixed-encodings",
        (HEADER + "\n" + GOOD + "\n").encode()
        + ("x" * 70000).encode()
        + '\n"202301","85414300","145","10","65","10","哈",\n'.encode("gbk"),
        {},
        EncodingError,
        "row 4",
    ),
    (
        "region-given-twice",
        (HEADER + "\n" + GOOD + "\n").encode(),
        {"region": "65"},
        OptionError,
        "registered-location column",
    ),
    (
        "unknown-encoding-option",
        (HEADER + "\n" + GOOD + "\n").encode(),
        {"encoding": "latin-1"},
        EncodingError,
        "unsupported encoding",
    ),
]


@pytest.mark.parametrize(
    ("content", "options", "error", "fragment"),
    [c[1:] for c in FILE_CASES],
    ids=[c[0] for c in FILE_CASES],
)
def test_bad_file_raises_typed_error_and_changes_nothing(
    tmp_path: Path,
    warehouse: Warehouse,
    content: bytes,
    options: dict,
    error: type[TradestatError],
    fragment: str,
) -> None:
    _load(warehouse, _file(tmp_path, HEADER, GOOD, name="earlier.csv"))
    before = snapshot(warehouse)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        _load(warehouse, path, **options)
    assert fragment in str(caught.value)
    assert str(path) in str(caught.value)
    assert snapshot(warehouse) == before


def test_strict_mode_rejects_and_leaves_warehouse_unchanged(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    _load(warehouse, _file(tmp_path, HEADER, GOOD, name="earlier.csv"))
    before = snapshot(warehouse)
    path = _file(tmp_path, HEADER, GOOD.replace("202301", "202302"), GOOD.replace("145", "888"))
    with pytest.raises(LoadRejected) as caught:
        warehouse.load(open_source(path, IngestOptions(format="gacc", flow="export")), strict=True)
    assert "row 3" in str(caught.value) and "unknown partner code" in str(caught.value)
    assert snapshot(warehouse) == before


def test_all_rows_bad_is_rejected(tmp_path: Path, warehouse: Warehouse) -> None:
    before = snapshot(warehouse)
    path = _file(tmp_path, HEADER, GOOD.replace("145", "888"), GOOD.replace("202301", "202399"))
    with pytest.raises(LoadRejected, match="no valid rows"):
        _load(warehouse, path)
    assert snapshot(warehouse) == before


def test_interrupt_during_load_rolls_back(tmp_path: Path, warehouse: Warehouse) -> None:
    _load(warehouse, _file(tmp_path, HEADER, GOOD, name="earlier.csv"))
    before = snapshot(warehouse)
    lines = [HEADER] + [
        f'"2023{m:02d}","85414300","{p}","10","65","1","{m * 100 + p}",'
        for m in range(1, 13)
        for p in (145, 146, 147, 148, 149)
    ]
    path = _file(tmp_path, *lines)
    stream = open_source(path, IngestOptions(format="gacc", flow="import"))

    def interrupt(rows: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        warehouse.load(stream, on_batch=interrupt)
    assert snapshot(warehouse) == before


def test_a_lone_carriage_return_splits_its_record_and_nothing_is_lost(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # Line 3 holds a lone CR inside its value field: it ends a line there, like LF and CRLF,
    # so the record becomes two lines (3 and 4), both quarantined with their text; the good
    # lines around it load, and the numbering of the lines after it counts the extra line.
    broken = '"202301","85414300","146","10","65","10","1,\r000",'
    path = tmp_path / "broken.csv"
    path.write_bytes("\n".join([HEADER, GOOD, broken, GOOD.replace("145", "344")]).encode())
    report = _load(warehouse, path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 2, 2)
    rows = warehouse.con.execute(
        "SELECT source_row, raw FROM quarantine ORDER BY source_row"
    ).fetchall()
    assert rows == [
        (3, '"202301","85414300","146","10","65","10","1,'),
        (4, '000",'),
    ]
