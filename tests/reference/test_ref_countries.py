"""Customs partner codes, ISO countries and the mappings between them."""

from __future__ import annotations

import pytest

from tradestat.reference import (
    UnknownCodeError,
    countries,
    customs_for_iso3,
    iso3_for_customs,
    iso3_for_m49,
    normalize_iso3,
    partners,
)


@pytest.mark.parametrize(
    ("code", "iso3"),
    [
        ("145", "KAZ"),
        ("146", "KGZ"),
        ("147", "TJK"),
        ("148", "TKM"),
        ("149", "UZB"),
        ("344", "RUS"),
        ("502", "USA"),
        ("110", "HKG"),
        ("142", "CHN"),
        ("143", "TWN"),
    ],
)
def test_customs_code_and_iso3_round_trip(code, iso3):
    assert iso3_for_customs(code) == iso3
    assert customs_for_iso3(iso3) == code
    assert partners()[code].iso3 == iso3


def test_find_partner_by_chinese_or_english_name():
    table = partners()
    assert table.find("哈萨克斯坦").code == "145"
    assert table.find("kazakhstan").code == "145"
    assert table.find("Kyrgyzstan").code == "146"
    assert table.find("香港").code == "110"  # alias of 中国香港
    assert table.find("Russia").code == "344"
    assert table.find("俄罗斯联邦").code == "344"


def test_typo_in_partner_code_suggests_neighbours():
    with pytest.raises(UnknownCodeError) as info:
        partners()["14x"]
    suggestions = info.value.suggestions
    assert 1 <= len(suggestions) <= 3
    assert all(s.startswith("14") for s in suggestions)


def test_continent_is_the_first_digit():
    table = partners()
    assert table["145"].continent_code == "1"
    assert table["145"].continent_zh == "亚洲"
    assert table["344"].continent_en == "Europe"
    assert table["410"].continent_code == "4"
    assert table["502"].continent_en == "North America"
    assert table["999"].continent_code == ""
    for row in table:
        assert row.continent_code in {"", "1", "2", "3", "4", "5", "6", "7"}
        if row.code != "999":
            assert row.continent_code == row.code[0]


def test_customs_continent_is_not_m49():
    # Georgia sits in the customs Europe block but in M49 Western Asia.
    georgia = partners()["337"]
    assert georgia.continent_en == "Europe"
    assert georgia.m49_subregion_en == "Western Asia"


@pytest.mark.parametrize("code", ["199", "299", "399", "499", "599", "699", "701", "702", "999"])
def test_pseudo_codes_have_no_iso3(code):
    row = partners()[code]
    assert row.pseudo
    assert row.iso3 is None
    assert row.name_en and row.name_zh


def test_legacy_iso3_codes_are_normalised():
    romania = partners()["328"]
    assert romania.iso3 == "ROU" and romania.legacy_iso3 == "ROM"
    antilles = partners()["449"]
    assert antilles.iso3 is None and antilles.legacy_iso3 == "ANT"
    assert customs_for_iso3("ROM") == "328"
    assert normalize_iso3("rom") == "ROU"
    with pytest.raises(UnknownCodeError, match="withdrawn"):
        normalize_iso3("ANT")


def test_source_quirks_are_repaired():
    table = partners()
    assert table["260"].iso3 == "SSD"  # empty in the source, filled from the mapping
    assert table["499"].iso3 is None  # source wrongly lists BES
    assert "801" not in table and "802" not in table  # tariff markers, not partners
    assert table["110"].name_en == "Hong Kong, China"
    assert customs_for_iso3("BES") == "449"
    assert customs_for_iso3("BVT") == "326"  # territory mapped to its sovereign


def test_partner_iso3_are_known_countries_and_unique():
    table = countries()
    seen = [p.iso3 for p in partners() if p.iso3]
    assert len(seen) == len(set(seen))
    assert all(iso in table for iso in seen)


def test_countries_table():
    table = countries()
    assert len(table) == 249
    kaz = table["KAZ"]
    assert (kaz.iso2, kaz.iso_numeric, kaz.m49) == ("KZ", "398", "398")
    assert kaz.subregion_en == "Central Asia" and kaz.name_zh == "哈萨克斯坦"
    assert kaz.customs_code == "145"
    assert table["NAM"].iso2 == "NA"  # not read as a missing value
    assert table["AFG"].iso_numeric == "004"
    assert table.find("United Kingdom of Great Britain and Northern Ireland").code == "GBR"
    assert all(c.customs_code for c in table)


@pytest.mark.parametrize("value", [156, "156", "0156", " 156"])
def test_iso3_for_m49_accepted_forms(value):
    assert iso3_for_m49(value) == "CHN"


def test_iso3_for_m49_small_codes_and_comtrade_variants():
    assert iso3_for_m49(4) == iso3_for_m49("004") == iso3_for_m49("4") == "AFG"
    assert iso3_for_m49(842) == "USA"
    assert iso3_for_m49(699) == "IND"


@pytest.mark.parametrize("value", [0, 490, "abc", "", True, 15.6])
def test_iso3_for_m49_rejects_non_countries(value):
    with pytest.raises(UnknownCodeError):
        iso3_for_m49(value)  # type: ignore[arg-type]
