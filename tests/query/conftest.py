"""Fixtures for the query layer: small warehouses built through the real ingest path."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from tradestat.ingest import IngestOptions, open_source
from tradestat.session import Session, connect
from tradestat.warehouse import Warehouse

COLUMNS = ("declaration_id", "declaration_line", "month", "flow", "enterprise_id",
           "enterprise_type", "region_code", "partner", "hs_code", "supervision_mode",
           "trade_mode", "customs_district", "transport_mode", "value_cny", "value_usd")

DEFAULTS: Mapping[str, str] = {
    "flow": "export", "enterprise_id": "E0001", "enterprise_type": "6", "region_code": "65",
    "partner": "145", "hs_code": "85044014", "supervision_mode": "0110", "trade_mode": "10",
    "customs_district": "9401", "transport_mode": "4",
}


def write_declarations(path: Path, rows: Iterable[Mapping[str, object]]) -> Path:
    """Write declaration lines in tradestat's declarations layout; ids are made up per row."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for i, row in enumerate(rows, start=1):
            full = {**DEFAULTS, "declaration_id": f"D{i:07d}", "declaration_line": "1", **row}
            if "value_usd" not in row:
                full["value_usd"] = str((Decimal(str(full["value_cny"])) / 7).quantize(
                    Decimal("0.01")))
            writer.writerow({k: str(full[k]) for k in COLUMNS})
    return path


class WarehouseBuilder:
    """Loads batches of rows as declaration files into one warehouse file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "query.duckdb"
        self.count = 0

    def load(self, rows: Iterable[Mapping[str, object]], *, vintage: dt.date | None = None,
             sample: bool = False, dataset: str | None = None) -> None:
        self.count += 1
        file = write_declarations(self.folder / f"batch{self.count}.csv", rows)
        with Warehouse(self.path) as wh:
            report = wh.load(open_source(file, IngestOptions(sample=sample, dataset=dataset)),
                             vintage=vintage)
        assert report.rows_quarantined == 0, report.reasons

    def session(self, **options: object) -> Session:
        return connect(self.path, **options)


@pytest.fixture
def builder(tmp_path: Path) -> WarehouseBuilder:
    return WarehouseBuilder(tmp_path)


def full_year(year: int, **row: object) -> list[dict[str, object]]:
    """The same line in every month of a year (so the year is fully covered)."""
    return [{**row, "month": year * 100 + m} for m in range(1, 13)]
