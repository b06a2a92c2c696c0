"""HS nomenclatures, editions, correlations and national codes."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pytest

from tradestat.reference import (
    UnknownCodeError,
    hs2012_for_hs2017,
    hs2017_for_hs2012,
    hs2017_for_hs2022,
    hs2022_for_hs2017,
    hs_correlation,
    hs_edition_for_year,
    hs_nomenclature,
    hs_sections,
    national_codes,
)


def _levels(edition: str, *, wco_only: bool = False) -> Counter[int]:
    return Counter(r.level for r in hs_nomenclature(edition) if not (wco_only and r.not_wco))


def test_hs2022_counts_include_the_chapter_99_artefact():
    # DOMAIN §6 counts (97 / 1,229 / 5,613) include Comtrade's 99 / 9999 / 999999.
    assert _levels("HS2022") == {2: 97, 4: 1229, 6: 5613}
    assert _levels("HS2022", wco_only=True) == {2: 96, 4: 1228, 6: 5612}


def test_hs2017_counts():
    assert _levels("HS2017") == {2: 97, 4: 1223, 6: 5388}
    assert _levels("HS2017", wco_only=True) == {2: 96, 4: 1222, 6: 5387}


def test_hs2012_is_reconstructed_from_codes_without_names():
    table = hs_nomenclature("HS2012")
    assert _levels("HS2012", wco_only=True) == {2: 96, 4: 1224, 6: 5205}
    row = table["854140"]
    assert row.parent == "8541" and row.section == "XVI" and row.name_en == ""
    assert "870380" not in table  # EV subheadings only exist from HS2017


def test_chapter_99_is_kept_but_flagged():
    for edition in ("HS2017", "HS2022"):
        table = hs_nomenclature(edition)
        assert table["99"].not_wco and table["999999"].not_wco
        assert table["99"].section == ""
        assert not table["85"].not_wco
    assert "TOTAL" not in hs_nomenclature("HS2022")


def test_hierarchy_and_names():
    table = hs_nomenclature("HS2022")
    sub = table["854142"]
    assert (sub.level, sub.parent, sub.section) == (6, "8541", "XVI")
    assert table["8541"].parent == "85"
    assert table["85"].parent == ""
    assert "photovoltaic" in sub.name_en.lower()
    assert table["010121"].code == "010121"  # leading zero kept


def test_every_parent_exists_in_its_edition():
    for edition in ("HS2012", "HS2017", "HS2022"):
        table = hs_nomenclature(edition)
        for row in table:
            assert row.parent == "" or row.parent in table, (edition, row.code)


def test_solar_cell_codes_differ_between_editions():
    assert "854140" in hs_nomenclature("HS2017")
    assert "854140" not in hs_nomenclature("HS2022")
    assert {"854142", "854143"} <= hs_nomenclature("HS2022").codes()


@pytest.mark.parametrize("alias", ["HS2022", "hs2022", "2022", " HS2022 "])
def test_edition_aliases(alias):
    assert hs_nomenclature(alias) is hs_nomenclature("HS2022")


def test_unknown_edition_raises():
    with pytest.raises(UnknownCodeError):
        hs_nomenclature("HS2007")


@pytest.mark.parametrize(
    ("year", "edition"),
    [
        (2012, "HS2012"),
        (2016, "HS2012"),
        (2017, "HS2017"),
        (2021, "HS2017"),
        (2022, "HS2022"),
        (2026, "HS2022"),
    ],
)
def test_edition_for_year(year, edition):
    assert hs_edition_for_year(year) == edition


def test_edition_for_year_refuses_hs2007_years_and_non_ints():
    with pytest.raises(UnknownCodeError):
        hs_edition_for_year(2011)
    with pytest.raises(UnknownCodeError):
        hs_edition_for_year("2020")  # type: ignore[arg-type]


def test_sections():
    sections = hs_sections()
    assert len(sections) == 21
    assert sections["XVI"].chapters == ("84", "85")
    assert sections["I"].name_en.startswith("Live animals")
    assert sections.find("机器、机械器具、电气设备及其零件").code == "XVI"
    assert all(s.name_zh for s in sections)


def test_correlation_2022_2017_has_15657_pairs():
    table = hs_correlation()
    assert table.num_rows == 15657
    assert table.schema == pa.schema(
        [("hs2022", pa.string()), ("hs2017", pa.string()), ("relationship", pa.string())]
    )
    counts = Counter(table.column("relationship").to_pylist())
    assert counts == {"1:1": 4097, "n:1": 1392, "1:n": 54, "n:n": 10114}


def test_correlation_helpers():
    assert hs2017_for_hs2022("854142") == ("854140",)
    assert {"854141", "854142", "854143", "854149"} <= set(hs2022_for_hs2017("854140"))
    assert hs2022_for_hs2017("300219") == ()  # gap in the UNSD sheet (DOMAIN §6)
    assert hs2017_for_hs2012("850760") == ("850760",)
    assert hs2012_for_hs2017("870380")  # new in HS2017, comes from an HS2012 code
    with pytest.raises(UnknownCodeError):
        hs2017_for_hs2022("854140")  # not an HS2022 code
    with pytest.raises(UnknownCodeError):
        hs2017_for_hs2022("8541")  # headings are not correlated


def test_correlation_2017_2012():
    table = hs_correlation("HS2017")
    assert table.column_names == ["hs2017", "hs2012", "relationship"]
    assert table.num_rows > 6000


def test_national_codes():
    codes = national_codes()
    levels = Counter(r.level for r in codes)
    assert levels[8] > 8000 and levels[10] > 12000
    battery = codes["8507600010"]
    assert battery.parent == "85076000" and battery.hs6 == "850760"
    assert "锂离子" in battery.name_zh and battery.name_basis == "exact"
    hs8 = codes["85076000"]
    assert hs8.level == 8 and hs8.name_basis == "from_child"
    assert codes["85414200"].name_basis == "exact"  # undivided: name of 8541420000
    assert codes["0101290090"].name_zh == "非改良种用其他马"  # CIQ sub-entries merged
    assert all(r.name_en == "" for r in codes)


def test_national_codes_skip_the_inspection_category_tree():
    # The CIQ file also holds category codes such as 1101010101 ("种马") that are not HS codes.
    assert "1101010101" not in national_codes()
    special = national_codes()["98010090"]
    assert not special.in_hs  # China's national chapter 98
    assert all(r.in_hs for r in national_codes() if not r.code.startswith("98"))
