"""The disk cache of the validation code lists: same tables as building them, a new key when any
reference file or builder changes, damaged entries ignored, no cache directory no problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tradestat import reference
from tradestat.ingest import engine, refcache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRADESTAT_CACHE_DIR", str(tmp_path / "cache"))
    engine.reference_tables.cache_clear()
    yield tmp_path / "cache" / "reference-tables"
    engine.reference_tables.cache_clear()


def test_cached_tables_are_the_built_tables(cache_dir: Path) -> None:
    first = engine.reference_tables()  # built, then written
    assert len(list(cache_dir.glob("*.json"))) == 1
    engine.reference_tables.cache_clear()
    second = engine.reference_tables()  # read back
    assert second == first == engine.build_reference_tables()
    # Spot checks against the code lists themselves.
    assert "65" in second["ref_region"]["code"]
    assert len(second["ref_hs"]["code"]) == len(second["ref_hs"]["edition"]) > 10_000


def test_any_changed_reference_file_changes_the_key(tmp_path: Path) -> None:
    package = tmp_path / "reference"
    shutil.copytree(
        Path(reference.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    builder = tmp_path / "engine.py"
    builder.write_text("builder 1", encoding="utf-8")
    key = refcache.fingerprint(package, [builder])
    assert refcache.fingerprint(package, [builder]) == key
    data = package / "data" / "authored" / "provinces.csv"
    original = data.read_bytes()
    data.write_bytes(original + b"\n")
    assert refcache.fingerprint(package, [builder]) != key
    data.write_bytes(original)
    builder.write_text("builder 2", encoding="utf-8")
    assert refcache.fingerprint(package, [builder]) != key


@pytest.mark.parametrize("damage", ["not json", '{"format": "other"}', "truncated"])
def test_a_damaged_entry_is_ignored_and_rebuilt(cache_dir: Path, damage: str) -> None:
    expected = engine.reference_tables()
    engine.reference_tables.cache_clear()
    (entry,) = cache_dir.glob("*.json")
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text[: len(text) // 2] if damage == "truncated" else damage, encoding="utf-8")
    assert engine.reference_tables() == expected


def test_an_entry_of_another_shape_is_ignored(cache_dir: Path) -> None:
    expected = engine.reference_tables()
    engine.reference_tables.cache_clear()
    (entry,) = cache_dir.glob("*.json")
    key = entry.stem
    tables = {name: dict(columns) for name, columns in expected.items()}
    tables["ref_hs"]["code"] = tables["ref_hs"]["code"][:-1]  # columns of unequal length
    refcache.store(cache_dir, key, tables)
    assert refcache.load(cache_dir, key, engine.TABLE_NAMES) is None
    assert engine.reference_tables() == expected


def test_without_a_writable_cache_directory_it_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("TRADESTAT_CACHE_DIR", str(blocker))
    engine.reference_tables.cache_clear()
    try:
        assert engine.reference_tables() == engine.build_reference_tables()
    finally:
        engine.reference_tables.cache_clear()
