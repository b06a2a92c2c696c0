"""A GACC export by partner may list every partner or only those chosen on the platform: the
load says which (``--partners all|selected``), and the query layer refuses a total from a list
of selected partners and says what a total from an unstated one means."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import tradestat
from tradestat.errors import CoverageError, OptionError
from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

EXPORTS = FIXTURES / "gacc" / "exports_65_partner_utf8.csv"
# January 2025 by hand from the fixture: 1,250,000,000 + 2,000,000,000 + 1,800,500,000 yuan.
JANUARY_TOTAL = Decimal("5050500000.00")
TOTAL = dict(period="2025-01", region="65", flow="export", compare="none")


def _warehouse(tmp_path: Path, partners: str | None) -> Path:
    path = tmp_path / "w.duckdb"
    with Warehouse(path) as wh:
        wh.load(
            open_source(EXPORTS, IngestOptions(format="gacc", flow="export", partners=partners))
        )
    return path


def _notes(result) -> list[str]:
    return [n for n in result.provenance.notes if "partner" in n and "dataset" in n]


def test_a_total_from_a_list_of_every_partner_is_the_total(tmp_path: Path) -> None:
    with tradestat.connect(_warehouse(tmp_path, "all")) as ts:
        result = ts.query(**TOTAL)
    assert result.rows()[0]["value_cny"] == JANUARY_TOTAL
    assert _notes(result) == []


def test_a_total_from_an_unstated_list_says_what_it_sums(tmp_path: Path) -> None:
    with tradestat.connect(_warehouse(tmp_path, None)) as ts:
        result = ts.query(**TOTAL)
    assert result.rows()[0]["value_cny"] == JANUARY_TOTAL
    (note,) = _notes(result)
    assert "sums over the partners listed" in note and "--partners all" in note


def test_a_total_from_selected_partners_is_refused(tmp_path: Path) -> None:
    with tradestat.connect(_warehouse(tmp_path, "selected")) as ts:
        with pytest.raises(CoverageError, match="lists selected partners only") as caught:
            ts.query(**TOTAL)
        assert "without the partner breakdown" in (caught.value.hint or "")
        # By partner, the figures are right; the note says totals and shares are partial.
        by_partner = ts.query(**TOTAL, by="partner")
    values = {r["partner"]: r["value_cny"] for r in by_partner.rows()}
    assert values == {"145": Decimal("3250000000.00"), "146": Decimal("1800500000.00")}
    (note,) = _notes(by_partner)
    assert "not the region's total" in note


def test_a_total_export_is_preferred_to_a_list_of_selected_partners(tmp_path: Path) -> None:
    path = _warehouse(tmp_path, "selected")
    total_only = tmp_path / "exports_65_total.csv"
    total_only.write_text(
        '"数据年月","注册地编码","人民币",\n"202501","65","6,000,000,000",\n', encoding="utf-8"
    )
    with Warehouse(path) as wh:
        wh.load(open_source(total_only, IngestOptions(format="gacc", flow="export")))
    with tradestat.connect(path) as ts:
        result = ts.query(**TOTAL)
    assert result.rows()[0]["value_cny"] == Decimal("6000000000.00")
    assert not [n for n in _notes(result) if "lists selected partners" in n]


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        (EXPORTS, dict(format="gacc", flow="export", partners="some"), "unknown partner list"),
        (
            FIXTURES / "declarations" / "xj_2024_en.csv",
            dict(format="declarations", partners="all"),
            "not to the declarations format",
        ),
        (
            FIXTURES / "mapped" / "monthly_wan_utf8.csv",
            dict(format="mapped", mapping=FIXTURES / "mapped" / "no_partner.yaml", partners="all"),
            "names no partner column",
        ),
    ],
)
def test_the_partners_option_is_checked(
    tmp_path: Path, path: Path, options: dict, message: str
) -> None:
    if options.get("mapping") and not options["mapping"].exists():
        # The monthly mapping without its partner column (written here, not a fixture).
        text = (FIXTURES / "mapped" / "monthly_wan.yaml").read_text(encoding="utf-8")
        options["mapping"] = tmp_path / "no_partner.yaml"
        options["mapping"].write_text(text.replace("  partner_code: 国别代码\n", ""), "utf-8")
    with pytest.raises(OptionError, match=message):
        open_source(path, IngestOptions(**options))


def test_a_mapped_table_by_partner_can_say_it_lists_every_partner(tmp_path: Path) -> None:
    path = FIXTURES / "mapped" / "partner_trade_utf8.csv"
    mapping = FIXTURES / "mapped" / "partner_trade.yaml"
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = wh.load(
            open_source(path, IngestOptions(format="mapped", mapping=mapping, partners="all"))
        )
        stated = wh.con.execute("SELECT json_extract_string(options, '$.partners') FROM loads")
        assert stated.fetchall() == [("all",)]
    assert report.rows_loaded > 0


def test_the_partners_option_needs_a_partner_column(tmp_path: Path) -> None:
    total_only = tmp_path / "exports_65_total.csv"
    total_only.write_text('"数据年月","注册地编码","人民币",\n"202501","65","6,000",\n', "utf-8")
    with pytest.raises(OptionError, match="has no partner column"):
        open_source(total_only, IngestOptions(format="gacc", flow="export", partners="all"))


def test_a_load_of_selected_partners_is_refused_whatever_its_dataset_is_called(
    tmp_path: Path,
) -> None:
    """The refusal follows the load's own statement, not the dataset's name: a mapped table of
    selected partners named without "partner" must not give its sum as the region's total."""
    path = FIXTURES / "mapped" / "partner_trade_utf8.csv"
    mapping = FIXTURES / "mapped" / "partner_trade.yaml"
    options = IngestOptions(format="mapped", mapping=mapping, partners="selected", dataset="xj-usd")
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(open_source(path, options))
    total = dict(period="2024-01", region="65", flow="export", compare="none", measures="value_usd")
    with tradestat.connect(tmp_path / "w.duckdb") as ts:
        with pytest.raises(CoverageError, match="xj-usd lists selected partners only"):
            ts.query(**total)
        by_partner = ts.query(**total, by="partner")
    # By hand from the fixture (thousands of US dollars): KAZ (145) 1,234.5, KGZ (146) 250.
    values = {r["partner"]: r["value_usd"] for r in by_partner.rows()}
    assert values == {"145": Decimal("1234500.00"), "146": Decimal("250000.00")}
