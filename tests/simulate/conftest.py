"""Shared simulations for the simulator tests (each is run once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradestat.simulate import SimulationConfig, SimulationResult, simulate

SMALL_SCALE = 150_000
DEFAULT_SCALE = 1_000_000


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    out = tmp_path_factory.mktemp("sim-small")
    return simulate(SimulationConfig(out=out, scale=SMALL_SCALE, seed=11))


@pytest.fixture(scope="session")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    out = tmp_path_factory.mktemp("sim-default")
    return simulate(SimulationConfig(out=out, scale=DEFAULT_SCALE, seed=0))


def parquet_glob(out: Path) -> str:
    return str(out / "declarations" / "*" / "*.parquet")
