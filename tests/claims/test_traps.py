"""DOMAIN §16 traps and Chinese release phrasing, end to end: our own texts (tests/claims/texts)
through the real extractor, the consistency checks, the warehouse of conftest.py and the
figures store. Every expected verdict follows from the arithmetic in conftest.py's docstring.

A case the extractor gets wrong is ``xfail(strict=True)`` naming the wrong slot, so it shows up
in every run and turns into a failure (to be unmarked) the day the extractor is fixed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.claims.conftest import TEXTS

from tradestat.claims.claim import Claim, Document
from tradestat.claims.consistency import check_document
from tradestat.claims.extract import extract, read_document
from tradestat.claims.figures import FigureStore
from tradestat.claims.verdict import Verdict, headline, overall
from tradestat.claims.verify import verify_claims
from tradestat.cli_claims import _ReferenceRates
from tradestat.session import Session


@dataclass(frozen=True)
class Case:
    file: str
    surface: str  # the number's exact surface in the text
    verdict: str  # expected overall verdict (consistency + warehouse)
    detail: str | None = None  # a word the deciding check's detail must contain
    nth: int = 0  # which occurrence of the surface
    xfail: str | None = None

    def param(self) -> object:
        marks = [pytest.mark.xfail(strict=True, reason=self.xfail)] if self.xfail else []
        return pytest.param(self, marks=marks, id=f"{self.file[:-4]}:{self.surface}:{self.nth}")


CASES = [
    # §16.1 revised base: the first-published level is off by a revision, not an error.
    Case("zh-2024-03-first-published.txt", "210亿元", "unverifiable", "revision or error"),
    Case("zh-2025-03-revised-base.txt", "236亿元", "supported", "exact"),
    Case("zh-2025-03-revised-base.txt", "18%", "supported"),
    # §16.2 a round figure that only holds as "over X"; the reading is named.
    Case("en-2025-07-round-figure.txt", "70 billion yuan", "supported", "lower bound"),
    Case("en-2025-07-round-figure.txt", "18 percent", "supported"),
    # §16.3 a typing slip in the total, caught by the parts and by the warehouse.
    Case("en-2025-03-typo.txt", "32.6 billion yuan", "contradicted"),
    # "In January and February 2025" is the two-month cumulative 2025-YTD02, not January.
    Case("en-2025-03-typo.txt", "20 billion yuan", "supported", "exact"),
    Case("en-2025-03-typo.txt", "3.6 billion yuan", "supported", "exact"),
    # §16.4 a growth rate that does not fit the level (the store test below adds the base).
    Case("en-2025-12-wrong-growth.txt", "129.8 billion yuan", "supported"),
    Case("en-2025-12-wrong-growth.txt", "1.3 percent", "contradicted", "value"),
    # §16.5 a January-November figure passed off as the full year.
    Case("zh-2025-12-ca5-jan-nov.txt", "1023亿元", "supported"),
    Case("zh-2026-01-ca5-full-year.txt", "1023亿元", "contradicted"),
    # §16.6 no date anywhere: "the first four months" of which year is unknown.
    Case("en-undated-blog.txt", "47.2 billion yuan", "unverifiable"),
    Case("en-undated-blog.txt", "18 percent", "unverifiable"),
    # §16.7 the page says 2017, the text says 2025: the text wins.
    Case("en-2017-misdated-page.txt", "23.6 billion yuan", "supported"),
    Case("en-2017-misdated-page.txt", "18 percent", "supported"),
    # §16.8 a dollar figure converted at the publication-day rate is a convention.
    Case(
        "en-2026-01-conversion.txt",
        "20.3 billion U.S. dollars",
        "supported",
        "publication-day rate",
    ),
    Case("en-2026-01-conversion.txt", "141.6 billion yuan", "supported"),
    # §16.10 a share on the rounding edge (33.7 / 260.2 = 12.95 %, naively 13.0).
    Case("en-2024-01-borderline-share-2.txt", "12.9 percent", "supported", "share"),
    # "its total foreign trade of 260.2 billion yuan" is the region's total (no ASEAN slice);
    # the warehouse has no 2023, so the share's consistency check is what decides the text.
    Case("en-2024-01-borderline-share.txt", "260.2 billion yuan", "unverifiable"),
    Case("en-2024-01-borderline-share.txt", "12.9 percent", "supported", "share"),
    # §16.11 trade through the ports is another region basis.
    Case("en-2026-01-ports.txt", "291.5 billion yuan", "unverifiable", "port basis"),
    # §16.12 enterprises with records (registered ones are not extracted as a trade count).
    Case("en-2026-01-enterprises.txt", "3", "supported"),
    # §16.13 returned goods (4561) are not border small-amount trade (4019).
    Case("zh-2026-01-border-small.txt", "900亿元", "supported"),
    Case("zh-2026-01-border-small.txt", "25%", "supported"),
    Case("en-2026-01-returned-goods.txt", "92.4 billion yuan", "contradicted"),
    # §16.14 no Belt-and-Road list in the model: unverifiable, never a contradiction.
    Case("en-2026-01-belt-and-road.txt", "88 percent", "unverifiable"),
    # §16.15 Shaanxi (61) second by growth, Shanxi (14) third.
    Case("zh-2026-01-shanxi.txt", "居全国第二位", "supported", nth=0),
    Case("zh-2026-01-shanxi.txt", "居全国第二位", "contradicted", nth=1),
    Case("en-2026-01-gap-rank.txt", "ranked second", "supported"),
    # §16.16 the single month is read as the month, the cumulative as the cumulative.
    Case("zh-2025-06-ytd-release.txt", "118亿元", "supported", "exact"),
    Case("zh-2025-06-ytd-release.txt", "590亿元", "supported"),
    # §16.17 percentage points are a gap (14.986 pp), not a growth rate (18 %).
    Case("en-2026-01-gap-rank.txt", "15.0 percentage points", "supported", "rounding"),
    Case("zh-2026-01-full-year.txt", "15个百分点", "supported"),
    # §16.18 contribution (拉动, pp) is not contribution rate (贡献率, %).
    Case("zh-2026-01-full-year.txt", "16个百分点", "supported"),
    # 贡献率: private 19.2 of the total's 21.6 billion increase = 88.89 %.
    Case("zh-2026-01-full-year.txt", "88.9%", "supported", "rounding"),
    # §16.19 the largest partner is the partner's rank among the region's partners.
    Case("en-2026-01-largest-partner.txt", "largest trading partner", "supported", nth=0),
    Case("en-2026-01-largest-partner.txt", "largest trading partner", "contradicted", nth=1),
    # A part the model has no member for (手机), a city (乌鲁木齐市) and a growth rate compared with
    # an earlier period's are never checked against the region's whole trade or the nation.
    Case("zh-2026-01-parts-not-whole.txt", "12亿元", "unverifiable"),
    Case("zh-2026-01-parts-not-whole.txt", "300亿元", "unverifiable"),
    Case("zh-2026-01-parts-not-whole.txt", "216亿元", "supported", "exact"),
    Case("zh-2026-01-parts-not-whole.txt", "0.5个百分点", "unverifiable", "earlier-period rate"),
    # 环比 is growth on November (0 % here), not on December 2024 (+18 %): never checked as yoy.
    Case("zh-2026-01-parts-not-whole.txt", "118亿元", "supported", "exact"),
    Case("zh-2026-01-parts-not-whole.txt", "5%", "unverifiable"),
    # Growth "in U.S. dollar terms" is growth of the dollar values (here 25 % within rounding:
    # the warehouse's dollars are its yuan / 7 to the cent).
    Case("en-2026-01-dollar-growth.txt", "25 percent", "supported", "rounding"),
    # Chinese release phrasing: 1-5月 / 前5个月 / 5月当月, 同比增长 / 下降, 占…的, 拉动, 高于全国,
    # 居全国第…位.
    Case("zh-2025-06-ytd-release.txt", "18%", "supported"),
    Case("zh-2025-06-ytd-release.txt", "15.0个百分点", "supported"),
    Case("zh-2025-06-ytd-release.txt", "居全国第一位", "supported"),
    Case("zh-2025-06-ytd-release.txt", "500亿元", "supported"),
    Case("zh-2025-06-ytd-release.txt", "25%", "supported"),
    Case("zh-2025-06-ytd-release.txt", "90亿元", "supported"),
    Case("zh-2025-06-ytd-release.txt", "10%", "supported"),
    Case("zh-2025-06-ytd-release.txt", "465亿元", "supported"),
    Case("zh-2025-06-ytd-release.txt", "78.8%", "supported"),
    Case("zh-2025-06-ytd-release.txt", "505亿元", "supported"),
    Case("zh-2025-06-ytd-release.txt", "18.8%", "supported"),
    Case("zh-2025-06-ytd-release.txt", "16.0个百分点", "supported"),
    # 上半年 with 比去年同期.
    Case("zh-2025-07-half-year.txt", "708亿元", "supported"),
    # 比去年同期 is the comparison base, not a period: 2025H1 holds for the claims after it.
    Case("zh-2025-07-half-year.txt", "18%", "supported"),
    Case("zh-2025-07-half-year.txt", "450亿元", "supported"),
    Case("zh-2025-07-half-year.txt", "0.45万亿元", "supported"),
    # 前三季度, 首次突破, 占…的.
    Case("zh-2025-10-three-quarters.txt", "1062亿元", "supported"),
    Case("zh-2025-10-three-quarters.txt", "18%", "supported"),
    Case("zh-2025-10-three-quarters.txt", "72亿元", "supported"),
    Case("zh-2025-10-three-quarters.txt", "70亿元", "supported", "lower bound"),
    # 增长60% is the ASEAN growth (0.8 vs 0.5 a month), not the threshold after it; the level
    # beside 首次突破 is a plain level; exports 900 of 1062 are 84.7 % of the total.
    Case("zh-2025-10-three-quarters.txt", "60%", "supported", "exact"),
    Case("zh-2025-10-three-quarters.txt", "84.7%", "supported", "rounding"),
    # 全年, 万亿元, 首次突破 true and false.
    Case("zh-2026-01-full-year.txt", "1416亿元", "supported"),
    Case("zh-2026-01-full-year.txt", "18%", "supported"),
    Case("zh-2026-01-full-year.txt", "居全国第一位", "supported"),
    Case("zh-2026-01-full-year.txt", "10%", "supported"),
    Case("zh-2026-01-full-year.txt", "90亿元", "supported", "lower bound"),
    Case("zh-2026-01-full-year.txt", "50亿元", "contradicted", "not first time"),
    Case("zh-2026-01-full-year.txt", "0.90万亿元", "supported", "rounding"),
]


@functools.cache
def _read(file: str) -> tuple[Document, tuple[Claim, ...]]:
    document = read_document(TEXTS / file)
    return document, tuple(extract(document))


@pytest.fixture(scope="module")
def rates() -> _ReferenceRates:
    return _ReferenceRates()


@functools.cache
def _checked(file: str, session: Session, rates: _ReferenceRates) -> tuple[Verdict, ...]:
    document, claims = _read(file)
    return tuple(
        check_document(document, list(claims), rates)
        + verify_claims(session, claims, published=document.published)
    )


def _claim(file: str, surface: str, nth: int) -> Claim:
    matches = [c for c in _read(file)[1] if c.surface == surface]
    assert len(matches) > nth, (
        f"{file}: no claim {surface!r} (occurrence {nth}); extracted: "
        f"{[c.surface for c in _read(file)[1]]}"
    )
    return matches[nth]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_trap_text_gets_the_right_verdict(
    case: Case, trap_session: Session, rates: _ReferenceRates
) -> None:
    claim = _claim(case.file, case.surface, case.nth)
    verdicts = [v for v in _checked(case.file, trap_session, rates) if v.claim_id == claim.id]
    reasons = "; ".join(f"[{v.check}] {v.verdict} ({v.detail}): {v.reason}" for v in verdicts)
    assert overall(verdicts) == case.verdict, reasons
    if case.detail is not None:
        decisive = headline(verdicts)
        assert decisive is not None and case.detail in (decisive.detail or ""), reasons


def test_every_trap_text_is_used_and_dated_in_its_header() -> None:
    """Each text in texts/ has a case, and all but the undated one carry a date: header."""
    used = {c.file for c in CASES} | set(_STORE_TEXTS) | {"en-2026-01-provinces-count.txt"}
    files = {p.name for p in TEXTS.glob("*.txt")}
    assert files == used
    for name in files - {"en-undated-blog.txt"}:
        assert (TEXTS / name).read_text(encoding="utf-8").startswith("date: "), name


def test_provinces_faster_than_the_nation_is_not_a_trade_figure(
    trap_session: Session, rates: _ReferenceRates
) -> None:
    # §16.20 "17 provinces grew faster than the nation": no province table for it; at most
    # unverifiable, never checked against a trade value.
    verdicts = _checked("en-2026-01-provinces-count.txt", trap_session, rates)
    assert all(v.verdict != "contradicted" for v in verdicts)


def test_registered_enterprises_are_not_checked_as_enterprises_with_records(
    trap_session: Session, rates: _ReferenceRates
) -> None:
    # §16.12: "1,530 registered" must not be compared with the 3 enterprises with records.
    claims = [c for c in _read("en-2026-01-enterprises.txt")[1] if c.surface.startswith("1,530")]
    verdicts = [
        v
        for v in _checked("en-2026-01-enterprises.txt", trap_session, rates)
        if v.claim_id in {c.id for c in claims}
    ]
    assert all(v.verdict == "unverifiable" for v in verdicts)


# -- across texts: the figures store ---------------------------------------------------------
_STORE_TEXTS = ("en-2024-12-jan-nov.txt", "en-2024-01-precise.txt", "en-2024-01-rounded.txt")


def _store_check(tmp_path: Path, earlier: list[str], later: str) -> dict[str, Verdict]:
    with FigureStore(tmp_path / "figures.duckdb") as store:
        for file in earlier:
            document, claims = _read(file)
            store.add(document, list(claims))
        document, claims = _read(later)
        verdicts = store.check(document, list(claims))
    by_surface = {c.id: c.surface for c in claims}
    return {by_surface[v.claim_id]: v for v in verdicts}


def test_growth_against_a_first_published_base_is_revision_or_error(tmp_path: Path) -> None:
    # §16.1: 236 / 1.18 = 200 against the 210 published a year earlier: -4.8 %, within revisions.
    found = _store_check(
        tmp_path, ["zh-2024-03-first-published.txt"], "zh-2025-03-revised-base.txt"
    )
    assert (found["18%"].verdict, found["18%"].detail) == ("unverifiable", "revision or error")


def test_growth_that_does_not_fit_the_published_base_is_contradicted(tmp_path: Path) -> None:
    # §16.4: 129.8 / 0.987 = 131.5 against the 110 published a year earlier: +19.6 %.
    found = _store_check(tmp_path, ["en-2024-12-jan-nov.txt"], "en-2025-12-wrong-growth.txt")
    assert found["1.3 percent"].verdict == "contradicted"


def test_year_to_date_figure_passed_off_as_the_year_is_contradicted(tmp_path: Path) -> None:
    # §16.5: the "2025" Central Asia figure equals the January-November one.
    found = _store_check(tmp_path, ["zh-2025-12-ca5-jan-nov.txt"], "zh-2026-01-ca5-full-year.txt")
    assert (found["1023亿元"].verdict, found["1023亿元"].detail) == (
        "contradicted",
        "cumulative figure does not rise",
    )


def test_same_figure_at_two_precisions_and_two_conversion_dates(tmp_path: Path) -> None:
    # §16.9: 357.33 vs 357.3 billion agree; 50.42 vs 50.5 billion dollars (7.087 vs 7.075 yuan
    # per dollar) differ by the conversion date only.
    found = _store_check(tmp_path, ["en-2024-01-precise.txt"], "en-2024-01-rounded.txt")
    assert (found["357.3 billion yuan"].verdict, found["357.3 billion yuan"].detail) == (
        "supported",
        "same figure",
    )
    assert (found["$50.5 billion"].verdict, found["$50.5 billion"].detail) == (
        "supported",
        "conversion date",
    )
