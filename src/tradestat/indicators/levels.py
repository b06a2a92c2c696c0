"""Levels: a value itself, the trade balance, a multi-period total and the unit value.

These are the simplest indicators, but they still refuse to invent numbers: a balance with one
flow missing, or a five-year total with one year missing, is undefined rather than a sum over
what happens to be there (DESIGN: "never silently summed over what is there").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext

from .numbers import CONTEXT, Number, exact_or_none, show
from .result import QUANTITY, Derived, Reason, Unit, defined, undefined

__all__ = ["balance", "period_total", "unit_value", "value"]


def value(amount: Number | None, unit: str = Unit.CURRENCY) -> Derived:
    """An aggregated value as a ``Derived``, so levels and rates travel in one type."""
    v = exact_or_none(amount, "amount")
    if v is None:
        return undefined(Reason.NO_DATA, unit, "n/a")
    return defined(v, unit, show(v))


def balance(exports: Number | None, imports: Number | None) -> Derived:
    """Trade balance: exports − imports (positive: surplus 顺差; negative: deficit 逆差)."""
    x, m = exact_or_none(exports, "exports"), exact_or_none(imports, "imports")
    formula = f"{show(x)} − {show(m)}"
    if x is None:
        return undefined("exports have no data", Unit.CURRENCY, formula)
    if m is None:
        return undefined("imports have no data", Unit.CURRENCY, formula)
    with localcontext(CONTEXT):
        return defined(x - m, Unit.CURRENCY, formula)


def unit_value(amount: Number | None, quantity: Number | None) -> Derived:
    """Unit value (单价): value / quantity, in currency per unit of quantity.

    Only meaningful when every record summed has the same unit of quantity (kg, pieces ...);
    that check belongs to the query that produced the sums.
    """
    v, q = exact_or_none(amount, "amount"), exact_or_none(quantity, "quantity")
    formula = f"{show(v)} / {show(q)}"
    reason = "value has no data" if v is None else QUANTITY.problem(q)
    if reason is not None or v is None or q is None:
        return undefined(reason or Reason.NO_DATA, Unit.PER_UNIT, formula)
    with localcontext(CONTEXT):
        return defined(v / q, Unit.PER_UNIT, formula)


def period_total(values: Sequence[Number | None] | Mapping[object, Number | None]) -> Derived:
    """Sum of several periods (e.g. the five years of a plan); undefined if any has no data.

    Pass a mapping (label -> value) to have the missing periods named in the reason.
    """
    items = list(values.items()) if isinstance(values, Mapping) else list(enumerate(values))
    operands = [(label, exact_or_none(v, f"value for {label}")) for label, v in items]
    formula = " + ".join(show(v) for _, v in operands) or "0"
    if not operands:
        return undefined("no periods to add up", Unit.CURRENCY, formula)
    missing = [str(label) for label, v in operands if v is None]
    if missing:
        what = "periods" if isinstance(values, Mapping) else "positions"
        return undefined(f"{len(missing)} of {len(operands)} periods have no data "
                         f"({what}: {', '.join(missing)})", Unit.CURRENCY, formula)
    with localcontext(CONTEXT):
        total = sum((v for _, v in operands if v is not None), Decimal(0))
    return defined(total, Unit.CURRENCY, formula)
