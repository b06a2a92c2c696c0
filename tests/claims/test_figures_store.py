"""The published-figures store: cross-text checks and series (figures from DOMAIN §15/§16)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tradestat.claims.claim import Claim, Document, Quantity
from tradestat.claims.figures import FigureStore
from tradestat.periods import Period

Y2025 = Period.year(2025)


def c(
    cid: str,
    indicator: str,
    surface: str,
    unit: str = "CNY",
    period: Period = Y2025,
    power: int = 9,
    **slots: object,
) -> Claim:
    decimals = len(surface.split(".")[1]) if "." in surface else 0
    quantity = Quantity(
        surface,
        Decimal(surface),
        unit,  # type: ignore[arg-type]
        decimals,
        power if unit in ("CNY", "USD") else 0,
    )
    return Claim(
        cid,
        indicator,  # type: ignore[arg-type]
        quantity,
        (0, 0),
        "",
        region="65",
        period=period,
        **slots,  # type: ignore[arg-type]
    )


def test_same_figure_two_precisions_and_conversion_dates(tmp_path: Path) -> None:
    with FigureStore(tmp_path / "f.duckdb") as store:
        xinhua = Document("xinhua.txt", "", published="2026-01-28")
        store.add(xinhua, [c("a", "value", "520.37"), c("b", "value", "74.6", "USD", converts="a")])
        ecns = Document("ecns.txt", "", published="2026-01-24")
        claims = [c("x", "value", "520.4"), c("y", "value", "74.7", "USD", converts="x")]
        verdicts = {v.claim_id: v for v in store.check(ecns, claims)}
    assert (verdicts["x"].verdict, verdicts["x"].detail) == ("supported", "same figure")
    assert (verdicts["y"].verdict, verdicts["y"].detail) == ("supported", "conversion date")


def test_growth_against_base_published_a_year_earlier(tmp_path: Path) -> None:
    jan_nov_2019, jan_nov_2020 = Period.ytd(2019, 11), Period.ytd(2020, 11)
    with FigureStore(tmp_path / "f.duckdb") as store:
        store.add(
            Document("2019.txt", "", published="2019-12-10"),
            [c("a", "value", "149.17", period=jan_nov_2019)],
        )
        store.add(
            Document("2020-level.txt", "", published="2020-12-10"),
            [c("b", "value", "137.66", period=jan_nov_2020)],
        )
        # DOMAIN §16.4: "-1.3 %" implies a base of 139.5, 6.5 % below the published 149.17.
        bad = store.check(
            Document("2020.txt", ""), [c("g", "yoy", "1.3", "percent", jan_nov_2020, direction=-1)]
        )
        # The true growth, -7.7 %, matches the published base.
        good = store.check(
            Document("2020.txt", ""), [c("g", "yoy", "7.7", "percent", jan_nov_2020, direction=-1)]
        )
    assert [(v.verdict, v.detail) for v in bad] == [("contradicted", "revision or error")]
    assert [v.verdict for v in good] == ["supported"]


def test_small_gap_to_the_base_is_revision_or_error(tmp_path: Path) -> None:
    # DOMAIN §16.1: Jan-Feb 2024 636.9亿 +51.4 % against Jan-Feb 2023 444.0亿 (-5.3 %).
    with FigureStore(tmp_path / "f.duckdb") as store:
        store.add(
            Document("a.txt", "", published="2023-03-19"),
            [c("a", "value", "444.0", period=Period.ytd(2023, 2), power=8)],
        )
        store.add(
            Document("b.txt", "", published="2024-03-19"),
            [c("b", "value", "636.9", period=Period.ytd(2024, 2), power=8)],
        )
        [verdict] = store.check(
            Document("c.txt", ""),
            [c("g", "yoy", "51.4", "percent", Period.ytd(2024, 2), direction=1)],
        )
    assert (verdict.verdict, verdict.detail) == ("unverifiable", "revision or error")


def test_cumulative_figures_must_rise(tmp_path: Path) -> None:
    # DOMAIN §16.5: a Jan-Nov figure passed off as the full year.
    ca5 = {"partner_group": "CA5"}
    with FigureStore(tmp_path / "f.duckdb") as store:
        store.add(
            Document("nov.txt", "", published="2022-12-16"),
            [c("a", "value", "1669", period=Period.ytd(2022, 11), power=8, slice=ca5)],
        )
        [verdict] = store.check(
            Document("report.txt", ""),
            [c("b", "value", "1669", period=Period.year(2022), power=8, slice=ca5)],
        )
    assert (verdict.verdict, verdict.detail) == ("contradicted", "cumulative figure does not rise")


def test_series_rebuilds_months_and_shows_gaps(tmp_path: Path) -> None:
    with FigureStore(tmp_path / "f.duckdb") as store:
        store.add(
            Document("q1.txt", "", published="2025-04-14"),
            [c("a", "value", "936.3", period=Period.ytd(2025, 3), power=8)],
        )
        store.add(
            Document("apr.txt", "", published="2025-05-09"),
            [c("b", "value", "1300.0", period=Period.ytd(2025, 4), power=8)],
        )
        points = {p.month: p for p in store.series("65")}
    assert points[202504].monthly == Decimal("36370000000")  # 1300.0 - 936.3 亿
    assert points[202503].cumulative == Decimal("93630000000")
    assert points[202501].cumulative is None and "gap" in points[202501].note
