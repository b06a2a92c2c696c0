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
from tradestat.model.records import CANONICAL_FIELDS, PARTNER_BASES
from tradestat.warehouse import parts
from tradestat.warehouse.aggregates import DDL as AGGREGATE_DDL
from tradestat.warehouse.aggregates import write_aggregates
from tradestat.warehouse.memory import memory_capped
from tradestat.warehouse.profile import LoadProfile, profile_load
from tradestat.warehouse.schema import (
    CELL_COLUMNS,
    DDL,
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    VIEWS,
)

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


class CodeListRule(Protocol):
    """A code-list rule a reader's fast pass leaves to the warehouse
    (``tradestat.ingest.validate.CodeListCheck`` provides it)."""

    @property
    def columns(self) -> tuple[str, ...]: ...  # the canonical columns the keys read
    @property
    def keys(self) -> tuple[str, ...]: ...  # SQL over those columns
    @property
    def valid(self) -> str: ...  # a query yielding the valid keys


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
    def sql_for(self, con: Any) -> Any: ...  # an ingest DirectLoad, or None
    def translate_error(self, exc: Exception) -> Exception: ...
    def locate(self, dup_keys: pa.Table | None) -> Iterator[pa.RecordBatch]: ...
    def close(self) -> None: ...


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

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, create: bool = True
    ) -> None:
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
        # A file from a newer tradestat is refused before anything is written to it.
        self._check_version(new_file_ok=True)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for statement in DDL:
                self.con.execute(statement)
            parts.install(self.con)
            for statement in (*VIEWS, *AGGREGATE_DDL):
                self.con.execute(statement)
            # New files get the current version; older ones were upgraded by the DDL above.
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) "
                "ON CONFLICT DO UPDATE SET value = excluded.value",
                [SCHEMA_VERSION],
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _check_version(self, *, new_file_ok: bool = False) -> None:
        """Refuse a file this code cannot read (``new_file_ok``: a file with no tables at all is
        fine, it is about to become a warehouse)."""
        try:
            row = self._row("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.CatalogException as exc:
            empty = self._row("SELECT count(*) FROM duckdb_tables()") == (0,)
            if new_file_ok and empty:
                return
            raise WarehouseError(f"{self.path} is not a tradestat warehouse") from exc
        if row is None or row[0] not in READABLE_VERSIONS:
            raise WarehouseError(
                f"{self.path} has warehouse schema version {row[0] if row else '?'}, this "
                f"tradestat reads versions {', '.join(READABLE_VERSIONS)}",
                hint="a newer tradestat wrote it: upgrade tradestat to read it",
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

    def _same_size_loaded(self, size: int, dataset: str, options_json: str) -> bool:
        """True if a load of ``dataset`` with these options came from a file of ``size`` bytes."""
        return (
            self._row(
                "SELECT 1 FROM loads WHERE source_bytes = ? AND dataset = ? AND options = ? "
                "LIMIT 1",
                [size, dataset, options_json],
            )
            is not None
        )

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
        # Only a file of the same size can have the same content: otherwise the hash, still
        # being computed, is not waited for before loading (it is recorded at the end).
        duplicate = (
            self.find_duplicate(source.sha256, stream.dataset, stream.options)
            if self._same_size_loaded(source.size, stream.dataset, options_json)
            else None
        )
        if duplicate is not None:
            stream.close()
            return LoadReport(
                status="duplicate",
                load_id=duplicate,
                dataset=stream.dataset,
                source=str(source.path),
                vintage=vintage,
                notes=list(stream.notes),
                sample=stream.sample,
            )
        started = _utc_now()
        self._reset_after_load: list[str] = []
        with memory_capped(self.con):
            self.con.execute("BEGIN TRANSACTION")
            try:
                report = self._load_in_transaction(
                    stream, vintage, options_json, strict, started, on_batch
                )
                self.con.execute("COMMIT")
                return report
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            finally:
                stream.close()
                for name in self._reset_after_load:  # settings a reader asked for
                    self.con.execute(f"RESET {name}")

    def _load_in_transaction(
        self,
        stream: LoadSource,
        vintage: dt.date,
        options_json: str,
        strict: bool,
        started: dt.datetime,
        on_batch: Callable[[int], None] | None,
    ) -> LoadReport:
        load_id = int(self._row("SELECT coalesce(max(load_id), 0) + 1 FROM loads")[0])
        loaded, bad = self._insert_valid_rows(load_id, stream, on_batch)
        # Taken before duplicates are deleted, and still true after: deleting rows keeps a
        # constant column constant and a complete one complete.
        known = parts.known_values(*parts.definition(self.con, self._part))
        profile = profile_load(self.con, load_id, known=known)
        dup_keys = self._duplicate_keys(load_id, stream.key_columns, profile)
        duplicates = 0
        if dup_keys is not None:
            duplicates = self._drop_duplicates(load_id, stream.key_columns, dup_keys)
            loaded -= duplicates
        if bad or duplicates:
            located = self._quarantine_located(load_id, stream, dup_keys)
            if located != (bad, duplicates):
                raise WarehouseError(
                    f"internal inconsistency: the validation pass flagged {bad} bad and "
                    f"{duplicates} duplicate rows, the locating pass found {located}; "
                    "nothing was loaded",
                    hint="please report this with the file",
                )
        quarantined = bad + duplicates
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
        self._check_partner_basis(load_id, profile)
        cells = [c if not profile.is_constant(c) else profile.constant_sql(c) for c in CELL_COLUMNS]
        varying = profile.varying(CELL_COLUMNS)
        self.con.execute(
            f"INSERT INTO coverage SELECT {int(load_id)}, ?, {', '.join(cells)}, count(*) "
            "FROM records WHERE load_id = ?"
            + (f" GROUP BY {', '.join(varying)}" if varying else ""),
            [stream.dataset, load_id],
        )
        write_aggregates(self.con, load_id, loaded, profile)
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
            [
                load_id,
                stream.dataset,
                stream.format,
                stream.grain,
                str(stream.source.path),
                stream.source.sha256,
                stream.source.size,
                options_json,
                vintage,
                stream.sample,
                stream.rows_read,
                loaded,
                quarantined,
                started,
                _utc_now(),
                json.dumps(stream.notes, ensure_ascii=False),
                __version__,
            ],
        )
        return LoadReport(
            status="loaded",
            load_id=load_id,
            dataset=stream.dataset,
            source=str(stream.source.path),
            vintage=vintage,
            rows_read=stream.rows_read,
            rows_loaded=loaded,
            rows_quarantined=quarantined,
            reasons=reasons,
            notes=list(stream.notes),
            cells=int(cells),
            revised_cells=int(revised),
            sample=stream.sample,
        )

    def _check_partner_basis(self, load_id: int, profile: LoadProfile) -> None:
        """Refuse a load with a partner basis outside PARTNER_BASES: queries select a basis by
        excluding the others (cheaper than a per-row OR), which is exact only if no other
        value is ever stored."""
        if profile.is_constant("partner_basis"):
            basis = profile.constants["partner_basis"]
            if basis is None or basis in PARTNER_BASES:
                return
        known = ", ".join(f"'{b}'" for b in PARTNER_BASES)
        stray = self._row(
            f"SELECT any_value(partner_basis), count(*) FROM records "
            f"WHERE load_id = ? AND partner_basis NOT IN ({known})",
            [load_id],
        )
        if stray and stray[1]:
            raise WarehouseError(
                f"{stray[1]:,} row(s) have partner basis {stray[0]!r}; nothing was loaded",
                hint="partner bases: " + ", ".join(PARTNER_BASES),
            )

    def _insert_valid_rows(
        self, load_id: int, stream: LoadSource, on_batch: Callable[[int], None] | None
    ) -> tuple[int, int]:
        """Insert the stream's valid rows; return (rows loaded, rows flagged bad).

        Streams whose SQL reads only files run here as one parallel INSERT ... SELECT; others
        arrive as Arrow batches.
        """
        direct = stream.sql_for(self.con)
        if direct is not None:
            return self._insert_direct(load_id, stream, direct, on_batch)
        columns = ", ".join(_COLUMNS)
        self._part = parts.WIDE
        loaded = bad = 0
        for batch in stream.batches():
            flagged = pc.sum(batch.column("_bad")).as_py() or 0
            if flagged < batch.num_rows:
                self.con.register("_batch", batch)
                try:
                    self.con.execute(
                        f"INSERT INTO {parts.WIDE} SELECT {load_id}, {columns} "
                        "FROM _batch WHERE NOT _bad"
                    )
                finally:
                    self.con.unregister("_batch")
            loaded += batch.num_rows - flagged
            bad += flagged
            if on_batch is not None:
                on_batch(batch.num_rows)
        return loaded, bad

    def _insert_direct(
        self, load_id: int, stream: LoadSource, direct: Any, on_batch: Callable[[int], None] | None
    ) -> tuple[int, int]:
        """Run the reader's fast pass inside this connection: one parallel INSERT ... SELECT,
        into the part storing just the columns the source can fill."""
        stored = tuple(direct.stored_columns)
        derived = dict(direct.derived)
        self._part = (
            parts.part_for(self.con, stored, derived) if stored != tuple(_COLUMNS) else parts.WIDE
        )
        columns = ", ".join(stored)
        for name, value in direct.settings.items():
            self.con.execute(f"SET {name} = '{value}'")
            self._reset_after_load.append(name)
        try:
            loaded = int(
                self._row(
                    f"INSERT INTO {self._part} SELECT {load_id}, {columns} "
                    f"FROM ({direct.insert_sql})"
                )[0]
            )
            bad = int(self._row(direct.bad_rows_sql)[0])
        except duckdb.Error as exc:
            raise stream.translate_error(exc) from exc  # the rollback undoes the set-up too
        for statement in direct.cleanup:
            self.con.execute(statement)
        total = loaded + bad
        stream.rows_read = total
        loaded -= self._drop_unknown_codes(load_id, direct.code_list_checks)
        if on_batch is not None:
            on_batch(total)
        return loaded, total - loaded

    def _drop_unknown_codes(self, load_id: int, checks: Iterable[CodeListRule]) -> int:
        """Delete this load's rows with a code the fast pass left unchecked and the code list
        lacks (see ``CodeListCheck``); return how many went.

        The codes are looked up once each, not once per row, and every rule in one statement
        (a statement costs some milliseconds of its own). The locating pass tests the same rules
        per row, so it finds and explains every row deleted here.
        """
        checks = list(checks)
        if not checks:
            return 0
        unknown = [
            f"SELECT DISTINCT {', '.join(f'{key} AS k{i}' for i, key in enumerate(check.keys))} "
            f"FROM (SELECT DISTINCT {', '.join(check.columns)} FROM records "
            f"WHERE load_id = {int(load_id)}) "
            f"WHERE {' AND '.join(f'{key} IS NOT NULL' for key in check.keys)} "
            f"EXCEPT {check.valid}"
            for check in checks
        ]
        counts = self._row("SELECT " + ", ".join(f"(SELECT count(*) FROM ({u}))" for u in unknown))
        dropped = 0
        for check, codes, count in zip(checks, unknown, counts, strict=True):
            if count:
                # The keys read the row's columns (the codes' columns are named k0, k1 ...).
                match = " AND ".join(f"({key}) = u.k{i}" for i, key in enumerate(check.keys))
                dropped += self._delete_matched(load_id, f"({codes}) u", match)
        return dropped

    def _delete_matched(self, load_id: int, other: str, match: str) -> int:
        """Delete this load's rows that join ``other`` (a table or subquery, with its alias) on
        ``match``; return how many went.

        ``match`` reads the rows as ``r``, with the canonical columns as the view shows them: a
        column the part does not store is NULL or derived there.
        """
        columns = parts.canonical_columns(*parts.definition(self.con, self._part))
        return int(
            self._row(
                f"DELETE FROM {self._part} WHERE rowid IN (SELECT r.rowid FROM "
                f"(SELECT rowid, load_id, {columns} FROM {self._part}) r "
                f"JOIN {other} ON {match} WHERE r.load_id = ?)",
                [load_id],
            )[0]
        )

    def _duplicate_keys(
        self, load_id: int, key_columns: Iterable[str], profile: LoadProfile
    ) -> pa.Table | None:
        """Keys that occur more than once among this load's rows (None if there are none)."""
        keys = list(key_columns)
        if not keys:
            return None
        key_list = ", ".join(keys)
        # A cheap pass first, on a hash of the key columns that vary (the constant ones cannot
        # tell rows apart); the exact grouping runs only if some hash repeats.
        varying = profile.varying(keys)
        if varying:
            repeated = self._row(
                f"SELECT count(*) FROM (SELECT hash({', '.join(varying)}) AS h FROM records "
                "WHERE load_id = ? GROUP BY h HAVING count(*) > 1)",
                [load_id],
            )[0]
        else:
            repeated = profile.rows > 1
        if not repeated:
            return None
        table = self.con.sql(
            f"SELECT {key_list}, row_number() OVER () AS _dup_group FROM "
            f"(SELECT {key_list} FROM records WHERE load_id = {int(load_id)} GROUP BY ALL "
            "HAVING count(*) > 1)"
        ).to_arrow_table()
        return table if table.num_rows else None

    def _drop_duplicates(self, load_id: int, key_columns: Iterable[str], dup_keys: pa.Table) -> int:
        """Delete every row of this load whose key is duplicated; return how many went.

        All copies go: with two values for the same key we cannot know which is right, and keeping
        either would be a silent guess. The locating pass puts them in the quarantine.
        """
        match = " AND ".join(f"r.{k} IS NOT DISTINCT FROM d.{k}" for k in key_columns)
        self.con.register("_dup_keys", dup_keys)
        try:
            return self._delete_matched(load_id, "_dup_keys d", match)
        finally:
            self.con.unregister("_dup_keys")

    def _quarantine_located(
        self, load_id: int, stream: LoadSource, dup_keys: pa.Table | None
    ) -> tuple[int, int]:
        """Write the located bad and duplicate rows to the quarantine; return their counts."""
        bad = dups = 0
        for batch in stream.locate(dup_keys):
            self.con.register("_located", batch)
            try:
                self.con.execute(
                    f"INSERT INTO quarantine SELECT {load_id}, _row, _problem_column, "
                    "_problem_value, coalesce(_problem_reason, 'duplicate key'), _raw "
                    "FROM _located"
                )
                self.con.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS _dup_rows (grp BIGINT, row BIGINT)"
                )
                self.con.execute(
                    "INSERT INTO _dup_rows SELECT _dup_group, _row FROM _located WHERE _dup"
                )
            finally:
                self.con.unregister("_located")
            n_dups = pc.sum(batch.column("_dup")).as_py() or 0
            dups += n_dups
            bad += batch.num_rows - n_dups
        if dups:
            label = ", ".join(stream.key_columns)
            self.con.execute(
                f"""UPDATE quarantine q SET reason = 'duplicate key within the load ({label}): '
                       || 'rows ' || g.rows || ' share it'
                   FROM _dup_rows r JOIN (
                       SELECT grp, string_agg(row::VARCHAR, ', ' ORDER BY row) AS rows
                       FROM _dup_rows GROUP BY grp) g ON g.grp = r.grp
                   WHERE q.load_id = ? AND q.source_row = r.row""",
                [load_id],
            )
        self.con.execute("DROP TABLE IF EXISTS _dup_rows")
        return bad, dups

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
            "ORDER BY source_row LIMIT ?",
            [load_id, limit],
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
            raise WarehouseError(
                f"no load with id {load_id} in {self.path}",
                hint="`tradestat loads` lists the loads",
            )
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
