"""The embedded default engine: DuckDB over the warehouse file, read-only.

The warehouse's vintage machinery (``cells_as_of`` / ``records_as_of``) lives in the file itself,
so this engine only has to name it; the fast path reads ``records`` by load id when no later
vintage replaced part of a load, which is the common case and skips the per-cell semi-join.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from tradestat.errors import QueryError
from tradestat.query.engine import Cell

FAR_FUTURE = dt.date(9999, 12, 31)


def _date(as_of: dt.date | None) -> str:
    return f"DATE '{(as_of or FAR_FUTURE).isoformat()}'"


class DuckDBEngine:
    """Runs plans on a DuckDB warehouse file (or on an open connection, for tests)."""

    dialect = "duckdb"
    name = "duckdb"

    def __init__(self, path: str | Path | None = None, *,
                 connection: duckdb.DuckDBPyConnection | None = None,
                 threads: int | None = None, aggregates: bool = True) -> None:
        if connection is None:
            if path is None:
                raise QueryError("DuckDBEngine needs a warehouse path or a connection")
            if not Path(path).exists():
                raise QueryError(f"no warehouse at {path}",
                                 hint="load data first with `tradestat ingest` or "
                                      "`tradestat simulate`, or pass --warehouse")
            connection = duckdb.connect(str(path), read_only=True)
            self._owned = True
        else:
            self._owned = False
        self.con = connection
        self.location = str(path) if path is not None else "<connection>"
        self._lock = threading.Lock()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self._aggregates = self._read_aggregates() if aggregates else {}

    def close(self) -> None:
        if self._owned:
            self.con.close()

    def __enter__(self) -> DuckDBEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fetch(self, sql: str, params: list | None = None) -> list[tuple]:
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()

    def cells(self, region_basis: str, months: Iterable[int],
              as_of: dt.date | None) -> Sequence[Cell]:
        month_list = sorted(set(months))
        if not month_list:
            return ()
        rows = self._fetch(
            f"""SELECT c.dataset, c.month, c.region_code, c.flow, c.load_id, c.vintage,
                       l.grain, l.is_sample, json_extract_string(l.options, '$.partners')
                FROM cells_as_of({_date(as_of)}) c JOIN loads l USING (load_id)
                WHERE c.region_basis = ? AND list_contains(?, c.month)""",
            [region_basis, month_list])
        return tuple(Cell(*row) for row in rows)

    def _read_aggregates(self) -> dict[str, tuple[frozenset[str], dict[int, int]]]:
        """Load-time aggregates in the file: table -> (columns, rows per load). A warehouse
        written before they existed has none, and every query reads the records."""
        if not self._fetch("SELECT 1 FROM duckdb_tables() WHERE table_name = 'aggregate_loads'"):
            return {}
        found: dict[str, tuple[frozenset[str], dict[int, int]]] = {}
        for table, load_id, rows in self._fetch(
                "SELECT aggregate, load_id, row_count FROM aggregate_loads"):
            if table not in found:
                columns = self._fetch("SELECT column_name FROM duckdb_columns() "
                                      "WHERE table_name = ? AND column_name <> 'load_id'",
                                      [table])
                found[table] = (frozenset(c for (c,) in columns), {})
            found[table][1][int(load_id)] = int(rows)
        return found

    def aggregate_for(self, load_ids: Iterable[int], columns: Iterable[str]) -> str | None:
        ids, wanted = set(load_ids), set(columns)
        sizes = [(sum(rows[i] for i in ids), table)
                 for table, (have, rows) in self._aggregates.items()
                 if wanted <= have and ids <= rows.keys()]
        return min(sizes)[1] if sizes and ids else None

    def fully_in_force(self, load_ids: Iterable[int], as_of: dt.date | None) -> bool:
        ids = sorted(set(load_ids))
        if not ids:
            return True
        (replaced,), = self._fetch(
            f"""SELECT count(*) FROM coverage k
                ANTI JOIN cells_as_of({_date(as_of)}) c
                  ON k.load_id = c.load_id AND k.month = c.month
                 AND k.region_code = c.region_code AND k.region_basis = c.region_basis
                 AND k.flow = c.flow
                WHERE list_contains(?, k.load_id)""", [ids])
        return replaced == 0

    def source_sql(self, dataset: str, load_ids: Sequence[int], *, exact: bool,
                   as_of: dt.date | None, table: str = "records") -> str:
        if table != "records" and table not in self._aggregates:
            raise QueryError(f"no load-time aggregate {table!r} in {self.location}")
        ids = ", ".join(str(int(i)) for i in sorted(set(load_ids))) or "NULL"
        if not exact:
            return f"(SELECT * FROM {table} WHERE load_id IN ({ids}))"
        quoted = dataset.replace("'", "''")
        return (f"(SELECT r.* FROM {table} r SEMI JOIN cells_as_of({_date(as_of)}) c "
                "ON r.load_id = c.load_id AND r.month = c.month AND r.region_code = c.region_code"
                " AND r.region_basis = c.region_basis AND r.flow = c.flow "
                f"AND c.dataset = '{quoted}' WHERE r.load_id IN ({ids}))")

    def run(self, sql: str) -> pa.Table:
        """Run a query (or a statement such as CREATE TEMP TABLE: an empty table back)."""
        with self._lock:
            relation = self.con.sql(sql)
            return relation.to_arrow_table() if relation is not None else pa.table({})
