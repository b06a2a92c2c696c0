"""Where records are stored: tables holding only the columns their loads fill, behind one view.

Storing a value costs DuckDB about as much per column as parsing and validating it (some 25 ns
for a NULL, 60 ns for a short string, per row), and a platform export leaves ten of the 23
canonical columns empty: written into one wide table, a third of a load's time went into
storing NULLs. So a load whose reader knows which columns its source cannot fill goes into a
*part*: a table with ``load_id`` and only the other columns, shared by every load of the same
shape (a handful per warehouse: platform exports with or without a trade-mode column,
declarations ...). ``records_wide`` holds everything else (loads read as Arrow batches, and the
records of warehouses written before parts existed).

A part may also *derive* columns instead of storing them: a column that is the same value on
every row of every load in the part (the region basis; the flow of a platform export, a query
option) or a function of stored columns (the partner basis is the load's basis wherever there is
a partner; the HS edition follows from the month). Storing such a column costs as much as storing
any other, some 0.3 s per 10^7 rows each; derived, it costs nothing to load, and a literal lets
DuckDB drop a whole part from a query filtering on it (``flow = 'import'`` never reads an export
part). The derivation is SQL over the part's stored columns, kept in the registry; parts with
different derivations are different parts.

``records`` is a view over all parts, each padded with typed NULLs for the columns it lacks, so
every reader sees the one canonical table it always saw; a query on a load's records reads its
part (DuckDB skips the other parts' row groups by their ``load_id`` ranges), and a NULL that is
a constant in the view makes filters on the missing columns free. Writers must name a part:
``INSERT INTO records`` fails loudly (it is a view).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import duckdb

from tradestat.model.records import CANONICAL_FIELDS

WIDE = "records_wide"
#: A SQL string literal, as ``ingest.sql.literal`` writes one.
_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
_NAMES = tuple(f.name for f in CANONICAL_FIELDS)
_TYPES = {f.name: f.sql_type for f in CANONICAL_FIELDS}

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS record_parts (\n  table_name VARCHAR PRIMARY KEY,\n"
    "  columns VARCHAR NOT NULL,  -- the canonical columns it stores, comma-separated\n"
    "  derived VARCHAR NOT NULL DEFAULT '{}'  -- JSON: column -> SQL over the stored ones\n)",
    # Registries written before derived columns existed (schema version 1).
    "ALTER TABLE record_parts ADD COLUMN IF NOT EXISTS derived VARCHAR DEFAULT '{}'",
)


def table_ddl(table: str, columns: tuple[str, ...]) -> str:
    """The CREATE TABLE of a part storing ``columns`` (canonical order) and the load id."""
    required = {f.name for f in CANONICAL_FIELDS if f.required}
    body = ",\n  ".join(f"{c} {_TYPES[c]}{' NOT NULL' if c in required else ''}" for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  load_id INTEGER NOT NULL,\n  {body}\n)"


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Create the wide part, the registry and the ``records`` view (inside the caller's
    transaction). A warehouse written before parts existed has a ``records`` table: it becomes
    the wide part, unchanged."""
    kind = con.execute(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name = 'records'"
    ).fetchall()
    if kind and kind[0][0] == "BASE TABLE":
        con.execute("DROP VIEW IF EXISTS records_current")  # it depends on the old table
        con.execute(f"ALTER TABLE records RENAME TO {WIDE}")
    for statement in DDL:
        con.execute(statement)
    con.execute(table_ddl(WIDE, _NAMES))
    con.execute(
        "INSERT INTO record_parts (table_name, columns, derived) VALUES (?, ?, '{}') "
        "ON CONFLICT DO NOTHING",
        [WIDE, ",".join(_NAMES)],
    )
    _create_view(con)


def part_for(
    con: duckdb.DuckDBPyConnection,
    columns: tuple[str, ...],
    derived: Mapping[str, str] | None = None,
) -> str:
    """The part storing exactly ``columns`` (any order) and deriving ``derived`` (column → SQL
    over the stored columns), created if there is none yet."""
    derived = dict(derived or {})
    wanted = ",".join(c for c in _NAMES if c in set(columns))
    unknown = (set(columns) | set(derived)) - set(_NAMES)
    if unknown:
        raise ValueError(f"not canonical columns: {sorted(unknown)}")
    both = set(columns) & set(derived)
    if both:
        raise ValueError(f"columns both stored and derived: {sorted(both)}")
    derivation = json.dumps(derived, sort_keys=True)
    found = con.execute(
        "SELECT table_name FROM record_parts WHERE columns = ? AND derived = ?",
        [wanted, derivation],
    ).fetchall()
    if found:
        return str(found[0][0])
    ((count,),) = con.execute("SELECT count(*) FROM record_parts").fetchall()
    table = f"records_part{int(count)}"
    con.execute(table_ddl(table, tuple(wanted.split(","))))
    con.execute(
        "INSERT INTO record_parts (table_name, columns, derived) VALUES (?, ?, ?)",
        [table, wanted, derivation],
    )
    _create_view(con)
    return table


def parts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, tuple[str, ...], dict[str, str]]]:
    """Every part, the columns it stores and the ones it derives, the wide one first."""
    rows = con.execute(
        "SELECT table_name, columns, coalesce(derived, '{}') FROM record_parts "
        f"ORDER BY table_name <> '{WIDE}', table_name"
    ).fetchall()
    return [(str(t), tuple(str(c).split(",")), json.loads(d)) for t, c, d in rows]


def canonical_columns(stored: tuple[str, ...], derived: Mapping[str, str]) -> str:
    """The canonical columns of one part as a select list over its table: stored columns by
    name, derived ones computed (with the canonical type), the rest typed NULLs."""
    columns = []
    for name in _NAMES:
        if name in stored:
            columns.append(name)
        elif name in derived:
            columns.append(f"CAST(({derived[name]}) AS {_TYPES[name]}) AS {name}")
        else:
            columns.append(f"NULL::{_TYPES[name]} AS {name}")
    return ", ".join(columns)


def known_values(stored: tuple[str, ...], derived: Mapping[str, str]) -> dict[str, str | None]:
    """The canonical columns with one value on every row of a part, by its definition: NULL
    for the columns it neither stores nor derives, the text of a derived string literal."""
    known: dict[str, str | None] = {}
    for name in _NAMES:
        if name in stored:
            continue
        if name not in derived:
            known[name] = None
        elif _STRING_LITERAL.fullmatch(derived[name]):
            known[name] = derived[name][1:-1].replace("''", "'")
    return known


def definition(
    con: duckdb.DuckDBPyConnection, table: str
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The columns the part named ``table`` stores and the ones it derives."""
    for name, stored, derived in parts(con):
        if name == table:
            return stored, derived
    raise ValueError(f"not a records part: {table}")


def _create_view(con: duckdb.DuckDBPyConnection) -> None:
    selects = [
        f"SELECT load_id, {canonical_columns(stored, derived)} FROM {table}"
        for table, stored, derived in parts(con)
    ]
    con.execute("CREATE OR REPLACE VIEW records AS\n" + "\nUNION ALL\n".join(selects))
