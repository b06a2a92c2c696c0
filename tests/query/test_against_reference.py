"""Query results against an independent computation (plain Python fractions over the same rows).

Random declaration lines go through the real ingest into a warehouse; tradestat answers by
partner and by enterprise group; the reference recomputes the same figures from the generated
rows with ``fractions.Fraction`` — no SQL, no tradestat code. Invariants ride along: shares of a
full partition sum to 100, contributions sum to total growth, an unchanged series grows 0 %.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.query.conftest import WarehouseBuilder

PARTNERS = ("145", "146", "141", "344", "502", "116")
TYPES = {"1": "state_owned", "2": "foreign_invested", "6": "private", "9": "other"}
SLOW_FIXTURE = [HealthCheck.function_scoped_fixture]
TOLERANCE = Fraction(1, 10**8)  # indicator columns keep 10 decimals

line = st.tuples(
    st.sampled_from((2024, 2025)), st.integers(1, 12), st.sampled_from(("import", "export")),
    st.sampled_from(PARTNERS), st.sampled_from(tuple(TYPES)), st.integers(1, 10**9),
)


def _coverage_rows() -> list[tuple]:
    """One small line in every month and flow of both years, so both periods are covered."""
    return [(y, m, f, "145", "6", 1) for y, m, f in
            itertools.product((2024, 2025), range(1, 13), ("import", "export"))]


def _to_rows(lines):
    return [{"month": y * 100 + m, "flow": f, "partner": p, "enterprise_type": t,
             "enterprise_id": f"E{p}{t}", "value_cny": f"{v}.00"} for y, m, f, p, t, v in lines]


def _reference(lines, key):
    sums = defaultdict(lambda: {2024: Fraction(0), 2025: Fraction(0)})
    for y, _m, _f, p, t, v in lines:
        sums[key(p, t)][y] += v
    return sums


def _close(actual: Decimal | None, expected: Fraction) -> bool:
    return actual is not None and abs(Fraction(actual) - expected) <= TOLERANCE


@settings(max_examples=12, deadline=None, suppress_health_check=SLOW_FIXTURE)
@given(extra=st.lists(line, min_size=1, max_size=40))
def test_partner_breakdown_matches_reference(tmp_path_factory, extra) -> None:
    lines = _coverage_rows() + extra
    builder = WarehouseBuilder(Path(tmp_path_factory.mktemp("ref")))
    builder.load(_to_rows(lines))
    with builder.session() as session:
        r = session.query(period="2025", region="65", by="partner",
                          indicators="yoy,share,contribution")
    ref = _reference(lines, lambda p, t: p)
    total = {y: sum(s[y] for s in ref.values()) for y in (2024, 2025)}
    rows = {row["partner"]: row for row in r.rows()}
    assert set(rows) == {p for p, s in ref.items() if s[2025] or s[2024]}
    for partner, s in ref.items():
        row = rows[partner]
        assert Fraction(row["value_cny"]) == s[2025]
        assert Fraction(row["value_cny_base"]) == s[2024]
        assert _close(row["value_cny_share"], s[2025] / total[2025] * 100)
        assert _close(row["value_cny_contribution"], (s[2025] - s[2024]) / total[2024] * 100)
        if s[2024]:
            assert _close(row["value_cny_yoy"], (s[2025] / s[2024] - 1) * 100)
        else:
            assert row["value_cny_yoy"] is None and row["value_cny_yoy_note"]
    # invariants of a full partition
    shares = sum(Fraction(row["value_cny_share"]) for row in rows.values())
    assert abs(shares - 100) <= TOLERANCE * len(rows)
    growth = (total[2025] / total[2024] - 1) * 100
    contributions = sum(Fraction(row["value_cny_contribution"]) for row in rows.values())
    assert abs(contributions - growth) <= TOLERANCE * len(rows)


@settings(max_examples=8, deadline=None, suppress_health_check=SLOW_FIXTURE)
@given(extra=st.lists(line, min_size=1, max_size=30))
def test_enterprise_groups_and_distinct_counts(tmp_path_factory, extra) -> None:
    lines = _coverage_rows() + extra
    builder = WarehouseBuilder(Path(tmp_path_factory.mktemp("ent")))
    builder.load(_to_rows(lines))
    with builder.session() as session:
        r = session.query(period="2025", region="65", by="enterprise_group",
                          measures="value_cny,enterprises,partners")
    ref = _reference(lines, lambda p, t: TYPES[t])
    firms = defaultdict(set)
    partners = defaultdict(set)
    for y, _m, _f, p, t, _v in lines:
        if y == 2025:
            firms[TYPES[t]].add(f"E{p}{t}")
            partners[TYPES[t]].add(p)
    for row in r.rows():
        group = row["enterprise_group"]
        assert Fraction(row["value_cny"]) == ref[group][2025]
        assert row["enterprises"] == len(firms[group])
        assert row["partners"] == len(partners[group])


def test_unchanged_series_grows_zero(builder: WarehouseBuilder) -> None:
    same = [(y, m, f, p, "6", 1000 + i) for i, (y, m, f, p) in enumerate(
        itertools.product((2024, 2025), range(1, 13), ("import", "export"), PARTNERS[:3]))]
    # the same value in both years: reuse the 2024 amounts for 2025
    base = {(m, f, p): v for y, m, f, p, _t, v in same if y == 2024}
    lines = [(y, m, f, p, "6", base[(m, f, p)]) for y, m, f, p, _t, _v in same]
    builder.load(_to_rows(lines))
    with builder.session() as session:
        r = session.query(period="2025", region="65", by="partner", indicators="yoy,contribution")
        total = session.query(period="2025", region="65", indicators="yoy")
    assert all(row["value_cny_yoy"] == 0 for row in r.rows())
    assert all(row["value_cny_contribution"] == 0 for row in r.rows())
    assert total.rows()[0]["value_cny_yoy"] == 0
