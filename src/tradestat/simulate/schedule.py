"""Who trades when: the partners and enterprises active in each month.

Published counts ("traded with 222 countries and regions", "3,396 enterprises with actual
imports and exports") are distinct counts over a year-to-date period. They cannot be reached by
scaling values, so they are built into the data's structure: for every year we fix a cumulative
curve C(N) = how many partners (or enterprises) have traded by the end of month N, passing
exactly through every published count, and give each partner or enterprise a first month of
trade in that year accordingly. The generator then guarantees that each of them has at least one
declaration line in its first month and none before it, so a distinct count over the lines
reproduces the curve. Nothing reads the counts back from constants: the report and the tests
count distinct codes in the generated data.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tradestat.simulate.errors import ContradictoryTargets, TargetFileError
from tradestat.simulate.targets import Target, TargetSet
from tradestat.simulate.universe import ENTERPRISE_GROUPS

__all__ = ["Enterprises", "Schedule", "build_schedule", "count_curve"]

_ALL = "all"


@dataclass(frozen=True)
class Enterprises:
    """The enterprise population: one row per enterprise ever active."""

    registration_code: np.ndarray  # str objects, 10 characters
    group: np.ndarray  # int8 index into ENTERPRISE_GROUPS
    home: np.ndarray  # int16 index into the profile's enterprise_homes
    size: np.ndarray  # float64 relative size (heavy-tailed)
    first_month: np.ndarray  # int8 [n_years, n_enterprises]: 1..12, 0 = inactive


@dataclass(frozen=True)
class Schedule:
    """Activity of partners and enterprises per year (index by ``years.index(y)``)."""

    years: tuple[int, ...]
    partner_first_month: np.ndarray  # int8 [n_years, n_partners]: 1..12, 0 = inactive
    partner_curves: Mapping[int, tuple[int, ...]]
    enterprise_curves: Mapping[tuple[int, str], tuple[int, ...]]
    enterprises: Enterprises


def _ytd_month(t: Target) -> tuple[int, int]:
    """(year, N) of a January-to-N period; counts are only published for such periods."""
    months = t.period.months
    year = months[0] // 100
    if (
        months[0] % 100 != 1
        or any(m // 100 != year for m in months)
        or len(months) != months[-1] % 100
    ):
        raise TargetFileError(
            f"{t.id}: a count must cover January to some month of one year, got {t.period.label}",
        )
    return year, len(months)


def count_curve(
    anchors: Mapping[int, int],
    full_year: int,
    *,
    exponent: float = 0.5,
    ids: Mapping[int, str] | None = None,
) -> tuple[int, ...]:
    """Cumulative counts for months 1..12 passing exactly through ``anchors`` {N: count}.

    Before the first anchor the curve rises like N**exponent (big traders trade in January,
    small ones join through the year); between anchors it is interpolated on a log scale; it
    ends at ``full_year`` (raised to the largest anchor if needed). Anchors that decrease with N
    are a contradiction: a year-to-date count can only grow.
    """
    points = dict(sorted(anchors.items()))
    keys = list(points)
    for a, b in itertools.pairwise(keys):
        if points[b] < points[a]:
            names = [ids.get(a, str(a)), ids.get(b, str(b))] if ids else [str(a), str(b)]
            raise ContradictoryTargets(
                f"a year-to-date count falls from {points[a]:,} (months 1-{a}) to {points[b]:,} "
                f"(months 1-{b}); distinct counts over a growing period cannot fall",
                names,
            )
    if 12 not in points:
        points[12] = max(full_year, max(points.values(), default=0))
    keys = sorted(points)
    first = keys[0]
    out: list[float] = []
    for n in range(1, 13):
        if n in points:
            out.append(points[n])
        elif n < first:
            out.append(points[first] * (n / first) ** exponent)
        else:
            lo = max(k for k in keys if k < n)
            hi = min(k for k in keys if k > n)
            f = (math.log(n) - math.log(lo)) / (math.log(hi) - math.log(lo))
            out.append(
                math.exp(math.log(max(points[lo], 1)) * (1 - f) + math.log(max(points[hi], 1)) * f)
            )
    curve = [max(1, round(v)) for v in out]
    for n in range(1, 12):  # monotone, anchors exact
        curve[n] = max(curve[n], curve[n - 1])
    for n, v in points.items():
        if curve[n - 1] != v:
            raise ContradictoryTargets(
                f"cannot build a monotone count curve through {points}",
                list(ids.values()) if ids else [],
            )
    return tuple(curve)


def _count_anchors(
    targets: Sequence[Target], years: Sequence[int]
) -> dict[tuple[str, str, int], dict[int, tuple[int, str]]]:
    """{(kind, group, year): {N: (count, target id)}} from count targets and count growth."""
    anchors: dict[tuple[str, str, int], dict[int, tuple[int, str]]] = {}
    counts = [t for t in targets if t.fit and t.indicator == "count"]
    for t in counts:
        if set(t.slice) - {"enterprise_group"} or (t.count_of == "partners" and t.slice):
            raise TargetFileError(
                f"{t.id}: counts are supported for the total and, for "
                "enterprises, per enterprise_group"
            )
        year, n = _ytd_month(t)
        if year not in years:
            continue
        group = t.slice.get("enterprise_group", _ALL)
        if group != _ALL and group not in ENTERPRISE_GROUPS:
            raise TargetFileError(f"{t.id}: unknown enterprise group {group!r}")
        key = (str(t.count_of), group, year)
        lo, hi = t.interval()
        value = math.ceil(lo) if math.ceil(lo) <= math.floor(hi) else None
        if value is None:
            raise ContradictoryTargets(f"{t.id}: no whole number lies in [{lo}, {hi}]", [t.id])
        value = round(float(t.value))
        previous = anchors.setdefault(key, {}).get(n)
        if previous and previous[0] != value:
            raise ContradictoryTargets(
                f"two counts of {key[0]} for the same period: {previous[0]} and {value}",
                [previous[1], t.id],
            )
        anchors[key][n] = (value, t.id)
    for t in targets:
        if not (t.fit and t.indicator == "yoy" and t.count_of):
            continue
        year, n = _ytd_month(t)
        if year - 1 not in years or year not in years:
            continue
        group = t.slice.get("enterprise_group", _ALL)
        cur = anchors.get((t.count_of, group, year), {}).get(n)
        if cur is None:
            raise TargetFileError(
                f"{t.id}: a count growth needs the count it grew to (a count "
                "target for the same period and slice)"
            )
        lo, hi = t.interval()
        base_lo, base_hi = cur[0] / hi, cur[0] / lo
        candidates = range(math.ceil(base_lo), math.floor(base_hi) + 1)
        if not candidates:
            raise ContradictoryTargets(
                f"{t.id}: no whole-number base count gives growth {t.displayed()} to {cur[0]:,}",
                [t.id, cur[1]],
            )
        base = min(candidates, key=lambda c: abs(c - (base_lo + base_hi) / 2))
        key = (t.count_of, group, year - 1)
        previous = anchors.setdefault(key, {}).get(n)
        if previous and previous[0] not in candidates:
            raise ContradictoryTargets(
                f"{t.id} implies {base:,} {t.count_of} a year earlier, but {previous[1]} says "
                f"{previous[0]:,}",
                [t.id, previous[1]],
            )
        if not previous:
            anchors[key][n] = (base, t.id)
    return anchors


def _per_year(profile: Mapping[str, object], key: str, year: int) -> int:
    table = profile.get(key) or {}
    assert isinstance(table, Mapping)
    if year in table:
        return int(table[year])
    if table:  # nearest year
        nearest = min(table, key=lambda y: abs(int(y) - year))
        return int(table[nearest])
    return 0


def _partner_schedule(
    targets: TargetSet,
    years: Sequence[int],
    n_partners: int,
    major: Sequence[int],
    anchors: dict,
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[int, tuple[int, ...]]]:
    majors = list(dict.fromkeys(major))
    tail = [p for p in range(n_partners) if p not in set(majors)]
    order = list(rng.permutation(tail))
    first = np.zeros((len(years), n_partners), dtype=np.int8)
    curves: dict[int, tuple[int, ...]] = {}
    for yi, year in enumerate(years):
        pts = anchors.get(("partners", _ALL, year), {})
        ids = {n: tid for n, (_, tid) in pts.items()}
        full = _per_year(targets.profile, "default_partners", year) or len(majors) + 20
        curve = count_curve({n: v for n, (v, _) in pts.items()}, full, exponent=0.35, ids=ids)
        if curve[0] < len(majors):
            curve = tuple(max(c, len(majors)) for c in curve)
            for n, (v, tid) in pts.items():
                if curve[n - 1] != v:
                    raise ContradictoryTargets(
                        f"{tid}: {v} partners by month {n} is fewer than the {len(majors)} main "
                        "partners of the profile, who trade every month",
                        [tid],
                    )
        if curve[-1] > n_partners:
            raise ContradictoryTargets(
                f"{curve[-1]} partners in {year} but only {n_partners} real partner codes exist",
                list(ids.values()),
            )
        curves[year] = curve
        # Mostly the same minor partners every year, in roughly the same order.
        if yi:
            swaps = rng.integers(0, len(order), size=(len(order) // 10, 2))
            for a, b in swaps:
                order[a], order[b] = order[b], order[a]
        active = majors + order[: curve[-1] - len(majors)]
        for rank, p in enumerate(active):
            first[yi, p] = next(n + 1 for n in range(12) if curve[n] > rank)
    return first, curves


def _split_increment(
    total: int, shares: Mapping[str, float], previous: Mapping[str, int]
) -> dict[str, int]:
    """Allocate ``total`` among groups, never below ``previous``, closest to the shares."""
    out = dict(previous)
    for _ in range(total - sum(previous.values())):
        deficit = {g: shares[g] * total - out[g] for g in shares}
        g = max(deficit, key=lambda k: (deficit[k], k))
        out[g] += 1
    return out


def _enterprise_curves(
    targets: TargetSet, years: Sequence[int], anchors: dict
) -> dict[tuple[int, str], tuple[int, ...]]:
    shares_raw = targets.profile.get("enterprise_count_shares") or {
        "private": 0.93,
        "state_owned": 0.045,
        "foreign_invested": 0.02,
        "other": 0.005,
    }
    shares = {g: float(shares_raw.get(g, 0.0)) for g in ENTERPRISE_GROUPS}
    total_share = sum(shares.values())
    shares = {g: s / total_share for s, g in zip(shares.values(), shares, strict=True)}
    curves: dict[tuple[int, str], tuple[int, ...]] = {}
    for year in years:
        tot_pts = {n: v for n, (v, _) in anchors.get(("enterprises", _ALL, year), {}).items()}
        grp_pts = {
            g: {n: v for n, (v, _) in anchors.get(("enterprises", g, year), {}).items()}
            for g in ENTERPRISE_GROUPS
        }
        ids = {
            n: tid
            for key in anchors
            if key[0] == "enterprises" and key[2] == year
            for n, (_, tid) in anchors[key].items()
        }
        full = _per_year(targets.profile, "default_enterprises", year) or 1000
        for g, pts in grp_pts.items():  # a group count at month 12 fixes the total's guess
            if 12 in pts and 12 not in tot_pts:
                full = max(full, round(pts[12] / shares[g]))
        implied = dict(tot_pts)
        for g, pts in grp_pts.items():
            for n, v in pts.items():
                if n not in implied:
                    implied[n] = round(v / shares[g])
        total = count_curve(implied, full, exponent=0.5, ids=ids)
        fixed = {g: pts for g, pts in grp_pts.items() if pts}
        result = {g: [0] * 12 for g in ENTERPRISE_GROUPS}
        prev = dict.fromkeys(ENTERPRISE_GROUPS, 0)
        for n in range(1, 13):
            forced = {g: pts[n] for g, pts in fixed.items() if n in pts}
            free = [g for g in ENTERPRISE_GROUPS if g not in forced]
            rest = total[n - 1] - sum(forced.values())
            free_shares = {g: shares[g] for g in free}
            s = sum(free_shares.values()) or 1.0
            alloc = (
                _split_increment(
                    rest, {g: v / s for g, v in free_shares.items()}, {g: prev[g] for g in free}
                )
                if free
                else {}
            )
            if rest < sum(prev[g] for g in free) or any(forced[g] < prev[g] for g in forced):
                raise ContradictoryTargets(
                    f"enterprise counts for {year} cannot be split into groups consistently",
                    list(ids.values()),
                )
            for g in ENTERPRISE_GROUPS:
                result[g][n - 1] = forced.get(g, alloc.get(g, 0))
            prev = {g: result[g][n - 1] for g in ENTERPRISE_GROUPS}
        for g in ENTERPRISE_GROUPS:
            curves[(year, g)] = tuple(result[g])
        curves[(year, _ALL)] = total
    return curves


def _enterprises(
    targets: TargetSet,
    years: Sequence[int],
    curves: Mapping[tuple[int, str], tuple[int, ...]],
    rng: np.random.Generator,
) -> Enterprises:
    homes = targets.profile.get("enterprise_homes") or []
    if not homes:
        raise TargetFileError(
            f"{targets.path}: profile.enterprise_homes is required "
            "(registration-code prefix, domestic district, weight)"
        )
    home_w = np.array([float(h[2]) for h in homes])
    home_w /= home_w.sum()
    type_digits = {
        "private": (("6", 0.90), ("7", 0.07), ("5", 0.03)),
        "state_owned": (("1", 1.0),),
        "foreign_invested": (("4", 0.5), ("3", 0.4), ("2", 0.1)),
        "other": (("9", 1.0),),
    }
    codes: list[str] = []
    group: list[int] = []
    home: list[int] = []
    size: list[float] = []
    used: set[str] = set()
    alive: dict[int, list[int]] = {gi: [] for gi in range(len(ENTERPRISE_GROUPS))}
    first_rows: list[dict[int, int]] = []
    for year in years:
        row: dict[int, int] = {}
        for gi, g in enumerate(ENTERPRISE_GROUPS):
            curve = curves[(year, g)]
            need = curve[-1]
            current = alive[gi]
            keep_n = min(need, round(len(current) * 0.88))
            if len(current) > keep_n:  # smaller enterprises stop trading more often
                w = 1.0 / np.asarray([size[i] for i in current])
                keep_idx = rng.choice(len(current), size=keep_n, replace=False, p=w / w.sum())
                current = [current[i] for i in sorted(keep_idx)]
            while len(current) < need:
                idx = len(codes)
                h = int(rng.choice(len(homes), p=home_w))
                digits, weights = zip(*type_digits[g], strict=True)
                digit = str(rng.choice(digits, p=np.asarray(weights) / sum(weights)))
                while True:
                    code = f"{homes[h][0]}{rng.integers(0, 10)}{digit}{rng.integers(0, 10000):04d}"
                    if code not in used:
                        break
                used.add(code)
                codes.append(code)
                group.append(gi)
                home.append(h)
                size.append(float(rng.pareto(1.1) + 0.05))
                current.append(idx)
            alive[gi] = current
            # Bigger enterprises start trading earlier in the year (with some noise).
            noisy = np.asarray([size[i] for i in current]) * rng.lognormal(0, 0.8, len(current))
            ranked = [current[i] for i in np.argsort(-noisy, kind="stable")]
            for rank, e in enumerate(ranked):
                row[e] = next(n + 1 for n in range(12) if curve[n] > rank)
        first_rows.append(row)
    first = np.zeros((len(years), len(codes)), dtype=np.int8)
    for yi, row in enumerate(first_rows):
        for e, n in row.items():
            first[yi, e] = n
    return Enterprises(
        registration_code=np.asarray(codes, dtype=object),
        group=np.asarray(group, dtype=np.int8),
        home=np.asarray(home, dtype=np.int16),
        size=np.asarray(size),
        first_month=first,
    )


def build_schedule(
    targets: TargetSet,
    years: Sequence[int],
    n_partners: int,
    major: Sequence[int],
    rng: np.random.Generator,
) -> Schedule:
    """Partner and enterprise activity for ``years``, exact on every fitted count target."""
    anchors = _count_anchors(targets.targets, years)
    partner_first, partner_curves = _partner_schedule(
        targets, years, n_partners, major, anchors, rng
    )
    curves = _enterprise_curves(targets, years, anchors)
    enterprises = _enterprises(targets, years, curves, rng)
    return Schedule(
        years=tuple(years),
        partner_first_month=partner_first,
        partner_curves=partner_curves,
        enterprise_curves=curves,
        enterprises=enterprises,
    )
