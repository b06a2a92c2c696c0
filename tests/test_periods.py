"""The period algebra: construction, algebra, machine syntax, EN/ZH parsing, formatting, coverage.

Hand-written cases cover every surface form of TEXT_PARSING.md §2; hypothesis checks the round
trips (machine syntax exactly, human forms to the same months) over random periods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradestat.errors import TradestatError
from tradestat.periods import (
    KINDS,
    LANGS,
    STYLES,
    CoverageError,
    Period,
    PeriodError,
    covers,
    describe_months,
    format_period,
    missing_months,
    parse_period,
    plan_starting,
    plan_years,
    require_coverage,
)

P = Period
#: A publication date in late June 2025: May 2025 is the last complete month.
JUNE = dt.date(2025, 6, 20)


# --- construction ---------------------------------------------------------------------------


def test_constructors_give_the_months_they_name():
    assert P.month(2025, 5).months() == (202505,)
    assert P.ytd(2025, 5).months() == (202501, 202502, 202503, 202504, 202505)
    assert (P.quarter(2025, 2).start, P.quarter(2025, 2).end) == (202504, 202506)
    assert (P.half(2025, 2).start, P.half(2025, 2).end) == (202507, 202512)
    assert (P.year(2025).start, P.year(2025).end) == (202501, 202512)
    assert P.span(202411, 202502).months() == (202411, 202412, 202501, 202502)


@pytest.mark.parametrize(
    ("number", "years"),
    [(1, (1953, 1957)), (2, (1958, 1962)), (3, (1966, 1970)), (9, (1996, 2000)),
     (13, (2016, 2020)), (14, (2021, 2025)), (15, (2026, 2030))],
)  # fmt: skip
def test_five_year_plans_follow_history_including_the_1963_65_gap(number, years):
    plan = P.plan(number)
    assert plan_years(number) == years
    assert (plan.start, plan.end) == (years[0] * 100 + 1, years[1] * 100 + 12)
    assert plan.kind == "plan" and plan.plan == number
    assert plan_starting(years[0]) == number
    assert plan.month_count == 60


def test_plan_attribute_is_none_for_other_kinds():
    assert P.year(2025).plan is None
    assert P.span(202101, 202512).plan is None


def test_kind_is_part_of_equality_but_same_months_ignores_it():
    assert P.ytd(2025, 12) != P.year(2025)
    assert P.ytd(2025, 12).same_months(P.year(2025))
    assert P.quarter(2025, 1) != P.ytd(2025, 3)
    assert P.quarter(2025, 1).same_months(P.ytd(2025, 3))
    assert P.span(202101, 202512) != P.plan(14)
    assert len({P.ytd(2025, 12), P.year(2025), P.year(2025)}) == 2


def test_periods_are_frozen_hashable_and_ordered():
    p = P.month(2025, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.start = 202506  # type: ignore[misc]
    assert {p: 1}[P.month(2025, 5)] == 1
    ordered = sorted([P.year(2025), P.month(2024, 3), P.quarter(2025, 1), P.ytd(2025, 5)])
    assert [str(x) for x in ordered] == ["2024-03", "2025Q1", "2025-YTD05", "2025"]
    assert P.month(2024, 12) < P.month(2025, 1)


def test_derived_properties():
    p = P.span(202411, 202502)
    assert p.month_count == 4
    assert p.years == (2024, 2025)
    assert p.year_of_end == 2025
    assert (p.start_year, p.start_month, p.end_month) == (2024, 11, 2)
    assert P.plan(14).years == (2021, 2022, 2023, 2024, 2025)


@pytest.mark.parametrize(
    ("period", "cumulative"),
    [(P.ytd(2025, 5), True), (P.quarter(2025, 1), True), (P.quarter(2025, 2), False),
     (P.half(2025, 1), True), (P.half(2025, 2), False), (P.year(2025), True),
     (P.month(2025, 1), True), (P.month(2025, 5), False), (P.span(202501, 202504), True),
     (P.span(202412, 202501), False), (P.plan(14), False)],
)  # fmt: skip
def test_is_cumulative_means_january_to_a_month_of_the_same_year(period, cumulative):
    assert period.is_cumulative is cumulative


def test_contains_months_and_periods():
    p = P.ytd(2025, 5)
    assert p.contains(202503) and 202505 in p and 202506 not in p
    assert p.contains(P.quarter(2025, 1)) and not p.contains(P.half(2025, 1))
    assert "202503" not in p
    with pytest.raises(PeriodError, match="month 13"):
        p.contains(202513)


@pytest.mark.parametrize(
    ("build", "match"),
    [(lambda: P.month(2025, 13), "month"), (lambda: P.month(2025, 0), "month"),
     (lambda: P.quarter(2025, 5), "quarter"), (lambda: P.half(2025, 3), "half"),
     (lambda: P.span(202505, 202503), "ends .* before it starts"),
     (lambda: P.span(202513, 202601), "month 13"), (lambda: P.plan(0), "plan"),
     (lambda: P(202502, 202504, "quarter"), "not a quarter"),
     (lambda: P(202401, 202512, "year"), "crosses a year"),
     (lambda: P(202101, 202412, "plan"), "plan 14 runs 2021-2025"),
     (lambda: P(202501, 202501, "week"), "unknown period kind"),
     (lambda: P.year(99), "year"), (lambda: P.month(2025, True), "month")],
)  # fmt: skip
def test_impossible_periods_raise_typed_errors(build, match):
    with pytest.raises(PeriodError, match=match) as caught:
        build()
    assert isinstance(caught.value, TradestatError)


# --- algebra --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "previous"),
    [(P.month(2025, 1), P.month(2024, 12)), (P.month(2025, 5), P.month(2025, 4)),
     (P.quarter(2025, 1), P.quarter(2024, 4)), (P.quarter(2025, 3), P.quarter(2025, 2)),
     (P.half(2025, 1), P.half(2024, 2)), (P.year(2025), P.year(2024)),
     (P.plan(14), P.plan(13)), (P.plan(3), P.plan(2)),
     (P.ytd(2025, 5), P.span(202408, 202412)), (P.ytd(2025, 12), P.ytd(2024, 12)),
     (P.span(202403, 202502), P.span(202303, 202402))],
)  # fmt: skip
def test_previous_period_is_the_preceding_run_of_equal_length(period, previous):
    assert period.previous_period() == previous


def test_the_first_plan_has_no_previous_plan():
    with pytest.raises(PeriodError, match="no previous plan"):
        P.plan(1).previous_period()


@pytest.mark.parametrize(
    ("period", "base"),
    [(P.month(2025, 5), P.month(2024, 5)), (P.ytd(2025, 5), P.ytd(2024, 5)),
     (P.quarter(2025, 1), P.quarter(2024, 1)), (P.half(2025, 2), P.half(2024, 2)),
     (P.year(2025), P.year(2024)), (P.span(202403, 202502), P.span(202303, 202402)),
     (P.plan(14), P.plan(13)), (P.plan(15), P.plan(14))],
)  # fmt: skip
def test_comparison_is_the_customs_default_base(period, base):
    assert period.comparison() == base


def test_previous_year_shifts_twelve_months_for_every_kind():
    assert P.ytd(2025, 5).previous_year() == P.ytd(2024, 5)
    assert P.plan(14).previous_year() == P.span(202001, 202412)
    assert P.month(2025, 1).previous_year() == P.month(2024, 1)


def test_shift_keeps_the_kind_only_where_it_still_fits():
    assert P.quarter(2025, 1).shift(3) == P.quarter(2025, 2)
    assert P.quarter(2025, 1).shift(1) == P.span(202502, 202504)
    assert P.ytd(2025, 5).shift(-12) == P.ytd(2024, 5)
    assert P.month(2025, 12).shift(1) == P.month(2026, 1)
    assert P.plan(14).shift(-60) == P.plan(13)
    with pytest.raises(PeriodError):
        P.month(1000, 1).shift(-1)


def test_by_year_cuts_at_year_boundaries():
    assert P.plan(14).by_year() == tuple(P.year(y) for y in range(2021, 2026))
    assert P.span(202411, 202503).by_year() == (P.span(202411, 202412), P.ytd(2025, 3))
    assert P.quarter(2025, 2).by_month() == (P.month(2025, 4), P.month(2025, 5), P.month(2025, 6))


# --- machine syntax -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [("2025", P.year(2025)), ("2025-05", P.month(2025, 5)), ("2025-YTD05", P.ytd(2025, 5)),
     ("2025Q1", P.quarter(2025, 1)), ("2025H2", P.half(2025, 2)),
     ("2024-03..2025-02", P.span(202403, 202502)), ("FYP14", P.plan(14)),
     ("2025-05..2025-05", P.span(202505, 202505))],
)  # fmt: skip
def test_machine_syntax(text, period):
    assert str(period) == text
    assert P.parse(text) == period
    assert P.parse(text.lower()) == period
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["2025-13", "2025Q5", "2025H3", "2025-05..2025-03", "FYP0",
                                  "May 2025", "2025-5", "", "2025-YTD00"])
def test_machine_syntax_refuses_anything_else(text):
    with pytest.raises(PeriodError):
        P.parse(text)


def _yyyymm(index: int) -> int:
    """Months counted from year 0 → YYYYMM."""
    return (index // 12) * 100 + index % 12 + 1


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Any valid period of any kind, years 1000-9999."""
    kind = draw(st.sampled_from(KINDS))
    year = draw(st.integers(1000, 9999))
    if kind == "month":
        return P.month(year, draw(st.integers(1, 12)))
    if kind == "ytd":
        return P.ytd(year, draw(st.integers(1, 12)))
    if kind == "quarter":
        return P.quarter(year, draw(st.integers(1, 4)))
    if kind == "half":
        return P.half(year, draw(st.integers(1, 2)))
    if kind == "year":
        return P.year(year)
    if kind == "plan":
        return P.plan(draw(st.integers(1, 1608)))
    first = draw(st.integers(1000 * 12, 9999 * 12 + 11))
    last = min(first + draw(st.integers(0, 300)), 9999 * 12 + 11)
    return P.span(_yyyymm(first), _yyyymm(last))


@given(periods())
def test_machine_syntax_round_trips(p):
    assert P.parse(str(p)) == p
    assert parse_period(str(p)) == p
    assert p.month_count == len(p.months())
    if p.start_year > 1000 and p.plan != 1:
        assert p.comparison().month_count == p.month_count


@given(periods(), st.sampled_from(LANGS), st.sampled_from(STYLES))
def test_every_human_form_reads_back_to_the_same_months(p, lang, style):
    text = format_period(p, lang, style)
    back = parse_period(text)
    assert back.same_months(p), (p, text, back)
    if p.kind in ("month", "quarter", "half", "year", "plan") and style != "narrative":
        assert back == p, (p, text, back)


@given(periods())
def test_algebra_invariants(p):
    if p.start >= 100102:
        assert p.previous_year().end == P.month(p.year_of_end, p.end_month).shift(-12).start
    if p.kind != "plan" and (p.start_year - 1000) * 12 + p.start_month > p.month_count:
        before = p.previous_period()
        assert before.month_count == p.month_count
        assert before.end == P.month(p.start_year, p.start_month).shift(-1).start
    assert all(p.contains(m) for m in p.months())
    assert p.is_cumulative == (p.start_month == 1 and p.start_year == p.year_of_end)


# --- parsing: English and Chinese surface forms ------------------------------------------------

SURFACE_FORMS = [
    # years
    ("2025", None, P.year(2025)),
    ("in 2025", None, P.year(2025)),
    ("2025年", None, P.year(2025)),
    ("２０２５年", None, P.year(2025)),
    ("二〇二五年", None, P.year(2025)),
    ("全年", JUNE, P.year(2024)),
    ("2025年全年", None, P.year(2025)),
    ("今年全年", JUNE, P.year(2025)),
    ("the whole of 2025", None, P.year(2025)),
    ("full year 2025", None, P.year(2025)),
    # year to date
    ("first five months of 2025", None, P.ytd(2025, 5)),
    ("in the first 5 months of 2025", None, P.ytd(2025, 5)),
    ("January-May 2025", None, P.ytd(2025, 5)),
    ("January to May", JUNE, P.ytd(2025, 5)),
    ("from January to May 2025", None, P.ytd(2025, 5)),
    ("Jan–May", JUNE, P.ytd(2025, 5)),
    ("Jan.-May 2025", None, P.ytd(2025, 5)),
    ("1-5月", JUNE, P.ytd(2025, 5)),
    ("1—5月", JUNE, P.ytd(2025, 5)),
    ("1–5月", JUNE, P.ytd(2025, 5)),
    ("1至5月", JUNE, P.ytd(2025, 5)),
    ("1到5月", JUNE, P.ytd(2025, 5)),
    ("1月-5月", JUNE, P.ytd(2025, 5)),
    ("1-5月份", JUNE, P.ytd(2025, 5)),
    ("１－５月", JUNE, P.ytd(2025, 5)),
    ("2025年1-5月", None, P.ytd(2025, 5)),
    ("2025年1-5月累计", None, P.ytd(2025, 5)),
    ("前5个月", JUNE, P.ytd(2025, 5)),
    ("前五个月", JUNE, P.ytd(2025, 5)),
    ("2025年前5个月", None, P.ytd(2025, 5)),
    ("今年前5个月", JUNE, P.ytd(2025, 5)),
    ("前11个月", dt.date(2025, 12, 18), P.ytd(2025, 11)),
    ("前十一个月", dt.date(2025, 12, 18), P.ytd(2025, 11)),
    ("the first 11 months", dt.date(2025, 12, 18), P.ytd(2025, 11)),
    ("1-2月", JUNE, P.ytd(2025, 2)),
    ("January-February", JUNE, P.ytd(2025, 2)),
    ("前两个月", JUNE, P.ytd(2025, 2)),
    ("first two months of 2025", None, P.ytd(2025, 2)),
    # single months
    ("5月", JUNE, P.month(2025, 5)),
    ("5月份", JUNE, P.month(2025, 5)),
    ("五月", JUNE, P.month(2025, 5)),
    ("in May", JUNE, P.month(2025, 5)),
    ("May 2025", None, P.month(2025, 5)),
    ("May", JUNE, P.month(2025, 5)),
    ("2025年5月", None, P.month(2025, 5)),
    ("2025年十二月", None, P.month(2025, 12)),
    ("12月", JUNE, P.month(2024, 12)),
    ("Sept 2025", None, P.month(2025, 9)),
    ("202505", None, P.month(2025, 5)),
    # quarters
    ("一季度", JUNE, P.quarter(2025, 1)),
    ("第一季度", JUNE, P.quarter(2025, 1)),
    ("2025年一季度", None, P.quarter(2025, 1)),
    ("2025年第一季度", None, P.quarter(2025, 1)),
    ("今年一季度", JUNE, P.quarter(2025, 1)),
    ("Q1 2025", None, P.quarter(2025, 1)),
    ("2025 Q1", None, P.quarter(2025, 1)),
    ("first quarter", JUNE, P.quarter(2025, 1)),
    ("the first quarter of 2025", None, P.quarter(2025, 1)),
    ("二季度", JUNE, P.quarter(2024, 2)),
    ("二季度", dt.date(2025, 7, 20), P.quarter(2025, 2)),
    ("second quarter of 2025", None, P.quarter(2025, 2)),
    ("2025年Q3", None, P.quarter(2025, 3)),
    # quarters cumulated
    ("前三季度", dt.date(2025, 10, 20), P.ytd(2025, 9)),
    ("2025年前三季度", None, P.ytd(2025, 9)),
    ("first three quarters", dt.date(2025, 10, 20), P.ytd(2025, 9)),
    ("the first three quarters of 2025", None, P.ytd(2025, 9)),
    ("Q1–Q3", dt.date(2025, 10, 20), P.ytd(2025, 9)),
    ("Q1-Q3 2025", None, P.ytd(2025, 9)),
    ("一至三季度", dt.date(2025, 10, 20), P.ytd(2025, 9)),
    ("Q2-Q3 2025", None, P.span(202504, 202509)),
    # halves
    ("上半年", dt.date(2025, 7, 14), P.half(2025, 1)),
    ("上半年", JUNE, P.half(2024, 1)),
    ("2025年上半年", None, P.half(2025, 1)),
    ("first half", dt.date(2025, 7, 14), P.half(2025, 1)),
    ("the first half of 2023", None, P.half(2023, 1)),
    ("the first half of the year", dt.date(2025, 7, 14), P.half(2025, 1)),
    ("H1", dt.date(2025, 7, 14), P.half(2025, 1)),
    ("H1 2025", None, P.half(2025, 1)),
    ("下半年", JUNE, P.half(2024, 2)),
    ("second half", JUNE, P.half(2024, 2)),
    ("second half of 2025", None, P.half(2025, 2)),
    # five-year plans and year ranges
    ("十四五", None, P.plan(14)),
    ("十四五时期", None, P.plan(14)),
    ("“十四五”时期", None, P.plan(14)),
    ("“十四五”时期（2021-2025年）", None, P.plan(14)),
    ("十四五期间", None, P.plan(14)),
    ("第十四个五年规划", None, P.plan(14)),
    ("十三五", None, P.plan(13)),
    ("十五五", None, P.plan(15)),
    ("十二五", None, P.plan(12)),
    ("十五", None, P.plan(10)),  # the 10th plan's own short name (2001-2005)
    ("九五", None, P.plan(9)),
    ("第14个五年规划", None, P.plan(14)),
    ("14th Five-Year Plan period (2021-25)", None, P.plan(14)),
    ("during the 14th Five-Year Plan period (2021-25)", None, P.plan(14)),
    ("the 13th Five-Year Plan", None, P.plan(13)),
    ("the fourteenth five-year plan", None, P.plan(14)),
    ("14th FYP", None, P.plan(14)),
    ("2021-25", None, P.span(202101, 202512)),
    ("2021-2025", None, P.span(202101, 202512)),
    ("2021-2025年", None, P.span(202101, 202512)),
    ("2021年至2025年", None, P.span(202101, 202512)),
    ("2021 to 2025", None, P.span(202101, 202512)),
    # cross-year spans
    ("March 2024 to February 2025", None, P.span(202403, 202502)),
    ("Mar 2024–Feb 2025", None, P.span(202403, 202502)),
    ("2024年3月-2025年2月", None, P.span(202403, 202502)),
    ("3-5月", JUNE, P.span(202503, 202505)),
    ("March-May 2025", None, P.span(202503, 202505)),
    # relative to the publication date
    ("今年", JUNE, P.year(2025)),
    ("this year", JUNE, P.year(2025)),
    ("去年", JUNE, P.year(2024)),
    ("上年", JUNE, P.year(2024)),
    ("last year", JUNE, P.year(2024)),
    ("前年", JUNE, P.year(2023)),
    ("去年上半年", JUNE, P.half(2024, 1)),
    ("first half of last year", JUNE, P.half(2024, 1)),
    ("the first five months of this year", JUNE, P.ytd(2025, 5)),
    ("今年以来", JUNE, P.ytd(2025, 5)),
    ("年初以来", JUNE, P.ytd(2025, 5)),
    ("so far this year", JUNE, P.ytd(2025, 5)),
    ("year to date", JUNE, P.ytd(2025, 5)),
    ("2025年以来", dt.date(2026, 3, 20), P.span(202501, 202602)),
    ("今年以来", dt.date(2026, 1, 20), None),  # nothing of 2026 complete: an error, below
]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [case for case in SURFACE_FORMS if case[2] is not None],
    ids=[case[0] for case in SURFACE_FORMS if case[2] is not None],
)
def test_surface_forms(text, anchor, expected):
    got = parse_period(text, anchor=anchor)
    assert got == expected, (text, str(got), str(expected))


def test_an_explicit_year_ignores_the_anchor():
    assert parse_period("2023年1-5月", anchor=JUNE) == P.ytd(2023, 5)
    assert parse_period("May 2023", anchor=JUNE) == P.month(2023, 5)


def test_a_missing_year_is_the_most_recent_complete_period():
    # Published 20 January 2026: the full year meant is 2025, and so is December.
    anchor = dt.date(2026, 1, 20)
    assert parse_period("全年", anchor=anchor) == P.year(2025)
    assert parse_period("12月", anchor=anchor) == P.month(2025, 12)
    assert parse_period("1-11月", anchor=anchor) == P.ytd(2025, 11)
    # Published on the last day of May: May itself has not ended, so "5月" is May 2024.
    assert parse_period("5月", anchor=dt.date(2025, 5, 31)) == P.month(2024, 5)


def test_lang_restricts_the_grammar():
    assert parse_period("1-5月", anchor=JUNE, lang="zh") == P.ytd(2025, 5)
    assert parse_period("2025Q1", lang="zh") == P.quarter(2025, 1)
    with pytest.raises(PeriodError, match="cannot read"):
        parse_period("first half of 2025", lang="zh")
    with pytest.raises(PeriodError, match="unknown language"):
        parse_period("2025", lang="fr")


# --- parsing errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1-5月", "January-May", "前5个月", "上半年", "first quarter",
                                  "全年", "5月", "in May", "H1"])
def test_missing_year_without_anchor_says_what_is_missing(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    err = caught.value
    assert "which year" in err.message and "anchor" in err.message
    assert repr(text) in err.message
    assert "publication date" in (err.hint or "")


@pytest.mark.parametrize("text", ["今年", "this year", "去年", "last year", "今年以来",
                                  "so far this year", "今年一季度"])
def test_relative_words_need_an_anchor(text):
    with pytest.raises(PeriodError, match="publication date"):
        parse_period(text)


def test_since_january_with_no_complete_month_is_an_error():
    with pytest.raises(PeriodError, match="no month of 2026 had ended"):
        parse_period("今年以来", anchor=dt.date(2026, 1, 20))


@pytest.mark.parametrize("text", ["the weekend", "foo", "2025年春节", "Q1 2025 and Q2",
                                  "first half-decade", "1-5日"])
def test_unknown_text_names_the_text_and_lists_accepted_forms(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text, anchor=JUNE)
    assert repr(text) in caught.value.message
    assert caught.value.text == text
    hint = caught.value.hint or ""
    assert "前5个月" in hint and "first five months" in hint


@pytest.mark.parametrize(
    ("text", "match"),
    [("13月", "month 13"), ("2025年13月", "month 13"), ("2025-13", "neither a month"),
     ("5-3月", "end before they start"), ("May-March 2025", "end before they start"),
     ("2025-2021", "ends before it starts"), ("Q5 2025", "quarter 5"),
     ("前十三个月", "month count 13"), ("H3 2025", "half 3"),
     ("十四五（2016-2020年）", "plan 14 runs 2021-2025"),
     ("14th Five-Year Plan (2016-20)", "plan 14 runs 2021-2025"),
     ("March 2025 to February 2024", "before it starts"), ("", "empty")],
)  # fmt: skip
def test_impossible_text_periods_are_typed_errors(text, match):
    with pytest.raises(PeriodError, match=match):
        parse_period(text, anchor=JUNE)


@pytest.mark.parametrize("text", ["去年同期", "上年同期", "同比", "same period last year",
                                  "year on year", "a year earlier"])
def test_comparison_words_are_not_periods(text):
    with pytest.raises(PeriodError, match="comparison") as caught:
        parse_period(text, anchor=JUNE)
    assert "comparison()" in (caught.value.hint or "")


_GRAMMAR_PIECES = st.sampled_from(
    [*"0123456789-–—~.年月份前个季度上下半全今去以来至到第十一二三四五六七八九〇两QHYTD ()（）“”",
     "first ", "half", "quarter", "months", "of ", "the ", "may", "january", "to ", "fyp",
     "five-year plan", "this year", "last year", "so far", "2025", "th"]
)


@given(st.one_of(st.text(max_size=30), st.lists(_GRAMMAR_PIECES, max_size=8).map("".join)),
       st.one_of(st.none(), st.dates(dt.date(1001, 1, 1), dt.date(9998, 12, 31))))
def test_any_text_gives_a_period_or_a_period_error(text, anchor):
    try:
        got = parse_period(text, anchor=anchor)
    except PeriodError as err:
        assert err.message
    else:
        assert isinstance(got, Period)


def test_non_text_inputs_are_refused():
    with pytest.raises(PeriodError):
        parse_period(2025)  # type: ignore[arg-type]
    with pytest.raises(PeriodError, match="anchor"):
        parse_period("1-5月", anchor="2025-06-20")  # type: ignore[arg-type]


# --- formatting -------------------------------------------------------------------------------

FORMATS = [
    # period, lang, style, text
    (P.year(2025), "en", "long", "2025"),
    (P.year(2025), "zh", "long", "2025年"),
    (P.month(2025, 5), "en", "long", "May 2025"),
    (P.month(2025, 5), "zh", "long", "2025年5月"),
    (P.month(2025, 5), "en", "short", "May 2025"),
    (P.ytd(2025, 5), "en", "long", "January-May 2025"),
    (P.ytd(2025, 5), "en", "narrative", "the first five months of 2025"),
    (P.ytd(2025, 5), "en", "short", "Jan-May 2025"),
    (P.ytd(2025, 5), "zh", "long", "2025年1-5月"),
    (P.ytd(2025, 5), "zh", "narrative", "2025年前5个月"),
    (P.ytd(2025, 2), "en", "long", "January-February 2025"),
    (P.ytd(2025, 2), "zh", "long", "2025年1-2月"),
    (P.ytd(2025, 11), "en", "narrative", "the first 11 months of 2025"),
    (P.ytd(2025, 9), "en", "narrative", "the first three quarters of 2025"),
    (P.ytd(2025, 9), "zh", "narrative", "2025年前三季度"),
    (P.ytd(2025, 6), "zh", "narrative", "2025年上半年"),
    (P.ytd(2025, 12), "zh", "long", "2025年1-12月"),
    (P.ytd(2025, 12), "zh", "narrative", "2025年全年"),
    (P.ytd(2025, 12), "en", "narrative", "the whole of 2025"),
    (P.quarter(2025, 1), "en", "long", "Q1 2025"),
    (P.quarter(2025, 1), "en", "narrative", "the first quarter of 2025"),
    (P.quarter(2025, 1), "zh", "long", "2025年一季度"),
    (P.quarter(2025, 2), "zh", "narrative", "2025年第二季度"),
    (P.half(2025, 1), "en", "long", "H1 2025"),
    (P.half(2025, 2), "en", "narrative", "the second half of 2025"),
    (P.half(2025, 1), "zh", "long", "2025年上半年"),
    (P.half(2025, 2), "zh", "long", "2025年下半年"),
    (P.span(202503, 202505), "en", "long", "March-May 2025"),
    (P.span(202503, 202505), "en", "narrative", "March to May 2025"),
    (P.span(202503, 202505), "zh", "long", "2025年3-5月"),
    (P.span(202403, 202502), "en", "long", "March 2024-February 2025"),
    (P.span(202403, 202502), "zh", "long", "2024年3月-2025年2月"),
    (P.span(202101, 202512), "en", "long", "2021-2025"),
    (P.span(202101, 202512), "zh", "long", "2021-2025年"),
    (P.plan(14), "en", "long", "2021-2025 (14th Five-Year Plan)"),
    (P.plan(14), "en", "narrative", "the 14th Five-Year Plan period (2021-2025)"),
    (P.plan(14), "en", "short", "14th FYP"),
    (P.plan(14), "zh", "long", "“十四五”时期（2021-2025年）"),
    (P.plan(14), "zh", "short", "十四五"),
    (P.plan(13), "zh", "short", "十三五"),
    (P.plan(1), "en", "short", "1st FYP"),
]


@pytest.mark.parametrize(("period", "lang", "style", "text"), FORMATS,
                         ids=[f"{p}-{lang}-{style}" for p, lang, style, _ in FORMATS])
def test_format_period(period, lang, style, text):
    assert format_period(period, lang, style) == text
    assert parse_period(text).same_months(period)


def test_format_defaults_to_english_long():
    assert format_period(P.ytd(2025, 5)) == "January-May 2025"


@pytest.mark.parametrize(("lang", "style"), [("fr", "long"), ("en", "tiny")])
def test_format_refuses_unknown_lang_or_style(lang, style):
    with pytest.raises(PeriodError, match="unknown"):
        format_period(P.year(2025), lang, style)


# --- coverage ---------------------------------------------------------------------------------


def test_missing_months_and_covers():
    loaded = [202501, 202502, 202504, 202505]
    assert missing_months(P.ytd(2025, 5), loaded) == (202503,)
    assert not covers(P.ytd(2025, 5), loaded)
    assert covers(P.quarter(2025, 2), [*loaded, 202506])
    assert covers(P.month(2025, 1), iter(loaded))  # any iterable, read once
    assert missing_months(P.year(2025), []) == P.year(2025).months()


def test_available_may_be_given_as_periods():
    assert covers(P.plan(14), [P.year(y) for y in range(2021, 2026)])
    assert missing_months(P.plan(14), [P.span(202101, 202412)]) == P.year(2025).months()


def test_require_coverage_refuses_with_the_missing_months():
    with pytest.raises(CoverageError) as caught:
        require_coverage(P.year(2025), [P.ytd(2025, 10)], source="warehouse")
    err = caught.value
    assert isinstance(err, PeriodError)
    assert err.missing == (202511, 202512)
    assert "2025-11..2025-12" in err.message and "2 of 12 months" in err.message
    require_coverage(P.ytd(2025, 10), [P.year(2025)])  # covered: no error


def test_describe_months_compacts_runs_across_years():
    assert describe_months([202503, 202411, 202412, 202501]) == "2024-11..2025-01, 2025-03"
    assert describe_months([]) == ""
