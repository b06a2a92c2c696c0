"""The calibration cache: same bytes as calibrating, used only for the same inputs, never trusted
blindly; and the calibration's own shortcut (runs of cells as slices) changes no sum."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest
from tests.simulate.conftest import SMALL_SCALE

from tradestat.simulate import SimulationConfig, simulate
from tradestat.simulate.calibrate import Constraint, calibrate
from tradestat.simulate.calibration_cache import KEEP, calibrate_cached
from tradestat.simulate.cells import CellTable


def _cells(seed: int = 3, n: int = 400) -> CellTable:
    rng = np.random.default_rng(seed)
    month = np.sort(rng.choice([202401, 202402, 202501, 202502], n)).astype(np.int32)
    small = np.zeros(n, dtype=np.int8)
    return CellTable(
        month,
        rng.integers(0, 2, n).astype(np.int8),
        small.astype(np.int16),
        small,
        small,
        small,
        rng.lognormal(10, 1, n),
    )


def _constraints(cells: CellTable, total: float = 5e7) -> list[Constraint]:
    y2025 = np.flatnonzero(cells.month >= 202501)
    y2024 = np.flatnonzero(cells.month < 202501)
    exports = np.flatnonzero((cells.month >= 202501) & (cells.flow == 0))
    imports = np.flatnonzero((cells.month >= 202501) & (cells.flow == 1))
    return [
        Constraint("total-2025", "sum", y2025, None, total * 0.9995, total * 1.0005),
        Constraint("exports-share", "share", exports, imports, 0.7495, 0.7505),
        Constraint("growth", "ratio", y2025, y2024, 1.1995, 1.2005),
    ]


def _calibrated(seed: int = 3) -> tuple[np.ndarray, int]:
    cells = _cells(seed)
    sweeps = calibrate(cells, _constraints(cells))
    return cells.value, sweeps


def test_a_miss_calibrates_and_a_hit_gives_the_same_numbers(tmp_path: Path) -> None:
    expected, expected_sweeps = _calibrated()
    cells = _cells()
    sweeps, cached = calibrate_cached(cells, _constraints(cells), tmp_path)
    assert not cached and sweeps == expected_sweeps
    assert cells.value.tobytes() == expected.tobytes()
    assert len(list(tmp_path.glob("*.npz"))) == 1
    again = _cells()
    sweeps, cached = calibrate_cached(again, _constraints(again), tmp_path)
    assert cached and sweeps == expected_sweeps
    assert again.value.tobytes() == expected.tobytes()


def test_other_inputs_miss(tmp_path: Path) -> None:
    cells = _cells()
    calibrate_cached(cells, _constraints(cells), tmp_path)
    other_bound = _cells()
    _, cached = calibrate_cached(other_bound, _constraints(other_bound, total=5.1e7), tmp_path)
    assert not cached
    other_prior = _cells(seed=4)
    _, cached = calibrate_cached(other_prior, _constraints(other_prior), tmp_path)
    assert not cached
    assert len(list(tmp_path.glob("*.npz"))) == 3


@pytest.mark.parametrize("damage", ["garbage", "wrong values", "wrong shape", "negative"])
def test_a_damaged_entry_is_ignored(tmp_path: Path, damage: str) -> None:
    expected, _ = _calibrated()
    cells = _cells()
    calibrate_cached(cells, _constraints(cells), tmp_path)
    (entry,) = tmp_path.glob("*.npz")
    if damage == "garbage":
        entry.write_bytes(b"not a cache entry")
    else:
        value = {
            "wrong values": expected * 1.01,
            "wrong shape": expected[:-1],
            "negative": -expected,
        }[damage]
        with entry.open("wb") as f:
            np.savez(f, value=value, sweeps=np.int64(1))
    again = _cells()
    sweeps, cached = calibrate_cached(again, _constraints(again), tmp_path)
    assert not cached and sweeps > 1
    assert again.value.tobytes() == expected.tobytes()


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    for i in range(KEEP + 5):
        stale = tmp_path / f"{i:064x}.npz"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    cells = _cells()
    calibrate_cached(cells, _constraints(cells), tmp_path)
    left = sorted(p.name for p in tmp_path.glob("*.npz"))
    assert len(left) == KEEP
    assert f"{0:064x}.npz" not in left and f"{KEEP + 4:064x}.npz" in left


def test_runs_of_cells_sum_like_fancy_indexing() -> None:
    rng = np.random.default_rng(9)
    x = rng.lognormal(5, 3, 10_000)
    for idx in (np.arange(17, 9_000), np.arange(0, 10_000), np.asarray([3, 4, 5, 7])):
        c = Constraint("t", "sum", idx, None, 0.0, np.inf)
        assert c.level(x) == float(x[idx].sum())  # bitwise: the same floats in the same order
    share = Constraint("s", "share", np.arange(100, 5_000), np.arange(5_000, 9_000), 0, 1)
    a, b = float(x[np.arange(100, 5_000)].sum()), float(x[np.arange(5_000, 9_000)].sum())
    assert share.level(x) == a / (a + b)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def test_a_cached_simulation_writes_the_same_files(
    small_run, calibration_cache: Path, tmp_path: Path
) -> None:
    again = simulate(
        SimulationConfig(
            out=tmp_path / "again", scale=SMALL_SCALE, seed=11, calibration_cache=calibration_cache
        )
    )
    assert again.calibration_cached and not small_run.calibration_cached
    manifest = json.loads((again.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["calibration_cached"] is True
    assert _digest(again.out) == _digest(small_run.out)
