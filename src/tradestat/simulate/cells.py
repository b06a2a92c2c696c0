"""The aggregate cell table: the grain at which the simulator is calibrated.

A cell is (month, flow, partner, product cluster, enterprise group, trade-mode group) with a
value in yuan. Every published figure the simulator targets is a sum, ratio or share over cells,
so calibrating some 50 000 cells is cheap, and the declaration lines (millions or billions of
them) are spread over calibrated cells afterwards without disturbing any sum.

The prior (the table before calibration) comes from the region profile of the targets file:
main partners with weights moving between the first and last year, monthly seasonality, product,
ownership and trade-mode mixes per flow, plus one small cell per month in which a minor partner
trades (as scheduled by ``schedule``). Cells too small to matter are left out, except that every
category of every dimension keeps at least one cell in every month and flow, so that no targeted
slice is structurally empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tradestat.simulate.errors import TargetFileError
from tradestat.simulate.schedule import Schedule
from tradestat.simulate.targets import TargetSet
from tradestat.simulate.universe import (
    CLUSTERS,
    ENTERPRISE_GROUPS,
    FLOWS,
    MODE_GROUPS,
    Universe,
)

__all__ = ["CellTable", "major_partners", "prior_cells"]

_PRUNE = 1.5e-4  # cells below this share of their month and flow are dropped


@dataclass
class CellTable:
    """Parallel arrays, one entry per cell, sorted by month."""

    month: np.ndarray  # int32 YYYYMM
    flow: np.ndarray  # int8 index into FLOWS
    partner: np.ndarray  # int16 index into Universe.partner_codes
    cluster: np.ndarray  # int8 index into CLUSTERS
    egroup: np.ndarray  # int8 index into ENTERPRISE_GROUPS
    mode: np.ndarray  # int8 index into MODE_GROUPS
    value: np.ndarray  # float64 yuan

    def __len__(self) -> int:
        return len(self.value)

    def take(self, order: np.ndarray) -> CellTable:
        return CellTable(
            *(
                getattr(self, f)[order]
                for f in ("month", "flow", "partner", "cluster", "egroup", "mode", "value")
            )
        )


def _interp(spec: Mapping[str, Sequence[float]], frac: float) -> np.ndarray:
    """[export, import] weights at a fraction of the way from the first to the last year."""
    first = np.asarray(spec["first"], dtype=float)
    last = np.asarray(spec["last"], dtype=float)
    return first + (last - first) * frac


def major_partners(targets: TargetSet, uni: Universe) -> list[int]:
    """Universe indices of the profile's main partners (unknown codes are a TargetFileError)."""
    out = []
    for code in targets.profile.get("partners") or {}:
        try:
            out.append(uni.partner_index(str(code)))
        except KeyError as exc:
            raise TargetFileError(
                f"{targets.path}: profile partner {code!r} is not a known "
                "partner (ISO3 or customs code)"
            ) from exc
    if not out:
        raise TargetFileError(f"{targets.path}: profile.partners lists no main partner")
    return out


def prior_cells(
    targets: TargetSet,
    years: Sequence[int],
    uni: Universe,
    schedule: Schedule,
    rng: np.random.Generator,
) -> CellTable:
    """The cell table before calibration (see the module docstring)."""
    prof = targets.profile
    first_year, last_year = targets.years
    span = max(1, last_year - first_year)
    season = np.asarray(prof.get("seasonality") or [1.0] * 12, dtype=float)
    season = season / season.mean()
    majors = major_partners(targets, uni)
    major_specs = list((prof.get("partners") or {}).values())
    cluster_specs = prof.get("clusters") or {}
    egroup_w = np.asarray(
        [float((prof.get("enterprise_groups") or {}).get(g, 0.0)) for g in ENTERPRISE_GROUPS]
    )
    mode_w = np.asarray(
        [(prof.get("trade_mode_groups") or {}).get(g, [0.0, 0.0]) for g in MODE_GROUPS], dtype=float
    )  # [mode, flow]
    minor_share = np.asarray(prof.get("minor_partner_share") or [0.05, 0.05], dtype=float)
    minor_w = rng.lognormal(0.0, 1.2, len(uni.partner_codes))
    cols: dict[str, list[np.ndarray]] = {
        k: [] for k in ("month", "flow", "partner", "cluster", "egroup", "mode", "value")
    }

    def add(
        month: int,
        flow: int,
        partner: np.ndarray,
        cluster: np.ndarray,
        egroup: np.ndarray,
        mode: np.ndarray,
        value: np.ndarray,
    ) -> None:
        n = len(value)
        cols["month"].append(np.full(n, month, dtype=np.int32))
        cols["flow"].append(np.full(n, flow, dtype=np.int8))
        cols["partner"].append(partner.astype(np.int16))
        cols["cluster"].append(cluster.astype(np.int8))
        cols["egroup"].append(egroup.astype(np.int8))
        cols["mode"].append(mode.astype(np.int8))
        cols["value"].append(value.astype(np.float64))

    grid_k, grid_e, grid_t = np.meshgrid(
        np.arange(len(CLUSTERS)),
        np.arange(len(ENTERPRISE_GROUPS)),
        np.arange(len(MODE_GROUPS)),
        indexing="ij",
    )
    grid_k, grid_e, grid_t = grid_k.ravel(), grid_e.ravel(), grid_t.ravel()
    for yi, year in enumerate(years):
        frac = (year - first_year) / span
        total = float((prof.get("annual_total") or {}).get(year, 1000.0)) * 1e8
        ef = float((prof.get("export_share") or {}).get(year, 0.8))
        flow_share = np.asarray([ef, 1 - ef])
        pw = np.asarray([_interp(s, frac) for s in major_specs])  # [partner, flow]
        pw = pw / pw.sum(axis=0) * (1 - minor_share)
        cw = np.asarray([_interp(cluster_specs[c], frac) for c in CLUSTERS])  # [cluster, flow]
        cw = cw / cw.sum(axis=0)
        mw = mode_w / mode_w.sum(axis=0)
        ew = egroup_w / egroup_w.sum()
        first_month = schedule.partner_first_month[yi]
        minors = [p for p in np.flatnonzero(first_month) if p not in set(majors)]
        # Minor partners trade in their first month and in some later ones.
        minor_months = {
            p: [int(first_month[p])]
            + [m for m in range(int(first_month[p]) + 1, 13) if rng.random() < 0.35]
            for p in minors
        }
        for mo in range(1, 13):
            month = year * 100 + mo
            month_total = total * season[mo - 1] / 12
            for fi in range(len(FLOWS)):
                ft = month_total * flow_share[fi]
                combo = cw[grid_k, fi] * ew[grid_e] * mw[grid_t, fi]
                for pi, p in enumerate(majors):
                    v = ft * pw[pi, fi] * combo * rng.lognormal(0, 0.25, len(combo))
                    keep = v >= _PRUNE * ft
                    add(
                        month,
                        fi,
                        np.full(keep.sum(), p),
                        grid_k[keep],
                        grid_e[keep],
                        grid_t[keep],
                        v[keep],
                    )
                # Coverage: every category of every dimension in this month and flow.
                top = majors[int(np.argmax(pw[:, fi]))]
                for arr, size in (
                    (0, len(CLUSTERS)),
                    (1, len(ENTERPRISE_GROUPS)),
                    (2, len(MODE_GROUPS)),
                ):
                    for value_ in range(size):
                        k = value_ if arr == 0 else int(np.argmax(cw[:, fi]))
                        e = value_ if arr == 1 else 0
                        t = value_ if arr == 2 else int(np.argmax(mw[:, fi]))
                        add(
                            month,
                            fi,
                            np.asarray([top]),
                            np.asarray([k]),
                            np.asarray([e]),
                            np.asarray([t]),
                            np.asarray([ft * 1e-4]),
                        )
            active = [p for p in minors if mo in minor_months[p]]
            if active:
                w = minor_w[active]
                share = month_total * float(minor_share.mean()) * w / w.sum()
                n = len(active)
                flows = (rng.random(n) < 0.3).astype(np.int8)
                for fi in (0, 1):
                    sel = flows == fi
                    if not sel.any():
                        continue
                    k = rng.choice(len(CLUSTERS), size=sel.sum(), p=cw[:, fi])
                    e = np.where(rng.random(sel.sum()) < 0.9, 0, 1)
                    t = rng.choice([0, 2, 4], size=sel.sum(), p=[0.8, 0.1, 0.1])
                    add(month, fi, np.asarray(active)[sel], k, e, t, share[sel])
    table = CellTable(**{k: np.concatenate(v) for k, v in cols.items()})
    # Merge duplicate keys (coverage cells may repeat a kept cell).
    key = (
        ((table.month.astype(np.int64) * 2 + table.flow) * 1000 + table.partner) * 4 + table.cluster
    ) * 4 + table.egroup
    key = key * 5 + table.mode
    uniq, inverse = np.unique(key, return_inverse=True)
    value = np.bincount(inverse, weights=table.value)
    first = np.zeros(len(uniq), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(key))[::-1]
    merged = table.take(first)
    merged.value = value
    return merged
