"""A cache of calibrated cell values, so that a repeated simulation skips the raking.

Calibration takes seconds whatever the scale, and its result is a pure function of its inputs:
the prior cell table (which follows from the targets, years and seed), the constraints (which
follow from the targets), the code of ``calibrate`` and the numerical library doing the sums.
The cache key is a hash of exactly those inputs: every prior array and every constraint's
indices and bounds byte for byte, the source of the calibration module, the numpy version and
the machine type. So a cached entry is used only where calibrating again would compute the same
numbers, and the simulated files are byte-identical with or without the cache.

A loaded entry is still checked before use: it must have the cells' shape, be finite and not
negative, and meet every constraint; anything else (a damaged or foreign file) is ignored and
the calibration runs. Entries are written atomically (temporary file, then rename), so
concurrent simulations can share a directory, and only the most recently used ``KEEP`` entries
are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from tradestat.cache import cache_dir
from tradestat.simulate import calibrate as calibrate_module
from tradestat.simulate.calibrate import Constraint, calibrate
from tradestat.simulate.cells import CellTable

__all__ = ["KEEP", "cache_key", "calibrate_cached", "default_cache_dir"]

KEEP = 32  # entries (about 0.5 MB each for the Xinjiang targets)
_FORMAT = b"tradestat.simulate calibration cache 1"
_CELL_FIELDS = ("month", "flow", "partner", "cluster", "egroup", "mode", "value")


def default_cache_dir() -> Path:
    """The ``simulate-calibration`` folder of tradestat's cache (see ``tradestat.cache``)."""
    return cache_dir("simulate-calibration")


def _array(h: hashlib._Hash, arr: np.ndarray | None) -> None:
    if arr is None:
        h.update(b"none")
        return
    arr = np.ascontiguousarray(arr)
    h.update(f"{arr.dtype.str}{arr.shape}".encode())
    h.update(arr.tobytes())


def cache_key(cells: CellTable, constraints: Sequence[Constraint], max_sweeps: int) -> str:
    """Hash of everything ``calibrate`` reads (see the module docstring)."""
    h = hashlib.sha256(_FORMAT)
    h.update(Path(calibrate_module.__file__).read_bytes())
    h.update(f"numpy {np.__version__} {platform.machine()} sweeps {max_sweeps}".encode())
    for name in _CELL_FIELDS:
        h.update(name.encode())
        _array(h, getattr(cells, name))
    for c in constraints:
        h.update(f"{c.target_id}\0{c.kind}\0{float(c.lo).hex()}\0{float(c.hi).hex()}".encode())
        _array(h, c.a)
        _array(h, c.b)
    return h.hexdigest()


def _load(
    path: Path, cells: CellTable, constraints: Sequence[Constraint]
) -> tuple[np.ndarray, int] | None:
    """The cached values and sweep count, or None if absent or not usable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            value = np.array(data["value"], dtype=np.float64)
            sweeps = int(data["sweeps"])
    except (OSError, KeyError, ValueError):
        return None
    if value.shape != cells.value.shape or not np.isfinite(value).all() or (value < 0).any():
        return None
    if not all(c.ok(value) for c in constraints):
        return None
    return value, sweeps


def _store(directory: Path, path: Path, value: np.ndarray, sweeps: int) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, value=value, sweeps=np.int64(sweeps))
        os.replace(tmp, path)
        entries = sorted(directory.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return  # a cache that cannot be written only costs time


def calibrate_cached(
    cells: CellTable,
    constraints: Sequence[Constraint],
    cache_dir: Path | None,
    *,
    max_sweeps: int = 4000,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, bool]:
    """``calibrate`` through the cache in ``cache_dir`` (None: no cache).

    Sets ``cells.value`` in place like ``calibrate``; returns (sweeps, whether the values came
    from the cache).
    """
    if cache_dir is None:
        return calibrate(cells, constraints, max_sweeps=max_sweeps, progress=progress), False
    path = cache_dir / f"{cache_key(cells, constraints, max_sweeps)}.npz"
    hit = _load(path, cells, constraints)
    if hit is not None:
        cells.value[:] = hit[0]
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used
        return hit[1], True
    sweeps = calibrate(cells, constraints, max_sweeps=max_sweeps, progress=progress)
    _store(cache_dir, path, cells.value, sweeps)
    return sweeps, False
