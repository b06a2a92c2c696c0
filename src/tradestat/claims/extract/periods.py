"""Period expressions in running text → ``Period``, anchored on the publication date.

``tradestat.periods.parse_period`` reads a period once it has been cut out of the sentence; this
module does the cutting: it finds candidate phrases ("in the first five months of 2025",
"2025年1-5月", "前三季度", "during the 14th Five-Year Plan period (2021-25)") and keeps those the
parser accepts. Dates with a day ("September 15, 2025") are events, not statistical periods, and
are skipped. "Since August last year" runs to the last month complete at publication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from tradestat.claims.extract.scan import finditer_any
from tradestat.periods import Period, PeriodError, parse_period

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"
_YEAR = r"(?:(?:19|20)\d\d|this\s+year|last\s+year|the\s+previous\s+year|the\s+current\s+year)"
_OF_YEAR = rf"(?:\s*(?:of|in)?\s*(?:{_YEAR}|the\s+year))?"
#: English period phrases, one pattern per kind, scanned together by ``finditer_any`` (faster
#: than one alternation; same matches, earlier kinds first at the same start).
_EN = {
    name: regex.compile(pattern, regex.VERBOSE | regex.IGNORECASE)
    for name, pattern in {
        "plan": r"""(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+Five-Year\s+Plan(?:\s+period)?
            (?:\s*\(\s*\d{4}\s*[-\u2013\u2014]\s*\d{2,4}\s*\))?""",
        "since": rf"since\s+(?:{_MONTHS}(?:\s+{_YEAR})?|the\s+start\s+of\s+(?:the\s+)?{_YEAR})",
        "first": rf"""(?:the\s+)?first\s+(?:{_COUNT}\s+months|half|quarter|{_COUNT}\s+quarters)
            {_OF_YEAR}""",
        "second": rf"(?:the\s+)?(?:second|third|fourth)\s+(?:quarter|half){_OF_YEAR}",
        # "From January to October this year": the year phrase belongs to the span (read
        # apart, "this year" came after the span and was taken as the whole year).
        "range": rf"""(?:from\s+)?{_MONTHS}\s*(?:-|\u2013|\u2014|to|through)\s*{_MONTHS}
            (?:,?\s*(?:19|20)\d\d|\s+(?:of\s+)?(?:this|last)\s+year\b)?""",
        # "January and February 2025": two months named together (releases combine them).
        "pair": rf"""\b{_MONTHS}\s+and\s+{_MONTHS}(?!\s+\d{{1,2}}\b)(?:,?\s*(?:19|20)\d\d)?\b""",
        "q": r"\b(?:Q[1-4]|H[12])\b(?:\s*(?:of\s+)?(?:19|20)\d\d\b)?",
        "month": rf"""\b{_MONTHS}(?!\s+\d{{1,2}}\b)(?:\s+(?:19|20)\d\d|\s+(?:this|last)\s+year)?
            \b""",
        "fy": r"\bfull[- ]year\s+(?:of\s+)?(?:19|20)\d\d\b",
        "rel": r"\b(?:this|last)\s+year\b(?!['\u2019]s)",
        # A year, not an amount: "1900亿元", "2000 billion yuan", "2010 enterprises" are not.
        "year": r"""(?<![\d.,$-])(?:19|20)\d\d(?!\d|[,.]\d|%|\s*(?:-|\u2013)\s*\d|\s+\(|\s*年
            |\s*(?:万亿|亿|万|千|元|美元|个|家|吨)|\s+(?:thousand|million|billion|trillion|bn|mln
            |yuan|dollars?|U\.S\.|US|enterprises|companies|firms|tons|tonnes|percent)\b)""",
    }.items()
}
_EN_KINDS = list(_EN)
_EN_BRANCHES = list(_EN.values())
_ZH = regex.compile(
    r"(?P<zh>(?:(?:19|20)\d\d年|今年|去年|上年|本年)?"
    r"(?:\d{1,2}月?\s*[-—–~至到]\s*\d{1,2}月份?|[前首][\d一二三四五六七八九十两]+个?月|前[三3]季度"
    r"|前[两二2]季度|第?[一二三四1-4]季度|第[一二三四1-4]季(?![度节])|[上下]半年|全年"
    r"|\d{1,2}月份?(?![\d日])|以来)"
    r"|(?:19|20)\d\d年(?![\d]|度?(?:[上下前第\d]|[一二三四](?=季)))|今年|去年|上年"
    r"|[“\"]?十[一二三四五六]五[”\"]?(?:时期|期间)?(?:[（(]\d{4}[-—–]\d{2,4}年?[）)])?)"
)
_DAY_DATE = regex.compile(rf"(?i)\b{_MONTHS}\s+\d{{1,2}}\b(?:,\s*(?:19|20)\d\d)?|\d+月\d+日")
_SINCE_WORDS = regex.compile(r"(?i)^since\s+(?:the\s+start\s+of\s+)?")
_SUPERLATIVE = regex.compile(r"(?:的)?(?:最高|最低|新高|新低|首次|最大|最快)")
#: "since" earlier in the clause makes a month or year the start of a span up to publication.
_SINCE_BEFORE = regex.compile(r"(?i)\bsince\b[^,.;]*$")
_ALONE = regex.compile(r"\s*(?:alone|only)|单月|当月")
#: A year named as what a figure is compared with ("比去年同期增长", "较上年", "up 5% from last
#: year", "compared with 2024") is the comparison base, not the period of the figure.
#: "仅低于9月" (second only to September) and "3.4 times the amount in 2019" name a period
#: the figure is ranked or multiplied against, not its own.
_BASE_BEFORE = regex.compile(
    r"(?:比|较|与|同|相比|对比|低于|高于|低於|高於|次于|次於)\s*$"
    r"|(?i:\b(?:than|versus|vs\.?|compared\s+(?:with|to)|relative\s+to)\s+(?:in\s+)?(?:the\s+)?$)"
    r"|(?i:\btimes\s+(?:the\s+)?(?:amount|figure|level|value|volume)\s+(?:in|of)\s+$)"
)
#: Before a bare year only: "up 5 percent from last year", "on 2024", "over last year".
_BASE_BEFORE_YEAR = regex.compile(
    r"(?i)\b(?:from|over|on|against|(?:same|corresponding)\s+(?:period|months?|quarter)"
    r"(?:\s+(?:of|in))?)\s+$"
)
#: Matched at the period's end (``match(text, pos)``: no "^", which would need a line start).
#: "今年同比增长" keeps 今年 as the period: only a base period or an "after" is taken.
_BASE_AFTER = regex.compile(r"\s*(?:同期|同月|之后|以后)")
_FROM_MONTH = regex.compile(r"(?i)\d\s*(?:%|percent|per\s+cent)\s+(?:from|over|on)\s+$")
_AND = regex.compile(r"(?i)\s+and\s+")


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period phrase, where it is, and what it means."""

    start: int
    end: int
    surface: str
    period: Period
    single_month: bool = False


#: Hong Kong, Taiwan and Malaysian spellings of the same periods: 首5个月 (the first five
#: months), 第3季 (the third quarter), 前3季度 (the first three quarters, not the third).
_ZH_SPELLINGS = (
    (regex.compile(r"首(?=[\d一二三四五六七八九十两]+个?月)"), "前"),
    (regex.compile(r"前3季度"), "前三季度"),
    (regex.compile(r"前[2二]季度"), "前两季度"),
    (regex.compile(r"季$"), "季度"),
)


def _zh_spelling(surface: str) -> str:
    for pattern, replacement in _ZH_SPELLINGS:
        surface = pattern.sub(replacement, surface)
    return surface


def _since(text: str, anchor: dt.date | None) -> Period | None:
    """ "since August last year" → August of that year up to the last complete month."""
    if anchor is None:
        return None
    rest = _SINCE_WORDS.sub("", text)
    try:
        start = parse_period(rest, anchor=anchor)
    except PeriodError:
        return None
    end = anchor.year * 100 + anchor.month - 1 if anchor.month > 1 else (anchor.year - 1) * 100 + 12
    if start.start > end:
        return None
    if start.start % 100 == 1 and start.start // 100 == end // 100:
        return Period.ytd(end // 100, end % 100)
    return Period.span(start.start, end)


def _candidates(text: str) -> Iterator[tuple[str, regex.Match[str]]]:
    """(kind, match): the English phrases (kind = the pattern's name), then the Chinese ("zh")."""
    for index, match in finditer_any(_EN_BRANCHES, text):
        yield _EN_KINDS[index], match
    for match in _ZH.finditer(text):
        yield "zh", match


def _is_base(text: str, kind: str, m: regex.Match[str]) -> bool:
    """A period named as the comparison base: "比去年同期", "降幅较一季度收窄", "up 5 percent
    from last year", "faster than in the first quarter"."""
    before = text[max(0, m.start() - 20) : m.start()]
    if _BASE_BEFORE.search(before):
        return True
    surface = m.group(0)
    if kind == "month" and _FROM_MONTH.search(before):
        return True  # "down 0.3% from May": the month compared with
    bare_year = surface[:4].isdigit() and surface.rstrip("年").isdigit()
    if not (surface in ("今年", "去年", "上年", "本年") or bare_year or kind == "rel"):
        return False
    return bool(_BASE_BEFORE_YEAR.search(before) or _BASE_AFTER.match(text, m.end()))


def find_periods(text: str, anchor: dt.date | None) -> list[PeriodMention]:
    """Every period phrase in ``text`` the period parser accepts, in order."""
    days = [(m.start(), m.end()) for m in _DAY_DATE.finditer(text)]
    found: list[PeriodMention] = []
    for kind, m in _candidates(text):
        if any(a <= m.start() < b for a, b in days):
            continue
        surface = m.group(0)
        if kind == "zh" and surface == "以来":
            continue
        if kind == "zh" and surface.endswith("以来") and _SUPERLATIVE.match(text, m.end()):
            continue  # "9月升至今年以来最高值": the month's level, not a year-to-date figure
        if _is_base(text, kind, m):
            continue
        try:
            if kind == "pair":
                period = parse_period(_AND.sub("-", surface.strip()), anchor=anchor)
                if period.month_count != 2:
                    continue  # "January and March": two months, not one span
            elif kind == "since":
                period = _since(surface, anchor)
            elif surface.strip() == "以来":
                continue
            else:
                period = parse_period(_zh_spelling(surface.strip()), anchor=anchor)
        except PeriodError:
            continue
        if period is None:
            continue
        if (
            period.kind in ("month", "year", "ytd")
            and anchor is not None
            and _SINCE_BEFORE.search(text[: m.start()])
        ):
            period = _since("since " + surface.strip(), anchor) or period
        alone = period.kind == "month" and bool(_ALONE.match(text[m.end() : m.end() + 8]))
        found.append(PeriodMention(m.start(), m.end(), surface, period, single_month=alone))
    found.sort(key=lambda p: p.start)
    return found
