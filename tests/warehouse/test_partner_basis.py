"""A load with a partner basis outside PARTNER_BASES is refused as a whole: queries select a
basis by excluding the other known ones, which is exact only if no other value is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pytest
from tests.conftest import snapshot

from tradestat.errors import WarehouseError
from tradestat.model.records import canonical_arrow_schema
from tradestat.warehouse import Warehouse


class OneRowStream:
    """The smallest LoadSource: one canonical row, given as an Arrow batch."""

    format = "test"
    dataset = "test"
    grain = "declaration"
    key_columns: tuple[str, ...] = ()
    sample = False

    def __init__(self, partner_basis: str) -> None:
        self.partner_basis = partner_basis
        self.options: dict = {}
        self.notes: list[str] = []
        self.rows_read = 1
        self.source = SimpleNamespace(
            path=Path(f"{partner_basis}.csv"),
            sha256=partner_basis,
            size=1,
            modified=dt.datetime(2026, 1, 1),
        )

    def batches(self) -> Iterator[pa.RecordBatch]:
        schema = canonical_arrow_schema()
        row = {f.name: None for f in schema}
        row.update(
            month=202501,
            region_code="65",
            region_basis="registered",
            flow="export",
            partner_code="145",
            partner_basis=self.partner_basis,
            value_cny=1,
        )
        table = pa.Table.from_pylist([row], schema=schema)
        yield table.append_column("_bad", pa.array([False])).to_batches()[0]

    def sql_for(self, con: object) -> None:
        return None

    def translate_error(self, exc: Exception) -> Exception:
        return exc

    def locate(self, dup_keys: object) -> Iterator[pa.RecordBatch]:
        return iter(())

    def close(self) -> None:
        pass


def test_unknown_partner_basis_is_refused(warehouse: Warehouse) -> None:
    before = snapshot(warehouse)
    with pytest.raises(WarehouseError, match="partner basis 'origin'"):
        warehouse.load(OneRowStream("origin"))
    assert snapshot(warehouse) == before
    assert warehouse.load(OneRowStream("shipment_arrival")).rows_loaded == 1
