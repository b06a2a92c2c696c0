"""Shared simulations for the simulator tests (each is run once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradestat.simulate import SimulationConfig, SimulationResult, simulate

SMALL_SCALE = 150_000
DEFAULT_SCALE = 1_000_000


@pytest.fixture(scope="session")
def calibration_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A calibration cache of this test session only (empty at first: the session's first run
    of a seed calibrates, so the tests see both computed and cached calibrations)."""
    return tmp_path_factory.mktemp("calibration-cache")


@pytest.fixture(scope="session")
def small_run(
    tmp_path_factory: pytest.TempPathFactory, calibration_cache: Path
) -> SimulationResult:
    out = tmp_path_factory.mktemp("sim-small")
    return simulate(
        SimulationConfig(out=out, scale=SMALL_SCALE, seed=11, calibration_cache=calibration_cache)
    )


@pytest.fixture(scope="session")
def default_run(
    tmp_path_factory: pytest.TempPathFactory, calibration_cache: Path
) -> SimulationResult:
    out = tmp_path_factory.mktemp("sim-default")
    return simulate(
        SimulationConfig(out=out, scale=DEFAULT_SCALE, seed=0, calibration_cache=calibration_cache)
    )


def parquet_glob(out: Path) -> str:
    return str(out / "declarations" / "*" / "*.parquet")
