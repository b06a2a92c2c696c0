"""`tradestat query` and `tradestat members` as a user runs them."""

from __future__ import annotations

import json

from tests.query.conftest import WarehouseBuilder, full_year
from typer.testing import CliRunner

from tradestat.cli import app

runner = CliRunner()


def _warehouse(builder: WarehouseBuilder) -> str:
    rows = []
    for year, value in ((2024, "10.00"), (2025, "15.00")):
        for flow in ("export", "import"):
            rows += full_year(year, flow=flow, value_cny=value)
    builder.load(rows, sample=True)
    return str(builder.path)


def test_query_json_has_rows_and_provenance(builder: WarehouseBuilder) -> None:
    path = _warehouse(builder)
    out = runner.invoke(app, ["query", "-w", path, "-p", "2025", "-r", "65", "--by", "flow",
                              "-i", "yoy", "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    rows = {r["flow"]: r for r in data["rows"]}
    assert rows["export"]["value_cny"] == "180.00"
    assert rows["export"]["value_cny_yoy"].startswith("50.0")
    assert data["provenance"]["is_sample"] is True
    assert "GROUP BY" in data["provenance"]["sql"]


def test_query_errors_are_typed_and_suggest(builder: WarehouseBuilder) -> None:
    path = _warehouse(builder)
    out = runner.invoke(app, ["query", "-w", path, "-p", "2025", "--where",
                              "partner_group=ASAEN"])
    assert out.exit_code == 2
    assert "did you mean 'ASEAN'" in out.output
    out = runner.invoke(app, ["query", "-w", path, "-p", "2019", "-r", "65"])
    assert out.exit_code == 2 and "2019" in out.output


def test_query_files_and_explain(builder: WarehouseBuilder, tmp_path) -> None:
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    path = _warehouse(builder)
    parquet, xlsx = tmp_path / "r.parquet", tmp_path / "r.xlsx"
    for fmt, file in (("parquet", parquet), ("xlsx", xlsx)):
        out = runner.invoke(app, ["query", "-w", path, "-p", "2025", "-r", "65", "--by", "flow",
                                  "-f", fmt, "-o", str(file)])
        assert out.exit_code == 0, out.output
    assert pq.read_table(parquet).num_rows == 2
    assert load_workbook(xlsx)["result"].max_row == 3
    out = runner.invoke(app, ["query", "-w", path, "-p", "2025", "--explain"])
    assert out.exit_code == 0 and "SELECT" in out.output


def test_members_lists_captions() -> None:
    out = runner.invoke(app, ["members", "partner", "--search", "Kazakh"])
    assert out.exit_code == 0 and "145" in out.output and "哈萨克斯坦" in out.output
