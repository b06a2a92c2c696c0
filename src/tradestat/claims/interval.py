"""Closed intervals of Decimals: arithmetic on displayed numbers (TEXT_PARSING §5).

A published "67.4" stands for every true value that rounds to it, [67.35, 67.45]. Checking a
share or a sum with the midpoints raises false alarms (67.4 / 520.37 rounds to 13.0, the text
says 12.9); checking with intervals asks the right question: could the text's own numbers, each
anywhere in its rounding interval, produce the stated result? Bounds may be infinite ("over
200 billion" is [200e9, +inf)).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

INF = Decimal("Infinity")
_PRECISION = 40


@dataclass(frozen=True)
class Interval:
    """[low, high]; ``low <= high``. Arithmetic gives the tightest interval of all results."""

    low: Decimal
    high: Decimal

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def of(cls, bounds: tuple[Decimal, Decimal]) -> Interval:
        """From a ``(low, high)`` pair such as ``Quantity.interval()``."""
        return cls(min(bounds), max(bounds))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def __neg__(self) -> Interval:
        return Interval(-self.high, -self.low)

    def __mul__(self, other: Interval) -> Interval:
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            products = [_mul(a, b) for a in (self.low, self.high) for b in (other.low, other.high)]
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        """Division; a divisor interval containing zero is refused (the quotient is unbounded)."""
        if other.low <= 0 <= other.high:
            raise ZeroDivisionError("divisor interval contains zero")
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            quotients = [_div(a, b) for a in (self.low, self.high) for b in (other.low, other.high)]
        return Interval(min(quotients), max(quotients))

    def scale(self, factor: Decimal) -> Interval:
        """Multiplied by an exact number (100 for percent, -1 for a fall)."""
        return self * Interval.point(factor)

    def contains(self, value: Decimal) -> bool:
        return self.low <= value <= self.high

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def distance(self, other: Interval) -> Decimal:
        """How far apart two intervals are (0 when they overlap)."""
        if self.overlaps(other):
            return Decimal(0)
        return other.low - self.high if self.high < other.low else self.low - other.high

    def show(self, digits: int = 4) -> str:
        """"[12.943, 12.962]" with ``digits`` significant decimals after the point at most."""
        return f"[{_fmt(self.low, digits)}, {_fmt(self.high, digits)}]"


def _mul(a: Decimal, b: Decimal) -> Decimal:
    if (a == 0 and b.is_infinite()) or (b == 0 and a.is_infinite()):
        return Decimal(0)
    return a * b


def _div(a: Decimal, b: Decimal) -> Decimal:
    if b.is_infinite():
        return Decimal(0) if a.is_finite() else (INF if (a > 0) == (b > 0) else -INF)
    return a / b


def _fmt(value: Decimal, digits: int) -> str:
    if value.is_infinite():
        return "inf" if value > 0 else "-inf"
    shown = value.quantize(Decimal(1).scaleb(-digits)) if abs(value) < Decimal("1e15") else value
    text = format(shown.normalize(), "f")
    return text
