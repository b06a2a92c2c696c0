"""A memory cap for the duration of a load.

DuckDB keeps the blocks a load writes in its buffer pool until it reaches ``memory_limit``, which
defaults to 80 % of the machine's memory: left alone, a load's resident memory grows with the file
(about 1 GB for 10 million rows). Under a cap the written blocks are simply evicted (they are on
disk already) and the duplicate-key aggregation spills to the temporary directory instead of
growing, so memory stays flat whatever the file size. A lower limit set by the user is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

#: The cap while loading: room for DuckDB's write buffers (a few row groups per thread) and the
#: validation hash tables, far below what a 10-million-row file would otherwise hold.
LOAD_MEMORY_LIMIT = 512 * 1024**2

_UNITS = {
    "": 1,
    "b": 1,
    "bytes": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_SIZE = re.compile(r"\s*([0-9.]+)\s*([a-z]*)\s*", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """Bytes in a DuckDB size setting such as '18.8 GiB' or '512.0 MiB' (None if unreadable)."""
    match = _SIZE.fullmatch(text or "")
    if not match or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


@contextmanager
def memory_capped(con: duckdb.DuckDBPyConnection, limit: int = LOAD_MEMORY_LIMIT) -> Iterator[None]:
    """Lower ``memory_limit`` to ``limit`` bytes (if it is higher) and restore it afterwards."""
    before = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    current = parse_size(str(before))
    if current is not None and current <= limit:
        yield
        return
    con.execute(f"SET memory_limit = '{limit // 1024**2}MiB'")
    try:
        yield
    finally:
        # RESET when it was the default: setting the displayed (rounded) value back would let it
        # creep down by a rounding step with every load.
        con.execute("RESET memory_limit")
        after = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        if after != before:
            con.execute(f"SET memory_limit = '{before}'")
