"""Growth over time: year-on-year, multi-period, compound annual, and the gap between two rates.

All growth rates are percentages of a base; differences between rates are percentage points.
Each division is done once, at working precision, on unrounded operands: the customs authority
derives growth from unrounded latest-vintage values, so rounding first would shift published
figures (a share of 12.946 % is "12.9", of the rounded 12.95 it would be "13.0").
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from .errors import InvalidArgument, NotExact
from .numbers import CONTEXT, HUNDRED, Number, exact, exact_or_none, show
from .result import (
    BASE,
    PREVIOUS_TOTAL,
    Derived,
    Divisor,
    Reason,
    Unit,
    defined,
    operand,
    undefined,
)

__all__ = ["cagr", "gap", "multi_period_growth", "yoy"]


def _growth(current: Decimal | None, base: Decimal | None, formula: str, current_missing: str,
            divisor: Divisor) -> Derived:
    """(current / base − 1) × 100, or the first reason that applies (missing, zero, negative)."""
    reason = current_missing if current is None else divisor.problem(base)
    if reason is not None or current is None or base is None:
        return undefined(reason or Reason.NO_DATA, Unit.PERCENT, formula)
    with localcontext(CONTEXT):
        value = (current - base) * HUNDRED / base  # one rounding only
    return defined(value, Unit.PERCENT, formula)


def yoy(current: Number | None, base: Number | None) -> Derived:
    """Year-on-year growth in percent: (current / base − 1) × 100.

    ``base`` is the same period a year earlier, in its latest vintage (DOMAIN §1.2): the caller
    fetches it; this function only refuses to divide by a zero, negative or missing base.
    """
    cur, b = exact_or_none(current, "current"), exact_or_none(base, "base")
    formula = f"({show(cur)} / {show(b)} − 1) × 100"
    return _growth(cur, b, formula, Reason.CURRENT_MISSING, BASE)


def multi_period_growth(current_total: Number | None, previous_total: Number | None) -> Derived:
    """Growth of one multi-year total on the previous span of equal length, in percent.

    "Up 144.3 % on the 13th Five-Year Plan" is sum(2021–25) / sum(2016–20) − 1: a ratio of
    totals, not an average of annual growth rates. Build the totals with ``period_total``,
    which refuses to sum over a year with no data.
    """
    cur = exact_or_none(current_total, "current_total")
    prev = exact_or_none(previous_total, "previous_total")
    formula = f"({show(cur)} / {show(prev)} − 1) × 100"
    return _growth(cur, prev, formula, "current period total has no data", PREVIOUS_TOTAL)


def cagr(first: Number | None, last: Number | None, years: Number) -> Derived:
    """Compound annual growth rate in percent: ((last / first)^(1 / years) − 1) × 100.

    ``years`` is the number of yearly steps between the two values (2025 − 2021 = 4), not the
    number of calendar years in the span (5) — the commonest way to get CAGR wrong.
    """
    if isinstance(years, bool) or not isinstance(years, int | Decimal):
        raise NotExact(f"years must be an int or decimal.Decimal, not {type(years).__name__}")
    n = exact(years, "years")
    if n <= 0:
        raise InvalidArgument(f"years must be positive, not {n}")
    v0, v1 = exact_or_none(first, "first"), exact_or_none(last, "last")
    formula = f"(({show(v1)} / {show(v0)})^(1/{show(n)}) − 1) × 100"
    if v0 is None:
        return undefined("first period has no data", Unit.PERCENT, formula)
    if v1 is None:
        return undefined("last period has no data", Unit.PERCENT, formula)
    if v0.is_zero():
        return undefined("first period value is zero", Unit.PERCENT, formula)
    if v0 < 0 or v1 < 0:
        return undefined("a compound rate is not defined for negative values", Unit.PERCENT,
                         formula)
    with localcontext(CONTEXT):
        if n == 1:  # the same single rounding as yoy, so a one-year CAGR equals the YoY
            value = (v1 - v0) * HUNDRED / v0
        else:
            ratio = v1 / v0
            root = ratio if ratio.is_zero() or ratio == 1 else ratio ** (1 / n)
            value = (root - 1) * HUNDRED
    return defined(value, Unit.PERCENT, formula)


def gap(growth: Derived | Number | None, reference_growth: Derived | Number | None) -> Derived:
    """Difference of two rates in percentage points: growth − reference_growth.

    "高于全国总体增速16.1个百分点" is 19.9 − 3.8: a difference of percentages, so the unit is pp,
    never %. ``Derived`` operands must be rates (percent or pp); an undefined one makes the gap
    undefined and keeps its reason.
    """
    for name, x in (("growth", growth), ("reference_growth", reference_growth)):
        if isinstance(x, Derived) and x.unit not in (Unit.PERCENT, Unit.PP):
            raise InvalidArgument(f"gap compares rates; {name} is in {x.unit!r}")
    if (isinstance(growth, Derived) and isinstance(reference_growth, Derived)
            and growth.unit != reference_growth.unit):
        raise InvalidArgument(f"gap compares rates of one unit, not {growth.unit!r} "
                              f"with {reference_growth.unit!r}")
    g, g_reason = operand(growth, "growth")
    r, r_reason = operand(reference_growth, "reference growth")
    formula = f"{show(g)} − {show(r)}"
    if g is None or r is None:
        return undefined(g_reason or r_reason or Reason.NO_DATA, Unit.PP, formula)
    with localcontext(CONTEXT):
        value = g - r
    return defined(value, Unit.PP, formula)
