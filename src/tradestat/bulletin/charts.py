"""Vega-Lite chart specs for the bulletin, built from plain, already-localised data.

The builder decides what to show and formats every label (Babel, per language); these functions
only lay the data out as charts in one sober house style, so that the English and Chinese
bulletins look alike and a chart never says something the text does not.

Specs are plain dictionaries with the data inline: they are what a ``Chart`` carries, they render
offline (``chart_images``) and they need no network. Altair is not used to build them because
its import and schema validation would cost more time than the whole HTML; the tests validate
every spec against the Vega-Lite schema with Altair instead.

Plotted positions come from the numeric values (converted to float: a bar length needs no more
precision than a pixel); any number printed on a chart comes from the text the caller gives, or
is formatted here with Babel from the exact value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from tradestat.bulletin.document import Chart, Lang
from tradestat.bulletin.render_errors import ChartDataError

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # vl-convert renders with 6.x

#: One family for every chart: it has Latin and Chinese glyphs, so both languages look alike.
FONT_FAMILY = "Noto Sans CJK SC"

#: Muted colours that stay distinguishable in greyscale print: navy, brick, grey, teal, ochre.
PALETTE = ("#1f4e79", "#b4462e", "#7f7f7f", "#2e8b84", "#c9a227", "#6b4f8a", "#9aa9b8")

WIDTH = 480          # px; scaled to the column (viewBox): ~0.75 on a 375 px phone
BAR_STEP = 26        # px per bar in horizontal bar charts
LABEL_WIDTH = 180    # px kept left of the bars for their labels
ANNOTATION_WIDTH = 110  # px kept right of the longest bar for its printed value and growth

Number = Decimal | float | int


def house_config() -> dict[str, Any]:
    """The shared look: small grey axes, no chart border, one font, left-aligned titles."""
    return {
        "font": FONT_FAMILY,
        "background": "white",
        "view": {"stroke": None},
        "range": {"category": list(PALETTE)},
        "title": {"anchor": "start", "fontSize": 14, "fontWeight": "bold", "color": "#222"},
        "axis": {
            "labelColor": "#444", "titleColor": "#444", "labelFontSize": 12,
            "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e6e6e6",
            "domainColor": "#999", "tickColor": "#999",
        },
        "legend": {"orient": "bottom", "labelFontSize": 12, "titleFontSize": 12,
                   "labelLimit": 400, "symbolType": "square"},
        "text": {"fontSize": 12, "color": "#333"},
    }


def _number(row: Mapping[str, Any], key: str, chart_id: str, index: int) -> float:
    """The plotted value of one row; a missing, textual or NaN value is refused, never zeroed."""
    value = row.get(key)
    finite = isinstance(value, Decimal | float | int) and not isinstance(value, bool) \
        and math.isfinite(value)
    if not finite:
        raise ChartDataError(
            f"chart {chart_id!r}, row {index}: field {key!r} is {value!r}, not a number",
            hint="leave the row out and say so in the text, rather than plotting a made-up value",
        )
    return float(value)


def _label(row: Mapping[str, Any], key: str, chart_id: str, index: int) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ChartDataError(f"chart {chart_id!r}, row {index}: field {key!r} is {value!r}, "
                             "not a label")
    return value


def _one_decimal(value: Number, lang: Lang) -> str:
    """Bulletin convention: values and rates with one decimal, grouped per the locale."""
    return format_decimal(Decimal(str(value)), format="#,##0.0", locale=_locale(lang))


def _locale(lang: Lang) -> str:
    return "zh_Hans_CN" if lang == "zh" else "en_GB"


def _signed_percent(value: Number, lang: Lang) -> str:
    text = _one_decimal(value, lang)
    return f"+{text}%" if Decimal(str(value)) > 0 else f"{text}%"


def _require_rows(rows: Sequence[Mapping[str, Any]], chart_id: str) -> None:
    if not rows:
        raise ChartDataError(f"chart {chart_id!r} has no rows",
                             hint="omit the chart when there is nothing to show")


def _spec(title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": SCHEMA, "title": title, "config": house_config(), **body}


def monthly_trend(
    rows: Sequence[Mapping[str, Any]],
    *,
    chart_id: str,
    title: str,
    alt: str,
    value_title: str,
) -> Chart:
    """Lines of a value per month, one line per series.

    ``rows`` hold ``month`` (a localised label such as "Mar" or "3月", in display order),
    ``series`` (e.g. "Exports"/"出口", or "2025"/"2024" for this year against last) and
    ``value``. Months keep the order in which they first appear; series keep theirs, so the
    legend and colours follow the caller's order in both languages.
    """
    _require_rows(rows, chart_id)
    values = [
        {"month": _label(r, "month", chart_id, i), "series": _label(r, "series", chart_id, i),
         "value": _number(r, "value", chart_id, i)}
        for i, r in enumerate(rows)
    ]
    months = list(dict.fromkeys(v["month"] for v in values))
    series = list(dict.fromkeys(v["series"] for v in values))
    spec = _spec(title, {
        "width": WIDTH, "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 30}, "strokeWidth": 2},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "sort": months, "title": None,
                  "axis": {"labelAngle": 0}},
            "y": {"field": "value", "type": "quantitative", "title": value_title,
                  "axis": {"format": ",.0f"}},
            "color": {"field": "series", "type": "nominal", "sort": series, "title": None},
        },
    })
    return Chart(id=chart_id, title=title, spec=spec, alt=alt)


def ranked_bars(
    rows: Sequence[Mapping[str, Any]],
    *,
    chart_id: str,
    title: str,
    alt: str,
    lang: Lang,
    value_title: str,
) -> Chart:
    """Horizontal bars (partner groups, top partners, products), largest first.

    ``rows`` hold ``label``, ``value`` and optionally ``growth`` (YoY %, may be None when the
    base is missing). Printed next to each bar: the value with one decimal and, when known, the
    signed growth; ``value_text`` / ``growth_text`` in a row override the printed text.
    """
    _require_rows(rows, chart_id)
    values = []
    for i, r in enumerate(rows):
        value = _number(r, "value", chart_id, i)
        growth = r.get("growth")
        growth_text = r.get("growth_text")
        if growth_text is None and growth is not None:
            growth_text = _signed_percent(_number(r, "growth", chart_id, i), lang)
        value_text = r.get("value_text") or _one_decimal(r["value"], lang)
        annotation = value_text if not growth_text else f"{value_text}  ({growth_text})"
        values.append({"label": _label(r, "label", chart_id, i), "value": value,
                       "annotation": annotation})
    order = [v["label"] for v in sorted(values, key=lambda v: -v["value"])]
    y = {"field": "label", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelLimit": LABEL_WIDTH - 20, "ticks": False, "domain": False}}
    spec = _spec(title, {
        "width": WIDTH - LABEL_WIDTH - ANNOTATION_WIDTH, "height": {"step": BAR_STEP},
        "data": {"values": values},
        "encoding": {"y": y},
        "layer": [
            {"mark": {"type": "bar", "color": PALETTE[0], "height": {"band": 0.7}},
             "encoding": {"x": {"field": "value", "type": "quantitative", "title": value_title,
                                "axis": {"format": ",.0f"},
                                "scale": {"domainMin": 0}}}},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {"x": {"field": "value", "type": "quantitative"},
                          "text": {"field": "annotation"}}},
        ],
    })
    return Chart(id=chart_id, title=title, spec=spec, alt=alt)


def shares_bar(
    rows: Sequence[Mapping[str, Any]],
    *,
    chart_id: str,
    title: str,
    alt: str,
    lang: Lang,
) -> Chart:
    """One 100 % bar split into shares (enterprise types, trade modes), with shares in the legend.

    ``rows`` hold ``label`` and ``share`` (percent of the total, computed by the caller from
    unrounded data) and optionally ``share_text``. A stacked bar reads more exactly than a donut
    and keeps small segments visible; the legend carries each share as printed text. Shares that
    add up to more than 100.5 % are refused: they are not a partition.
    """
    _require_rows(rows, chart_id)
    values = []
    for i, r in enumerate(rows):
        share = _number(r, "share", chart_id, i)
        share_text = r.get("share_text") or f"{_one_decimal(r['share'], lang)}%"
        label = _label(r, "label", chart_id, i)
        values.append({"label": f"{label} {share_text}", "share": share, "order": i})
    total = sum(v["share"] for v in values)
    if total > 100.5:
        raise ChartDataError(f"chart {chart_id!r}: shares add up to {total:.1f}%, over 100%",
                             hint="a shares chart needs parts of one whole")
    spec = _spec(title, {
        "width": WIDTH, "height": 34,
        "data": {"values": values},
        "mark": {"type": "bar", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "x": {"field": "share", "type": "quantitative", "stack": "zero", "title": None,
                  "scale": {"domain": [0, 100]}, "axis": {"format": ".0f", "labelExpr":
                                                          "datum.label + '%'"}},
            "color": {"field": "label", "type": "nominal", "title": None,
                      "sort": [v["label"] for v in values],
                      "legend": {"columns": 2, "direction": "vertical"}},
            "order": {"field": "order", "type": "quantitative"},
        },
    })
    return Chart(id=chart_id, title=title, spec=spec, alt=alt)
