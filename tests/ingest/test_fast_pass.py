"""The direct-insert fast pass must keep exactly the rows the full validation calls good.

``insert_sql`` tests every field pattern with one joined regular expression and resolves
constants before the SQL; ``main_sql`` evaluates each rule on its own (it is what the locating
pass explains). Over values chosen to sit on every edge of every pattern, both must agree row for
row, or a load would fail its consistency check (or worse, load a row it should not).
"""

from __future__ import annotations

import itertools

import duckdb
import pytest

from tradestat.ingest.engine import install_reference_tables, reference_tables, tune_for_lookups
from tradestat.ingest.sql import literal
from tradestat.ingest.stream import stored_columns
from tradestat.ingest.validate import (
    NOT_NULL_BUG,
    Staged,
    deferrable_checks,
    derived_columns,
    insert_sql,
    main_sql,
    null_columns,
)
from tradestat.model.records import CANONICAL_FIELDS

MONTHS = [
    "202301",
    "195001",
    "194912",
    "210012",
    "210101",
    "202313",
    "202300",
    "2023-1",
    "２０２３０１",
    "20231",
    "2023011",
    "+20231",
    " 202301",
    "202301;",
    ";202301",
    None,
]
HS = [
    "85414300",
    "8541",
    "85",
    "854143",
    "8541430",
    "854143001",
    "8541430012",
    "85414300a",
    "85414000",
    "８５４１４３００",
    "8541;4300",
    "99",
    None,
]
VALUES = [
    "1,000",
    "1000",
    "1,000.5",
    "1,000.55",
    "1,000.555",
    "-1,000",
    "1,23,456",
    "12a",
    "123456789012345",
    "1234567890123456",
    "123,456,789,012,345",
    "1,234,567,890,123,456",
    ".5",
    "1.",
    "0",
    "1;000",
    ";",
    "１０００",
    None,
]
QUANTITIES = ["10", "10.125", "10.1255", "1,000.5", "-1", "1e3", None]
LINES = ["1", "0", "999999999", "1000000000", "01", "1;", None]

FIELDS = [
    "month",
    "hs_code",
    "partner_code",
    "region_code",
    "value_cny",
    "quantity1",
    "declaration_line",
]


def _rows() -> list[tuple]:
    """Each edge value once, with the other fields good (plus a few mixed combinations)."""
    good = {
        "month": "202301",
        "hs_code": "85414300",
        "partner_code": "145",
        "region_code": "65",
        "value_cny": "1,000",
        "quantity1": "10",
        "declaration_line": "1",
    }
    edges = {
        "month": MONTHS,
        "hs_code": HS,
        "value_cny": VALUES,
        "quantity1": QUANTITIES,
        "declaration_line": LINES,
        "partner_code": ["145", "888", None],
        "region_code": ["65", "66", None],
    }
    rows = []
    for field, values in edges.items():
        for value in values:
            rows.append({**good, field: value})
    for month, value in itertools.product(MONTHS[:4], VALUES[:6]):
        rows.append({**good, "month": month, "value_cny": value})
    return [tuple(row[f] for f in FIELDS) for row in rows]


def _staged(rows: list[tuple], *, constants: dict[str, str]) -> Staged:
    values = ", ".join(
        "(" + ", ".join([str(i), "NULL", "NULL", *[literal(v) for v in row]]) + ")"
        for i, row in enumerate(rows, start=2)
    )
    names = ", ".join(["_row", "_raw", "_parse_problem", *FIELDS])
    sql = (
        "SELECT _row::BIGINT AS _row, _raw::VARCHAR AS _raw, "
        "_parse_problem::VARCHAR AS _parse_problem, "
        + ", ".join(f'{f}::VARCHAR AS "{f}"' for f in FIELDS)
        + f" FROM (VALUES {values}) v({names})"
    )
    return Staged(
        sql=sql,
        fields={f: f for f in FIELDS},
        region_basis="registered",
        constants=constants,
        trim=False,
    )


@pytest.mark.parametrize("flow", ["export", "EXPORT", "进口", "sideways"])
def test_insert_sql_keeps_exactly_the_good_rows(flow: str) -> None:
    con = duckdb.connect()
    tune_for_lookups(con)
    install_reference_tables(con, temporary=True)
    staged = _staged(_rows(), constants={"flow": flow})
    columns = ", ".join(f.name for f in CANONICAL_FIELDS)
    expected = con.execute(f"SELECT {columns} FROM ({main_sql(staged)}) WHERE NOT _bad").fetchall()
    got = con.execute(f"SELECT {columns} FROM ({insert_sql(staged)})").fetchall()
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    if flow == "sideways":
        assert got == []
    else:
        # The edge values really do split into good and bad rows.
        total = con.execute(f"SELECT count(*) FROM ({main_sql(staged)})").fetchall()[0][0]
        assert 0 < len(got) < total


def test_columns_said_to_be_null_are_null_on_every_good_row() -> None:
    con = duckdb.connect()
    tune_for_lookups(con)
    install_reference_tables(con, temporary=True)
    staged = _staged(_rows(), constants={"flow": "export"})
    # By hand from FIELDS: no trade or supervision mode, enterprise, port, transport, USD,
    # units, second quantity or declaration number in this source.
    expected = {
        "trade_mode",
        "supervision_mode",
        "enterprise_type",
        "enterprise_id",
        "customs_district",
        "transport_mode",
        "value_usd",
        "unit1",
        "quantity2",
        "unit2",
        "declaration_id",
    }
    assert null_columns(staged) == expected
    counts = ", ".join(f"count({name})" for name in sorted(expected))
    (row,) = con.execute(
        f"SELECT count(*), {counts} FROM ({main_sql(staged)}) WHERE NOT _bad"
    ).fetchall()
    assert row[0] > 0 and set(row[1:]) == {0}
    # The filled columns are not all NULL (the claim is not vacuous).
    filled = [f.name for f in CANONICAL_FIELDS if f.name not in expected]
    (row,) = con.execute(
        "SELECT "
        + ", ".join(f"count({n})" for n in filled)
        + f" FROM ({main_sql(staged)}) WHERE NOT _bad"
    ).fetchall()
    assert 0 not in row


def test_a_wrong_null_claim_fails_the_pass_instead_of_dropping_values() -> None:
    con = duckdb.connect()
    install_reference_tables(con, temporary=True)
    staged = _staged(_rows(), constants={"flow": "export"})
    wrong = insert_sql(staged, null_checked=frozenset({"hs_code"}))
    with pytest.raises(duckdb.Error, match=NOT_NULL_BUG):
        con.execute(f"SELECT count(*) FROM ({wrong})").fetchall()
    # The right claim passes.
    right = insert_sql(staged, null_checked=null_columns(staged))
    assert con.execute(f"SELECT count(*) FROM ({right})").fetchall()[0][0] > 0


# Values for the fields the rules with ``needs_any`` / ``needs_all`` read: the first good, the
# others bad on their own or in combination.
_MORE = {
    "partner_code": ["145", "888", None],
    "partner_iso3": ["KAZ", "XXX", None],
    "hs_code": ["85414300", "85414000", None],
    "trade_mode": ["10", "19", "77", None],
    "supervision_mode": ["0110", "4019", "0119", "9999", None],
    "registration_code": ["6501234567", "650128", "6501294567", None],
    "enterprise_type": ["3", "8", "7", None],
    "customs_district": ["7202", "ZZZZ", None],
    "transport_mode": ["4", "3", "Q", None],
}
_PAIRS = (
    ("partner_code", "partner_iso3"),
    ("trade_mode", "supervision_mode"),
    ("enterprise_type", "registration_code"),
)


def _mixed_rows(fields: list[str]) -> list[tuple]:
    """Each value once with the other fields good, and every combination of the pairs that
    rules compare."""
    good = {f: _MORE[f][0] for f in fields}
    rows = [{**good, f: v} for f in fields for v in _MORE[f]]
    for a, b in _PAIRS:
        if a in fields and b in fields:
            rows += [{**good, a: x, b: y} for x in _MORE[a] for y in _MORE[b]]
    return [tuple(r[f] for f in fields) for r in rows]


def _mixed_staged(omit: set[str]) -> Staged:
    """A source with the fields above (but those in ``omit``: absent) and the required ones."""
    fields = [f for f in _MORE if f not in omit]
    values = ", ".join(
        "(" + ", ".join([str(i), *[literal(v) for v in row]]) + ")"
        for i, row in enumerate(_mixed_rows(fields), start=2)
    )
    names = ", ".join(["_row", *fields])
    sql = (
        "SELECT _row::BIGINT AS _row, NULL::VARCHAR AS _raw, NULL::VARCHAR AS _parse_problem, "
        "'202301' AS month, '65' AS region_code, '1,000' AS value_cny, "
        + ", ".join(f'{f}::VARCHAR AS "{f}"' for f in fields)
        + f" FROM (VALUES {values}) v({names})"
    )
    given = [*fields, "month", "region_code", "value_cny"]
    return Staged(
        sql=sql,
        fields={f: f for f in given},
        region_basis="registered",
        constants={"flow": "export"},
        trim=False,
    )


def test_rules_left_out_of_the_fast_pass_cannot_fail_without_their_fields() -> None:
    from tradestat.ingest import validate

    con = duckdb.connect()
    install_reference_tables(con, temporary=True)
    core, checks, *_ = validate._core(_mixed_staged(set()))
    conditional = [i for i, c in enumerate(checks) if c.needs_any or c.needs_all]
    assert len(conditional) == 11
    for i in conditional:
        check = checks[i]
        # With every field present, the rule does fail on some row (it is not vacuous) ...
        holds = con.execute(f"{core} SELECT bool_and({check.rest}) FROM w").fetchall()[0][0]
        assert holds is False, check.fallback
        # ... and without the fields it needs, it holds on every row.
        absent = [set(check.needs_any)] if check.needs_any else []
        absent += [{name} for name in sorted(check.needs_all)]
        for omit in absent:
            staged = _mixed_staged(omit)
            assert check.always_holds(staged.supplied)
            core_without, checks_without, *_ = validate._core(staged)
            rest = checks_without[i].rest
            holds = con.execute(f"{core_without} SELECT bool_and({rest}) FROM w").fetchall()
            assert holds == [(True,)], (check.fallback, omit)


def test_the_months_kept_are_the_valid_ones() -> None:
    con = duckdb.connect()
    install_reference_tables(con, temporary=True)
    good = ("202301", "01012100", "145", "65", "1,000", "10", "1")  # 0101.21: every edition
    rows = [(month, *good[1:]) for month in MONTHS]
    staged = _staged(rows, constants={"flow": "export"})
    kept = {m for (m,) in con.execute(f"SELECT month FROM ({insert_sql(staged)})").fetchall()}
    # By hand from MONTHS: YYYYMM from 195001 to 210012 with a month 01-12, nothing else.
    assert kept == {202301, 195001, 210012}


def _stored(staged: Staged) -> frozenset[str]:
    """The columns a direct load of ``staged`` stores, as the runner works them out."""
    ref = reference_tables()["ref_partner"]
    derived = derived_columns(staged, dict(zip(ref["code"], ref["iso3"], strict=True)))
    return frozenset(stored_columns(null_columns(staged), derived))


def _kept_after_deferred_rules(con: duckdb.DuckDBPyConnection, staged: Staged) -> set[tuple]:
    """The stored columns of the rows the deferred fast pass keeps and its code-list rules
    pass, each rule applied here on its own terms: a row goes if all its keys are non-NULL and
    together not among the valid ones."""
    stored = sorted(_stored(staged))
    deferred = deferrable_checks(staged, frozenset(stored))
    passes = []
    for d in deferred:
        present = " AND ".join(f"{k} IS NOT NULL" for k in d.keys)
        if len(d.keys) == 1:
            unknown = f"{d.keys[0]} NOT IN (SELECT * FROM ({d.valid}))"
        else:
            unknown = f"row({', '.join(d.keys)}) NOT IN (SELECT row(*COLUMNS(*)) FROM ({d.valid}))"
        passes.append(f"NOT ({present} AND {unknown})")
    sql = insert_sql(staged, deferred=deferred)
    rows = con.execute(
        f"SELECT {', '.join(stored)} FROM ({sql}) WHERE {' AND '.join(passes) or 'true'}"
    ).fetchall()
    return set(rows)


def _good_rows(con: duckdb.DuckDBPyConnection, staged: Staged) -> set[tuple]:
    stored = sorted(_stored(staged))
    sql = f"SELECT {', '.join(stored)} FROM ({main_sql(staged)}) WHERE NOT _bad"
    return set(con.execute(sql).fetchall())


@pytest.mark.parametrize(
    "omit", [set(), {"partner_iso3"}, {"supervision_mode"}, {"registration_code"}]
)
def test_code_list_rules_checked_after_the_insert_keep_exactly_the_good_rows(
    omit: set[str],
) -> None:
    con = duckdb.connect()
    install_reference_tables(con, temporary=True)
    staged = _mixed_staged(omit)
    lookups = {d.lookup for d in deferrable_checks(staged, _stored(staged))}
    # By hand: every code list the source has a column for is deferred, but the partner list
    # while an ISO column may fill the partner code instead.
    expected = {"rg", "hs", "tm", "cd", "tr", "et"} | (
        {"sm"} if "supervision_mode" not in omit else set()
    )
    expected |= {"pc"} if "partner_iso3" in omit else set()
    assert lookups == expected
    good = _good_rows(con, staged)
    assert _kept_after_deferred_rules(con, staged) == good
    # The edge values really do include rows each deferred rule alone turns away.
    assert 0 < len(good) < len(_mixed_rows([f for f in _MORE if f not in omit]))


def test_deferred_region_partner_and_commodity_rules_keep_exactly_the_good_rows() -> None:
    con = duckdb.connect()
    install_reference_tables(con, temporary=True)
    staged = _staged(_rows(), constants={"flow": "export"})
    lookups = {d.lookup for d in deferrable_checks(staged, _stored(staged))}
    assert lookups == {"rg", "pc", "hs"}
    kept = _kept_after_deferred_rules(con, staged)
    assert kept == _good_rows(con, staged)
    # Without the rules applied after the insert, rows with unknown codes would stay: the
    # deferral is what removes them (the test above is not vacuous).
    stored = sorted(_stored(staged))
    sql = insert_sql(staged, deferred=deferrable_checks(staged, frozenset(stored)))
    unchecked = set(con.execute(f"SELECT {', '.join(stored)} FROM ({sql})").fetchall())
    assert kept < unchecked


def test_a_lookup_feeding_a_stored_column_is_not_deferred() -> None:
    staged = _staged(_rows(), constants={"flow": "export"})
    # Stored instead of derived, the partner's ISO code comes from the partner lookup.
    stored = _stored(staged) | {"partner_iso3"}
    assert "pc" not in {d.lookup for d in deferrable_checks(staged, stored)}
