"""Where records are stored: tables holding only the columns their loads fill, behind one view.

Storing a value costs DuckDB about as much per column as parsing and validating it (some 25 ns
for a NULL, 60 ns for a short string, per row), and a platform export leaves ten of the 23
canonical columns empty: written into one wide table, a third of a load's time went into
storing NULLs. So a load whose reader knows which columns its source cannot fill goes into a
*part*: a table with ``load_id`` and only the other columns, shared by every load of the same
shape (a handful per warehouse: platform exports with or without a trade-mode column,
declarations ...). ``records_wide`` holds everything else (loads read as Arrow batches, and the
records of warehouses written before parts existed).

``records`` is a view over all parts, each padded with typed NULLs for the columns it lacks, so
every reader sees the one canonical table it always saw; a query on a load's records reads its
part (DuckDB skips the other parts' row groups by their ``load_id`` ranges), and a NULL that is
a constant in the view makes filters on the missing columns free. Writers must name a part:
``INSERT INTO records`` fails loudly (it is a view).
"""

from __future__ import annotations

import duckdb

from tradestat.model.records import CANONICAL_FIELDS

WIDE = "records_wide"
_NAMES = tuple(f.name for f in CANONICAL_FIELDS)
_TYPES = {f.name: f.sql_type for f in CANONICAL_FIELDS}

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS record_parts (\n  table_name VARCHAR PRIMARY KEY,\n"
    "  columns VARCHAR NOT NULL  -- the canonical columns it stores, comma-separated\n)",
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
        "INSERT INTO record_parts VALUES (?, ?) ON CONFLICT DO NOTHING", [WIDE, ",".join(_NAMES)]
    )
    _create_view(con)


def part_for(con: duckdb.DuckDBPyConnection, columns: tuple[str, ...]) -> str:
    """The part storing exactly ``columns`` (any order), created if there is none yet."""
    wanted = ",".join(c for c in _NAMES if c in set(columns))
    unknown = set(columns) - set(_NAMES)
    if unknown:
        raise ValueError(f"not canonical columns: {sorted(unknown)}")
    found = con.execute(
        "SELECT table_name FROM record_parts WHERE columns = ?", [wanted]
    ).fetchall()
    if found:
        return str(found[0][0])
    ((count,),) = con.execute("SELECT count(*) FROM record_parts").fetchall()
    table = f"records_part{int(count)}"
    con.execute(table_ddl(table, tuple(wanted.split(","))))
    con.execute("INSERT INTO record_parts VALUES (?, ?)", [table, wanted])
    _create_view(con)
    return table


def parts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, tuple[str, ...]]]:
    """Every part and the columns it stores, the wide one first."""
    rows = con.execute(
        f"SELECT table_name, columns FROM record_parts ORDER BY table_name <> '{WIDE}', table_name"
    ).fetchall()
    return [(str(t), tuple(str(c).split(","))) for t, c in rows]


def _create_view(con: duckdb.DuckDBPyConnection) -> None:
    selects = []
    for table, stored in parts(con):
        columns = ", ".join(c if c in stored else f"NULL::{_TYPES[c]} AS {c}" for c in _NAMES)
        selects.append(f"SELECT load_id, {columns} FROM {table}")
    con.execute("CREATE OR REPLACE VIEW records AS\n" + "\nUNION ALL\n".join(selects))
