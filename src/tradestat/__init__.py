"""tradestat: regional foreign-trade statistics from customs records.

Ingest customs data into a warehouse with vintages (``tradestat.ingest``, ``tradestat.warehouse``);
code lists and nomenclatures live in ``tradestat.reference``.
"""

__version__ = "0.1.0"


def connect(path=None, *, threads=None, country_groups=()):
    """Open a warehouse for querying; see :func:`tradestat.session.connect`."""
    from tradestat.session import connect as _connect

    return _connect(path, threads=threads, country_groups=country_groups)
