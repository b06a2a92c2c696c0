"""Typed errors raised by ``tradestat.indicators``.

An indicator that cannot be computed for a *statistical* reason (a zero base, a missing period)
is not an error: it is a ``Derived`` with a reason. The errors here are for *programming* mistakes
made by the caller — a binary float where exact money was expected, a NaN, an unknown option —
which must fail loudly instead of producing a number that looks right.
"""

from __future__ import annotations

from tradestat.errors import TradestatError

__all__ = ["IndicatorError", "InvalidArgument", "NotExact"]


class IndicatorError(TradestatError):
    """Base of every error raised on purpose by ``tradestat.indicators``."""


class NotExact(IndicatorError, TypeError):
    """An operand is not an exact number (a float, a bool, a string ...).

    Also a ``TypeError``: passing ``0.1`` where ``Decimal("0.1")`` is meant is a type mistake,
    and binary floats would put representation noise into published figures (12.95 is stored
    as 12.949999..., which rounds the wrong way).
    """


class InvalidArgument(IndicatorError, ValueError):
    """An argument has the right type but an unusable value (NaN, unknown option, bad years)."""
