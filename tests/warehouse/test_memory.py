"""The memory cap a load runs under: applied, restored, and never raising a user's lower limit."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse
from tradestat.warehouse.memory import LOAD_MEMORY_LIMIT, memory_capped, parse_size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18.8 GiB", int(18.8 * 1024**3)),
        ("512.0 MiB", 512 * 1024**2),
        ("1GB", 1000**3),
        ("100 KiB", 102400),
        ("7", 7),
        ("lots", None),
        ("", None),
        ("1 parsec", None),
    ],
)
def test_parse_size(text: str, expected: int | None) -> None:
    assert parse_size(text) == expected


def _limit(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]


def test_cap_applies_inside_and_default_comes_back() -> None:
    con = duckdb.connect()
    before = _limit(con)
    with memory_capped(con):
        assert parse_size(_limit(con)) == LOAD_MEMORY_LIMIT
    assert _limit(con) == before


def test_a_lower_user_limit_is_kept() -> None:
    con = duckdb.connect()
    con.execute("SET memory_limit = '256MiB'")
    with memory_capped(con):
        assert _limit(con) == "256.0 MiB"
    assert _limit(con) == "256.0 MiB"


def test_a_higher_user_limit_is_restored_after_a_failed_block() -> None:
    con = duckdb.connect()
    con.execute("SET memory_limit = '3GiB'")
    with pytest.raises(RuntimeError), memory_capped(con):
        raise RuntimeError("load failed")
    assert _limit(con) == "3.0 GiB"


def test_a_load_leaves_the_limit_as_it_found_it(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        '"数据年月","商品编码","贸易伙伴编码","人民币",\n"202301","85414300","145","1,000",\n',
        encoding="utf-8",
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        before = _limit(wh.con)
        report = wh.load(open_source(path, IngestOptions(format="gacc", flow="export")))
        assert report.rows_loaded == 1
        assert _limit(wh.con) == before
