"""Country groups: dated membership, month semantics, user lists and their validation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tradestat.reference import (
    GROUP_CSV_COLUMNS,
    EmptyGroupError,
    InvalidReferenceFile,
    UnknownCodeError,
    countries,
    country_groups,
    load_user_groups,
)

HEADER = ",".join(GROUP_CSV_COLUMNS)
CA5 = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def _write(tmp_path: Path, *rows: str, name: str = "groups.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_shipped_group_ids():
    assert set(country_groups().ids()) == {
        "ASEAN",
        "EU27",
        "CA5",
        "RCEP",
        "SCO",
        "GCC",
        "BRICS",
        "AFRICA",
        "LATAM",
        "WEST_ASIA",
        "EUROPE",
        "BRI_ALONG_ROUTE",
        "BRI_PARTNERS",
    }


def test_central_asia_five():
    groups = country_groups()
    assert groups.members("CA5", dt.date(2020, 1, 1)) == CA5
    assert groups.members_in_month("中亚五国", 2025, 12) == CA5
    assert groups.members("Central Asia", dt.date(2012, 1, 1)) == CA5


@pytest.mark.parametrize(
    "name", ["ASEAN", "东盟", "asean", "Association of Southeast Asian Nations"]
)
def test_lookup_by_id_or_name(name):
    assert country_groups().resolve(name) == "ASEAN"


def test_group_definition_fields():
    groups = country_groups()
    asean = groups.group("东盟")
    assert (asean.name_en, asean.name_zh) == ("ASEAN", "东盟")
    assert "Timor-Leste" in asean.definition
    assert not asean.approximation
    europe = groups.group("Europe")
    assert europe.code == "EUROPE" and europe.approximation and europe.approximation_note
    with pytest.raises(UnknownCodeError):
        groups.group("Atlantis")


def test_asean_before_and_after_timor_leste():
    groups = country_groups()
    june = groups.members("ASEAN", dt.date(2025, 6, 30))
    assert len(june) == 10 and "TLS" not in june
    october = groups.members("ASEAN", dt.date(2025, 10, 31))
    assert "TLS" in october and len(october) == 11
    assert "TLS" not in groups.members("ASEAN", dt.date(2025, 10, 25))
    assert groups.is_member("ASEAN", "TLS", dt.date(2025, 10, 26))


def test_joining_mid_month_counts_for_that_month():
    groups = country_groups()
    assert "TLS" in groups.members_in_month("ASEAN", 2025, 10)  # joined on the 26th
    assert "TLS" not in groups.members_in_month("ASEAN", 2025, 9)


def test_rcep_korea_from_february_2022():
    groups = country_groups()
    assert "KOR" not in groups.members_in_month("RCEP", 2022, 1)
    assert "KOR" in groups.members_in_month("RCEP", 2022, 2)
    assert "MYS" in groups.members_in_month("RCEP", 2022, 3)  # 2022-03-18
    assert "IDN" not in groups.members_in_month("RCEP", 2022, 12)
    assert "CHN" in groups.members_in_month("RCEP", 2022, 1)  # China itself is a party


def test_partial_dates_and_later_joiners():
    groups = country_groups()
    assert "ZAF" in groups.members_in_month("BRICS", 2010, 12)  # "2010-12"
    assert "ZAF" not in groups.members_in_month("BRICS", 2010, 11)
    assert "IDN" in groups.members("BRICS", dt.date(2025, 1, 6))
    assert "IRN" in groups.members_in_month("SCO", 2023, 7)
    assert "BLR" not in groups.members_in_month("SCO", 2024, 6)


def test_member_lists_use_known_iso3():
    table = countries()
    arrow = country_groups().to_arrow()
    assert all(iso in table for iso in arrow.column("iso3").to_pylist())
    assert arrow.num_rows == 265


def test_to_arrow_schema():
    arrow = country_groups().to_arrow()
    assert arrow.column_names == list(GROUP_CSV_COLUMNS)
    assert str(arrow.schema.field("member_since").type) == "date32[day]"


def test_datetime_is_accepted_and_other_types_refused():
    groups = country_groups()
    assert groups.members("CA5", dt.datetime(2024, 5, 1, 12, 0)) == CA5
    with pytest.raises(TypeError):
        groups.members("CA5", "2024-05-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        groups.members_in_month("CA5", 2024, 13)


@pytest.mark.parametrize("group", ["BRI_PARTNERS", "BRI_ALONG_ROUTE", "共建“一带一路”国家"])
def test_belt_and_road_has_no_shipped_list(group):
    groups = country_groups()
    info = groups.group(group)
    assert info.requires_user_list
    with pytest.raises(EmptyGroupError) as err:
        groups.members(group, dt.date(2024, 1, 1))
    assert "load_user_groups" in str(err.value)


def test_user_list_loads_and_merges(tmp_path):
    path = _write(
        tmp_path,
        "BRI_PARTNERS,,,KAZ,2013-09-07,,,user list",
        "BRI_PARTNERS,,,PAK,2013-05-22,,,user list",
        "BRI_PARTNERS,,,ITA,2019-03-23,2023-12-31,left,user list",
        "EU28,European Union (28),欧盟28国,GBR,,2020-01-31,,user list",
        "EU28,European Union (28),欧盟28国,FRA,,,,user list",
    )
    merged = load_user_groups(path)
    assert merged.members("BRI_PARTNERS", dt.date(2019, 6, 1)) == {"KAZ", "PAK", "ITA"}
    assert merged.members_in_month("BRI_PARTNERS", 2023, 12) == {"KAZ", "PAK", "ITA"}
    assert merged.members_in_month("BRI_PARTNERS", 2024, 1) == {"KAZ", "PAK"}
    # leaving on the last day of a month: counted for that month, not the next
    assert "GBR" in merged.members_in_month("EU28", 2020, 1)
    assert "GBR" not in merged.members_in_month("EU28", 2020, 2)
    assert merged.resolve("欧盟28国") == "EU28"
    assert merged.group("BRI_PARTNERS").name_zh == "共建“一带一路”国家"  # captions kept
    # the shipped object is untouched
    with pytest.raises(EmptyGroupError):
        country_groups().members("BRI_PARTNERS", dt.date(2019, 6, 1))
    assert merged.members("CA5", dt.date(2024, 1, 1)) == CA5


def test_extra_paths_via_country_groups(tmp_path):
    first = _write(tmp_path, "BRI_ALONG_ROUTE,,,KAZ,,2022-12-31,,", name="a.csv")
    second = _write(tmp_path, "BRI_PARTNERS,,,KAZ,2013-09-07,,,", name="b.csv")
    groups = country_groups(extra=[first, second])
    assert groups.members("BRI_ALONG_ROUTE", dt.date(2022, 6, 1)) == {"KAZ"}
    assert groups.members("BRI_ALONG_ROUTE", dt.date(2023, 6, 1)) == frozenset()
    assert groups.members("BRI_PARTNERS", dt.date(2023, 6, 1)) == {"KAZ"}


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        ("BRI_PARTNERS,,,XXX,2013-09-07,,,", "iso3", "XXX", "unknown ISO"),
        ("BRI_PARTNERS,,,ROM,2013-09-07,,,", "iso3", "ROM", "use ROU"),
        ("BRI_PARTNERS,,,kaz,2013-09-07,,,", "iso3", "kaz", "upper-case"),
        ("BRI_PARTNERS,,,KAZ,2013-13-07,,,", "member_since", "2013-13-07", "impossible date"),
        ("BRI_PARTNERS,,,KAZ,07/09/2013,,,", "member_since", "07/09/2013", "not a date"),
        ("BRI_PARTNERS,,,KAZ,2020-01-01,2019-12-31,,", "member_until", "2019-12-31", "ends before"),
        ("bri,,,KAZ,,,,", "group_id", "bri", "upper-case"),
        ("NEWGROUP,,,KAZ,,,,", "group_name_en", "", "needs a name"),
    ],
)
def test_broken_user_files_name_row_column_value(tmp_path, row, column, value, reason):
    path = _write(tmp_path, "BRI_PARTNERS,,,PAK,2013-05-22,,,", row)
    with pytest.raises(InvalidReferenceFile) as info:
        load_user_groups(path)
    err = info.value
    assert err.file == str(path)
    assert err.row == 3  # header is line 1, the broken row is line 3
    assert err.column == column
    assert err.value == value
    assert reason in str(err)
    assert isinstance(err, ValueError)


def test_overlapping_duplicate_is_rejected(tmp_path):
    path = _write(
        tmp_path,
        "BRI_PARTNERS,,,KAZ,2013-09-07,,,",
        "BRI_PARTNERS,,,KAZ,2015-01-01,2016-01-01,,",
    )
    with pytest.raises(InvalidReferenceFile, match="duplicate") as info:
        load_user_groups(path)
    assert info.value.row == 3


def test_non_overlapping_repeat_is_allowed(tmp_path):
    path = _write(
        tmp_path,
        "BRI_PARTNERS,,,ITA,2019-03-23,2023-12-31,,",
        "BRI_PARTNERS,,,ITA,2030-01-01,,,",
    )
    groups = load_user_groups(path)
    assert not groups.is_member("BRI_PARTNERS", "ITA", dt.date(2025, 1, 1))
    assert groups.is_member("BRI_PARTNERS", "ITA", dt.date(2030, 1, 1))


def test_duplicate_against_shipped_data_is_rejected(tmp_path):
    path = _write(tmp_path, "CA5,,,KAZ,2020-01-01,,,")
    with pytest.raises(InvalidReferenceFile, match="duplicate"):
        load_user_groups(path)


def test_missing_column_and_missing_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("group_id,iso3\nBRI_PARTNERS,KAZ\n", encoding="utf-8")
    with pytest.raises(InvalidReferenceFile) as info:
        load_user_groups(path)
    assert info.value.row == 1 and info.value.column == "group_name_en"
    with pytest.raises(InvalidReferenceFile, match="cannot read"):
        load_user_groups(tmp_path / "absent.csv")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((HEADER + "\nBRI_PARTNERS,一带一路,,KAZ,,,,\n").encode("gbk"))
    with pytest.raises(InvalidReferenceFile, match="UTF-8"):
        load_user_groups(gbk)


def test_user_file_with_byte_order_mark(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(HEADER + "\nBRI_PARTNERS,,,KAZ,2013-09-07,,,\n", encoding="utf-8-sig")
    assert load_user_groups(path).members("BRI_PARTNERS", dt.date(2014, 1, 1)) == {"KAZ"}


def test_groups_are_immutable():
    groups = country_groups()
    with pytest.raises(AttributeError):
        groups._members = {}  # type: ignore[misc]
    assert not hasattr(groups, "current_members")
