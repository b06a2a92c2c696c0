"""Reader for CSV exports of the China Customs online query platform (stats.customs.gov.cn).

The export's quirks (DOMAIN.md §14): GBK or UTF-8; every field quoted; a trailing comma on every
line; thousands separators in values; ``数据年月`` as YYYYMM (absent in a single-month download);
3-digit partner codes; optional trade-mode and registered-location columns; a value column named
``人民币`` or ``美元``. The flow (import/export) was a query parameter and is not in the file:
it must be given, or it is inferred from the file name with a warning.
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import ExitStack
from pathlib import Path

from tradestat.errors import FileFormatError, OptionError
from tradestat.ingest.engine import IngestEngine
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.runner import stream_from_staged
from tradestat.ingest.source import SourceFile
from tradestat.ingest.stream import IngestStream
from tradestat.ingest.textfile import (
    open_text_head,
    plain_csv_sql,
    quoted_fields_sql,
)
from tradestat.ingest.validate import Staged

FORMAT = "gacc"

#: Header (Chinese or English, as the platform writes them) → canonical field; None = ignored.
HEADERS: dict[str, str | None] = {
    "数据年月": "month",
    "date of data": "month",
    "商品编码": "hs_code",
    "commodity code": "hs_code",
    "商品名称": None,
    "commodity": None,
    "贸易伙伴编码": "partner_code",
    "trading partner code": "partner_code",
    "贸易伙伴名称": None,
    "trading partner": None,
    "贸易方式编码": "trade_mode",
    "customs regime code": "trade_mode",
    "贸易方式名称": None,
    "customs regime": None,
    "注册地编码": "region_code",
    "locations of importers and exporters code": "region_code",
    "注册地名称": None,
    "locations of importers and exporters": None,
    "第一数量": "quantity1",
    "quantity": "quantity1",
    "第一计量单位": "unit1",
    "unit": "unit1",
    "第二数量": "quantity2",
    "supplementary quantity": "quantity2",
    "supplimentary quantity": "quantity2",
    "第二计量单位": "unit2",
    "supplementary unit": "unit2",
    "supplimentary unit": "unit2",
    "人民币": "value_cny",
    "renminbi yuan": "value_cny",
    "rmb": "value_cny",
    "美元": "value_usd",
    "us dollar": "value_usd",
    "usd": "value_usd",
}

#: Header words that identify a GACC export when sniffing an unknown CSV.
SIGNATURE = (
    "数据年月",
    "贸易伙伴编码",
    "人民币",
    "美元",
    "商品编码",
    "Date of data",
    "Trading partner code",
    "Renminbi Yuan",
    "US dollar",
)

_DIMENSIONS = ("hs_code", "partner_code", "trade_mode", "region_code")
_IMPORT_RE = re.compile(r"进口|(?<![a-z])imports?(?![a-z])|(?<![a-z])imp(?![a-z])", re.I)
_EXPORT_RE = re.compile(r"出口|(?<![a-z])exports?(?![a-z])|(?<![a-z])exp(?![a-z])", re.I)
_MONTH_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(0[1-9]|1[0-2])(?!\d)")


def looks_like(header: list[str]) -> bool:
    """True if a header line looks like a GACC platform export."""
    lowered = {h.lower() for h in header}
    return any(s.lower() in lowered for s in SIGNATURE)


def infer_flow(path: Path) -> str | None:
    """Flow from the file name (进口/出口, import/export), or None if absent or ambiguous."""
    name = path.stem
    is_import, is_export = bool(_IMPORT_RE.search(name)), bool(_EXPORT_RE.search(name))
    if is_import == is_export:
        return None
    return "import" if is_import else "export"


def map_columns(header: list[str], source: Path) -> dict[str, int]:
    """Canonical field → column position; unknown or repeated columns are errors."""
    mapping: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.strip().lower()
        if key not in HEADERS:
            raise FileFormatError(
                "unknown column in a GACC platform export",
                file=source,
                row=1,
                column=name,
                hint="expected columns such as 数据年月, 商品编码, 贸易伙伴编码, 人民币 or 美元; "
                "for other layouts use --format mapped with a mapping file",
            )
        target = HEADERS[key]
        if target is None:
            continue
        if target in mapping:
            raise FileFormatError(f"two columns map to {target}", file=source, row=1, column=name)
        mapping[target] = position
    if "value_cny" not in mapping and "value_usd" not in mapping:
        raise FileFormatError(
            "no value column (人民币 or 美元) in the header",
            file=source,
            row=1,
            hint="the platform writes the value as 人民币 (yuan) or 美元 (US dollars)",
        )
    return mapping


def open_gacc(
    path: str | Path, options: IngestOptions, *, batch_size: int = 250_000
) -> IngestStream:
    """Open a GACC platform export for loading; nothing is read into memory yet."""
    source = SourceFile.open(path)
    notes: list[str] = []
    stack = ExitStack()
    try:
        text_path, header, lines = open_text_head(source, options.encoding, stack)
        columns = map_columns(header, source.path)

        options.check_partners(
            "partner_code" in columns, str(source.path), "the file has no partner column"
        )
        constants: dict[str, str] = {}
        flow = options.flow
        if flow is None:
            flow = infer_flow(source.path)
            if flow is None:
                raise OptionError(
                    f"{source.path}: the flow (import/export) is not in a GACC export",
                    hint="give --flow import or --flow export "
                    "(or name the file with 进口/出口 or import/export)",
                )
            notes.append(f"flow '{flow}' inferred from the file name {source.name!r}")
        constants["flow"] = flow

        if "month" not in columns:
            match = _MONTH_RE.search(source.path.stem)
            if match is None:
                raise OptionError(
                    f"{source.path}: no 数据年月 column (a single-month download) and no YYYYMM "
                    "in the file name",
                    hint="rename the file to include the month, e.g. exports_202501.csv",
                )
            constants["month"] = match.group(1) + match.group(2)
            notes.append(
                f"month {constants['month']} taken from the file name (no 数据年月 column)"
            )

        region_basis = options.region_basis or "registered"
        if "region_code" not in columns:
            if options.region is not None:
                constants["region_code"] = options.region
            else:
                constants["region_code"] = "CN"
                region_basis = "national"
                notes.append(
                    "no registered-location column and no --region: loaded as national "
                    "data (region CN)"
                )
        elif options.region is not None:
            raise OptionError(
                f"{source.path}: --region {options.region} given but the file has a "
                "registered-location column",
                hint="drop --region; each row names its region",
            )

        quoted = lines[1].startswith('"')
        body = (quoted_fields_sql if quoted else plain_csv_sql)(text_path, header)
        selects = ", ".join(f'c{pos} AS "{name}"' for name, pos in columns.items())
        sql = f"SELECT _row, _raw, _parse_problem, {selects} FROM ({body})"
        staged = Staged(
            sql=sql,
            fields={name: header[pos] for name, pos in columns.items()},
            constants=constants,
            region_basis=region_basis,
            partner_basis=options.partner_basis,
            hs_edition=options.hs_edition,
            trim=not quoted,
        )
        currency = "cny" if "value_cny" in columns else "usd"
        if "value_cny" in columns and "value_usd" in columns:
            currency = "cny+usd"
        dims = [d for d in _DIMENSIONS if d in columns]
        hs_level = _first_hs_length(lines[1], header, columns, quoted)
        label = (
            "+".join(f"hs{hs_level}" if d == "hs_code" else d.removesuffix("_code") for d in dims)
            or "total"
        )
        dataset = options.dataset or f"gacc:{currency}:{label}"
        key = ("month", "region_code", "flow", *[d for d in _DIMENSIONS if d in columns])
        engine = IngestEngine()
        stack.callback(engine.close)
        return stream_from_staged(
            engine,
            staged,
            source=source,
            format=FORMAT,
            dataset=dataset,
            grain="aggregate",
            key_columns=tuple(dict.fromkeys(key)),
            options=options,
            notes=notes,
            on_close=stack.close,
            batch_size=batch_size,
            portable=True,
        )
    except BaseException:
        stack.close()
        raise


def _first_hs_length(line: str, header: list[str], columns: dict[str, int], quoted: bool) -> int:
    """Length of the commodity code on the first data row (the platform's codeLength)."""
    if "hs_code" not in columns:
        return 0
    try:
        values = next(csv.reader(io.StringIO(line)))
        return len(values[columns["hs_code"]].strip())
    except (csv.Error, StopIteration, IndexError):
        return 0
