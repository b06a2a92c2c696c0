"""Executors of query plans: DuckDB (embedded default) and, later, Spark."""

from tradestat.engines.duckdb import DuckDBEngine

__all__ = ["DuckDBEngine"]
