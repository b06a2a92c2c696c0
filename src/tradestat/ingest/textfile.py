"""Reading delimited text with DuckDB while keeping exact line numbers.

DuckDB's CSV reader does not report line numbers for good rows, and an error message without a
line is useless to a person fixing a 10-million-line file. So text is read as raw lines with a
streaming ``row_number()`` (DuckDB keeps file order for it), which gives the physical line number
of every row at scan speed. Formats whose fields are all quoted (the GACC platform export) are then
split in SQL; other CSV goes through DuckDB's CSV parser, which stops with the failing line on a
structural error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from tradestat.errors import FileFormatError
from tradestat.ingest.sql import literal

_MAX_LINE = 10_000_000


def first_lines(path: Path, count: int = 2) -> list[str]:
    """The first ``count`` non-empty lines of a UTF-8 file (without line ends)."""
    lines: list[str] = []
    with path.open("r", encoding="utf-8", newline="") as handle:
        for line in handle:
            stripped = line.rstrip("\r\n")
            if stripped.strip():
                lines.append(stripped)
            if len(lines) == count:
                break
    return lines


def parse_header(line: str, *, source: Path) -> list[str]:
    """Split a CSV header line into trimmed column names (dropping a trailing empty column)."""
    try:
        names = next(csv.reader(io.StringIO(line)))
    except (csv.Error, StopIteration) as exc:
        raise FileFormatError(f"unreadable header line: {exc}", file=source, row=1) from exc
    names = [n.strip().lstrip("\ufeff") for n in names]
    while names and names[-1] == "":
        names.pop()
    if not names:
        raise FileFormatError("the header line has no column names", file=source, row=1)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise FileFormatError(
            f"duplicate column names in the header: {', '.join(duplicates)}", file=source, row=1
        )
    return names


def raw_lines_sql(path: Path) -> str:
    """SQL yielding ``_row`` (physical line number, 1-based) and ``line`` for every line."""
    return (
        "SELECT row_number() OVER () AS _row, line FROM read_csv("
        f"{literal(str(path))}, columns={{'line': 'VARCHAR'}}, header=false, auto_detect=false, "
        "quote='', escape='', delim='\\x01', new_line='\\r\\n', strict_mode=false, "
        f"max_line_size={_MAX_LINE})"
    )


def quoted_fields_sql(path: Path, columns: list[str]) -> str:
    """SQL splitting an every-field-quoted file (header on line 1) into columns ``c0..cN``.

    Lines may end with a trailing comma (the GACC export does). ``_parse_problem`` names lines that
    are not quoted records or have the wrong number of fields; they go to quarantine, not to the
    data.
    """
    n = len(columns)
    picks = ",\n      ".join(
        f"CASE WHEN len(v) = {n} THEN replace(v[{i + 1}], '\"\"', '\"') END AS c{i}"
        for i in range(n)
    )
    return f"""
SELECT _row, line AS _raw,
      CASE WHEN NOT quoted THEN 'not a quoted record (expected "field","field",...)'
           WHEN len(v) <> {n} THEN 'line has ' || len(v) || ' fields; the header has {n}'
      END AS _parse_problem,
      {picks}
FROM (
  SELECT _row, line, quoted,
    CASE WHEN NOT quoted THEN [] WHEN ends_with(l, '",') THEN string_split(l[2:-3], '","')
         ELSE string_split(l[2:-2], '","') END AS v
  FROM (
    SELECT _row, line, rtrim(line, chr(13)) AS l,
      starts_with(line, '"') AND (ends_with(rtrim(line, chr(13)), '",')
        OR (ends_with(rtrim(line, chr(13)), '"') AND length(rtrim(line, chr(13))) > 1)) AS quoted
    FROM ({raw_lines_sql(path)})
    WHERE _row > 1 AND trim(line) <> ''
  )
)"""


def plain_csv_sql(path: Path, columns: list[str], *, delimiter: str = ",") -> str:
    """SQL reading a conventional CSV (header on line 1) as text columns ``c0..cN``.

    Structural damage (an unterminated quote, a row with too many fields) makes DuckDB stop with the
    line number; ``run_guarded`` turns that into a FileFormatError. Short rows are padded with NULL,
    which validation then reports as missing values on that row.
    """
    spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(columns)))
    return f"""
SELECT row_number() OVER () + 1 AS _row,
       concat_ws({literal(delimiter)}, {", ".join(f"c{i}" for i in range(len(columns)))}) AS _raw,
       NULL::VARCHAR AS _parse_problem, *
FROM read_csv({literal(str(path))}, columns={{{spec}}}, header=false, skip=1, auto_detect=false,
              delim={literal(delimiter)}, quote='"', escape='"', null_padding=true,
              strict_mode=false, all_varchar=true, max_line_size={_MAX_LINE})"""


def describe_duckdb_error(exc: duckdb.Error) -> str:
    """The first line of a DuckDB error, which is what a user needs."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
