"""Reader for any CSV, Parquet or XLSX file described by a YAML column mapping.

The mapping says where each canonical field is and how to read it::

    source:                # how to read the file (every key optional)
      format: csv          # csv | parquet | xlsx (default: from the file extension)
      sheet: Sheet1        # xlsx: worksheet name (default: the first sheet)
      header_row: 1        # csv / xlsx: the line or row holding the column names (default 1)
      delimiter: ","       # csv: one character (default ",")
      encoding: auto       # csv: auto | utf-8 | gbk | gb18030 (default auto)
    columns:               # canonical field -> column name in the file
      month: Period
      flow: Flow
      partner_iso3: Partner
      hs_code: HS
      value_usd: Trade value
    constants:             # canonical field -> value, for fields the file does not carry
      region_code: "65"
    region_basis: registered      # registered | destination_source | customs_district | national
    partner_basis: origin_destination   # or shipment_arrival (default origin_destination)
    month_format: YYYYMM          # YYYYMM | YYYY-MM | YYYY/MM | YYYY-MM-DD | Excel date
    value_unit: 1                 # multiply values by this power of ten: 1000, 10000 万, 10^8 亿
    value_maps:                   # recode source values before validation, per mapped field
      flow: {Imports: import, Exports: export}
    hs_edition: HS2022            # optional: the edition of hs_code (default: by year)
    dataset: my-dataset           # optional (default: mapped:<mapping file name>)

Canonical fields are those of ``tradestat.model.records`` (plus ``registration_code``, from which
validation derives the enterprise type). ``month``, ``region_code``, ``flow`` and a value
(``value_cny`` or ``value_usd``) must each come from a column or a constant (``--flow`` and
``--region`` count as constants). ``region_basis`` is required unless the region is CN.

Exactness:

- ``value_unit`` moves the decimal point on the *text* of the value ("1,234.5" thousand →
  "1234500"); no float ever touches a value. A scaled value with more than 2 decimals is left as
  it is, so validation quarantines it rather than rounding.
- Months are rebuilt as YYYYMM text from the declared format; a value that does not match the
  format is quarantined naming the format. "YYYY-MM-DD" also accepts "/" and a time of day;
  "Excel date" accepts an Excel serial day number or an ISO date (an XLSX date cell).
- Parquet: every column is read as text. DECIMAL and integer columns are exact. A DOUBLE becomes
  the shortest decimal that reads back to the same binary value (1234.5 → "1234.5", the number
  the writer most likely meant); a DOUBLE with binary noise (0.30000000000000004) or in exponent
  form is quarantined, never rounded. A FLOAT (single precision, about 7 digits) cannot carry
  money, so a FLOAT column mapped to a value or quantity is refused.
- XLSX: see ``tradestat.ingest.spreadsheet``: the same shortest-decimal rule for numeric cells,
  ISO dates for date cells, ``_row`` = the row number Excel shows. The sheet is streamed once,
  when the file is opened, into a temporary Parquet file of text columns (the runner scans its
  source twice: a fast pass, then a pass locating bad rows).

Row numbers: the physical line for CSV (header line = ``header_row``), the spreadsheet row for
XLSX, the Parquet row + 1. The mapping's problems are MappingErrors naming the mapping file and the
key; a mapped column missing from the data file is a FileFormatError naming the file and column.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from tradestat.errors import EncodingError, FileFormatError, MappingError, OptionError
from tradestat.ingest.engine import IngestEngine
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.runner import stream_from_staged
from tradestat.ingest.source import SourceFile, detect_encoding, utf8_path
from tradestat.ingest.sql import ident, literal, trimmed
from tradestat.ingest.stream import IngestStream
from tradestat.ingest.textfile import plain_csv_sql
from tradestat.ingest.validate import PSEUDO_FIELDS, Staged
from tradestat.model.records import CANONICAL_FIELDS, PARTNER_BASES, REGION_BASES

FORMAT = "mapped"

#: Fields a mapping may give (per row or as a constant). The bases and the HS edition hold for the
#: whole file and are top-level keys instead.
MAPPABLE_FIELDS: tuple[str, ...] = (
    tuple(
        f.name
        for f in CANONICAL_FIELDS
        if f.name not in ("region_basis", "partner_basis", "hs_edition")
    )
    + PSEUDO_FIELDS
)
VALUE_FIELDS = ("value_cny", "value_usd")
MEASURE_FIELDS = tuple(f.name for f in CANONICAL_FIELDS if f.is_measure)
_REQUIRED = ("month", "region_code", "flow")
#: Dimensions that, with month/region/flow, identify a row of an aggregate file.
_KEY_FIELDS = (
    "partner_code",
    "partner_iso3",
    "hs_code",
    "trade_mode",
    "supervision_mode",
    "enterprise_type",
    "enterprise_id",
    "registration_code",
    "customs_district",
    "transport_mode",
    "declaration_id",
    "declaration_line",
)

MONTH_FORMATS = ("YYYYMM", "YYYY-MM", "YYYY/MM", "YYYY-MM-DD", "Excel date")
_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
_MONEY_TEXT = r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?"


# -- the mapping file -----------------------------------------------------------------------------
def _text(value: Any) -> Any:
    """YAML scalars that mean text: strings, and integers (region 65, month 202401, code 1)."""
    if isinstance(value, bool):
        raise ValueError('expected text, got a boolean (quote it, e.g. "yes")')
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"expected text, got the number {value!r} (quote it)")
    return value


Text = Annotated[str, BeforeValidator(_text)]


class SourceSpec(BaseModel):
    """How to read the data file."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["csv", "parquet", "xlsx"] | None = None
    sheet: Text | None = None
    header_row: int = Field(default=1, ge=1, strict=True)
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    encoding: Literal["auto", "utf-8", "gbk", "gb18030"] = "auto"


class MappingSpec(BaseModel):
    """A validated column mapping (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    source: SourceSpec = Field(default_factory=SourceSpec)
    columns: dict[Text, Text] = Field(default_factory=dict)
    constants: dict[Text, Text] = Field(default_factory=dict)
    region_basis: Literal[REGION_BASES] | None = None  # type: ignore[valid-type]
    partner_basis: Literal[PARTNER_BASES] | None = None  # type: ignore[valid-type]
    month_format: Literal[MONTH_FORMATS] = "YYYYMM"  # type: ignore[valid-type]
    value_unit: int = Field(default=1, strict=True)
    value_maps: dict[Text, dict[Text, Text]] = Field(default_factory=dict)
    hs_edition: Literal["HS2012", "HS2017", "HS2022"] | None = None
    dataset: Text | None = None


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key, self.line = key, line


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice (PyYAML keeps the last one silently)."""


def _construct_unique_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _mapping_error(path: Path, key: str, reason: str, hint: str | None = None) -> MappingError:
    error = MappingError(f"key {key!r}: {reason}", file=path, hint=hint)
    error.key = key  # type: ignore[attr-defined]
    return error


def _key_of(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def load_mapping(path: str | Path) -> MappingSpec:
    """Read and check a mapping file; MappingError names the file and the offending key."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise MappingError("mapping file not found", file=p) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read the mapping file: {exc}", file=p) from exc
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except _DuplicateKey as exc:
        error = MappingError(
            f"key {exc.key!r}: given twice (the second one is on this line)", file=p, row=exc.line
        )
        error.key = exc.key  # type: ignore[attr-defined]
        raise error from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MappingError(
            f"not valid YAML: {problem}", file=p, row=mark.line + 1 if mark is not None else None
        ) from exc
    if data is None:
        raise _mapping_error(
            p,
            "columns",
            "the mapping file is empty",
            hint="a mapping needs at least a 'columns' section",
        )
    if not isinstance(data, dict):
        raise _mapping_error(
            p,
            "(top level)",
            "a mapping must be a YAML mapping of keys (source, columns, constants, ...)",
        )
    try:
        spec = MappingSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_of(first["loc"])
        if first["type"] == "extra_forbidden":
            known = (
                SourceSpec if first["loc"][0] == "source" and len(first["loc"]) > 1 else MappingSpec
            ).model_fields
            name = str(first["loc"][-1])
            close = difflib.get_close_matches(name, list(known), n=1)
            reason = "unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")
            hint = f"known keys: {', '.join(known)}"
        else:
            reason, hint = first["msg"], None
        more = len(exc.errors()) - 1
        if more:
            reason += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise _mapping_error(p, key, reason, hint) from exc
    _check_fields(spec, p)
    return spec


def _check_fields(spec: MappingSpec, path: Path) -> None:
    """Field names, value unit and value maps: the checks pydantic types cannot express."""
    for section, names in (
        ("columns", spec.columns),
        ("constants", spec.constants),
        ("value_maps", spec.value_maps),
    ):
        for name in names:
            if name not in MAPPABLE_FIELDS:
                close = difflib.get_close_matches(name, MAPPABLE_FIELDS, n=1)
                raise _mapping_error(
                    path,
                    f"{section}.{name}",
                    f"unknown canonical field {name!r}"
                    + (f" (did you mean {close[0]!r}?)" if close else ""),
                    hint=f"fields: {', '.join(MAPPABLE_FIELDS)}",
                )
    if not spec.columns:
        raise _mapping_error(
            path,
            "columns",
            "no columns are mapped",
            hint="map at least the value column, e.g. 'value_cny: Amount'",
        )
    for name in spec.columns:
        if name in spec.constants:
            raise _mapping_error(
                path, f"constants.{name}", f"{name!r} is given both as a column and as a constant"
            )
    for name in spec.value_maps:
        if name not in spec.columns:
            raise _mapping_error(
                path,
                f"value_maps.{name}",
                f"{name!r} is not read from a column, so there is nothing to recode",
                hint=f"map {name} under 'columns' first",
            )
    unit = spec.value_unit
    if unit < 1 or str(unit).rstrip("0") != "1" or len(str(unit)) > 13:
        raise _mapping_error(
            path,
            "value_unit",
            f"{unit} is not a power of ten from 1 to 10^12",
            hint="use 1, 1000 (thousands), 10000 (万) or 100000000 (亿)",
        )


# -- locating the columns -------------------------------------------------------------------------
def _match_column(name: str, header: list[str]) -> int | None:
    """Position of ``name`` in ``header``: exact, else a unique case/space-insensitive match."""
    if name in header:
        return header.index(name)
    folded = [i for i, h in enumerate(header) if h.strip().casefold() == name.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def _locate(spec: MappingSpec, header: list[str], data: Path) -> dict[str, int]:
    """Mapped field → column position; FileFormatError if the file lacks a mapped column."""
    positions: dict[str, int] = {}
    for field, column in spec.columns.items():
        position = _match_column(column, header)
        if position is None:
            close = difflib.get_close_matches(column, header, n=1)
            raise FileFormatError(
                f"the mapping puts {field} in column {column!r}, which the file does not have"
                + (f" (did you mean {close[0]!r}?)" if close else ""),
                file=data,
                column=column,
                hint=f"the file's columns are: {', '.join(h for h in header if h)}",
            )
        positions[field] = position
    return positions


# -- reading each format --------------------------------------------------------------------------
def _csv_header(path: Path, header_row: int, delimiter: str, source: Path) -> list[str]:
    line = None
    try:
        with path.open("r", encoding="utf-8", newline="") as handle:
            for number, text in enumerate(handle, start=1):
                if number == header_row:
                    line = text.rstrip("\r\n")
                    break
    except UnicodeDecodeError as exc:
        raise EncodingError(f"invalid UTF-8 in the first lines: {exc.reason}", file=source) from exc
    if line is None or not line.strip():
        raise FileFormatError(
            f"no header on line {header_row}",
            file=source,
            row=header_row,
            hint="set source.header_row in the mapping",
        )
    try:
        names = next(csv.reader(io.StringIO(line), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise FileFormatError(
            f"unreadable header line: {exc}", file=source, row=header_row
        ) from exc
    names = [n.strip().lstrip("\ufeff") for n in names]
    while names and names[-1] == "":
        names.pop()
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        raise FileFormatError(
            f"duplicate column names in the header: {', '.join(duplicates)}",
            file=source,
            row=header_row,
        )
    return names


def _csv_body(path: Path, header: list[str], header_row: int, delimiter: str) -> str:
    """SQL giving ``_row, _raw, _parse_problem, c0..cN`` for a CSV whose header is on a line.

    ``textfile.plain_csv_sql`` reads files whose header is line 1. For a later header line the
    same SQL skips ``header_row`` lines instead of 1 and the row numbers are shifted to match
    (outside the SQL, so that the runner's unnumbered fast pass still applies).
    """
    body = plain_csv_sql(path, header, delimiter=delimiter)
    if header_row == 1:
        return body
    if body.count("skip=1,") != 1:
        raise RuntimeError(
            "textfile.plain_csv_sql no longer skips exactly one header line; "
            "update mapped._csv_body"
        )
    body = body.replace("skip=1,", f"skip={header_row},")
    cols = ", ".join(f"c{i}" for i in range(len(header)))
    return f"SELECT _row + {header_row - 1} AS _row, _raw, _parse_problem, {cols} FROM ({body})"


def _parquet_parts(
    con: Any, path: Path, spec: MappingSpec, source: Path
) -> tuple[list[str], str, dict[int, str]]:
    """(header, body SQL, position → problem SQL) for a Parquet file, every column as text.

    The problem expressions read the text columns ``c<i>`` of the body.
    """
    try:
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({literal(str(path))})"
        ).fetchall()
    except duckdb.Error as exc:
        raise FileFormatError(
            f"cannot read the file as Parquet: {str(exc).splitlines()[0]}", file=source
        ) from exc
    header = [row[0] for row in described]
    types = [str(row[1]).upper() for row in described]
    measures = {spec.columns[f] for f in MEASURE_FIELDS if f in spec.columns}
    texts: list[str] = []
    problems: dict[int, str] = {}
    for i, (name, kind) in enumerate(zip(header, types, strict=True)):
        col = ident(name)
        if kind in ("FLOAT", "REAL", "FLOAT4") and name in measures:
            raise FileFormatError(
                f"column {name!r} is single-precision FLOAT, which cannot hold amounts exactly",
                file=source,
                column=name,
                hint="write money and quantities as DECIMAL, integers, DOUBLE or text",
            )
        if kind in ("DOUBLE", "FLOAT8", "FLOAT", "REAL", "FLOAT4"):
            shortest = f"CAST({col} AS VARCHAR)"
            texts.append(f"regexp_replace({shortest}, '\\.0$', '') AS c{i}")
            # Exponent form (1e+16, 1.5e-07), inf and nan: no exact decimal text to validate.
            problems[i] = (
                f"CASE WHEN regexp_matches(lower(c{i}), 'e|inf|nan') THEN "
                f"{literal(f'column {name!r} holds the floating-point number ')} || "
                f"c{i} || ', which has no exact decimal form' END"
            )
        else:
            texts.append(f"CAST({col} AS VARCHAR) AS c{i}")
    raw = (
        "to_json(struct_pack("
        + ", ".join(f"{ident(name)} := CAST({ident(name)} AS VARCHAR)" for name in header)
        + "))"
    )
    body = (
        f"SELECT file_row_number + 1 AS _row, {raw} AS _raw, "
        f"NULL::VARCHAR AS _parse_problem, {', '.join(texts)} "
        f"FROM read_parquet({literal(str(path))}, file_row_number = true)"
    )
    return header, body, problems


# -- the staged SQL -------------------------------------------------------------------------------
def _month_sql(v: str, fmt: str) -> tuple[str, str]:
    """(YYYYMM text, condition under which ``v`` does not match ``fmt``) for a month value."""
    if fmt == "YYYYMM":
        return v, "false"
    if fmt in ("YYYY-MM", "YYYY/MM"):
        sep = fmt[4]
        pattern = f"(\\d{{4}}){sep}(\\d{{1,2}})"
        return (
            f"regexp_extract({v}, '^{pattern}$', 1) || "
            f"lpad(regexp_extract({v}, '^{pattern}$', 2), 2, '0')",
            f"NOT regexp_full_match({v}, '{pattern}')",
        )
    date_re = "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})([ T].*)?"
    date = (
        f"try_strptime(replace(regexp_extract({v}, '^{date_re}$', 1) || '-' || "
        f"regexp_extract({v}, '^{date_re}$', 2) || '-' || "
        f"regexp_extract({v}, '^{date_re}$', 3), '/', '-'), '%Y-%m-%d')"
    )
    if fmt == "YYYY-MM-DD":
        return (
            f"strftime({date}, '%Y%m')",
            f"(NOT regexp_full_match({v}, '{date_re}') OR {date} IS NULL)",
        )
    # Excel date: a serial day number (1 = 1900-01-01, epoch 1899-12-30 for serials >= 61) or
    # an ISO date (an XLSX date cell, a Parquet DATE column).
    serial = f"TRY_CAST(regexp_extract({v}, '^(\\d{{1,7}})(\\.\\d+)?$', 1) AS INTEGER)"
    return (
        f"CASE WHEN {serial} BETWEEN 61 AND 2958465 "
        f"THEN strftime(DATE '1899-12-30' + {serial}, '%Y%m') "
        f"ELSE strftime({date}, '%Y%m') END",
        f"(NOT ({serial} BETWEEN 61 AND 2958465) OR {serial} IS NULL) AND "
        f"(NOT regexp_full_match({v}, '{date_re}') OR {date} IS NULL)",
    )


def _number_parts(v: str, name: str) -> list[str]:
    """Columns ``ok_<name>``, ``ip_<name>``, ``fp_<name>``: is ``v`` a plain non-negative decimal
    (thousands separators allowed), and its integer and fraction digits."""
    plain = f"replace({v}, ',', '')"
    return [
        f"regexp_full_match({v}, '{_MONEY_TEXT}') AS {ident('ok_' + name)}",
        f"split_part({plain}, '.', 1) AS {ident('ip_' + name)}",
        f"split_part({plain}, '.', 2) AS {ident('fp_' + name)}",
    ]


def _scaled_sql(v: str, name: str, unit: int) -> str:
    """``v`` times ``unit`` (10^k), exactly, by moving the decimal point in the text.

    Uses the columns of ``_number_parts``. Anything that is not a plain non-negative decimal is
    passed through unchanged, so validation reports it as the source wrote it.
    """
    k = len(str(unit)) - 1
    if k == 0:
        return v
    ok, ip, fp = (ident(p + name) for p in ("ok_", "ip_", "fp_"))
    whole = f"coalesce(NULLIF(ltrim({ip} || left({fp} || '{'0' * k}', {k}), '0'), ''), '0')"
    frac = f"rtrim(substr({fp}, {k + 1}), '0')"
    return (
        f"CASE WHEN {ok} THEN {whole} || CASE WHEN {frac} <> '' THEN '.' || {frac} "
        f"ELSE '' END ELSE {v} END"
    )


def _staged_sql(
    body: str,
    spec: MappingSpec,
    positions: dict[str, int],
    header: list[str],
    extra_problems: dict[int, str],
) -> str:
    """SELECT of the located fields, recoded, month-converted and scaled."""
    recoded: list[str] = []
    for field, pos in positions.items():
        v = f"NULLIF({trimmed(f'c{pos}')}, '')"
        mapping = spec.value_maps.get(field)
        if mapping:
            # Targets are trimmed here as validation would: the fields reach it already
            # trimmed (Staged.trim is off), and trimming twice cost a tenth of a Parquet load.
            whens = " ".join(
                f"WHEN {literal(k)} THEN {literal(val.strip(' '))}" for k, val in mapping.items()
            )
            v = f"CASE {v} {whens} ELSE {v} END"
        recoded.append(f"{v} AS {ident('f_' + field)}")

    finals: list[str] = []
    parts: list[str] = []
    problems: list[str] = ["_parse_problem"]
    problems += [
        extra_problems[pos] for pos in sorted(set(positions.values())) if pos in extra_problems
    ]
    for field in positions:
        v = ident("f_" + field)
        if field == "month":
            month, bad = _month_sql(v, spec.month_format)
            finals.append(f"{month} AS month")
            if bad != "false":
                problems.append(
                    f"CASE WHEN {v} IS NOT NULL AND {bad} THEN "
                    f"{literal(f'column {header[positions[field]]!r}: month ')} || {v} || "
                    f"{literal(' does not match month_format ' + spec.month_format)} END"
                )
        elif field in VALUE_FIELDS:
            finals.append(f"{_scaled_sql(v, field, spec.value_unit)} AS {ident(field)}")
            if spec.value_unit != 1:
                parts += _number_parts(v, field)
        else:
            finals.append(f"{v} AS {ident(field)}")
    return f"""
SELECT _row, _raw, coalesce({", ".join(problems)}) AS _parse_problem,
  {", ".join(finals)}
FROM (SELECT *{"".join(", " + p for p in parts)}
      FROM (SELECT *, {", ".join(recoded)} FROM ({body})))"""


# -- the reader -----------------------------------------------------------------------------------
def _merge_options(
    spec: MappingSpec, options: IngestOptions, mapping: Path
) -> tuple[dict[str, str], str, str, str | None]:
    """(constants, region basis, partner basis, HS edition) from the mapping and the options."""
    constants = dict(spec.constants)
    for field, given in (("flow", options.flow), ("region_code", options.region)):
        if given is None:
            continue
        if field in spec.columns:
            raise OptionError(
                f"--{field.removesuffix('_code')} {given} given, but the mapping "
                f"{mapping} reads {field} from column {spec.columns[field]!r}"
            )
        if field in constants and constants[field] != given:
            raise OptionError(
                f"--{field.removesuffix('_code')} {given} contradicts the "
                f"mapping's constant {field}: {constants[field]}"
            )
        constants[field] = given
    available = set(spec.columns) | set(constants)
    for field in _REQUIRED:
        if field not in available:
            raise _mapping_error(
                mapping,
                "columns",
                f"required field {field!r} is neither a column nor a constant",
                hint=f"add '{field}: <column>' under columns, or "
                f"'{field}: <value>' under constants",
            )
    if not available & set(VALUE_FIELDS):
        raise _mapping_error(
            mapping, "columns", "no value: map value_cny (yuan) or value_usd (US dollars)"
        )

    basis = spec.region_basis
    if options.region_basis is not None:
        if basis is not None and basis != options.region_basis:
            raise OptionError(
                f"--region-basis {options.region_basis} contradicts the mapping's "
                f"region_basis {basis}"
            )
        basis = options.region_basis
    if basis is None:
        if constants.get("region_code") == "CN":
            basis = "national"
        else:
            raise _mapping_error(
                mapping,
                "region_basis",
                "required: say which region basis the data are on",
                hint="registered, destination_source, customs_district or "
                "national (DOMAIN.md §4: the bases are never mixed)",
            )
    partner_basis = spec.partner_basis or options.partner_basis
    edition = spec.hs_edition
    if options.hs_edition is not None:
        if edition is not None and edition != options.hs_edition:
            raise OptionError(
                f"--hs-edition {options.hs_edition} contradicts the mapping's hs_edition {edition}"
            )
        edition = options.hs_edition
    return constants, basis, partner_basis, edition


@contextmanager
def _temporary_file(suffix: str) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix="tradestat-", suffix=suffix)
    os.close(fd)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _format_of(spec: MappingSpec, data: Path) -> str:
    if spec.source.format is not None:
        return spec.source.format
    fmt = _EXTENSIONS.get(data.suffix.lower())
    if fmt is None:
        raise FileFormatError(
            f"cannot tell the format from the extension {data.suffix!r}",
            file=data,
            hint="set source.format (csv, parquet or xlsx) in the mapping",
        )
    return fmt


def open_mapped(
    path: str | Path, options: IngestOptions, *, batch_size: int = 250_000
) -> IngestStream:
    """Open a file described by the mapping ``options.mapping``.

    CSV and Parquet are not read yet; an XLSX sheet is converted once, here, into a temporary
    Parquet file of text columns (removed when the stream is closed).
    """
    if options.mapping is None:
        raise OptionError(
            "--format mapped needs a mapping file",
            hint="give --mapping MAPPING.yaml (see tradestat.ingest.mapped)",
        )
    mapping = Path(options.mapping)
    spec = load_mapping(mapping)
    options.check_partners(
        bool({"partner_code", "partner_iso3"} & set(spec.columns)),
        str(path),
        f"the mapping {mapping.name} names no partner column",
    )
    constants, basis, partner_basis, edition = _merge_options(spec, options, mapping)
    source = SourceFile.open(path)
    fmt = _format_of(spec, source.path)
    if fmt != "xlsx" and spec.source.sheet is not None:
        raise _mapping_error(mapping, "source.sheet", f"a {fmt} file has no sheets")
    if fmt == "parquet" and spec.source.header_row != 1:
        raise _mapping_error(mapping, "source.header_row", "a Parquet file has no header row")

    stack = ExitStack()
    try:
        engine = IngestEngine()
        stack.callback(engine.close)
        extra: dict[int, str] = {}
        if fmt == "csv":
            declared = options.encoding
            if spec.source.encoding != "auto":
                declared = spec.source.encoding
            encoding = detect_encoding(source, declared)
            text_path = stack.enter_context(utf8_path(source, encoding))
            header = _csv_header(
                text_path, spec.source.header_row, spec.source.delimiter, source.path
            )
            positions = _locate(spec, header, source.path)
            body = _csv_body(text_path, header, spec.source.header_row, spec.source.delimiter)
        elif fmt == "parquet":
            header, body, extra = _parquet_parts(engine.con, source.path, spec, source.path)
            positions = _locate(spec, header, source.path)
        else:
            from tradestat.ingest.spreadsheet import Worksheet

            sheet = Worksheet(source.path, spec.source.sheet, spec.source.header_row)
            try:
                header = sheet.header
                positions = _locate(spec, header, source.path)
                wanted = sorted(set(positions.values()))
                rows = stack.enter_context(_temporary_file(".parquet"))
                sheet.to_parquet(wanted, rows, min(batch_size, 50_000))
            finally:
                sheet.close()
            body = (
                "SELECT _row, _raw, NULL::VARCHAR AS _parse_problem, "
                f"{', '.join(f'c{i}' for i in wanted)} "
                f"FROM read_parquet({literal(str(rows))})"
            )

        staged = Staged(
            sql=_staged_sql(body, spec, positions, header, extra),
            fields={field: header[pos] for field, pos in positions.items()},
            constants=constants,
            region_basis=basis,
            partner_basis=partner_basis,
            hs_edition=edition,
            trim=False,  # _staged_sql has trimmed every field
        )
        provided = set(positions) | set(constants)
        key = ("month", "region_code", "flow", *[k for k in _KEY_FIELDS if k in provided])
        key = tuple("enterprise_id" if k == "registration_code" else k for k in key)
        grain = "declaration" if "declaration_id" in provided else "aggregate"
        dataset = options.dataset or spec.dataset or f"mapped:{mapping.stem}"
        notes: list[str] = []
        if spec.value_unit != 1:
            notes.append(
                f"values multiplied by {spec.value_unit:,} (value_unit of the mapping "
                f"{mapping.name})"
            )
        stream = stream_from_staged(
            engine,
            staged,
            source=source,
            format=FORMAT,
            dataset=dataset,
            grain=grain,
            key_columns=tuple(dict.fromkeys(key)),
            options=options,
            notes=notes,
            on_close=stack.close,
            batch_size=batch_size,
            portable=True,  # the SQL reads files only (XLSX goes through a temporary Parquet)
        )
        # The same data file read through a corrected mapping is a different load, not a
        # duplicate: the mapping's content goes into the load options.
        stream.options = {**stream.options, "mapping_sha256": _sha256(mapping)}
        return stream
    except BaseException:
        stack.close()
        raise


__all__ = [
    "MAPPABLE_FIELDS",
    "MONTH_FORMATS",
    "MappingSpec",
    "SourceSpec",
    "load_mapping",
    "open_mapped",
]
