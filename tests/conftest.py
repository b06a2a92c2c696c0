"""Shared test helpers: fresh warehouses, fixture paths and warehouse snapshots."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tradestat.warehouse import Warehouse

# The code-list and calibration caches go to a folder of this run, not the user's
# ~/.cache/tradestat: tests must not leave files behind, and must not pass only because an
# earlier run (of other code) filled the cache.
if "TRADESTAT_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="tradestat-test-cache-")
    os.environ["TRADESTAT_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "seeds"


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    """A new, empty warehouse in a temporary folder."""
    with Warehouse(tmp_path / "warehouse.duckdb") as wh:
        yield wh


def snapshot(wh: Warehouse) -> dict[str, list[tuple]]:
    """Every row of every warehouse table, sorted: equal snapshots mean an unchanged warehouse."""
    tables = [r[0] for r in wh.con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall()]
    state = {t: sorted(wh.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    state["_sequence"] = wh.con.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences()").fetchall()
    return state
