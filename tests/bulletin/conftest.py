"""A sample Xinjiang warehouse and its rendered 2025 bulletin, built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tradestat.bulletin.build import build_bulletin
from tradestat.bulletin.document import Document
from tradestat.bulletin.render import render
from tradestat.sample_warehouse import build_sample_warehouse
from tradestat.session import connect
from tradestat.simulate import SimulationConfig

#: Small enough to simulate and load in seconds; every Xinjiang target still holds at this
#: scale (tests/simulate/test_calibration.py checks it independently).
SCALE = 150_000


@dataclass(frozen=True)
class SampleWarehouse:
    path: Path
    groups: Path


@dataclass(frozen=True)
class Rendered:
    documents: dict[str, Document]
    files: dict[str, dict[str, Path]]


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> SampleWarehouse:
    folder = tmp_path_factory.mktemp("bulletin-sample")
    built = build_sample_warehouse(
        SimulationConfig(out=folder / "sim", targets="xinjiang", scale=SCALE, seed=7),
        folder / "sample.duckdb")
    assert built.simulation.report.passed, built.simulation.report.summary()
    assert built.simulation.country_groups is not None
    return SampleWarehouse(folder / "sample.duckdb", built.simulation.country_groups)


@pytest.fixture(scope="session")
def bulletin_2025(sample_warehouse: SampleWarehouse,
                  tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("bulletin-2025")
    with connect(sample_warehouse.path, country_groups=[sample_warehouse.groups]) as session:
        documents = build_bulletin(session, "65", "2025")
    files = {lang: render(doc, out, ["html", "md"]) for lang, doc in documents.items()}
    return Rendered(documents, files)
