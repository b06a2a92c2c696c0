"""Chart specs: valid Vega-Lite, honest data, the house font, and Chinese that really renders."""

from __future__ import annotations

import hashlib
import re
import subprocess
from decimal import Decimal

import altair as alt
import pytest
from tests.bulletin.fixtures import all_charts, document

from tradestat.bulletin import charts
from tradestat.bulletin.chart_images import chart_png, chart_svg
from tradestat.bulletin.render_errors import ChartDataError


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_fixture_chart_is_valid_vega_lite(lang: str) -> None:
    for chart in all_charts(document(lang)):
        _validate(chart.spec)


def _validate(spec: dict) -> None:
    """Altair checks a spec against the Vega-Lite JSON schema and raises on anything unknown."""
    (alt.LayerChart if "layer" in spec else alt.Chart).from_dict(spec)


def test_schema_check_catches_a_bad_property() -> None:
    spec = document("en").sections[1].charts[0].spec
    with pytest.raises(Exception, match="colour"):
        _validate({**spec, "encoding": {**spec["encoding"], "colour": {"field": "series"}}})


def test_monthly_trend_keeps_caller_order_of_months_and_series() -> None:
    rows = [{"month": m, "series": s, "value": Decimal(v)}
            for s, v in (("2025", "10.5"), ("2024", "9")) for m in ("12月", "1月")]
    spec = charts.monthly_trend(rows, chart_id="t", title="T", alt="A", value_title="亿元").spec
    assert spec["encoding"]["x"]["sort"] == ["12月", "1月"]
    assert spec["encoding"]["color"]["sort"] == ["2025", "2024"]
    assert spec["data"]["values"][0] == {"month": "12月", "series": "2025", "value": 10.5}


def test_ranked_bars_sort_largest_first_and_print_value_and_signed_growth() -> None:
    rows = [{"label": "Small", "value": Decimal("99.95"), "growth": Decimal("-3.04")},
            {"label": "Large", "value": Decimal("1234.56"), "growth": Decimal("12.35")},
            {"label": "New", "value": 50, "growth": None}]
    spec = charts.ranked_bars(rows, chart_id="b", title="T", alt="A", lang="en",
                              value_title="u").spec
    assert spec["encoding"]["y"]["sort"] == ["Large", "Small", "New"]
    printed = {v["label"]: v["annotation"] for v in spec["data"]["values"]}
    # Babel rounds half-even on the exact Decimal: 1234.56 -> 1,234.6; 12.35 -> 12.4; 99.95 -> 100.0
    assert printed == {"Small": "100.0  (-3.0%)", "Large": "1,234.6  (+12.4%)", "New": "50.0"}


def test_shares_bar_puts_shares_in_the_legend_and_refuses_more_than_a_whole() -> None:
    rows = [{"label": "民营企业", "share": Decimal("81.64")},
            {"label": "国有企业", "share": Decimal("18.36")}]
    spec = charts.shares_bar(rows, chart_id="s", title="T", alt="A", lang="zh").spec
    assert [v["label"] for v in spec["data"]["values"]] == ["民营企业 81.6%", "国有企业 18.4%"]
    too_much = [{"label": "a", "share": 70}, {"label": "b", "share": 40}]
    with pytest.raises(ChartDataError, match=r"110\.0%"):
        charts.shares_bar(too_much, chart_id="s", title="T", alt="A", lang="en")


@pytest.mark.parametrize(
    "bad", [None, "12.3", "n/a", True, float("nan"), Decimal("NaN"), float("inf")])
def test_missing_or_textual_values_are_refused_not_plotted(bad: object) -> None:
    with pytest.raises(ChartDataError, match="row 1: field 'value'"):
        charts.ranked_bars([{"label": "a", "value": 1}, {"label": "b", "value": bad}],
                           chart_id="b", title="T", alt="A", lang="en", value_title="u")


def test_empty_chart_is_refused() -> None:
    with pytest.raises(ChartDataError, match="no rows"):
        charts.monthly_trend([], chart_id="m", title="T", alt="A", value_title="u")


def test_specs_carry_their_data_inline_and_fetch_nothing() -> None:
    for chart in all_charts(document("en")):
        assert set(chart.spec["data"]) == {"values"}
        assert "url" not in str(chart.spec)


def _label_png_digest(label: str) -> str:
    chart = charts.ranked_bars([{"label": label, "value": 5}], chart_id="glyphs", title="T",
                               alt="A", lang="zh", value_title="u")
    return hashlib.sha256(chart_png(chart)).hexdigest()


def test_chinese_labels_render_as_distinct_glyphs_not_tofu() -> None:
    """Missing glyphs all draw as the same empty box, so two different labels give the same
    picture; real glyphs give different pictures. The control pair (private-use code points,
    which no font draws) shows the comparison does detect boxes."""
    assert _label_png_digest("\ue000\ue001") == _label_png_digest("\ue002\ue003")  # control
    assert _label_png_digest("出口") != _label_png_digest("进口")
    assert _label_png_digest("民营企业") != _label_png_digest("国有企业")


def test_svg_text_asks_for_the_cjk_family_and_fontconfig_has_it() -> None:
    svg = chart_svg(all_charts(document("zh"))[0])
    families = set(re.findall(r'font-family="([^"]+)"', svg))
    assert families == {charts.FONT_FAMILY}
    assert "1月" in svg and "出口" in svg
    matched = subprocess.run(["fc-match", "-f", "%{family}", charts.FONT_FAMILY],
                             capture_output=True, text=True, check=True).stdout
    assert charts.FONT_FAMILY in matched.split(",")


def test_svg_escapes_label_markup() -> None:
    chart = charts.ranked_bars([{"label": "A<b>&C", "value": 5}], chart_id="esc", title="T",
                               alt="A", lang="en", value_title="u")
    svg = chart_svg(chart)
    assert "A&lt;b&gt;&amp;C" in svg and "<b>" not in svg
