"""CNY per USD exchange rates (ECB cross rates) for demos, checks and news-style conversions.

These are *market* cross rates computed from the ECB euro reference rates (CNY/EUR divided by
USD/EUR). They are not the SAFE monthly statistical rates GACC uses for its USD series, nor the
PBOC central parity used for the customs CNY conversion; they differ by roughly 0.2-1%. Use them
with a tolerance, never to reproduce a GACC USD figure exactly. Rates are Decimals so that they
can enter value arithmetic without binary-float noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from types import MappingProxyType

import pyarrow as pa

from ._files import read_csv
from .errors import InvalidReferenceFile, RateUnavailable

__all__ = ["DailyRate", "MonthlyRate", "RateTable", "cny_per_usd_monthly"]

SOURCE = (
    "ECB euro foreign exchange reference rates, CNY per USD computed as the cross rate "
    "(CNY per EUR / USD per EUR); monthly and annual values are means of the daily cross rates. "
    "Market rates, not the SAFE statistical rate or the PBOC central parity: allow about 1% "
    "tolerance when comparing with GACC USD figures."
)

RATE_TYPE = pa.decimal128(12, 6)

MONTHLY_SCHEMA = pa.schema(
    [
        ("month", pa.string()),
        ("year", pa.int16()),
        ("month_of_year", pa.int8()),
        ("cny_per_usd", RATE_TYPE),
        ("cny_per_usd_first", RATE_TYPE),
        ("cny_per_usd_last", RATE_TYPE),
        ("n_days", pa.int16()),
    ]
)


@dataclass(frozen=True, slots=True)
class MonthlyRate:
    """Monthly mean of daily ECB cross rates, with first and last daily rate of the month."""

    month: str
    year: int
    month_of_year: int
    cny_per_usd: Decimal
    cny_per_usd_first: Decimal
    cny_per_usd_last: Decimal
    n_days: int


@dataclass(frozen=True, slots=True)
class DailyRate:
    """One ECB business day's cross rate."""

    date: dt.date
    cny_per_usd: Decimal


def _decimal(value: str, source: str, column: str) -> Decimal:
    try:
        out = Decimal(value)
    except InvalidOperation as exc:
        raise InvalidReferenceFile(source, None, column, value, "not a number") from exc
    if not out.is_finite() or out <= 0:
        raise InvalidReferenceFile(source, None, column, value, "not a positive rate")
    return out


class RateTable:
    """Immutable CNY-per-USD rate table: monthly means, annual means and daily rates.

    ``source`` states what the numbers are (ECB market cross rates) and their tolerance.
    """

    __slots__ = ("_annual", "_daily", "_monthly")

    source: str = SOURCE

    def __init__(
        self,
        monthly: Mapping[tuple[int, int], MonthlyRate],
        annual: Mapping[int, tuple[Decimal, int]],
        daily: Mapping[dt.date, Decimal],
    ) -> None:
        object.__setattr__(self, "_monthly", MappingProxyType(dict(monthly)))
        object.__setattr__(self, "_annual", MappingProxyType(dict(annual)))
        object.__setattr__(self, "_daily", MappingProxyType(dict(daily)))

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("RateTable is immutable")

    def __delattr__(self, key: str) -> None:
        raise AttributeError("RateTable is immutable")

    def __len__(self) -> int:
        return len(self._monthly)

    def __iter__(self) -> Iterator[MonthlyRate]:
        return iter(self._monthly[k] for k in sorted(self._monthly))

    def __repr__(self) -> str:
        first, last = self.coverage()
        return f"<RateTable CNY/USD monthly {first}..{last}>"

    def coverage(self) -> tuple[str, str]:
        """First and last month covered, as "YYYY-MM"."""
        keys = sorted(self._monthly)
        return self._monthly[keys[0]].month, self._monthly[keys[-1]].month

    def monthly(self, year: int, month: int) -> MonthlyRate:
        """The full monthly record (mean, first, last, number of days)."""
        record = self._monthly.get((year, month))
        if record is None:
            first, last = self.coverage()
            raise RateUnavailable(
                f"no CNY/USD rate for {year:04d}-{month:02d}; rates cover {first} to {last}"
            )
        return record

    def rate(self, year: int, month: int) -> Decimal:
        """Monthly mean CNY per USD; raises :class:`RateUnavailable` outside the coverage."""
        return self.monthly(year, month).cny_per_usd

    def annual_mean(self, year: int, *, allow_partial: bool = False) -> Decimal:
        """Annual mean of daily rates (from the shipped annual file).

        Raises :class:`RateUnavailable` for years not covered and, unless ``allow_partial``,
        for years without all twelve months (the current year), whose mean would silently be a
        year-to-date mean.
        """
        record = self._annual.get(year)
        if record is None:
            raise RateUnavailable(f"no annual CNY/USD mean for {year}")
        complete = all((year, m) in self._monthly for m in range(1, 13))
        if not complete and not allow_partial:
            raise RateUnavailable(
                f"the {year} CNY/USD mean covers only part of the year ({record[1]} days); "
                "pass allow_partial=True to use it"
            )
        return record[0]

    def daily_rate(self, on: dt.date, *, max_lag_days: int = 7) -> DailyRate:
        """The rate on ``on`` or on the latest ECB business day before it (within the lag).

        Useful to mimic news-style conversions, which use the rate around the publication date.
        """
        day = on.date() if isinstance(on, dt.datetime) else on
        for lag in range(max_lag_days + 1):
            probe = day - dt.timedelta(days=lag)
            value = self._daily.get(probe)
            if value is not None:
                return DailyRate(probe, value)
        raise RateUnavailable(f"no daily CNY/USD rate on or up to {max_lag_days} days before {day}")

    def to_arrow(self) -> pa.Table:
        """Monthly rates: month "YYYY-MM", year, month_of_year, rates as decimal128(12, 6)."""
        records = [
            {
                "month": r.month,
                "year": r.year,
                "month_of_year": r.month_of_year,
                "cny_per_usd": r.cny_per_usd,
                "cny_per_usd_first": r.cny_per_usd_first,
                "cny_per_usd_last": r.cny_per_usd_last,
                "n_days": r.n_days,
            }
            for r in self
        ]
        return pa.Table.from_pylist(records, schema=MONTHLY_SCHEMA)


@cache
def cny_per_usd_monthly() -> RateTable:
    """CNY per USD: monthly means of ECB daily cross rates from 2014-01, plus annual and daily.

    Source: ECB euro reference rates (reuse with attribution to the ECB), cross rate computed as
    CNY/EUR divided by USD/EUR. These are market rates, not GACC's conversion rates (see
    :data:`SOURCE`); allow about 1% tolerance. Months outside the coverage raise
    :class:`RateUnavailable`.
    """
    monthly_src = "tradestat/reference/data/fx/cny_per_usd_monthly_ecb_cross.csv"
    monthly: dict[tuple[int, int], MonthlyRate] = {}
    for r in read_csv(
        "fx/cny_per_usd_monthly_ecb_cross.csv", required=("month", "cny_per_usd_mean")
    ):
        year, month = (int(p) for p in r["month"].split("-"))
        monthly[(year, month)] = MonthlyRate(
            month=r["month"],
            year=year,
            month_of_year=month,
            cny_per_usd=_decimal(r["cny_per_usd_mean"], monthly_src, "cny_per_usd_mean"),
            cny_per_usd_first=_decimal(r["cny_per_usd_first"], monthly_src, "cny_per_usd_first"),
            cny_per_usd_last=_decimal(r["cny_per_usd_last"], monthly_src, "cny_per_usd_last"),
            n_days=int(r["n_days"]),
        )
    annual_src = "tradestat/reference/data/fx/cny_per_usd_annual_ecb_cross.csv"
    annual = {
        int(r["year"]): (
            _decimal(r["cny_per_usd_mean"], annual_src, "cny_per_usd_mean"),
            int(r["n_days"]),
        )
        for r in read_csv("fx/cny_per_usd_annual_ecb_cross.csv")
    }
    daily_src = "tradestat/reference/data/fx/ecb_eur_usd_cny_daily_2014on.csv"
    daily = {
        dt.date.fromisoformat(r["date"]): _decimal(
            r["cny_per_usd_cross"], daily_src, "cny_per_usd_cross"
        )
        for r in read_csv("fx/ecb_eur_usd_cny_daily_2014on.csv")
    }
    return RateTable(monthly, annual, daily)
