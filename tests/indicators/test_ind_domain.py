"""Published figures from DOMAIN.md §3, §15 and §16, each worked out by hand in the test.

The expected numbers are computed here with ``fractions.Fraction`` (or written out as the
published figure), never by the code under test; the code must agree with both.
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction as F

from tradestat.indicators import (
    balance,
    cagr,
    contribution,
    contribution_rate,
    gap,
    multi_period_growth,
    period_total,
    rank,
    record_events,
    round_half_up,
    share,
    share_change,
    threshold_events,
    yoy,
)


def test_xinjiang_2023_private_contribution_is_44_3_pp() -> None:
    # DOMAIN §3.1: private firms 93.2 % of 3,573.3 in 2023, growing 48.4 %; total grew 45.9 %.
    total_now = F("3573.3")
    total_base = total_now / F("1.459")  # 2,449.14...
    private_now = F("0.932") * total_now  # 3,330.3156
    private_base = private_now / F("1.484")  # 2,244.148...
    by_hand = (private_now - private_base) / total_base * 100  # 44.3489...
    assert F("44.34") < by_hand < F("44.35")

    def d(x: F) -> D:
        return D(x.numerator) / D(x.denominator)

    result = contribution(d(private_now), d(private_base), d(total_base))
    assert result.unit == "pp"
    assert abs(F(result.value) - by_hand) < F(1, 10**25)
    assert result.rounded(1) == D("44.3")


def test_rounding_the_44_3_pp_inputs_too_early_gives_44_4() -> None:
    # The same chain with the one-decimal intermediates written in DOMAIN §3.1:
    # (3,330.3 − 2,244.1) / 2,449.1 = 1,086.2 / 2,449.1 = 44.351 -> 44.4, not the published 44.3.
    by_hand = (F("3330.3") - F("2244.1")) / F("2449.1") * 100
    assert F("44.35") < by_hand < F("44.36")
    assert contribution(D("3330.3"), D("2244.1"), D("2449.1")).rounded(1) == D("44.4")


def test_xinjiang_2025_shares() -> None:
    # 4,583.7 / 5,203.7 = 88.087 % (Belt and Road, published 88.1 %).
    bri = share(D("4583.7"), D("5203.7"))
    assert F("88.08") < F(bri.value) < F("88.09")
    assert bri.rounded(1) == D("88.1")
    assert bri.rounded(2) == D("88.09")
    # 4,826.6 / 5,203.7 = 92.753 % (private firms, published with two decimals: 92.75 %).
    private = share(D("4826.6"), D("5203.7"))
    assert private.rounded(2) == D("92.75")
    assert private.formula == "4826.6 / 5203.7 × 100"


def test_asean_share_borderline_is_12_9_not_13_0() -> None:
    # §16.10: 673.7 / 5,203.7 = 12.946 % -> 12.9 as published; rounding first would mislead:
    # 67.4 / 520.37 = 12.952 % -> 13.0, and the rounded share 12.95 itself rounds half up to 13.0.
    asean = share(D("673.7"), D("5203.7"))
    assert F("12.946") < F(asean.value) < F("12.947")
    assert asean.rounded(1) == D("12.9")
    assert share(D("67.4"), D("520.37")).rounded(1) == D("13.0")
    assert round_half_up(D("12.95"), 1) == D("13.0")
    assert round_half_up(asean.rounded(2), 1) == D("13.0")  # double rounding is the trap


def test_gap_reproduces_the_national_growth() -> None:
    # §15.3 checks: 19.9 − 16.1 = 3.8 (2025); 45.9 − 45.7 = 0.2 (2023); 39.1 − 29.7 = 9.4.
    assert gap(D("19.9"), D("16.1")).value == D("3.8")
    assert gap(D("45.9"), D("45.7")).value == D("0.2")
    assert gap(D("39.1"), D("29.7")).value == D("9.4")
    published = gap(D("19.9"), D("3.8"))
    assert (published.value, published.unit, published.formula) == (D("16.1"), "pp",
                                                                     "19.9 − 3.8")


def test_gap_of_two_computed_growth_rates() -> None:
    # Xinjiang 2025 (520,370 on 434,000) against China (45.47 on 43.85 trillion).
    xinjiang = yoy(D("520370"), D("434000"))
    china = yoy(D("45.47"), D("43.85"))
    by_hand = (F(520370, 434000) - 1) * 100 - (F("45.47") / F("43.85") - 1) * 100
    result = gap(xinjiang, china)
    assert abs(F(result.value) - by_hand) < F(1, 10**30)
    assert result.rounded(1) == D("16.2")  # from unrounded rates; 19.9 − 3.7 as displayed


def test_fourteenth_plan_on_thirteenth_is_144_3_percent() -> None:
    # §15.1: 1,569 + 2,449 + 3,573 + 4,340 + 5,204 = 17,135; 13th plan ≈ 7,014 (derived).
    fourteenth = period_total({"2021": 1569, "2022": 2449, "2023": 3573, "2024": 4340,
                               "2025": 5204})
    assert fourteenth.value == 17135
    by_hand = (F(17135) / F(7014) - 1) * 100  # 144.297...
    result = multi_period_growth(fourteenth.value, D(7014))
    assert abs(F(result.value) - by_hand) < F(1, 10**30)
    assert result.rounded(1) == D("144.3")
    assert result.formula == "(17135 / 7014 − 1) × 100"


def test_a_year_missing_from_a_plan_total_is_not_summed_over() -> None:
    partial = period_total({"2021": 1569, "2022": None, "2023": 3573})
    assert not partial.defined
    assert "2022" in partial.undefined
    assert not multi_period_growth(partial.value, D(7014)).defined


def test_jan_oct_2024_passes_the_2023_full_year_two_months_early() -> None:
    # §3.2: Jan–Oct 2024, 3,627.9, is above FY2023, 3,573.3; Q1–Q3 2024, 3,223.9, was not.
    series = [("Q1 2024", D("936.3")), ("Jan–Jul 2024", D("2533")),
              ("Q1–Q3 2024", D("3223.9")), ("Jan–Oct 2024", D("3627.9")),
              ("Jan–Nov 2024", D("4031"))]
    events = threshold_events(series, D("3573.3"))
    assert [e.reached for e in events.values()] == [False, False, False, True, True]
    assert [e.first_time for e in events.values()] == [False, False, False, True, False]
    assert events["Jan–Nov 2024"].formula.endswith("already in Jan–Oct 2024")


def test_first_time_above_5000_and_record_high() -> None:
    annual = [("2021", D("1569.07")), ("2022", D("2449")), ("2023", D("3573.3")),
              ("2024", D("4340")), ("2025", D("5203.7"))]
    above = threshold_events(annual, 5000)
    assert above["2025"].first_time is True
    assert above["2021"].first_time is False
    records = record_events(annual)
    assert records["2025"].record is True
    assert records["2025"].previous_best == D("4340")
    assert records["2021"].record is None  # nothing earlier in view


def test_share_above_10_percent_for_the_first_time() -> None:
    # ASEAN's share of Xinjiang trade: 8 % in Jan–Nov 2024 (§15.2), 12.946 % in 2025.
    series = [("Jan–Nov 2024", share(D("8"), D("100"))), ("2025", share(D("673.7"),
                                                                       D("5203.7")))]
    events = threshold_events(series, 10)
    assert events["2025"].first_time is True


def test_yoy_of_xinjiang_2025_and_the_revised_base_trap() -> None:
    result = yoy(D("520370"), D("434000"))
    assert result.formula == "(520370 / 434000 − 1) × 100"
    assert result.rounded(1) == D("19.9")
    # §16.1: against the first-published Jan–Feb 2023 (444.0) Jan–Feb 2024 gives 43.4, not 51.4.
    assert yoy(D("636.9"), D("444.0")).rounded(1) == D("43.4")
    # China 2023 against the first-published 2022 total: −0.7 instead of the published +0.2.
    assert yoy(D("41.76"), D("42.07")).rounded(1) == D("-0.7")
    assert yoy(D("41.76"), D("41.68")).rounded(1) == D("0.2")


def test_balance_and_flows() -> None:
    assert balance(D("4607"), D("596")).value == D("4011")
    assert balance(D("2133.8"), D("394.6")).value == D("1739.2")


def test_share_change_of_private_firms() -> None:
    # Jan–Feb 2023: 427 / 444.0 = 96.17 %; Jan–Feb 2024: 598.1 / 636.9 = 93.91 %.
    by_hand = (F("598.1") / F("636.9") - F(427) / F("444.0")) * 100  # −2.26
    result = share_change(D("598.1"), D("636.9"), D("427"), D("444.0"))
    assert abs(F(result.value) - by_hand) < F(1, 10**30)
    assert result.rounded(1) == D("-2.3")


def test_contribution_rate_of_exports_jan_oct_2024() -> None:
    # Derived bases: exports 3,082.9 / 1.289, imports 545 / 1.23 (§15.2).
    ex_now, im_now = F("3082.9"), F(545)
    ex_base, im_base = ex_now / F("1.289"), im_now / F("1.23")
    total_now, total_base = ex_now + im_now, ex_base + im_base
    by_hand = (ex_now - ex_base) / (total_now - total_base) * 100  # 87.15...

    def d(x: F) -> D:
        return D(x.numerator) / D(x.denominator)

    exports = contribution_rate(d(ex_now), d(ex_base), d(total_now), d(total_base))
    imports = contribution_rate(d(im_now), d(im_base), d(total_now), d(total_base))
    assert abs(F(exports.value) - by_hand) < F(1, 10**25)
    assert exports.rounded(1) == D("87.2")
    assert abs(F(exports.value) + F(imports.value) - 100) < F(1, 10**25)


def test_contribution_rate_can_exceed_100() -> None:
    # Exports up 10, imports down 2: the total changed by 8, exports supplied 125 % of it.
    assert contribution_rate(110, 100, 158, 150).value == 125
    assert contribution_rate(48, 50, 158, 150).value == -25


def test_cagr_2021_to_2025() -> None:
    by_hand = ((5203.7 / 1569.07) ** 0.25 - 1) * 100  # 34.948...
    result = cagr(D("1569.07"), D("5203.7"), 4)
    assert abs(float(result.value) - by_hand) < 1e-9
    assert result.rounded(1) == D("34.9")


def test_rank_ties_competition_and_dense() -> None:
    growth = {"Xinjiang": D("19.9"), "A": D("16.0"), "B": D("16.00"), "C": D("3.8"),
              "D": None}
    competition = rank(growth)
    assert {k: r.value for k, r in competition.items() if r.defined} == {
        "Xinjiang": 1, "A": 2, "B": 2, "C": 4}
    dense = rank(growth, ties="dense")
    assert {k: r.value for k, r in dense.items() if r.defined} == {
        "Xinjiang": 1, "A": 2, "B": 2, "C": 3}
    assert competition["D"].undefined == "not ranked: value of D has no data"
    lowest_first = rank(growth, descending=False)
    assert lowest_first["C"].value == 1 and lowest_first["Xinjiang"].value == 4


def test_rank_by_growth_keeps_the_reason_of_an_undefined_growth() -> None:
    growth = {"P1": yoy(120, 100), "P2": yoy(50, 0), "P3": yoy(90, 100)}
    ranks = rank(growth)
    assert ranks["P1"].value == 1 and ranks["P3"].value == 2
    assert ranks["P2"].undefined == ("not ranked: value of P2 is not defined "
                                     "(base period value is zero)")
