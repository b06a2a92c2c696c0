"""Query: a Request checked against the semantic model, with every name resolved to a code.

Everything that can be wrong with a question is found here, before any SQL exists: unknown levels,
measures and members (with "did you mean"), filters on time levels (use the period instead), the
region basis, contradictory flows. A Query is immutable and hashable, so batches can share scans.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from tradestat.errors import QueryError, UnknownNameError
from tradestat.model.records import FLOWS, PARTNER_BASES, REGION_BASES
from tradestat.model.semantic import Level, SemanticModel, default_model, suggest
from tradestat.periods import Period, PeriodError, parse_period
from tradestat.query.request import Request

#: Levels that are answered by the period, not by a filter.
TIME_LEVELS = ("month", "quarter", "half", "year")
#: Levels the query carries as fields of their own rather than as slice filters.
CONTEXT_LEVELS = ("region", "flow")
NATIONAL = ("CN", "national", "China", "全国", "中国")
COMPARE_WORDS = ("default", "yoy", "previous", "none")


@dataclass(frozen=True, slots=True)
class Filter:
    """Keep records whose ``level`` is one of ``members`` (codes, already validated)."""

    level: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """A validated question: measures over a slice, for a period and its comparison base.

    ``region`` empty means every region present in the chosen dataset (for rankings);
    ``national`` means the country as a whole. ``flows`` lists the flows summed (both = total
    trade). ``base`` is None when no comparison was asked for.
    """

    measures: tuple[str, ...]
    by: tuple[str, ...]
    filters: tuple[Filter, ...]
    period: Period
    base: Period | None
    region: tuple[str, ...]
    national: bool
    region_basis: str
    partner_basis: str
    flows: tuple[str, ...]
    indicators: tuple[str, ...] = ()
    share_of: str = "total"
    top: int | None = None
    order_by: str | None = None
    ascending: bool = False
    dataset: str | None = None
    as_of: dt.date | None = None
    allow_partial: bool = False

    @property
    def levels_used(self) -> tuple[str, ...]:
        """Every level the query reads (drilldowns and filters)."""
        return self.by + tuple(f.level for f in self.filters)

    def describe(self) -> str:
        """A one-line human summary (used in provenance and progress output)."""
        parts = [", ".join(self.measures), f"period {self.period}"]
        if self.base is not None:
            parts.append(f"vs {self.base}")
        parts.append("national" if self.national else
                     ("region " + ",".join(self.region) if self.region else "all regions"))
        parts.append(f"{self.region_basis} basis")
        if len(self.flows) == 1:
            parts.append(self.flows[0])
        for f in self.filters:
            parts.append(f"{f.level}={','.join(f.members)}")
        if self.by:
            parts.append("by " + ",".join(self.by))
        return "; ".join(parts)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def resolve_member(level: Level, value: str) -> str:
    """A member code from a code, an English or Chinese caption, or a group alias."""
    value = str(value).strip()
    members = level.members()
    if value in members:
        return value
    if level.kind == "group":
        for code, info in level.groups().items():
            names = (code, info.caption_en, info.caption_zh, *info.aliases)
            if any(_norm(value) == _norm(n) for n in names if n):
                return code
    wanted = _norm(value)
    hits = [code for code, m in members.items()
            if wanted in (_norm(m.caption_en), _norm(m.caption_zh))]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise QueryError(f"{value!r} names several {level.name} members: {', '.join(hits[:8])}",
                         hint="give the code instead of the name")
    if not members and level.kind in ("column", "derived"):
        return value  # levels without a member list (e.g. hs_edition) take any value
    names = [*members, *(m.caption_en for m in members.values())]
    raise UnknownNameError(f"{level.name} member", value, suggest(value, names),
                           hint=f"see the {level.name} members with `tradestat members "
                                f"{level.name}`")


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if value is None:
        raise QueryError("a query needs a period",
                         hint="e.g. period='2025', '2025-05', '2025Q1', '2025H1', 'FYP14', "
                              "or words like '1-5月 2025'")
    text = str(value)
    try:
        return Period.parse(text)
    except PeriodError:
        return parse_period(text)


def _base(period: Period, compare: Any, by: tuple[str, ...]) -> Period | None:
    if compare is None or compare is False or compare == "none":
        return None
    if compare is True or compare == "default":
        return period.comparison()
    if compare == "yoy":
        return period.previous_year()
    base = period.previous_period() if compare == "previous" else _period(compare)
    if base.start <= period.end and period.start <= base.end:
        raise QueryError(f"the comparison period {base} overlaps {period}")
    if base.month_count != period.month_count:
        raise QueryError(f"the comparison period {base} has {base.month_count} months but "
                         f"{period} has {period.month_count}",
                         hint="growth compares periods of equal length")
    return base


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UnknownNameError(name, value, suggest(value, allowed),
                               hint=f"{name}: " + ", ".join(allowed))
    return value


def build_query(request: Request, model: SemanticModel | None = None) -> Query:
    """Validate ``request`` against the model and resolve every name to a code."""
    model = model or default_model()
    for name in request.measures:
        model.measure(name)
    if not request.measures:
        raise QueryError("a query needs at least one measure",
                         hint="measures: " + ", ".join(model.measures))
    by: list[str] = []
    for name in request.by:
        level = model.level(name)
        if name in by:
            raise QueryError(f"level {name!r} appears twice in by")
        by.append(level.name)
    groups_in_by = [b for b in by if model.level(b).kind == "group"]
    if len(groups_in_by) > 1:
        raise QueryError("a query can drill down by at most one group level "
                         f"(got {', '.join(groups_in_by)})",
                         hint="groups overlap, so two of them cannot form a table; ask twice")
    time_in_by = [b for b in by if b in TIME_LEVELS]
    if len(time_in_by) > 1:
        raise QueryError(f"drill down by one time level at a time (got {', '.join(time_in_by)})")

    region_basis = _choice("region basis", request.region_basis, REGION_BASES)
    partner_basis = _choice("partner basis", request.partner_basis, PARTNER_BASES)
    share_of = _choice("share_of", request.share_of, ("total", "parent"))

    where = dict(request.where)
    region_values = list(request.region) + list(where.pop("region", ()))
    flow_values = list(where.pop("flow", ()))
    if request.flow is not None and request.flow not in ("total", "all"):
        flow_values.append(request.flow)
    flows = tuple(sorted({_choice("flow", f, FLOWS) for f in flow_values})) or FLOWS

    national = any(r in NATIONAL for r in region_values)
    if national and len(region_values) > 1:
        raise QueryError("a query is either national or for named regions, not both")
    region_level = model.level("region")
    regions = () if national else tuple(sorted({_region_code(region_level, r)
                                                for r in region_values}))

    filters: list[Filter] = []
    for name, values in where.items():
        level = model.level(name)
        if level.name in TIME_LEVELS:
            raise QueryError(f"filter on {level.name!r}: time is chosen by the period",
                             hint="e.g. period='2025-05' instead of where month=202505")
        if not values:
            raise QueryError(f"the filter on {level.name!r} names no members")
        codes = tuple(dict.fromkeys(resolve_member(level, v) for v in values))
        filters.append(Filter(level.name, codes))

    period = _period(request.period)
    base = _base(period, request.compare, tuple(by))
    if request.top is not None and request.top < 1:
        raise QueryError(f"top must be at least 1 (got {request.top})")
    order_by = request.order_by
    if order_by is not None and order_by not in request.measures:
        raise UnknownNameError("order_by measure", order_by,
                               suggest(order_by, list(request.measures)),
                               hint="order by one of the query's measures")
    return Query(
        measures=tuple(request.measures), by=tuple(by), filters=tuple(filters), period=period,
        base=base, region=regions, national=national, region_basis=region_basis,
        partner_basis=partner_basis, flows=flows, indicators=tuple(request.indicators),
        share_of=share_of, top=request.top, order_by=order_by, ascending=request.ascending,
        dataset=request.dataset, as_of=request.as_of, allow_partial=request.allow_partial,
    )


def _region_code(level: Level, value: str) -> str:
    """Region codes are taken as given when code-shaped, else looked up by name."""
    value = str(value).strip()
    if value.isascii() and value.replace("-", "").isalnum() and any(c.isdigit() for c in value):
        return value
    provinces = {c: m for c, m in level.members().items() if len(c) == 2}
    wanted = _norm(value)
    exact = [c for c, m in provinces.items()
             if wanted in (_norm(m.caption_en), _norm(m.caption_zh))]
    prefixed = [c for c, m in provinces.items()
                if any(n.startswith(wanted) for n in (_norm(m.caption_en), _norm(m.caption_zh)))]
    hits = exact or prefixed
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:  # "Shan" is Shanxi, Shaanxi, Shandong or Shanghai: never guess
        names = ", ".join(f"{c} {provinces[c].caption_en}" for c in hits)
        raise QueryError(f"region {value!r} is ambiguous: {names}",
                         hint="give the 2-digit province code")
    return resolve_member(level, value)
