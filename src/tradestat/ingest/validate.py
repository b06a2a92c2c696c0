"""Validation: raw text columns become typed canonical columns, or a quarantine reason.

Readers only *locate* fields (split lines, pick columns); every rule about what a valid value is
lives here, once, as SQL run by DuckDB so that ten million rows validate at scan speed.

Each rule is a *field check*: one cheap ``ok`` expression evaluated on every row, plus an ordered
list of specific explanations evaluated only for rows that failed it. A row is bad if any ``ok``
is false; it is then given the first problem found — the column (as the source named it), the
offending value and a reason a person can act on. Because every explanation is guarded by its
check's ``NOT ok`` and each check ends with a catch-all reason, a bad row always has a reason and
a good row never has one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tradestat.ingest.sql import literal, trimmed
from tradestat.model.records import CANONICAL_FIELDS

#: Fields a reader may supply besides the canonical ones.
PSEUDO_FIELDS = ("registration_code",)

# Patterns use only digits, "," and "." (see ``_SEPARATOR``) and non-capturing groups.
_MONEY_RE = r"(?:\d{1,3}(?:,\d{3}){0,4}|\d{1,15})(?:\.\d{1,2})?"
_QTY_RE = r"(?:\d{1,3}(?:,\d{3}){0,4}|\d{1,15})(?:\.\d{1,3})?"
_NUMBERISH_RE = r"\d[\d,]*(\.\d+)?"
_HS_RE = r"\d{2}|\d{4}|\d{6}|\d{8}|\d{10}"
#: The years a month may fall in: YYYYMM from 195001 to 210012, month 01-12. A month is valid
#: when it is one of these texts: looked up in the ``ref_month`` table the ingest engine builds
#: from them (a hash probe costs a third of matching a pattern, per row).
MONTH_YEARS = (1950, 2100)


def valid_months() -> list[str]:
    """Every valid month as the text YYYYMM, in order."""
    first, last = MONTH_YEARS
    return [f"{year}{month:02d}" for year in range(first, last + 1) for month in range(1, 13)]


_LINE_NO_RE = r"[1-9]\d{0,8}"
#: Joins the fields the fast pass checks with one regular expression. No pattern can match it, so
#: the joined text matches the joined patterns exactly when every field matches its own pattern.
_SEPARATOR = ";"

_FLOW_WORDS = {
    # No numeric codes: sources disagree (GACC's iEType 0 = export, Comtrade's legacy 1 = import),
    # so readers recode their own numbers before validation.
    "import": ("i", "im", "m", "import", "imports", "进口"),
    "export": ("e", "ex", "x", "export", "exports", "出口"),
}


def _flow_word(value: str) -> str | None:
    """The canonical flow for a flow word, as the SQL CASE in ``_core`` maps it (ASCII and the
    Chinese words only: Python's and DuckDB's lower() agree there), else None."""
    text = value.lower()
    return next((flow for flow, words in _FLOW_WORDS.items() if text in words), None)


@dataclass(frozen=True, slots=True)
class Staged:
    """A reader's output: SQL yielding ``_row``, ``_raw``, ``_parse_problem`` and raw text fields.

    ``fields`` maps each canonical (or pseudo) field the SQL provides to the label of the source
    column it came from, used in error messages. The SQL is run more than once (a fast pass and,
    for files with problems, a locating pass), so it must be safe to scan twice. ``constants``
    gives values the file does not carry (flow, region from options). ``region_basis`` and
    ``partner_basis`` hold for the whole load.
    """

    sql: str
    fields: dict[str, str]
    region_basis: str
    constants: dict[str, str] = field(default_factory=dict)
    partner_basis: str = "origin_destination"
    hs_edition: str | None = None
    #: Fields that must be non-empty on every row (beyond month, region, flow and a value).
    required: frozenset[str] = frozenset()
    #: Strip surrounding whitespace from every field. Readers of formats that never pad fields
    #: (the platform's quoted export) turn it off for speed; padded values then fail visibly.
    trim: bool = True

    @property
    def supplied(self) -> frozenset[str]:
        """The fields the source can fill: its columns and the constants from options."""
        return frozenset(self.fields) | frozenset(self.constants)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A field's text must fully match ``regex`` (or be NULL, if ``null_ok``)."""

    field: str
    regex: str
    null_ok: bool = True

    def sql(self) -> str:
        match = f"regexp_full_match(r_{self.field}, '{self.regex}')"
        if self.null_ok:
            return f"(r_{self.field} IS NULL OR {match})"
        return f"coalesce({match}, false)"


@dataclass(frozen=True, slots=True)
class CodeListCheck:
    """A code-list rule that a direct insert checks on the stored rows instead of on every row.

    Per row, a code-list rule is a hash-join probe, and the probes for the partner, region,
    commodity and trade-mode lists took a tenth of a platform export's load time. A
    load holds few distinct codes, so the warehouse looks those up once after the insert
    (``DISTINCT keys ... EXCEPT valid``) and deletes the rows whose codes are unknown; the
    locating pass, which keeps every rule per row, then finds and explains them like any other
    bad row. Exact when ``keys``, evaluated on the canonical columns of a row the insert kept,
    are the values the per-row rule looks up (``deferrable_checks`` says when that holds).
    """

    #: The alias of the lookup join the fast pass then leaves out.
    lookup: str
    #: The canonical columns the keys read: the warehouse takes their distinct values first, so
    #: that the keys are computed once per distinct value, not once per row.
    columns: tuple[str, ...]
    #: SQL over ``columns`` (as the ``records`` view shows them); the rule applies where none
    #: is NULL.
    keys: tuple[str, ...]
    #: A query over the ``ref_*`` tables yielding the valid keys.
    valid: str
    #: What the fast pass still tests on every row.
    rest: str = "true"


def _code_in(lookup: str, column: str, table: str, rest: str = "true") -> CodeListCheck:
    """A code-list rule on one stored column, whose value is looked up as it is in the ``code``
    column of ``table`` (a table name, or one with its ``WHERE``)."""
    return CodeListCheck(lookup, (column,), (column,), f"SELECT code FROM {table}", rest)


@dataclass(frozen=True, slots=True)
class Check:
    """One validation rule: ``ok`` on every row; ``explanations`` only where it failed.

    The rule holds when ``rest`` is true and the field matches ``pattern``. The pattern is kept
    apart so that the fast pass can test the patterns of all rules with one regular expression
    call per row instead of one per rule (see ``_patterns_ok``).
    """

    rest: str
    label: str
    value: str
    explanations: tuple[tuple[str, str], ...]  # (condition, reason SQL), in order
    fallback: str  # reason SQL when no explanation applies
    pattern: Pattern | None = None
    #: The rule can fail only if the source supplies one of ``needs_any`` (when given) and all
    #: of ``needs_all`` (when given): without them its fields are NULL and ``rest`` is true.
    #: The fast pass leaves such a rule out (DuckDB does not fold NULL constants through the
    #: CTEs and would evaluate it on every row).
    needs_any: frozenset[str] = frozenset()
    needs_all: frozenset[str] = frozenset()
    #: How a direct insert may check the rule after storing instead (code-list rules only).
    deferrable: CodeListCheck | None = None

    def always_holds(self, supplied: frozenset[str]) -> bool:
        """True if ``rest`` is true on every row of a source supplying only ``supplied``."""
        if self.needs_any and not (self.needs_any & supplied):
            return True
        return bool(self.needs_all) and not self.needs_all <= supplied

    @property
    def ok(self) -> str:
        if self.pattern is None:
            return self.rest
        if self.rest == "true":
            return self.pattern.sql()
        return f"({self.rest} AND {self.pattern.sql()})"


def _raw(staged: Staged, name: str) -> str:
    if name in staged.fields:
        column = f's."{name}"'
        return f"NULLIF({trimmed(column) if staged.trim else column}, '')"
    if name in staged.constants:
        return literal(staged.constants[name])
    return "NULL::VARCHAR"


def _label(staged: Staged, name: str) -> str:
    if name in staged.fields:
        return literal(staged.fields[name])
    if name in staged.constants:
        return literal(f"<option {name}>")
    return literal(name)


def _number(raw: str, label: str, pattern: str, decimals: int, what: str) -> Check:
    """A non-negative decimal with optional thousands separators and at most 15 integer digits."""
    numberish = f"regexp_full_match({raw}, '{_NUMBERISH_RE}')"
    return Check(
        rest="true",
        pattern=Pattern(raw.removeprefix("r_"), pattern),
        label=label,
        value=raw,
        explanations=(
            (f"regexp_full_match({raw}, '-{_NUMBERISH_RE}')", literal(f"negative {what}")),
            (
                f"{numberish} AND length(split_part(replace({raw}, ',', ''), '.', 1)) > 15",
                literal(f"{what} is out of range (more than 15 integer digits)"),
            ),
            (
                numberish,
                literal(
                    f"{what} has more than {decimals} decimal places or misplaced "
                    "thousands separators"
                ),
            ),
        ),
        fallback=literal(f"{what} is not a number"),
    )


def _checks(staged: Staged, lab: dict[str, str], basis: str) -> list[Check]:
    value_labels = [staged.fields[n] for n in ("value_cny", "value_usd") if n in staged.fields]
    required = [
        Check(
            f"r_{name} IS NOT NULL",
            lab[name],
            "NULL",
            (),
            literal(f"missing {staged.fields.get(name, name)}"),
        )
        for name in sorted(staged.required)
    ]
    enterprise_label = (
        f"CASE WHEN r_enterprise_type IS NULL THEN {lab['registration_code']} "
        f"ELSE {lab['enterprise_type']} END"
    )
    return [
        Check("_parse_problem IS NULL", "NULL", "NULL", (), "_parse_problem"),
        *required,
        Check(
            "mo_code IS NOT NULL",
            lab["month"],
            "r_month",
            (("r_month IS NULL", "'missing month'"),),
            "'impossible month (expected YYYYMM, month 01-12)'",
            # Not deferred: the month is stored as an INTEGER, and keeping the cast exact would
            # take a pattern per row, which costs more than the probe it saves.
        ),
        Check(
            "rg_code IS NOT NULL",
            lab["region_code"],
            "r_region_code",
            (
                (
                    "r_region_code IS NULL",
                    "'missing region (give --region, or a file with a region column)'",
                ),
            ),
            f"'unknown region code for the ' || {basis} || ' basis'",
            deferrable=_code_in(
                "rg",
                "region_code",
                f"ref_region WHERE basis = {basis}",
                rest="r_region_code IS NOT NULL",
            ),
        ),
        Check(
            "d_flow IS NOT NULL",
            lab["flow"],
            "r_flow",
            (("r_flow IS NULL", "'missing flow (give --flow import|export)'"),),
            "'unknown flow (expected import or export)'",
        ),
        Check(
            "(r_partner_code IS NULL OR pc_code IS NOT NULL)",
            lab["partner_code"],
            "r_partner_code",
            (),
            "'unknown partner code (not a China Customs 3-digit statistical code)'",
            needs_any=frozenset({"partner_code"}),
            # With an ISO column the stored code may come from the ISO lookup instead.
            deferrable=None
            if "partner_iso3" in staged.supplied
            else _code_in("pc", "partner_code", "ref_partner"),
        ),
        Check(
            "(r_partner_code IS NOT NULL OR d_iso3 IS NULL OR pi_code IS NOT NULL)",
            lab["partner_iso3"],
            "r_partner_iso3",
            (),
            "'unknown partner ISO 3166 alpha-3 code'",
            needs_any=frozenset({"partner_iso3"}),
        ),
        Check(
            "(r_hs_code IS NULL OR hs_code_ok IS NOT NULL)",
            lab["hs_code"],
            "r_hs_code",
            (
                (
                    f"NOT regexp_full_match(r_hs_code, '{_HS_RE}')",
                    "'commodity code must have 2, 4, 6, 8 or 10 digits'",
                ),
            ),
            "'commodity code is not valid in ' || d_edition",
            Pattern("hs_code", _HS_RE),
            needs_any=frozenset({"hs_code"}),
            # The edition from the stored month: the one the row is checked against per row
            # (see ``derived_columns``).
            deferrable=CodeListCheck(
                "hs",
                ("month", "hs_code"),
                (_edition_sql(staged, "month", stored=True), "left(hs_code, 6)"),
                "SELECT edition, code FROM ref_hs",
            ),
        ),
        Check(
            "(r_supervision_mode IS NULL OR sm_code IS NOT NULL)",
            lab["supervision_mode"],
            "r_supervision_mode",
            (),
            "'unknown customs supervision (trade) mode code'",
            needs_any=frozenset({"supervision_mode"}),
            deferrable=_code_in("sm", "supervision_mode", "ref_supervision"),
        ),
        Check(
            "(r_trade_mode IS NULL OR r_supervision_mode IS NULL OR "
            "r_trade_mode = right(r_supervision_mode, 2))",
            lab["trade_mode"],
            "r_trade_mode",
            (),
            "'trade mode does not match the last two digits of the supervision mode'",
            needs_all=frozenset({"trade_mode", "supervision_mode"}),
        ),
        Check(
            "(d_trade_mode IS NULL OR tm_code IS NOT NULL)",
            lab["trade_mode"],
            "d_trade_mode",
            (),
            "'unknown statistical trade mode code'",
            needs_any=frozenset({"trade_mode", "supervision_mode"}),
            deferrable=_code_in("tm", "trade_mode", "ref_trade_mode"),
        ),
        Check(
            "(r_registration_code IS NULL OR (length(r_registration_code) = 10 AND "
            "d_reg_type BETWEEN '1' AND '9'))",
            lab["registration_code"],
            "r_registration_code",
            (),
            "'invalid customs registration code (10 characters, 6th = enterprise type 1-9)'",
            needs_any=frozenset({"registration_code"}),
        ),
        Check(
            "(r_enterprise_type IS NULL OR d_reg_type IS NULL OR r_enterprise_type = d_reg_type)",
            lab["enterprise_type"],
            "r_enterprise_type",
            (),
            "'enterprise type does not match the 6th character of the registration code'",
            needs_all=frozenset({"enterprise_type", "registration_code"}),
        ),
        Check(
            "(d_enterprise_type IS NULL OR et_code IS NOT NULL)",
            enterprise_label,
            "coalesce(r_enterprise_type, r_registration_code)",
            (
                (
                    "d_enterprise_type = '8'",
                    "'enterprise type 8 (customs broker) is not a statistical category'",
                ),
            ),
            "'unknown enterprise type code'",
            needs_any=frozenset({"enterprise_type", "registration_code"}),
            deferrable=_code_in("et", "enterprise_type", "ref_enterprise"),
        ),
        Check(
            "(r_customs_district IS NULL OR cd_code IS NOT NULL)",
            lab["customs_district"],
            "r_customs_district",
            (),
            "'unknown customs district code'",
            needs_any=frozenset({"customs_district"}),
            deferrable=_code_in("cd", "customs_district", "ref_customs"),
        ),
        Check(
            "(r_transport_mode IS NULL OR tr_code IS NOT NULL)",
            lab["transport_mode"],
            "r_transport_mode",
            (),
            "'unknown transport mode code'",
            needs_any=frozenset({"transport_mode"}),
            # The stored mode is the upper-cased text, as the lookup probes it.
            deferrable=_code_in("tr", "transport_mode", "ref_transport"),
        ),
        _number("r_value_cny", lab["value_cny"], _MONEY_RE, 2, "value"),
        _number("r_value_usd", lab["value_usd"], _MONEY_RE, 2, "value"),
        Check(
            "(r_value_cny IS NOT NULL OR r_value_usd IS NOT NULL)",
            literal(" / ".join(value_labels) or "value"),
            "NULL",
            (),
            "'missing value (neither yuan nor US dollars given)'",
        ),
        _number("r_quantity1", lab["quantity1"], _QTY_RE, 3, "quantity"),
        _number("r_quantity2", lab["quantity2"], _QTY_RE, 3, "quantity"),
        Check(
            "true",
            lab["declaration_line"],
            "r_declaration_line",
            (),
            "'declaration line number must be a positive integer'",
            Pattern("declaration_line", _LINE_NO_RE),
        ),
    ]


def _problem_case(checks: list[Check], pick: str) -> str:
    whens = []
    for i, check in enumerate(checks):
        for condition, reason in check.explanations:
            result = {"label": check.label, "value": check.value, "reason": reason}[pick]
            whens.append(f"WHEN NOT _ok{i} AND ({condition}) THEN {result}")
        result = {"label": check.label, "value": check.value, "reason": check.fallback}[pick]
        whens.append(f"WHEN NOT _ok{i} THEN {result}")
    return "CASE " + " ".join(whens) + " END"


#: The code-list lookups: (table and join condition, columns it yields, fields it needs).
#: A lookup whose key the source cannot supply (no column, no constant) is not joined at all: its
#: columns are NULL constants, which is what a LEFT JOIN on a NULL key would give, without a
#: hash probe per row.
_LOOKUPS: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]], ...] = (
    ("ref_month mo ON mo.code = d.r_month", (("mo_code", "mo.code"),), ("month",)),
    (
        "ref_partner pc ON pc.code = d.r_partner_code",
        (("pc_code", "pc.code"), ("pc_iso3", "pc.iso3")),
        ("partner_code",),
    ),
    ("ref_partner_iso3 pi ON pi.iso3 = d.d_iso3", (("pi_code", "pi.code"),), ("partner_iso3",)),
    (
        "ref_region rg ON rg.basis = {basis} AND rg.code = d.r_region_code",
        (("rg_code", "rg.code"),),
        ("region_code",),
    ),
    (
        "ref_hs hs ON hs.edition = d.d_edition AND hs.code = left(d.r_hs_code, 6)",
        (("hs_code_ok", "hs.code"),),
        ("hs_code",),
    ),
    (
        "ref_supervision sm ON sm.code = d.r_supervision_mode",
        (("sm_code", "sm.code"),),
        ("supervision_mode",),
    ),
    (
        "ref_trade_mode tm ON tm.code = d.d_trade_mode",
        (("tm_code", "tm.code"),),
        ("trade_mode", "supervision_mode"),
    ),
    (
        "ref_enterprise et ON et.code = d.d_enterprise_type",
        (("et_code", "et.code"),),
        ("enterprise_type", "registration_code"),
    ),
    (
        "ref_customs cd ON cd.code = d.r_customs_district",
        (("cd_code", "cd.code"),),
        ("customs_district",),
    ),
    (
        "ref_transport tr ON tr.code = upper(d.r_transport_mode)",
        (("tr_code", "tr.code"),),
        ("transport_mode",),
    ),
)


def _lookups(staged: Staged, basis: str, deferred: frozenset[str]) -> tuple[str, str]:
    """The lookup columns and LEFT JOINs for the fields this source can supply, but for the
    lookups (by alias) in ``deferred``."""
    supplied = staged.supplied
    columns, joins = [], []
    for join, outputs, needs in _LOOKUPS:
        if supplied.intersection(needs) and _alias(join) not in deferred:
            joins.append("LEFT JOIN " + join.replace("{basis}", basis))
            columns += [f"{expr} AS {name}" for name, expr in outputs]
        else:
            columns += [f"NULL::VARCHAR AS {name}" for name, _ in outputs]
    return ", ".join(columns), "\n  ".join(joins)


def _alias(join: str) -> str:
    """The table alias of a ``_LOOKUPS`` join (``"ref_month mo ON ..."`` → ``"mo"``)."""
    return join.split()[1]


def _lookup_outputs(alias: str) -> tuple[str, ...]:
    """The columns a lookup yields, by its alias."""
    return next(tuple(n for n, _ in out) for join, out, _ in _LOOKUPS if _alias(join) == alias)


def _patterns_ok(patterns: list[Pattern], raw: dict[str, str]) -> str:
    """Every check's pattern as one ``regexp_full_match`` over the fields joined by ``_SEPARATOR``.

    One call per row instead of one per pattern (each call costs about as much as a hash join
    probe). Exact: no pattern matches the separator, so the joined text matches the joined
    patterns if and only if each field matches its own; an empty field is NULL (readers turn ''
    into NULL), so an optional pattern may match the empty string. Fields the source does not
    supply are left out when NULL is allowed.
    """
    patterns = [p for p in patterns if not (p.null_ok and raw[p.field] == "NULL::VARCHAR")]
    if not patterns:
        return "true"
    text = f", '{_SEPARATOR}', ".join(f"coalesce(r_{p.field}, '')" for p in patterns)
    regex = _SEPARATOR.join(f"(?:{p.regex})" + ("?" if p.null_ok else "") for p in patterns)
    return f"regexp_full_match(concat({text}), '{regex}')"


#: The HS edition in force by the year of the month (from the first year on): ``_core`` derives
#: it on the text month of the source, ``derived_columns`` on the stored integer month.
_EDITION_FROM_YEAR = ((2022, "HS2022"), (2017, "HS2017"))
_EDITION_BEFORE = "HS2012"


def _edition_sql(staged: Staged, month: str, *, stored: bool = False) -> str:
    """The HS edition of a row: the load's option, else the edition in force in its month
    (``month`` is the text YYYYMM of the source, or with ``stored`` the INTEGER column)."""
    if staged.hs_edition:
        return literal(staged.hs_edition)
    whens = " ".join(
        # On text, ``m >= 'YYYY'`` is ``left(m, 4) >= 'YYYY'`` (a 4-character bound), cheaper.
        (f"WHEN {month} >= {year * 100 + 1}" if stored else f"WHEN {month} >= '{year}'")
        + f" THEN '{edition}'"
        for year, edition in _EDITION_FROM_YEAR
    )
    return f"CASE {whens} ELSE '{_EDITION_BEFORE}' END"


def _flow_is_constant(staged: Staged) -> bool:
    """True when every row has the flow the load's options give (no flow column)."""
    flow = staged.constants.get("flow")
    return (
        flow is not None
        and "flow" not in staged.fields
        and (flow.isascii() or _flow_word(flow) is not None)
    )


def _core(
    staged: Staged, deferred: frozenset[str] = frozenset()
) -> tuple[str, list[Check], dict[str, str], str]:
    """The common part: CTEs ending in ``w`` (every raw, derived and ok column plus ``_bad``),
    the checks, the typed expression of every canonical column (valid only on good rows: a cast
    may fail on a bad one, so callers guard it with ``_bad``) and ``fast_bad``: an expression on
    the columns of ``k`` equal to ``_bad`` but cheaper, for the direct insert.

    With ``deferred`` (lookup aliases, see ``CodeListCheck``), those lookups are not joined and
    ``fast_bad`` leaves their code-list rules to the caller; the CTEs then end at ``k`` (``w``
    would call every row with a deferred code bad).
    """
    r = {f.name: _raw(staged, f.name) for f in CANONICAL_FIELDS}
    r["registration_code"] = _raw(staged, "registration_code")
    lab = {name: _label(staged, name) for name in r}
    basis = literal(staged.region_basis)
    partner_basis = literal(staged.partner_basis)
    checks = _checks(staged, lab, basis)

    norm_cols = ",\n    ".join(f"{expr} AS r_{name}" for name, expr in r.items())
    flow_case = " ".join(
        f"WHEN lower(r_flow) IN ({', '.join(literal(w) for w in words)}) THEN '{flow}'"
        for flow, words in _FLOW_WORDS.items()
    )
    d_flow = f"CASE {flow_case} END"
    if _flow_is_constant(staged):
        # Resolved here: DuckDB does not fold a constant through the CTEs and would probe a
        # hash table with it on every row.
        d_flow = literal(_flow_word(staged.constants["flow"]))
    edition = _edition_sql(staged, "r_month")
    supplied = staged.supplied
    typed = {
        "month": "CAST(r_month AS INTEGER)",
        "region_code": "r_region_code",
        "flow": "d_flow",
        "partner_code": "coalesce(r_partner_code, pi_code)",
        "partner_iso3": "CASE WHEN r_partner_code IS NOT NULL THEN pc_iso3 ELSE d_iso3 END",
        "partner_basis": (
            f"CASE WHEN r_partner_code IS NOT NULL OR d_iso3 IS NOT NULL THEN {partner_basis} END"
        ),
        "hs_code": "r_hs_code",
        "hs_edition": "CASE WHEN r_hs_code IS NOT NULL THEN d_edition END",
        "trade_mode": "d_trade_mode",
        "supervision_mode": "r_supervision_mode",
        "enterprise_type": "d_enterprise_type",
        "enterprise_id": "coalesce(r_enterprise_id, r_registration_code)",
        "customs_district": "r_customs_district",
        "transport_mode": "upper(r_transport_mode)",
        "value_cny": "CAST(replace(r_value_cny, ',', '') AS DECIMAL(18,2))",
        "value_usd": "CAST(replace(r_value_usd, ',', '') AS DECIMAL(18,2))",
        "quantity1": "CAST(replace(r_quantity1, ',', '') AS DECIMAL(18,3))",
        "unit1": "CASE WHEN r_unit1 IN ('?', '？') THEN NULL ELSE r_unit1 END",
        "quantity2": "CAST(replace(r_quantity2, ',', '') AS DECIMAL(18,3))",
        "unit2": "CASE WHEN r_unit2 IN ('?', '？') THEN NULL ELSE r_unit2 END",
        "declaration_id": "r_declaration_id",
        "declaration_line": "CAST(r_declaration_line AS INTEGER)",
    }
    if "partner_iso3" not in supplied:
        # The same values without the ISO code's NULL lookups (pi_code, d_iso3 are NULL; so is
        # pc_iso3 where there is no partner code): DuckDB would evaluate them on every row.
        typed["partner_code"] = "r_partner_code"
        typed["partner_iso3"] = "pc_iso3"
    typed["region_basis"] = basis
    typed = {f.name: typed[f.name] for f in CANONICAL_FIELDS}
    # Derived from a second field only where the source gives it (else the plain field).
    d_enterprise_type = "r_enterprise_type"
    if "registration_code" in supplied:
        d_enterprise_type = (
            "coalesce(r_enterprise_type, CASE WHEN length(r_registration_code) = 10 "
            "THEN substr(r_registration_code, 6, 1) END)"
        )
    d_trade_mode = "r_trade_mode"
    if "supervision_mode" in supplied:
        d_trade_mode = (
            "coalesce(r_trade_mode, CASE WHEN length(r_supervision_mode) = 4 "
            "THEN right(r_supervision_mode, 2) END)"
        )
    lookup_cols, lookup_joins = _lookups(staged, basis, deferred)
    ok_cols = ",\n    ".join(f"{c.ok} AS _ok{i}" for i, c in enumerate(checks))
    all_ok = " AND ".join(f"_ok{i}" for i in range(len(checks)))
    sql = f"""
WITH s AS ({staged.sql}),
t AS (
  SELECT _row, _raw, _parse_problem,
    {norm_cols}
  FROM s
),
d AS (
  SELECT t.*,
    {d_flow} AS d_flow,
    {edition} AS d_edition,
    upper(r_partner_iso3) AS d_iso3,
    CASE WHEN length(r_registration_code) = 10 THEN substr(r_registration_code, 6, 1) END
      AS d_reg_type,
    {d_enterprise_type} AS d_enterprise_type,
    {d_trade_mode} AS d_trade_mode
  FROM t
),
k AS (
  SELECT d.*, {lookup_cols}
  FROM d
  {lookup_joins}
)"""
    sql += (
        "\n"
        if deferred
        else f""",
o AS (SELECT k.*, {ok_cols} FROM k),
w AS (SELECT o.*, NOT ({all_ok}) AS _bad FROM o)
"""
    )
    rests = []
    for check in checks:
        rest = check.rest
        if check.deferrable is not None and check.deferrable.lookup in deferred:
            rest = check.deferrable.rest
        if rest != "true" and not check.always_holds(supplied):
            rests.append(rest)
    patterns = [c.pattern for c in checks if c.pattern is not None]
    fast_bad = f"NOT ({' AND '.join([*rests, _patterns_ok(patterns, r)])})"
    return sql, checks, typed, fast_bad


def _guarded(typed: dict[str, str]) -> dict[str, str]:
    """The typed columns, NULL on bad rows (constants need no guard)."""
    return {
        name: expr if name == "region_basis" else f"CASE WHEN NOT _bad THEN {expr} END"
        for name, expr in typed.items()
    }


def main_sql(staged: Staged) -> str:
    """The fast pass as a stream: typed canonical columns and ``_bad`` for every row (no line
    numbers, no explanations). Used where rows travel as Arrow batches."""
    core, _, typed, _ = _core(staged)
    columns = ",\n    ".join(f"{expr} AS {name}" for name, expr in _guarded(typed).items())
    return f"{core}SELECT\n    {columns},\n    _bad\nFROM w"


#: For each canonical column, the fields it is computed from: when the source supplies none of
#: them (no column, no constant), the column is NULL on every row (see ``typed`` in ``_core``).
#: ``region_basis`` is never NULL: it is the load's basis.
_INPUTS: dict[str, tuple[str, ...]] = {
    "month": ("month",),
    "region_code": ("region_code",),
    "flow": ("flow",),
    "partner_code": ("partner_code", "partner_iso3"),
    "partner_iso3": ("partner_code", "partner_iso3"),
    "partner_basis": ("partner_code", "partner_iso3"),
    "hs_code": ("hs_code",),
    "hs_edition": ("hs_code",),
    "trade_mode": ("trade_mode", "supervision_mode"),
    "supervision_mode": ("supervision_mode",),
    "enterprise_type": ("enterprise_type", "registration_code"),
    "enterprise_id": ("enterprise_id", "registration_code"),
    **{
        name: (name,)
        for name in (
            "customs_district",
            "transport_mode",
            "value_cny",
            "value_usd",
            "quantity1",
            "unit1",
            "quantity2",
            "unit2",
            "declaration_id",
            "declaration_line",
        )
    },
}

#: Starts the message of the check that a column said to be NULL is (an error in our code,
#: never in the file: the runner lets it through untranslated).
NOT_NULL_BUG = "tradestat bug: a column the source cannot fill holds a value"


def null_columns(staged: Staged) -> frozenset[str]:
    """The canonical columns that are NULL on every row this source can yield.

    The warehouse does not store them (see ``warehouse.parts``); ``insert_sql`` checks the
    claim on every row it passes, so that a mistake here fails the load instead of dropping
    values.
    """
    supplied = staged.supplied
    return frozenset(name for name, inputs in _INPUTS.items() if not supplied.intersection(inputs))


def derived_columns(
    staged: Staged, iso3_of_partner: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """The canonical columns the warehouse can derive instead of storing: column → SQL over the
    other canonical columns (as stored) giving, on every good row, exactly what ``insert_sql``
    computes for it. See ``warehouse.parts`` for why.

    - ``region_basis`` is the load's basis on every row;
    - ``flow``, when the options give it (a platform export), is that flow on every row;
    - ``partner_basis`` is the load's basis exactly where the row has a partner: ``insert_sql``
      sets it where the source gives a partner code or an ISO code, and a good row with an ISO
      code always resolves it to a partner code;
    - ``partner_iso3``, given the code list the lookup joins (``iso3_of_partner``: the
      ``ref_partner`` table), is the ISO code of the partner code: ``insert_sql`` takes it from
      that list for a partner code, and an ISO code given alone is resolved to a partner code
      that has it;
    - ``hs_edition`` is the option, or the edition in force in the month, exactly where the row
      has a commodity code (the month is a valid YYYYMM on every good row).
    """
    supplied = staged.supplied
    derived = {"region_basis": literal(staged.region_basis)}
    if _flow_is_constant(staged):
        derived["flow"] = literal(_flow_word(staged.constants["flow"]))
    if supplied & {"partner_code", "partner_iso3"}:
        derived["partner_basis"] = (
            f"CASE WHEN partner_code IS NOT NULL THEN {literal(staged.partner_basis)} END"
        )
        if iso3_of_partner:
            pairs = ", ".join(
                f"{literal(code)}: {literal(iso3)}"
                for code, iso3 in sorted(iso3_of_partner.items())
            )
            derived["partner_iso3"] = (
                f"CASE WHEN partner_code IS NOT NULL THEN MAP {{{pairs}}}[partner_code] END"
            )
    if "hs_code" in supplied:
        edition = _edition_sql(staged, "month", stored=True)
        derived["hs_edition"] = f"CASE WHEN hs_code IS NOT NULL THEN {edition} END"
    return derived


def deferrable_checks(staged: Staged, stored: frozenset[str]) -> tuple[CodeListCheck, ...]:
    """The code-list rules a direct insert storing the columns ``stored`` may leave to the
    warehouse (see ``CodeListCheck``).

    A rule qualifies if it can fail on this source and no stored column, and no other rule, is
    computed from what its lookup yields: left out, the lookup yields NULLs (the partner list's
    ISO code, say, which a part derives instead of storing).
    """
    _, checks, typed, _ = _core(staged)
    supplied = staged.supplied
    found = []
    for check in checks:
        deferrable = check.deferrable
        if deferrable is None or check.always_holds(supplied):
            continue
        readers = " ".join(
            [*(typed[c] for c in stored), *(c.rest for c in checks if c is not check)]
        )
        outputs = _lookup_outputs(deferrable.lookup)
        if not any(re.search(rf"\b{name}\b", readers) for name in outputs):
            found.append(deferrable)
    return tuple(found)


def insert_sql(
    staged: Staged,
    *,
    bad_counter: str | None = None,
    null_checked: frozenset[str] = frozenset(),
    deferred: tuple[CodeListCheck, ...] = (),
) -> str:
    """The fast pass for a direct insert: typed canonical columns of the good rows only.

    Cheaper than ``main_sql`` filtered on ``_bad``: each check is evaluated once, in the filter
    (with ``CASE WHEN NOT _bad`` around every column DuckDB evaluated them all a second time to
    project the guard), and the patterns share one regular expression. The filter is on the
    single column ``_bad`` = NOT (all checks): that keeps DuckDB from splitting the conjunction
    and pushing pieces below the joins and the field split, where each would re-split the line.

    With ``bad_counter`` (the name of a sequence), the filter draws one number from it for every
    bad row it drops, so that the same pass also counts them: rows read = rows inserted + the
    numbers drawn, without a second scan of the file just to count its lines. The CASE
    evaluates ``nextval`` for bad rows only (an OR could be reordered). Every column in
    ``null_checked`` must be NULL on every good row, or the statement fails.

    The code-list rules in ``deferred`` (from ``deferrable_checks``) are not tested: the caller
    must test them on the rows the statement yields.
    """
    core, _, typed, fast_bad = _core(staged, frozenset(d.lookup for d in deferred))
    columns = ",\n    ".join(f"{expr} AS {name}" for name, expr in typed.items())
    whens = []
    if bad_counter is not None:
        whens.append(f"WHEN _bad THEN nextval({literal(bad_counter)}) < 0")
    else:
        whens.append("WHEN _bad THEN false")
    for name in sorted(null_checked):
        message = literal(f"{NOT_NULL_BUG} ({name})")
        whens.append(f"WHEN ({typed[name]}) IS NOT NULL THEN error({message})")
    keep = f"CASE {' '.join(whens)} ELSE true END"
    return (
        f"{core}SELECT\n    {columns}\nFROM (SELECT k.*, {fast_bad} AS _bad FROM k)\nWHERE {keep}"
    )


def locate_sql(staged: Staged, key_columns: tuple[str, ...], dup_keys: str | None) -> str:
    """The locating pass: every bad row, and every row whose key is in the table ``dup_keys``,
    with its line number, source text and (for bad rows) the first problem found.

    ``_dup`` is true for good rows matched by a duplicate key; their reason is set by the caller.
    """
    core, checks, typed, _ = _core(staged)
    typed_cols = _guarded(typed)
    keys = ", ".join(f"{typed_cols[k]} AS k_{k}" for k in key_columns)
    if dup_keys is None:
        match, join = "false", ""
    else:
        on = " AND ".join(f"v.k_{k} IS NOT DISTINCT FROM d.{k}" for k in key_columns)
        join = f"LEFT JOIN {dup_keys} d ON {on}"
        match = "coalesce(d._dup_group IS NOT NULL, false)"
    group = "d._dup_group" if dup_keys is not None else "NULL::BIGINT"
    return f"""{core},
v AS (
  SELECT _row, _raw, _bad, {keys},
    CASE WHEN _bad THEN {_problem_case(checks, "label")} END AS _problem_column,
    CASE WHEN _bad THEN {_problem_case(checks, "value")} END AS _problem_value,
    CASE WHEN _bad THEN coalesce({_problem_case(checks, "reason")}, 'invalid row') END
      AS _problem_reason
  FROM w
)
SELECT v._row, v._raw, v._problem_column, v._problem_value, v._problem_reason,
       NOT v._bad AS _dup, {group} AS _dup_group
FROM v {join}
WHERE v._bad OR {match}
ORDER BY v._row
"""
