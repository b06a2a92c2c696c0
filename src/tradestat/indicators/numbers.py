"""Exact arithmetic for indicators: accepting operands, the decimal context, rounding, display.

Every indicator runs inside ``CONTEXT`` (40 significant digits, errors trapped) so results do
not depend on whatever decimal context the caller happened to set, and so that each division is
rounded once, far below any published precision. Rounding to the published precision is a
separate, explicit step (``round_half_up``) done only at presentation.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from .errors import InvalidArgument, NotExact

__all__ = ["CONTEXT", "HUNDRED", "Number", "exact", "exact_or_none", "round_half_up", "show"]

#: Working precision of every indicator; 40 digits leaves > 30 digits below a 1-decimal percent.
CONTEXT = Context(
    prec=40,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

HUNDRED = Decimal(100)

#: What callers may pass as a number: exact types only.
Number = int | Decimal


def exact(x: object, what: str) -> Decimal:
    """Return ``x`` as a finite ``Decimal``; refuse floats, bools, strings, NaN and infinities.

    ``what`` names the operand in the error message ("base", "quantity") so the caller can see
    which argument was wrong.
    """
    if isinstance(x, bool) or not isinstance(x, int | Decimal):
        hint = "pass decimal.Decimal('12.95'), not 12.95" if isinstance(x, float) else None
        raise NotExact(f"{what} must be an int or decimal.Decimal, not {type(x).__name__}",
                       hint=hint)
    d = Decimal(x)
    if not d.is_finite():
        raise InvalidArgument(f"{what} must be a finite number, not {d}")
    return d


def exact_or_none(x: object, what: str) -> Decimal | None:
    """Like ``exact`` but lets ``None`` (no data) through, for operands that may be missing."""
    return None if x is None else exact(x, what)


def round_half_up(value: Number, places: int = 1) -> Decimal:
    """Round to ``places`` decimals, halves away from zero — the customs publishing convention.

    Python's ``round`` rounds halves to even (12.25 -> 12.2) and, on floats, sees 12.95 as
    12.9499...; both would disagree with published figures. Negative values round by magnitude
    (-8.95 -> -9.0), since falls are published as magnitudes ("下降9.0%").
    """
    d = exact(value, "value")
    if isinstance(places, bool) or not isinstance(places, int):
        raise NotExact(f"places must be an int, not {type(places).__name__}")
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=CONTEXT)


def show(x: Decimal | None) -> str:
    """Write an operand for a formula: plain notation, true minus sign, 'n/a' for no data."""
    if x is None:
        return "n/a"
    text = format(abs(x) if x.is_zero() else x, "f")
    return f"(−{text[1:]})" if text.startswith("-") else text
