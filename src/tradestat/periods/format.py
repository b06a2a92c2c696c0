"""Writing periods for people, in English and Chinese.

Three styles, because the same period is written differently in a table heading and in a sentence:

* ``long`` (default): the form release tables and headings use — "January-May 2025",
  "2025年1-5月", "Q1 2025", "2025年一季度".
* ``narrative``: the form running text uses — "the first five months of 2025", "2025年前5个月",
  "the first three quarters of 2025", "2025年前三季度".
* ``short``: compact labels for chart axes and narrow columns — "Jan-May 2025", "14th FYP",
  "十四五".

Every output reads back through :func:`tradestat.periods.parse_period` to the same months (the
kind can differ: "January-March 2025" reads back as a ytd even when written for a span).
"""

from __future__ import annotations

from tradestat.periods.core import Period, PeriodError, plan_years
from tradestat.periods.words import (
    CARDINALS_EN,
    MONTHS_EN,
    MONTHS_EN_SHORT,
    en_ordinal_suffix,
    zh_numeral,
)

STYLES = ("long", "narrative", "short")
LANGS = ("en", "zh")

_ORDINAL_EN = ("first", "second", "third", "fourth")
_QUARTERS_ZH = "一二三四"


def format_period(p: Period, lang: str = "en", style: str = "long") -> str:
    """``p`` written for people in ``lang`` ("en" or "zh") and ``style`` (see module docstring)."""
    if not isinstance(p, Period):
        raise PeriodError(f"format_period needs a Period, got {p!r}")
    if lang not in LANGS:
        raise PeriodError(f"unknown language {lang!r}", hint=f"use one of {', '.join(LANGS)}")
    if style not in STYLES:
        raise PeriodError(f"unknown style {style!r}", hint=f"use one of {', '.join(STYLES)}")
    return _en(p, style) if lang == "en" else _zh(p, style)


# --- English --------------------------------------------------------------------------------


def _en_month(month: int, style: str) -> str:
    return MONTHS_EN_SHORT[month - 1] if style == "short" else MONTHS_EN[month - 1]


def _en_count(n: int) -> str:
    """Spelled out up to ten, digits above, as news copy does ("first 11 months")."""
    return CARDINALS_EN[n] if n <= 10 else str(n)


def _en_ytd_narrative(year: int, month: int) -> str:
    if month == 1:
        return f"January {year}"
    if month == 12:
        return f"the whole of {year}"
    named = {3: "the first quarter", 6: "the first half", 9: "the first three quarters"}
    return f"{named.get(month, f'the first {_en_count(month)} months')} of {year}"


def _en(p: Period, style: str) -> str:
    sy, sm, ey, em = p.start_year, p.start_month, p.year_of_end, p.end_month
    kind = p.kind
    if kind == "plan":
        number = p.plan
        assert number is not None
        first, last = plan_years(number)
        if style == "short":
            return f"{en_ordinal_suffix(number)} FYP"
        if style == "narrative":
            return f"the {en_ordinal_suffix(number)} Five-Year Plan period ({first}-{last})"
        return f"{first}-{last} ({en_ordinal_suffix(number)} Five-Year Plan)"
    if kind == "year":
        return str(sy)
    if kind == "quarter":
        q = (sm + 2) // 3
        return f"the {_ORDINAL_EN[q - 1]} quarter of {sy}" if style == "narrative" else f"Q{q} {sy}"
    if kind == "half":
        h = (sm + 5) // 6
        return f"the {_ORDINAL_EN[h - 1]} half of {sy}" if style == "narrative" else f"H{h} {sy}"
    if kind == "ytd" and style == "narrative":
        return _en_ytd_narrative(sy, em)
    # month, ytd and span: written as months
    joiner = " to " if style == "narrative" else "-"
    if sy != ey:
        if (sm, em) == (1, 12):
            return f"{sy}{joiner}{ey}"
        return f"{_en_month(sm, style)} {sy}{joiner}{_en_month(em, style)} {ey}"
    if sm == em:
        return f"{_en_month(sm, style)} {sy}"
    return f"{_en_month(sm, style)}{joiner}{_en_month(em, style)} {sy}"


# --- Chinese --------------------------------------------------------------------------------


def _zh_plan_name(number: int) -> str:
    return f"{zh_numeral(number)}五" if number < 100 else f"第{number}个五年规划"


def _zh(p: Period, style: str) -> str:
    sy, sm, ey, em = p.start_year, p.start_month, p.year_of_end, p.end_month
    kind = p.kind
    if kind == "plan":
        number = p.plan
        assert number is not None
        first, last = plan_years(number)
        if style == "short":
            return _zh_plan_name(number)
        return f"“{_zh_plan_name(number)}”时期（{first}-{last}年）"
    if kind == "year":
        return f"{sy}年"
    if kind == "quarter":
        q = (sm + 2) // 3
        prefix = "第" if style == "narrative" else ""
        return f"{sy}年{prefix}{_QUARTERS_ZH[q - 1]}季度"
    if kind == "half":
        return f"{sy}年{'上' if sm == 1 else '下'}半年"
    if kind == "ytd" and style == "narrative":
        named = {1: "1月", 3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
        return f"{sy}年{named.get(em, f'前{em}个月')}"
    if sy != ey:
        if (sm, em) == (1, 12):
            return f"{sy}-{ey}年"
        return f"{sy}年{sm}月-{ey}年{em}月"
    if sm == em:
        return f"{sy}年{sm}月"
    return f"{sy}年{sm}-{em}月"
