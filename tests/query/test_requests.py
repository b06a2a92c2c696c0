"""Requests are validated against the model before any SQL exists: typed errors, suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradestat.errors import ModelError, QueryError, UnknownNameError
from tradestat.model.semantic import default_model, load_model
from tradestat.periods import Period
from tradestat.query import Request, build_query


def build(**kwargs):
    return build_query(Request.from_kwargs(**kwargs))


def test_every_level_and_measure_is_captioned_in_both_languages() -> None:
    model = default_model()
    for level in model.levels.values():
        assert level.caption.en and level.caption.zh
    for measure in model.measures.values():
        assert measure.caption.en and measure.caption.zh
    assert model.level("partner").members()["145"].caption_zh == "哈萨克斯坦"


def test_unknown_names_suggest_the_closest() -> None:
    with pytest.raises(UnknownNameError) as err:
        build(period="2025", by="partnr")
    assert "partner" in err.value.suggestions
    with pytest.raises(UnknownNameError) as err:
        build(period="2025", measures="value_cn")
    assert "value_cny" in err.value.suggestions
    with pytest.raises(UnknownNameError):
        build(period="2025", where={"partner_group": "ASAEN"})


def test_members_resolve_from_names_in_either_language() -> None:
    q = build(period="2025", region="新疆", where={"partner": "Kazakhstan",
                                                  "partner_group": "中亚五国"})
    assert q.region == ("65",)
    assert {f.level: f.members for f in q.filters} == {"partner": ("145",),
                                                      "partner_group": ("CA5",)}


def test_ambiguous_region_is_refused_not_guessed() -> None:
    with pytest.raises(QueryError, match="ambiguous"):
        build(period="2025", region="Shan")


def test_time_is_chosen_by_period_not_filter() -> None:
    with pytest.raises(QueryError, match="period"):
        build(period="2025", where={"month": "202501"})


def test_periods_and_comparisons() -> None:
    q = build(period="2025年1-5月")
    assert q.period == Period.ytd(2025, 5) and q.base == Period.ytd(2024, 5)
    plan = build(period="FYP14")
    assert plan.base == Period.plan(13)
    assert build(period="2025", compare="none").base is None
    with pytest.raises(QueryError, match="overlaps"):
        build(period="2025", compare="2025")


def test_option_errors() -> None:
    with pytest.raises(QueryError, match="unknown query option"):
        Request.from_kwargs(period="2025", regoin="65")
    with pytest.raises(UnknownNameError):
        build(period="2025", flow="exports")
    with pytest.raises(QueryError, match="at most one group"):
        build(period="2025", by="partner_group,product_group")
    with pytest.raises(QueryError):
        build(period="2025", where="partner_group")


def test_broken_model_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.yaml"
    bad.write_text("dimensions:\n  x:\n    caption: {en: X}\n    levels: {}\nmeasures: {}\n",
                   encoding="utf-8")
    with pytest.raises(ModelError, match="zh"):
        load_model(bad)
