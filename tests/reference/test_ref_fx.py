"""CNY per USD rates (ECB cross rates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from tradestat.reference import RateUnavailable, cny_per_usd_monthly


def test_monthly_rate_is_a_decimal():
    rate = cny_per_usd_monthly().rate(2025, 1)
    assert isinstance(rate, Decimal)
    assert Decimal("7.0") < rate < Decimal("7.4")


def test_uncovered_months_raise():
    rates = cny_per_usd_monthly()
    with pytest.raises(RateUnavailable):
        rates.rate(2013, 1)
    with pytest.raises(LookupError):
        rates.rate(2099, 1)


def test_annual_means_match_domain_figures():
    rates = cny_per_usd_monthly()
    # DOMAIN §13 quotes these ECB cross annual means.
    assert rates.annual_mean(2021) == Decimal("6.4491")
    assert rates.annual_mean(2024) == Decimal("7.1956")
    last_year = int(rates.coverage()[1][:4])
    if rates.coverage()[1][5:] != "12":
        with pytest.raises(RateUnavailable, match="part of the year"):
            rates.annual_mean(last_year)
        assert rates.annual_mean(last_year, allow_partial=True) > 0
    with pytest.raises(RateUnavailable):
        rates.annual_mean(2013)


def test_daily_rate_falls_back_to_previous_business_day():
    rates = cny_per_usd_monthly()
    saturday = dt.date(2025, 1, 4)
    daily = rates.daily_rate(saturday)
    assert daily.date == dt.date(2025, 1, 3)
    assert Decimal("7.0") < daily.cny_per_usd < Decimal("7.5")
    with pytest.raises(RateUnavailable):
        rates.daily_rate(dt.date(2010, 1, 1))


def test_to_arrow_types():
    arrow = cny_per_usd_monthly().to_arrow()
    assert arrow.schema.field("month").type == pa.string()
    assert arrow.schema.field("cny_per_usd").type == pa.decimal128(12, 6)
    first = arrow.slice(0, 1).to_pylist()[0]
    assert first["month"] == "2014-01" and first["year"] == 2014 and first["month_of_year"] == 1
    assert arrow.num_rows == len(cny_per_usd_monthly())


def test_source_says_what_the_rates_are():
    rates = cny_per_usd_monthly()
    assert "ECB" in rates.source and "not the SAFE" in rates.source
    with pytest.raises(AttributeError):
        rates._monthly = {}  # type: ignore[misc]
