"""Many figures, few scans: answer a batch of queries from one shared aggregate.

A bulletin asks dozens of questions of the same records (the region's two years, sliced by
partner, product, mode, enterprise type ...). Scanning the records once per figure wastes most of
the work. Figures that a load-time aggregate serves (``tradestat.warehouse.aggregates``) read a
small table already and run one by one; the other queries whose measures are plain sums share a
*cube*: one scan groups the scoped
records by every column any of them reads, into a temporary table that is orders of magnitude
smaller; each query's own plan then runs unchanged on the cube, because a sum of partial sums is
the sum. Distinct counts (enterprises, partners) cannot be rebuilt from partial counts and run
on the records as usual.

The cube keeps the checks honest: a value column is NULL in a cube row if *any* record behind it
lacked the value, so "records without a value" is still refused; dimension columns are carried
as they are, so NULL partners and short HS codes are still seen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from itertools import count

import sqlglot
from sqlglot import exp

from tradestat.query.execute import Executor, Prepared, _assemble, _refuse_unanswerable
from tradestat.query.plan import AUTHORING_DIALECT, Plan
from tradestat.query.query import Query
from tradestat.query.result import Result

#: Columns every cube keeps: the scope filters of every plan read them.
SCOPE_COLUMNS = ("month", "region_code", "region_basis", "flow", "partner_basis")
SUMMABLE = ("value_cny", "value_usd")
_cube_ids = count(1)


def _inner_columns(plan: Plan) -> set[str]:
    """Canonical columns the plan's inner SELECT reads."""
    tree = plan.tree
    inner = tree.find(exp.Subquery)
    target = inner.this if inner is not None else tree
    return {c.name for c in target.find_all(exp.Column) if not c.name.startswith("__")}


def _cubeable(executor: Executor, query: Query) -> bool:
    for name in query.measures:
        spec = executor.model.measure(name).spec
        if spec.column not in SUMMABLE or not spec.sql.replace(" ", "").lower().startswith("sum("):
            return False
    return True


def execute_many(executor: Executor, queries: Sequence[Query]) -> list[Result]:
    """Answer ``queries`` in order, sharing one scan per (dataset, basis, vintage) group."""
    engine = executor.engine
    prepared = [executor.prepare(query) for query in queries]
    results: dict[int, Result] = {}
    shared: dict[tuple, list[int]] = defaultdict(list)
    for i, (query, p) in enumerate(zip(queries, prepared, strict=True)):
        if (p.exact or p.aggregate is not None or not _cubeable(executor, query)
                or p.scope.alternatives):
            # alone: a load-time aggregate is already small; otherwise with dataset fallback
            results[i] = executor.execute(query)
        else:
            shared[(p.scope.dataset, query.region_basis, query.as_of)].append(i)
    for (dataset, _basis, as_of), members in shared.items():
        if len(members) == 1:
            results[members[0]] = executor.execute(queries[members[0]])
            continue
        cube, cube_sql = _build_cube(executor, [prepared[i] for i in members], dataset, as_of)
        try:
            for i in members:
                p = prepared[i]
                sql = p.plan.sql(engine.dialect, cube)
                raw = engine.run(sql)
                _refuse_unanswerable(p.plan, raw, p.scope.dataset, counts_groups=True)
                result = _assemble(p.plan, p.scope, sql, raw, engine)
                note = (f"answered from a shared aggregate of {len(members)} queries; "
                        f"the aggregate was built by: {cube_sql}")
                provenance = replace(result.provenance,
                                     notes=(*result.provenance.notes, note))
                results[i] = executor.finish(replace(result, provenance=provenance))
        finally:
            engine.run(f"DROP TABLE IF EXISTS {cube}")
    return [results[i] for i in range(len(prepared))]


def _build_cube(executor: Executor, members: list[Prepared], dataset: str,
                as_of: dt.date | None) -> tuple[str, str]:
    """Create the shared aggregate as a temporary table; returns its name and its SQL."""
    engine = executor.engine
    columns: set[str] = set(SCOPE_COLUMNS)
    for p in members:
        columns |= _inner_columns(p.plan)
    dims = sorted(columns - set(SUMMABLE))
    load_ids = sorted({i for p in members for i in p.scope.load_ids})
    months = sorted({m for p in members for m in p.plan.query.period.months()}
                    | {m for p in members if p.plan.query.base
                       for m in p.plan.query.base.months()})
    source = engine.source_sql(dataset, load_ids, exact=False, as_of=as_of)
    sums = ", ".join(f"CASE WHEN count({c}) = count(*) THEN sum({c}) END AS {c}"
                     for c in SUMMABLE)
    name = f"__cube{next(_cube_ids)}"
    month_list = ", ".join(str(m) for m in months)
    select = (f"SELECT {', '.join(dims)}, {sums} FROM {source} AS src "
              f"WHERE month IN ({month_list}) GROUP BY {', '.join(dims)}")
    select = sqlglot.transpile(select, read=AUTHORING_DIALECT, write=engine.dialect)[0]
    engine.run(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
    return name, select
