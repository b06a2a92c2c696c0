"""Property tests: arbitrary input never crashes a reader; only tradestat's typed errors escape."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradestat.errors import TradestatError
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

_counter = itertools.count()
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _try_load(wh: Warehouse, path: Path, fmt: str) -> None:
    with contextlib.suppress(TradestatError):
        wh.load(open_source(path, IngestOptions(format=fmt, flow="export", region="65")))


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_as_gacc(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / f"random-{next(_counter)}.csv"
    path.write_bytes(data)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        _try_load(wh, path, "gacc")


_cell = st.text(alphabet=st.sampled_from(list('0123456789,.-"?哈 abc\r')), max_size=14)


@SETTINGS
@given(rows=st.lists(st.lists(_cell, min_size=0, max_size=6), max_size=8),
       header=st.sampled_from([
           ["数据年月", "贸易伙伴编码", "人民币"],
           ["数据年月", "商品编码", "贸易伙伴编码", "第一数量", "第一计量单位", "美元"],
           ["Date of data", "Trading partner code", "US dollar"],
       ]))
def test_gacc_shaped_text_never_crashes(tmp_path: Path, rows: list[list[str]],
                                        header: list[str]) -> None:
    lines = [",".join(f'"{h}"' for h in header) + ","]
    lines += [",".join(f'"{c}"' for c in row) + "," for row in rows]
    n = next(_counter)
    path = tmp_path / f"shaped-{n}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with Warehouse(tmp_path / f"w-{n}.duckdb") as wh:
        try:
            report = wh.load(open_source(path, IngestOptions(format="gacc", flow="export",
                                                             region=None)))
        except TradestatError:
            return
        # Every data line is accounted for: loaded or quarantined, never dropped or invented.
        assert report.rows_read == len(rows)
        assert report.rows_loaded + report.rows_quarantined == len(rows)
