"""The national context: 31 provinces' monthly trade, and their trade with Central Asia.

A regional bulletin compares the region with the nation: its rank among provinces by growth,
the gap to national growth in percentage points, its share of the nation's trade with a partner
group. So next to the region's declarations the simulator writes the nation at aggregate grain,
in the layout of the China Customs online platform's province-level export (DOMAIN.md §14: GBK,
every field quoted, a trailing comma, thousands separators, the flow only in the file name),
which is exactly what a user would download, and which the ``gacc`` reader ingests.

Construction, each step exact on what the previous one fixed:

1. national totals by month and flow, calibrated (same raking as the region) to the published
   national totals, growth rates and first halves of ``national.yaml``;
2. the region's own months and flows, taken from its simulated declarations, subtracted;
3. every other province's annual total, from a growth rate per province placed so that the
   published ranking facts hold (the region's rank by growth, how many provinces grew faster
   than the nation, how many grew at all);
4. provinces × months × flows by two-way raking (province totals and national month totals both
   kept exactly);
5. trade with the five Central Asian states by province and partner: the region's from its
   declarations, the rest spread over the provinces that trade with Central Asia and scaled so the
   region's published share of the national total holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from tradestat import reference as ref
from tradestat.simulate.calibrate import Constraint, SliceResolver, calibrate, fit_status
from tradestat.simulate.cells import CellTable
from tradestat.simulate.errors import SimulationError, TargetFileError
from tradestat.simulate.report import ReportRow, evaluate
from tradestat.simulate.targets import Target, TargetSet, builtin_targets
from tradestat.simulate.universe import FLOWS, universe

__all__ = ["FLOW_ZH", "simulate_national", "write_gacc_csv"]

FLOW_ZH = {"export": "出口", "import": "进口"}
_CA5 = "CA5"


def write_gacc_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str | int]]) -> None:
    """Write rows the way the platform exports them: GBK, all quoted, trailing comma, CRLF,
    integer values with thousands separators."""

    def cell(v: str | int) -> str:
        return f'"{v:,}"' if isinstance(v, int) else f'"{v}"'

    lines = [",".join(cell(h) for h in header) + ","]
    lines += [",".join(cell(v) for v in row) + "," for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


def _national_months(
    nts: TargetSet,
    years: list[int],
    region_flow: np.ndarray,
    progress: Callable[[str, int, int], None] | None,
) -> np.ndarray:
    """National value (yuan) per [month index, flow], calibrated to the national targets."""
    n = len(years) * 12
    season = np.asarray(nts.profile.get("seasonality") or [1.0] * 12, dtype=float)
    season = season / season.mean()
    annual: dict[int, float] = {}
    export_share: dict[int, float] = {}
    for t in nts.targets:  # rough prior from any annual value, fitted or not
        if t.indicator == "value" and t.period.label.isdigit():
            y = int(t.period.label)
            v = float(t.value) * 1e12
            if not t.slice:
                annual[y] = v
            elif t.slice.get("flow") == "export":
                export_share[y] = v
    month = np.repeat([y * 100 + m for y in years for m in range(1, 13)], 2).astype(np.int32)
    flow = np.tile([0, 1], n).astype(np.int8)
    value = np.zeros(2 * n)
    for yi, y in enumerate(years):
        total = annual.get(y) or annual[min(annual, key=lambda k: abs(k - y))]
        ef = export_share.get(y, 0.55 * total) / total
        for m in range(12):
            i = 2 * (yi * 12 + m)
            value[i] = total * ef * season[m] / 12
            value[i + 1] = total * (1 - ef) * season[m] / 12
    zeros = np.zeros(2 * n, dtype=np.int16)
    table = CellTable(
        month,
        flow,
        zeros,
        zeros.astype(np.int8),
        zeros.astype(np.int8),
        zeros.astype(np.int8),
        value,
    )
    resolver = SliceResolver(nts, universe())
    constraints: list[Constraint] = []
    for t in nts.targets:
        if (
            t.region != nts.region
            or fit_status(t, years) != "fit"
            or t.indicator not in ("value", "yoy")
        ):
            continue
        if set(t.slice) - {"flow"}:
            raise TargetFileError(f"{t.id}: national totals take only a flow slice")
        cur = np.flatnonzero(resolver.mask(table, t.period.months, t.slice, t.id))
        lo, hi = t.interval()
        if t.indicator == "value":
            constraints.append(Constraint(t.id, "sum", cur, None, lo, hi))
        else:
            base = np.flatnonzero(
                resolver.mask(
                    table,
                    t.period.shifted(-1).months,
                    t.slice,
                    t.id,
                    membership_month=max(t.period.months),
                )
            )
            constraints.append(Constraint(t.id, "ratio", cur, base, lo, hi))
    calibrate(table, constraints)
    out = table.value.reshape(n, 2)
    if (out <= region_flow * 1.05).any():
        raise SimulationError("the region's trade exceeds the national total in some month")
    return out


def _growth_bins(
    nts: TargetSet,
    year: int,
    region: str,
    g_reg_by_period: dict[str, float],
    g_nat: float,
    n_other: int,
) -> tuple[list[tuple[float, float]], int]:
    """Growth intervals (in %) for the other provinces in ``year``, and how many go above the
    region, from the ranking facts of that year."""
    above = 0
    ranked = False
    cap = math.inf
    count_above_nat = count_growing = None
    g_reg = g_reg_by_period.get(str(year))
    for t in nts.targets:
        if not t.fit or t.period.years != frozenset({year}):
            continue
        if t.indicator == "rank" and t.slice.get("region") == region:
            if t.period.label == str(year):
                above = int(t.value) - 1
                ranked = True
            elif int(t.value) == 1:
                cap = min(cap, g_reg_by_period[t.period.label] - 3.0)
        elif t.indicator == "count" and t.period.label == str(year):
            if t.count_of == "provinces_above_national_growth":
                count_above_nat = int(t.value)
            elif t.count_of == "provinces_growing":
                count_growing = int(t.value)
    bins: list[tuple[float, float]] = []
    if g_reg is None:
        raise SimulationError(f"no growth for the region in {year}")
    top = min(cap, g_reg - 1.0) if ranked and above == 0 else cap
    bins += [(g_reg + 3.0, g_reg + 40.0)] * above
    if count_above_nat is not None and count_growing is not None:
        k = count_above_nat - (1 if g_reg > g_nat else 0) - above
        g = count_growing - (1 if g_reg > 0 else 0) - above - k
        rest = n_other - above - k - g
        if min(k, g, rest) < 0:
            raise SimulationError(f"ranking facts for {year} do not add up to 31 provinces")
        bins += [(g_nat + 0.6, min(top, g_nat + 15.0))] * k
        bins += [(0.4, g_nat - 0.4)] * g
        bins += [(-15.0, -0.4)] * rest
    else:
        bins += [(-30.0, top)] * (n_other - above)
    return bins, above


def simulate_national(
    out: Path,
    region_ts: TargetSet,
    years: list[int],
    cells: CellTable,
    cents: np.ndarray,
    seed: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[Path], list[ReportRow]]:
    """Write the national context files into ``out`` and return them with report rows."""
    nts = builtin_targets("national")
    rng = np.random.default_rng([seed, 31])
    region = region_ts.region
    provinces = [p.code for p in ref.provinces()]
    if region not in provinces:
        raise TargetFileError(f"the national context needs a province region, not {region!r}")
    others = [p for p in provinces if p != region]
    n_months = len(years) * 12
    mi = np.asarray([(m // 100 - years[0]) * 12 + m % 100 - 1 for m in cells.month])
    region_flow = np.zeros((n_months, 2))
    np.add.at(region_flow, (mi, cells.flow), cents / 100)
    if progress:
        progress("national context", 0, 3)
    nat = _national_months(nts, years, region_flow, progress)
    rest = nat - region_flow
    prof = nts.profile
    shares = {str(k): v for k, v in (prof.get("province_shares") or {}).items()}
    missing = [p for p in others if p not in shares]
    if missing:
        raise TargetFileError(f"national.yaml: province_shares lacks {missing}")
    base_share = np.asarray([shares[p][0] for p in others])
    export_share = np.asarray([shares[p][1] for p in others])

    # -- step 3: province annual totals -----------------------------------------------------
    def period_growth(values: np.ndarray, months: Sequence[int]) -> float:
        idx = [(m // 100 - years[0]) * 12 + m % 100 - 1 for m in months]
        base = [i - 12 for i in idx]
        if min(base) < 0:
            return math.nan
        return (values[idx].sum() / values[base].sum() - 1) * 100

    region_total = region_flow.sum(axis=1)
    nat_total = nat.sum(axis=1)
    annual = np.zeros((len(years), len(others)))
    rest_year = rest.sum(axis=1).reshape(len(years), 12).sum(axis=1)
    annual[0] = base_share / base_share.sum() * rest_year[0]
    designed = {
        int(k): {str(p): float(g) for p, g in v.items()}
        for k, v in (prof.get("designed_growth") or {}).items()
    }
    spread = float(prof.get("growth_spread_pp", 5.0))
    for yi in range(1, len(years)):
        y = years[yi]
        g_reg = {
            t.period.label: period_growth(region_total, t.period.months)
            for t in nts.targets
            if t.period.years == frozenset({y})
        }
        g_reg[str(y)] = period_growth(region_total, [y * 100 + m for m in range(1, 13)])
        g_nat = period_growth(nat_total, [y * 100 + m for m in range(1, 13)])
        bins, _above = _growth_bins(nts, y, region, g_reg, g_nat, len(others))
        order = list(rng.permutation(len(others)))
        fixed = designed.get(y, {})
        first = [others.index(p) for p in fixed if p in others]
        order = first + [i for i in order if i not in first]
        lo = np.empty(len(others))
        hi = np.empty(len(others))
        want = np.empty(len(others))
        for rank, i in enumerate(order):
            lo[i], hi[i] = bins[rank]
            want[i] = fixed.get(
                others[i],
                (lo[i] + hi[i]) / 2
                if math.isfinite(hi[i] - lo[i]) and hi[i] - lo[i] < 30
                else g_nat + rng.normal(0, spread),
            )
        prev = annual[yi - 1]

        def total(
            c: float,
            prev: np.ndarray = prev,
            want: np.ndarray = want,
            lo: np.ndarray = lo,
            hi: np.ndarray = hi,
        ) -> float:
            return float((prev * (1 + np.clip(want + c, lo, hi) / 100)).sum())

        a, b = -200.0, 200.0
        if not total(a) <= rest_year[yi] <= total(b):
            raise SimulationError(
                f"cannot place provinces' {y} growth rates so that the "
                "national total and the ranking facts both hold"
            )
        for _ in range(100):
            c = (a + b) / 2
            if total(c) < rest_year[yi]:
                a = c
            else:
                b = c
        growth = np.clip(want + (a + b) / 2, lo, hi)
        annual[yi] = prev * (1 + growth / 100)
        annual[yi] *= rest_year[yi] / annual[yi].sum()
    # -- step 4: provinces x months x flows -------------------------------------------------
    table = np.zeros((len(others), n_months, 2))
    season = np.asarray(prof.get("seasonality") or [1.0] * 12, dtype=float)
    for yi in range(len(years)):
        cols = rest[yi * 12 : (yi + 1) * 12]  # [12, 2]
        m = (
            annual[yi][:, None, None]
            * season[None, :, None]
            / season.sum()
            * np.stack([export_share, 1 - export_share], axis=1)[:, None, :]
            * rng.lognormal(0, 0.04, (len(others), 12, 2))
        )
        for _ in range(200):
            m *= (annual[yi] / m.sum(axis=(1, 2)))[:, None, None]
            m *= (cols / m.sum(axis=0))[None, :, :]
            if np.abs(m.sum(axis=(1, 2)) / annual[yi] - 1).max() < 1e-12:
                break
        table[:, yi * 12 : (yi + 1) * 12] = m
    yuan = np.rint(table).astype(np.int64)
    region_yuan = np.rint(region_flow).astype(np.int64)
    full = np.zeros((len(provinces), n_months, 2), dtype=np.int64)
    for i, p in enumerate(provinces):
        full[i] = region_yuan if p == region else yuan[others.index(p)]
    # -- step 5: Central Asia by province and partner ---------------------------------------
    uni = universe()
    resolver = SliceResolver(region_ts, uni)
    ca5_codes = sorted(
        {
            uni.partner_codes[i]
            for y in years
            for i in np.flatnonzero(resolver.partner_group(_CA5, y * 100 + 12))
        }
    )
    region_ca5 = np.zeros((len(ca5_codes), n_months, 2))
    for k, code in enumerate(ca5_codes):
        sel = cells.partner == uni.partner_codes.index(code)
        np.add.at(region_ca5[k], (mi[sel], cells.flow[sel]), cents[sel] / 100)
    region_share = {int(k): float(v) for k, v in (prof.get("ca5_region_share") or {}).items()}
    prov_w = {str(k): float(v) for k, v in (prof.get("ca5_provinces") or {}).items()}
    partner_w = {str(k): float(v) for k, v in (prof.get("ca5_partner_weights") or {}).items()}
    pw = np.asarray(
        [partner_w.get(uni.partner_iso3[uni.partner_codes.index(c)] or "", 0.0) for c in ca5_codes]
    )
    pw /= pw.sum()
    ca5_provs = [p for p in prov_w if p != region]
    cw = np.asarray([prov_w[p] for p in ca5_provs])
    cw /= cw.sum()
    other_ca5 = np.zeros((len(ca5_provs), len(ca5_codes), n_months, 2))
    for yi, y in enumerate(years):
        sl = slice(yi * 12, (yi + 1) * 12)
        reg = region_ca5[:, sl].sum()
        s = region_share.get(y, 0.35)
        amount = reg * (1 - s) / s
        for t in nts.targets:
            if (
                t.fit
                and t.indicator == "share"
                and t.slice.get("region") == region
                and t.slice.get("partner_group") == _CA5
                and t.period.years == frozenset({y})
            ):
                idx = [(m // 100 - years[0]) * 12 + m % 100 - 1 for m in t.period.months]
                goal = float(t.value) / 100
                reg_p = region_ca5[:, idx].sum()
                frac = season[[i % 12 for i in idx]].sum() / season.sum()
                amount = reg_p * (1 - goal) / goal / frac
        shape = (
            cw[:, None, None, None]
            * pw[None, :, None, None]
            * (season / season.sum())[None, None, :, None]
            * np.asarray([0.65, 0.35])[None, None, None, :]
        )
        other_ca5[:, :, sl] = amount * shape
    ca5_yuan = np.rint(other_ca5).astype(np.int64)
    for j, p in enumerate(ca5_provs):
        if (ca5_yuan[j].sum(axis=0) > 0.5 * full[provinces.index(p)]).any():
            raise SimulationError(
                f"Central Asia trade of province {p} would exceed half of its "
                "total; adjust national.yaml ca5_provinces"
            )
    # -- files ------------------------------------------------------------------------------
    out.mkdir(parents=True, exist_ok=True)
    names = {p.code: p.name_zh for p in ref.provinces()}
    months = [y * 100 + m for y in years for m in range(1, 13)]
    span = f"{years[0]}-{years[-1]}"
    files: list[Path] = []
    for fi, flow in enumerate(FLOWS):
        rows = [
            (str(months[t]), p, names[p], int(full[i, t, fi]))
            for t in range(n_months)
            for i, p in enumerate(provinces)
        ]
        path = out / f"gacc_provinces_{FLOW_ZH[flow]}_{span}.csv"
        write_gacc_csv(path, ("数据年月", "注册地编码", "注册地名称", "人民币"), rows)
        files.append(path)
        partner_names = {p.code: p.name_zh for p in ref.partners()}
        rows_c: list[tuple[str, str, str, str, str, int]] = []
        for t in range(n_months):
            for k, code in enumerate(ca5_codes):
                v = int(np.rint(region_ca5[k, t, fi]))
                if v:
                    rows_c.append(
                        (str(months[t]), code, partner_names[code], region, names[region], v)
                    )
                for j, p in enumerate(ca5_provs):
                    v = int(ca5_yuan[j, k, t, fi])
                    if v:
                        rows_c.append((str(months[t]), code, partner_names[code], p, names[p], v))
        path = out / f"gacc_provinces_central_asia_{FLOW_ZH[flow]}_{span}.csv"
        header = ("数据年月", "贸易伙伴编码", "贸易伙伴名称", "注册地编码", "注册地名称", "人民币")
        write_gacc_csv(path, header, rows_c)
        files.append(path)
    if progress:
        progress("national context", 3, 3)
    # -- report (from the integer tables written) -------------------------------------------
    written_total = full.sum(axis=2).astype(float)  # [province, month]
    ri = provinces.index(region)
    china_ca5 = region_ca5.sum(axis=(0, 2)) + ca5_yuan.sum(axis=(0, 1, 3))
    region_ca5_m = np.rint(region_ca5).sum(axis=(0, 2))

    def idx(months_: Sequence[int]) -> list[int]:
        return [(m // 100 - years[0]) * 12 + m % 100 - 1 for m in months_]

    def growths(t: Target) -> tuple[np.ndarray, float]:
        cur, base = idx(t.period.months), idx(t.period.shifted(-1).months)
        by_prov = written_total[:, cur].sum(axis=1) / written_total[:, base].sum(axis=1)
        nat_g = written_total[:, cur].sum() / written_total[:, base].sum()
        return by_prov, nat_g

    def achieved(t: Target) -> float | None:
        if t.indicator in ("value", "yoy"):
            fsel = [FLOWS.index(t.slice["flow"])] if "flow" in t.slice else [0, 1]
            cur = full[:, idx(t.period.months)][:, :, fsel].sum()
            if t.indicator == "value":
                return float(cur)
            base = full[:, idx(t.period.shifted(-1).months)][:, :, fsel].sum()
            return float(cur / base)
        if t.indicator == "rank":
            g, _ = growths(t)
            return float(1 + (g > g[ri]).sum())
        if t.indicator == "count":
            g, nat_g = growths(t)
            return float(
                (g > nat_g).sum()
                if t.count_of == "provinces_above_national_growth"
                else (g > 1).sum()
            )
        if t.indicator == "gap_pp":
            g, nat_g = growths(t)
            return float(g[ri] - nat_g)
        if t.indicator == "share":
            cur = idx(t.period.months)
            return float(region_ca5_m[cur].sum() / china_ca5[cur].sum())
        return None

    def status(t: Target) -> str:
        s = fit_status(t, years)
        if s == "fit" and t.indicator in ("rank", "count", "gap_pp"):
            need = set(t.period.years) | {y - 1 for y in t.period.years}
            return "fit" if need <= set(years) else "outside"
        return s

    def within(t: Target) -> bool:
        need = set(t.period.years)
        if t.indicator in ("yoy", "rank", "count", "gap_pp"):
            need |= {y - 1 for y in t.period.years}
        return need <= set(years)

    return files, evaluate(nts.targets, achieved, status, within)
