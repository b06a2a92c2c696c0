"""Extraction on short texts written for these tests (English and Chinese release phrasing).

Expected slots are typed by hand from the wording; each test names the construction it covers.
"""

from __future__ import annotations

from decimal import Decimal

from tradestat.claims.claim import Claim
from tradestat.claims.extract import extract, read_document
from tradestat.periods import Period


def _claims(text: str, date: str) -> list[Claim]:
    return extract(read_document(text, date=date))


def _one(claims: list[Claim], surface: str) -> Claim:
    found = [c for c in claims if c.quantity.surface == surface]
    assert len(found) == 1, [c.quantity.surface for c in claims]
    return found[0]


ZH_RELEASE = (
    "据海关统计，2025年前5个月，新疆外贸进出口总值2276.7亿元，同比增长22.9%，增速高于全国"
    "20.4个百分点，居全国第1位。其中，出口1980.2亿元，增长28.1%；进口296.5亿元，下降3.2%。"
    "同期，民营企业进出口2156.1亿元，占全区外贸总值的94.7%，拉动全区外贸增长21.6个百分点。"
    "对东盟进出口首次突破100亿元。"
)


def test_chinese_release_levels_growth_gap_rank() -> None:
    claims = _claims(ZH_RELEASE, "2025-06-18")
    total = _one(claims, "2276.7亿元")
    assert (total.indicator, total.region, total.period, total.flow) == (
        "value", "65", Period.ytd(2025, 5), "total")
    assert (total.quantity.value, total.quantity.power, total.quantity.decimals) == (
        Decimal("2276.7"), 8, 1)
    assert _one(claims, "22.9%").indicator == "yoy"
    gap = _one(claims, "20.4个百分点")
    assert (gap.indicator, gap.quantity.unit, gap.reference, gap.region) == (
        "gap", "pp", "national", "65")
    rank = _one(claims, "居全国第1位")
    assert (rank.indicator, rank.quantity.value, rank.region) == ("rank", 1, "65")


def test_chinese_flows_and_direction_after_qizhong() -> None:
    claims = _claims(ZH_RELEASE, "2025-06-18")
    assert _one(claims, "1980.2亿元").flow == "export"
    assert (_one(claims, "28.1%").flow, _one(claims, "28.1%").signed_value) == (
        "export", Decimal("28.1"))
    imports = _one(claims, "3.2%")
    assert (imports.flow, imports.direction, imports.signed_value) == ("import", -1,
                                                                       Decimal("-3.2"))


def test_chinese_share_contribution_threshold() -> None:
    claims = _claims(ZH_RELEASE, "2025-06-18")
    share = _one(claims, "94.7%")
    assert (share.indicator, share.slice, share.denominator) == (
        "share", {"enterprise_group": "private"}, "total")
    pull = _one(claims, "21.6个百分点")
    assert (pull.indicator, pull.quantity.unit) == ("contribution", "pp")
    crossing = _one(claims, "100亿元")
    assert crossing.indicator == "threshold"
    assert crossing.slice == {"partner_group": "ASEAN"}
    assert "first_time" in crossing.qualifiers


def test_chinese_relative_periods_follow_the_publication_date() -> None:
    text = "今年以来，全区外贸进出口1500亿元。上半年，出口增长12%。前三季度，进口下降5%。"
    claims = _claims(text, "2025-07-15")
    assert _one(claims, "1500亿元").period == Period.ytd(2025, 6)
    assert _one(claims, "12%").period == Period.half(2025, 1)
    assert _one(claims, "5%").period == Period.ytd(2024, 9)  # Q1-Q3 2025 not over in July


def test_chinese_numerals_and_full_width_digits() -> None:
    claims = _claims("２０２４年，全区进出口总值３，５００．２亿元，同比增长百分之十点七。",
                     "2025-01-20")
    level = _one(claims, "３，５００．２亿元")
    assert (level.quantity.value, level.quantity.decimals, level.period) == (
        Decimal("3500.2"), 1, Period.year(2024))
    growth = _one(claims, "百分之十点七")
    assert (growth.quantity.value, growth.quantity.decimals, growth.indicator) == (
        Decimal("10.7"), 1, "yoy")


def test_chinese_trillion_scale_and_enterprise_count() -> None:
    claims = _claims("2024年我国货物贸易进出口总值43.85万亿元。全年有进出口实绩的外贸企业"
                     "70万家。", "2025-01-15")
    national = _one(claims, "43.85万亿元")
    assert (national.region, national.quantity.power, national.quantity.decimals) == ("CN", 12, 2)
    count = _one(claims, "70万")
    assert (count.indicator, count.measure, count.quantity.power) == ("count", "enterprises", 4)


def test_english_one_sentence_two_claims_and_carry_over() -> None:
    text = ("Guangdong's foreign trade reached 9.1 trillion yuan in 2024. Exports climbed "
            "8 percent to 5.9 trillion yuan, while imports slipped 1.2 percent.")
    claims = _claims(text, "2025-01-20")
    exports = [c for c in claims if c.flow == "export"]
    assert [c.indicator for c in exports] == ["yoy", "value"]
    assert all(c.region == "44" and c.period == Period.year(2024) for c in claims)
    imports = _one(claims, "1.2 percent")
    assert (imports.flow, imports.signed_value) == ("import", Decimal("-1.2"))


def test_english_percentage_points_are_not_percent() -> None:
    claims = _claims("In the first quarter, Yunnan's trade growth was 3.2 percentage points "
                     "higher than the national average.", "2025-04-20")
    gap = _one(claims, "3.2 percentage points")
    assert (gap.indicator, gap.quantity.unit, gap.reference) == ("gap", "pp", "national")
    assert gap.period == Period.quarter(2025, 1) and gap.region == "53"


def test_english_conversion_in_brackets_points_at_the_amount() -> None:
    claims = _claims("Sichuan's imports and exports totalled 1.02 trillion yuan "
                     "(about 142.5 billion U.S. dollars) in the first half of the year.",
                     "2025-07-18")
    yuan, dollars = _one(claims, "1.02 trillion yuan"), _one(claims, "142.5 billion U.S. dollars")
    assert dollars.converts == yuan.id and dollars.measure == "value_usd"
    assert dollars.quantity.qualifier == "about" and yuan.period == Period.half(2025, 1)


def test_english_qualifiers_and_share_of_the_country() -> None:
    claims = _claims("Trade with Kazakhstan exceeded 100 billion yuan in 2024, nearly "
                     "30 percent of the country's trade with Central Asia.", "2025-02-01")
    level = _one(claims, "100 billion yuan")
    assert level.quantity.qualifier == "over" and level.slice == {"partner": "145"}
    share = _one(claims, "30 percent")
    assert (share.indicator, share.quantity.qualifier) == ("share", "nearly")


def test_non_trade_figures_are_marked() -> None:
    claims = _claims("The province's GDP grew 5.1 percent in 2024, and its port cargo "
                     "throughput rose 7 percent.", "2025-01-25")
    assert {c.about for c in claims} == {"GDP", "throughput"}


def test_local_subject_is_not_the_region() -> None:
    claims = _claims("In 2024, Xinjiang's trade rose 5 percent. The bonded zone's imports "
                     "reached 2 billion yuan.", "2025-01-25")
    assert _one(claims, "5 percent").region == "65"
    zone = _one(claims, "2 billion yuan")
    assert zone.region is None and zone.unresolved is not None


def test_years_dates_and_ordinals_are_not_claims() -> None:
    claims = _claims("On March 3, 2025, the 6th expo opened in Urumqi. The policy dates "
                     "from 2019.", "2025-03-05")
    assert claims == []
