"""Regions: rankings across provinces, the national total as the sum of all 31, bases apart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.query.conftest import WarehouseBuilder

from tradestat.errors import CoverageError
from tradestat.model.semantic import default_model

PROVINCES = sorted(c for c in default_model().level("province").members() if len(c) == 2)


def _rows(provinces, years=(2024, 2025)):
    rows = []
    for i, code in enumerate(provinces):
        for year in years:
            for month in range(1, 13):
                for flow in ("export", "import"):
                    # province i grows by i percent
                    value = Decimal(1000) * (100 + i * (year - 2024)) / 100
                    rows.append({"month": year * 100 + month, "flow": flow,
                                 "region_code": code, "value_cny": f"{value:.2f}"})
    return rows


def test_rank_by_growth_and_national_total(builder: WarehouseBuilder) -> None:
    builder.load(_rows(PROVINCES))
    with builder.session() as session:
        ranked = session.query(period="2025", by="region", indicators="yoy,rank_yoy,share")
        national = session.query(period="2025", region="CN", indicators="yoy")
    rows = {r["region"]: r for r in ranked.rows()}
    assert len(rows) == 31
    fastest = PROVINCES[-1]  # grows by 30 %
    assert rows[fastest]["value_cny_rank_yoy"] == 1
    assert rows[fastest]["value_cny_yoy"] == 30
    assert rows[PROVINCES[0]]["value_cny_rank_yoy"] == 31
    total_2025 = sum(Decimal(1000) * (100 + i) / 100 * 24 for i in range(31))
    assert national.rows()[0]["value_cny"] == total_2025
    assert sum(r["value_cny_share"] for r in rows.values()) == pytest.approx(100, abs=1e-6)


def test_national_total_needs_every_province(builder: WarehouseBuilder) -> None:
    builder.load(_rows(PROVINCES[:30]))
    with builder.session() as session, pytest.raises(CoverageError, match="region"):
        session.query(period="2025", region="CN")


def test_bases_are_never_mixed(builder: WarehouseBuilder) -> None:
    builder.load(_rows(["65"]))
    with builder.session() as session, pytest.raises(CoverageError, match="customs_district"):
        session.query(period="2025", region="65", region_basis="customs_district")


def test_all_regions_prefers_the_dataset_covering_most_regions(builder: WarehouseBuilder) -> None:
    builder.load(_rows(PROVINCES), dataset="provinces")          # every province
    builder.load(_rows(["65"]), dataset="declarations")           # finer grain, one province
    with builder.session() as session:
        ranked = session.query(period="2025", by="region", indicators="rank_yoy")
        one = session.query(period="2025", region="65", compare="none")
    assert ranked.provenance.dataset == "provinces" and ranked.table.num_rows == 31
    assert one.provenance.dataset == "declarations"


def test_top_rows_keep_ranks_among_all_members(builder: WarehouseBuilder) -> None:
    builder.load(_rows(PROVINCES))
    with builder.session() as session:
        top = session.query(period="2025", by="region", top=3, indicators="rank_yoy,share")
    rows = top.rows()
    assert len(rows) == 3
    # the three largest by value are the fastest growers here: ranks 1-3 of 31, not of 3
    assert sorted(r["value_cny_rank_yoy"] for r in rows) == [1, 2, 3]
    assert sum(r["value_cny_share"] for r in rows) < 100
