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
from contextlib import ExitStack
from pathlib import Path

import duckdb

from tradestat.errors import EncodingError, FileFormatError
from tradestat.ingest.source import SourceFile, detect_encoding, utf8_path
from tradestat.ingest.sql import literal

_MAX_LINE = 10_000_000


def first_lines(path: Path, count: int = 2) -> list[str]:
    """The first ``count`` non-empty lines of a UTF-8 file (without line ends)."""
    lines: list[str] = []
    try:
        with path.open("r", encoding="utf-8", newline="") as handle:
            for line in handle:
                stripped = line.rstrip("\r\n")
                if stripped.strip():
                    lines.append(stripped)
                if len(lines) == count:
                    break
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"invalid UTF-8 near the start of the file: {exc.reason}", file=path
        ) from exc
    return lines


def parse_header(line: str, *, source: Path, delimiter: str = ",") -> list[str]:
    """Split a CSV header line into trimmed column names (dropping a trailing empty column)."""
    try:
        names = next(csv.reader(io.StringIO(line), delimiter=delimiter))
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


#: How a text reader numbers its rows: the physical line number (the header is line 1). The
#: runner swaps it for ``UNNUMBERED_ROW`` in the fast main pass, where numbering would force DuckDB
#: to read the file on one thread; line numbers are only needed for rows that go to quarantine.
NUMBERED_ROW = "row_number() OVER () + 1 AS _row"
UNNUMBERED_ROW = "NULL::BIGINT AS _row"

#: True for a line with something other than spaces on it (blank lines are skipped, as a person
#: reading the file would). Same as ``trim(line) <> ''`` (DuckDB's trim strips spaces only), but
#: trims only lines that start with a space: trimming every line cost a tenth of the fast pass.
#: A CASE, because DuckDB reorders the terms of an OR and would trim first.
NOT_BLANK = "CASE WHEN starts_with(line, ' ') THEN trim(line) <> '' ELSE line <> '' END"


def open_text_head(
    source: SourceFile, encoding: str | None, stack: ExitStack, *, delimiter: str = ","
) -> tuple[Path, list[str], list[str]]:
    """Prepare a text source for reading: (UTF-8 path, header names, first two lines).

    The UTF-8 path stays valid until ``stack`` closes (GBK files are transcoded to a temporary
    copy). An empty file, or a header without data rows, is a FileFormatError.
    """
    text_path = stack.enter_context(utf8_path(source, detect_encoding(source, encoding)))
    lines = first_lines(text_path, 2)
    if not lines:
        raise FileFormatError("the file is empty", file=source.path)
    header = parse_header(lines[0], source=source.path, delimiter=delimiter)
    if len(lines) < 2:
        raise FileFormatError("the file has a header but no data rows", file=source.path)
    return text_path, header, lines


def raw_lines_sql(path: Path) -> str:
    """SQL yielding ``_row`` (physical line number) and ``line`` for every line after the header.

    Lines end at LF, CRLF or a lone CR (DuckDB's own newline rule, no ``new_line`` option): a
    lone CR inside a record splits it into two lines, which then fail to parse and go to
    quarantine with their text (in a CRLF file DuckDB drops the character after a lone CR from
    the second piece). Declaring ``new_line='\\r\\n'`` instead dropped all the text after a
    lone CR without a trace, and made DuckDB's parallel reader refuse LF files above about 1 GB
    ("does not support a full read on this file")."""
    return (
        f"SELECT {NUMBERED_ROW}, line FROM read_csv("
        f"{literal(str(path))}, columns={{'line': 'VARCHAR'}}, header=false, skip=1, "
        "auto_detect=false, quote='', escape='', delim='\\x01', "
        f"strict_mode=false, max_line_size={_MAX_LINE})"
    )


#: The reference split of one line of an every-field-quoted file: drop one leading ``"`` and one
#: trailing ``",`` (or ``"``), then split on ``","``; NULL when the line is not a quoted record.
#: Exact, but slicing the whole line walks its characters (costly on a long line with Chinese
#: text), so ``quoted_fields_sql`` runs it only for the rare lines its fast split cannot take.
_REFERENCE_SPLIT = """CASE WHEN ends_with(line, '",') AND starts_with(line, '"')
           THEN string_split(line[2:-3], '","')
         WHEN ends_with(line, '"') AND starts_with(line, '"') AND length(line) > 1
           THEN string_split(line[2:-2], '","')
    END"""


def quoted_fields_sql(path: Path, columns: list[str]) -> str:
    """SQL splitting an every-field-quoted file (header on line 1) into columns ``c0..cN``.

    Lines may end with a trailing comma (the GACC export does). ``_parse_problem`` names lines that
    are not quoted records or have the wrong number of fields; they go to quarantine, not to the
    data. This is the fast path for the platform's own exports: a plain split on ``","``, no
    regular expressions. A field holding a doubled quote keeps it, and fails validation visibly.

    Speed: the whole line is split first and only the two end pieces are trimmed (``substr`` of
    the first piece, ``left`` of the last, both short). That gives exactly the fields of
    ``_REFERENCE_SPLIT`` whenever the first piece still starts with the opening quote (no
    separator at the very start, as in a line beginning ``","``) and the last piece still ends
    with the whole closing ``",`` or ``"`` (no separator overlapping it): then both splits cut at
    the same places. ``_cut`` (characters to drop from the last piece) is 0 for any other line,
    and for lines with the wrong field count, and those take the reference split; DuckDB
    evaluates a CASE branch only for the rows that take it. With one column the first piece is
    also the last, so every line takes the reference split.
    """
    n = len(columns)
    if n == 1:
        fast, picks = "false", "v[1] AS c0"
    else:
        fast = f"len(w) = {n} AND starts_with(_first, '\"')"
        middle = [f"v[{i + 1}] AS c{i}" for i in range(1, n - 1)]
        picks = ",\n      ".join(
            [
                "CASE WHEN _cut > 0 THEN substr(_first, 2) ELSE v[1] END AS c0",
                *middle,
                f"CASE WHEN _cut > 0 THEN left(_last, -_cut) ELSE v[{n}] END AS c{n - 1}",
            ]
        )
    return f"""
SELECT _row, line AS _raw,
      CASE WHEN _cut > 0 THEN NULL
           WHEN v IS NULL THEN 'not a quoted record (expected "field","field",...)'
           WHEN len(v) <> {n} THEN 'line has ' || len(v) || ' fields; the header has {n}'
      END AS _parse_problem,
      {picks}
FROM (
  SELECT _row, line, _first, _last, _cut,
    CASE WHEN _cut > 0 THEN w ELSE {_REFERENCE_SPLIT} END AS v
  FROM (
    SELECT _row, line, w, _first, _last,
      CASE WHEN {fast} AND ends_with(_last, '",') THEN 2
           WHEN {fast} AND ends_with(_last, '"') THEN 1
           ELSE 0
      END AS _cut
    FROM (
      SELECT _row, line, w, w[1] AS _first, w[{n}] AS _last
      FROM (
        SELECT _row, line, string_split(line, '","') AS w
        FROM ({raw_lines_sql(path)})
        WHERE {NOT_BLANK}
      )
    )
  )
)"""


def plain_csv_sql(path: Path, columns: list[str], *, delimiter: str = ",") -> str:
    """SQL reading a conventional CSV (header on line 1) as text columns ``c0..cN``.

    Fields are split in SQL from raw lines (quoted fields with doubled quotes are understood), so
    ``_row`` is the true physical line number, blank lines included. A line whose quoting is
    malformed or whose field count differs from the header gets a ``_parse_problem`` (and goes to
    quarantine) instead of being silently cut or padded; a trailing empty field (a line ending in
    the delimiter) is allowed. Quoted fields spanning several lines are not supported: their
    pieces are reported as malformed lines.
    """
    d = _regex_escape(delimiter)
    field = f'"(?:[^"]|"")*"|[^{d}"]*'
    whole = f"(?:{field})(?:{d}(?:{field}))*"
    n = len(columns)
    picks = ",\n      ".join(f"v[{i + 1}] AS c{i}" for i in range(n))
    return f"""
SELECT _row, line AS _raw,
      CASE WHEN NOT regexp_full_match(line, {literal(whole)})
             THEN 'malformed CSV quoting (an unbalanced " in the line)'
           WHEN len(v) = {n + 1} AND v[{n + 1}] = '' THEN NULL
           WHEN len(v) <> {n} THEN 'line has ' || len(v) || ' fields; the header has {n}'
      END AS _parse_problem,
      {picks}
FROM (
  SELECT _row, line,
    list_transform(regexp_extract_all(line, {literal(f"(?:^|{d})({field})")}, 1),
                   lambda f: CASE WHEN starts_with(f, '"') THEN replace(f[2:-2], '""', '"')
                             ELSE f END) AS v
  FROM ({raw_lines_sql(path)})
  WHERE {NOT_BLANK}
)"""


def _regex_escape(text: str) -> str:
    """Escape a delimiter for use inside an RE2 character class and pattern."""
    if text == "\t":
        return "\\t"
    return "".join("\\" + ch if ch in "\\^$.|?*+()[]{}-" else ch for ch in text)


def describe_duckdb_error(exc: duckdb.Error) -> str:
    """The first line of a DuckDB error, which is what a user needs."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
