"""A disk cache of the validation code lists, so that a load does not re-parse the reference data.

Building the ``ref_*`` tables means parsing the HS nomenclatures of three editions and the other
code lists from the package's CSV and YAML files: about 0.7 s, paid by every ``tradestat ingest``
process before it reads a byte of the source (half the time of a million-row load). The tables
are a pure function of those files and of the code that builds them, so the cache key is a hash
of exactly that: every file of the ``tradestat.reference`` package (data and code) byte for byte,
plus the modules that turn them into tables. A changed code list or builder gives a new key; an
entry is used only where rebuilding would give the same lists.

An entry that cannot be read or does not have the expected shape is ignored (and rebuilt).
Entries are written atomically (temporary file, then rename), so concurrent loads can share the
directory, and only the most recently used ``KEEP`` entries are kept. Without a writable cache
directory everything still works, only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tradestat.cache import cache_dir

KEEP = 8
_FORMAT = "tradestat.ingest reference tables 1"


def default_cache_dir() -> Path:
    """The ``reference-tables`` folder of tradestat's cache (see ``tradestat.cache``)."""
    return cache_dir("reference-tables")


def fingerprint(package_dir: Path, modules: list[Path]) -> str:
    """A hash of every file under ``package_dir`` and of each of ``modules`` (names and bytes)."""
    digest = hashlib.sha256(_FORMAT.encode())
    files = sorted(
        p for p in package_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    for path in [*files, *modules]:
        name = path.relative_to(package_dir) if path.is_relative_to(package_dir) else path.name
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load(
    directory: Path, key: str, names: frozenset[str]
) -> dict[str, dict[str, list[str]]] | None:
    """The cached tables for ``key``, or None if absent or not the expected shape."""
    path = directory / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not _well_formed(entry, key, names):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used
    return entry["tables"]


def store(directory: Path, key: str, tables: dict[str, dict[str, list[str]]]) -> None:
    """Write ``tables`` under ``key`` (quietly skipped if the directory is not writable)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(
                {"format": _FORMAT, "key": key, "tables": tables},
                out,
                ensure_ascii=False,
                separators=(",", ":"),
            )
        os.replace(tmp, directory / f"{key}.json")
    except OSError:
        return
    _prune(directory)


def _well_formed(entry: Any, key: str, names: frozenset[str]) -> bool:
    if not isinstance(entry, dict) or entry.get("format") != _FORMAT or entry.get("key") != key:
        return False
    tables = entry.get("tables")
    if not isinstance(tables, dict) or set(tables) != names:
        return False
    for columns in tables.values():
        if not isinstance(columns, dict) or not columns:
            return False
        lengths = set()
        for values in columns.values():
            if not isinstance(values, list) or not all(
                v is None or isinstance(v, str) for v in values
            ):
                return False
            lengths.add(len(values))
        if len(lengths) != 1:
            return False
    return True


def _prune(directory: Path) -> None:
    with contextlib.suppress(OSError):
        entries = sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
