"""The five seed reports through extraction and verification, against the simulated Xinjiang
warehouse (sample data calibrated on DOMAIN §15, 100,000 lines) and against each other (the
figures store).

The seeds are read at run time from ../shared/data/corpus/seeds and never copied here; the
surfaces below are the numbers only. The warehouse is built once per session (about 6 s).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from tests.claims.conftest import SEEDS

import tradestat
from tradestat.claims.claim import Claim, Document
from tradestat.claims.consistency import check_document
from tradestat.claims.extract import extract, read_document
from tradestat.claims.figures import FigureStore
from tradestat.claims.verdict import Verdict, overall
from tradestat.claims.verify import verify_claims
from tradestat.cli_claims import _ReferenceRates
from tradestat.session import Session

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS} (shared corpus not mounted)"
)

SEED_FILES = (
    "2023-08-07-xinjiang-h1-2023.txt",
    "chinadaily-2026-01-24-xinjiang-2025.txt",
    "tianshannet-2025-09-xinjiang-opening-up.txt",
    "xinhua-2025-06-19-xinjiang-jan-may.txt",
    "xinhua-2026-01-28-xinjiang-2025.txt",
)

#: The 2025 claims of the two 2026 reports that the sample warehouse (or the text itself, for
#: the dollar conversions and the Belt-and-Road share) must support: (surface, occurrence).
SUPPORTED_2025 = {
    "chinadaily-2026-01-24-xinjiang-2025.txt": [
        ("520.4 billion yuan", 0),
        ("$74.7 billion", 0),
        ("19.9 percent", 0),
        ("the highest growth rate", 0),
        ("25 percent", 0),
        ("460.7 billion yuan", 0),
        ("8.9 percent", 0),
        ("59.6 billion yuan", 0),
        ("1.71 trillion yuan", 0),
        ("88.1 percent", 0),
        ("half", 0),
        ("98.3 percent", 0),
        ("67.4 billion yuan", 0),
        ("12.9 percent", 0),
        ("10 percent", 0),
        ("double-digit", 0),
        ("double-digit", 1),
        ("double-digit", 3),
        ("186.5 billion yuan", 0),
        ("25.4 percent", 0),
        ("92.8 percent", 0),
        ("482.7 billion yuan", 0),
        ("20.1 percent", 0),
    ],
    "xinhua-2026-01-28-xinjiang-2025.txt": [
        ("19.9 percent", 0),
        ("ranking first", 0),
        ("520.37 billion yuan", 0),
        ("74.6 billion U.S. dollars", 0),
    ],
}


#: Simulated declaration lines of the sample warehouse (the demo uses 1,000,000).
SAMPLE_SCALE = 100_000


@pytest.fixture(scope="session")
def sample_session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    from tradestat.sample_warehouse import build_sample_warehouse
    from tradestat.simulate import SimulationConfig

    # Every calibration target holds at any scale the simulator accepts (it refuses one that
    # cannot carry them: about 85,000-90,000 lines for these targets), so the smallest round
    # scale above that is enough. Most of the build is fixed cost (reference tables, eleven
    # loads); the calibration is reused from the simulator's cache when its inputs match.
    folder = tmp_path_factory.mktemp("sample_xj")
    path = folder / "sample.duckdb"
    config = SimulationConfig(out=folder / "sim", targets="xinjiang", scale=SAMPLE_SCALE, seed=2025)
    load = build_sample_warehouse(config, path)
    groups = load.simulation.country_groups
    return tradestat.connect(path, country_groups=[groups] if groups else None)


@functools.cache
def _read(name: str) -> tuple[Document, tuple[Claim, ...]]:
    document = read_document(SEEDS / name)
    return document, tuple(extract(document))


@functools.cache
def _checked(name: str, session: Session) -> tuple[Verdict, ...]:
    document, claims = _read(name)
    return tuple(
        check_document(document, list(claims), _ReferenceRates())
        + verify_claims(session, claims, published=document.published)
    )


def _verdicts(name: str, session: Session, claim: Claim) -> list[Verdict]:
    return [v for v in _checked(name, session) if v.claim_id == claim.id]


@pytest.mark.parametrize("name", SEED_FILES)
def test_no_seed_claim_is_contradicted(name: str, sample_session: Session) -> None:
    _, claims = _read(name)
    assert claims, f"{name}: nothing extracted"
    wrong = [
        f"{c.id} {c.surface!r}: "
        + "; ".join(
            v.reason for v in _verdicts(name, sample_session, c) if v.verdict == "contradicted"
        )
        for c in claims
        if overall(_verdicts(name, sample_session, c)) == "contradicted"
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("name", sorted(SUPPORTED_2025))
def test_2025_claims_of_the_2026_reports_are_supported(name: str, sample_session: Session) -> None:
    _, claims = _read(name)
    failures = []
    for surface, nth in SUPPORTED_2025[name]:
        matches = [c for c in claims if c.surface == surface]
        if len(matches) <= nth:
            failures.append(f"{surface!r} #{nth}: not extracted")
            continue
        verdicts = _verdicts(name, sample_session, matches[nth])
        if overall(verdicts) != "supported":
            failures.append(
                f"{surface!r} #{nth}: {overall(verdicts)}: "
                + "; ".join(f"[{v.check}] {v.reason}" for v in verdicts)
            )
    assert not failures, failures


def test_the_asean_figures_hold_directly(sample_session: Session) -> None:
    # The simulator takes group membership at the period end (Timor-Leste in ASEAN for all of
    # 2025), as the query layer does: no alternative reading is needed.
    name = "chinadaily-2026-01-24-xinjiang-2025.txt"
    _, claims = _read(name)
    for surface in ("67.4 billion yuan", "98.3 percent", "12.9 percent"):
        [claim] = [c for c in claims if c.surface == surface]
        [warehouse] = [v for v in _verdicts(name, sample_session, claim) if v.check == "warehouse"]
        assert warehouse.verdict == "supported" and warehouse.detail in ("rounding", "exact"), (
            surface,
            warehouse.reason,
        )


def test_across_documents_precision_and_conversion_date(tmp_path: Path) -> None:
    # 520.37 (Xinhua) and 520.4 (China Daily) are one figure; 74.6 vs 74.7 billion dollars
    # differ by the conversion date (6.9755 vs 6.9665 yuan per dollar), not by an error.
    xinhua, chinadaily = (
        _read("xinhua-2026-01-28-xinjiang-2025.txt"),
        _read("chinadaily-2026-01-24-xinjiang-2025.txt"),
    )
    with FigureStore(tmp_path / "figures.duckdb") as store:
        for name in SEED_FILES:
            document, claims = _read(name)
            store.add(document, list(claims))
        found = {}
        for (document, claims), other in ((chinadaily, "xinhua"), (xinhua, "chinadaily")):
            surfaces = {c.id: c.surface for c in claims}
            for verdict in store.check(document, list(claims)):
                found.setdefault(surfaces[verdict.claim_id], []).append(verdict)
                assert verdict.verdict != "contradicted", (other, verdict.reason)
    assert [(v.verdict, v.detail) for v in found["520.4 billion yuan"]] == [
        ("supported", "same figure")
    ]
    assert [(v.verdict, v.detail) for v in found["520.37 billion yuan"]] == [
        ("supported", "same figure")
    ]
    assert [(v.verdict, v.detail) for v in found["$74.7 billion"]] == [
        ("supported", "conversion date")
    ]
    assert [(v.verdict, v.detail) for v in found["74.6 billion U.S. dollars"]] == [
        ("supported", "conversion date")
    ]
