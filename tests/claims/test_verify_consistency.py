"""Consistency within one text, on hand-written claims (figures from DOMAIN §15/§16)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from tradestat.claims.claim import Claim, Document, Quantity
from tradestat.claims.consistency import check_document
from tradestat.periods import Period

Y2025 = Period.year(2025)
JF2020 = Period.ytd(2020, 2)


def q(surface: str, unit: str = "CNY", power: int = 9) -> Quantity:
    decimals = len(surface.split(".")[1]) if "." in surface else 0
    return Quantity(surface, Decimal(surface), unit, decimals, power)  # type: ignore[arg-type]


def c(
    cid: str, indicator: str, quantity: Quantity, period: Period = Y2025, **slots: object
) -> Claim:
    return Claim(
        cid,
        indicator,  # type: ignore[arg-type]
        quantity,
        (0, 0),
        "",
        region="65",
        period=period,
        **slots,  # type: ignore[arg-type]
    )


class Rates:
    def on(self, day: dt.date) -> Decimal | None:
        return {dt.date(2026, 1, 28): Decimal("6.9464")}.get(day)

    def month(self, year: int, month: int) -> Decimal | None:
        return {(2025, 12): Decimal("7.0453"), (2025, 1): Decimal("7.28")}.get((year, month))


def doc(date: str | None = "2026-01-28") -> Document:
    return Document("t.txt", "", published=date)


def by_id(verdicts: list, cid: str, detail_word: str = "") -> list:
    return [v for v in verdicts if v.claim_id == cid and detail_word in (v.detail or "")]


def test_parts_add_up_within_rounding() -> None:
    claims = [
        c("t", "value", q("520.37")),
        c("e", "value", q("460.7"), flow="export"),
        c("i", "value", q("59.6"), flow="import"),
    ]
    [verdict] = by_id(check_document(doc(), claims), "t", "parts")
    assert verdict.verdict == "supported"


def test_typo_in_total_is_caught_by_its_parts() -> None:
    # DOMAIN §16.3: 12.95 + 7.08 = 20.03, one copy printed 20.3.
    claims = [
        c("t", "value", q("20.3"), JF2020),
        c("e", "value", q("12.95"), JF2020, flow="export"),
        c("i", "value", q("7.08"), JF2020, flow="import"),
    ]
    [verdict] = by_id(check_document(doc(), claims), "t", "parts")
    assert verdict.verdict == "contradicted"


def test_typo_in_total_is_caught_by_a_share() -> None:
    # Kazakhstan 10.83 bn = 54.1 % of the total implies 20.02, not 20.3.
    claims = [
        c("t", "value", q("20.3"), JF2020),
        c("k", "value", q("10.83"), JF2020, slice={"partner": "145"}),
        c(
            "s",
            "share",
            q("54.1", "percent", 0),
            JF2020,
            slice={"partner": "145"},
            denominator="total",
        ),
    ]
    [verdict] = by_id(check_document(doc(), claims), "s")
    assert verdict.verdict == "contradicted"
    right = [dataclasses.replace(claims[0], quantity=q("20.03")), *claims[1:]]
    [verdict] = by_id(check_document(doc(), right), "s")
    assert verdict.verdict == "supported"


def test_borderline_share_holds_under_intervals() -> None:
    # DOMAIN §16.10: 67.4 / 520.37 = 12.952 %, naive rounding says 13.0, the text says 12.9.
    claims = [
        c("t", "value", q("520.37")),
        c("a", "value", q("67.4"), slice={"partner_group": "ASEAN"}),
        c(
            "s",
            "share",
            q("12.9", "percent", 0),
            slice={"partner_group": "ASEAN"},
            denominator="total",
        ),
    ]
    [verdict] = by_id(check_document(doc(), claims), "s")
    assert verdict.verdict == "supported"


def test_growth_rates_and_levels_imply_one_base() -> None:
    claims = [
        c("t", "value", q("520.37")),
        c("e", "value", q("460.7"), flow="export"),
        c("i", "value", q("59.6"), flow="import"),
        c("tg", "yoy", q("19.9", "percent", 0), direction=1),
        c("eg", "yoy", q("25", "percent", 0), flow="export", direction=1),
        c("ig", "yoy", q("8.9", "percent", 0), flow="import", direction=-1),
    ]
    [verdict] = by_id(check_document(doc(), claims), "tg", "growth")
    assert verdict.verdict == "supported"
    wrong = [*claims[:3], c("tg", "yoy", q("29.9", "percent", 0), direction=1), *claims[4:]]
    [verdict] = by_id(check_document(doc(), wrong), "tg", "growth")
    assert verdict.verdict == "contradicted"


def test_dollar_conversion_at_publication_day_rate() -> None:
    # 520.37 / 74.6 = 6.9755 CNY per USD, 0.4 % from the 2026-01-28 rate: a convention.
    claims = [c("t", "value", q("520.37")), c("u", "value", q("74.6", "USD"), converts="t")]
    [verdict] = by_id(check_document(doc(), claims, Rates()), "u")
    assert (verdict.verdict, verdict.detail) == ("supported", "conversion at publication-day rate")
    assert "6.97" in verdict.reason


def test_impossible_conversion_is_contradicted() -> None:
    claims = [c("t", "value", q("520.37")), c("u", "value", q("94.6", "USD"), converts="t")]
    [verdict] = by_id(check_document(doc(), claims, Rates()), "u")
    assert verdict.verdict == "contradicted"


def test_conversion_without_rates_is_unverifiable_but_reports_the_rate() -> None:
    claims = [c("t", "value", q("520.37")), c("u", "value", q("74.6", "USD"), converts="t")]
    [verdict] = by_id(check_document(doc(None), claims), "u")
    assert verdict.verdict == "unverifiable"
    assert "6.97" in verdict.reason


def test_same_figure_twice_must_agree() -> None:
    claims = [
        c("a", "value", q("149.62"), Period.half(2023, 1)),
        c("b", "value", q("149.6"), Period.half(2023, 1)),
    ]
    assert by_id(check_document(doc(), claims), "b")[0].verdict == "supported"
    claims[1] = c("b", "value", q("146.9"), Period.half(2023, 1))
    assert by_id(check_document(doc(), claims), "b")[0].verdict == "contradicted"
