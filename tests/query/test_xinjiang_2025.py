"""A warehouse built to match the 2025 Xinjiang release reproduces its figures from records.

The expected numbers below are the published ones (DOMAIN.md §15.1–15.2), typed by hand: total
5,203.7亿 (+19.9%), exports 4,607亿 (+25%), imports 596亿 (−8.9%), ASEAN 673.7亿 (+98.3%, 12.9%),
Belt-and-Road 88.1%, Central Asia 53.2%, private firms 92.75%. The records are split over the
twelve months and several partners and enterprise types, so only correct slicing, summing and
growth arithmetic gets back to them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from tests.query.conftest import WarehouseBuilder

YI = Decimal(100_000_000)

# (year, flow, partner, enterprise type, value in 亿元)
LINES_2025 = [
    (2025, "export", "145", "6", "1500.0"), (2025, "export", "146", "6", "1066.9"),
    (2025, "export", "141", "6", "600.0"), (2025, "export", "344", "6", "900.0"),
    (2025, "export", "502", "1", "377.1"), (2025, "export", "502", "6", "163.4"),
    (2025, "import", "145", "6", "200.0"), (2025, "import", "141", "6", "73.7"),
    (2025, "import", "344", "6", "243.1"), (2025, "import", "502", "6", "79.5"),
]
LINES_2024 = [
    (2024, "export", "145", "6", "1200.0"), (2024, "export", "146", "6", "900.0"),
    (2024, "export", "141", "6", "300.0"), (2024, "export", "344", "1", "700.0"),
    (2024, "export", "502", "6", "585.92"),
    (2024, "import", "145", "6", "250.0"), (2024, "import", "141", "6", "39.73"),
    (2024, "import", "344", "6", "300.0"), (2024, "import", "502", "6", "64.83"),
]
BRI_MEMBERS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "VNM", "THA", "LAO", "KHM")


def _spread(lines):
    """Each yearly amount split over twelve months in whole yuan, remainder in December."""
    rows = []
    for year, flow, partner, etype, yi in lines:
        total = int(Decimal(yi) * YI)
        monthly = total // 12
        for month in range(1, 13):
            value = monthly if month < 12 else total - 11 * monthly
            rows.append({"month": year * 100 + month, "flow": flow, "partner": partner,
                         "enterprise_type": etype, "enterprise_id": f"E{partner}{etype}",
                         "value_cny": f"{value}.00"})
    return rows


def _round(value, places: int = 1) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def xinjiang(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("xj2025")
    builder = WarehouseBuilder(folder)
    builder.load(_spread(LINES_2024 + LINES_2025), sample=True)
    bri = Path(folder) / "bri.csv"
    bri.write_text("group_id,group_name_en,group_name_zh,iso3,member_since,member_until,note,"
                   "source\n" + "".join(f"BRI_PARTNERS,,,{iso},2013-09-07,,,test list\n"
                                        for iso in BRI_MEMBERS), encoding="utf-8")
    with builder.session(country_groups=[bri]) as session:
        yield session


def test_total_and_growth(xinjiang) -> None:
    r = xinjiang.query(period="2025", region="Xinjiang", indicators="yoy")
    row = r.rows()[0]
    assert _round(row["value_cny"] / YI) == Decimal("5203.7")
    assert _round(row["value_cny_yoy"]) == Decimal("19.9")
    assert r.is_sample


def test_exports_and_imports(xinjiang) -> None:
    r = xinjiang.query(period="2025", region="65", by="flow", indicators="yoy")
    rows = {row["flow"]: row for row in r.rows()}
    assert _round(rows["export"]["value_cny"] / YI) == Decimal("4607.4")
    assert _round(rows["export"]["value_cny_yoy"], 0) == Decimal("25")
    assert _round(rows["import"]["value_cny"] / YI) == Decimal("596.3")
    assert _round(rows["import"]["value_cny_yoy"]) == Decimal("-8.9")


def test_asean_value_growth_and_share(xinjiang) -> None:
    r = xinjiang.query(period="2025", region="65", where={"partner_group": "ASEAN"},
                       indicators="yoy,share")
    row = r.rows()[0]
    assert _round(row["value_cny"] / YI) == Decimal("673.7")
    assert _round(row["value_cny_yoy"]) == Decimal("98.3")
    assert _round(row["value_cny_share"]) == Decimal("12.9")  # 12.946, not 13.0 (trap 10)


def test_belt_and_road_and_central_asia_shares(xinjiang) -> None:
    r = xinjiang.query(period="2025", region="65", by="partner_group",
                       where={"partner_group": "BRI_PARTNERS,CA5"}, indicators="share")
    shares = {row["partner_group"]: row["value_cny_share"] for row in r.rows()}
    assert _round(shares["BRI_PARTNERS"]) == Decimal("88.1")
    assert _round(shares["CA5"]) == Decimal("53.2")


def test_a_group_from_a_user_list_names_the_list(xinjiang) -> None:
    by_group = xinjiang.query(period="2025", region="65", by="partner_group",
                              where={"partner_group": "BRI_PARTNERS,CA5"})
    filtered = xinjiang.query(period="2025", region="65", where={"partner_group": "BRI_PARTNERS"})
    for result in (by_group, filtered):
        named = [n for n in result.provenance.notes if "members from the user list" in n]
        assert len(named) == 1 and "BRI_PARTNERS" in named[0] and named[0].endswith("bri.csv")
    # A group whose members all ship with tradestat gets no such note.
    asean = xinjiang.query(period="2025", region="65", where={"partner_group": "ASEAN"})
    assert not [n for n in asean.provenance.notes if "user list" in n]


def test_private_enterprises_share(xinjiang) -> None:
    r = xinjiang.query(period="2025", region="65", by="enterprise_group", indicators="share")
    shares = {row["enterprise_group"]: row["value_cny_share"] for row in r.rows()}
    assert _round(shares["private"], 2) == Decimal("92.75")


def test_group_without_user_list_is_refused(builder: WarehouseBuilder) -> None:
    builder.load(_spread(LINES_2025))
    from tradestat.reference import EmptyGroupError

    with builder.session() as session, pytest.raises(EmptyGroupError):
        session.query(period="2025", region="65", where={"partner_group": "BRI_PARTNERS"})
