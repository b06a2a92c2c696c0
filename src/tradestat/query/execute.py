"""Run a Query on an engine: choose the dataset, check coverage, run the plan, read the output.

Two rules keep numbers honest here:

* **One dataset per figure.** The warehouse may hold the same trade twice (declarations and a
  platform export of the same months). A figure is computed from exactly one dataset; the choice
  (finest grain that fully covers the period, then widest regional coverage) is recorded in the
  provenance, and ``dataset=`` overrides it.
* **Coverage before sums.** If the period is not fully covered for every region and flow asked
  for, the query is refused (``CoverageError`` listing what is missing) unless the caller passed
  ``allow_partial=True``, in which case the result says so. A base period that is not covered
  makes the comparison unavailable, with the reason; it never turns into a growth rate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import pyarrow as pa

from tradestat.errors import CoverageError, QueryError
from tradestat.model.semantic import SemanticModel, default_model
from tradestat.query.engine import Cell, Engine
from tradestat.query.plan import (
    BASE,
    CURRENT,
    GROUP_KEY,
    ROLE,
    ROWS,
    Plan,
    Planner,
    measure_column,
)
from tradestat.query.query import TIME_LEVELS, Query
from tradestat.query.result import Provenance, Result, Totals

#: Provinces on the registered basis that make up the national total when no national rows exist.
PROVINCE_COUNT = 31


@dataclass(frozen=True, slots=True)
class Scope:
    """The chosen dataset and the loads in force that hold the query's records."""

    dataset: str
    load_ids: tuple[int, ...]
    cells: tuple[Cell, ...]
    regions: tuple[str, ...]
    base_missing: tuple[str, ...]
    notes: tuple[str, ...]
    #: other datasets that fully cover the query, in order of preference
    alternatives: tuple[str, ...] = ()


def _describe_missing(missing: Iterable[tuple[str, str, int]], limit: int = 6) -> list[str]:
    by_region_flow: dict[tuple[str, str], list[int]] = defaultdict(list)
    for region, flow, month in missing:
        by_region_flow[(region, flow)].append(month)
    out = []
    for (region, flow), months in sorted(by_region_flow.items()):
        months.sort()
        shown = ", ".join(str(m) for m in months[:4]) + (" ..." if len(months) > 4 else "")
        out.append(f"region {region} {flow}: {len(months)} month(s) ({shown})")
    if len(out) > limit:
        out = [*out[:limit], f"... and {len(out) - limit} more region/flow combinations"]
    return out


#: Levels that read the partner columns.
PARTNER_LEVELS = frozenset({"partner", "continent", "partner_group"})


def _lists_partners(dataset: str, cells: Iterable[Cell]) -> bool:
    """Whether an aggregate dataset is broken down by partner: its name says so (the GACC
    reader names such datasets ``gacc:<currency>:partner+...``), or one of its loads says what
    its partner list is (``tradestat ingest --partners``), whatever the dataset is called."""
    return "partner" in dataset.split(":")[-1] or any(c.partners is not None for c in cells)


#: How much a total from an export by partner can be trusted, best first (see _partner_list).
_PARTNER_LIST_RANK = {"all": 1, "unstated": 2, "selected": 3}


def _partner_list(cells: Iterable[Cell]) -> str:
    """What the loads behind ``cells`` say of their partner list: "all" if every one lists all
    partners, "selected" if any lists only some, else "unstated"."""
    stated = {c.partners for c in cells}
    if stated <= {"all"}:
        return "all"
    return "selected" if "selected" in stated else "unstated"


def _partner_list_notes(dataset: str, used: Sequence[Cell], uses_partner: bool) -> list[str]:
    """What a result from an export by partner means, by what its loads say of their partner
    list: nothing to add if every load lists all partners; a refusal for a figure that is not
    by partner when some load lists selected partners only (its sum is not the region's
    total); otherwise a note that totals and shares are sums over the partners listed."""
    kind = _partner_list(used)
    if kind == "all":
        return []
    if kind == "selected":
        selected = sorted({c.load_id for c in used if c.partners == "selected"})
        loads = ", ".join(str(i) for i in selected)
        if not uses_partner:
            raise CoverageError(
                f"dataset {dataset} lists selected partners only (load {loads}): its sum is "
                "not the region's total",
                hint="load the platform's export without the partner breakdown for totals, or "
                     "ask by partner (a breakdown or a filter by partner)")
        return [f"dataset {dataset} lists selected partners only (load {loads}): totals and "
                "shares here are over those partners, not the region's total"]
    return [f"dataset {dataset} is an export by partner whose loads do not say whether they "
            "list every partner: totals and shares here are sums over the partners listed, the "
            "region's total only if none is missing (`tradestat ingest --partners all` states "
            "it)"]


def choose_scope(query: Query, cells: Sequence[Cell], province_codes: Iterable[str]) -> Scope:
    """Pick the dataset and loads for a query from the cells in force; refuse gaps."""
    current = set(query.period.months())
    base = set(query.base.months()) if query.base is not None else set()
    by_dataset: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_dataset[cell.dataset].append(cell)
    if query.dataset is not None:
        if query.dataset not in by_dataset:
            raise CoverageError(
                f"dataset {query.dataset!r} has no data for {query.period} on the "
                f"{query.region_basis} basis",
                hint="datasets with data there: " + (", ".join(sorted(by_dataset)) or "none"))
        by_dataset = {query.dataset: by_dataset[query.dataset]}
    if not by_dataset:
        raise CoverageError(
            f"the warehouse has no {query.region_basis}-basis data for {query.period}",
            hint="load data for the period (tradestat ingest / simulate) or pick another period")

    uses_partner = any(level in PARTNER_LEVELS for level in query.levels_used) or \
        "partners" in query.measures
    candidates = []
    for dataset, dcells in by_dataset.items():
        present = {(c.region_code, c.flow, c.month) for c in dcells}
        if query.national and query.region_basis == "national":
            regions = ("CN",)
        elif query.national:
            regions = tuple(sorted(province_codes))
        elif query.region:
            regions = query.region
        else:
            regions = tuple(sorted({c.region_code for c in dcells if c.month in current}))
        wanted = {(r, f, m) for r in regions for f in query.flows for m in current}
        missing = wanted - present
        wanted_base = {(r, f, m) for r in regions for f in query.flows for m in base}
        base_missing = wanted_base - present
        grain_rank = 0 if any(c.grain == "declaration" for c in dcells) else 1
        if grain_rank and not uses_partner and _lists_partners(dataset, dcells):
            # An aggregate export broken down by partner may list only the partners chosen on
            # the platform: its sum is not the region's total when a total-only export exists.
            # One whose loads say they list every partner comes first, one with a load that
            # lists selected partners last.
            grain_rank = _PARTNER_LIST_RANK[_partner_list(dcells)]
        candidates.append((len(missing), grain_rank, -len(regions), dataset, regions, missing,
                           base_missing, dcells))
    if not query.region and not query.national:
        # "Every region" (rankings, shares of the nation): the widest regional coverage first,
        # so a detailed dataset of one province never stands in for all of them.
        candidates.sort(key=lambda c: (c[0], c[2], c[1], c[3]))
    else:
        candidates.sort(key=lambda c: c[:4])
    n_missing, _, _, dataset, regions, missing, base_missing, dcells = candidates[0]
    notes: list[str] = []
    if n_missing:
        lines = _describe_missing(missing)
        if not query.allow_partial:
            raise CoverageError(
                f"the data does not fully cover {query.period} for this query "
                f"(best dataset: {dataset}): " + "; ".join(lines),
                missing=tuple(lines),
                hint="load the missing months, narrow the period or regions, or pass "
                     "allow_partial=True to get a result marked as partial")
        notes.append("PARTIAL: the period is not fully covered: " + "; ".join(lines))
    others = [c[3] for c in candidates[1:] if c[0] == 0]
    if others:
        notes.append(f"dataset {dataset} chosen; also covering this period: {', '.join(others)}")
    keep_months = current | base
    regions_set = set(regions)
    used = tuple(c for c in dcells if c.month in keep_months and c.region_code in regions_set
                 and c.flow in query.flows)
    if _lists_partners(dataset, used):
        notes.extend(_partner_list_notes(dataset, used, uses_partner))
    return Scope(dataset=dataset, load_ids=tuple(sorted({c.load_id for c in used})), cells=used,
                 regions=tuple(regions), base_missing=tuple(_describe_missing(base_missing)),
                 notes=tuple(notes), alternatives=tuple(others))


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query ready to run: its plan, the data it reads, and the SQL over that data.

    ``exact`` says whether a later vintage replaced part of a load, so the records must be
    chosen cell by cell rather than by load id (and cannot be pre-aggregated by load id).
    ``aggregate`` names the load-time aggregate the SQL reads instead of the records, if any.
    """

    plan: Plan
    scope: Scope
    sql: str
    exact: bool
    aggregate: str | None = None

    @property
    def counts_groups(self) -> bool:
        """Whether the plan's check counts are counts of groups of records, not of records."""
        return self.plan.rolled or self.aggregate is not None

    def note(self) -> str | None:
        if self.aggregate is None:
            return None
        return (f"read from the load-time aggregate {self.aggregate} (the records of each load "
                "grouped by the columns this figure reads; same sums and distinct counts)")


class Executor:
    """Answers queries on one engine with one semantic model."""

    def __init__(self, engine: Engine, model: SemanticModel | None = None) -> None:
        self.engine = engine
        self.model = model or default_model()
        self.planner = Planner(self.model)
        # A session reads a read-only warehouse, so what is in force cannot change under it.
        self._cells: dict[tuple, tuple[Cell, ...]] = {}
        self._in_force: dict[tuple, bool] = {}
        self._sql: dict[tuple[Query, str], str] = {}

    def cells(self, region_basis: str, months: tuple[int, ...], as_of: object) -> tuple[Cell, ...]:
        key = (region_basis, months, as_of)
        if key not in self._cells:
            self._cells[key] = tuple(self.engine.cells(region_basis, months, as_of))
        return self._cells[key]

    def fully_in_force(self, load_ids: tuple[int, ...], as_of: object) -> bool:
        key = (load_ids, as_of)
        if key not in self._in_force:
            self._in_force[key] = self.engine.fully_in_force(load_ids, as_of)
        return self._in_force[key]

    def province_codes(self) -> tuple[str, ...]:
        return tuple(c for c in self.model.level("province").members() if len(c) == 2)

    def prepare(self, query: Query) -> Prepared:
        """Plan, scope and final SQL for a query, without running it."""
        months = tuple(query.period.months()) + (tuple(query.base.months()) if query.base
                                                  else ())
        cells = self.cells(query.region_basis, months, query.as_of)
        scope = choose_scope(query, cells, self.province_codes())
        exact = not self.fully_in_force(scope.load_ids, query.as_of)
        planned = query
        if query.national and query.region_basis != "national":
            # Sum of all provinces: restrict to the provinces so stray codes cannot creep in.
            planned = replace(query, region=scope.regions)
        plan = self.planner.plan(planned)
        aggregate = (self.engine.aggregate_for(scope.load_ids, plan.columns)
                     if plan.groups_ok else None)
        source = self.engine.source_sql(scope.dataset, scope.load_ids, exact=exact,
                                        as_of=query.as_of, table=aggregate or "records")
        key = (plan.query, source)
        if key not in self._sql:
            self._sql[key] = plan.sql(self.engine.dialect, source)
        return Prepared(plan=plan, scope=scope, sql=self._sql[key], exact=exact,
                        aggregate=aggregate)

    def explain(self, query: Query) -> str:
        return self.prepare(query).sql

    def execute(self, query: Query) -> Result:
        """Run a query; if the chosen dataset lacks a breakdown the query needs, try the
        other datasets that cover the period (noted), and refuse only if none can answer."""
        prepared = self.prepare(query)
        plan, scope, sql = prepared.plan, prepared.scope, prepared.sql
        raw = self.engine.run(sql)
        try:
            _refuse_unanswerable(plan, raw, scope.dataset, prepared.counts_groups)
        except QueryError as first:
            if query.dataset is not None:
                raise
            for alternative in scope.alternatives:
                try:
                    result = self.execute(replace(query, dataset=alternative))
                except QueryError:
                    continue
                note = (f"dataset {scope.dataset} cannot answer this query ({first.message}); "
                        f"used {alternative}")
                provenance = replace(result.provenance,
                                     notes=(note, *result.provenance.notes))
                return replace(result, provenance=provenance)
            raise
        result = _assemble(plan, scope, sql, raw, self.engine)
        if prepared.note():
            result = replace(result, provenance=replace(
                result.provenance, notes=(*result.provenance.notes, prepared.note())))
        return self.finish(result)

    def finish(self, result: Result) -> Result:
        """Attach what the model knows about the measures (additivity) to a result."""
        non_additive = frozenset(m for m in result.query.measures
                                 if not self.model.measure(m).additive)
        return replace(result, non_additive=non_additive)


def _refuse_unanswerable(plan: Plan, raw: pa.Table, dataset: str, counts_groups: bool) -> None:
    for check, condition in plan.checks.items():
        if check not in raw.column_names:
            continue
        bad = sum(v or 0 for v in raw.column(check).to_pylist())
        if bad:
            what = condition.replace(" IS NULL", " is empty").replace("length(hs_code) <",
                                                                       "HS code shorter than")
            # Over grouped records the checks count groups, each of at least one record.
            count = f"at least {bad:,}" if counts_groups else f"{bad:,}"
            raise QueryError(
                f"dataset {dataset} cannot answer this query: {count} record(s) in the slice "
                f"have {what}",
                hint="this dataset is not broken down that way; choose another dataset "
                     "(dataset=...) or drop that drilldown/filter")


def _assemble(plan: Plan, scope: Scope, sql: str, raw: pa.Table, engine: Engine) -> Result:
    query = plan.query
    rows = raw.to_pylist()
    has_base = query.base is not None and not scope.base_missing
    base_unavailable = None
    if query.base is not None and scope.base_missing:
        base_unavailable = ("the comparison period " + str(query.base) + " is not fully covered: "
                            + "; ".join(scope.base_missing))
    if plan.keys and not plan.totals_in_sql:
        keyed_rows = rows
        total_rows = _sum_by_role(rows, [c for c in raw.column_names
                                         if c != ROLE and not c.startswith("k_")])
    else:
        total_rows = [r for r in rows if not plan.keys or r.get(GROUP_KEY) == 1]
        keyed_rows = [r for r in rows if plan.keys and r.get(GROUP_KEY) == 0]

    parent: dict[str, Totals] = {}
    total: dict[str, Totals] = {}
    by_role = {r[ROLE]: r for r in total_rows}
    for name in plan.measures:
        cur = by_role.get(CURRENT, {})
        bas = by_role.get(BASE, {}) if has_base else None
        parent_cur = _zero_if_missing(cur.get(measure_column(name)), cur)
        parent_base = _zero_if_missing(bas.get(measure_column(name)), bas) if has_base else None
        # Without a slice the slice total is the total (the plan does not compute it twice).
        all_col = measure_column(name, total=True)
        if all_col not in raw.column_names:
            all_col = measure_column(name)
        total[name] = Totals(
            current=cur.get(all_col) if cur else None,
            base=(bas.get(all_col) if bas else None) if has_base else None)
        parent[name] = Totals(current=parent_cur, base=parent_base)

    member_rows = keyed_rows if plan.keys else total_rows
    if plan.group_columns:
        table = _group_rows(plan, member_rows, has_base)
    else:
        table = _rows_table(plan, member_rows, has_base)
    table = _order_and_top(query, table)
    vintages = [c.vintage for c in scope.cells]
    notes = list(scope.notes) + list(plan.notes)
    if base_unavailable:
        notes.append(base_unavailable)
    provenance = Provenance(
        query=query.describe(), sql=sql, engine=engine.name, warehouse=engine.location,
        dataset=scope.dataset, load_ids=scope.load_ids,
        vintage=max(vintages) if vintages else None, as_of=query.as_of,
        is_sample=any(c.is_sample for c in scope.cells), period=str(query.period),
        base=str(query.base) if query.base else None, notes=tuple(notes))
    return Result(query=query, table=table, parent=parent, total=total, provenance=provenance,
                  base_unavailable=base_unavailable)


def _sum_by_role(rows: list[dict], columns: list[str]) -> list[dict]:
    """Totals per period role as exact sums of the keyed rows (all measures additive).

    A column whose every value is NULL stays NULL (no data), as SQL's sum would leave it.
    """
    totals: dict[object, dict] = {}
    for r in rows:
        entry = totals.setdefault(r[ROLE], {ROLE: r[ROLE], **{c: None for c in columns}})
        for c in columns:
            if r[c] is not None:
                entry[c] = r[c] if entry[c] is None else entry[c] + r[c]
    return list(totals.values())


def _zero_if_missing(value: object, row: Mapping | None) -> Decimal | int | None:
    """A slice with no records in a covered period sums to an exact zero, not "no data"."""
    if row is None:
        return None
    if value is None and row:
        return 0
    return value  # type: ignore[return-value]


def _level_names(plan: Plan) -> list[str]:
    return [k.removeprefix("k_") for k in plan.keys]


def _rows_table(plan: Plan, rows: list[dict], has_base: bool) -> pa.Table:
    """Pivot (role, keys) rows into one row per key with current and base measures."""
    levels = _level_names(plan)
    merged: dict[tuple, dict] = {}
    seen: dict[tuple, set[str]] = defaultdict(set)
    for r in rows:
        key = tuple(r[k] for k in plan.keys)
        entry = merged.setdefault(key, {lvl: r[k] for lvl, k in zip(levels, plan.keys,
                                                                     strict=True)})
        suffix = "" if r[ROLE] == CURRENT else "_base"
        if suffix and not has_base:
            continue
        if r.get(ROWS, 0) == 0:
            if plan.keys:
                continue  # the member exists only outside the slice
            for name in plan.measures:  # an empty slice in a covered period traded nothing
                entry[name + suffix] = 0
            seen[key].add(suffix)
            continue
        seen[key].add(suffix)
        for name in plan.measures:
            entry[name + suffix] = r.get(measure_column(name))
    merged = {k: v for k, v in merged.items() if seen[k]}
    _absent_is_zero(merged, seen, plan.measures, has_base)
    return _to_table(merged.values(), levels, plan.measures, has_base)


def _absent_is_zero(merged: dict[tuple, dict], seen: Mapping[tuple, set[str]],
                    measures: tuple[str, ...], has_base: bool) -> None:
    """A member with no records in one covered period traded nothing then: an exact zero.

    (A NULL sum over records that exist is different — those records lack the measure — and
    the plan's checks refuse that case before we get here.)
    """
    for key, entry in merged.items():
        for suffix in ("", "_base") if has_base else ("",):
            if suffix not in seen[key]:
                for name in measures:
                    entry[name + suffix] = 0


def _group_rows(plan: Plan, rows: list[dict], has_base: bool) -> pa.Table:
    """Unpivot group-flag aggregates into one row per (keys, group)."""
    levels = _level_names(plan)
    group_level = str(plan.group_level)
    merged: dict[tuple, dict] = {}
    seen: dict[tuple, set[str]] = defaultdict(set)
    for r in rows:
        suffix = "" if r[ROLE] == CURRENT else "_base"
        if suffix and not has_base:
            continue
        for gc in plan.group_columns:
            if (r.get(f"{ROWS}__{gc.code}") or 0) == 0:
                continue
            key = (*(r[k] for k in plan.keys), gc.code)
            entry = merged.setdefault(key, {**{lvl: r[k] for lvl, k in zip(
                levels, plan.keys, strict=True)}, group_level: gc.code})
            seen[key].add(suffix)
            for name in plan.measures:
                entry[name + suffix] = r.get(measure_column(name, gc.code))
    _absent_is_zero(merged, seen, plan.measures, has_base)
    return _to_table(merged.values(), [*levels, group_level], plan.measures, has_base)


def _to_table(entries: Iterable[dict], levels: list[str], measures: tuple[str, ...],
              has_base: bool) -> pa.Table:
    columns = [*levels]
    for name in measures:
        columns.append(name)
        if has_base:
            columns.append(name + "_base")
    data = list(entries)
    for entry in data:
        for col in columns:
            entry.setdefault(col, None)
    if not data:
        return pa.table({c: pa.array([], pa.string() if c in levels else pa.decimal128(38, 2))
                         for c in columns})
    return pa.Table.from_pylist([{c: e[c] for c in columns} for e in data])


def _order_and_top(query: Query, table: pa.Table) -> pa.Table:
    if table.num_rows == 0:
        return table
    levels = [c for c in table.column_names if c not in _measure_cols(query)]
    by_time = any(b in TIME_LEVELS for b in query.by)
    order = query.order_by or (query.measures[0] if query.top or not by_time else None)
    direction = "ascending" if query.ascending else "descending"
    keys = [(order, direction)] if order else []
    keys += [(lvl, "ascending") for lvl in levels]
    return table.sort_by(keys)


def keep_top(result: Result) -> Result:
    """Cut a result to its ``top`` rows — after indicators, so shares and ranks are computed
    among all members, not among the survivors."""
    if result.query.top is None or result.table.num_rows <= result.query.top:
        return result
    return replace(result, table=result.table.slice(0, result.query.top))


def _measure_cols(query: Query) -> set[str]:
    return {m for name in query.measures for m in (name, name + "_base")}
