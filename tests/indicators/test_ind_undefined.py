"""Zero and missing bases give a reason, never inf, NaN or 0; inexact inputs are refused."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal as D

import pytest

from tradestat.errors import TradestatError
from tradestat.indicators import (
    Derived,
    InvalidArgument,
    NotExact,
    Reason,
    balance,
    cagr,
    contribution,
    contribution_rate,
    gap,
    multi_period_growth,
    period_total,
    rank,
    record_events,
    round_half_up,
    share,
    share_change,
    threshold_events,
    unit_value,
    value,
    yoy,
)


@pytest.mark.parametrize(("result", "reason"), [
    (yoy(10, 0), "base period value is zero"),
    (yoy(10, None), "base period has no data"),
    (yoy(None, 10), "current period has no data"),
    (yoy(10, -5), Reason.BASE_NEGATIVE),
    (share(5, 0), "the whole is zero"),
    (share(5, None), "the whole has no data"),
    (share(None, 5), "the part has no data"),
    (contribution(5, 3, 0), "the base period total is zero"),
    (contribution(5, None, 10), "the part has no data in the base period"),
    (contribution(5, 3, None), "the base period total has no data"),
    (contribution_rate(5, 3, 20, 20), Reason.TOTAL_UNCHANGED),
    (contribution_rate(5, 3, None, 20), "the current period total has no data"),
    (share_change(1, 2, 1, 0), "the whole is zero in the base period"),
    (share_change(None, 2, 1, 4), "the part has no data in the current period"),
    (gap(yoy(1, 0), D("3.8")), "growth is not defined (base period value is zero)"),
    (gap(D("19.9"), None), "reference growth has no data"),
    (cagr(0, 10, 4), "first period value is zero"),
    (cagr(-1, 10, 4), "a compound rate is not defined for negative values"),
    (cagr(1, None, 4), "last period has no data"),
    (multi_period_growth(100, 0), "previous period total is zero"),
    (multi_period_growth(100, None), "previous period total has no data"),
    (balance(None, 5), "exports have no data"),
    (unit_value(100, 0), "quantity is zero"),
    (unit_value(100, None), "quantity has no data"),
    (unit_value(100, -2), "quantity is negative"),
    (value(None), "no data"),
    (period_total([]), "no periods to add up"),
])
def test_undefined_carries_its_reason(result: Derived, reason: str) -> None:
    assert not result.defined
    assert result.value is None
    assert result.undefined == reason
    assert result.rounded(1) is None
    assert result.formula  # still shows what was attempted


def test_undefined_formula_shows_the_attempt() -> None:
    assert yoy(10, 0).formula == "(10 / 0 − 1) × 100"
    assert yoy(None, 10).formula == "(n/a / 10 − 1) × 100"
    assert balance(5, -3).formula == "5 − (−3)"


def test_defined_edge_values() -> None:
    assert cagr(100, 0, 4).value == -100  # a fall to zero is −100 %, not undefined
    assert yoy(0, 100).value == -100
    assert share(0, 100).value == 0
    assert contribution(0, 0, 100).value == 0
    assert balance(596, 4607).value == -4011


CALLS: list[tuple[str, Callable[..., object], int]] = [
    ("yoy", yoy, 2), ("share", share, 2), ("contribution", contribution, 3),
    ("contribution_rate", contribution_rate, 4), ("share_change", share_change, 4),
    ("gap", gap, 2), ("multi_period_growth", multi_period_growth, 2), ("balance", balance, 2),
    ("unit_value", unit_value, 2), ("cagr", cagr, 3),
]


@pytest.mark.parametrize(("name", "function", "arity"), CALLS, ids=[c[0] for c in CALLS])
@pytest.mark.parametrize("bad", [12.95, True, "12.95"], ids=["float", "bool", "str"])
def test_inexact_operands_are_refused(name: str, function: Callable[..., object], arity: int,
                                      bad: object) -> None:
    for position in range(arity):
        args: list[object] = [D(7)] * arity
        args[position] = bad
        with pytest.raises(TypeError) as caught:
            function(*args)
        assert isinstance(caught.value, NotExact)
        assert isinstance(caught.value, TradestatError)


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")])
def test_non_finite_decimals_are_refused(bad: D) -> None:
    with pytest.raises(InvalidArgument):
        yoy(bad, 10)
    with pytest.raises(InvalidArgument):
        share(10, bad)
    with pytest.raises(ValueError):
        rank({"a": bad})


def test_other_entry_points_refuse_floats() -> None:
    for call in (lambda: rank({"a": 1.5}), lambda: threshold_events([("a", 1)], 0.5),
                 lambda: record_events([("a", 1.5)]), lambda: period_total([1.5]),
                 lambda: round_half_up(12.95, 1), lambda: value(1.5),
                 lambda: Derived(value=1.5, unit="percent")):  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            call()


def test_bad_options_are_refused() -> None:
    with pytest.raises(InvalidArgument):
        cagr(1, 2, 0)
    with pytest.raises(TypeError):
        cagr(1, 2, 2.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        rank({"a": 1}, ties="average")
    with pytest.raises(InvalidArgument):
        threshold_events([("a", 1), ("a", 2)], 1)
    with pytest.raises(InvalidArgument):
        gap(balance(5, 3), D(1))  # a currency amount is not a rate
    with pytest.raises(InvalidArgument):
        gap(yoy(2, 1), gap(D(1), D(2)))  # percent against pp


def test_derived_holds_exactly_one_of_value_and_reason() -> None:
    with pytest.raises(InvalidArgument):
        Derived(value=None, unit="percent")
    with pytest.raises(InvalidArgument):
        Derived(value=D(1), unit="percent", undefined="both")
    with pytest.raises(InvalidArgument):
        Derived(value=D("NaN"), unit="percent")
    frozen = Derived(value=D(1), unit="percent")
    with pytest.raises(AttributeError):
        frozen.value = D(2)  # type: ignore[misc]


def test_round_half_up() -> None:
    assert round_half_up(D("0.05"), 1) == D("0.1")
    assert round_half_up(D("12.25"), 1) == D("12.3")  # round() would give 12.2
    assert round_half_up(D("2.675"), 2) == D("2.68")  # round(2.675, 2) gives 2.67
    assert round_half_up(D("-8.95"), 1) == D("-9.0")  # falls round by magnitude
    assert round_half_up(D("144.297"), 1) == D("144.3")
    assert round_half_up(5, 1) == D("5.0")
    assert str(round_half_up(D("92.753"), 2)) == "92.75"


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    expected = yoy(D("520370"), D("434000")).value
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        ctx.rounding = decimal.ROUND_DOWN
        assert yoy(D("520370"), D("434000")).value == expected
        assert round_half_up(D("12.95"), 1) == D("13.0")
    assert len(expected.as_tuple().digits) >= 28


def test_rank_with_no_values() -> None:
    assert rank({}) == {}
    ranks = rank({"a": None, "b": None})
    assert all(not r.defined for r in ranks.values())


def test_threshold_missing_earlier_periods() -> None:
    series = [("2021", D(1)), ("2022", None), ("2023", D(9))]
    events = threshold_events(series, 5)
    assert events["2023"].reached is True
    assert events["2023"].first_time is None
    assert events["2023"].undefined == "earlier periods have no data: 2022"
    assert not events["2023"].defined
    assert events["2022"].reached is None and events["2022"].undefined == (
        "value of 2022 has no data")
    assert events["2021"].first_time is False and events["2021"].defined
    # One earlier period already at or above settles "not the first time" despite a gap.
    later = threshold_events([("a", D(9)), ("b", None), ("c", D(10))], 5)
    assert later["c"].first_time is False
    assert later["a"].first_time is None and later["a"].undefined == Reason.NO_EARLIER


def test_threshold_below() -> None:
    events = threshold_events([("a", D(12)), ("b", D(10)), ("c", D(9))], 10, above=False)
    assert [e.reached for e in events.values()] == [False, False, True]
    assert events["c"].first_time is True


def test_record_missing_earlier_and_ties() -> None:
    events = record_events([("a", D(5)), ("b", None), ("c", D(7)), ("d", D(7)), ("e", D(3))])
    assert events["c"].record is None and events["c"].undefined == (
        "earlier periods have no data: b")
    assert events["d"].record is False  # a tie is not a new high
    assert events["e"].record is False
    assert events["e"].previous_best == 7 and events["e"].previous_best_label == "c"
    lows = record_events([("a", D(5)), ("b", D(4)), ("c", D(4))], highest=False)
    assert [e.record for e in lows.values()] == [None, True, False]
