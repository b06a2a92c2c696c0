"""Reading periods from English and Chinese text (TEXT_PARSING.md §2).

The parser is a small deterministic grammar: normalise the text (full-width forms, dash variants,
case), split off the year expression (2025, 2025年, this year, 去年 ...), then match the rest
against one table of period shapes per language. Each shape yields a function of the year, so one
rule decides the year for every shape:

* an explicit year wins;
* a relative year (今年, last year ...) counts from ``anchor``, the publication date of the text;
* no year at all means the most recent such period that had ended before the publication month
  (statistics only exist for complete periods): "1-5月" published on 2025-06-20 is Jan-May 2025,
  "全年" published on 2026-01-20 is 2025.

``anchor`` is never defaulted to today: a text's periods depend on when it was published, and a
parser that silently used the clock would give different answers on different days.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable

from tradestat.periods.core import MACHINE_FORMS, Period, PeriodError, plan_years
from tradestat.periods.words import MONTH_BY_NAME, ZH_NUMERALS, en_number, zh_number

Maker = Callable[[int], Period]

_HINT = (
    "accepted forms include machine syntax ("
    + MACHINE_FORMS
    + "); English: 2025, May 2025, January-May 2025, the first five months of 2025, Q1 2025, "
    "the first three quarters, H1, second half, 2021-25, 14th Five-Year Plan, this year, "
    "year to date; Chinese: 2025年, 5月, 1-5月, 前5个月, 一季度, 前三季度, 上半年, 全年, 十四五, "
    "今年以来"
)

_CJK = re.compile(r"[\u3007\u4e00-\u9fff]")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212~\u301c"})
_DROP_ZH = str.maketrans({c: None for c in " \"'“”‘’「」『』《》"})


def parse_period(
    text: str, *, anchor: datetime.date | None = None, lang: str | None = None
) -> Period:
    """Read ``text`` as a period: machine syntax, English or Chinese surface forms.

    ``anchor`` is the publication date of the text; it resolves relative words (this year, 去年,
    今年以来) and periods written without a year. ``lang`` is "en", "zh" or None (decide from the
    text: any Chinese character means Chinese). Raises :class:`PeriodError` for text that is not a
    period, a period that cannot exist (month 13, end before start), or a missing year with no
    anchor to supply it.
    """
    if not isinstance(text, str):
        raise PeriodError(f"a period must be given as text, got {text!r}")
    if lang not in (None, "en", "zh"):
        raise PeriodError(f"unknown language {lang!r}", hint='use "en", "zh" or None (detect)')
    if anchor is not None and not isinstance(anchor, datetime.date):
        raise PeriodError(
            f"anchor must be a datetime.date (the publication date), got {anchor!r}"
        )
    clean = _normalise(text)
    if not clean:
        raise PeriodError("an empty text is not a period", hint=_HINT, text=text)
    try:
        machine = Period.parse(clean)
    except PeriodError:
        machine = None
    if machine is not None:
        return machine
    is_zh = lang == "zh" or (lang is None and _CJK.search(clean) is not None)
    try:
        return _parse_zh(clean, anchor) if is_zh else _parse_en(clean, anchor)
    except PeriodError as err:
        if err.text is not None:
            raise
        raise PeriodError(f"{text!r}: {err.message}", hint=err.hint, text=text) from None
    except _NoMatch:
        raise PeriodError(f"cannot read {text!r} as a period", hint=_HINT, text=text) from None


class _NoMatch(Exception):
    """Internal: the text matched no shape of the grammar."""


def _normalise(text: str) -> str:
    clean = unicodedata.normalize("NFKC", text).translate(_DASHES)
    clean = re.sub(r"-+", "-", clean)
    clean = re.sub(r"\s+", " ", clean)
    return clean.strip(" .,;:!?、。，；：")


# --- choosing the year ----------------------------------------------------------------------


def _anchor_month(anchor: datetime.date) -> int:
    return anchor.year * 100 + anchor.month


def _need_anchor(what: str) -> PeriodError:
    return PeriodError(
        f"{what}, and no anchor date was given to supply it",
        hint="add the year (e.g. '2025年1-5月', 'January-May 2025') or pass anchor=<the "
        "publication date of the text>",
    )


def _resolve(make: Maker, year: int | None, anchor: datetime.date | None) -> Period:
    """Apply the year rule of the module docstring."""
    if year is not None:
        return make(year)
    if anchor is None:
        raise _need_anchor("the period has no year")
    latest = make(anchor.year)
    if latest.end < _anchor_month(anchor):
        return latest
    return make(anchor.year - 1)


def _since(year: int | None, anchor: datetime.date | None) -> Period:
    """今年以来 / year to date: January of ``year`` to the last month complete at ``anchor``."""
    if anchor is None:
        raise _need_anchor("it runs up to the publication date")
    first = anchor.year if year is None else year
    last = _anchor_month(anchor) - 1 if anchor.month > 1 else (anchor.year - 1) * 100 + 12
    if last < first * 100 + 1:
        raise PeriodError(
            f"on {anchor.isoformat()} no month of {first} had ended yet",
            hint="the period runs from January to the last month before the anchor date",
        )
    if last // 100 == first:
        return Period.ytd(first, last % 100)
    return Period.span(first * 100 + 1, last)


def _relative_year(word: str, anchor: datetime.date | None) -> int:
    offsets = {
        "今年": 0, "本年": 0, "this year": 0, "current year": 0,
        "去年": 1, "上年": 1, "last year": 1, "previous year": 1,
        "前年": 2, "year before last": 2,
    }  # fmt: skip
    if anchor is None:
        raise _need_anchor(f"{word!r} counts from the publication date")
    return anchor.year - offsets[word]


def _year_range(first: int, last_text: str) -> Period:
    """2021-2025 or 2021-25 (two digits: a later year of the same century; "1998-02" is refused).

    "2025-13" is neither a month nor a range; refusing it beats guessing 2025-2113.
    """
    last = int(last_text)
    if len(last_text) == 2:
        last += first // 100 * 100
        if last < first:
            raise PeriodError(
                f"{first}-{last_text} is neither a month (months run 01-12) nor a range of years "
                "(it would end before it starts)",
                hint="write a month as 2025-05 and a range of years as 2021-2025",
            )
    if last < first:
        raise PeriodError(f"the year range {first}-{last_text} ends before it starts")
    return Period.span(first * 100 + 1, last * 100 + 12)


def _checked_plan(number: int, first: str | None, last: str | None) -> Period:
    """A plan period, checking years written beside it ("十四五（2021-2025年）")."""
    plan = Period.plan(number)
    if first is not None and last is not None:
        stated = _year_range(int(first), last)
        if not stated.same_months(plan):
            years = plan_years(number)
            raise PeriodError(
                f"plan {number} runs {years[0]}-{years[1]}, not {first}-{last} as written",
                hint="check the plan number or the years",
            )
    return plan


_COMPARISON_HINT = (
    "this names a comparison base, not a period: parse the period itself and use "
    "Period.comparison() (same period a year earlier)"
)


# --- Chinese --------------------------------------------------------------------------------

_N = f"[0-9{ZH_NUMERALS}]+"
_ZH_YEAR = re.compile(
    r"^(?:(?P<y>[0-9]{4}|[〇零一二三四五六七八九]{4})年度?|(?P<rel>今年|本年|去年|上年|前年))"
)
_ZH_PAREN = r"(?:\((?P<a>\d{4})年?-(?P<b>\d{2,4})年?\))?"
_ZH_PLAN = [
    re.compile(rf"^第?(?P<n>{_N})个五年(?:规划|计划)(?:时期|期间)?{_ZH_PAREN}$"),
    # short names in Chinese numerals: 一五 ... 九五, 十五 (the 10th), 十一五 ... 十五五
    re.compile(rf"^(?P<n>[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])五"
               rf"(?:规划|计划|时期|期间)*{_ZH_PAREN}$"),
]
_ZH_YEARS = re.compile(r"^(?P<a>\d{4})年?-(?P<b>\d{2,4})年(?:度|期间|时期)?$")
_ZH_CROSS = re.compile(
    rf"^(?P<ya>\d{{4}})年(?P<ma>{_N})月-(?P<yb>\d{{4}})年(?P<mb>{_N})月份?$"
)


def _bounded(value: int | None, low: int, high: int, what: str) -> int:
    """A number read from the text: no number means no match; out of range is an error."""
    if value is None:
        raise _NoMatch
    if not low <= value <= high:
        raise PeriodError(f"{what} {value} does not exist; {what}s run from {low} to {high}")
    return value


def _zh_int(text: str, low: int, high: int, what: str) -> int:
    return _bounded(zh_number(text), low, high, what)


def _month_range(first: int, last: int) -> Maker:
    if last < first:
        raise PeriodError(
            f"months {first}-{last} end before they start",
            hint="a range within one year goes from the earlier month to the later one",
        )
    if first == 1:
        return lambda y: Period.ytd(y, last)
    return lambda y: Period.span(y * 100 + first, y * 100 + last)


def _quarter_range(first: int, last: int) -> Maker:
    if first == last:
        return lambda y: Period.quarter(y, first)
    return _month_range(3 * first - 2, 3 * last)


def _zh_body(body: str) -> Maker | None:
    """The period shape of a Chinese text without its year; None for "the year itself"."""
    if body in ("", "全年", "全年度", "年"):
        return None
    body = re.sub(r"(?:累计|合计)$", "", body)
    if m := re.fullmatch(rf"(?P<m>{_N})月份?", body):
        month = _zh_int(m["m"], 1, 12, "month")
        return lambda y: Period.month(y, month)
    if m := re.fullmatch(rf"(?P<a>{_N})月?-(?P<b>{_N})月份?", body):
        return _month_range(
            _zh_int(m["a"], 1, 12, "month"), _zh_int(m["b"], 1, 12, "month")
        )
    if m := re.fullmatch(rf"前(?P<n>{_N})个?月份?", body):
        months = _zh_int(m["n"], 1, 12, "month count")
        return lambda y: Period.ytd(y, months)
    if m := re.fullmatch(rf"(?:第?(?P<q>{_N})季度|[Qq](?P<qd>\d))", body):
        quarter = _zh_int(m["q"] or m["qd"], 1, 4, "quarter")
        return lambda y: Period.quarter(y, quarter)
    if m := re.fullmatch(rf"前(?P<n>{_N})个?季度", body):
        quarters = _zh_int(m["n"], 1, 4, "quarter count")
        return lambda y: Period.ytd(y, 3 * quarters)
    if m := re.fullmatch(rf"第?(?P<a>{_N})(?:季度)?-第?(?P<b>{_N})季度", body):
        return _quarter_range(
            _zh_int(m["a"], 1, 4, "quarter"), _zh_int(m["b"], 1, 4, "quarter")
        )
    if m := re.fullmatch(r"(?:(?P<h>[上下])半年度?|[Hh](?P<hd>\d))", body):
        half = 1 if m["h"] == "上" else 2 if m["h"] == "下" else int(m["hd"])
        if half not in (1, 2):
            raise PeriodError(f"half {half} does not exist; halves are 1 and 2")
        return lambda y: Period.half(y, half)
    raise _NoMatch


def _parse_zh(text: str, anchor: datetime.date | None) -> Period:
    text = text.translate(_DROP_ZH).replace("至", "-").replace("到", "-")
    text = re.sub(r"-+", "-", text)
    if re.search(r"同期|同比|去年同|上年同", text):
        raise PeriodError("this is a comparison, not a period", hint=_COMPARISON_HINT)
    for pattern in _ZH_PLAN:
        if plan := pattern.fullmatch(text):
            number = zh_number(plan["n"])
            if number is not None and number >= 1:
                return _checked_plan(number, plan["a"], plan["b"])
    if m := _ZH_YEARS.fullmatch(text):
        return _year_range(int(m["a"]), m["b"])
    if m := _ZH_CROSS.fullmatch(text):
        start = int(m["ya"]) * 100 + _zh_int(m["ma"], 1, 12, "month")
        end = int(m["yb"]) * 100 + _zh_int(m["mb"], 1, 12, "month")
        return Period.span(start, end)
    if text in ("年初以来", "年初至今", "年初-今"):
        return _since(None, anchor)
    year: int | None = None
    body = text
    if head := _ZH_YEAR.match(text):
        body = text[head.end():].removeprefix("的")
        year = _relative_year(head["rel"], anchor) if head["rel"] else zh_number(head["y"])
    if body in ("以来", "年初以来", "初以来", "初至今"):
        if head is None:
            raise _NoMatch
        return _since(year, anchor)
    return _finish(_zh_body(body), year, anchor, text)


def _finish(make: Maker | None, year: int | None, anchor: datetime.date | None,
            text: str) -> Period:
    """Apply the year rule to a matched shape (None: the year itself)."""
    if year is None and anchor is None:
        raise _need_anchor("it does not say which year")
    return _resolve(make or Period.year, year, anchor)


# --- English --------------------------------------------------------------------------------

_MONTH = "(?:" + "|".join(sorted(MONTH_BY_NAME, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:\d+(?:st|nd|rd|th)?|[a-z]+)"
_RANGE = r"\s*(?:-|to|through|thru|until|till)\s*"
_EN_YEAR = r"(?:\d{4}|this year|current year|last year|previous year|year before last)"
_EN_TRAIL_YEAR = re.compile(rf"(?:^|\s+|,\s*)(?:(?:of|in|for)\s+)?(?P<y>{_EN_YEAR})$")
_EN_LEAD_YEAR = re.compile(rf"^(?P<y>{_EN_YEAR})(?:'s)?\s+")
_EN_PLAN = [
    re.compile(r"^fyp\s*(?P<n>\d+)$"),
    re.compile(rf"^(?P<n>{_ORD})\s+(?:fyp|five[- ]year plan(?:\s+period)?)"
               r"(?:\s*\((?P<a>\d{4})\s*-\s*(?P<b>\d{2,4})\))?$"),
    re.compile(rf"^(?P<a>\d{{4}})\s*-\s*(?P<b>\d{{2,4}})\s*\((?P<n>{_ORD})\s+"
               r"(?:fyp|five[- ]year plan(?:\s+period)?)\)$"),
]  # fmt: skip
_EN_YEARS = re.compile(r"^(?:from\s+)?(?P<a>\d{4})\s*(?:-|to|through)\s*(?P<b>\d{2}|\d{4})$")
_EN_CROSS = re.compile(
    rf"^(?:from\s+)?(?P<ma>{_MONTH})\s+(?P<ya>\d{{4}}){_RANGE}(?P<mb>{_MONTH})\s+(?P<yb>\d{{4}})$"
)
_EN_SINCE = re.compile(
    r"^(?:year[- ]to[- ]date|ytd|so far(?: this year)?|this year so far|year so far"
    r"|since (?:start|beginning) of (?:this |current )?year|this year to date)$"
)
_EN_COMPARISON = re.compile(
    r"(?:same period|year[- ]on[- ]year|a year (?:earlier|ago|before)|prior[- ]year period"
    r"|corresponding period)"
)
_EN_WHOLE = {
    "", "full year", "full-year", "whole year", "year", "whole", "all", "calendar year",
    "as a whole", "entire year", "year as a whole", "all year", "full", "whole of", "all of",
}  # fmt: skip


def _en_month(word: str) -> int:
    return MONTH_BY_NAME[word.rstrip(".")]


def _en_count(word: str, low: int, high: int, what: str) -> int:
    return _bounded(en_number(word), low, high, what)


def _en_body(body: str) -> Maker | None:
    """The period shape of an English text without its year; None for "the year itself"."""
    body = body.strip(" ,")
    if body in _EN_WHOLE:
        return None
    if re.fullmatch(_MONTH, body):
        month = _en_month(body)
        return lambda y: Period.month(y, month)
    if m := re.fullmatch(rf"(?:from\s+)?(?P<a>{_MONTH}){_RANGE}(?P<b>{_MONTH})", body):
        return _month_range(_en_month(m["a"]), _en_month(m["b"]))
    if m := re.fullmatch(r"first\s+(?:(?P<n>[a-z0-9]+)\s+months|month)", body):
        months = _en_count(m["n"], 1, 12, "month count") if m["n"] else 1
        return lambda y: Period.ytd(y, months)
    if m := re.fullmatch(rf"q(?P<q>\d+)|(?P<o>{_ORD})\s+quarter|quarter\s+(?P<n>\d+)", body):
        quarter = _en_count(m["q"] or m["o"] or m["n"], 1, 4, "quarter")
        return lambda y: Period.quarter(y, quarter)
    if m := re.fullmatch(r"q(?P<a>\d)\s*(?:-|to|through)\s*q(?P<b>\d)", body):
        return _quarter_range(
            _en_count(m["a"], 1, 4, "quarter"), _en_count(m["b"], 1, 4, "quarter")
        )
    if m := re.fullmatch(r"first\s+(?P<n>[a-z0-9]+)\s+quarters", body):
        quarters = _en_count(m["n"], 1, 4, "quarter count")
        return lambda y: Period.ytd(y, 3 * quarters)
    if m := re.fullmatch(rf"h(?P<h>\d)|(?P<o>{_ORD})\s+half(?:[- ]year)?", body):
        half = _en_count(m["h"] or m["o"], 1, 2, "half")
        return lambda y: Period.half(y, half)
    raise _NoMatch


def _parse_en(text: str, anchor: datetime.date | None) -> Period:
    text = text.lower().replace("\u2019", "'").replace('"', "")
    text = re.sub(r"\bthe\s+", "", text)
    text = re.sub(r"^(?:(?:in|during|for|over|throughout|of)\s+)+", "", text).strip()
    if _EN_COMPARISON.search(text):
        raise PeriodError("this is a comparison, not a period", hint=_COMPARISON_HINT)
    if m := re.fullmatch(r"(?P<n>\d{6})", text):
        return Period.month(int(m["n"]) // 100, int(m["n"]) % 100)
    for pattern in _EN_PLAN:
        if m := pattern.fullmatch(text):
            number = en_number(m["n"])
            if number is not None and number >= 1:
                found = m.groupdict()
                return _checked_plan(number, found.get("a"), found.get("b"))
    if m := _EN_YEARS.fullmatch(text):
        return _year_range(int(m["a"]), m["b"])
    if m := _EN_CROSS.fullmatch(text):
        start = int(m["ya"]) * 100 + _en_month(m["ma"])
        return Period.span(start, int(m["yb"]) * 100 + _en_month(m["mb"]))
    if _EN_SINCE.fullmatch(text):
        return _since(None, anchor)
    if m := re.fullmatch(rf"(?:so far in|since (?:start|beginning) of)\s+(?P<y>{_EN_YEAR})"
                         rf"|(?P<y2>{_EN_YEAR})\s+(?:so far|to date|year[- ]to[- ]date)", text):
        return _since(_en_year(m["y"] or m["y2"], anchor), anchor)
    year: int | None = None
    body = text
    trail = _EN_TRAIL_YEAR.search(body)
    if trail:
        year = _en_year(trail["y"], anchor)
        body = body[: trail.start()]
    elif lead := _EN_LEAD_YEAR.match(body):
        year = _en_year(lead["y"], anchor)
        body = body[lead.end():]
    body = re.sub(r"\s+(?:of|in)\s+year$", "", body)
    return _finish(_en_body(body), year, anchor, text)


def _en_year(word: str, anchor: datetime.date | None) -> int:
    return int(word) if word.isdigit() else _relative_year(word, anchor)
