"""Reader for UN Comtrade CSV downloads with China (156) as the reporter.

Two layouts are understood, recognised from the header (names compared without case, spaces or
punctuation, so "Trade Value (US$)" and "TradeValueUS" are the same column):

- **Comtrade+ (API / bulk, 2023 on)**: ``typeCode, freqCode, period, reporterCode, reporterISO,
  flowCode, partnerCode, partnerISO, partner2Code, classificationCode, cmdCode, aggrLevel,
  customsCode, motCode, mosCode, qtyUnitAbbr, qty, altQtyUnitAbbr, altQty, primaryValue ...``.
  Descriptions (``reporterDesc``, ``partnerDesc`` ...) and ISO columns are optional: bulk files
  carry codes only, and the partner is then found from its M49 code.
- **Legacy bulk / API (before 2023)**: ``Classification, Year, Period, Trade Flow Code,
  Reporter Code, Reporter ISO, Partner Code, Partner ISO, 2nd Partner Code, Customs Proc. Code,
  Mode of Transport Code, Commodity Code, Aggregate Level, Qty Unit, Qty, Alt Qty Unit, Alt Qty,
  Trade Value (US$) ...``. Flow codes are 1 import, 2 export, 3 re-export, 4 re-import.

Comma- or tab-delimited, UTF-8 (with or without BOM) or GBK.

What becomes of a row (the reader only locates fields; value rules live in ``validate``):

- value_usd = ``primaryValue`` / ``Trade Value (US$)`` (US dollars, CIF for imports, FOB for
  exports as China reports them); region CN on the ``national`` basis (Comtrade has no Chinese
  regions); month = ``period`` (YYYYMM).
- flow M / 1 → import, X / 2 → export. Re-exports, re-imports and every other Comtrade flow
  (RX, RM, DX, FM, processing flows ...) are quarantined: China's headline statistics have no such
  flows and adding them to imports/exports would change the totals.
- partner: ``partnerISO`` (else the M49 ``partnerCode``) → partner_iso3; partner 0 / W00 / WLD
  (World) → partner NULL (all partners). Comtrade areas without a country ("Other Asia, nes" 490,
  "Areas, nes" 899, bunkers, free zones ...) are quarantined with the area named: they cannot be
  attributed to one China Customs partner code. 490 in particular holds Taiwan together with other
  unallocated Asian trade, so mapping it to 143 (Taiwan) or 199 (other Asia) would both be wrong.
- commodity: ``cmdCode`` TOTAL → hs_code NULL; otherwise the code, in the edition given by the
  classification (H4 HS2012, H5 HS2017, H6 HS2022; legacy "HS" = as reported, edition by year).
  A code whose leading zero was lost (e.g. by a spreadsheet) is restored when ``aggrLevel`` says
  how many digits it has.
- breakdowns: only the totals over second partner (partner2Code 0), customs procedure (C00),
  mode of transport (0) and mode of supply (0) are loaded. A row broken down by any of these is
  quarantined, not skipped silently: the same trade is already in the total row, and loading both
  would double count it.
- reporter other than China (156 / CHN) → quarantined. An annual file (freqCode A, or a 4-digit
  legacy period) is refused as a whole: tradestat stores monthly observations.
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import ExitStack
from functools import cache
from pathlib import Path

import pyarrow as pa

from tradestat import reference as ref
from tradestat.errors import FileFormatError, OptionError
from tradestat.ingest.engine import IngestEngine
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.runner import stream_from_staged
from tradestat.ingest.source import SourceFile, detect_encoding, utf8_path
from tradestat.ingest.sql import literal
from tradestat.ingest.stream import IngestStream
from tradestat.ingest.textfile import first_lines, parse_header, plain_csv_sql
from tradestat.ingest.validate import Staged

FORMAT = "comtrade"

CHINA_M49 = "156"

#: Comtrade classification code → HS edition tradestat knows (None: edition from the data year).
CLASSIFICATIONS: dict[str, str | None] = {
    "H4": "HS2012",
    "H5": "HS2017",
    "H6": "HS2022",
    "HS": None,
}
_OLD_CLASSIFICATIONS = {"H0": "HS1992", "H1": "HS1996", "H2": "HS2002", "H3": "HS2007"}

#: Normalised header name → role, for each layout.
API_COLUMNS: dict[str, str] = {
    "typecode": "type",
    "freqcode": "freq",
    "period": "period",
    "refyear": "year",
    "refmonth": "month_no",
    "reportercode": "reporter",
    "reporteriso": "reporter_iso",
    "flowcode": "flow",
    "partnercode": "partner",
    "partneriso": "partner_iso",
    "partnerdesc": "partner_name",
    "partner2code": "partner2",
    "classificationcode": "classification",
    "cmdcode": "cmd",
    "aggrlevel": "level",
    "customscode": "customs",
    "motcode": "mot",
    "moscode": "mos",
    "qtyunitabbr": "unit1",
    "qtyunitcode": "unit1_code",
    "qty": "qty1",
    "altqtyunitabbr": "unit2",
    "altqtyunitcode": "unit2_code",
    "altqty": "qty2",
    "primaryvalue": "value",
}
LEGACY_COLUMNS: dict[str, str] = {
    "classification": "classification",
    "year": "year",
    "period": "period",
    "tradeflowcode": "flow",
    "reportercode": "reporter",
    "reporteriso": "reporter_iso",
    "partnercode": "partner",
    "partneriso": "partner_iso",
    "partner": "partner_name",
    "2ndpartnercode": "partner2",
    "customsproccode": "customs",
    "modeoftransportcode": "mot",
    "commoditycode": "cmd",
    "aggregatelevel": "level",
    "qtyunit": "unit1",
    "qtyunitcode": "unit1_code",
    "qty": "qty1",
    "altqtyunit": "unit2",
    "altqtyunitcode": "unit2_code",
    "altqty": "qty2",
    "tradevalueus": "value",
}

#: Flow code → (canonical flow or None, description for the quarantine reason).
API_FLOWS: dict[str, tuple[str | None, str]] = {
    "M": ("import", "import"),
    "X": ("export", "export"),
    "RM": (None, "re-import"),
    "RX": (None, "re-export"),
    "DX": (None, "domestic export"),
    "FM": (None, "foreign import"),
    "MIP": (None, "import for inward processing"),
    "XIP": (None, "export after inward processing"),
    "MOP": (None, "import after outward processing"),
    "XOP": (None, "export for outward processing"),
}
LEGACY_FLOWS: dict[str, tuple[str | None, str]] = {
    "1": ("import", "import"),
    "2": ("export", "export"),
    "3": (None, "re-export"),
    "4": (None, "re-import"),
}

_WORLD_ISO = ("W00", "WLD")
_NO_QUANTITY = ("n/a", "na", "no quantity", "-1")

#: Header words that identify a Comtrade file when sniffing (either layout).
_API_SIGNATURE = {"primaryvalue", "cmdcode", "reportercode", "flowcode"}
_LEGACY_SIGNATURE = {"tradevalueus", "commoditycode", "reportercode", "tradeflowcode"}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.strip().lstrip("\ufeff").lower())


def looks_like(header_words: list[str]) -> bool:
    """True if a header line looks like a UN Comtrade download (Comtrade+ or legacy)."""
    words = {_norm(w) for w in header_words}
    return words >= _API_SIGNATURE or words >= _LEGACY_SIGNATURE


def _layout(header: list[str], source: Path) -> tuple[str, dict[str, int]]:
    """("api" | "legacy", role → column position) for a header; unknown columns are ignored."""
    names = [_norm(h) for h in header]
    if "primaryvalue" in names:
        layout, table = "api", API_COLUMNS
    elif "tradevalueus" in names:
        layout, table = "legacy", LEGACY_COLUMNS
    else:
        raise FileFormatError(
            "not a UN Comtrade file: no primaryValue or 'Trade Value (US$)' column",
            file=source,
            row=1,
            hint="tradestat reads Comtrade+ CSV (primaryValue) and legacy Comtrade CSV "
            "('Trade Value (US$)'); for other layouts use --format mapped",
        )
    roles: dict[str, int] = {}
    for position, name in enumerate(names):
        role = table.get(name)
        if role is not None and role not in roles:
            roles[role] = position
    return layout, roles


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(line), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []


def _header(line: str, delimiter: str, source: Path) -> list[str]:
    return parse_header(line, source=source, delimiter=delimiter)


@cache
def _m49_table() -> pa.Table:
    """Comtrade partner code (M49, with Comtrade's own variants such as 842 USA) → ISO3."""
    codes: list[str] = []
    iso3s: list[str] = []
    for number in range(1, 1000):
        try:
            iso3 = ref.iso3_for_m49(number)
        except ref.UnknownCodeError:
            continue
        codes.append(str(number))
        iso3s.append(iso3)
    return pa.table({"m49": pa.array(codes, pa.string()), "iso3": pa.array(iso3s, pa.string())})


def _first_row(line: str, delimiter: str, roles: dict[str, int]) -> dict[str, str]:
    values = _split(line, delimiter)
    return {role: values[pos].strip() for role, pos in roles.items() if pos < len(values)}


class _Sql:
    """Builds the staged SQL of one Comtrade file (columns are ``c0..cN``, already trimmed)."""

    def __init__(
        self, header: list[str], roles: dict[str, int], layout: str, classification: str
    ) -> None:
        self.roles = roles
        self.label = {role: header[pos] for role, pos in roles.items()}
        self.layout = layout
        self.classification = classification

    def has(self, role: str) -> bool:
        return role in self.roles

    def col(self, role: str) -> str:
        return f"c{self.roles[role]}" if role in self.roles else "NULL::VARCHAR"

    def labelled(self, role: str) -> str:
        """SQL text "<column label> <value>" for a reason."""
        return f"{literal(self.label[role] + ' ')} || coalesce({self.col(role)}, 'NULL')"

    # -- located fields --------------------------------------------------------------------
    def month(self) -> str:
        if self.has("period"):
            return self.col("period")
        return f"{self.col('year')} || lpad({self.col('month_no')}, 2, '0')"

    def flows(self) -> dict[str, tuple[str | None, str]]:
        return API_FLOWS if self.layout == "api" else LEGACY_FLOWS

    def flow(self) -> str:
        col = self.col("flow")
        known = " ".join(
            f"WHEN {literal(code)} THEN {literal(flow)}"
            for code, (flow, _) in self.flows().items()
            if flow is not None
        )
        return f"CASE upper({col}) {known} ELSE {col} END"

    def cmd(self) -> str:
        """The commodity code, with a leading zero restored when aggrLevel says one is missing."""
        cmd = self.col("cmd")
        if not self.has("level"):
            return cmd
        level = self.col("level")
        return (
            f"CASE WHEN regexp_full_match({cmd}, '\\d+') "
            f"AND regexp_full_match({level}, '[2-9]') "
            f"AND length({cmd}) = CAST({level} AS INTEGER) - 1 THEN '0' || {cmd} "
            f"ELSE {cmd} END"
        )

    def hs_code(self) -> str:
        return f"CASE WHEN upper({self.cmd()}) = 'TOTAL' THEN NULL ELSE {self.cmd()} END"

    def _iso(self) -> str:
        return f"upper({self.col('partner_iso')})"

    def _world(self) -> str:
        return (
            f"(coalesce({self.col('partner')} = '0', false) OR "
            f"coalesce({self._iso()} IN ({', '.join(map(literal, _WORLD_ISO))}), false))"
        )

    def partner_iso3(self) -> str:
        iso = self._iso()
        return (
            f"CASE WHEN {self._world()} THEN NULL "
            f"WHEN regexp_full_match({iso}, '[A-Z]{{3}}') THEN {iso} ELSE m49.iso3 END"
        )

    def m49_key(self) -> str:
        return f"ltrim({self.col('partner')}, '0')" if self.has("partner") else "NULL"

    def quantity(self, qty: str, unit: str, unit_code: str) -> tuple[str, str]:
        """(quantity, unit): both NULL where Comtrade says there is no quantity (N/A, -1)."""
        none = [
            f"{self.col(unit)} IS NULL",
            f"lower({self.col(unit)}) IN ({', '.join(map(literal, _NO_QUANTITY))})",
        ]
        if self.has(unit_code):
            none.append(f"{self.col(unit_code)} = '-1'")
        cond = " OR ".join(none)
        return (
            f"CASE WHEN {cond} THEN NULL ELSE {self.col(qty)} END",
            f"CASE WHEN {cond} THEN NULL ELSE {self.col(unit)} END",
        )

    # -- reasons to quarantine a row -------------------------------------------------------
    def problems(self) -> list[str]:
        out: list[str] = []
        if self.has("type"):
            out.append(
                f"CASE WHEN upper({self.col('type')}) <> 'C' THEN "
                f"{self.labelled('type')} || ' is not goods (C): services trade is not "
                "supported' END"
            )
        if self.has("freq"):
            out.append(
                f"CASE WHEN upper({self.col('freq')}) <> 'M' THEN "
                f"{self.labelled('freq')} || ' is not monthly (M): tradestat stores "
                "monthly observations' END"
            )
        if self.has("period"):
            out.append(
                f"CASE WHEN regexp_full_match({self.col('period')}, '\\d{{4}}') THEN "
                f"{self.labelled('period')} || ' is a year, not a month: tradestat "
                "stores monthly observations' END"
            )
        role = "reporter" if self.has("reporter") else "reporter_iso"
        china = literal(CHINA_M49) if role == "reporter" else "'CHN'"
        out.append(
            f"CASE WHEN upper({self.col(role)}) IS DISTINCT FROM {china} THEN "
            f"{self.labelled(role)} || ' is not China (156, CHN): "
            "tradestat reads Comtrade data reported by China' END"
        )
        out.append(self._flow_problem())
        for role, total, what in (
            ("partner2", "0", "second partner"),
            ("customs", "C00", "customs procedure"),
            ("mot", "0", "mode of transport"),
            ("mos", "0", "mode of supply"),
        ):
            if self.has(role):
                reason = (
                    f" is a breakdown by {what}: only the total ({total}) is loaded, "
                    "since breakdowns would double count it"
                )
                out.append(
                    f"CASE WHEN upper({self.col(role)}) <> {literal(total)} THEN "
                    f"{self.labelled(role)} || {literal(reason)} END"
                )
        out.append(self._classification_problem())
        out.append(self._partner_problem())
        return out

    def _flow_problem(self) -> str:
        col = self.col("flow")
        flows = self.flows()
        ok = ", ".join(literal(code) for code, (flow, _) in flows.items() if flow is not None)
        named = " ".join(
            f"WHEN {literal(code)} THEN {literal(f' ({what})')}"
            for code, (flow, what) in flows.items()
            if flow is None
        )
        return (
            f"CASE WHEN {col} IS NOT NULL AND upper({col}) NOT IN ({ok}) THEN "
            f"{self.labelled('flow')} || coalesce(CASE upper({col}) {named} END, "
            "'') || ' is not supported: only imports and exports are loaded' END"
        )

    def _classification_problem(self) -> str:
        c = f"upper({self.col('classification')})"
        cmd = self.cmd()
        old = " ".join(
            f"WHEN {literal(k)} THEN {literal(f' ({v})')}" for k, v in _OLD_CLASSIFICATIONS.items()
        )
        old_list = ", ".join(map(literal, _OLD_CLASSIFICATIONS))
        differs = f" differs from the first row ({self.classification}): one file, one edition"
        return (
            f"CASE WHEN {cmd} IS NULL OR upper({cmd}) = 'TOTAL' THEN NULL "
            f"WHEN {c} IN ({old_list}) THEN {self.labelled('classification')} || "
            f"CASE {c} {old} END || ' is not supported: tradestat validates commodity codes in "
            "HS2012, HS2017 and HS2022' "
            f"WHEN {c} IS DISTINCT FROM {literal(self.classification)} THEN "
            f"{self.labelled('classification')} || "
            f"{literal(differs)} END"
        )

    def _partner_problem(self) -> str:
        pieces = []
        if self.has("partner_name"):
            pieces.append(f"{literal(chr(39))} || {self.col('partner_name')} || {literal(chr(39))}")
        if self.has("partner"):
            pieces.append(f"'(' || {self.labelled('partner')} || ')'")
        if self.has("partner_iso"):
            pieces.append(self.labelled("partner_iso"))
        iso = self._iso()
        present = " OR ".join(
            f"{self.col(r)} IS NOT NULL" for r in ("partner", "partner_iso") if self.has(r)
        )
        return (
            f"CASE WHEN NOT ({present}) THEN 'missing partner (' || "
            f"{literal(self.label.get('partner') or self.label['partner_iso'])} || ')' "
            f"WHEN NOT {self._world()} "
            f"AND NOT coalesce(regexp_full_match({iso}, '[A-Z]{{3}}'), false) "
            f"AND m49.iso3 IS NULL THEN 'partner ' || concat_ws(' ', {', '.join(pieces)}) || "
            "' is not a country: Comtrade areas such as Other Asia nes, Areas nes, bunkers "
            "or free zones cannot be attributed to a China Customs partner' END"
        )

    # -- the whole -------------------------------------------------------------------------
    def staged(self, body: str, ncols: int) -> tuple[str, dict[str, str]]:
        label = self.label
        fields = {
            "month": label["period"]
            if self.has("period")
            else f"{label['year']} + {label['month_no']}",
            "flow": label["flow"],
            "partner_iso3": label.get("partner_iso") or label["partner"],
            "hs_code": label["cmd"],
            "value_usd": label["value"],
        }
        selects = [
            f"{self.month()} AS month",
            f"{self.flow()} AS flow",
            f"{self.partner_iso3()} AS partner_iso3",
            f"{self.hs_code()} AS hs_code",
            f"{self.col('value')} AS value_usd",
        ]
        for n, qty, unit, code in (
            (1, "qty1", "unit1", "unit1_code"),
            (2, "qty2", "unit2", "unit2_code"),
        ):
            if self.has(qty) and self.has(unit):
                q, u = self.quantity(qty, unit, code)
                fields |= {f"quantity{n}": label[qty], f"unit{n}": label[unit]}
                selects += [f"{q} AS quantity{n}", f"{u} AS unit{n}"]
        trimmed = ", ".join(f"NULLIF(trim(c{i}), '') AS c{i}" for i in range(ncols))
        problem = ", ".join(self.problems())
        sql = f"""
SELECT _row, _raw, coalesce(_parse_problem, {problem}) AS _parse_problem,
  {", ".join(selects)}
FROM (SELECT _row, _raw, _parse_problem, {trimmed} FROM ({body})) src
LEFT JOIN _comtrade_m49 m49 ON m49.m49 = {self.m49_key()}"""
        return sql, fields


def open_comtrade(
    path: str | Path, options: IngestOptions, *, batch_size: int = 250_000
) -> IngestStream:
    """Open a UN Comtrade CSV (China as reporter) for loading; nothing is read into memory yet."""
    source = SourceFile.open(path)
    notes: list[str] = []
    stack = ExitStack()
    try:
        if options.flow is not None:
            raise OptionError(
                f"{source.path}: --flow given, but a Comtrade file carries the flow on every row",
                hint="drop --flow",
            )
        if options.region is not None and options.region != "CN":
            raise OptionError(
                f"{source.path}: Comtrade data are national (region CN), not "
                f"region {options.region}",
                hint="drop --region",
            )
        if options.region_basis not in (None, "national"):
            raise OptionError(
                f"{source.path}: Comtrade data are on the national basis, not "
                f"{options.region_basis}",
                hint="drop --region-basis",
            )

        encoding = detect_encoding(source, options.encoding)
        text_path = stack.enter_context(utf8_path(source, encoding))
        lines = first_lines(text_path, 2)
        if not lines:
            raise FileFormatError("the file is empty", file=source.path)
        delimiter = "\t" if lines[0].count("\t") > lines[0].count(",") else ","
        header = _header(lines[0], delimiter, source.path)
        layout, roles = _layout(header, source.path)
        if len(lines) < 2:
            raise FileFormatError("the file has a header but no data rows", file=source.path)
        _check_columns(layout, roles, source.path)

        first = _first_row(lines[1], delimiter, roles)
        _refuse_annual(first, layout, roles, source.path)
        classification = first.get("classification", "").upper()
        edition = _edition(first, classification, options, source.path, notes)

        engine = IngestEngine()
        stack.callback(engine.close)
        engine.con.register("_comtrade_m49", _m49_table())
        builder = _Sql(header, roles, layout, classification)
        body = plain_csv_sql(text_path, header, delimiter=delimiter)
        sql, fields = builder.staged(body, len(header))
        staged = Staged(
            sql=sql,
            fields=fields,
            constants={"region_code": "CN"},
            region_basis="national",
            partner_basis=options.partner_basis,
            hs_edition=edition,
        )
        dataset = options.dataset or f"comtrade:usd:{_hs_level(first)}+partner"
        return stream_from_staged(
            engine,
            staged,
            source=source,
            format=FORMAT,
            dataset=dataset,
            grain="aggregate",
            key_columns=("month", "flow", "partner_code", "partner_iso3", "hs_code"),
            options=options,
            notes=notes,
            on_close=stack.close,
            batch_size=batch_size,
        )
    except BaseException:
        stack.close()
        raise


def _check_columns(layout: str, roles: dict[str, int], source: Path) -> None:
    """The columns every Comtrade file must have, named as its layout names them."""
    api = layout == "api"

    def need(*alternatives: str, label: str) -> None:
        if not any(role in roles for role in alternatives):
            raise FileFormatError(
                f"no {label} column in this Comtrade file", file=source, row=1, column=label
            )

    if "period" not in roles:
        need("year", label="period")
        need("month_no", label="period")
    need("flow", label="flowCode" if api else "Trade Flow Code")
    need("cmd", label="cmdCode" if api else "Commodity Code")
    need("classification", label="classificationCode" if api else "Classification")
    need("reporter", "reporter_iso", label="reporterCode" if api else "Reporter Code")
    need("partner", "partner_iso", label="partnerCode" if api else "Partner Code")


def _refuse_annual(first: dict[str, str], layout: str, roles: dict[str, int], source: Path) -> None:
    freq = first.get("freq", "").upper()
    period = first.get("period", "")
    if freq == "A" or (not freq and re.fullmatch(r"\d{4}", period)):
        raise FileFormatError(
            "this is an annual Comtrade file: tradestat stores monthly observations only",
            file=source,
            row=2,
            column="freqCode" if "freq" in roles else "Period",
            value=freq or period,
            hint="download the monthly series (freqCode M, periods YYYYMM) instead",
        )


def _edition(
    first: dict[str, str],
    classification: str,
    options: IngestOptions,
    source: Path,
    notes: list[str],
) -> str | None:
    """The HS edition of the file, from the first row's classification (H4/H5/H6)."""
    is_total = first.get("cmd", "").upper() in ("TOTAL", "")
    if not is_total and classification in _OLD_CLASSIFICATIONS:
        raise FileFormatError(
            f"classification {classification} ({_OLD_CLASSIFICATIONS[classification]}) is not "
            "supported; tradestat validates commodity codes in HS2012, HS2017 and HS2022",
            file=source,
            row=2,
            value=classification,
            hint="download the data in H4, H5 or H6, or as reported (HS)",
        )
    edition = CLASSIFICATIONS.get(classification)
    if edition is None:
        if options.hs_edition is None and not is_total:
            notes.append(
                f"classification {classification or '?'}: the HS edition of each row "
                "is taken from its year (HS2017 for 2017-2021, HS2022 from 2022)"
            )
        return options.hs_edition
    if options.hs_edition is not None and options.hs_edition != edition:
        raise OptionError(
            f"{source}: --hs-edition {options.hs_edition} contradicts the file's classification "
            f"{classification} ({edition})",
            hint="drop --hs-edition",
        )
    return edition


def _hs_level(first: dict[str, str]) -> str:
    cmd = first.get("cmd", "")
    if not cmd or cmd.upper() == "TOTAL":
        return "total"
    level = first.get("level", "")
    if level.isdigit() and level != "0":
        return f"hs{int(level)}"
    return f"hs{len(cmd)}"
