"""Calibration: adjust the cell table until every fitted target holds within its rounding.

Each target becomes a constraint on sums of cells: a value is a sum in an interval; a share is
part / whole in an interval; a year-on-year rate is a ratio of two disjoint sums; a rank is an
order between partners. The fit is iterative proportional fitting generalised to intervals
(cyclic multiplicative projections, a form of raking): whenever a constraint is violated, the
cells it covers are scaled by the smallest factor that brings it back inside, aiming a little
inside the bound so that rounding to cents later cannot push it out. Scaling keeps every cell
non-negative, keeps zeros at zero and disturbs the prior's proportions as little as possible.

Before fitting, the targets are checked against each other: a part whose lower bound exceeds
its whole's upper bound, or disjoint parts whose lower bounds add up to more than the whole,
are a ``ContradictoryTargets`` error naming the targets. If the fit still does not converge,
``UnreachableTargets`` names the targets left unmet. Nothing is silently bent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from tradestat import reference as ref
from tradestat.simulate.cells import CellTable
from tradestat.simulate.errors import ContradictoryTargets, TargetFileError, UnreachableTargets
from tradestat.simulate.targets import Target, TargetSet
from tradestat.simulate.universe import (
    ENTERPRISE_GROUPS,
    FLOWS,
    MODE_GROUPS,
    PRODUCT_GROUP_CLUSTERS,
    Universe,
)

__all__ = [
    "Constraint",
    "SliceResolver",
    "build_constraints",
    "calibrate",
    "check_contradictions",
    "covered",
    "fit_status",
]

RANK_MARGIN = 1.03  # a ranked partner leads the next one by at least 3 %


class SliceResolver:
    """Turns (period, slice) into a boolean mask over cells, for any table with these columns.

    Group memberships are resolved for a month (DOMAIN.md §12: a group's members are only
    ever resolved for a date).
    """

    def __init__(self, targets: TargetSet, uni: Universe) -> None:
        self.targets = targets
        self.uni = uni
        self._groups: dict[tuple[str, int], np.ndarray] = {}

    def partner_group(self, group: str, month: int) -> np.ndarray:
        """Boolean vector over the universe's partners: members of ``group`` in ``month``."""
        key = (group, month)
        if key not in self._groups:
            iso3 = self.uni.partner_iso3
            extra = self.targets.groups.get(group)
            if extra is not None:
                if "all_partners_except_iso3" in extra:
                    out = set(map(str, extra["all_partners_except_iso3"]))
                    members = {c for c in iso3 if c and c not in out}
                else:
                    members = set(map(str, extra.get("members_iso3") or []))
            else:
                try:
                    members = set(
                        ref.country_groups().members_in_month(group, month // 100, month % 100)
                    )
                except (KeyError, ref.ReferenceDataError) as exc:
                    raise TargetFileError(
                        f"unknown partner group {group!r}: {exc}",
                        hint="use a tradestat.reference country group or define it under `groups:`",
                    ) from exc
            self._groups[key] = np.asarray([c in members for c in iso3], dtype=bool)
        return self._groups[key]

    def mask(
        self,
        cells: CellTable,
        months: Sequence[int],
        slice_: Mapping[str, str],
        where: str,
        membership_month: int | None = None,
    ) -> np.ndarray:
        """Cells of ``months`` in the slice.

        Group membership is taken in ``membership_month`` (default: the last of ``months``) and
        applied to every month, as the query layer does (docs/query.md, "Groups"): a figure for
        2025 counts a country that joined in October for the whole year, and so does its base.
        """
        mset = np.asarray(sorted(set(months)), dtype=np.int32)
        member_month = int(membership_month or mset.max())
        m = np.isin(cells.month, mset)
        for dim, member in slice_.items():
            if dim == "flow":
                if member not in FLOWS:
                    raise TargetFileError(f"{where}: unknown flow {member!r}")
                m &= cells.flow == FLOWS.index(member)
            elif dim == "partner":
                try:
                    m &= cells.partner == self.uni.partner_index(member)
                except KeyError as exc:
                    raise TargetFileError(f"{where}: unknown partner {member!r}") from exc
            elif dim == "partner_group":
                m &= self.partner_group(member, member_month)[cells.partner]
            elif dim == "product_group":
                if member not in PRODUCT_GROUP_CLUSTERS:
                    raise TargetFileError(
                        f"{where}: product group {member!r} is not simulated",
                        hint=f"the simulator places {', '.join(PRODUCT_GROUP_CLUSTERS)}",
                    )
                m &= np.isin(cells.cluster, list(PRODUCT_GROUP_CLUSTERS[member]))
            elif dim == "enterprise_group":
                if member not in ENTERPRISE_GROUPS:
                    raise TargetFileError(f"{where}: unknown enterprise group {member!r}")
                m &= cells.egroup == ENTERPRISE_GROUPS.index(member)
            elif dim == "trade_mode_group":
                if member not in MODE_GROUPS:
                    raise TargetFileError(f"{where}: unknown trade-mode group {member!r}")
                m &= cells.mode == MODE_GROUPS.index(member)
            else:
                raise TargetFileError(f"{where}: slice dimension {dim!r} is not simulated here")
        return m


def _selector(idx: np.ndarray) -> slice | np.ndarray:
    """A run of consecutive cells as a slice: summing or scaling a view skips the gather of
    fancy indexing and sees the same values in the same order, so the sums are the same to
    the last bit (a period's total is such a run: the cells are sorted by month)."""
    if not np.issubdtype(idx.dtype, np.integer) or len(idx) == 0:
        return idx
    first, last = int(idx[0]), int(idx[-1])
    if last - first + 1 == len(idx) and bool((np.diff(idx) == 1).all()):
        return slice(first, last + 1)
    return idx


@dataclass
class Constraint:
    """One target as a constraint on cell sums (indices are positions in the cell table)."""

    target_id: str
    kind: str  # sum | share | ratio
    a: np.ndarray
    b: np.ndarray | None
    lo: float
    hi: float
    _sa: slice | np.ndarray = field(init=False, repr=False, compare=False)
    _sb: slice | np.ndarray | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sa = _selector(self.a)
        self._sb = None if self.b is None else _selector(self.b)

    def _sums(self, x: np.ndarray) -> tuple[float, float]:
        sa = float(x[self._sa].sum())
        if self.kind == "sum":
            return sa, 0.0
        return sa, float(x[self._sb].sum()) if self._sb is not None else 0.0

    def _level(self, sa: float, sb: float) -> float:
        if self.kind == "sum":
            return sa
        if self.kind == "share":
            return sa / (sa + sb) if sa + sb > 0 else math.nan
        return sa / sb if sb > 0 else math.nan

    def level(self, x: np.ndarray) -> float:
        return self._level(*self._sums(x))

    def ok(self, x: np.ndarray) -> bool:
        v = self.level(x)
        return self.lo <= v <= self.hi

    def project(self, x: np.ndarray, margin: float) -> None:
        """Scale the covered cells so the constraint holds, aiming ``margin`` inside it."""
        sa, sb = self._sums(x)
        v = self._level(sa, sb)
        if self.lo <= v <= self.hi:
            return
        width = self.hi - self.lo
        if math.isfinite(width):
            lo, hi = self.lo + margin * width, self.hi - margin * width
        else:
            pad = abs(self.lo if math.isfinite(self.lo) else self.hi) * margin * 1e-3
            lo, hi = self.lo + pad, self.hi - pad
        goal = min(max(v, lo), hi)
        if self.kind == "sum":
            if v > 0:
                x[self._sa] *= goal / v
            return
        if sa <= 0 or sb <= 0:
            return
        if self.kind == "share":
            total = sa + sb
            x[self._sa] *= goal * total / sa
            x[self._sb] *= (1 - goal) * total / sb
        else:
            f = math.sqrt(goal / v)
            x[self._sa] *= f
            x[self._sb] /= f


def covered(t: Target, years: Sequence[int]) -> bool:
    """Whether the simulated years contain every month the target needs (its base too)."""
    need: set[int] = set(t.period.years)
    if t.indicator in ("yoy", "gap_pp") or t.among:
        need |= {y - 1 for y in t.period.years}
    return need <= set(years)


def fit_status(t: Target, years: Sequence[int]) -> str:
    """Why a target is or is not fitted: fit | superseded | not_fitted | outside."""
    if not t.fit:
        return "superseded" if t.superseded_by else "not_fitted"
    return "fit" if covered(t, years) else "outside"


def _indices(mask: np.ndarray, t: Target, what: str) -> np.ndarray:
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        raise UnreachableTargets(
            f"{t.id}: the simulated data has no cells for {what} ({t.describe()})",
            [t.id],
            hint="the profile gives this slice no trade; add it to the profile",
        )
    return idx


def _ahead(
    target_id: str, in_period: np.ndarray, partner: np.ndarray, leader: int, follower: int
) -> Constraint:
    """The leader's trade in the period at least RANK_MARGIN times the follower's."""
    return Constraint(
        target_id,
        "ratio",
        np.flatnonzero(in_period & (partner == leader)),
        np.flatnonzero(in_period & (partner == follower)),
        RANK_MARGIN,
        math.inf,
    )


def build_constraints(
    targets: Sequence[Target], cells: CellTable, resolver: SliceResolver, years: Sequence[int]
) -> list[Constraint]:
    """Constraints for every fitted value, yoy, share and rank target (counts are structural)."""
    out: list[Constraint] = []
    ranks: dict[tuple[int, ...], list[Target]] = {}
    for t in targets:
        if fit_status(t, years) != "fit" or t.region != resolver.targets.region:
            continue
        if t.indicator == "count" or (t.indicator == "yoy" and t.count_of):
            continue
        lo, hi = t.interval()
        where = t.id
        if t.indicator == "value":
            a = _indices(resolver.mask(cells, t.period.months, t.slice, where), t, "its slice")
            out.append(Constraint(t.id, "sum", a, None, lo, hi))
        elif t.indicator == "share":
            part = resolver.mask(cells, t.period.months, t.slice, where)
            whole = resolver.mask(cells, t.period.months, t.of or {}, where)
            if (part & ~whole).any():
                raise TargetFileError(
                    f"{t.id}: the slice is not part of the whole it is a share of"
                )
            a = _indices(part & whole, t, "the part")
            b = _indices(whole & ~part, t, "the rest of the whole")
            out.append(Constraint(t.id, "share", a, b, lo, hi))
        elif t.indicator == "yoy":
            cur = resolver.mask(cells, t.period.months, t.slice, where)
            base = resolver.mask(
                cells,
                t.period.shifted(-1).months,
                t.slice,
                where,
                membership_month=max(t.period.months),
            )
            out.append(
                Constraint(
                    t.id,
                    "ratio",
                    _indices(cur, t, "the period"),
                    _indices(base, t, "the base period"),
                    lo,
                    hi,
                )
            )
        elif t.indicator == "rank":
            ranks.setdefault(t.period.months, []).append(t)
        else:
            raise TargetFileError(
                f"{t.id}: indicator {t.indicator!r} is not simulated for a region's declarations"
            )
    for months, group in ranks.items():
        group.sort(key=lambda t: t.value)
        if [int(t.value) for t in group] != list(range(1, len(group) + 1)):
            raise TargetFileError(
                f"rank targets for {group[0].period.label} must be 1, 2, ... without gaps",
                hint=", ".join(t.id for t in group),
            )
        ranked = [resolver.uni.partner_index(t.slice["partner"]) for t in group]
        in_period = np.isin(cells.month, np.asarray(months))
        for t, leader, follower in zip(group, ranked, ranked[1:], strict=False):
            out.append(_ahead(t.id, in_period, cells.partner, leader, follower))
        last, last_t = ranked[-1], group[-1]
        totals = np.bincount(
            cells.partner[in_period],
            weights=cells.value[in_period],
            minlength=len(resolver.uni.partner_codes),
        )
        for q in np.argsort(-totals)[:12]:
            if q in ranked or totals[q] <= 0:
                continue
            out.append(_ahead(last_t.id, in_period, cells.partner, last, q))
    return out


def check_contradictions(constraints: Sequence[Constraint], n_cells: int) -> None:
    """Reject targets that no data can satisfy together (parts exceeding wholes)."""
    sums = [c for c in constraints if c.kind == "sum"]
    masks = []
    for c in sums:
        m = np.zeros(n_cells, dtype=bool)
        m[c.a] = True
        masks.append(m)
    for i, whole in enumerate(sums):
        parts = [
            j
            for j, part in enumerate(sums)
            if j != i and len(part.a) <= len(whole.a) and not (masks[j] & ~masks[i]).any()
        ]
        for j in parts:
            if sums[j].lo > whole.hi:
                raise ContradictoryTargets(
                    f"{sums[j].target_id} (at least {sums[j].lo / 1e8:,.2f}亿) is part of "
                    f"{whole.target_id} (at most {whole.hi / 1e8:,.2f}亿) but exceeds it",
                    [sums[j].target_id, whole.target_id],
                )
        # Disjoint parts: greedy family by lower bound.
        family: list[int] = []
        union = np.zeros(n_cells, dtype=bool)
        for j in sorted(parts, key=lambda k: -sums[k].lo):
            if not (masks[j] & union).any() and math.isfinite(sums[j].lo) and sums[j].lo > 0:
                family.append(j)
                union |= masks[j]
        if len(family) > 1:
            low = sum(sums[j].lo for j in family)
            if low > whole.hi:
                names = [sums[j].target_id for j in family]
                raise ContradictoryTargets(
                    f"the parts {', '.join(names)} add up to at least {low / 1e8:,.2f}亿, more "
                    f"than {whole.target_id} allows (at most {whole.hi / 1e8:,.2f}亿)",
                    [*names, whole.target_id],
                )
    for c in constraints:
        if c.kind != "share":
            continue
        part = next((s for s in sums if np.array_equal(s.a, c.a)), None)
        whole_idx = np.union1d(c.a, c.b) if c.b is not None else c.a
        whole = next((s for s in sums if np.array_equal(s.a, whole_idx)), None)
        if part and whole and whole.lo > 0:
            lo, hi = part.lo / whole.hi, part.hi / whole.lo
            if hi < c.lo or lo > c.hi:
                raise ContradictoryTargets(
                    f"{c.target_id} asks for a share of {c.lo:.2%}-{c.hi:.2%}, but "
                    f"{part.target_id} / {whole.target_id} allow only {lo:.2%}-{hi:.2%}",
                    [c.target_id, part.target_id, whole.target_id],
                )


def calibrate(
    cells: CellTable,
    constraints: Sequence[Constraint],
    *,
    max_sweeps: int = 4000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Fit ``cells.value`` in place; returns the number of sweeps used."""
    x = cells.value
    order = sorted(
        constraints, key=lambda c: ({"sum": 0, "share": 1, "ratio": 2}[c.kind], -len(c.a))
    )
    for sweep in range(1, max_sweeps + 1):
        margin = 0.3 if sweep < 300 else (0.1 if sweep < 1500 else 0.02)
        for c in order:
            c.project(x, margin)
        if progress and sweep % 50 == 0:
            progress(sweep, max_sweeps)
        if all(c.ok(x) for c in order):
            return sweep
    unmet = sorted({c.target_id for c in order if not c.ok(x)})
    detail = "; ".join(
        f"{c.target_id}: {c.level(x):.6g} not in [{c.lo:.6g}, {c.hi:.6g}]"
        for c in order
        if not c.ok(x)
    )[:2000]
    raise UnreachableTargets(
        f"calibration did not meet {len(unmet)} target(s) after {max_sweeps} sweeps: {detail}",
        unmet,
        hint="these targets are probably inconsistent with each other or with a revision "
        "(mark the older figure `fit: false, superseded_by: ...`)",
    )
