"""Structure: a part against its whole — share, share change, contribution, contribution rate.

Contribution (拉动, pp) and contribution rate (贡献率, %) are different figures that press copy
often confuses (DOMAIN §16.18): the first is the part's change over the *base total*, and the
contributions of a full partition add up to total growth; the second is the part's change over
the *total change*, and the rates of a full partition add up to 100 (one can exceed 100 when
another part fell).
"""

from __future__ import annotations

from decimal import localcontext

from .numbers import CONTEXT, HUNDRED, Number, exact_or_none, show
from .result import TOTAL_BASE, WHOLE, Derived, Reason, Unit, defined, undefined

__all__ = ["contribution", "contribution_rate", "share", "share_change"]


def share(part: Number | None, whole: Number | None) -> Derived:
    """Share of a part in its whole, in percent: part / whole × 100.

    Both operands must be unrounded values of the same period, flow, currency and region basis;
    shares of rounded parts need not add up to 100, and that is expected (DOMAIN §3.1).
    """
    p, w = exact_or_none(part, "part"), exact_or_none(whole, "whole")
    formula = f"{show(p)} / {show(w)} × 100"
    reason = Reason.PART_MISSING if p is None else WHOLE.problem(w)
    if reason is not None or p is None or w is None:
        return undefined(reason or Reason.NO_DATA, Unit.PERCENT, formula)
    with localcontext(CONTEXT):
        value = p * HUNDRED / w
    return defined(value, Unit.PERCENT, formula)


def share_change(part_now: Number | None, whole_now: Number | None,
                 part_base: Number | None, whole_base: Number | None) -> Derived:
    """Change of a share between two periods, in percentage points: share_now − share_base.

    Computed as one fraction, (p₁·w₀ − p₀·w₁) × 100 / (w₁·w₀), so it is rounded once; the result
    equals the difference of the two exact shares.
    """
    p1, w1 = exact_or_none(part_now, "part_now"), exact_or_none(whole_now, "whole_now")
    p0, w0 = exact_or_none(part_base, "part_base"), exact_or_none(whole_base, "whole_base")
    formula = f"({show(p1)} / {show(w1)} − {show(p0)} / {show(w0)}) × 100"
    problems = [
        Reason.PART_MISSING + " in the current period" if p1 is None else None,
        WHOLE.problem(w1, " in the current period"),
        Reason.PART_MISSING + " in the base period" if p0 is None else None,
        WHOLE.problem(w0, " in the base period"),
    ]
    reason = next((r for r in problems if r is not None), None)
    if reason is not None or p1 is None or w1 is None or p0 is None or w0 is None:
        return undefined(reason or Reason.NO_DATA, Unit.PP, formula)
    with localcontext(CONTEXT):
        value = (p1 * w0 - p0 * w1) * HUNDRED / (w1 * w0)
    return defined(value, Unit.PP, formula)


def contribution(part_now: Number | None, part_base: Number | None,
                 total_base: Number | None) -> Derived:
    """Contribution of a part to total growth (拉动), in pp: (X_t − X_{t−1}) / Total_{t−1} × 100.

    A part absent in one period should be passed as 0 when the data cover that period and as
    None only when its value is unknown; an unknown value makes the contribution undefined.
    """
    p1, p0 = exact_or_none(part_now, "part_now"), exact_or_none(part_base, "part_base")
    t0 = exact_or_none(total_base, "total_base")
    formula = f"({show(p1)} − {show(p0)}) / {show(t0)} × 100"
    reason = (Reason.PART_MISSING + " in the current period" if p1 is None
              else Reason.PART_MISSING + " in the base period" if p0 is None
              else TOTAL_BASE.problem(t0))
    if reason is not None or p1 is None or p0 is None or t0 is None:
        return undefined(reason or Reason.NO_DATA, Unit.PP, formula)
    with localcontext(CONTEXT):
        value = (p1 - p0) * HUNDRED / t0
    return defined(value, Unit.PP, formula)


def contribution_rate(part_now: Number | None, part_base: Number | None,
                      total_now: Number | None, total_base: Number | None) -> Derived:
    """Contribution rate (贡献率): the part's share of the total change, in percent.

    ΔX_i / ΔTotal × 100. It exceeds 100 when other parts fell and is negative when the part
    moved against the total; it is undefined when the total did not change.
    """
    p1, p0 = exact_or_none(part_now, "part_now"), exact_or_none(part_base, "part_base")
    t1, t0 = exact_or_none(total_now, "total_now"), exact_or_none(total_base, "total_base")
    formula = f"({show(p1)} − {show(p0)}) / ({show(t1)} − {show(t0)}) × 100"
    missing = [
        (p1, Reason.PART_MISSING + " in the current period"),
        (p0, Reason.PART_MISSING + " in the base period"),
        (t1, "the current period total has no data"),
        (t0, "the base period total has no data"),
    ]
    reason = next((why for x, why in missing if x is None), None)
    if reason is not None or p1 is None or p0 is None or t1 is None or t0 is None:
        return undefined(reason or Reason.NO_DATA, Unit.PERCENT, formula)
    if t1 == t0:
        return undefined(Reason.TOTAL_UNCHANGED, Unit.PERCENT, formula)
    with localcontext(CONTEXT):
        value = (p1 - p0) * HUNDRED / (t1 - t0)
    return defined(value, Unit.PERCENT, formula)
