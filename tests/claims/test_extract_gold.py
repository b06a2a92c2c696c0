"""Extraction against hand-typed gold annotations of the five seed reports (tests/claims/gold).

Precision = correct claims / claims extracted, recall = correct claims / gold figures, per
document; both must reach 95 %. Scoring rules are in gold/README.md.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tradestat.claims.claim import Claim
from tradestat.claims.extract import extract, read_document
from tradestat.claims.extract.numbers import Mention

GOLD = Path(__file__).parent / "gold"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "corpus" / "seeds"
TARGET = 0.95

_TRADE_SLOTS = ("indicator", "value", "unit", "power", "qualifiers", "region", "period", "flow",
                "slice", "direction", "denominator", "reference", "converts", "unresolved",
                "measure", "about")
_OTHER_SLOTS = ("indicator", "value", "unit", "power", "qualifiers", "converts", "about")


def _slots(claim: Claim) -> dict[str, Any]:
    measure = claim.measure if claim.indicator == "count" or claim.measure in (
        "enterprises", "partners") else None
    return {
        "indicator": claim.indicator, "value": claim.quantity.value, "unit": claim.quantity.unit,
        "power": claim.quantity.power, "qualifiers": frozenset(claim.qualifiers),
        "region": claim.region, "period": str(claim.period) if claim.period else None,
        "flow": claim.flow, "slice": dict(claim.slice), "direction": claim.direction,
        "denominator": claim.denominator, "reference": claim.reference,
        "converts": claim.converts is not None, "unresolved": claim.unresolved is not None,
        "measure": measure, "about": "trade" if claim.about == "trade" else "other",
    }


def _expected(figure: dict[str, Any]) -> dict[str, Any]:
    return {
        "indicator": figure["indicator"], "value": Decimal(str(figure["value"])),
        "unit": figure["unit"], "power": figure.get("power", 0),
        "qualifiers": frozenset(figure.get("qualifiers", [])),
        "region": figure.get("region"), "period": figure.get("period"),
        "flow": figure.get("flow", "total"), "slice": figure.get("slice", {}),
        "direction": figure.get("direction"), "denominator": figure.get("denominator"),
        "reference": figure.get("reference"), "converts": figure.get("converts", False),
        "unresolved": figure.get("unresolved", False), "measure": figure.get("measure"),
        "about": figure.get("about", "trade"),
    }


def _key(claim: Claim) -> str:
    return Mention(0, 0, claim.quantity.surface, claim.quantity.value, 0, 0, None).number


def _matches(number: str, claim: Claim) -> bool:
    key = _key(claim)
    return key == number or (not number[0].isdigit() and number in claim.quantity.surface)


def _agree(gold: dict[str, Any], got: dict[str, Any]) -> list[str]:
    slots = _TRADE_SLOTS if gold["about"] == "trade" else _OTHER_SLOTS
    return [f"{s}: gold {gold[s]!r}, got {got[s]!r}" for s in slots if gold[s] != got[s]]


def score(figures: list[dict[str, Any]], claims: list[Claim]
          ) -> tuple[float, float, list[str]]:
    """Pair gold figures with claims in text order by their number; count full agreement."""
    unused = list(claims)
    correct, problems = 0, []
    for figure in figures:
        gold = _expected(figure)
        candidates = [c for c in unused if _matches(str(figure["number"]), c)]
        if not candidates:
            problems.append(f"missed {figure['number']} ({figure['indicator']})")
            continue
        best = min(candidates, key=lambda c: len(_agree(gold, _slots(c))))
        unused.remove(best)
        wrong = _agree(gold, _slots(best))
        if wrong:
            problems.append(f"{figure['number']} ({figure['indicator']}): " + "; ".join(wrong))
        else:
            correct += 1
    problems += [f"extra claim {c.quantity.surface!r} ({c.indicator})" for c in unused]
    precision = correct / len(claims) if claims else 1.0
    recall = correct / len(figures) if figures else 1.0
    return precision, recall, problems


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.yaml"))


@pytest.mark.parametrize("gold_file", _gold_files(), ids=lambda p: p.stem)
def test_seed_precision_and_recall(gold_file: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS} (shared data folder absent)")
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    document = read_document(SEEDS / gold["document"])
    assert document.published == gold["published"]
    precision, recall, problems = score(gold["figures"], extract(document))
    print(f"{gold['document']}: precision {precision:.1%}, recall {recall:.1%}")
    assert precision >= TARGET and recall >= TARGET, "\n".join(problems)


def test_every_seed_has_gold() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS} (shared data folder absent)")
    annotated = {yaml.safe_load(p.read_text(encoding="utf-8"))["document"] for p in _gold_files()}
    assert annotated == {p.name for p in SEEDS.glob("*.txt")}


def test_scorer_counts_a_wrong_slot_and_an_extra_claim() -> None:
    """The scorer itself can fail: one wrong direction and one extra claim lower both scores."""
    document = read_document("Exports rose 25 percent to 460.7 billion yuan in 2025. "
                             "Imports fell 8.9 percent.", date="2026-01-20")
    claims = extract(document)
    figures = [
        {"number": "25", "indicator": "yoy", "value": "25", "unit": "percent", "direction": -1,
         "region": None, "period": "2025", "flow": "export"},
        {"number": "460.7", "indicator": "value", "value": "460.7", "unit": "CNY", "power": 9,
         "region": None, "period": "2025", "flow": "export"},
    ]
    precision, recall, problems = score(figures, claims)
    assert (precision, recall) == (1 / 3, 1 / 2)
    assert any("direction" in p for p in problems) and any("extra" in p for p in problems)
