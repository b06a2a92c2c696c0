"""A batch of queries answered from one shared aggregate gives exactly the single answers."""

from __future__ import annotations

import itertools

import pytest
from tests.query.conftest import WarehouseBuilder

from tradestat.engines.duckdb import DuckDBEngine
from tradestat.session import Session
from tradestat.warehouse import aggregates as load_aggregates

BULLETIN = [
    dict(period="2025", region="65", indicators="yoy"),
    dict(period="2025", region="65", by="flow", indicators="yoy,share"),
    dict(period="2025", region="65", by="partner", top=3, indicators="yoy,share"),
    dict(period="2025", region="65", by="partner_group", indicators="share"),
    dict(period="2025", region="65", where={"partner_group": "CA5"}, indicators="yoy,share"),
    dict(period="2025", region="65", by="enterprise_group", indicators="share,contribution"),
    dict(period="2025", region="65", by="trade_mode_group", flow="export"),
    dict(period="2025", region="65", by="chapter", top=2, measures="value_cny,value_usd"),
    dict(period="2025-YTD05", region="65", by="month"),
    dict(period="2025", region="65", measures="enterprises,partners", indicators="yoy"),
    dict(period="2025", region="65", where={"product_group": "mechanical_electrical"},
         flow="export", indicators="yoy,share"),
]


def test_batch_equals_single_queries(
        builder: WarehouseBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    # The products aggregate below halves the lines; a load keeps an aggregate only from a
    # ten-fold reduction (aggregates.MAX_ROW_SHARE): raised so that it is written here.
    monkeypatch.setattr(load_aggregates, "MAX_ROW_SHARE", 0.5)
    rows = []
    combos = itertools.product((2024, 2025), range(1, 13), ("import", "export"),
                               ("145", "146", "141", "502"), ("6", "1"))
    for i, (year, month, flow, partner, etype) in enumerate(combos):
        rows.append({"month": year * 100 + month, "flow": flow, "partner": partner,
                     "enterprise_type": etype, "enterprise_id": f"E{partner}{etype}{i % 3}",
                     "hs_code": ("85044014", "08061000", "62034200")[i % 3],
                     "trade_mode": ("10", "19")[i % 2],
                     "supervision_mode": ("0110", "4019")[i % 2],
                     "value_cny": f"{1000 + (i * 7919) % 5000}.00"})
    builder.load(rows)
    # Without load-time aggregates the sum-only queries share one temporary cube. With them,
    # queries an aggregate serves read it: here only the products aggregate halves the lines
    # (every line has its own partner and enterprise), serving the total, flows, chapters,
    # months and the product group.
    for aggregates, source, at_least in ((False, "shared aggregate", 8),
                                         (True, "load-time aggregate", 5)):
        with Session(DuckDBEngine(builder.path, aggregates=aggregates)) as session:
            singles = [session.query(**q) for q in BULLETIN]
            batch = session.query_many(BULLETIN)
        shared = 0
        for single, batched in zip(singles, batch, strict=True):
            assert batched.table.equals(single.table), single.provenance.query
            assert batched.parent == single.parent and batched.total == single.total
            shared += any(source in n for n in batched.provenance.notes)
        assert shared >= at_least
