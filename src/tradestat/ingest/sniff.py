"""Peek at a text file's header to guess its format, in either encoding, without reading it all."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tradestat.errors import FileFormatError

_PEEK = 1 << 16


def header_words(path: Path) -> list[str]:
    """The column names on the first line of a CSV file (UTF-8, UTF-8 with BOM, or GB18030)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_PEEK)
    except OSError as exc:
        raise FileFormatError(f"cannot read file: {exc.strerror}", file=path) from exc
    if not head.strip():
        raise FileFormatError("the file is empty", file=path)
    first = head.split(b"\n", 1)[0]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = first.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return []
    try:
        row = next(csv.reader(io.StringIO(text.rstrip("\r"))))
    except (csv.Error, StopIteration):
        return []
    return [w.strip() for w in row if w.strip()]
