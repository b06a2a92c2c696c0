"""What a reader hands to the warehouse: validated canonical rows as a stream of Arrow batches.

``batches()`` yields the canonical columns plus ``_bad`` (true for a row that failed validation).
``locate(dup_keys)`` yields, on request, the rows to quarantine: every bad row and every row whose
key is in ``dup_keys``, with ``_row`` (the line number as a person sees it, header = line 1),
``_raw`` (the row's source text), ``_problem_column`` / ``_problem_value`` / ``_problem_reason``,
``_dup`` and ``_dup_group`` (which duplicate key it matched). Streaming keeps memory flat: a
10-million-row file never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from tradestat.ingest.source import SourceFile
from tradestat.ingest.validate import CodeListCheck
from tradestat.model.records import CANONICAL_FIELDS


def stored_columns(null_columns: frozenset[str], derived: Mapping[str, str]) -> tuple[str, ...]:
    """The canonical columns (in canonical order) a direct load stores: all but those NULL on
    every row and those derived. The reader decides which code-list rules may wait on this set
    and the warehouse picks the part by it, so both take it from here."""
    return tuple(f.name for f in CANONICAL_FIELDS if f.name not in null_columns | set(derived))


@dataclass(frozen=True)
class DirectLoad:
    """A fast pass the warehouse can run on its own connection (no Arrow hop).

    ``insert_sql`` yields the canonical columns of the good rows only and counts the bad rows it
    drops as it goes; after it has run, ``bad_rows_sql`` returns that count (read once: it
    draws from the counter), so that rows read = inserted + bad with one pass over the file.
    ``settings`` are DuckDB settings to apply while they run (and reset afterwards);
    ``cleanup`` are statements to run after they succeeded (on failure the load's rollback
    undoes whatever ``sql_for`` set up inside the transaction).
    """

    insert_sql: str
    bad_rows_sql: str
    settings: dict[str, str]
    #: Columns NULL on every row ``insert_sql`` yields (it checks): the warehouse need not
    #: store them.
    null_columns: frozenset[str] = frozenset()
    #: Columns the warehouse may derive instead of storing: column → SQL over the other
    #: canonical columns, equal on every row ``insert_sql`` yields to the value it computes
    #: (see ``warehouse.parts``).
    derived: dict[str, str] = field(default_factory=dict)
    #: Code-list rules ``insert_sql`` does not test: the warehouse must delete the rows they
    #: fail and count them as bad (see ``validate.CodeListCheck``).
    code_list_checks: tuple[CodeListCheck, ...] = ()
    cleanup: tuple[str, ...] = ()

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """The columns the warehouse stores (see ``stored_columns``)."""
        return stored_columns(self.null_columns, self.derived)


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
    locate: Callable[[pa.Table | None], Iterator[pa.RecordBatch]] = lambda keys: iter(())
    #: For streams whose SQL reads only files: given a DuckDB connection, install what the SQL
    #: needs there and describe the fast pass; None if not possible.
    sql_for: Callable[[Any], DirectLoad | None] = lambda con: None
    #: Turns an engine error met while running that SQL into a typed error naming the file.
    translate_error: Callable[[Exception], Exception] = lambda exc: exc
    rows_read: int = 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Iterate over validated batches, counting the rows read."""
        self.rows_read = 0
        for batch in self.make_batches():
            self.rows_read += batch.num_rows
            yield batch
