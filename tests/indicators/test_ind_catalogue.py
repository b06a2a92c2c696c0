"""The catalogue is complete and bilingual, its examples match their figures, docs are current."""

from __future__ import annotations

from pathlib import Path

from tradestat.indicators import CATALOGUE, Derived, Unit
from tradestat.indicators.docs import render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"

REQUIRED_ZH = {
    "value": "总值", "yoy": "同比增长", "share": "占比", "contribution": "拉动…个百分点",
    "contribution_rate": "贡献率", "share_change": "比重变化", "gap": "高于/低于…个百分点",
    "rank": "位次", "cagr": "年均增长", "multi_period_growth": "较上一时期增长",
    "balance": "贸易差额", "unit_value": "单价", "threshold": "首次突破", "record": "创历史新高",
}


def test_catalogue_has_every_indicator_with_chinese_captions() -> None:
    assert set(CATALOGUE) == set(REQUIRED_ZH)
    for name, spec in CATALOGUE.items():
        assert spec.name == name
        assert spec.caption_zh == REQUIRED_ZH[name]
        for text in (spec.caption_en, spec.definition_en, spec.definition_zh, spec.formula):
            assert text.strip()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.definition_zh)
        assert callable(spec.function)
        assert spec.examples, f"{name} has no worked example"


def test_examples_are_in_the_unit_of_their_indicator_and_match_the_figures() -> None:
    for spec in CATALOGUE.values():
        for example in spec.examples:
            result = example.compute()
            if spec.unit == Unit.FLAG:
                assert result.defined
                continue
            assert isinstance(result, Derived)
            assert result.unit == spec.unit
            shown = str(abs(result.rounded(example.places)))
            assert shown in example.published.replace(",", ""), (spec.name, example.text_en)


def test_percentage_point_indicators_say_so() -> None:
    pp = {name for name, spec in CATALOGUE.items() if spec.unit == Unit.PP}
    assert pp == {"contribution", "share_change", "gap"}
    for name in pp:
        assert "percentage points" in CATALOGUE[name].definition_en or name == "contribution"
        assert "百分点" in CATALOGUE[name].definition_zh


def test_docs_are_generated_from_the_catalogue() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/indicators.md is stale: run python -m tradestat.indicators.docs docs/indicators.md")
