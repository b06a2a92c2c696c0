"""tradestat: regional foreign-trade statistics from customs records.

Ingest customs data into a warehouse with vintages (``tradestat.ingest``, ``tradestat.warehouse``);
code lists and nomenclatures live in ``tradestat.reference``.
"""

__version__ = "0.1.0"
