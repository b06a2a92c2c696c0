"""``Derived``: one computed indicator — a value, or the reason there is none.

A growth rate against a zero base has no value. Returning ``inf``, ``NaN`` or ``0`` would let a
bulletin print it; returning ``None`` would lose why. ``Derived`` carries exactly one of the two,
plus the arithmetic with the actual operands so any figure can be checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import InvalidArgument, NotExact
from .numbers import exact_or_none, round_half_up

__all__ = [
    "BASE",
    "PREVIOUS_TOTAL",
    "QUANTITY",
    "TOTAL_BASE",
    "WHOLE",
    "Derived",
    "Divisor",
    "Reason",
    "Unit",
    "defined",
    "operand",
    "undefined",
]


class Unit:
    """The units an indicator value can be in (plain strings, so they serialise as they are)."""

    PERCENT = "percent"
    PP = "pp"  # percentage points: a difference of two percentages, never written "%"
    RATIO = "ratio"
    RANK = "rank"
    CURRENCY = "currency"  # the currency and scale of the operands (e.g. CNY 亿元)
    PER_UNIT = "per_unit"  # currency per unit of quantity
    FLAG = "flag"  # threshold and record events


class Reason:
    """The fixed wording of common reasons, so callers can match them and texts stay uniform."""

    CURRENT_MISSING = "current period has no data"
    BASE_MISSING = "base period has no data"
    BASE_ZERO = "base period value is zero"
    BASE_NEGATIVE = "base period value is negative, so a growth rate against it is not meaningful"
    WHOLE_MISSING = "the whole has no data"
    PART_MISSING = "the part has no data"
    WHOLE_ZERO = "the whole is zero"
    WHOLE_NEGATIVE = "the whole is negative, so a share of it is not meaningful"
    TOTAL_UNCHANGED = "the total did not change, so there is no change to share out"
    NO_DATA = "no data"
    NO_EARLIER = "no earlier period in the series to compare with"


@dataclass(frozen=True, slots=True)
class Divisor:
    """The three ways an operand can fail as a divisor, each with its own wording."""

    missing: str
    zero: str
    negative: str

    def problem(self, x: Decimal | None, when: str = "") -> str | None:
        """Why ``x`` cannot be divided by (with ``when`` appended), or None when it can.

        Negative divisors are refused too: every divisor here is a level of trade (a base, a
        whole, a quantity), and a rate against a negative level reads backwards.
        """
        if x is None:
            return self.missing + when
        if x.is_zero():
            return self.zero + when
        if x < 0:
            return self.negative + when
        return None


#: Divisors of the indicators, named by what they are.
BASE = Divisor(Reason.BASE_MISSING, Reason.BASE_ZERO, Reason.BASE_NEGATIVE)
WHOLE = Divisor(Reason.WHOLE_MISSING, Reason.WHOLE_ZERO, Reason.WHOLE_NEGATIVE)
TOTAL_BASE = Divisor("the base period total has no data", "the base period total is zero",
                     "the base period total is negative, so growth against it is not meaningful")
PREVIOUS_TOTAL = Divisor("previous period total has no data", "previous period total is zero",
                         "previous period total is negative, so a growth rate against it is "
                         "not meaningful")
QUANTITY = Divisor("quantity has no data", "quantity is zero", "quantity is negative")


@dataclass(frozen=True, slots=True)
class Derived:
    """A derived figure at full precision, or the explicit reason it is not defined.

    ``value`` is never rounded here; use ``rounded(places)`` (round half up) when presenting it.
    ``formula`` shows the arithmetic with the operands, e.g. ``(520370 / 434000 − 1) × 100``.
    """

    value: Decimal | None
    unit: str
    undefined: str | None = None
    formula: str = ""

    def __post_init__(self) -> None:
        if (self.value is None) == (self.undefined is None):
            raise InvalidArgument("a Derived carries either a value or a reason it is undefined, "
                                  f"exactly one of them (value={self.value!r}, "
                                  f"undefined={self.undefined!r})")
        if self.value is not None:
            if not isinstance(self.value, Decimal):
                raise NotExact(f"Derived.value must be a Decimal, not {type(self.value).__name__}")
            if not self.value.is_finite():
                raise InvalidArgument(f"Derived.value must be finite, not {self.value}")

    @property
    def defined(self) -> bool:
        """True when there is a value; False when ``undefined`` says why there is none."""
        return self.value is not None

    def rounded(self, places: int = 1) -> Decimal | None:
        """The value rounded half up to ``places`` decimals for display; ``None`` if undefined."""
        return None if self.value is None else round_half_up(self.value, places)


def defined(value: Decimal, unit: str, formula: str) -> Derived:
    """A ``Derived`` with a value (shorthand used by the indicator functions)."""
    return Derived(value=value, unit=unit, undefined=None, formula=formula)


def undefined(reason: str, unit: str, formula: str = "") -> Derived:
    """A ``Derived`` without a value; the formula still shows what was attempted."""
    return Derived(value=None, unit=unit, undefined=reason, formula=formula)


def operand(x: object, what: str) -> tuple[Decimal | None, str | None]:
    """Read an operand that may be a number, ``None`` (no data) or another ``Derived``.

    Returns the value and, when there is none, the reason in words that name the operand, so
    an undefined growth rate passed on to ``gap`` or ``rank`` keeps its original reason.
    """
    if isinstance(x, Derived):
        return x.value, None if x.defined else f"{what} is not defined ({x.undefined})"
    value = exact_or_none(x, what)
    return value, None if value is not None else f"{what} has no data"
