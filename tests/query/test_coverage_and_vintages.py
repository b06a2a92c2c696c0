"""Coverage, dataset choice, vintages and provenance: the rules that stop silent wrong numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.query.conftest import WarehouseBuilder, full_year

from tradestat.errors import CoverageError, QueryError


def _both_flows(year: int, value: str, **row: object) -> list[dict]:
    return (full_year(year, flow="export", value_cny=value, **row)
            + full_year(year, flow="import", value_cny=value, **row))


def test_missing_month_is_refused_with_what_is_missing(builder: WarehouseBuilder) -> None:
    rows = [r for r in _both_flows(2025, "10.00") if not (r["month"] == 202507
                                                           and r["flow"] == "import")]
    builder.load(rows)
    with builder.session() as session:
        with pytest.raises(CoverageError) as err:
            session.query(period="2025", region="65")
        assert "202507" in str(err.value) and "import" in str(err.value)
        # the months that are there can be asked for
        jan_jun = session.query(period="2025H1", region="65", compare="none")
        assert jan_jun.rows()[0]["value_cny"] == Decimal("120.00")
        partial = session.query(period="2025", region="65", allow_partial=True, compare="none")
        assert any(n.startswith("PARTIAL") for n in partial.provenance.notes)


def test_uncovered_base_gives_no_growth_with_reason(builder: WarehouseBuilder) -> None:
    builder.load(_both_flows(2025, "10.00"))
    with builder.session() as session:
        r = session.query(period="2025", region="65", indicators="yoy")
    row = r.rows()[0]
    assert row["value_cny_yoy"] is None
    assert "2024" in row["value_cny_yoy_note"] and "not fully covered" in row["value_cny_yoy_note"]


def test_yoy_uses_the_latest_vintage_of_the_base(builder: WarehouseBuilder) -> None:
    # 2024 first published at 100 a month, revised down to 90 a month; 2025 at 99 a month.
    builder.load(_both_flows(2024, "100.00"), vintage=dt.date(2025, 1, 13))
    builder.load(_both_flows(2024, "90.00"), vintage=dt.date(2025, 9, 30))
    builder.load(_both_flows(2025, "99.00"), vintage=dt.date(2026, 1, 14))
    with builder.session() as session:
        latest = session.query(period="2025", region="65", indicators="yoy")
        first = session.query(period="2024", region="65", as_of=dt.date(2025, 6, 1),
                              compare="none")
    assert latest.rows()[0]["value_cny_base"] == Decimal("2160.00")  # 90 × 12 × 2 flows
    assert latest.rows()[0]["value_cny_yoy"] == Decimal("10")  # 99 / 90 − 1, not 99/100 − 1
    assert first.rows()[0]["value_cny"] == Decimal("2400.00")
    assert latest.provenance.vintage == dt.date(2026, 1, 14)


def test_one_dataset_per_figure(builder: WarehouseBuilder) -> None:
    builder.load(_both_flows(2025, "10.00"), dataset="first")
    builder.load(_both_flows(2025, "20.00"), dataset="second")
    with builder.session() as session:
        auto = session.query(period="2025", region="65", compare="none")
        chosen = session.query(period="2025", region="65", compare="none", dataset="second")
    assert auto.rows()[0]["value_cny"] in (Decimal("240.00"), Decimal("480.00"))  # never 720
    assert any("also covering" in n for n in auto.provenance.notes)
    assert chosen.rows()[0]["value_cny"] == Decimal("480.00")
    assert chosen.provenance.dataset == "second"


def test_provenance_explain_and_formats(builder: WarehouseBuilder) -> None:
    builder.load(_both_flows(2025, "10.00"), sample=True)
    with builder.session() as session:
        sql = session.explain(period="2025", region="65", by="partner", measures="enterprises")
        r = session.query(period="2025", region="65", by="partner", compare="none")
    assert sql.lstrip().upper().startswith("SELECT") and "GROUPING SETS" in sql
    assert r.explain() == r.provenance.sql
    assert r.provenance.is_sample and r.provenance.dataset == "declarations"
    assert b"tradestat.provenance" in r.to_arrow().schema.metadata
    assert r.to_pandas()["value_cny"].iloc[0] == Decimal("240.00")
    assert r.to_polars().height == 1


def test_dataset_without_the_breakdown_is_refused(builder: WarehouseBuilder) -> None:
    builder.load(_both_flows(2025, "10.00"))
    with builder.session() as session, pytest.raises(QueryError, match="quantity1"):
        session.query(period="2025", region="65", measures="quantity")


def test_empty_slice_in_covered_period_is_an_exact_zero(builder: WarehouseBuilder) -> None:
    builder.load(_both_flows(2024, "10.00") + _both_flows(2025, "10.00"))
    with builder.session() as session:
        r = session.query(period="2025", region="65", where={"partner": "502"},
                          indicators="yoy,share")
    row = r.rows()[0]
    assert row["value_cny"] == 0 and row["value_cny_base"] == 0
    assert row["value_cny_share"] == 0
    assert row["value_cny_yoy"] is None and "zero" in row["value_cny_yoy_note"]
