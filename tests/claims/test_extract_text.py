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
        "value",
        "65",
        Period.ytd(2025, 5),
        "total",
    )
    assert (total.quantity.value, total.quantity.power, total.quantity.decimals) == (
        Decimal("2276.7"),
        8,
        1,
    )
    assert _one(claims, "22.9%").indicator == "yoy"
    gap = _one(claims, "20.4个百分点")
    assert (gap.indicator, gap.quantity.unit, gap.reference, gap.region) == (
        "gap",
        "pp",
        "national",
        "65",
    )
    rank = _one(claims, "居全国第1位")
    assert (rank.indicator, rank.quantity.value, rank.region) == ("rank", 1, "65")


def test_chinese_flows_and_direction_after_qizhong() -> None:
    claims = _claims(ZH_RELEASE, "2025-06-18")
    assert _one(claims, "1980.2亿元").flow == "export"
    assert (_one(claims, "28.1%").flow, _one(claims, "28.1%").signed_value) == (
        "export",
        Decimal("28.1"),
    )
    imports = _one(claims, "3.2%")
    assert (imports.flow, imports.direction, imports.signed_value) == (
        "import",
        -1,
        Decimal("-3.2"),
    )


def test_chinese_share_contribution_threshold() -> None:
    claims = _claims(ZH_RELEASE, "2025-06-18")
    share = _one(claims, "94.7%")
    assert (share.indicator, share.slice, share.denominator) == (
        "share",
        {"enterprise_group": "private"},
        "total",
    )
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
    claims = _claims(
        "２０２４年，全区进出口总值３，５００．２亿元，同比增长百分之十点七。", "2025-01-20"
    )
    level = _one(claims, "３，５００．２亿元")
    assert (level.quantity.value, level.quantity.decimals, level.period) == (
        Decimal("3500.2"),
        1,
        Period.year(2024),
    )
    growth = _one(claims, "百分之十点七")
    assert (growth.quantity.value, growth.quantity.decimals, growth.indicator) == (
        Decimal("10.7"),
        1,
        "yoy",
    )


def test_chinese_trillion_scale_and_enterprise_count() -> None:
    claims = _claims(
        "2024年我国货物贸易进出口总值43.85万亿元。全年有进出口实绩的外贸企业70万家。", "2025-01-15"
    )
    national = _one(claims, "43.85万亿元")
    assert (national.region, national.quantity.power, national.quantity.decimals) == ("CN", 12, 2)
    count = _one(claims, "70万")
    assert (count.indicator, count.measure, count.quantity.power) == ("count", "enterprises", 4)


def test_english_one_sentence_two_claims_and_carry_over() -> None:
    text = (
        "Guangdong's foreign trade reached 9.1 trillion yuan in 2024. Exports climbed "
        "8 percent to 5.9 trillion yuan, while imports slipped 1.2 percent."
    )
    claims = _claims(text, "2025-01-20")
    exports = [c for c in claims if c.flow == "export"]
    assert [c.indicator for c in exports] == ["yoy", "value"]
    assert all(c.region == "44" and c.period == Period.year(2024) for c in claims)
    imports = _one(claims, "1.2 percent")
    assert (imports.flow, imports.signed_value) == ("import", Decimal("-1.2"))


def test_english_percentage_points_are_not_percent() -> None:
    claims = _claims(
        "In the first quarter, Yunnan's trade growth was 3.2 percentage points "
        "higher than the national average.",
        "2025-04-20",
    )
    gap = _one(claims, "3.2 percentage points")
    assert (gap.indicator, gap.quantity.unit, gap.reference) == ("gap", "pp", "national")
    assert gap.period == Period.quarter(2025, 1) and gap.region == "53"


def test_english_conversion_in_brackets_points_at_the_amount() -> None:
    claims = _claims(
        "Sichuan's imports and exports totalled 1.02 trillion yuan "
        "(about 142.5 billion U.S. dollars) in the first half of the year.",
        "2025-07-18",
    )
    yuan, dollars = _one(claims, "1.02 trillion yuan"), _one(claims, "142.5 billion U.S. dollars")
    assert dollars.converts == yuan.id and dollars.measure == "value_usd"
    assert dollars.quantity.qualifier == "about" and yuan.period == Period.half(2025, 1)


def test_english_qualifiers_and_share_of_the_country() -> None:
    claims = _claims(
        "Trade with Kazakhstan exceeded 100 billion yuan in 2024, nearly "
        "30 percent of the country's trade with Central Asia.",
        "2025-02-01",
    )
    level = _one(claims, "100 billion yuan")
    assert level.quantity.qualifier == "over" and level.slice == {"partner": "145"}
    share = _one(claims, "30 percent")
    assert (share.indicator, share.quantity.qualifier) == ("share", "nearly")


def test_non_trade_figures_are_marked() -> None:
    claims = _claims(
        "The province's GDP grew 5.1 percent in 2024, and its port cargo "
        "throughput rose 7 percent.",
        "2025-01-25",
    )
    assert {c.about for c in claims} == {"GDP", "throughput"}


def test_local_subject_is_not_the_region() -> None:
    claims = _claims(
        "In 2024, Xinjiang's trade rose 5 percent. The bonded zone's imports "
        "reached 2 billion yuan.",
        "2025-01-25",
    )
    assert _one(claims, "5 percent").region == "65"
    zone = _one(claims, "2 billion yuan")
    assert zone.region is None and zone.unresolved is not None


def test_years_dates_and_ordinals_are_not_claims() -> None:
    claims = _claims(
        "On March 3, 2025, the 6th expo opened in Urumqi. The policy dates from 2019.", "2025-03-05"
    )
    assert claims == []


def test_two_month_cumulative_in_every_wording() -> None:
    """January and February are released together: each wording is 2025-YTD02, not January."""
    for text in (
        "In January and February 2025, Yunnan's exports reached 30 billion yuan.",
        "In the first two months of this year, Yunnan's exports reached 30 billion yuan.",
        "In January-February, Yunnan's exports reached 30 billion yuan.",
        "2025年1-2月，云南出口300亿元。",
        "今年前两个月，云南出口300亿元。",
    ):
        claims = _claims(text, "2025-03-20")
        assert [c.period for c in claims] == [Period.ytd(2025, 2)], text
        assert claims[0].region == "53", text


def test_comparison_base_is_not_the_period() -> None:
    claims = _claims(
        "今年上半年，浙江进出口2.6万亿元，比去年同期增长5%。其中，出口1.9万亿元。", "2025-07-20"
    )
    assert {str(c.period) for c in claims} == {"2025H1"}
    english = _claims(
        "In the first half, Zhejiang's exports were up 5 percent from last year "
        "at 1.9 trillion yuan.",
        "2025-07-20",
    )
    assert {str(c.period) for c in english} == {"2025H1"}


def test_an_amount_in_the_thousands_is_not_a_year() -> None:
    claims = _claims(
        "2024年，广东出口1900亿元。Exports of 2000 billion yuan followed.", "2025-01-20"
    )
    assert [str(c.period) for c in claims] == ["2024", "2024"]


def test_level_beside_a_first_crossing_is_a_level_and_the_crossed_number_the_threshold() -> None:
    claims = _claims(
        "前三季度，云南对东盟进出口1520亿元，增长12%，首次突破1500亿元。", "2025-10-20"
    )
    level, growth, crossed = (_one(claims, s) for s in ("1520亿元", "12%", "1500亿元"))
    assert (level.indicator, level.qualifiers) == ("value", ())
    assert (growth.indicator, growth.qualifiers, growth.slice) == (
        "yoy",
        (),
        {"partner_group": "ASEAN"},
    )
    assert (crossed.indicator, set(crossed.qualifiers)) == ("threshold", {"over", "first_time"})


def test_contribution_rate_is_not_growth_nor_contribution() -> None:
    claims = _claims(
        "2025年，民营企业拉动全省外贸增长4.1个百分点，对全省外贸增长的贡献率为92.5%。", "2026-01-20"
    )
    assert _one(claims, "4.1个百分点").indicator == "contribution"
    rate = _one(claims, "92.5%")
    assert (rate.indicator, rate.slice, rate.direction) == (
        "contribution_rate",
        {"enterprise_group": "private"},
        None,
    )


def test_a_flow_as_a_share_of_the_total() -> None:
    claims = _claims("2025年，广西出口4000亿元，占全区外贸总值的60.1%。", "2026-01-20")
    share = _one(claims, "60.1%")
    assert (share.flow, share.denominator, share.slice) == ("export", "total", {})


def test_the_total_named_again_drops_the_slice() -> None:
    claims = _claims(
        "In 2024, Guangxi's trade with ASEAN reached 450 billion yuan, 45 percent "
        "of its total foreign trade of 1 trillion yuan.",
        "2025-01-20",
    )
    assert _one(claims, "450 billion yuan").slice == {"partner_group": "ASEAN"}
    assert _one(claims, "1 trillion yuan").slice == {}


def test_trade_through_ports_is_another_region_basis() -> None:
    claims = _claims(
        "In 2024, goods worth 300 billion yuan passed through Heilongjiang's land "
        "ports, while the province's own trade was 290 billion yuan.",
        "2025-01-20",
    )
    ports, own = _one(claims, "300 billion yuan"), _one(claims, "290 billion yuan")
    assert ports.region_basis == "customs_district" and ports.unresolved is not None
    assert (own.region_basis, own.unresolved, own.region) == ("registered", None, "23")


def test_language_is_decided_by_the_share_of_chinese_characters() -> None:
    assert (
        read_document(
            "2025年，新疆边境小额贸易进出口900亿元，同比增长25%。", date="2026-01-21"
        ).language
        == "zh"
    )
    assert (
        read_document(
            "Xinjiang's trade with Belt and Road (一带一路) partners rose 8 "
            "percent in 2025 to 450 billion yuan.",
            date="2026-01-21",
        ).language
        == "en"
    )


def test_growth_in_dollar_terms_is_growth_of_dollar_values() -> None:
    english = _claims(
        "In U.S. dollar terms, Zhejiang's exports rose 6.2 percent in 2024.", "2025-01-20"
    )
    chinese = _claims("按美元计价，2024年浙江出口5,380.5亿美元，增长6.2%。", "2025-01-20")
    yuan = _claims("2024年，浙江出口3.87万亿元，增长7.2%。", "2025-01-20")
    assert _one(english, "6.2 percent").measure == "value_usd"
    assert _one(chinese, "6.2%").measure == "value_usd"
    assert _one(yuan, "7.2%").measure == "value_cny"


def test_unknown_part_and_city_are_not_the_whole() -> None:
    claims = _claims(
        "2025年，河南手机出口3,012.6亿元。郑州市进出口4,000亿元。Laptop imports rose 23 percent.",
        "2026-01-20",
    )
    phones, city, laptops = (_one(claims, s) for s in ("3,012.6亿元", "4,000亿元", "23 percent"))
    assert (phones.flow, phones.region, phones.unresolved) == ("export", "41", "手机")
    assert (city.region, city.unresolved) == (None, "郑州市")
    assert laptops.flow == "import"
    assert laptops.unresolved is not None and "Laptop" in laptops.unresolved


def test_zhao_is_ten_thousand_yi_and_keeps_its_yi_digits() -> None:
    """Malaysian / Taiwanese papers write 兆 for 万亿: "3兆2500亿人民币" is 3.25 万亿元, shown to
    the 亿 (four places), and the 2500亿 is not a second, smaller amount."""
    claims = _claims("今年首9个月，中国进出口总值3兆2500亿人民币，按年增长1.5%。", "2025-10-14")
    amounts = [c for c in claims if c.indicator == "value"]
    assert len(amounts) == 1
    total = amounts[0]
    assert (total.quantity.value, total.quantity.power, total.quantity.unit) == (
        Decimal("3.25"),
        12,
        "CNY",
    )
    assert total.quantity.decimals == 4
    assert total.period == Period.ytd(2025, 9)


def test_a_minus_sign_after_wei_is_a_fall() -> None:
    """ "增速分别为-4.1%和-0.6%": the sign, not the word 增速, gives the direction."""
    claims = _claims("2025年，全省进出口和出口增速分别为-4.1%和-0.6%。", "2026-01-20")
    assert [(c.quantity.value, c.direction) for c in claims if c.indicator == "yoy"] == [
        (Decimal("4.1"), -1),
        (Decimal("0.6"), -1),
    ]


def test_traditional_characters_and_converter_pinyin_read_as_simplified() -> None:
    """A Big5 mirror: 億元 / 增長 / 進出口, and "據(jù)" left by a converter."""
    claims = _claims("據(jù)海關統計,前3季度全國進出口總值31.2萬億元,同比增長4.2%。", "2025-10-14")
    total = _one(claims, "31.2萬億元")
    assert (total.region, total.period, total.quantity.power) == ("CN", Period.ytd(2025, 9), 12)
    growth = _one(claims, "4.2%")
    assert (growth.indicator, growth.direction) == ("yoy", 1)
