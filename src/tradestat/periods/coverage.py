"""Does the data cover a period? Pure functions the query layer calls before it sums anything.

A total over a period the data only partly covers is a wrong number that looks right (DESIGN.md,
"no silent wrong numbers"), so the query layer asks these first and refuses or marks the result.
"""

from __future__ import annotations

from collections.abc import Iterable

from tradestat.periods.core import Period, PeriodError


class CoverageError(PeriodError):
    """The data lacks some months of a requested period; ``missing`` lists them (YYYYMM)."""

    def __init__(self, message: str, *, missing: tuple[int, ...], period: Period,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.missing = missing
        self.period = period


def _month_set(available: Iterable[int | Period]) -> set[int]:
    months: set[int] = set()
    for item in available:
        if isinstance(item, Period):
            months.update(item.months())
        else:
            months.add(item)
    return months


def missing_months(period: Period, available: Iterable[int | Period]) -> tuple[int, ...]:
    """The months of ``period`` (YYYYMM, in order) that ``available`` does not contain.

    ``available`` holds YYYYMM months, or periods standing for all their months.
    """
    have = _month_set(available)
    return tuple(m for m in period.months() if m not in have)


def covers(period: Period, available: Iterable[int | Period]) -> bool:
    """True when every month of ``period`` is in ``available``."""
    return not missing_months(period, available)


def describe_months(months: Iterable[int]) -> str:
    """Months as compact runs: (202503, 202504, 202505, 202508) → "2025-03..2025-05, 2025-08"."""
    ordered = sorted(set(months))
    runs: list[tuple[int, int]] = []
    for month in ordered:
        last = runs[-1][1] if runs else None
        if last is not None and month == (last + 1 if last % 100 < 12 else last + 89):
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))

    def one(m: int) -> str:
        return f"{m // 100:04d}-{m % 100:02d}"

    return ", ".join(one(a) if a == b else f"{one(a)}..{one(b)}" for a, b in runs)


def require_coverage(period: Period, available: Iterable[int | Period],
                     *, source: str = "the data") -> None:
    """Raise :class:`CoverageError` unless ``available`` covers every month of ``period``."""
    missing = missing_months(period, available)
    if missing:
        raise CoverageError(
            f"{source} does not cover {period}: missing {describe_months(missing)} "
            f"({len(missing)} of {period.month_count} months)",
            missing=missing,
            period=period,
            hint="load the missing months, or ask for a period inside what is loaded",
        )
