"""Warehouse verification on a small hand-built warehouse (values chosen so the arithmetic is
checkable by hand: exports 10 bn yuan a month in 2024 and 12.5 bn in 2025, imports 5 bn and 4.5 bn).

2025: exports 150 bn (+25 %), imports 54 bn (-10 %), total 204 bn (+13.33 %);
January-May 2025 total 85 bn, May alone 17 bn.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from tradestat.claims.claim import Claim, Quantity
from tradestat.claims.verify import verify_claim
from tradestat.ingest import IngestOptions, open_source
from tradestat.periods import Period
from tradestat.session import Session, connect
from tradestat.warehouse import Warehouse

COLUMNS = (
    "declaration_id",
    "declaration_line",
    "month",
    "flow",
    "enterprise_id",
    "enterprise_type",
    "region_code",
    "partner",
    "hs_code",
    "supervision_mode",
    "trade_mode",
    "customs_district",
    "transport_mode",
    "value_cny",
    "value_usd",
)
Y2025 = Period.year(2025)
MONTHLY = {
    (2024, "export"): 10_000_000_000,
    (2025, "export"): 12_500_000_000,
    (2024, "import"): 5_000_000_000,
    (2025, "import"): 4_500_000_000,
}


@pytest.fixture(scope="session")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    folder = tmp_path_factory.mktemp("claims_wh")
    file = folder / "decl.csv"
    with file.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        n = 0
        for (year, flow), value in MONTHLY.items():
            for month in range(1, 13):
                n += 1
                writer.writerow(
                    [
                        f"D{n:07d}",
                        1,
                        year * 100 + month,
                        flow,
                        "E0001",
                        "6",
                        "65",
                        "145",
                        "85044014",
                        "0110",
                        "10",
                        "9401",
                        "4",
                        value,
                        value // 7,
                    ]
                )
    path: Path = folder / "claims.duckdb"
    with Warehouse(path) as wh:
        report = wh.load(open_source(file, IngestOptions(sample=True)))
    assert report.rows_quarantined == 0
    return connect(path)


def claim(
    indicator: str,
    surface: str,
    unit: str = "CNY",
    *,
    power: int = 9,
    period: Period | None = Y2025,
    qualifier: str | None = None,
    **slots: object,
) -> Claim:
    text = surface.replace(",", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    quantity = Quantity(
        surface,
        Decimal(text),
        unit,  # type: ignore[arg-type]
        decimals,
        power if unit in ("CNY", "USD") else 0,
        qualifier,  # type: ignore[arg-type]
    )
    values: dict[str, object] = {"region": "65", "period": period, **slots}
    return Claim(
        "c1",
        indicator,  # type: ignore[arg-type]
        quantity,
        (0, len(surface)),
        "",
        **values,  # type: ignore[arg-type]
    )


def test_level_within_rounding_is_supported(session: Session) -> None:
    verdict = verify_claim(session, claim("value", "204.0"))
    assert verdict.verdict == "supported"
    assert verdict.evidence[0].sql and "SELECT" in verdict.evidence[0].sql
    assert verdict.evidence[0].value == Decimal("204000000000")


def test_wrong_level_is_contradicted_with_the_figure(session: Session) -> None:
    verdict = verify_claim(session, claim("value", "210.5"))
    assert verdict.verdict == "contradicted"
    assert "204.000" in verdict.reason


def test_growth_uses_rounding_interval_and_direction(session: Session) -> None:
    assert (
        verify_claim(session, claim("yoy", "13.3", "percent", direction=1)).verdict == "supported"
    )
    fell = claim("yoy", "10", "percent", flow="import", direction=-1)
    assert verify_claim(session, fell).verdict == "supported"
    rose = claim("yoy", "10", "percent", flow="import", direction=1)
    assert verify_claim(session, rose).verdict == "contradicted"


def test_over_is_a_lower_bound(session: Session) -> None:
    verdict = verify_claim(session, claim("value", "200", qualifier="over"))
    assert (verdict.verdict, verdict.detail) == ("supported", "lower bound")
    assert verify_claim(session, claim("value", "210", qualifier="over")).verdict == "contradicted"


def test_round_figure_read_as_lower_bound_says_so(session: Session) -> None:
    # DOMAIN §16.2: "200 billion" where the data say 204: wrong as a point, right as "over".
    verdict = verify_claim(session, claim("value", "200"))
    assert (verdict.verdict, verdict.detail) == ("supported", "lower bound")
    assert "lower bound" in verdict.reason
    assert verify_claim(session, claim("value", "300")).verdict == "contradicted"


def test_month_instead_of_year_to_date_is_named(session: Session) -> None:
    verdict = verify_claim(session, claim("value", "17.0", period=Period.ytd(2025, 5)))
    assert verdict.verdict == "supported"
    assert verdict.detail is not None and "month instead of year-to-date" in verdict.detail


def test_exports_instead_of_total_is_named(session: Session) -> None:
    verdict = verify_claim(session, claim("value", "150.0"))
    assert verdict.verdict == "supported"
    assert verdict.detail == "alternative reading: exports instead of the total"


def test_share_of_a_flow(session: Session) -> None:
    # 150 / 204 = 73.529 %
    assert (
        verify_claim(
            session, claim("share", "73.5", "percent", flow="export", denominator="total")
        ).verdict
        == "supported"
    )
    assert (
        verify_claim(
            session, claim("share", "75.0", "percent", flow="export", denominator="total")
        ).verdict
        == "contradicted"
    )


@pytest.mark.parametrize(
    ("slots", "words"),
    [
        ({"period": Period.year(2030)}, "2030"),
        ({"region": None}, "region"),
        ({"period": None}, "period"),
        ({"slice": {"partner_group": "NO_SUCH_GROUP"}}, "NO_SUCH_GROUP"),
        ({"about": "GDP"}, "GDP"),
        ({"converts": "c0"}, "conversion"),
    ],
)
def test_unverifiable_with_reason(session: Session, slots: dict[str, object], words: str) -> None:
    verdict = verify_claim(session, claim("value", "204.0", **slots))
    assert verdict.verdict == "unverifiable"
    assert words in verdict.reason


def test_base_year_not_covered_leaves_growth_unverifiable(session: Session) -> None:
    verdict = verify_claim(session, claim("yoy", "25", "percent", period=Period.year(2024)))
    assert verdict.verdict == "unverifiable"
