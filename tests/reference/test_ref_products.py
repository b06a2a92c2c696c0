"""Product groups as per-edition HS prefix sets (DOMAIN §11)."""

from __future__ import annotations

import pytest

from tradestat.reference import (
    EDITIONS,
    UnknownCodeError,
    hs_nomenclature,
    product_group_hs6,
    product_group_prefixes,
    product_groups,
)

TOP_LEVEL = {"mechanical_electrical", "high_tech", "agricultural", "labour_intensive", "new_three"}


def test_groups_present_with_captions():
    groups = product_groups()
    assert {g.code for g in groups if not g.parent} == TOP_LEVEL
    assert groups["mechanical_electrical"].name_zh == "机电产品"
    assert groups["high_tech"].name_zh == "高新技术产品"
    assert groups["new_three"].children == ("electric_vehicles", "lithium_batteries", "solar_cells")
    assert len(groups["high_tech"].children) == 9
    assert len(groups["labour_intensive"].children) == 7
    assert groups.find("新三样").code == "new_three"
    for g in groups:
        assert g.definition and g.official_basis
        if g.approximation:
            assert g.approximation_reason


def test_every_prefix_is_valid_for_its_edition():
    for edition in EDITIONS:
        table = hs_nomenclature(edition)
        for group in product_groups():
            for prefix in (*group.prefixes(edition), *group.exclusions(edition)):
                row = table.get(prefix)
                assert row is not None, (group.code, edition, prefix)
                assert row.level == len(prefix) and not row.not_wco
            assert group.hs6_codes(edition) <= table.codes()
            assert group.hs6_codes(edition)


def test_prefixes_and_exclusions_reproduce_hs6_sets():
    for edition in EDITIONS:
        subheadings = [r.code for r in hs_nomenclature(edition) if r.level == 6]
        for group in product_groups():
            inc, exc = group.prefixes(edition), group.exclusions(edition)
            derived = {
                c for c in subheadings if c.startswith(inc) and not (exc and c.startswith(exc))
            }
            assert derived == group.hs6_codes(edition), (group.code, edition)


def test_solar_cells_differ_between_editions():
    solar = product_groups()["solar_cells"]
    assert solar.prefixes("HS2022") == ("854142", "854143")
    assert solar.prefixes("HS2017") == ("854140",)
    assert solar.prefixes("HS2012") == ("854140",)
    assert not solar.approximation_in("HS2022")
    assert solar.approximation_in("HS2017") and solar.approximation
    assert "light-emitting" in solar.note("HS2017")


def test_lithium_batteries_and_evs():
    groups = product_groups()
    assert groups["lithium_batteries"].prefixes("HS2022") == ("850760",)
    assert not groups["lithium_batteries"].approximation
    ev = groups["electric_vehicles"]
    assert ev.prefixes("HS2022") == ("870340", "870350", "870360", "870370", "870380")
    assert ev.approximation_in("HS2022")
    assert ev.prefixes("HS2012") == ("870390",)


def test_contains():
    groups = product_groups()
    batteries = groups["lithium_batteries"]
    assert batteries.contains("850760", "HS2022")
    assert batteries.contains("85076000", "HS2022")
    assert batteries.contains("8507600010", "HS2022")
    assert not batteries.contains("850710", "HS2022")
    new_three = groups["new_three"]
    assert new_three.contains("854142", "HS2022")
    assert new_three.contains("854140", "HS2017")
    assert not new_three.contains("854141", "HS2022")  # LEDs are not solar cells in HS2022
    assert groups["mechanical_electrical"].contains("85", "HS2022")  # whole chapter
    assert not groups["high_tech"].contains("85", "HS2022")  # only part of it
    assert groups["agricultural"].contains("0302", "HS2022")  # fish counted, as China does
    assert groups["agricultural"].contains("520100", "HS2017")  # raw cotton (AoA annex)
    assert not groups["li_textiles"].contains("520100", "HS2017")  # excluded from textiles
    assert groups["li_textiles"].contains("520811", "HS2017")
    assert not groups["high_tech"].contains("98010090", "HS2022")  # national chapter 98


def test_contains_refuses_codes_of_another_edition_or_bad_input():
    solar = product_groups()["solar_cells"]
    with pytest.raises(UnknownCodeError):
        solar.contains("854140", "HS2022")  # HS2017 code asked against HS2022
    with pytest.raises(UnknownCodeError):
        solar.contains("85414", "HS2022")
    with pytest.raises(UnknownCodeError):
        solar.contains(854142, "HS2022")  # type: ignore[arg-type]
    with pytest.raises(UnknownCodeError):
        solar.contains("854142", "HS2007")


def test_union_groups_cover_their_children():
    groups = product_groups()
    for parent in ("high_tech", "labour_intensive", "new_three"):
        for edition in EDITIONS:
            union = frozenset().union(
                *(groups[c].hs6_codes(edition) for c in groups[parent].children)
            )
            assert groups[parent].hs6_codes(edition) == union
            assert groups[parent].exclusions(edition) == ()


def test_mechanical_electrical_is_more_than_chapters_84_85():
    me = product_groups()["mechanical_electrical"]
    prefixes = me.prefixes("HS2022")
    assert {"84", "85", "86", "87", "88", "89", "90", "91"} <= set(prefixes)
    assert any(p.startswith("73") for p in prefixes)
    assert me.approximation


def test_long_tables():
    prefixes = product_group_prefixes()
    assert prefixes.column_names == ["group_id", "edition", "prefix", "exclude"]
    hs6 = product_group_hs6()
    rows = set(zip(*(hs6.column(c).to_pylist() for c in hs6.column_names), strict=True))
    assert ("solar_cells", "HS2022", "854142") in rows
    assert ("solar_cells", "HS2017", "854140") in rows
    assert ("solar_cells", "HS2022", "854140") not in rows


def test_arrow_export():
    arrow = product_groups().to_arrow()
    assert "editions" not in arrow.column_names
    assert arrow.num_rows == len(product_groups())
