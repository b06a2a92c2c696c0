"""Validation: raw text columns become typed canonical columns, or a quarantine reason.

Readers only *locate* fields (split lines, pick columns); every rule about what a valid value is
lives here, once, as SQL run by DuckDB so that ten million rows validate at scan speed. Each row
gets either typed canonical values or the first problem found: the column (as the source named
it), the offending value, and a reason a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tradestat.ingest.sql import literal
from tradestat.model.records import CANONICAL_FIELDS

#: Fields a reader may supply besides the canonical ones.
PSEUDO_FIELDS = ("registration_code",)

_MONEY_RE = r"(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?"
_QTY_RE = r"(\d{1,3}(,\d{3})+|\d+)(\.\d{1,3})?"
_NUMBER_RE = r"-?\d[\d,]*(\.\d+)?"

_FLOW_WORDS = {
    "import": ("i", "im", "m", "import", "imports", "进口", "1"),
    "export": ("e", "ex", "x", "export", "exports", "出口", "0"),
}


@dataclass(frozen=True, slots=True)
class Staged:
    """A reader's output: SQL yielding ``_row``, ``_raw``, ``_parse_problem`` and raw text fields.

    ``fields`` maps each canonical (or pseudo) field the SQL provides to the label of the source
    column it came from, used in error messages. ``constants`` gives values the file does not carry
    (flow, region from options). ``region_basis`` and ``partner_basis`` hold for the whole load.
    """

    sql: str
    fields: dict[str, str]
    region_basis: str
    constants: dict[str, str] = field(default_factory=dict)
    partner_basis: str = "origin_destination"
    hs_edition: str | None = None


def _raw(staged: Staged, name: str) -> str:
    if name in staged.fields:
        return f"NULLIF(trim(s.\"{name}\"), '')"
    if name in staged.constants:
        return literal(staged.constants[name])
    return "NULL::VARCHAR"


def _label(staged: Staged, name: str) -> str:
    if name in staged.fields:
        return literal(staged.fields[name])
    if name in staged.constants:
        return literal(f"<option {name}>")
    return literal(name)


def _number_check(raw: str, label: str, pattern: str, decimals: int, what: str) -> list[tuple]:
    """Checks for a non-negative decimal with optional thousands separators."""
    return [
        (f"{raw} IS NOT NULL AND NOT regexp_full_match({raw}, '{pattern}') AND "
         f"regexp_full_match({raw}, '-{pattern}')", label, raw, f"negative {what}"),
        (f"{raw} IS NOT NULL AND NOT regexp_full_match({raw}, '{pattern}') AND "
         f"regexp_full_match({raw}, '{_NUMBER_RE}')", label, raw,
         f"{what} has more than {decimals} decimal places or misplaced thousands separators"),
        (f"{raw} IS NOT NULL AND NOT regexp_full_match({raw}, '{pattern}')", label, raw,
         f"{what} is not a number"),
        (f"{raw} IS NOT NULL AND length(split_part(replace({raw}, ',', ''), '.', 1)) > 15",
         label, raw, f"{what} is out of range (more than 15 integer digits)"),
    ]


def validated_sql(staged: Staged) -> str:
    """SQL for the validated stream of ``staged``: canonical columns + bookkeeping columns.

    The reference tables it joins (``ref_*``) are created by ``IngestEngine``.
    """
    r = {f.name: _raw(staged, f.name) for f in CANONICAL_FIELDS}
    r["registration_code"] = _raw(staged, "registration_code")
    lab = {name: _label(staged, name) for name in r}

    norm_cols = ",\n    ".join(f"{expr} AS r_{name}" for name, expr in r.items())
    flow_case = " ".join(
        f"WHEN lower(r_flow) IN ({', '.join(literal(w) for w in words)}) THEN '{flow}'"
        for flow, words in _FLOW_WORDS.items()
    )
    edition = (
        literal(staged.hs_edition) if staged.hs_edition
        else "CASE WHEN TRY_CAST(left(r_month, 4) AS INTEGER) >= 2022 THEN 'HS2022' "
             "WHEN TRY_CAST(left(r_month, 4) AS INTEGER) >= 2017 THEN 'HS2017' ELSE 'HS2012' END"
    )
    basis = literal(staged.region_basis)
    partner_basis = literal(staged.partner_basis)

    derived = f"""
    CASE {flow_case} END AS d_flow,
    {edition} AS d_edition,
    upper(r_partner_iso3) AS d_iso3,
    CASE WHEN r_registration_code IS NOT NULL AND length(r_registration_code) = 10
         THEN substr(r_registration_code, 6, 1) END AS d_reg_type,
    coalesce(r_enterprise_type, CASE WHEN r_registration_code IS NOT NULL
         AND length(r_registration_code) = 10 THEN substr(r_registration_code, 6, 1) END)
         AS d_enterprise_type,
    coalesce(r_trade_mode, CASE WHEN length(r_supervision_mode) = 4
         THEN right(r_supervision_mode, 2) END) AS d_trade_mode"""

    money_ok = "regexp_full_match({raw}, '" + _MONEY_RE + "')"
    qty_ok = "regexp_full_match({raw}, '" + _QTY_RE + "')"

    def money(name: str) -> str:
        raw = f"r_{name}"
        ok = money_ok.replace("{raw}", raw)
        return (f"CASE WHEN {ok} THEN "
                f"CAST(replace({raw}, ',', '') AS DECIMAL(18,2)) END")

    def qty(name: str) -> str:
        raw = f"r_{name}"
        ok = qty_ok.replace("{raw}", raw)
        return (f"CASE WHEN {ok} THEN "
                f"CAST(replace({raw}, ',', '') AS DECIMAL(18,3)) END")

    def unit(name: str) -> str:
        raw = f"r_{name}"
        return f"CASE WHEN {raw} IN ('?', '？') THEN NULL ELSE {raw} END"

    typed = {
        "month": "CAST(r_month AS INTEGER)",
        "region_code": "r_region_code",
        "region_basis": basis,
        "flow": "d_flow",
        "partner_code": "coalesce(r_partner_code, pi_code)",
        "partner_iso3": "CASE WHEN r_partner_code IS NOT NULL THEN pc_iso3 ELSE d_iso3 END",
        "partner_basis": (f"CASE WHEN r_partner_code IS NOT NULL OR d_iso3 IS NOT NULL "
                          f"THEN {partner_basis} END"),
        "hs_code": "r_hs_code",
        "hs_edition": "CASE WHEN r_hs_code IS NOT NULL THEN d_edition END",
        "trade_mode": "d_trade_mode",
        "supervision_mode": "r_supervision_mode",
        "enterprise_type": "d_enterprise_type",
        "enterprise_id": "coalesce(r_enterprise_id, r_registration_code)",
        "customs_district": "r_customs_district",
        "transport_mode": "upper(r_transport_mode)",
        "value_cny": money("value_cny"),
        "value_usd": money("value_usd"),
        "quantity1": qty("quantity1"),
        "unit1": unit("unit1"),
        "quantity2": qty("quantity2"),
        "unit2": unit("unit2"),
        "declaration_id": "r_declaration_id",
        "declaration_line": "CAST(r_declaration_line AS INTEGER)",
    }

    checks: list[tuple[str, str, str, str]] = [
        ("_parse_problem IS NOT NULL", "NULL", "NULL", "_parse_problem"),
        ("r_month IS NULL", lab["month"], "NULL", "'missing month'"),
        ("NOT regexp_full_match(r_month, '(19[5-9]|20[0-9]|2100)\\d(0[1-9]|1[0-2])') "
         "AND NOT regexp_full_match(r_month, '2100(0[1-9]|1[0-2])')",
         lab["month"], "r_month", "'impossible month (expected YYYYMM, month 01-12)'"),
        ("r_region_code IS NULL", lab["region_code"], "NULL",
         "'missing region (give --region, or a file with a region column)'"),
        ("rg_code IS NULL", lab["region_code"], "r_region_code",
         f"'unknown region code for the ' || {basis} || ' basis'"),
        ("r_flow IS NULL", lab["flow"], "NULL", "'missing flow (give --flow import|export)'"),
        ("d_flow IS NULL", lab["flow"], "r_flow", "'unknown flow (expected import or export)'"),
        ("r_partner_code IS NOT NULL AND pc_code IS NULL", lab["partner_code"], "r_partner_code",
         "'unknown partner code (not a China Customs 3-digit statistical code)'"),
        ("r_partner_code IS NULL AND d_iso3 IS NOT NULL AND pi_code IS NULL",
         lab["partner_iso3"], "r_partner_iso3", "'unknown partner ISO 3166 alpha-3 code'"),
        ("r_hs_code IS NOT NULL AND NOT regexp_full_match(r_hs_code, "
         "'\\d{2}|\\d{4}|\\d{6}|\\d{8}|\\d{10}')", lab["hs_code"], "r_hs_code",
         "'commodity code must have 2, 4, 6, 8 or 10 digits'"),
        ("r_hs_code IS NOT NULL AND hs_code_ok IS NULL", lab["hs_code"], "r_hs_code",
         "'commodity code is not valid in ' || d_edition"),
        ("r_supervision_mode IS NOT NULL AND sm_code IS NULL", lab["supervision_mode"],
         "r_supervision_mode", "'unknown customs supervision (trade) mode code'"),
        ("r_trade_mode IS NOT NULL AND r_supervision_mode IS NOT NULL AND "
         "r_trade_mode <> right(r_supervision_mode, 2)", lab["trade_mode"], "r_trade_mode",
         "'trade mode does not match the last two digits of the supervision mode'"),
        ("d_trade_mode IS NOT NULL AND tm_code IS NULL", lab["trade_mode"], "d_trade_mode",
         "'unknown statistical trade mode code'"),
        ("r_registration_code IS NOT NULL AND (length(r_registration_code) <> 10 OR "
         "d_reg_type NOT BETWEEN '1' AND '9')", lab["registration_code"], "r_registration_code",
         "'invalid customs registration code (10 characters, 6th = enterprise type 1-9)'"),
        ("r_enterprise_type IS NOT NULL AND d_reg_type IS NOT NULL AND "
         "r_enterprise_type <> d_reg_type", lab["enterprise_type"], "r_enterprise_type",
         "'enterprise type does not match the 6th character of the registration code'"),
        ("d_enterprise_type IS NOT NULL AND et_code IS NULL", lab["enterprise_type"],
         "d_enterprise_type", "'unknown enterprise type code'"),
        ("r_customs_district IS NOT NULL AND cd_code IS NULL", lab["customs_district"],
         "r_customs_district", "'unknown customs district code'"),
        ("r_transport_mode IS NOT NULL AND tr_code IS NULL", lab["transport_mode"],
         "r_transport_mode", "'unknown transport mode code'"),
    ]
    for name, what in (("value_cny", "value"), ("value_usd", "value")):
        checks += [(c, lbl, v, literal(reason)) for c, lbl, v, reason in
                   _number_check(f"r_{name}", lab[name], _MONEY_RE, 2, what)]
    value_labels = [staged.fields[n] for n in ("value_cny", "value_usd") if n in staged.fields]
    checks.append(("r_value_cny IS NULL AND r_value_usd IS NULL",
                   literal(" / ".join(value_labels) or "value"), "NULL",
                   "'missing value (neither yuan nor US dollars given)'"))
    for name in ("quantity1", "quantity2"):
        checks += [(c, lbl, v, literal(reason)) for c, lbl, v, reason in
                   _number_check(f"r_{name}", lab[name], _QTY_RE, 3, "quantity")]
    checks.append(("r_declaration_line IS NOT NULL AND NOT "
                   "regexp_full_match(r_declaration_line, '[1-9]\\d{0,8}')",
                   lab["declaration_line"], "r_declaration_line",
                   "'declaration line number must be a positive integer'"))

    def case(pick: int) -> str:
        whens = " ".join(f"WHEN {c[0]} THEN {c[pick]}" for c in checks)
        return f"CASE {whens} END"

    typed_cols = ",\n    ".join(
        f"CASE WHEN _bad THEN NULL ELSE {typed[f.name]} END AS {f.name}"
        if f.name != "region_basis" else f"{typed[f.name]} AS region_basis"
        for f in CANONICAL_FIELDS
    )
    any_check = " OR ".join(f"({c[0]})" for c in checks)
    return f"""
WITH s AS ({staged.sql}),
t AS (
  SELECT _row, _raw, _parse_problem,
    {norm_cols}
  FROM s
),
d AS (SELECT t.*, {derived} FROM t),
k AS (
  SELECT d.*, pc.code AS pc_code, pc.iso3 AS pc_iso3, pi.code AS pi_code,
    rg.code AS rg_code, hs.code AS hs_code_ok, sm.code AS sm_code, tm.code AS tm_code,
    et.code AS et_code, cd.code AS cd_code, tr.code AS tr_code
  FROM d
  LEFT JOIN ref_partner pc ON pc.code = d.r_partner_code
  LEFT JOIN ref_partner_iso3 pi ON pi.iso3 = d.d_iso3
  LEFT JOIN ref_region rg ON rg.basis = {basis} AND rg.code = d.r_region_code
  LEFT JOIN ref_hs hs ON hs.edition = d.d_edition
       AND hs.code = left(d.r_hs_code, least(length(d.r_hs_code), 6))
  LEFT JOIN ref_supervision sm ON sm.code = d.r_supervision_mode
  LEFT JOIN ref_trade_mode tm ON tm.code = d.d_trade_mode
  LEFT JOIN ref_enterprise et ON et.code = d.d_enterprise_type
  LEFT JOIN ref_customs cd ON cd.code = d.r_customs_district
  LEFT JOIN ref_transport tr ON tr.code = upper(d.r_transport_mode)
),
w AS (SELECT k.*, coalesce({any_check}, false) AS _bad FROM k)
SELECT
    {typed_cols},
    _row, _raw,
    CASE WHEN _bad THEN {case(1)} END AS _problem_column,
    CASE WHEN _bad THEN {case(2)} END AS _problem_value,
    CASE WHEN _bad THEN {case(3)} END AS _problem_reason
FROM w
"""
