"""Enterprise nature and transport modes."""

from __future__ import annotations

import pytest

from tradestat.reference import (
    InvalidRegistrationCode,
    enterprise_groups,
    enterprise_type_from_registration_code,
    enterprise_types,
    transport_groups,
    transport_modes,
)


def test_enterprise_types_and_groups():
    types = enterprise_types()
    assert [t.code for t in types] == list("123456789")
    assert types["1"].published_group == "state_owned"
    assert {t.code for t in types if t.published_group == "foreign_invested"} == {"2", "3", "4"}
    assert {t.code for t in types if t.published_group == "private"} == {"5", "6", "7"}
    assert types["9"].published_group == "other"
    assert types["8"].published_group == "not_statistical"
    assert types["6"].name_zh == "私营"


def test_enterprise_group_captions():
    groups = enterprise_groups()
    assert groups["private"].name_zh == "民营企业"
    assert groups["state_owned"].name_zh == "国有企业"
    assert groups["foreign_invested"].name_zh == "外商投资企业"
    assert groups["other"].name_zh == "其他"
    assert groups["private"].type_codes == ("5", "6", "7")
    assert groups["not_statistical"].type_codes == ("8",)
    assert "unconfirmed" in groups["private"].status
    assert groups.find("民营企业").code == "private"


def test_registration_code_sixth_character():
    code = enterprise_type_from_registration_code("65019612AB")
    assert code == "6"
    assert enterprise_types()[code].published_group == "private"
    assert enterprise_type_from_registration_code("6501931234") == "3"
    assert enterprise_types()[enterprise_type_from_registration_code("1101981234")].code == "8"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("6501901234", "not a digit 1-9"),
        ("65019X1234", "not a digit 1-9"),
        ("650196123", "expected 10 characters"),
        ("91650100MA77XXXX0X", "unified social credit code"),
        ("65019-1234", "letters and digits"),
        (6501961234, "not a string"),
    ],
)
def test_bad_registration_codes(value, reason):
    with pytest.raises(InvalidRegistrationCode) as info:
        enterprise_type_from_registration_code(value)  # type: ignore[arg-type]
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)


def test_transport_modes():
    modes = transport_modes()
    assert len(modes) == 20
    expected = {"2": "waterway", "3": "railway", "4": "road", "5": "air", "6": "post"}
    for code, group in expected.items():
        assert modes[code].statistical_group == group
    assert modes["G"].statistical_group == "other"  # pipelines and grid
    assert modes["9"].statistical_group == "other"
    assert all(m.name_en and m.name_zh for m in modes)
    assert modes.find("公路运输").code == "4"


def test_transport_groups():
    groups = transport_groups()
    assert groups.codes() == {"waterway", "railway", "road", "air", "post", "other"}
    assert groups["road"].mode_codes == ("4",)
    assert "G" in groups["other"].mode_codes
    assert sum(len(g.mode_codes) for g in groups) == len(transport_modes())
