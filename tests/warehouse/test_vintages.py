"""Vintages: a revised re-load keeps both versions; "as of" reads return the old numbers exactly;
loads are atomic even when the process is killed mid-load."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import snapshot

from tradestat.errors import WarehouseError
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

HEADER = '"数据年月","贸易伙伴编码","注册地编码","人民币",'


def _write(path: Path, values: dict[tuple[int, str], int]) -> Path:
    lines = [HEADER] + [f'"{m}","{p}","65","{v:,}",' for (m, p), v in sorted(values.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load(wh: Warehouse, path: Path, vintage: str):
    return wh.load(
        open_source(path, IngestOptions(format="gacc", flow="export")),
        vintage=dt.date.fromisoformat(vintage),
    )


def _by_month(rel) -> dict[int, Decimal]:
    return dict(rel.aggregate("month, sum(value_cny)", "month").order("month").fetchall())


FIRST = {
    (202401, "145"): 100,
    (202401, "146"): 50,
    (202402, "145"): 120,
    (202402, "146"): 60,
    (202403, "145"): 130,
}
REVISED = {(202401, "145"): 90, (202401, "146"): 45, (202402, "145"): 125}


def test_revision_keeps_both_vintages(tmp_path: Path, warehouse: Warehouse) -> None:
    first = _load(warehouse, _write(tmp_path / "v1.csv", FIRST), "2024-04-10")
    second = _load(warehouse, _write(tmp_path / "v2.csv", REVISED), "2024-05-18")
    assert (first.revised_cells, second.cells, second.revised_cells) == (0, 2, 2)
    # Latest vintage: Jan and Feb from the revision (Feb's 146 row is gone with the revised cell),
    # March untouched from the first release.
    assert _by_month(warehouse.records()) == {
        202401: Decimal("135.00"),
        202402: Decimal("125.00"),
        202403: Decimal("130.00"),
    }
    # As of a date between the two releases: exactly the first numbers.
    assert _by_month(warehouse.records(as_of=dt.date(2024, 5, 1))) == {
        202401: Decimal("150.00"),
        202402: Decimal("180.00"),
        202403: Decimal("130.00"),
    }
    # Before anything was published: nothing.
    assert _by_month(warehouse.records(as_of=dt.date(2024, 1, 1))) == {}
    # Both vintages are stored: all 8 rows are still in the records table.
    assert warehouse.con.execute("SELECT count(*) FROM records").fetchall()[0][0] == 8


def test_older_vintage_loaded_later_does_not_override(tmp_path: Path, warehouse: Warehouse) -> None:
    _load(warehouse, _write(tmp_path / "v2.csv", REVISED), "2024-05-18")
    _load(warehouse, _write(tmp_path / "v1.csv", FIRST), "2024-04-10")
    current = _by_month(warehouse.records())
    assert current[202401] == Decimal("135.00")  # the May revision stays in force
    assert current[202403] == Decimal("130.00")  # March only exists in the April release


def test_other_flows_and_regions_are_separate_cells(tmp_path: Path, warehouse: Warehouse) -> None:
    path = _write(tmp_path / "v1.csv", FIRST)
    warehouse.load(
        open_source(path, IngestOptions(format="gacc", flow="export")), vintage=dt.date(2024, 4, 10)
    )
    report = warehouse.load(
        open_source(path, IngestOptions(format="gacc", flow="import")), vintage=dt.date(2024, 4, 10)
    )
    assert report.status == "loaded" and report.revised_cells == 0
    flows = warehouse.records().aggregate("flow, count(*)", "flow").order("flow").fetchall()
    assert flows == [("export", 5), ("import", 5)]


def test_missing_warehouse_read_only_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="no warehouse"):
        Warehouse(tmp_path / "absent.duckdb", read_only=True)


_KILL_SCRIPT = """
import sys, time, pathlib
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse
wh = Warehouse(sys.argv[1])
stream = open_source(sys.argv[2], IngestOptions(format="gacc", flow="export"))
def on_batch(rows):
    pathlib.Path(sys.argv[3]).write_text("inserting")
    time.sleep(60)
wh.load(stream, on_batch=on_batch)
"""


def test_killed_process_leaves_warehouse_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        _load(wh, _write(tmp_path / "v1.csv", FIRST), "2024-04-10")
        before = snapshot(wh)
    big = {(202300 + m, str(p)): m * p for m in range(1, 13) for p in range(101, 150)}
    signal_file = tmp_path / "started"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _KILL_SCRIPT,
            str(db),
            str(_write(tmp_path / "big.csv", big)),
            str(signal_file),
        ]
    )
    try:
        deadline = time.monotonic() + 60
        while not signal_file.exists():
            assert proc.poll() is None, "the loader exited before inserting"
            assert time.monotonic() < deadline, "the loader never started inserting"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with Warehouse(db) as wh:
        assert snapshot(wh) == before
