"""Provinces, domestic destination/source districts and customs districts."""

from __future__ import annotations

import pytest

from tradestat.reference import (
    UnknownCodeError,
    customs_districts,
    domestic_districts,
    provinces,
)


def test_thirty_one_provinces():
    table = provinces()
    assert len(table) == 31
    assert table.codes() == {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    }


def test_xinjiang():
    xj = provinces()["65"]
    assert xj.name_zh == "新疆维吾尔自治区"
    assert xj.short_name_zh == "新疆"
    assert xj.short_name_en == "Xinjiang"
    assert xj.kind == "autonomous_region" and xj.economic_region == "west"
    for name in ("新疆维吾尔自治区", "新疆", "Xinjiang", "xinjiang uygur autonomous region"):
        assert provinces().find(name).code == "65"


def test_shanxi_and_shaanxi_are_never_confused():
    table = provinces()
    assert table.find("Shanxi").code == "14"
    assert table.find("山西").code == "14"
    assert table.find("Shaanxi").code == "61"
    assert table.find("陕西").code == "61"
    with pytest.raises(UnknownCodeError):
        table.find("Shan")


def test_economic_regions_cover_all_provinces():
    regions = {p.economic_region for p in provinces()}
    assert regions == {"east", "central", "west", "northeast"}
    assert sum(p.economic_region == "west" for p in provinces()) == 12


def test_domestic_districts():
    table = domestic_districts()
    assert len(table) == 1088
    xj = [d for d in table if d.province == "65"]
    assert len(xj) == 27
    assert table["6509W"].name_zh == "奎屯保税物流中心"
    assert table["65099"].name_zh == "伊宁"
    assert all(d.code[:2] in provinces() for d in table)


def test_customs_districts_xinjiang():
    table = customs_districts()
    urumqi = [d for d in table if d.directorate == "94"]
    assert len(urumqi) == 32  # 9400 total plus 9401-9431
    assert table["9402"].name_en == "Khorgos"
    assert table["9404"].name_en == "Alashankou"
    assert table["9408"].directorate_name_en == "Urumqi Customs District"
    assert table["9400"].is_directorate_total
    assert all(d.name_en for d in urumqi)
    assert table.find("阿拉山口").code == "9404"


def test_customs_districts_directorates():
    table = customs_districts()
    totals = [d for d in table if d.is_directorate_total]
    assert all(d.name_en for d in totals)
    assert table["A100"].directorate == "A1"
    assert all(len(d.code) == 4 for d in table)
