"""Months between a period and its base belong to neither: the month scope cuts them out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.query.conftest import WarehouseBuilder

from tradestat.engines.duckdb import DuckDBEngine
from tradestat.session import Session


@pytest.mark.parametrize("aggregates", [True, False])
def test_year_to_date_ignores_the_months_in_between(builder: WarehouseBuilder,
                                                     aggregates: bool) -> None:
    # Month m of 2024 is worth m yuan, of 2025 100 + m yuan (two lines each, both flows).
    rows = [{"month": year * 100 + m, "flow": flow, "value_cny": f"{base + m}.00"}
            for year, base in ((2024, 0), (2025, 100)) for m in range(1, 13)
            for flow in ("import", "export") for _ in range(2)]
    builder.load(rows)
    with Session(DuckDBEngine(builder.path, aggregates=aggregates)) as session:
        total = session.query(period="2025-YTD05", region="65").rows()[0]
        months = session.query(period="2025-YTD05", region="65", by="month").rows()
    # Jan-May: 2025 is 4 x (101 + ... + 105) = 2060, 2024 is 4 x (1 + ... + 5) = 60.
    assert (total["value_cny"], total["value_cny_base"]) == (Decimal("2060.00"),
                                                             Decimal("60.00"))
    assert [(r["month"], r["value_cny"], r["value_cny_base"]) for r in months] == [
        (202500 + m, Decimal(4 * (100 + m)), Decimal(4 * m)) for m in range(1, 6)]
