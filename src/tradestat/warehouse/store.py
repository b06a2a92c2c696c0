"""The warehouse: one DuckDB file holding loads, records, quarantined rows and coverage.

A load is one transaction. Either every validated row, the quarantine report, the coverage cells and
the load record are committed together, or — on any error, strict-mode rejection, Ctrl-C or a killed
process — nothing is, and the file is exactly as before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from tradestat.errors import LoadRejected, Location, WarehouseError
from tradestat.model.records import CANONICAL_FIELDS
from tradestat.warehouse.schema import DDL, SCHEMA_VERSION

DEFAULT_PATH = Path("tradestat.duckdb")
ENV_VAR = "TRADESTAT_WAREHOUSE"

_COLUMNS = [f.name for f in CANONICAL_FIELDS]


def _utc_now() -> dt.datetime:
    """Naive UTC timestamp (the warehouse stores TIMESTAMP in UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_path() -> Path:
    """The warehouse file used when none is named: $TRADESTAT_WAREHOUSE, else ./tradestat.duckdb."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_PATH


class LoadSource(Protocol):
    """What the warehouse needs from a reader (``tradestat.ingest.IngestStream`` provides it)."""

    @property
    def source(self) -> Any: ...  # has .path, .sha256, .size, .modified
    format: str
    dataset: str
    grain: str
    key_columns: tuple[str, ...]
    options: dict[str, Any]
    sample: bool
    notes: list[str]
    rows_read: int

    def batches(self) -> Iterator[pa.RecordBatch]: ...


@dataclass
class LoadReport:
    """What happened in one load, for the summary table and for tests."""

    status: str  # "loaded" or "duplicate"
    load_id: int
    dataset: str
    source: str
    vintage: dt.date
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cells: int = 0
    revised_cells: int = 0
    sample: bool = False


class Warehouse:
    """A tradestat warehouse file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_path()
        if not self.path.exists():
            if read_only or not create:
                raise WarehouseError(
                    f"no warehouse at {self.path}",
                    hint="load data first with `tradestat ingest FILE`, or pass --warehouse PATH",
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise WarehouseError(
                f"cannot open the warehouse {self.path}: {str(exc).splitlines()[0]}",
                hint="another tradestat process may be using it; wait for it to finish",
            ) from exc
        if not read_only:
            self._ensure_schema()
        self._check_version()

    def _row(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
        """First row of a query (the whole result is fetched, so the connection is free again)."""
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _ensure_schema(self) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            for statement in DDL:
                self.con.execute(statement)
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [SCHEMA_VERSION],
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _check_version(self) -> None:
        try:
            row = self._row("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.CatalogException as exc:
            raise WarehouseError(f"{self.path} is not a tradestat warehouse") from exc
        if row is None or row[0] != SCHEMA_VERSION:
            raise WarehouseError(
                f"{self.path} has warehouse schema version {row[0] if row else '?'}, this "
                f"tradestat reads version {SCHEMA_VERSION}"
            )

    # -- loading ---------------------------------------------------------------------------
    def find_duplicate(self, sha256: str, dataset: str, options: dict[str, Any]) -> int | None:
        """The id of an earlier load of the same bytes read the same way, if any."""
        row = self._row(
            "SELECT load_id FROM loads WHERE source_sha256 = ? AND dataset = ? AND options = ? "
            "ORDER BY load_id LIMIT 1",
            [sha256, dataset, json.dumps(options, sort_keys=True)],
        )
        return None if row is None else int(row[0])

    def load(
        self,
        stream: LoadSource,
        *,
        vintage: dt.date | None = None,
        strict: bool = False,
        on_batch: Callable[[int], None] | None = None,
    ) -> LoadReport:
        """Load a validated stream atomically; see the module docstring.

        ``vintage`` is the date the data were published (default: the file's modification date).
        With ``strict``, any quarantined row fails the whole load. ``on_batch`` is called with the
        number of rows of each batch (for progress bars).
        """
        source = stream.source
        vintage = vintage or source.modified.date()
        options_json = json.dumps(stream.options, sort_keys=True)
        duplicate = self.find_duplicate(source.sha256, stream.dataset, stream.options)
        if duplicate is not None:
            return LoadReport(status="duplicate", load_id=duplicate, dataset=stream.dataset,
                              source=str(source.path), vintage=vintage, notes=list(stream.notes),
                              sample=stream.sample)
        started = _utc_now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            report = self._load_in_transaction(stream, vintage, options_json, strict, started,
                                               on_batch)
            self.con.execute("COMMIT")
            return report
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _load_in_transaction(self, stream: LoadSource, vintage: dt.date, options_json: str,
                             strict: bool, started: dt.datetime,
                             on_batch: Callable[[int], None] | None) -> LoadReport:
        load_id = int(self._row("SELECT coalesce(max(load_id), 0) + 1 FROM loads")[0])
        columns = ", ".join(_COLUMNS)
        loaded = quarantined = 0
        for batch in stream.batches():
            self.con.register("_batch", batch)
            try:
                bad = pc.sum(pc.is_valid(batch.column("_problem_reason"))).as_py() or 0
                if bad < batch.num_rows:
                    self.con.execute(
                        f"INSERT INTO records SELECT {load_id}, _row, {columns} FROM _batch "
                        "WHERE _problem_reason IS NULL"
                    )
                if bad:
                    self.con.execute(
                        f"INSERT INTO quarantine SELECT {load_id}, _row, _problem_column, "
                        "_problem_value, _problem_reason, _raw FROM _batch "
                        "WHERE _problem_reason IS NOT NULL"
                    )
            finally:
                self.con.unregister("_batch")
            loaded += batch.num_rows - bad
            quarantined += bad
            if on_batch is not None:
                on_batch(batch.num_rows)

        moved = self._quarantine_duplicate_keys(load_id, stream.key_columns)
        loaded -= moved
        quarantined += moved
        reasons = self._reasons(load_id)
        if strict and quarantined:
            raise LoadRejected(
                f"strict mode: {quarantined} of {stream.rows_read} rows of "
                f"{stream.source.path} failed validation; nothing was loaded",
                problems=self._problems(load_id),
            )
        if loaded == 0:
            raise LoadRejected(
                f"no valid rows in {stream.source.path} ({quarantined} rows failed validation); "
                "nothing was loaded",
                problems=self._problems(load_id),
                hint="check the format and the --flow/--region options",
            )
        self.con.execute(
            "INSERT INTO coverage SELECT load_id, ?, month, region_code, region_basis, flow, "
            "count(*) FROM records WHERE load_id = ? GROUP BY ALL",
            [stream.dataset, load_id],
        )
        cells, revised = self._row(
            """SELECT count(*), count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM coverage o WHERE o.load_id <> c.load_id
                     AND o.dataset = c.dataset AND o.month = c.month
                     AND o.region_code = c.region_code AND o.region_basis = c.region_basis
                     AND o.flow = c.flow))
               FROM coverage c WHERE c.load_id = ?""",
            [load_id],
        )
        from tradestat import __version__

        self.con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [load_id, stream.dataset, stream.format, stream.grain, str(stream.source.path),
             stream.source.sha256, stream.source.size, options_json, vintage, stream.sample,
             stream.rows_read, loaded, quarantined, started, _utc_now(),
             json.dumps(stream.notes, ensure_ascii=False), __version__],
        )
        return LoadReport(
            status="loaded", load_id=load_id, dataset=stream.dataset,
            source=str(stream.source.path), vintage=vintage, rows_read=stream.rows_read,
            rows_loaded=loaded, rows_quarantined=quarantined, reasons=reasons,
            notes=list(stream.notes), cells=int(cells), revised_cells=int(revised),
            sample=stream.sample,
        )

    def _quarantine_duplicate_keys(self, load_id: int, key_columns: Iterable[str]) -> int:
        """Move every row whose key occurs more than once in this load to the quarantine.

        All copies go: with two different values for the same key we cannot know which is right,
        and keeping either would be a silent guess.
        """
        keys = list(key_columns)
        if not keys:
            return 0
        key_list = ", ".join(keys)
        candidates = self._row(
            f"""SELECT count(*) FROM (SELECT hash({key_list}) AS h FROM records
                WHERE load_id = ? GROUP BY h HAVING count(*) > 1)""",
            [load_id],
        )[0]
        if not candidates:
            return 0
        match = " AND ".join(f"r.{k} IS NOT DISTINCT FROM d.{k}" for k in keys)
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _dups AS
                WITH d AS (SELECT {key_list}, list(source_row ORDER BY source_row) AS rows
                           FROM records WHERE load_id = $1 GROUP BY ALL HAVING count(*) > 1)
                SELECT r.source_row, d.rows FROM records r JOIN d ON {match}
                WHERE r.load_id = $1""",
            [load_id],
        )
        label = ", ".join(keys)
        moved = self._row(
            f"""INSERT INTO quarantine
                SELECT $1, r.source_row, NULL, NULL,
                       'duplicate key within the load (' || {json.dumps(label).replace('"', "'")}
                       || '): rows ' || array_to_string(d.rows, ', ') || ' share it',
                       to_json(struct_pack({", ".join(f"{c} := r.{c}" for c in _COLUMNS)}))
                FROM records r JOIN _dups d ON r.source_row = d.source_row
                WHERE r.load_id = $1""",
            [load_id],
        )[0]
        self.con.execute(
            "DELETE FROM records WHERE load_id = $1 AND source_row IN "
            "(SELECT source_row FROM _dups)", [load_id]
        )
        self.con.execute("DROP TABLE _dups")
        return int(moved)

    def _reasons(self, load_id: int) -> list[tuple[str, int]]:
        rows = self.con.execute(
            "SELECT CASE WHEN starts_with(reason, 'duplicate key') "
            "THEN 'duplicate key within the load' ELSE reason END AS r, count(*) "
            "FROM quarantine WHERE load_id = ? GROUP BY r ORDER BY 2 DESC, 1",
            [load_id],
        ).fetchall()
        return [(str(r), int(n)) for r, n in rows]

    def _problems(self, load_id: int, limit: int = 50) -> list[tuple[Location, str]]:
        rows = self.con.execute(
            "SELECT source_row, column_name, value, reason FROM quarantine WHERE load_id = ? "
            "ORDER BY source_row LIMIT ?", [load_id, limit],
        ).fetchall()
        return [(Location(row=r, column=c, value=v), reason) for r, c, v, reason in rows]

    # -- reading ---------------------------------------------------------------------------
    def loads(self) -> pa.Table:
        """All loads, oldest first."""
        return self.con.sql("SELECT * FROM loads ORDER BY load_id").to_arrow_table()

    def load_record(self, load_id: int) -> dict[str, Any]:
        """One load's record; WarehouseError if there is no such load."""
        rel = self.con.sql(f"SELECT * FROM loads WHERE load_id = {int(load_id)}")
        rows = rel.fetchall()
        if not rows:
            raise WarehouseError(f"no load with id {load_id} in {self.path}",
                                 hint="`tradestat loads` lists the loads")
        return dict(zip(rel.columns, rows[0], strict=True))

    def quarantine(self, load_id: int) -> pa.Table:
        """The quarantined rows of one load, in source order."""
        self.load_record(load_id)
        return self.con.sql(
            f"SELECT source_row, column_name, value, reason, raw FROM quarantine "
            f"WHERE load_id = {int(load_id)} ORDER BY source_row"
        ).to_arrow_table()

    def records(self, as_of: dt.date | None = None) -> duckdb.DuckDBPyRelation:
        """The records in force (latest vintage of every cell), or as they stood on ``as_of``."""
        if as_of is None:
            return self.con.sql("SELECT * FROM records_current")
        return self.con.sql(f"SELECT * FROM records_as_of(DATE '{as_of.isoformat()}')")

    def summary(self) -> list[dict[str, Any]]:
        """Value in force by year, region and flow, with partner and month counts."""
        rel = self.con.sql(
            """SELECT month // 100 AS year, region_code, flow, sum(value_cny) AS value_cny,
                      count(DISTINCT partner_code) AS partners, count(DISTINCT month) AS months
               FROM records_current GROUP BY ALL ORDER BY year, region_code, flow"""
        )
        return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]
