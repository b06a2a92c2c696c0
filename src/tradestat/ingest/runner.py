"""Turn a reader's Staged SQL into an IngestStream: a fast pass and, when needed, a locating pass.

The fast pass reads the file in parallel and yields typed canonical rows with a ``_bad`` flag but no
line numbers (numbering text lines forces a single thread). Only when a load has bad rows or
duplicate keys does the warehouse ask for the locating pass, which reads the file again with exact
line numbers and returns just those rows with their source text and reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import duckdb
import pyarrow as pa

from tradestat.errors import EncodingError, FileFormatError
from tradestat.ingest.engine import (
    LOOKUP_SETTINGS,
    IngestEngine,
    install_reference_tables,
    reference_tables,
)
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.source import SourceFile
from tradestat.ingest.stream import DirectLoad, IngestStream, stored_columns
from tradestat.ingest.textfile import NUMBERED_ROW, UNNUMBERED_ROW, describe_duckdb_error
from tradestat.ingest.validate import (
    NOT_NULL_BUG,
    Staged,
    deferrable_checks,
    derived_columns,
    insert_sql,
    locate_sql,
    main_sql,
    null_columns,
)

_LINE = re.compile(r"CSV Error on Line: (\d+)")
#: Errors that mean our own SQL is wrong: they must surface as bugs, not as "bad file".
_OUR_BUGS = (duckdb.BinderException, duckdb.ParserException, duckdb.CatalogException)
#: The sequence the direct insert draws from once per bad row it drops (see ``insert_sql``).
_BAD_ROWS = "_tradestat_bad_rows"


def translate_read_error(exc: Exception, *, source: SourceFile, format: str) -> Exception:
    """A typed error naming the file (and line) for an engine error met while reading it."""
    if isinstance(exc, _OUR_BUGS) or not isinstance(exc, duckdb.Error) or NOT_NULL_BUG in str(exc):
        return exc
    text = str(exc)
    match = _LINE.search(text)
    line = int(match.group(1)) if match else None
    if "Invalid unicode" in text:
        return EncodingError(
            "invalid UTF-8 bytes (the file mixes encodings)",
            file=source.path,
            row=line,
            hint="re-export the file in one encoding",
        )
    return FileFormatError(
        f"cannot read the file as {format}: {describe_duckdb_error(exc)}",
        file=source.path,
        row=line,
    )


def _iso3_of_partner() -> dict[str, str | None]:
    """Partner code → ISO alpha-3, as the ``ref_partner`` lookup table has it."""
    table = reference_tables()["ref_partner"]
    return dict(zip(table["code"], table["iso3"], strict=True))


def stream_from_staged(
    engine: IngestEngine,
    staged: Staged,
    *,
    source: SourceFile,
    format: str,
    dataset: str,
    grain: str,
    key_columns: tuple[str, ...],
    options: IngestOptions,
    notes: list[str],
    on_close: Callable[[], None],
    batch_size: int = 250_000,
    portable: bool = False,
) -> IngestStream:
    """Build the stream; DuckDB errors while reading become FileFormatErrors naming the file.

    ``portable`` says the staged SQL reads only files (nothing registered on the engine's
    connection), so the warehouse may run the fast pass itself: one parallel INSERT ... SELECT
    with no Arrow hop in between.
    """
    fast = Staged(
        **{
            **{f: getattr(staged, f) for f in Staged.__slots__},
            "sql": staged.sql.replace(NUMBERED_ROW, UNNUMBERED_ROW),
        }
    )

    def translate(exc: Exception) -> Exception:
        return translate_read_error(exc, source=source, format=format)

    def run(sql: str) -> Iterator[pa.RecordBatch]:
        try:
            yield from engine.con.sql(sql).to_arrow_reader(batch_size)
        except duckdb.Error as exc:
            raise translate(exc) from exc

    def batches() -> Iterator[pa.RecordBatch]:
        return run(main_sql(fast))

    def locate(dup_keys: pa.Table | None) -> Iterator[pa.RecordBatch]:
        if dup_keys is None:
            return run(locate_sql(staged, key_columns, None))
        engine.con.register("_dup_keys", dup_keys)
        return run(locate_sql(staged, key_columns, "_dup_keys"))

    def sql_for(con: duckdb.DuckDBPyConnection) -> DirectLoad | None:
        if not portable:
            return None
        install_reference_tables(con, temporary=True)
        con.execute(f"CREATE OR REPLACE TEMP SEQUENCE {_BAD_ROWS}")
        nulls = null_columns(fast)
        derived = derived_columns(fast, _iso3_of_partner())
        deferred = deferrable_checks(fast, frozenset(stored_columns(nulls, derived)))
        return DirectLoad(
            insert_sql=insert_sql(
                fast, bad_counter=_BAD_ROWS, null_checked=nulls, deferred=deferred
            ),
            bad_rows_sql=f"SELECT nextval('{_BAD_ROWS}') - 1",
            settings=LOOKUP_SETTINGS,
            null_columns=nulls,
            derived=derived,
            code_list_checks=deferred,
            cleanup=(f"DROP SEQUENCE IF EXISTS {_BAD_ROWS}",),
        )

    return IngestStream(
        source=source,
        format=format,
        dataset=dataset,
        grain=grain,
        key_columns=key_columns,
        options=options.as_record(),
        sample=options.sample,
        make_batches=batches,
        notes=notes,
        close=on_close,
        locate=locate,
        sql_for=sql_for,
        translate_error=translate,
    )
