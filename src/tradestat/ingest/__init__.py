"""Ingest: read source files into validated canonical records, ready for the warehouse.

One module per source format, each exposing ``open_<format>(path, options) -> IngestStream``:

- ``gacc``          China Customs online query platform CSV export (GBK or UTF-8)
- ``declarations``  declaration-level records (CSV or Parquet), one row per declaration line
- ``comtrade``      UN Comtrade bulk / API CSV (China as reporter)
- ``mapped``        any CSV / Parquet / XLSX described by a YAML column mapping

``open_source`` picks the reader from ``options.format`` or, if absent, from the file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tradestat.errors import FileFormatError, OptionError
from tradestat.ingest.options import HS_EDITIONS, IngestOptions
from tradestat.ingest.stream import IngestStream

FORMATS = ("gacc", "declarations", "comtrade", "mapped")

__all__ = [
    "FORMATS",
    "HS_EDITIONS",
    "IngestOptions",
    "IngestStream",
    "detect_format",
    "open_source",
]


def _opener(fmt: str) -> Callable[[Path, IngestOptions], IngestStream]:
    if fmt == "gacc":
        from tradestat.ingest.gacc import open_gacc

        return open_gacc
    if fmt == "declarations":
        from tradestat.ingest.declarations import open_declarations

        return open_declarations
    if fmt == "comtrade":
        from tradestat.ingest.comtrade import open_comtrade

        return open_comtrade
    if fmt == "mapped":
        from tradestat.ingest.mapped import open_mapped

        return open_mapped
    raise OptionError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def detect_format(path: Path, options: IngestOptions) -> str:
    """Guess the reader for ``path`` from the mapping option, the extension and the header."""
    if options.mapping is not None:
        return "mapped"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raise OptionError(
            f"{path}: spreadsheets need a column mapping",
            hint="give --format mapped --mapping MAPPING.yaml",
        )
    if suffix == ".parquet":
        return "declarations"
    from tradestat.ingest.sniff import header_words

    words = header_words(path)
    from tradestat.ingest import comtrade, declarations, gacc

    # Most specific signature first: declarations name 报关单号, Comtrade its reporter columns;
    # the GACC words (人民币, 商品编码 ...) also appear in other Chinese tables.
    if declarations.looks_like(words):
        return "declarations"
    if comtrade.looks_like(words):
        return "comtrade"
    if gacc.looks_like(words):
        return "gacc"
    raise FileFormatError(
        "cannot tell the format of this file from its header",
        file=path,
        row=1,
        hint="give --format gacc|declarations|comtrade, or --format mapped --mapping M.yaml",
    )


def open_source(path: str | Path, options: IngestOptions | None = None) -> IngestStream:
    """Open ``path`` with the right reader; the returned stream is read by Warehouse.load."""
    options = options or IngestOptions()
    p = Path(path)
    fmt = options.format or detect_format(p, options)
    if options.partners is not None and fmt not in ("gacc", "mapped"):
        raise OptionError(
            f"{p}: --partners applies to aggregate tables by partner (GACC platform exports, "
            f"mapped files), not to the {fmt} format",
            hint="declaration lines and Comtrade files list every partner they have; "
            "leave --partners out",
        )
    return _opener(fmt)(p, options)
