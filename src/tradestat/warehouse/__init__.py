"""The warehouse: a DuckDB file with loads, vintages, records and quarantined rows."""

from tradestat.warehouse.store import (
    DEFAULT_PATH,
    ENV_VAR,
    LoadReport,
    LoadSource,
    Warehouse,
    default_path,
)

__all__ = ["DEFAULT_PATH", "ENV_VAR", "LoadReport", "LoadSource", "Warehouse", "default_path"]
