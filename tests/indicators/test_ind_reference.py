"""Every indicator against an independent reference computation on random data (hypothesis).

The references below are written from the definitions in DOMAIN.md §3.1, not from the
implementation: exact rational arithmetic with ``fractions.Fraction`` (floats for the CAGR root,
pandas for ranking), their own half-up rounding, and naive quadratic scans for the event flags.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tradestat.indicators import (
    balance,
    cagr,
    contribution,
    contribution_rate,
    gap,
    multi_period_growth,
    period_total,
    rank,
    record_events,
    share,
    share_change,
    threshold_events,
    unit_value,
    yoy,
)

FAST = settings(max_examples=150, deadline=None)

#: Amounts in 亿元 with up to four decimals, zero included, up to a trillion.
amounts = st.integers(min_value=0, max_value=10**16).map(lambda n: Decimal(n).scaleb(-4))
positive = st.integers(min_value=1, max_value=10**16).map(lambda n: Decimal(n).scaleb(-4))
signed = st.integers(min_value=-(10**16), max_value=10**16).map(lambda n: Decimal(n).scaleb(-4))
rates = st.integers(min_value=-10**6, max_value=10**6).map(lambda n: Decimal(n).scaleb(-3))


def ref_half_up(x: Fraction, places: int = 1) -> Fraction:
    """Round half away from zero, from the definition."""
    scale = Fraction(10) ** places
    magnitude = math.floor(abs(x) * scale + Fraction(1, 2))
    return Fraction(magnitude if x >= 0 else -magnitude) / scale


def assert_close(result: Decimal | None, expected: Fraction) -> None:
    """Equal to 30 significant digits and equal after half-up rounding to 1 and 2 decimals."""
    assert result is not None
    got = Fraction(result)
    assert abs(got - expected) <= abs(expected) * Fraction(1, 10**30) + Fraction(1, 10**30)
    for places in (1, 2):
        assert Fraction(ref_half_up(Fraction(result), places)) == ref_half_up(expected, places)


@FAST
@given(current=amounts, base=positive)
def test_yoy_matches_reference(current: Decimal, base: Decimal) -> None:
    expected = (Fraction(current) / Fraction(base) - 1) * 100
    result = yoy(current, base)
    assert result.unit == "percent"
    assert_close(result.value, expected)
    assert Fraction(result.rounded(1)) == ref_half_up(expected)


@FAST
@given(part=amounts, whole=positive)
def test_share_matches_reference(part: Decimal, whole: Decimal) -> None:
    assert_close(share(part, whole).value, Fraction(part) * 100 / Fraction(whole))


@FAST
@given(part_now=amounts, part_base=amounts, total_base=positive)
def test_contribution_matches_reference(part_now: Decimal, part_base: Decimal,
                                        total_base: Decimal) -> None:
    expected = (Fraction(part_now) - Fraction(part_base)) / Fraction(total_base) * 100
    result = contribution(part_now, part_base, total_base)
    assert result.unit == "pp"
    assert_close(result.value, expected)


@FAST
@given(part_now=amounts, part_base=amounts, total_now=amounts, total_base=amounts)
def test_contribution_rate_matches_reference(part_now: Decimal, part_base: Decimal,
                                             total_now: Decimal, total_base: Decimal) -> None:
    result = contribution_rate(part_now, part_base, total_now, total_base)
    if total_now == total_base:
        assert not result.defined
        return
    expected = ((Fraction(part_now) - Fraction(part_base))
                / (Fraction(total_now) - Fraction(total_base)) * 100)
    assert_close(result.value, expected)


@FAST
@given(part_now=amounts, whole_now=positive, part_base=amounts, whole_base=positive)
def test_share_change_matches_reference(part_now: Decimal, whole_now: Decimal,
                                        part_base: Decimal, whole_base: Decimal) -> None:
    expected = (Fraction(part_now) / Fraction(whole_now)
                - Fraction(part_base) / Fraction(whole_base)) * 100
    result = share_change(part_now, whole_now, part_base, whole_base)
    assert result.unit == "pp"
    assert_close(result.value, expected)


@FAST
@given(growth=rates, reference=rates)
def test_gap_matches_reference(growth: Decimal, reference: Decimal) -> None:
    result = gap(growth, reference)
    assert result.unit == "pp"
    assert Fraction(result.value) == Fraction(growth) - Fraction(reference)


@FAST
@given(first=positive, last=amounts, years=st.integers(min_value=1, max_value=30))
def test_cagr_matches_float_reference(first: Decimal, last: Decimal, years: int) -> None:
    expected = ((float(last) / float(first)) ** (1.0 / years) - 1.0) * 100.0
    result = cagr(first, last, years)
    assert result.value is not None
    assert math.isclose(float(result.value), expected, rel_tol=1e-9, abs_tol=1e-9)


@FAST
@given(first=positive, last=amounts)
def test_cagr_over_one_year_is_yoy(first: Decimal, last: Decimal) -> None:
    assert cagr(first, last, 1).value == yoy(last, first).value


@FAST
@given(now=st.lists(amounts, min_size=1, max_size=6), before=st.lists(positive, min_size=1,
                                                                       max_size=6))
def test_multi_period_growth_matches_reference(now: list[Decimal], before: list[Decimal]) -> None:
    expected = (sum(map(Fraction, now)) / sum(map(Fraction, before)) - 1) * 100
    current, previous = period_total(now), period_total(before)
    assert Fraction(current.value) == sum(map(Fraction, now))
    assert_close(multi_period_growth(current.value, previous.value).value, expected)


@FAST
@given(exports=amounts, imports=amounts)
def test_balance_matches_reference(exports: Decimal, imports: Decimal) -> None:
    assert Fraction(balance(exports, imports).value) == Fraction(exports) - Fraction(imports)


@FAST
@given(amount=amounts, quantity=positive)
def test_unit_value_matches_reference(amount: Decimal, quantity: Decimal) -> None:
    assert_close(unit_value(amount, quantity).value, Fraction(amount) / Fraction(quantity))


values_with_gaps = st.lists(st.one_of(st.none(), st.integers(0, 20).map(Decimal)),
                            min_size=1, max_size=12)


@FAST
@given(values=values_with_gaps, descending=st.booleans(), ties=st.sampled_from(["min", "dense"]))
def test_rank_matches_pandas(values: list[Decimal | None], descending: bool, ties: str) -> None:
    keys = [f"m{i}" for i in range(len(values))]
    series = pd.Series([None if v is None else float(v) for v in values], index=keys,
                       dtype="float64")
    expected = series.rank(method=ties, ascending=not descending)
    result = rank(dict(zip(keys, values, strict=True)), descending=descending, ties=ties)
    assert list(result) == keys
    for key in keys:
        if pd.isna(expected[key]):
            assert not result[key].defined
            assert result[key].undefined.startswith("not ranked")
        else:
            assert result[key].value == Decimal(int(expected[key]))
            assert result[key].unit == "rank"


def ref_threshold(values: list[Decimal | None], t: Decimal) -> list[tuple[object, object]]:
    """(reached, first_time) per position by the definition, None where undecidable."""
    out: list[tuple[object, object]] = []
    for i, v in enumerate(values):
        if v is None:
            out.append((None, None))
            continue
        reached = v >= t
        earlier = values[:i]
        if not reached:
            out.append((False, False))
        elif any(e is not None and e >= t for e in earlier):
            out.append((True, False))
        elif not earlier or any(e is None for e in earlier):
            out.append((True, None))
        else:
            out.append((True, True))
    return out


def ref_record(values: list[Decimal | None]) -> list[object]:
    out: list[object] = []
    for i, v in enumerate(values):
        earlier = values[:i]
        if v is None:
            out.append(None)
        elif any(e is not None and e >= v for e in earlier):
            out.append(False)
        elif not earlier or any(e is None for e in earlier):
            out.append(None)
        else:
            out.append(True)
    return out


@FAST
@given(values=values_with_gaps, threshold=st.integers(0, 20).map(Decimal))
def test_threshold_events_match_reference(values: list[Decimal | None],
                                          threshold: Decimal) -> None:
    series = [(f"p{i}", v) for i, v in enumerate(values)]
    events = threshold_events(series, threshold)
    assert [(e.reached, e.first_time) for e in events.values()] == ref_threshold(values,
                                                                                threshold)
    below = threshold_events(series, threshold, above=False)
    for e_above, e_below in zip(events.values(), below.values(), strict=True):
        if e_above.reached is not None:
            assert e_below.reached is (not e_above.reached)
    assert sum(e.first_time is True for e in events.values()) <= 1


@FAST
@given(values=values_with_gaps)
def test_record_events_match_reference(values: list[Decimal | None]) -> None:
    events = record_events([(f"p{i}", v) for i, v in enumerate(values)])
    assert [e.record for e in events.values()] == ref_record(values)
    negated = [None if v is None else -v for v in values]
    lows = record_events([(f"p{i}", v) for i, v in enumerate(negated)], highest=False)
    assert [e.record for e in lows.values()] == ref_record(values)
