"""Turn a reader's Staged SQL into an IngestStream of validated Arrow batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import pyarrow as pa

from tradestat.errors import FileFormatError
from tradestat.ingest.engine import IngestEngine
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.source import SourceFile
from tradestat.ingest.stream import IngestStream
from tradestat.ingest.textfile import describe_duckdb_error
from tradestat.ingest.validate import Staged, validated_sql


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
) -> IngestStream:
    """Build the stream; DuckDB errors while reading become FileFormatErrors naming the file."""
    sql = validated_sql(staged)

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            reader = engine.con.sql(sql).to_arrow_reader(batch_size)
            yield from reader
        except duckdb.Error as exc:
            raise FileFormatError(
                f"cannot read the file as {format}: {describe_duckdb_error(exc)}",
                file=source.path,
            ) from exc

    return IngestStream(
        source=source, format=format, dataset=dataset, grain=grain, key_columns=key_columns,
        options=options.as_record(), sample=options.sample, make_batches=batches, notes=notes,
        close=on_close,
    )
