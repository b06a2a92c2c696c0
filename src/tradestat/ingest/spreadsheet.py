"""Streaming an XLSX worksheet into Arrow record batches of text, for DuckDB to read.

openpyxl's read-only mode parses the sheet row by row, so memory stays flat whatever the size.
Every cell becomes text, exactly:

- integers as digits; a float as the shortest decimal that reads back to the same binary value
  (what Excel shows at full precision): 1234.5 → "1234.5", never "1234.4999999"; an integral
  float as an integer (202401.0 → "202401"); no exponent notation (1e16 → "10000000000000000").
  A stored value with binary noise (a formula result such as 1358.5000000000002) stays as it is
  and is quarantined by validation: nothing is rounded here.
- dates and date-times (cells with a date format) as ISO 8601: "2024-01-31", or
  "2024-01-31T12:30:00" when there is a time of day.
- booleans as TRUE / FALSE; error cells (#N/A ...) as their text, which validation rejects.

Row numbers are the spreadsheet's own (1-based, as Excel shows them); empty rows are skipped.
``Worksheet.to_parquet`` writes the rows to a temporary Parquet file that DuckDB can scan twice.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from tradestat.errors import FileFormatError


def cell_text(value: Any) -> str | None:
    """The exact text of a cell value as openpyxl returns it (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return str(value)


class Worksheet:
    """One worksheet of an XLSX file, opened read-only; call ``close()`` when done."""

    def __init__(self, path: Path, sheet: str | None, header_row: int) -> None:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        self.path = path
        self.header_row = header_row
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            raise FileFormatError(f"cannot open the spreadsheet: {exc}", file=path) from exc
        try:
            if sheet is None:
                self._sheet = self._book.worksheets[0]
            elif sheet in self._book.sheetnames:
                self._sheet = self._book[sheet]
            else:
                raise FileFormatError(
                    f"no worksheet named {sheet!r}",
                    file=path,
                    hint=f"the workbook has: {', '.join(self._book.sheetnames)}",
                )
            if not hasattr(self._sheet, "iter_rows"):
                raise FileFormatError(
                    f"sheet {self._sheet.title!r} is a chart, not a table", file=path
                )
            self.name = self._sheet.title
            # The dimension recorded in a file may be stale; read the rows that really exist.
            self._sheet.reset_dimensions()
            self.header = self._read_header()
        except BaseException:
            self._book.close()
            raise

    def _read_header(self) -> list[str]:
        rows = self._sheet.iter_rows(
            min_row=self.header_row, max_row=self.header_row, values_only=True
        )
        cells = next(iter(rows), ())
        names = [(cell_text(v) or "").strip() for v in cells]
        while names and names[-1] == "":
            names.pop()
        if not names:
            raise FileFormatError(
                f"the header row of sheet {self.name!r} is empty",
                file=self.path,
                row=self.header_row,
                hint="set source.header_row in the mapping",
            )
        duplicates = sorted({n for n in names if n and names.count(n) > 1})
        if duplicates:
            raise FileFormatError(
                f"duplicate column names in the header: {', '.join(duplicates)}",
                file=self.path,
                row=self.header_row,
            )
        return names

    def batches(self, positions: list[int], batch_size: int) -> Iterator[pa.RecordBatch]:
        """Record batches of ``_row``, ``_raw`` and ``c<i>`` (text) for the given columns."""
        schema = self.schema(positions)
        named = [(i, n) for i, n in enumerate(self.header) if n]
        rows: list[int] = []
        raws: list[str] = []
        cols: dict[int, list[str | None]] = {i: [] for i in positions}
        start = self.header_row + 1
        for number, cells in enumerate(
            self._sheet.iter_rows(min_row=start, values_only=True), start=start
        ):
            texts = [cell_text(v) for v in cells]
            if not any(t is not None and t.strip() for t in texts):
                continue
            rows.append(number)
            raws.append(
                json.dumps({n: texts[i] for i, n in named if i < len(texts)}, ensure_ascii=False)
            )
            for i in positions:
                cols[i].append(texts[i] if i < len(texts) else None)
            if len(rows) >= batch_size:
                yield self._batch(schema, rows, raws, cols)
                rows, raws = [], []
                cols = {i: [] for i in positions}
        if rows:
            yield self._batch(schema, rows, raws, cols)

    @staticmethod
    def schema(positions: list[int]) -> pa.Schema:
        return pa.schema(
            [("_row", pa.int64()), ("_raw", pa.string())]
            + [(f"c{i}", pa.string()) for i in positions]
        )

    @staticmethod
    def _batch(
        schema: pa.Schema, rows: list[int], raws: list[str], cols: dict[int, list[str | None]]
    ) -> pa.RecordBatch:
        arrays = [pa.array(rows, pa.int64()), pa.array(raws, pa.string())]
        arrays += [pa.array(values, pa.string()) for values in cols.values()]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    def to_parquet(self, positions: list[int], target: Path, batch_size: int = 50_000) -> int:
        """Write the data rows to a Parquet file (text columns), batch by batch; the row count.

        The ingest runner reads its source twice (a fast pass, then a pass locating bad rows), so
        a one-pass reader is not enough; a temporary Parquet file can be scanned any number of
        times while memory stays flat.
        """
        import pyarrow.parquet as pq

        count = 0
        with pq.ParquetWriter(target, self.schema(positions)) as writer:
            for batch in self.batches(positions, batch_size):
                writer.write_batch(batch)
                count += batch.num_rows
        return count

    def close(self) -> None:
        self._book.close()
