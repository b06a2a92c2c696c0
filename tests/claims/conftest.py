"""A small hand-built warehouse for the trap texts and the CLI tests (tests/claims/texts).

Every figure the texts quote is typed below from this arithmetic, never computed by the code
under test. Each month of 2024 and 2025 has the same lines, so any year-to-date figure is the
month times the number of months. Values in billion yuan per month:

Xinjiang (65)                          2024   2025
  a exports to Kazakhstan, private,
    border small-amount trade (4019)    6.0    7.5
  b exports to Viet Nam, private        0.5    0.8
  c exports to Japan, state-owned       1.5    1.5
  e exports to Japan, state-owned,
    returned goods (4561)               —      0.2
  d imports from Kazakhstan, private    2.0    1.8
  exports                               8.0   10.0   (+25 %)
  imports                               2.0    1.8   (-10 %)
  total                                10.0   11.8   (+18 %)

Full year 2025: total 141.6 (2024: 120), exports 120, imports 21.6, ASEAN (Viet Nam) 9.6
(2024: 6.0, +60 %), Central Asia (Kazakhstan, a + d) 111.6, private (a + b + d) 121.2 (2024:
102, +18.8235 %, contribution 19.2 / 120 = 16.0 pp, contribution rate 19.2 / 21.6 = 88.9 %),
border small-amount trade 90.0 (returned goods 2.4 are not part of it). Three enterprises
(XJ01 for a and d, XJ02 for b, XJ03 for c and e). Returned goods are in the totals: the query
layer counts every declaration line (whether customs excludes them is open, DOMAIN §7).

Shaanxi (61): exports 3.0 → 3.3, imports 1.0 → 1.0 (+7.5 %); Shanxi (14): exports 2.0 → 2.1,
imports 1.0 → 1.0 (+3.33 %); the other 28 provinces 1.0 + 1.0, unchanged. The nation: 73.0 →
75.2 a month (+3.0137 %), so Xinjiang is 14.986 pp above it and first by growth, Shaanxi second,
Shanxi third. Whole-country 2025: 902.4 billion yuan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.query.conftest import WarehouseBuilder, full_year

from tradestat.reference import provinces
from tradestat.session import Session

BN = 1_000_000_000
PROVINCES = tuple(sorted(provinces().codes()))  # the 31 provincial regions
VINTAGE = dt.date(2026, 1, 20)
TEXTS = Path(__file__).parent / "texts"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "corpus" / "seeds"


def _lines(years: tuple[int, ...], billions: float, **row: object) -> list[dict[str, object]]:
    value = round(billions * 10) * BN // 10
    return [line for year in years for line in full_year(year, value_cny=value, **row)]


def trap_rows() -> list[dict[str, object]]:
    """The declaration lines of the table in the module docstring."""
    rows: list[dict[str, object]] = []
    xj = {"region_code": "65"}
    rows += _lines(
        (2024,),
        6.0,
        flow="export",
        partner="145",
        enterprise_id="XJ01",
        supervision_mode="4019",
        trade_mode="19",
        **xj,
    )
    rows += _lines(
        (2025,),
        7.5,
        flow="export",
        partner="145",
        enterprise_id="XJ01",
        supervision_mode="4019",
        trade_mode="19",
        **xj,
    )
    rows += _lines((2024,), 0.5, flow="export", partner="141", enterprise_id="XJ02", **xj)
    rows += _lines((2025,), 0.8, flow="export", partner="141", enterprise_id="XJ02", **xj)
    rows += _lines(
        (2024, 2025),
        1.5,
        flow="export",
        partner="116",
        enterprise_id="XJ03",
        enterprise_type="1",
        **xj,
    )
    rows += _lines(
        (2025,),
        0.2,
        flow="export",
        partner="116",
        enterprise_id="XJ03",
        enterprise_type="1",
        supervision_mode="4561",
        trade_mode="61",
        **xj,
    )
    rows += _lines((2024,), 2.0, flow="import", partner="145", enterprise_id="XJ01", **xj)
    rows += _lines((2025,), 1.8, flow="import", partner="145", enterprise_id="XJ01", **xj)
    exports = {"61": (3.0, 3.3), "14": (2.0, 2.1)}
    for code in PROVINCES:
        if code == "65":
            continue
        before, after = exports.get(code, (1.0, 1.0))
        other = {"region_code": code, "enterprise_id": f"P{code}"}
        rows += _lines((2024,), before, flow="export", **other)
        rows += _lines((2025,), after, flow="export", **other)
        rows += _lines((2024, 2025), 1.0, flow="import", **other)
    return rows


@pytest.fixture(scope="session")
def trap_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse file (data vintage 2026-01-20, labelled sample)."""
    builder = WarehouseBuilder(tmp_path_factory.mktemp("trap_wh"))
    builder.load(trap_rows(), vintage=VINTAGE, sample=True)
    return builder.path


@pytest.fixture(scope="session")
def trap_session(trap_warehouse: Path) -> Session:
    from tradestat.session import connect

    return connect(trap_warehouse)
