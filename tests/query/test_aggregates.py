"""Figures read from the load-time aggregates equal the same figures read from the records:
for every kind of bulletin figure, after a revision load, and as of an earlier vintage."""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb
import pytest
from tests.query.conftest import WarehouseBuilder

from tradestat.engines.duckdb import DuckDBEngine
from tradestat.errors import QueryError
from tradestat.session import Session
from tradestat.warehouse import aggregates


@pytest.fixture(autouse=True)
def _keep_aggregates_up_to_half(monkeypatch: pytest.MonkeyPatch) -> None:
    """These lines aggregate only 2-4 fold, below what a load keeps by default (a tenth, see
    ``aggregates.MAX_ROW_SHARE``, tested in tests/warehouse/test_load_profile.py); raised here so
    that every aggregate is written and the figures read from it can be compared."""
    monkeypatch.setattr(aggregates, "MAX_ROW_SHARE", 0.5)

FIGURES = [
    dict(period="2025", region="65", indicators="yoy"),
    dict(period="2025", region="65", by="flow", measures="value_cny,value_usd"),
    dict(period="2025", region="65", by="month"),
    dict(period="2025", region="65", by="partner", top=2, indicators="yoy,share"),
    dict(period="2025", region="65", by="partner_group"),
    dict(period="2025", region="65", where={"partner_group": "CA5"}, indicators="share"),
    dict(period="2025", region="65", by="chapter", flow="export"),
    dict(period="2025", region="65", by="product_group"),
    dict(period="2025", region="65", by="enterprise_group", indicators="contribution"),
    dict(period="2025", region="65", by="trade_mode_group"),
    dict(period="2025", region="65", by="customs_district"),
    dict(period="2025-YTD05", region="65", by="transport_mode"),
    dict(period="2025", region="65", measures="partners"),
    dict(period="2025", region="65", measures="products", by="flow"),
    dict(period="2025", region="65", by="flow", measures="enterprises"),
    # No aggregate answers these: a plain count; columns of two different aggregates.
    dict(period="2025", region="65", measures="lines"),
    dict(period="2025", region="65", measures="partners,enterprises"),
    dict(period="2025", region="65", by="chapter", where={"partner_group": "CA5"}),
]


def _lines(year: int, scale: int) -> list[dict]:
    """Four lines per combination, so that grouping them halves the rows or better."""
    combos = itertools.product(range(1, 13), ("import", "export"), ("145", "146", "502"),
                               ("85044014", "08061000"), ("6", "1"))
    rows = []
    for i, (month, flow, partner, hs, etype) in enumerate(combos):
        for copy in range(4):
            rows.append({"month": year * 100 + month, "flow": flow, "partner": partner,
                         "hs_code": hs, "enterprise_type": etype,
                         "enterprise_id": f"E{etype}{(i + copy) % 3}",
                         "trade_mode": ("10", "19")[i % 2],
                         "supervision_mode": ("0110", "4019")[i % 2],
                         "transport_mode": ("4", "3")[copy % 2],
                         "value_cny": f"{scale * (1 + (i * 31 + copy * 7) % 97)}.00"})
    return rows


def _both_ways(builder: WarehouseBuilder, figures: list[dict], **common: object) -> None:
    with Session(DuckDBEngine(builder.path)) as fast, \
            Session(DuckDBEngine(builder.path, aggregates=False)) as plain:
        for figure in figures:
            ask = {**figure, **common}
            got, want = fast.query(**ask), plain.query(**ask)
            assert got.table.equals(want.table), ask
            assert (got.parent, got.total) == (want.parent, want.total), ask
            assert not any("aggregate" in n for n in want.provenance.notes)
        batch = fast.query_many([{**f, **common} for f in figures])
        for figure, result in zip(figures, batch, strict=True):
            assert result.table.equals(plain.query(**figure, **common).table), figure


def test_loads_write_aggregates_only_when_they_are_much_smaller(
        builder: WarehouseBuilder) -> None:
    builder.load(_lines(2024, 10))
    builder.load([{"month": 202501, "value_cny": "5.00"}])  # one line: nothing to gain
    con = duckdb.connect(str(builder.path), read_only=True)
    kept = con.execute("SELECT load_id, aggregate, row_count FROM aggregate_loads "
                       "ORDER BY 1, 2").fetchall()
    sums = con.execute("SELECT (SELECT sum(value_cny) FROM agg_partners), "
                       "(SELECT sum(value_cny) FROM agg_products)").fetchall()
    con.close()
    # Per month and flow the 48 lines (3 partners x 2 HS codes x 2 enterprise types x 4 copies)
    # are 12 groups without the product (the trade mode follows the enterprise type, 2 transport
    # modes), 2 HS codes, and 6 enterprises.
    assert kept == [(1, "agg_enterprises", 12 * 2 * 6), (1, "agg_partners", 12 * 2 * 12),
                    (1, "agg_products", 12 * 2 * 2)]
    total = sum(int(r["value_cny"][:-3]) for r in _lines(2024, 10))
    assert sums == [(total, total)]


def test_every_figure_is_the_same_from_aggregates(builder: WarehouseBuilder) -> None:
    builder.load(_lines(2024, 10) + _lines(2025, 11))
    with Session(DuckDBEngine(builder.path)) as fast:
        notes = [fast.query(**f).provenance.notes for f in FIGURES]
    used = [any("load-time aggregate" in n for n in ns) for ns in notes]
    assert used == [True] * (len(FIGURES) - 3) + [False, False, False]
    _both_ways(builder, FIGURES)


def test_revisions_and_as_of_read_the_aggregates_of_the_loads_in_force(
        builder: WarehouseBuilder) -> None:
    builder.load(_lines(2024, 10) + _lines(2025, 11), vintage=dt.date(2026, 1, 20))
    # 2025 revised: the new load replaces every 2025 cell of the first one.
    builder.load(_lines(2025, 13), vintage=dt.date(2026, 3, 1))
    with Session(DuckDBEngine(builder.path)) as fast:
        latest = fast.query(period="2025", region="65")
        before = fast.query(period="2025", region="65", as_of=dt.date(2026, 2, 1))
    assert latest.rows()[0]["value_cny"] == 13 * sum(
        int(r["value_cny"][:-3]) for r in _lines(2025, 1))
    assert before.rows()[0]["value_cny"] == 11 * sum(
        int(r["value_cny"][:-3]) for r in _lines(2025, 1))
    _both_ways(builder, FIGURES[:6])
    _both_ways(builder, FIGURES[:6], as_of=dt.date(2026, 2, 1))


def test_missing_values_are_still_refused_from_an_aggregate(builder: WarehouseBuilder) -> None:
    rows = _lines(2024, 10) + _lines(2025, 10)
    for row in rows[:3]:  # three lines of one group without USD
        row["value_usd"] = ""
    builder.load(rows)
    with Session(DuckDBEngine(builder.path)) as fast:
        assert any("aggregate" in n
                   for n in fast.query(period="2025", region="65").provenance.notes)
        with pytest.raises(QueryError, match=r"at least 1 record.*value_usd is empty"):
            fast.query(period="2024", region="65", measures="value_usd", compare="none")
        with pytest.raises(QueryError, match=r"at least 1 record.*value_usd is empty"):
            fast.query(period="2024", region="65", by="partner", measures="value_usd",
                       compare="none")
        assert fast.query(period="2025", region="65", measures="value_usd", compare="none").rows()
