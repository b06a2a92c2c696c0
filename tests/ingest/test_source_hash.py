"""The content hash computed in the background: the same digest as hashing the bytes at once,
duplicates still found, and files of the same size but other content still loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from tradestat.ingest import IngestOptions, open_source
from tradestat.ingest.source import SourceFile, sha256_of
from tradestat.warehouse import Warehouse


@pytest.mark.parametrize("size", [0, 1, 1000, (1 << 24) + 17])
def test_the_digest_is_the_digest_of_the_bytes(tmp_path: Path, size: int) -> None:
    path = tmp_path / "data.bin"
    content = bytes((i * 7919) % 251 for i in range(min(size, 4096))) * (size // 4096 + 1)
    path.write_bytes(content[:size])
    expected = hashlib.sha256(content[:size]).hexdigest()
    assert sha256_of(path) == expected
    assert SourceFile.open(path).sha256 == expected


def test_same_content_is_a_duplicate_and_same_size_other_content_is_not(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    original = (FIXTURES / "gacc" / "exports_65_partner_utf8.csv").read_text(encoding="utf-8")
    first, copy, other = (tmp_path / f"exports_{n}.csv" for n in ("a", "b", "c"))
    first.write_text(original, encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    # One digit changed: the same number of bytes, another value.
    changed = original.replace('"1,250,000,000"', '"1,250,000,001"')
    assert changed != original and len(changed.encode()) == len(original.encode())
    other.write_text(changed, encoding="utf-8")
    options = IngestOptions(format="gacc", flow="export")
    reports = [warehouse.load(open_source(p, options)) for p in (first, copy, other)]
    assert [r.status for r in reports] == ["loaded", "duplicate", "loaded"]
    assert reports[1].load_id == reports[0].load_id
    digests = warehouse.con.execute("SELECT source_sha256 FROM loads ORDER BY load_id").fetchall()
    assert digests == [
        (hashlib.sha256(first.read_bytes()).hexdigest(),),
        (hashlib.sha256(other.read_bytes()).hexdigest(),),
    ]
