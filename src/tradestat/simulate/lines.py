"""Generate the declaration lines of one chunk, vectorised (no Python loop per line).

Cells arrive calibrated and planned (integer cents, line and declaration counts). Within a cell:

- declarations get an enterprise of the cell's ownership group (first the enterprises that start
  trading in this month, spread evenly over the month's declarations, then others that already
  started, drawn by size), a customs district and transport mode from the partner's corridor, and
  a supervision mode of the cell's trade-mode group;
- lines get a CN8 code from the flow's product mix in the cell's cluster, a share of the cell's
  value (log-normal weights, at least 100 yuan each, remainders in whole cents so that the lines
  add up to the cell exactly), a US-dollar value converted at the month's rate, and a quantity in
  kilograms from a plausible unit value.

Money is built as exact integer cents and stored as DECIMAL(18,2); nothing passes through a
binary float on its way to the file except the USD conversion, whose result is then fixed in
cents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from tradestat.simulate.cells import CellTable
from tradestat.simulate.plan import MIN_LINE_CENTS, Plan, Unit
from tradestat.simulate.schedule import Schedule
from tradestat.simulate.universe import CLUSTERS, FLOWS, MODE_GROUPS, SUPERVISION_CODES, Universe

__all__ = ["COLUMNS", "GenContext", "UnitStats", "decimal_array", "generate_unit"]

#: Columns written, in the order of the declarations layout (tradestat.ingest.declarations).
COLUMNS = ("declaration_id", "declaration_line", "month", "flow", "registration_code",
           "domestic_district", "partner", "hs_code", "supervision_mode", "customs_district",
           "transport_mode", "value_cny", "value_usd", "quantity1", "unit1")


@dataclass
class GenContext:
    """Everything a worker needs; built once in the parent and shared with forked workers."""

    seed: int
    cells: CellTable
    plan: Plan
    schedule: Schedule
    uni: Universe
    rates: Mapping[int, float]                      # YYYYMM -> CNY per USD
    corridor_of_partner: np.ndarray                 # int per partner -> corridor index
    corridor_cum: tuple[np.ndarray, ...]            # cumulative weights per corridor
    corridor_route: tuple[np.ndarray, ...]          # route indices per corridor
    routes: tuple[tuple[str, str], ...]             # (customs district, transport mode)
    home_district: tuple[str, ...]                  # domestic district per enterprise home
    supervision: tuple[tuple[np.ndarray, np.ndarray], ...]  # per (mode group*2+flow)
    supervision_codes: tuple[str, ...]


@dataclass
class UnitStats:
    """What the data of a chunk says, for the calibration report (computed from the lines)."""

    unit: int
    lines: int
    cell_cents: np.ndarray            # int64, achieved value per cell of the chunk
    partner_months: np.ndarray        # int64 month*1000+partner pairs present
    enterprise_months: np.ndarray     # int64 month*100000+enterprise pairs present


def decimal_array(unscaled: np.ndarray, precision: int, scale: int) -> pa.Array:
    """An Arrow DECIMAL array from exact integers of the smallest unit (cents, grams ...)."""
    buf = np.empty((len(unscaled), 2), dtype=np.int64)
    buf[:, 0] = unscaled
    buf[:, 1] = unscaled >> 63
    return pa.Array.from_buffers(pa.decimal128(precision, scale), len(unscaled),
                                 [None, pa.py_buffer(buf)])


def _dict(indices: np.ndarray, values: tuple[str, ...] | np.ndarray) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32)),
                                          pa.array(list(values), pa.string()))


def _unique_dict(indices: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    """Like ``_dict`` for a value list with repeats: a dictionary must hold each value once
    (Parquet writers may otherwise encode it differently from run to run)."""
    uniq = sorted(set(values))
    remap = np.asarray([uniq.index(v) for v in values], dtype=np.int64)
    return _dict(remap[indices], tuple(uniq))


def _rank_within(groups: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """0-based position of each element within its run (groups are contiguous runs)."""
    starts = np.cumsum(counts) - counts
    return np.arange(len(groups)) - np.repeat(starts, counts)


def _categorical(rng: np.random.Generator, keys: np.ndarray,
                 tables: Mapping[int, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Draw one value per element from the table of its key (values, cumulative weights)."""
    out = np.zeros(len(keys), dtype=np.int64)
    u = rng.random(len(keys))
    for key in np.unique(keys):
        sel = keys == key
        values, cum = tables[int(key)]
        out[sel] = values[np.minimum(np.searchsorted(cum, u[sel], side="right"),
                                     len(values) - 1)]
    return out


def generate_unit(ctx: GenContext, unit: Unit) -> tuple[pa.Table, UnitStats]:
    """The Arrow table of one chunk and the statistics of what it contains."""
    rng = np.random.default_rng([ctx.seed, 7919, unit.index])
    c, p = ctx.cells, ctx.plan
    sl = slice(unit.start, unit.stop)
    n_cells = unit.stop - unit.start
    lines_c = p.lines[sl]
    decls_c = p.decls[sl]
    cents_c = p.cents[sl]
    # --- declarations -------------------------------------------------------------------
    n_decl = int(decls_c.sum())
    decl_cell = np.repeat(np.arange(n_cells), decls_c)
    decl_rank = _rank_within(decl_cell, decls_c)
    base, extra = lines_c // decls_c, lines_c % decls_c
    decl_lines = base[decl_cell] + (decl_rank < extra[decl_cell])
    month = c.month[sl][decl_cell]
    flow = c.flow[sl][decl_cell]
    partner = c.partner[sl][decl_cell]
    egroup = c.egroup[sl][decl_cell]
    mode = c.mode[sl][decl_cell]
    # Enterprise per declaration.
    ent = ctx.schedule.enterprises
    years = ctx.schedule.years
    enterprise = np.zeros(n_decl, dtype=np.int64)
    j = p.group_decl_start[sl][decl_cell] + decl_rank       # index within (month, group)
    total_j = p.group_decls[sl][decl_cell]
    for key in np.unique(month.astype(np.int64) * 10 + egroup):
        sel = np.flatnonzero(month.astype(np.int64) * 10 + egroup == key)
        m, g = int(key // 10), int(key % 10)
        yi = years.index(m // 100)
        fm = ent.first_month[yi]
        required = np.flatnonzero((ent.group == g) & (fm == m % 100))
        eligible = np.flatnonzero((ent.group == g) & (fm > 0) & (fm <= m % 100))
        jj, tot = j[sel], int(total_j[sel][0])
        chosen = np.empty(len(sel), dtype=np.int64)
        if len(eligible):
            w = np.cumsum(ent.size[eligible])
            draws = np.searchsorted(w, rng.random(len(sel)) * w[-1], side="right")
            chosen[:] = eligible[np.minimum(draws, len(eligible) - 1)]
        if len(required):
            stride = max(1, tot // len(required))
            hit = (jj % stride == 0) & (jj // stride < len(required))
            chosen[hit] = required[jj[hit] // stride]
        enterprise[sel] = chosen
    # Route (customs district + transport mode) and supervision mode per declaration.
    corridor = ctx.corridor_of_partner[partner]
    route = _categorical(rng, corridor, {i: (ctx.corridor_route[i], ctx.corridor_cum[i])
                                         for i in range(len(ctx.corridor_cum))})
    sup = _categorical(rng, mode.astype(np.int64) * 2 + flow,
                       dict(enumerate(ctx.supervision)))
    # Declaration id: district(4) year(4) flow(1) month(2) serial(7).
    district_num = np.asarray([int(d) for d, _ in ctx.routes], dtype=np.int64)[route]
    serial = p.decl_start[sl][decl_cell] + decl_rank
    decl_id = (district_num * 10**14 + (month // 100).astype(np.int64) * 10**10
               + (flow.astype(np.int64) + 1) * 10**9 + (month % 100).astype(np.int64) * 10**7
               + serial)
    # --- lines --------------------------------------------------------------------------
    n_lines = int(decl_lines.sum())
    line_decl = np.repeat(np.arange(n_decl), decl_lines)
    line_no = _rank_within(line_decl, decl_lines) + 1
    line_cell = decl_cell[line_decl]
    # Values: split each cell's cents exactly.
    w = rng.lognormal(0.0, 1.0, n_lines)
    cell_w = np.bincount(line_cell, weights=w, minlength=n_cells)
    floor_c = np.minimum(MIN_LINE_CENTS, cents_c // lines_c)
    spread = cents_c - floor_c * lines_c
    value = floor_c[line_cell] + np.floor(w / cell_w[line_cell] * spread[line_cell]).astype(
        np.int64)
    short = cents_c - np.bincount(line_cell, weights=value, minlength=n_cells).astype(np.int64)
    line_rank = _rank_within(line_cell, lines_c)
    value += (line_rank < short[line_cell]).astype(np.int64)
    # Products.
    pool_key = c.cluster[sl][line_cell].astype(np.int64) * 2 + c.flow[sl][line_cell]
    hs = _categorical(rng, pool_key, {k * 2 + f: ctx.uni.hs_pools[(k, f)]
                                      for k in range(len(CLUSTERS)) for f in range(len(FLOWS))})
    line_month = month[line_decl]
    rate = np.asarray([ctx.rates[int(m)] for m in np.unique(line_month)])
    rate_of = rate[np.searchsorted(np.unique(line_month), line_month)]
    usd = np.rint(value / rate_of).astype(np.int64)
    unit_value = ctx.uni.hs_unit_value[hs] * rng.lognormal(0.0, 0.35, n_lines)
    grams = np.maximum(1, np.rint(value / 100 / unit_value * 1000)).astype(np.int64)
    # --- table --------------------------------------------------------------------------
    ent_codes = ent.registration_code
    table = pa.table({
        "declaration_id": pa.array(decl_id[line_decl], pa.int64()),
        "declaration_line": pa.array(line_no.astype(np.int32), pa.int32()),
        "month": pa.array(line_month.astype(np.int32), pa.int32()),
        "flow": _dict(flow[line_decl], FLOWS),
        "registration_code": _dict(enterprise[line_decl], ent_codes),
        "domestic_district": _dict(ent.home[enterprise[line_decl]], ctx.home_district),
        "partner": _dict(partner[line_decl], ctx.uni.partner_codes),
        "hs_code": _dict(hs, ctx.uni.hs_codes),
        "supervision_mode": _dict(sup[line_decl], ctx.supervision_codes),
        "customs_district": _unique_dict(route[line_decl], [d for d, _ in ctx.routes]),
        "transport_mode": _unique_dict(route[line_decl], [t for _, t in ctx.routes]),
        "value_cny": decimal_array(value, 18, 2),
        "value_usd": decimal_array(usd, 18, 2),
        "quantity1": decimal_array(grams, 18, 3),
        "unit1": _dict(np.zeros(n_lines, dtype=np.int64), ("千克",)),
    })
    stats = UnitStats(
        unit=unit.index,
        lines=n_lines,
        cell_cents=np.bincount(line_cell, weights=value, minlength=n_cells).astype(np.int64),
        partner_months=np.unique(month.astype(np.int64) * 1000 + partner),
        enterprise_months=np.unique(month.astype(np.int64) * 100000 + enterprise),
    )
    return table, stats


def supervision_tables() -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], tuple[str, ...]]:
    """Per (mode group * 2 + flow): (indices into the code list, cumulative weights)."""
    codes: list[str] = []
    tables = []
    for g in MODE_GROUPS:
        for fi in range(len(FLOWS)):
            idx, weights = [], []
            for code, w_exp, w_imp in SUPERVISION_CODES[g]:
                w = w_exp if fi == 0 else w_imp
                if w <= 0:
                    continue
                if code not in codes:
                    codes.append(code)
                idx.append(codes.index(code))
                weights.append(w)
            cum = np.cumsum(weights) / sum(weights)
            tables.append((np.asarray(idx, dtype=np.int64), cum))
    return tuple(tables), tuple(codes)
