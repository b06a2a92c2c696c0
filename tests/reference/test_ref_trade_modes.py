"""Supervision codes, statistical trade modes and their published groups (DOMAIN §7)."""

from __future__ import annotations

import pytest

from tradestat.reference import (
    UnknownCodeError,
    cross_cutting_groups_for,
    published_group_for,
    statistical_code_for,
    statistical_trade_modes,
    supervision_modes,
    trade_mode_groups,
)

PUBLISHED_20 = {
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "19",
    "20",
    "22",
    "23",
    "25",
    "27",
    "30",
    "31",
    "33",
    "34",
    "35",
    "39",
    "41",
}


@pytest.mark.parametrize(
    ("code4", "code2", "group"),
    [
        ("0110", "10", "ordinary"),
        ("9610", "10", "ordinary"),
        ("1210", "10", "ordinary"),
        ("4019", "19", "border_small"),
        ("0214", "14", "processing"),
        ("0615", "15", "processing"),
        ("0715", "15", "processing"),
        ("1233", "33", "bonded_logistics"),
        ("6033", "33", "bonded_logistics"),
        ("5034", "34", "bonded_logistics"),
        ("1039", "39", "other"),
        ("1239", "39", "other"),
    ],
)
def test_suffix_rule_and_groups(code4, code2, group):
    assert statistical_code_for(code4) == code2
    assert published_group_for(code4) == group
    assert published_group_for(code2) == group


def test_returned_goods_are_not_border_trade():
    mode = supervision_modes()["4561"]
    assert mode.statistical_code == "61"
    assert mode.published_group != "border_small"
    assert "4561" not in trade_mode_groups()["border_small"].supervision_codes
    assert trade_mode_groups()["border_small"].supervision_codes == ("4019",)


def test_cross_cutting_groups():
    ecommerce = trade_mode_groups()["cross_border_ecommerce"]
    assert set(ecommerce.supervision_codes) == {"9610", "1210", "1239", "9710", "9810"}
    assert ecommerce.kind == "cross_cutting"
    assert "cross_border_ecommerce" in cross_cutting_groups_for("9610")
    assert "cross_border_ecommerce" in cross_cutting_groups_for("1210")
    assert cross_cutting_groups_for("1039") == ("market_procurement",)
    assert cross_cutting_groups_for("0110") == ()
    assert trade_mode_groups()["market_procurement"].supervision_codes == ("1039",)


def test_every_supervision_code_maps_to_a_known_statistical_code():
    stat = statistical_trade_modes()
    modes = supervision_modes()
    assert len(modes) == 104
    for mode in modes:
        assert mode.statistical_code == mode.code[2:]
        assert mode.statistical_code in stat


def test_the_twenty_published_modes():
    stat = statistical_trade_modes()
    published = {m.code for m in stat if m.in_trade_statistics}
    assert published == PUBLISHED_20
    assert stat["19"].name_zh == "边境小额贸易"
    assert stat["10"].name_en == "Ordinary trade"
    for mode in stat:
        assert (mode.published_group == "not_statistical") == (not mode.in_trade_statistics)


def test_published_groups_partition_statistical_codes():
    groups = [g for g in trade_mode_groups() if g.kind != "cross_cutting"]
    seen: list[str] = [c for g in groups for c in g.statistical_codes]
    assert sorted(seen) == sorted(statistical_trade_modes().codes())
    by_id = {g.code: set(g.statistical_codes) for g in groups}
    assert by_id["processing"] == {"14", "15"}
    assert by_id["bonded_logistics"] == {"33", "34"}
    assert by_id["ordinary"] == {"10"}


def test_group_captions_and_lookup():
    groups = trade_mode_groups()
    assert groups.find("边境小额贸易").code == "border_small"
    assert groups.find("Processing trade").code == "processing"
    assert groups["processing"].name_zh == "加工贸易"


def test_bad_codes_raise():
    with pytest.raises(UnknownCodeError):
        statistical_code_for("4018")
    with pytest.raises(UnknownCodeError):
        published_group_for("110")
