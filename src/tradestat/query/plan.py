"""Plan: a Query turned into one aggregate over the canonical records, as a sqlglot tree.

The plan is written once, in the DuckDB dialect as sqlglot reads it, and rendered for any engine
(``sql.render``). Its shape, for every query:

    inner:  scan the records in scope (basis, regions, flows, the months of both periods) and
            compute, per row, its period role (current / base), the drilldown keys, whether it
            lies in the slice, and one flag per group for group drilldowns;
    outer:  aggregate by (role, keys). Where totals cannot be added up exactly from the keyed
            rows afterwards (distinct counts, overlapping groups), GROUPING SETS ((role, keys),
            (role)) adds them in the same scan; with a slice, FILTER gives the slice total and
            the unfiltered aggregate the all-slices total that shares need.

Check columns (``__null_<column>``, ``__short_hs``) count rows in the slice that cannot answer the
question (no partner, a 2-digit HS code under a 4-digit drilldown); the executor refuses the
result if any are non-zero instead of letting NULLs or truncated codes pass as a breakdown.

**Rolled plans.** When every measure is a sum of a value column or a distinct count of other
columns, the inner scan first groups the scoped records by the raw columns the plan reads
(``rollup``), so the per-row work is one plain GROUP BY and the period roles, keys and slice flags
are computed once per group instead of once per record. The answer is the same: a sum of partial
sums is the sum, and a distinct count over groups that keep the counted column is the count. A
summed column is NULL in a group if any record behind it lacks the value, so the NULL checks still
see it; the checks then count groups (at least one record each) rather than records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from tradestat.errors import QueryError
from tradestat.model.members import (
    CountryGroupSource,
    CrossCuttingTradeModeSource,
    ProductGroupSource,
)
from tradestat.model.records import CANONICAL_FIELDS, PARTNER_BASES
from tradestat.model.semantic import Level, SemanticModel, default_model
from tradestat.periods import Period
from tradestat.query.query import TIME_LEVELS, Query

AUTHORING_DIALECT = "duckdb"
ROLE = "__role"
IN_SLICE = "__in"
#: Period roles (integers group faster than strings).
CURRENT = 1
BASE = 0
GROUP_KEY = "__g"
ROWS = "__rows"
#: Source relation name; engines substitute the records (of the vintage) they serve.
SOURCE = "__records"
#: Measure columns a rollup keeps as sums (as the warehouse's load-time aggregates do); every
#: other column a rolled plan reads is grouped by.
SUMMED_COLUMNS = tuple(f.name for f in CANONICAL_FIELDS if f.is_measure)


def lit(value: str | int) -> str:
    """A SQL literal; codes were validated, but quoting stays correct for any string."""
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def in_list(expr: str, values: Iterable[str | int]) -> str:
    items = sorted({lit(v) for v in values})
    if not items:
        return "FALSE"
    return f"{expr} IN ({', '.join(items)})"


def month_range(period: Period) -> str:
    return f"month BETWEEN {period.start} AND {period.end}"


@dataclass(frozen=True, slots=True)
class GroupColumn:
    """One group of a group drilldown: its code and the flag column marking its rows."""

    code: str
    flag: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The aggregate to run and how to read its output."""

    query: Query
    tree: exp.Expression
    keys: tuple[str, ...]
    group_level: str | None
    group_columns: tuple[GroupColumn, ...]
    measures: tuple[str, ...]
    checks: Mapping[str, str]
    notes: tuple[str, ...]
    #: False when the totals are the exact sum of the keyed rows (added up after the query)
    totals_in_sql: bool = True
    #: True when the plan gives the same answer on records grouped by the columns it reads, so
    #: it may read a load-time aggregate (its check counts are then counts of groups)
    groups_ok: bool = False
    #: True when the inner scan itself groups the records first (sums only)
    rolled: bool = False
    #: columns the plan reads from the source (to choose an aggregate that has them all)
    columns: frozenset[str] = frozenset()

    def sql(self, dialect: str = AUTHORING_DIALECT, source: str = SOURCE) -> str:
        """The SQL for ``dialect``, reading from the relation ``source``."""
        tree = self.tree.copy()
        if source != SOURCE:
            replacement = sqlglot.parse_one(source, read=dialect)
            for table in tree.find_all(exp.Table):
                if table.name == SOURCE:
                    if isinstance(replacement, exp.Table):
                        table.replace(replacement.copy())
                    else:
                        table.replace(exp.Subquery(this=replacement.copy(),
                                                   alias=exp.TableAlias(this=exp.to_identifier(
                                                       "src"))))
        return tree.sql(dialect=dialect, pretty=True)


def key_column(level: str) -> str:
    return f"k_{level}"


def measure_column(measure: str, group: str | None = None, total: bool = False) -> str:
    name = f"m_{measure}"
    if group is not None:
        name += f"__{group}"
    if total:
        name += "__all"
    return name


class Planner:
    """Builds plans for queries against one semantic model."""

    def __init__(self, model: SemanticModel | None = None) -> None:
        self.model = model or default_model()
        self._plans: dict[Query, Plan] = {}

    # -- level expressions ---------------------------------------------------------------------
    def level_expr(self, level: Level, month: str = "month") -> str:
        """SQL (authoring dialect) for a level's code on one record."""
        spec = level.spec
        if level.kind == "column":
            return month if spec.column == "month" else str(spec.column)
        if level.kind == "derived":
            tree = sqlglot.parse_one(str(spec.expr), read=AUTHORING_DIALECT)
            if month != "month":
                for col in tree.find_all(exp.Column):
                    if col.name == "month":
                        col.replace(sqlglot.parse_one(month, read=AUTHORING_DIALECT))
            return tree.sql(dialect=AUTHORING_DIALECT)
        if level.kind == "mapped":
            source = self.model.level(str(spec.from_))
            mapping = level.code_map()
            whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in sorted(mapping.items()))
            return f"CASE {self.level_expr(source)} {whens} END"
        raise QueryError(f"level {level.name!r} is a group level and has no single code")

    def member_condition(self, level: Level, codes: tuple[str, ...], query: Query) -> str:
        """SQL condition: the record's ``level`` is one of ``codes``."""
        if level.kind == "group":
            return "(" + " OR ".join(self.group_condition(level, c, query) for c in codes) + ")"
        if level.kind == "mapped":
            source = self.model.level(str(level.spec.from_))
            children = [k for k, v in level.code_map().items() if v in codes]
            return in_list(self.level_expr(source), children)
        return in_list(self.level_expr(level), codes)

    def group_condition(self, level: Level, group: str, query: Query) -> str:
        """SQL condition: the record belongs to ``group`` of a group level."""
        source = level.group_source()
        if isinstance(source, CountryGroupSource):
            # Comparable basis: the membership in force at the end of the query period applies
            # to the comparison period too, as customs restates the base after a change.
            last = query.period.end
            partners = source.months_by_partner(group, [last])
            return "(" + in_list("partner_code", partners) + ")"
        if isinstance(source, ProductGroupSource):
            parts = []
            for edition, (include, exclude) in sorted(source.prefixes(group).items()):
                inc = _prefix_condition(include)
                exc = _prefix_condition(exclude)
                cond = f"hs_edition = {lit(edition)} AND ({inc})"
                if exclude:
                    cond += f" AND NOT ({exc})"
                parts.append(f"({cond})")
            return "(" + (" OR ".join(parts) or "FALSE") + ")"
        if isinstance(source, CrossCuttingTradeModeSource):
            return "(" + in_list("supervision_mode", source.supervision_codes(group)) + ")"
        raise QueryError(f"group level {level.name!r} has an unsupported group source")

    # -- the plan ------------------------------------------------------------------------------
    def plan(self, query: Query) -> Plan:
        """The plan for ``query`` (plans are pure functions of the query, so they are kept)."""
        plan = self._plans.get(query)
        if plan is None:
            plan = self._plans[query] = self._build(query)
        return plan

    def _build(self, query: Query) -> Plan:
        model = self.model
        notes: list[str] = []
        shift = _year_shift(query)
        aligned = "month" if shift == 0 or query.base is None else (
            f"(CASE WHEN {month_range(query.base)} THEN month + {100 * shift} ELSE month END)")

        scope = [f"region_basis = {lit(query.region_basis)}"]
        scope.extend(_months_in_scope(query))
        if query.region:
            scope.append(in_list("region_code", query.region))
        if len(query.flows) == 1:
            scope.append(f"flow = {lit(query.flows[0])}")
        # "This partner basis or none" written as "none of the others": exact because the
        # warehouse refuses loads with any other value, and often decided by DuckDB from column
        # statistics without reading a row (the OR form costs a quarter of a simple scan).
        scope.extend(f"partner_basis IS DISTINCT FROM {lit(other)}"
                     for other in PARTNER_BASES if other != query.partner_basis)

        # Every month in scope lies in the period or in the base (_months_in_scope), so one
        # range test gives the role.
        role = f"CASE WHEN {month_range(query.period)} THEN {CURRENT} ELSE {BASE} END"

        slice_conditions = [self.member_condition(model.level(f.level), f.members, query)
                            for f in query.filters]
        in_slice = " AND ".join(slice_conditions) if slice_conditions else "TRUE"

        keys: list[str] = []
        key_exprs: list[str] = []
        group_level: str | None = None
        group_columns: list[GroupColumn] = []
        for name in query.by:
            level = model.level(name)
            if level.kind == "group":
                group_level = name
                wanted = next((f.members for f in query.filters if f.level == name), None)
                codes = wanted or tuple(self._usable_groups(level, notes))
                for i, code in enumerate(codes):
                    flag = f"__grp{i}"
                    group_columns.append(GroupColumn(code, flag))
                continue
            expr = self.level_expr(level, aligned if name in TIME_LEVELS else "month")
            keys.append(key_column(name))
            key_exprs.append(f"{expr} AS {key_column(name)}")

        # Columns the outer aggregate reads.
        needed_columns = set()
        for name in query.measures:
            needed_columns.update(_columns_of(model.measure(name).spec.sql))
        checks: dict[str, str] = {}
        # A filter must see every record in scope: a record without a partner is not "outside
        # ASEAN", it cannot be placed at all, so those checks ignore the slice.
        scope_checks: set[str] = set()
        for f in query.filters:
            for col in model.level(f.level).requires:
                checks[f"__null_{col}"] = f"{col} IS NULL"
                scope_checks.add(f"__null_{col}")
        for name in query.levels_used:
            level = model.level(name)
            for col in level.requires:
                checks[f"__null_{col}"] = f"{col} IS NULL"
            if level.spec.min_digits:
                checks[f"__short_hs{level.spec.min_digits}"] = (
                    f"length(hs_code) < {level.spec.min_digits}")
        for name in query.measures:
            measure = model.measure(name)
            for col in (*measure.requires, *([measure.spec.column] if measure.spec.column else [])):
                checks[f"__null_{col}"] = f"{col} IS NULL"

        sliced = bool(slice_conditions)
        # Without a slice every record is in it: plain aggregates, no FILTER, no second total,
        # and NULL checks as count(*) - count(column) — the same numbers, cheaper to compute.
        inner_select = [f"{role} AS {ROLE}", *key_exprs]
        if sliced:
            inner_select.append(f"{in_slice} AS {IN_SLICE}")
        for gc in group_columns:
            cond = self.group_condition(model.level(str(group_level)), gc.code, query)
            inner_select.append(f"{cond} AS {gc.flag}")
        check_columns = {c for cond in checks.values() for c in _columns_of(cond)}
        inner_select.extend(sorted(needed_columns | check_columns))
        read = set().union(*(_columns_of(e) for e in inner_select))
        kinds = {_aggregate_kind(model.measure(n).spec.sql) for n in query.measures}
        groups_ok = kinds <= {"sum", "distinct"}
        # Grouping first pays for sums; a distinct count over (month, counted column) groups
        # would do the hash work twice.
        rolled = kinds == {"sum"}
        if rolled:
            inner = (f"SELECT {', '.join(inner_select)} FROM "
                     f"({_rollup(read, ' AND '.join(scope))}) AS rolled")
        else:
            inner = (f"SELECT {', '.join(inner_select)} FROM {SOURCE} "
                     f"WHERE {' AND '.join(scope)}")
        columns = frozenset(read | set().union(*(_columns_of(c) for c in scope)))

        def within(condition: str | None = None) -> str | None:
            parts = [p for p in ((IN_SLICE if sliced else None), condition) if p]
            return " AND ".join(parts) or None

        def aggregate(expr: str, condition: str | None) -> str:
            return expr if condition is None else _filtered(expr, condition)

        # Totals by grouping set only when Python cannot add them up exactly from the keyed
        # rows: distinct counts do not add, and overlapping groups would double count.
        additive = all(model.measure(n).additive for n in query.measures)
        totals_in_sql = bool(keys) and not (additive and not group_columns)
        outer_select = [ROLE, *keys]
        if totals_in_sql:
            outer_select.append(f"GROUPING({keys[0]}) AS {GROUP_KEY}")
        outer_select.append(aggregate("count(*)", within()) + f" AS {ROWS}")
        measure_names: list[str] = []
        for name in query.measures:
            agg = model.measure(name).spec.sql
            outer_select.append(aggregate(agg, within()) + f" AS {measure_column(name)}")
            if group_columns:
                for gc in group_columns:
                    col = measure_column(name, gc.code)
                    outer_select.append(aggregate(agg, within(gc.flag)) + f" AS {col}")
                    outer_select.append(aggregate("count(*)", within(gc.flag))
                                        + f" AS {ROWS}__{gc.code}")
            if sliced and model.measure(name).additive:
                outer_select.append(f"{agg} AS {measure_column(name, total=True)}")
            measure_names.append(name)
        for name, cond in checks.items():
            null_column = cond.removesuffix(" IS NULL")
            whole = not sliced or name in scope_checks
            if whole and cond.endswith(" IS NULL") and null_column.isidentifier():
                outer_select.append(f"count(*) - count({null_column}) AS {name}")
            else:
                outer_select.append(aggregate("count(*)", within(f"({cond})")) + f" AS {name}")
        if totals_in_sql:
            grouping = f"GROUP BY GROUPING SETS (({ROLE}, {', '.join(keys)}), ({ROLE}))"
        elif keys:
            grouping = f"GROUP BY {ROLE}, {', '.join(keys)}"
        else:
            grouping = f"GROUP BY {ROLE}"
        sql = f"SELECT {', '.join(outer_select)} FROM ({inner}) AS scoped {grouping}"
        tree = sqlglot.parse_one(sql, read=AUTHORING_DIALECT)
        if group_level and any(model.level(group_level).groups()[g.code].approximation
                               for g in group_columns):
            notes.append(f"some {group_level} definitions approximate the official lists")
        for f in query.filters:
            level = model.level(f.level)
            if level.kind == "group" and any(level.groups()[c].approximation for c in f.members):
                notes.append(f"{f.level} {', '.join(f.members)}: the definition approximates "
                             "the official list (see tradestat reference docs)")
            if level.kind == "group" and isinstance(level.group_source(), CountryGroupSource):
                notes.append(f"{f.level} {', '.join(f.members)}: membership as at "
                             f"{query.period.end}, applied to both periods (comparable basis)")
        notes += _user_list_notes(model, group_level, [g.code for g in group_columns], query)
        return Plan(query=query, tree=tree, keys=tuple(keys), group_level=group_level,
                    group_columns=tuple(group_columns), measures=tuple(measure_names),
                    checks=checks, totals_in_sql=totals_in_sql, notes=tuple(dict.fromkeys(notes)),
                    groups_ok=groups_ok, rolled=rolled, columns=columns)

    def _usable_groups(self, level: Level, notes: list[str]) -> list[str]:
        """All groups of a level that can be resolved (user-list groups without a list are
        skipped, with a note)."""
        usable = []
        source = level.group_source()
        for code in level.groups():
            if isinstance(source, CountryGroupSource) and not source.has_members(code):
                notes.append(f"group {code} skipped: it has no member list")
                continue
            usable.append(code)
        return usable


def _user_list_notes(model: SemanticModel, group_level: str | None, group_codes: list[str],
                     query: Query) -> list[str]:
    """A note for each country group the query reads whose members come (in part) from a user
    file, naming the file: the shipped caption alone would pass a user's list off as the
    official one."""
    used = [(group_level, code) for code in group_codes] if group_level else []
    used += [(f.level, code) for f in query.filters for code in f.members
             if model.level(f.level).kind == "group"]
    notes = []
    for level_name, code in used:
        source = model.level(level_name).group_source()
        if isinstance(source, CountryGroupSource) and (files := source.user_lists(code)):
            notes.append(f"{level_name} {code}: members from the user list {', '.join(files)}")
    return notes


def _aggregate_kind(measure_sql: str) -> str:
    """"sum" for a sum of a summed column, "distinct" for a distinct count of other columns,
    else "other". Only the first two give the same answer on records grouped by the columns
    they read (a plain count, an average ... would see groups instead of records)."""
    tree = sqlglot.parse_one(measure_sql, read=AUTHORING_DIALECT)
    if isinstance(tree, exp.Sum) and isinstance(tree.this, exp.Column):
        return "sum" if tree.this.name in SUMMED_COLUMNS else "other"
    if isinstance(tree, exp.Count) and isinstance(tree.this, exp.Distinct):
        summed = any(c.name in SUMMED_COLUMNS for c in tree.find_all(exp.Column))
        return "other" if summed else "distinct"
    return "other"


def _rollup(read: set[str], scope: str) -> str:
    """The scoped records grouped by every column the plan reads except the summed ones.

    A summed column's group value is NULL when any record behind it is NULL, so "records
    without a value" stays visible to the plan's checks.
    """
    dims = ", ".join(sorted(read - set(SUMMED_COLUMNS)))
    sums = [f"CASE WHEN count({c}) = count(*) THEN sum({c}) END AS {c}"
            for c in sorted(read & set(SUMMED_COLUMNS))]
    return f"SELECT {', '.join([dims, *sums])} FROM {SOURCE} WHERE {scope} GROUP BY {dims}"


def _months_in_scope(query: Query) -> list[str]:
    """Month conditions selecting exactly the months of the period and its base, so that every
    record in scope has a period role.

    One range over both periods lets the engine skip row groups by their min/max month (two
    OR-ed ranges would not); months between the periods are cut by a second, cheap condition.
    (A role filter after the scan instead was pushed by DuckDB below the grouping, re-evaluating
    the role CASE on every record.)
    """
    periods = sorted([query.period, *([query.base] if query.base is not None else [])],
                     key=lambda p: p.start)
    conditions = [f"month BETWEEN {periods[0].start} AND {periods[-1].end}"]
    if len(periods) == 2:
        first_end, second_start = periods[0].end, periods[1].start
        year, month = divmod(first_end, 100)
        after_first = (year + 1) * 100 + 1 if month == 12 else first_end + 1
        if after_first != second_start:
            conditions.append(f"NOT (month > {first_end} AND month < {second_start})")
    return conditions


def _prefix_condition(prefixes: tuple[str, ...]) -> str:
    by_length: dict[int, list[str]] = {}
    for p in prefixes:
        by_length.setdefault(len(p), []).append(p)
    parts = [in_list(f"substr(hs_code, 1, {n})", ps) for n, ps in sorted(by_length.items())]
    return " OR ".join(parts) or "FALSE"


def _filtered(aggregate: str, condition: str) -> str:
    """Attach a FILTER clause to an aggregate written in the model."""
    return f"{aggregate} FILTER (WHERE {condition})"


def _columns_of(sql: str) -> set[str]:
    tree = sqlglot.parse_one(sql, read=AUTHORING_DIALECT)
    return {c.name for c in tree.find_all(exp.Column)}


def _year_shift(query: Query) -> int:
    """Whole years between the base and the period, for aligning time drilldown keys."""
    if query.base is None or not any(b in TIME_LEVELS for b in query.by):
        return 0
    months = (query.period.start // 100 - query.base.start // 100) * 12 + (
        query.period.start % 100 - query.base.start % 100)
    if months % 12:
        raise QueryError("a drilldown by time needs a comparison period whole years earlier")
    return months // 12
