"""Extraction on texts of the genre beyond the seeds: other regions, the nation, other outlets.

Each text in tests/claims/genre/ was written for this test in our own words, with invented
figures, imitating a kind of source the checker will meet (English wire copy, a daily, a TV
site, a customs district's Chinese release, a provincial government page, a local paper, a
figures list) and the phrasing variants of each. Beside it, a gold file typed by hand from
reading the text, in the format of tests/claims/gold (genre/README.md lists the conventions the
seeds do not show). Scored with the seeds' scorer: precision and recall per text, both >= 95 %.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.claims.test_extract_gold import TARGET, score

from tradestat.claims.extract import extract, read_document

GENRE = Path(__file__).parent / "genre"


def _gold_files() -> list[Path]:
    return sorted(GENRE.glob("*.yaml"))


@pytest.mark.parametrize("gold_file", _gold_files(), ids=lambda p: p.stem)
def test_genre_precision_and_recall(gold_file: Path) -> None:
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    document = read_document(GENRE / gold["document"])
    assert document.published == gold["published"]
    precision, recall, problems = score(gold["figures"], extract(document))
    print(f"{gold['document']}: precision {precision:.1%}, recall {recall:.1%}")
    assert precision >= TARGET and recall >= TARGET, "\n".join(problems)


def test_every_genre_text_has_gold_and_covers_the_regions() -> None:
    texts = {p.name for p in GENRE.glob("*.txt")}
    golds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in _gold_files()]
    assert {g["document"] for g in golds} == texts
    regions = {f.get("region") for g in golds for f in g["figures"]}
    assert {"44", "33", "53", "23", "15", "CN"} <= regions
