"""The load profile (which columns are constant, all NULL or complete) and the load-time
aggregates built with it: the same rows as grouping every column, checked against hand SQL."""

from __future__ import annotations

import pytest

from tradestat.warehouse import Warehouse, aggregates
from tradestat.warehouse.aggregates import AGGREGATES, SUMS, write_aggregates
from tradestat.warehouse.profile import profile_load

# 240 records of load 3: region 65, registered basis and export flow on every row; partners,
# months and HS codes vary; no enterprise, port or transport; value_usd missing on a few rows;
# quantity2 never given; unit1 constant 'kg'.
_RECORDS = """
INSERT INTO records_wide (load_id, month, region_code, region_basis, flow, partner_code,
                     partner_basis, hs_code, hs_edition, trade_mode, value_cny, value_usd,
                     quantity1, unit1)
SELECT 3, 202401 + i % 12, '65', 'registered', 'export', ['145', '146', '147'][1 + (i // 12) % 3],
       'origin_destination', ['85076000', '87038000'][1 + i // 120], 'HS2022', '10',
       (i * 7 % 1000) + 0.25, CASE WHEN i % 50 = 0 THEN NULL ELSE i + 0.5 END, i * 2.125, 'kg'
FROM range(240) t(i)
"""


@pytest.fixture
def loaded(warehouse: Warehouse) -> Warehouse:
    warehouse.con.execute(_RECORDS)
    return warehouse


def test_profile_names_constant_null_and_complete_columns(loaded: Warehouse) -> None:
    profile = profile_load(loaded.con, 3)
    assert profile.rows == 240
    assert profile.constants == {
        "region_code": "65",
        "region_basis": "registered",
        "flow": "export",
        # partner_iso3 (NULL here) is not profiled: nothing groups by it (profile.UNPROFILED).
        "partner_basis": "origin_destination",
        "hs_edition": "HS2022",
        "trade_mode": "10",
        "supervision_mode": None,
        "enterprise_type": None,
        "enterprise_id": None,
        "customs_district": None,
        "transport_mode": None,
        "quantity2": None,
        "unit1": "kg",
        "unit2": None,
        "declaration_id": None,
        "declaration_line": None,
    }
    # value_usd has NULLs, so it is neither complete nor constant.
    assert "value_usd" not in profile.constants
    assert profile.complete == {
        "month",
        "region_code",
        "region_basis",
        "flow",
        "partner_code",
        "partner_basis",
        "hs_code",
        "hs_edition",
        "trade_mode",
        "value_cny",
        "quantity1",
        "unit1",
    }
    assert profile.varying(["month", "flow", "partner_code"]) == ["month", "partner_code"]


def test_profile_of_a_load_without_rows(warehouse: Warehouse) -> None:
    profile = profile_load(warehouse.con, 99)
    assert (profile.rows, profile.constants, profile.complete) == (0, {}, frozenset())


def _by_hand(con, table: str, dims: tuple[str, ...]) -> list[tuple]:
    """The aggregate as the plain definition says: every dimension grouped, a sum NULL where
    any record behind it lacks the value."""
    sums = ", ".join(f"CASE WHEN count({s}) = count(*) THEN sum({s}) END" for s in SUMS)
    rows = con.execute(
        f"SELECT load_id, {', '.join(dims)}, {sums} FROM records WHERE load_id = 3 GROUP BY ALL"
    ).fetchall()
    return sorted(rows, key=repr)


def test_aggregates_from_the_profile_equal_grouping_every_column(
    loaded: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aggregates, "MAX_ROW_SHARE", 0.5)  # keep all three
    kept = write_aggregates(loaded.con, 3, 240)
    # partners: 12 months x 3 partners = 36 groups; products: 12 months x 2 HS codes = 24
    # groups (both below half the records); enterprises (none given): one per month.
    assert sorted(kept) == [("agg_enterprises", 12), ("agg_partners", 36), ("agg_products", 24)]
    for aggregate in AGGREGATES:
        got = loaded.con.execute(f"SELECT * FROM {aggregate.table} WHERE load_id = 3").fetchall()
        assert sorted(got, key=repr) == _by_hand(loaded.con, aggregate.table, aggregate.dims)
    # The NULL-aware sums survive: months with a record lacking USD have no USD total.
    months_without_usd = loaded.con.execute(
        "SELECT count(*) FROM agg_enterprises WHERE value_usd IS NULL"
    ).fetchall()[0][0]
    assert months_without_usd == len({202401 + i % 12 for i in range(0, 240, 50)})


def test_aggregates_too_large_to_keep_are_skipped_or_dropped_alike(
    loaded: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A load of 240 rows where every row is its own partner group (month x partner x mode
    # unique): agg_partners would hold every record and must not be kept either way.
    loaded.con.execute(
        "UPDATE records_wide SET trade_mode = (10 + (i % 80))::VARCHAR FROM "
        "(SELECT rowid AS r, row_number() OVER () AS i FROM records_wide) t "
        "WHERE records_wide.rowid = t.r"
    )
    for estimate_from in (10**9, 0):  # estimating never (compute, then drop) and always
        monkeypatch.setattr(aggregates, "ESTIMATE_MIN_ROWS", estimate_from)
        loaded.con.execute("BEGIN")
        kept = dict(write_aggregates(loaded.con, 3, 240))
        stored = loaded.con.execute("SELECT count(*) FROM agg_partners").fetchall()[0][0]
        loaded.con.execute("ROLLBACK")
        assert "agg_partners" not in kept and stored == 0
        assert kept["agg_enterprises"] == 12


def test_an_aggregate_is_kept_only_if_it_spares_nine_rows_in_ten(loaded: Warehouse) -> None:
    # Of the 240 records: partners 36 groups (15 %), products 24 (10 %), enterprises 12 (5 %).
    kept = dict(write_aggregates(loaded.con, 3, 240))
    assert kept == {"agg_products": 24, "agg_enterprises": 12}
    assert loaded.con.execute("SELECT count(*) FROM agg_partners").fetchall() == [(0,)]
