"""What a reader hands to the warehouse: validated canonical rows as a stream of Arrow batches.

Each batch carries the canonical columns plus bookkeeping: ``_row`` (the data row number in the
source as a person sees it: the line number, header = line 1), ``_raw`` (the source text of the
row, kept for the quarantine report) and ``_problem_column`` / ``_problem_value`` /
``_problem_reason`` (NULL for a good row).
Streaming keeps memory flat: a 10-million-row file never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from tradestat.ingest.source import SourceFile

BOOKKEEPING_COLUMNS = ("_row", "_raw", "_problem_column", "_problem_value", "_problem_reason")


@dataclass
class IngestStream:
    """A readable source, ready to be loaded.

    ``key_columns`` is the set of canonical columns that must be unique within the load (for
    aggregate exports, all dimensions; for declarations, the declaration number and line).
    ``notes`` collects warnings the user must see (e.g. a flow inferred from the file name).
    """

    source: SourceFile
    format: str
    dataset: str
    grain: str
    key_columns: tuple[str, ...]
    options: dict[str, Any]
    sample: bool
    make_batches: Callable[[], Iterator[pa.RecordBatch]]
    notes: list[str] = field(default_factory=list)
    close: Callable[[], None] = lambda: None
    rows_read: int = 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Iterate over validated batches, counting the rows read."""
        self.rows_read = 0
        try:
            for batch in self.make_batches():
                self.rows_read += batch.num_rows
                yield batch
        finally:
            self.close()
