"""Reader for declaration-level records (one row per declaration line): CSV or Parquet.

Real declaration data is confidential, so tradestat defines its own layout (``LAYOUT`` below); the
simulator writes exactly this, and anyone holding real extracts can rename their columns to it.

Layout
======

Every column has an English snake_case name and a Chinese alias; either may be used (names are
matched case-insensitively, surrounding spaces ignored). Column order does not matter. A column
that is not in the layout is an error (FileFormatError naming it), so a misspelt column never
vanishes silently.

==================  ==================  =========  ===============================================
column              Chinese alias       needed     content
==================  ==================  =========  ===============================================
declaration_id      报关单号            required   declaration number (text; keep leading zeros)
declaration_line    项号                required   line (item) number in the declaration, 1, 2, ...
month               申报年月            one of     statistical month, YYYYMM
date                申报日期            these two  date YYYY-MM-DD; the month is derived from it
flow                进出口              required*  I/E, import/export, 进口/出口 (*or --flow)
registration_code   海关注册编码        one or     10-character customs registration code of the
                                        both       consignee/consignor; characters 1-2 = province of
                                                   registration, 6th = enterprise type (DOMAIN §8)
enterprise_id       企业代码            (either)   any other stable enterprise identifier
enterprise_type     企业性质            optional   1-digit enterprise type; must agree with the 6th
                                                   character of registration_code when both given
region_code         收发货人注册地      optional   2-digit province of registration; default: the
                                                   first two characters of registration_code
domestic_district   境内目的地货源地    optional   5-character domestic destination (imports) /
                                                   source (exports) code (DOMAIN §4, §10)
partner             贸易伙伴            required   country of origin (imports) / final destination
                                                   (exports): ISO alpha-3 (KAZ) or customs 3-digit
                                                   code (145), decided row by row
shipment_partner    启运国运抵国        optional   country of shipment (imports) / arrival
                                                   (exports), same code forms as ``partner``
hs_code             商品编号            required   8-digit (CN8) or 10-digit commodity code
supervision_mode    监管方式            required   4-digit supervision mode (0110, 4019, 9610 ...)
trade_mode          贸易方式            optional   2-digit statistical trade mode; must equal the
                                                   last two digits of supervision_mode
customs_district    进出境关别          required   4-digit customs district where goods crossed
transport_mode      运输方式            required   transport-mode code (2 water, 3 rail, 4 road ...)
value_cny           人民币金额          one or     value in yuan (at most 2 decimals)
value_usd           美元金额            both       value in US dollars (at most 2 decimals)
quantity1           第一数量            optional   first statutory quantity (at most 3 decimals)
unit1               第一计量单位        optional   its unit
quantity2           第二数量            optional   second statutory quantity
unit2               第二计量单位        optional   its unit
==================  ==================  =========  ===============================================

A required column must also be filled on every row: a declaration line without a partner,
commodity, supervision mode, customs district or transport mode is quarantined (an empty cell there
would otherwise read as "all partners", "all commodities" ..., which is wrong for a declaration).
On the shipment_arrival partner basis it is ``shipment_partner`` that must be filled (``partner``
may then be empty). Commodity codes must have 8 or 10 digits (a declaration always carries at least
the CN8). The stored ``enterprise_id`` is ``enterprise_id`` if given, else the registration code.

Bases (DOMAIN §4-§5). ``options.region_basis``:

- ``registered`` (default): region = ``region_code``, or the first two characters of
  ``registration_code`` when there is no ``region_code`` column;
- ``destination_source``: region = ``domestic_district`` (the column must exist);
- ``customs_district``: region = ``customs_district``.

``options.partner_basis``: ``origin_destination`` (default) uses ``partner``; ``shipment_arrival``
uses ``shipment_partner`` (the column must exist). ``options.flow`` stands in for a missing flow
column and ``options.region`` for missing region columns (registered basis); either one given
alongside the column it replaces is an OptionError, and the ``national`` basis is refused.

Files
=====

- CSV: UTF-8 (with or without BOM) or GBK/GB18030, header on line 1, conventional quoting. Row
  numbers in messages are line numbers (header = line 1).
- Parquet (detected by its ``PAR1`` magic bytes): row numbers count data rows from 1. Columns may be
  text, integers, DECIMAL or (for ``date``) DATE / naive TIMESTAMP. DECIMAL values are read as their
  exact decimal text (trailing zeros of the scale dropped, so a DECIMAL(18,3) money value 12.340 is
  12.34, while 12.345 is quarantined for having three decimals). **Floating-point (FLOAT/DOUBLE)
  columns are refused** with a FileFormatError naming the column: a binary double cannot hold most
  decimal amounts exactly, and codes stored as doubles have lost their form; write money as
  DECIMAL(18,2) or text. Boolean, nested, time-zone timestamp and other types are refused the same
  way. Integer columns are fine for numbers, but a code written as an integer has lost its leading
  zeros (supervision mode 0110 → 110) and is quarantined as unknown: write codes as text.

Grain ``declaration``; dataset ``declarations`` unless ``options.dataset`` says otherwise; the key
(``declaration_id``, ``declaration_line``) must be unique within a load (the warehouse quarantines
every copy of a repeated key).
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tradestat.errors import FileFormatError, OptionError
from tradestat.ingest.engine import IngestEngine
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.runner import stream_from_staged
from tradestat.ingest.source import SourceFile
from tradestat.ingest.sql import ident, literal
from tradestat.ingest.stream import IngestStream
from tradestat.ingest.textfile import (
    describe_duckdb_error,
    open_text_head,
    plain_csv_sql,
)
from tradestat.ingest.validate import Staged

FORMAT = "declarations"
GRAIN = "declaration"
DEFAULT_DATASET = "declarations"
KEY_COLUMNS = ("declaration_id", "declaration_line")

PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True, slots=True)
class LayoutColumn:
    """One column of the declaration layout."""

    name: str
    alias_zh: str
    description: str


#: The declaration layout, in the order the simulator writes it.
LAYOUT: tuple[LayoutColumn, ...] = (
    LayoutColumn("declaration_id", "报关单号", "declaration number (required)"),
    LayoutColumn("declaration_line", "项号", "line number within the declaration (required)"),
    LayoutColumn("month", "申报年月", "statistical month YYYYMM (or give date)"),
    LayoutColumn("date", "申报日期", "date YYYY-MM-DD (or give month)"),
    LayoutColumn("flow", "进出口", "I/E, import/export, 进口/出口 (required unless --flow)"),
    LayoutColumn(
        "registration_code",
        "海关注册编码",
        "10-character customs registration code (this and/or enterprise_id)",
    ),
    LayoutColumn("enterprise_id", "企业代码", "enterprise identifier"),
    LayoutColumn("enterprise_type", "企业性质", "1-digit enterprise type (optional)"),
    LayoutColumn(
        "region_code",
        "收发货人注册地",
        "2-digit province of registration (default: registration_code[0:2])",
    ),
    LayoutColumn(
        "domestic_district",
        "境内目的地货源地",
        "5-character domestic destination/source code (optional)",
    ),
    LayoutColumn(
        "partner",
        "贸易伙伴",
        "origin (imports) / destination (exports): ISO alpha-3 or customs 3-digit (required)",
    ),
    LayoutColumn(
        "shipment_partner",
        "启运国运抵国",
        "country of shipment (imports) / arrival (exports) (optional)",
    ),
    LayoutColumn("hs_code", "商品编号", "8- or 10-digit commodity code (required)"),
    LayoutColumn("supervision_mode", "监管方式", "4-digit supervision mode (required)"),
    LayoutColumn("trade_mode", "贸易方式", "2-digit statistical trade mode (optional)"),
    LayoutColumn("customs_district", "进出境关别", "4-digit customs district (required)"),
    LayoutColumn("transport_mode", "运输方式", "transport-mode code (required)"),
    LayoutColumn("value_cny", "人民币金额", "value in yuan (this and/or value_usd)"),
    LayoutColumn("value_usd", "美元金额", "value in US dollars"),
    LayoutColumn("quantity1", "第一数量", "first statutory quantity (optional)"),
    LayoutColumn("unit1", "第一计量单位", "unit of quantity1 (optional)"),
    LayoutColumn("quantity2", "第二数量", "second statutory quantity (optional)"),
    LayoutColumn("unit2", "第二计量单位", "unit of quantity2 (optional)"),
)

#: Lower-cased header word → layout column name.
HEADERS: dict[str, str] = {
    **{c.name: c.name for c in LAYOUT},
    **{c.alias_zh: c.name for c in LAYOUT},
}

#: Columns that must be present (each tuple: at least one of its members).
REQUIRED: tuple[tuple[str, ...], ...] = (
    ("declaration_id",),
    ("declaration_line",),
    ("month", "date"),
    ("registration_code", "enterprise_id"),
    ("partner",),
    ("hs_code",),
    ("supervision_mode",),
    ("customs_district",),
    ("transport_mode",),
    ("value_cny", "value_usd"),
)

#: Columns that must be filled on every row (validation already insists on month, flow, value).
_FILLED = (
    "declaration_id",
    "declaration_line",
    "hs_code",
    "supervision_mode",
    "customs_district",
    "transport_mode",
)

#: Header words that identify a declaration file when sniffing an unknown CSV.
SIGNATURE = ("declaration_id", "报关单号")

_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
}
_NAIVE_TIMESTAMPS = {"TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"}


def looks_like(header_words: list[str]) -> bool:
    """True if a header line looks like a declaration file (it has declaration_id / 报关单号)."""
    lowered = {w.strip().lstrip("\ufeff").lower() for w in header_words}
    return any(s in lowered for s in SIGNATURE)


def _label(name: str) -> str:
    column = next(c for c in LAYOUT if c.name == name)
    return f"{column.name} ({column.alias_zh})"


def _accepted_columns() -> str:
    return ", ".join(f"{c.name}/{c.alias_zh}" for c in LAYOUT)


def map_columns(header: list[str], source: Path, *, header_row: int | None = 1) -> dict[str, int]:
    """Layout column name → position in the header; unknown, repeated or missing columns fail.

    ``header_row`` is the row named in errors (1 for CSV; None for Parquet, which has no header).
    """
    mapping: dict[str, int] = {}
    for position, word in enumerate(header):
        key = word.strip().lower()
        target = HEADERS.get(key)
        if target is None:
            raise FileFormatError(
                "unknown column in a declaration file",
                file=source,
                row=header_row,
                column=word,
                hint=f"the declaration layout has the columns {_accepted_columns()}",
            )
        if target in mapping:
            raise FileFormatError(
                f"two columns mean {target}: {header[mapping[target]]!r} and {word!r}",
                file=source,
                row=header_row,
                column=word,
            )
        mapping[target] = position
    missing = [
        " or ".join(_label(n) for n in group)
        for group in REQUIRED
        if not any(n in mapping for n in group)
    ]
    if missing:
        raise FileFormatError(
            f"missing required column{'s' if len(missing) > 1 else ''}: {'; '.join(missing)}",
            file=source,
            row=header_row,
            hint=f"the declaration layout has the columns {_accepted_columns()}",
        )
    if "month" in mapping and "date" in mapping:
        raise FileFormatError(
            "both a month and a date column; give one of them",
            file=source,
            row=header_row,
            column=header[mapping["date"]],
        )
    return mapping


def _is_parquet(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == PARQUET_MAGIC


def _parquet_columns(engine: IngestEngine, path: Path) -> list[tuple[str, str]]:
    """(name, DuckDB type) of every column; a damaged file is a FileFormatError."""
    try:
        rows = engine.con.execute(f"DESCRIBE SELECT * FROM {_read_parquet(path)}").fetchall()
        count = engine.con.execute(f"SELECT count(*) FROM {_read_parquet(path)}").fetchall()[0]
    except duckdb.Error as exc:
        raise FileFormatError(
            f"not a readable Parquet file: {describe_duckdb_error(exc)}",
            file=path,
        ) from exc
    if not count or not count[0]:
        raise FileFormatError("the Parquet file has no rows", file=path)
    return [(str(r[0]), str(r[1])) for r in rows if r[0] != "file_row_number"]


def _read_parquet(path: Path) -> str:
    return f"read_parquet({literal(str(path))}, file_row_number=true, binary_as_string=true)"


def _parquet_text(name: str, sql_type: str, target: str, source: Path) -> str:
    """SQL turning one Parquet column into exact text, or a FileFormatError for its type."""
    col = ident(name)
    base = sql_type.split("(", 1)[0].strip().upper()
    if base == "VARCHAR":
        return col
    if base in _INTEGER_TYPES:
        return f"CAST({col} AS VARCHAR)"
    if base == "DECIMAL":
        text = f"CAST({col} AS VARCHAR)"
        return (
            f"CASE WHEN contains({text}, '.') THEN rtrim(rtrim({text}, '0'), '.') ELSE {text} END"
        )
    if base == "DATE" and target == "date":
        return f"CAST({col} AS VARCHAR)"
    if base in _NAIVE_TIMESTAMPS and target == "date":
        return f"CAST(CAST({col} AS DATE) AS VARCHAR)"
    if base in ("FLOAT", "DOUBLE", "REAL"):
        raise FileFormatError(
            f"floating-point column ({sql_type}): binary floats cannot hold decimal amounts and "
            "codes exactly",
            file=source,
            column=name,
            hint="write money and quantities as DECIMAL(18,2) / DECIMAL(18,3) or as text, "
            "and codes as text",
        )
    raise FileFormatError(
        f"unsupported Parquet column type {sql_type} for {target}",
        file=source,
        column=name,
        hint="use text, integer or DECIMAL columns (and DATE for the date column)",
    )


def _parquet_body(engine: IngestEngine, path: Path) -> tuple[str, list[str], dict[str, int]]:
    """SQL yielding _row, _raw, _parse_problem and text columns c0..cN; the names; their mapping."""
    columns = _parquet_columns(engine, path)
    names = [n for n, _ in columns]
    mapping = map_columns(names, path, header_row=None)
    by_position = {pos: target for target, pos in mapping.items()}
    texts = ",\n       ".join(
        f"{_parquet_text(name, sql_type, by_position[i], path)} AS c{i}"
        for i, (name, sql_type) in enumerate(columns)
    )
    raw = "to_json(struct_pack(" + ", ".join(f"{ident(n)} := {ident(n)}" for n in names) + "))"
    sql = f"""
SELECT file_row_number + 1 AS _row, {raw} AS _raw, NULL::VARCHAR AS _parse_problem,
       {texts}
FROM {_read_parquet(path)}"""
    return sql, names, mapping


def _blank(expr: str) -> str:
    return f"(NULLIF(trim({expr}), '') IS NULL)"


def _staged(
    body: str,
    header: list[str],
    columns: dict[str, int],
    options: IngestOptions,
    source: Path,
    notes: list[str],
    *,
    header_row: int | None,
) -> Staged:
    """Pick the layout columns out of ``body`` (columns c0..cN) as canonical raw-text fields."""

    def col(name: str) -> str:
        return f"c{columns[name]}"

    def label(name: str) -> str:
        return header[columns[name]]

    exprs: dict[str, str] = {}
    fields: dict[str, str] = {}
    constants: dict[str, str] = {}
    problems: list[tuple[str, str]] = []

    def take(target: str, name: str) -> None:
        if name in columns:
            exprs[target] = col(name)
            fields[target] = label(name)

    for name in (
        "declaration_id",
        "declaration_line",
        "flow",
        "registration_code",
        "enterprise_id",
        "enterprise_type",
        "hs_code",
        "supervision_mode",
        "trade_mode",
        "customs_district",
        "transport_mode",
        "value_cny",
        "value_usd",
        "quantity1",
        "unit1",
        "quantity2",
        "unit2",
    ):
        take(name, name)

    # Month: YYYYMM as given, or derived from a YYYY-MM-DD date (anything else passes through so
    # that validation reports the value as written).
    if "month" in columns:
        take("month", "month")
    else:
        d = f"trim({col('date')})"
        exprs["month"] = (
            f"CASE WHEN regexp_full_match({d}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') AND "
            f"TRY_CAST({d} AS DATE) IS NOT NULL THEN strftime(CAST({d} AS DATE), "
            f"'%Y%m') ELSE {d} END"
        )
        fields["month"] = label("date")

    # Flow: the column, or --flow.
    if "flow" in columns and options.flow is not None:
        raise OptionError(
            f"{source}: --flow {options.flow} given but the file has a flow column "
            f"({label('flow')!r})",
            hint="drop --flow; each row states its flow",
        )
    if "flow" not in columns:
        if options.flow is None:
            raise FileFormatError(
                f"missing required column: {_label('flow')}",
                file=source,
                row=header_row,
                hint="add the column, or give --flow import|export if the whole file is one flow",
            )
        constants["flow"] = options.flow

    # Enterprise type: with no 企业性质 column, validation derives it from the registration code's
    # 6th character and names the registration code column in its problems.

    # Region, by basis.
    basis = options.region_basis or "registered"
    if basis == "national":
        raise OptionError(
            f"{source}: declarations always carry a region; the national basis does not apply",
            hint="use --region-basis registered, destination_source or customs_district",
        )
    needed = {"destination_source": "domestic_district", "customs_district": "customs_district"}
    if basis in needed:
        name = needed[basis]
        if name not in columns:
            raise FileFormatError(
                f"the {basis} region basis needs the column {_label(name)}",
                file=source,
                row=header_row,
                hint="add the column, or load on another --region-basis",
            )
        exprs["region_code"] = col(name)
        fields["region_code"] = label(name)
        problems.append((_blank(col(name)), label(name)))
    elif "region_code" in columns:
        take("region_code", "region_code")
    elif "registration_code" in columns:
        exprs["region_code"] = f"left(trim({col('registration_code')}), 2)"
        fields["region_code"] = f"{label('registration_code')} (characters 1-2)"
    elif options.region is None:
        raise FileFormatError(
            "the registered region basis needs a region_code (收发货人注册地) or "
            "registration_code (海关注册编码) column",
            file=source,
            row=header_row,
            hint="add one of the columns, give --region for a one-province file, or load on "
            "another --region-basis",
        )
    if options.region is not None:
        if "region_code" in exprs:
            raise OptionError(
                f"{source}: --region {options.region} given but each row of the file names its "
                "region",
                hint="drop --region",
            )
        constants["region_code"] = options.region
        notes.append(f"region {options.region} from --region for every row")

    # Partner: 3 digits → customs code; letters → ISO alpha-3; anything else is reported by
    # validation as an unknown customs code.
    partner_column = "partner"
    if options.partner_basis == "shipment_arrival":
        partner_column = "shipment_partner"
        if partner_column not in columns:
            raise FileFormatError(
                f"the shipment_arrival partner basis needs the column {_label(partner_column)}",
                file=source,
                row=header_row,
                hint="add the column, or load on the origin_destination basis",
            )
    p = f"NULLIF(trim({col(partner_column)}), '')"
    exprs["partner_iso3"] = f"CASE WHEN regexp_full_match({p}, '[A-Za-z]+') THEN {p} END"
    exprs["partner_code"] = f"CASE WHEN NOT regexp_full_match({p}, '[A-Za-z]+') THEN {p} END"
    fields["partner_iso3"] = fields["partner_code"] = label(partner_column)
    problems.append((f"({p} IS NULL)", label(partner_column)))

    for name in _FILLED:
        problems.append((_blank(col(name)), label(name)))
    if "registration_code" in columns and "enterprise_id" in columns:
        problems.append(
            (
                f"({_blank(col('registration_code'))} AND {_blank(col('enterprise_id'))})",
                f"{label('registration_code')} / {label('enterprise_id')}",
            )
        )
    else:
        who = "registration_code" if "registration_code" in columns else "enterprise_id"
        problems.append((_blank(col(who)), label(who)))

    whens = [
        f"WHEN {cond} THEN {literal(f'missing value in the required column {lab!r}')}"
        for cond, lab in problems
    ]
    hs = f"trim({col('hs_code')})"
    whens.append(
        f"WHEN regexp_full_match({hs}, '\\d{{2}}|\\d{{4}}|\\d{{6}}') THEN "
        f"{literal('commodity code in column ' + repr(label('hs_code')) + ' has ')} || "
        f"length({hs}) || ' digits; a declaration line carries 8 or 10 (value ' || {hs} || ')'"
    )
    parse_problem = f"coalesce(_parse_problem, CASE {' '.join(whens)} END)"
    selects = ",\n       ".join(f"{expr} AS {ident(target)}" for target, expr in exprs.items())
    sql = f"SELECT _row, _raw, {parse_problem} AS _parse_problem,\n       {selects}\nFROM ({body})"
    return Staged(
        sql=sql,
        fields=fields,
        constants=constants,
        region_basis=basis,
        partner_basis=options.partner_basis,
        hs_edition=options.hs_edition,
    )


def open_declarations(
    path: str | Path, options: IngestOptions, *, batch_size: int = 250_000
) -> IngestStream:
    """Open a declaration-level CSV or Parquet file for loading; nothing is read into memory yet."""
    source = SourceFile.open(path)
    notes: list[str] = []
    stack = ExitStack()
    try:
        engine = IngestEngine()
        stack.callback(engine.close)
        parquet = _is_parquet(source.path)
        if parquet:
            body, header, columns = _parquet_body(engine, source.path)
        elif source.path.suffix.lower() in (".parquet", ".parq"):
            raise FileFormatError(
                "not a Parquet file (no PAR1 magic bytes at the start)", file=source.path
            )
        else:
            text_path, header, _ = open_text_head(source, options.encoding, stack)
            columns = map_columns(header, source.path)
            body = plain_csv_sql(text_path, header)
        staged = _staged(
            body, header, columns, options, source.path, notes, header_row=None if parquet else 1
        )
        return stream_from_staged(
            engine,
            staged,
            source=source,
            format=FORMAT,
            dataset=options.dataset or DEFAULT_DATASET,
            grain=GRAIN,
            key_columns=KEY_COLUMNS,
            options=options,
            notes=notes,
            on_close=stack.close,
            batch_size=batch_size,
            portable=True,  # the SQL reads the file only
        )
    except BaseException:
        stack.close()
        raise
