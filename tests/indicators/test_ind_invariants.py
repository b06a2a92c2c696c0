"""Invariants that hold for any data: the identities a bulletin's figures must satisfy together."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tradestat.indicators import (
    cagr,
    contribution,
    contribution_rate,
    gap,
    rank,
    share,
    share_change,
    yoy,
)

FAST = settings(max_examples=150, deadline=None)
TOLERANCE = Fraction(1, 10**20)


def total(xs: Iterable[Decimal | None]) -> Fraction:
    """Exact sum on the test side, so the test adds no rounding of its own."""
    return sum((Fraction(x) for x in xs if x is not None), Fraction(0))


def close(a: Fraction, b: Fraction, scale: Fraction = Fraction(1)) -> bool:
    """Equal within 1e-20 of ``scale`` (the magnitude of the terms that were added up)."""
    return abs(a - b) <= TOLERANCE * max(Fraction(1), abs(scale))

amounts = st.integers(min_value=0, max_value=10**14).map(lambda n: Decimal(n).scaleb(-1))
positive = st.integers(min_value=1, max_value=10**14).map(lambda n: Decimal(n).scaleb(-1))
partitions = st.lists(st.tuples(amounts, amounts), min_size=1, max_size=25)


@FAST
@given(parts=st.lists(amounts, min_size=1, max_size=40).filter(lambda xs: sum(xs) > 0))
def test_shares_of_a_full_partition_sum_to_100(parts: list[Decimal]) -> None:
    whole = sum(parts, Decimal(0))
    assert abs(total(share(p, whole).value for p in parts) - 100) <= TOLERANCE


@FAST
@given(pairs=partitions.filter(lambda ps: sum(b for _, b in ps) > 0))
def test_contributions_of_a_full_partition_sum_to_total_growth(
        pairs: list[tuple[Decimal, Decimal]]) -> None:
    now = sum((n for n, _ in pairs), Decimal(0))
    base = sum((b for _, b in pairs), Decimal(0))
    parts = [contribution(n, b, base).value for n, b in pairs]
    assert close(total(parts), Fraction(yoy(now, base).value), total(abs(c) for c in parts))


@FAST
@given(pairs=partitions.filter(lambda ps: sum(n for n, _ in ps) != sum(b for _, b in ps)))
def test_contribution_rates_of_a_full_partition_sum_to_100(
        pairs: list[tuple[Decimal, Decimal]]) -> None:
    now = sum((n for n, _ in pairs), Decimal(0))
    base = sum((b for _, b in pairs), Decimal(0))
    rates = [contribution_rate(n, b, now, base).value for n, b in pairs]
    assert close(total(rates), Fraction(100), total(abs(r) for r in rates))


@FAST
@given(pairs=partitions.filter(lambda ps: sum(b for _, b in ps) > 0
                               and sum(n for n, _ in ps) != sum(b for _, b in ps)))
def test_contribution_rate_is_contribution_over_total_growth(
        pairs: list[tuple[Decimal, Decimal]]) -> None:
    now = sum((n for n, _ in pairs), Decimal(0))
    base = sum((b for _, b in pairs), Decimal(0))
    growth = Fraction(yoy(now, base).value)
    for n, b in pairs:
        via_contribution = Fraction(contribution(n, b, base).value) * 100 / growth
        rate = Fraction(contribution_rate(n, b, now, base).value)
        assert close(rate, via_contribution, rate)


@FAST
@given(x=positive, years=st.integers(min_value=1, max_value=20))
def test_an_unchanged_series_has_zero_growth(x: Decimal, years: int) -> None:
    assert yoy(x, x).value == 0
    assert cagr(x, x, years).value == 0
    assert contribution(x, x, x).value == 0
    assert gap(yoy(x, x), yoy(x, x)).value == 0


@FAST
@given(part=amounts, whole=positive)
def test_an_unchanged_share_has_zero_change(part: Decimal, whole: Decimal) -> None:
    assert share_change(part, whole, part, whole).value == 0
    assert share_change(part * 3, whole * 3, part, whole).value == 0


@FAST
@given(part_now=amounts, part_base=positive, total_base=positive)
def test_contribution_is_base_share_times_part_growth(part_now: Decimal, part_base: Decimal,
                                                     total_base: Decimal) -> None:
    expected = (Fraction(share(part_base, total_base).value)
                * Fraction(yoy(part_now, part_base).value) / 100)
    assert close(Fraction(contribution(part_now, part_base, total_base).value), expected, expected)


@FAST
@given(a=positive, b=positive, c=positive)
def test_growth_rates_chain(a: Decimal, b: Decimal, c: Decimal) -> None:
    first, second = Fraction(yoy(b, a).value), Fraction(yoy(c, b).value)
    chained = (1 + first / 100) * (1 + second / 100)
    direct = 1 + Fraction(yoy(c, a).value) / 100
    # Each factor carries a relative error below 1e-39; their product, below 1e-30 of its terms.
    assert close(chained, direct, (1 + abs(first) / 100) * (1 + abs(second) / 100))


@FAST
@given(values=st.lists(st.integers(0, 9).map(Decimal), min_size=1, max_size=15))
def test_ranks_are_consistent(values: list[Decimal]) -> None:
    data = {i: v for i, v in enumerate(values)}
    competition = rank(data)
    dense = rank(data, ties="dense")
    ascending = rank(data, descending=False)
    assert max(r.value for r in dense.values()) == len(set(values))
    for i, v in data.items():
        assert competition[i].value == 1 + sum(w > v for w in values)
        assert ascending[i].value == 1 + sum(w < v for w in values)
        assert dense[i].value <= competition[i].value
    # The best member is first whatever the tie rule.
    assert {competition[i].value for i, v in data.items() if v == max(values)} == {1}
