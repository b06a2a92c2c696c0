"""The Period type and its algebra.

A period is an inclusive run of calendar months, written as YYYYMM integers, plus the *kind* of
period it was named as. The kind matters even where the months agree: customs releases publish
"1-12月" (a year-to-date cumulative) and "全年" (the year) as different rows, and a quarter is a
different figure from the Jan-Mar cumulative once earlier months have been revised (DOMAIN.md §2).
So equality and hashing use the kind too; use :meth:`Period.same_months` to compare months only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

from tradestat.errors import TradestatError

#: Every kind a period can have, in the order the documentation lists them.
KINDS: tuple[str, ...] = ("month", "ytd", "quarter", "half", "year", "span", "plan")

#: Years the machine syntax can write (four digits).
MIN_YEAR = 1000
MAX_YEAR = 9999


class PeriodError(TradestatError):
    """A period that cannot exist, or text that cannot be read as one.

    ``text`` keeps the input that failed (when there was one) so that callers such as the claim
    checker can point at the exact words of the document.
    """

    def __init__(self, message: str, *, hint: str | None = None, text: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.text = text


def _index(yyyymm: int) -> int:
    """Months since year 0, so that month arithmetic is plain integer arithmetic."""
    return (yyyymm // 100) * 12 + yyyymm % 100 - 1


def _from_index(index: int) -> int:
    return (index // 12) * 100 + index % 12 + 1


def check_month(value: object, what: str = "month") -> int:
    """Return ``value`` if it is a valid YYYYMM month, else raise PeriodError naming the problem."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError(
            f"{what} must be a YYYYMM integer, got {value!r}", hint="e.g. 202505 for May 2025"
        )
    year, month = divmod(value, 100)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            f"{what} {value} has year {year}, outside {MIN_YEAR}-{MAX_YEAR}",
            hint="months are YYYYMM integers, e.g. 202505 for May 2025",
        )
    if not 1 <= month <= 12:
        raise PeriodError(
            f"{what} {value} has month {month}; months run from 1 to 12",
            hint="months are YYYYMM integers, e.g. 202505 for May 2025",
        )
    return value


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"year must be an integer from {MIN_YEAR} to {MAX_YEAR}, got {year!r}")
    return year


def _check_in(value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PeriodError(f"{what} must be an integer from {low} to {high}, got {value!r}")
    return value


# --- five-year plans -------------------------------------------------------------------------
# The 1st plan ran 1953-57 and the 2nd 1958-62; 1963-65 was an "adjustment period" outside any
# plan, and from the 3rd plan (1966-70) on they follow each other every five years, so the nth
# plan (n >= 3) starts in 1951 + 5n: 13th 2016-20, 14th 2021-25, 15th 2026-30.

_MAX_PLAN = (MAX_YEAR - 4 - 1951) // 5


def plan_years(number: int) -> tuple[int, int]:
    """First and last calendar year of the ``number``-th five-year plan."""
    _check_in(number, 1, _MAX_PLAN, "a five-year plan number")
    if number == 1:
        return 1953, 1957
    if number == 2:
        return 1958, 1962
    first = 1951 + 5 * number
    return first, first + 4


def plan_starting(year: int) -> int | None:
    """The number of the plan that starts in ``year``, or None if no plan starts then."""
    if year == 1953:
        return 1
    if year == 1958:
        return 2
    if year >= 1966 and (year - 1951) % 5 == 0:
        number = (year - 1951) // 5
        return number if number <= _MAX_PLAN else None
    return None


class _PlanAccess:
    """``Period.plan(14)`` builds a plan period; ``p.plan`` is its plan number (None otherwise).

    Both spellings were promised to other rooms, and a dataclass field cannot share a name with a
    classmethod, so this descriptor serves both: on the class it is the constructor, on an instance
    it reads the number (derived from the start year, so it never disagrees with the months).
    """

    @overload
    def __get__(self, obj: None, owner: type[Period]) -> Callable[[int], Period]: ...

    @overload
    def __get__(self, obj: Period, owner: type[Period] | None = None) -> int | None: ...

    def __get__(self, obj: Period | None, owner: type[Period] | None = None) -> Any:
        if obj is None:
            return _make_plan
        if obj.kind != "plan":
            return None
        return plan_starting(obj.start // 100)


def _make_plan(number: int) -> Period:
    """The ``number``-th five-year plan period (14 → 2021-2025)."""
    first, last = plan_years(number)
    return Period(first * 100 + 1, last * 100 + 12, "plan")


# --- the period type -------------------------------------------------------------------------

_MACHINE = re.compile(
    r"""^(?:
        (?P<year>\d{4})
      | (?P<m_y>\d{4})-(?P<m_m>\d{2})
      | (?P<t_y>\d{4})-YTD(?P<t_m>\d{2})
      | (?P<q_y>\d{4})Q(?P<q>\d)
      | (?P<h_y>\d{4})H(?P<h>\d)
      | (?P<s_y>\d{4})-(?P<s_m>\d{2})\.\.(?P<e_y>\d{4})-(?P<e_m>\d{2})
      | FYP(?P<plan>\d{1,4})
    )$""",
    re.VERBOSE,
)

MACHINE_FORMS = "2025, 2025-05, 2025-YTD05, 2025Q1, 2025H1, 2024-03..2025-02, FYP14"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """An inclusive run of months (YYYYMM ints) and the kind of period it is.

    Build periods with the constructors (``Period.month(2025, 5)``, ``Period.ytd(2025, 5)``,
    ``Period.quarter(2025, 1)``, ``Period.half(2025, 1)``, ``Period.year(2025)``,
    ``Period.span(202403, 202502)``, ``Period.plan(14)``) or from the machine syntax with
    :meth:`parse`; the direct constructor validates that the months fit the kind. Ordering is
    chronological by start, then end (then kind, only to make sorting total).
    """

    start: int
    end: int
    kind: str

    plan = _PlanAccess()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PeriodError(
                f"unknown period kind {self.kind!r}", hint=f"kinds are {', '.join(KINDS)}"
            )
        check_month(self.start, "start month")
        check_month(self.end, "end month")
        if self.end < self.start:
            raise PeriodError(
                f"period ends ({self.end}) before it starts ({self.start})",
                hint="give the earlier month first",
            )
        problem = self._kind_problem()
        if problem:
            raise PeriodError(f"{self.start}..{self.end} is not a {self.kind}: {problem}")

    def _kind_problem(self) -> str | None:
        """Why the months do not fit the kind (None when they do)."""
        sy, sm = divmod(self.start, 100)
        ey, em = divmod(self.end, 100)
        kind = self.kind
        if kind == "span":
            return None
        if kind == "plan":
            number = plan_starting(sy)
            if number is None or sm != 1:
                return "no five-year plan starts in that month"
            if self.end != plan_years(number)[1] * 100 + 12:
                return f"plan {number} runs {plan_years(number)[0]}-{plan_years(number)[1]}"
            return None
        if sy != ey:
            return "it crosses a year boundary"
        if kind == "month":
            return None if sm == em else "it is more than one month"
        if kind == "ytd":
            return None if sm == 1 else "a year-to-date period starts in January"
        if kind == "quarter":
            return None if sm in (1, 4, 7, 10) and em == sm + 2 else "quarters are Jan-Mar, ..."
        if kind == "half":
            return None if (sm, em) in ((1, 6), (7, 12)) else "halves are Jan-Jun and Jul-Dec"
        return None if (sm, em) == (1, 12) else "a year runs January to December"  # year

    # --- constructors --------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A single calendar month (当月)."""
        _check_year(year)
        _check_in(month, 1, 12, "month")
        return cls(year * 100 + month, year * 100 + month, "month")

    @classmethod
    def ytd(cls, year: int, month: int) -> Period:
        """January to ``month`` of ``year`` (1-N月, 前N个月): the cumulative releases publish.

        ``ytd(y, 12)`` has the months of ``year(y)`` but stays a ytd, as "1-12月" stays a
        cumulative row in the tables.
        """
        _check_year(year)
        _check_in(month, 1, 12, "month")
        return cls(year * 100 + 1, year * 100 + month, "ytd")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1-4 (Q1 = Jan-Mar). Q1 is cumulative too (:attr:`is_cumulative`)."""
        _check_year(year)
        _check_in(quarter, 1, 4, "quarter")
        first = year * 100 + 3 * quarter - 2
        return cls(first, first + 2, "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """Half 1 (Jan-Jun, 上半年) or 2 (Jul-Dec, 下半年)."""
        _check_year(year)
        _check_in(half, 1, 2, "half")
        first = year * 100 + 6 * half - 5
        return cls(first, first + 5, "half")

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year (全年)."""
        _check_year(year)
        return cls(year * 100 + 1, year * 100 + 12, "year")

    @classmethod
    def span(cls, start: int, end: int) -> Period:
        """Any run of months from ``start`` to ``end`` (YYYYMM, inclusive)."""
        return cls(start, end, "span")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read the canonical machine syntax written by ``str(period)``.

        Forms: ``2025`` year, ``2025-05`` month, ``2025-YTD05`` Jan-May, ``2025Q1``, ``2025H1``,
        ``2024-03..2025-02`` span, ``FYP14`` five-year plan. Only these; use
        :func:`tradestat.periods.parse_period` for English and Chinese text.
        """
        if not isinstance(text, str):
            raise PeriodError(f"a period must be given as text, got {text!r}")
        found = _MACHINE.match(text.strip().upper())
        if found is None:
            raise PeriodError(
                f"{text!r} is not a period in machine syntax",
                hint=f"machine forms: {MACHINE_FORMS}",
                text=text,
            )
        g = found.groupdict()
        try:
            if g["year"]:
                return cls.year(int(g["year"]))
            if g["m_y"]:
                return cls.month(int(g["m_y"]), int(g["m_m"]))
            if g["t_y"]:
                return cls.ytd(int(g["t_y"]), int(g["t_m"]))
            if g["q_y"]:
                return cls.quarter(int(g["q_y"]), int(g["q"]))
            if g["h_y"]:
                return cls.half(int(g["h_y"]), int(g["h"]))
            if g["s_y"]:
                return cls.span(int(g["s_y"] + g["s_m"]), int(g["e_y"] + g["e_m"]))
            return _make_plan(int(g["plan"]))
        except PeriodError as err:
            raise PeriodError(f"{text!r}: {err.message}", hint=err.hint, text=text) from None

    # --- reading ---------------------------------------------------------------------------

    def __str__(self) -> str:
        sy, sm = divmod(self.start, 100)
        ey, em = divmod(self.end, 100)
        kind = self.kind
        if kind == "month":
            return f"{sy:04d}-{sm:02d}"
        if kind == "ytd":
            return f"{sy:04d}-YTD{em:02d}"
        if kind == "quarter":
            return f"{sy:04d}Q{(sm + 2) // 3}"
        if kind == "half":
            return f"{sy:04d}H{(sm + 5) // 6}"
        if kind == "year":
            return f"{sy:04d}"
        if kind == "plan":
            return f"FYP{self.plan}"
        return f"{sy:04d}-{sm:02d}..{ey:04d}-{em:02d}"

    def months(self) -> tuple[int, ...]:
        """Every month of the period as YYYYMM, in order."""
        first = _index(self.start)
        return tuple(_from_index(i) for i in range(first, _index(self.end) + 1))

    @property
    def month_count(self) -> int:
        """How many months the period covers."""
        return _index(self.end) - _index(self.start) + 1

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years the period touches (all of them, even partly)."""
        return tuple(range(self.start // 100, self.end // 100 + 1))

    @property
    def start_year(self) -> int:
        return self.start // 100

    @property
    def start_month(self) -> int:
        """Calendar month (1-12) of the first month."""
        return self.start % 100

    @property
    def year_of_end(self) -> int:
        """Calendar year of the last month: the year a release about this period is filed under."""
        return self.end // 100

    @property
    def end_month(self) -> int:
        """Calendar month (1-12) of the last month."""
        return self.end % 100

    @property
    def is_cumulative(self) -> bool:
        """True when the period is a year-to-date run: starts in January, ends in the same year.

        Such figures are the cumulatives releases publish (1-N月), whatever the kind: January,
        Q1, H1 and the year are cumulative as well as every ytd.
        """
        return self.start_month == 1 and self.start_year == self.year_of_end

    def same_months(self, other: Period) -> bool:
        """True when both periods cover exactly the same months, whatever their kinds."""
        return self.start == other.start and self.end == other.end

    def contains(self, item: int | Period) -> bool:
        """True if the month (YYYYMM) or every month of the period lies inside this period."""
        if isinstance(item, Period):
            return self.start <= item.start and item.end <= self.end
        check_month(item)
        return self.start <= item <= self.end

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Period | int) and not isinstance(item, bool):
            return self.contains(item)
        return False

    # --- algebra -----------------------------------------------------------------------------

    def shift(self, months: int) -> Period:
        """The same number of months moved by ``months`` (negative = earlier).

        The kind is kept when the moved months are still a period of that kind (a quarter moved
        by 3 or 12 months is a quarter); otherwise the result is a ``span`` — e.g. Jan-May moved
        back five months is Aug-Dec of the year before, which is no year-to-date.
        """
        if isinstance(months, bool) or not isinstance(months, int):
            raise PeriodError(f"shift takes a whole number of months, got {months!r}")
        start = _from_index(_index(self.start) + months)
        end = _from_index(_index(self.end) + months)
        check_month(start, "shifted start month")
        check_month(end, "shifted end month")
        try:
            return Period(start, end, self.kind)
        except PeriodError:
            return Period(start, end, "span")

    def previous_year(self) -> Period:
        """The same months one year earlier (12 months back), for every kind.

        A plan moved back a year is no plan, so it comes back as a span (FYP14 → 2020-2024).
        """
        return self.shift(-12)

    def previous_period(self) -> Period:
        """The immediately preceding period of equal length.

        Month → the month before (2025-01 → 2024-12); quarter → the quarter before; half → the
        half before; year → the year before; plan → the plan before (FYP14 → FYP13; FYP3's
        predecessor FYP2 ends in 1962, before the 1963-65 adjustment years). For a ytd or span
        this is the run of equally many months just before it, as a span: Jan-May 2025 →
        Aug-Dec 2024. That is *not* the base releases compare a ytd with; see :meth:`comparison`.
        """
        if self.kind == "plan":
            number = self.plan
            assert number is not None  # a valid plan period always has a number
            if number == 1:
                raise PeriodError("the 1st five-year plan (1953-1957) has no previous plan")
            return _make_plan(number - 1)
        return self.shift(-self.month_count)

    def comparison(self) -> Period:
        """The base the customs authority compares this period with by default.

        The same period a year earlier (同比) for months, ytds, quarters, halves, years and spans;
        the previous plan for a five-year plan ("up 144.3% on the 13th FYP period").
        """
        if self.kind == "plan":
            return self.previous_period()
        return self.previous_year()

    def by_month(self) -> tuple[Period, ...]:
        """The period as single months, in order."""
        return tuple(Period(m, m, "month") for m in self.months())

    def by_year(self) -> tuple[Period, ...]:
        """The period cut at year boundaries: whole years as ``year``, January-start parts as
        ``ytd``, other parts as ``span`` (a plan is a sum over its five calendar years)."""
        parts = []
        for y in self.years:
            start = max(self.start, y * 100 + 1)
            end = min(self.end, y * 100 + 12)
            if (start, end) == (y * 100 + 1, y * 100 + 12):
                parts.append(Period(start, end, "year"))
            elif start % 100 == 1:
                parts.append(Period(start, end, "ytd"))
            else:
                parts.append(Period(start, end, "span"))
        return tuple(parts)
