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
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _try_load(wh: Warehouse, path: Path, fmt: str) -> None:
    with contextlib.suppress(TradestatError):
        wh.load(open_source(path, IngestOptions(format=fmt, flow="export", region="65")))


@SETTINGS
@given(
    data=st.binary(max_size=2000),
    fmt=st.sampled_from(["gacc", "declarations", "comtrade", "mapped"]),
    suffix=st.sampled_from([".csv", ".parquet"]),
)
def test_arbitrary_bytes_in_every_reader(
    tmp_path: Path, data: bytes, fmt: str, suffix: str
) -> None:
    path = tmp_path / f"random-{next(_counter)}{suffix}"
    path.write_bytes(data)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        if fmt == "mapped":
            mapping = tmp_path / "mapping.yaml"
            mapping.write_text(
                "columns: {month: a, partner_code: b, value_cny: c}\n"
                "constants: {region_code: '65', flow: export}\n"
                "region_basis: registered\n",
                encoding="utf-8",
            )
            with contextlib.suppress(TradestatError):
                wh.load(open_source(path, IngestOptions(format="mapped", mapping=mapping)))
        elif fmt == "gacc":
            _try_load(wh, path, fmt)
        else:
            with contextlib.suppress(TradestatError):
                wh.load(open_source(path, IngestOptions(format=fmt)))


@SETTINGS
@given(
    header=st.lists(
        st.sampled_from(
            [
                "declaration_id",
                "declaration_line",
                "month",
                "flow",
                "registration_code",
                "partner",
                "hs_code",
                "supervision_mode",
                "customs_district",
                "transport_mode",
                "value_cny",
                "x",
            ]
        ),
        min_size=1,
        max_size=12,
        unique=True,
    ),
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from(list('0123456789,.-"EIKAZ ')), max_size=12),
            max_size=12,
        ),
        max_size=6,
    ),
)
def test_declaration_shaped_text_never_crashes(
    tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    n = next(_counter)
    path = tmp_path / f"decl-{n}.csv"
    path.write_text("\n".join([",".join(header)] + [",".join(r) for r in rows]), encoding="utf-8")
    with Warehouse(tmp_path / f"w-{n}.duckdb") as wh, contextlib.suppress(TradestatError):
        report = wh.load(open_source(path, IngestOptions(format="declarations")))
        assert report.rows_loaded + report.rows_quarantined == report.rows_read


_cell = st.text(alphabet=st.sampled_from(list('0123456789,.-"?哈 abc\r')), max_size=14)


@SETTINGS
@given(
    rows=st.lists(st.lists(_cell, min_size=0, max_size=6), max_size=8),
    header=st.sampled_from(
        [
            ["数据年月", "贸易伙伴编码", "人民币"],
            ["数据年月", "商品编码", "贸易伙伴编码", "第一数量", "第一计量单位", "美元"],
            ["Date of data", "Trading partner code", "US dollar"],
        ]
    ),
)
def test_gacc_shaped_text_never_crashes(
    tmp_path: Path, rows: list[list[str]], header: list[str]
) -> None:
    lines = [",".join(f'"{h}"' for h in header) + ","]
    lines += [",".join(f'"{c}"' for c in row) + "," for row in rows]
    n = next(_counter)
    path = tmp_path / f"shaped-{n}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with Warehouse(tmp_path / f"w-{n}.duckdb") as wh:
        try:
            report = wh.load(
                open_source(path, IngestOptions(format="gacc", flow="export", region=None))
            )
        except TradestatError:
            return
        # Every data line is accounted for: loaded or quarantined, never dropped or invented.
        # A lone CR ends a line (as LF and CRLF do), so a cell holding one splits its record
        # into two lines; lines of nothing but spaces are skipped.
        physical = [piece for line in lines[1:] for piece in line.split("\r")]
        expected = sum(1 for piece in physical if piece.strip(" "))
        assert report.rows_read == expected
        assert report.rows_loaded + report.rows_quarantined == expected
