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

Speed (benchmarks/simulate.py): draws from the code pools go through guide tables
(``sampling``) that return exactly what a binary search returns; per-line work is gathers from
per-cell or per-declaration arrays, never a sort; the Arrow dictionaries and draw tables are
built once per run (``GenContext.prepared``). The random streams and their order are those of
the first version, so a seed gives the same lines as before these changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa

from tradestat.simulate.cells import CellTable
from tradestat.simulate.plan import MIN_LINE_CENTS, Plan, Unit
from tradestat.simulate.sampling import GuidedTables
from tradestat.simulate.schedule import Schedule
from tradestat.simulate.universe import CLUSTERS, FLOWS, MODE_GROUPS, SUPERVISION_CODES, Universe

__all__ = ["COLUMNS", "SCHEMA", "GenContext", "UnitStats", "decimal_array", "generate_unit"]

#: Columns written, in the order of the declarations layout (tradestat.ingest.declarations).
COLUMNS = (
    "declaration_id",
    "declaration_line",
    "month",
    "flow",
    "registration_code",
    "domestic_district",
    "partner",
    "hs_code",
    "supervision_mode",
    "customs_district",
    "transport_mode",
    "value_cny",
    "value_usd",
    "quantity1",
    "unit1",
)

_CODE = pa.dictionary(pa.int32(), pa.string())
#: The chunks' schema. Every column is required (never null): a Parquet writer then stores no
#: definition levels, which made writing about a sixth faster; readers see the same values.
SCHEMA = pa.schema(
    [
        pa.field(name, type_, nullable=False)
        for name, type_ in zip(
            COLUMNS,
            (
                pa.int64(),
                pa.int32(),
                pa.int32(),
                _CODE,
                _CODE,
                _CODE,
                _CODE,
                _CODE,
                _CODE,
                _CODE,
                _CODE,
                pa.decimal128(18, 2),
                pa.decimal128(18, 2),
                pa.decimal128(18, 3),
                _CODE,
            ),
            strict=True,
        )
    ]
)


@dataclass
class GenContext:
    """Everything the generation needs; built once and read (never written) by every thread."""

    seed: int
    cells: CellTable
    plan: Plan
    schedule: Schedule
    uni: Universe
    rates: Mapping[int, float]  # YYYYMM -> CNY per USD
    corridor_of_partner: np.ndarray  # int per partner -> corridor index
    corridor_cum: tuple[np.ndarray, ...]  # cumulative weights per corridor
    corridor_route: tuple[np.ndarray, ...]  # route indices per corridor
    routes: tuple[tuple[str, str], ...]  # (customs district, transport mode)
    home_district: tuple[str, ...]  # domestic district per enterprise home
    supervision: tuple[tuple[np.ndarray, np.ndarray], ...]  # per (mode group*2+flow)
    supervision_codes: tuple[str, ...]

    @cached_property
    def prepared(self) -> Prepared:
        """Draw tables and Arrow dictionaries, built once per process rather than per chunk."""
        return Prepared.of(self)


@dataclass(frozen=True)
class Prepared:
    """What every chunk reuses: guided draw tables and the columns' dictionaries."""

    routes: GuidedTables  # corridor -> route
    supervision: GuidedTables  # mode group * 2 + flow -> supervision code
    products: GuidedTables  # cluster * 2 + flow -> HS code
    route_district_number: np.ndarray  # int64 customs district number per route
    route_district: np.ndarray  # int32 position in ``districts`` per route
    route_transport: np.ndarray  # int32 position in ``transports`` per route
    districts: pa.Array
    transports: pa.Array
    enterprise_home: np.ndarray  # int32 home per enterprise
    flows: pa.Array
    registration_codes: pa.Array
    home_districts: pa.Array
    partners: pa.Array
    hs_codes: pa.Array
    supervision_codes: pa.Array
    units: pa.Array
    n_partners: int
    n_enterprises: int

    @classmethod
    def of(cls, ctx: GenContext) -> Prepared:
        route_district, districts = _unique_codes([d for d, _ in ctx.routes])
        route_transport, transports = _unique_codes([t for _, t in ctx.routes])
        ent = ctx.schedule.enterprises
        return cls(
            routes=GuidedTables(
                {
                    i: (ctx.corridor_route[i], ctx.corridor_cum[i])
                    for i in range(len(ctx.corridor_cum))
                }
            ),
            supervision=GuidedTables(dict(enumerate(ctx.supervision))),
            products=GuidedTables(
                {
                    k * 2 + f: ctx.uni.hs_pools[(k, f)]
                    for k in range(len(CLUSTERS))
                    for f in range(len(FLOWS))
                }
            ),
            route_district_number=np.asarray([int(d) for d, _ in ctx.routes], dtype=np.int64),
            route_district=route_district,
            route_transport=route_transport,
            districts=districts,
            transports=transports,
            enterprise_home=ent.home.astype(np.int32),
            flows=_strings(FLOWS),
            registration_codes=_strings(ent.registration_code),
            home_districts=_strings(ctx.home_district),
            partners=_strings(ctx.uni.partner_codes),
            hs_codes=_strings(ctx.uni.hs_codes),
            supervision_codes=_strings(ctx.supervision_codes),
            units=_strings(("千克",)),
            n_partners=len(ctx.uni.partner_codes),
            n_enterprises=len(ent.registration_code),
        )


@dataclass
class UnitStats:
    """What the data of a chunk says, for the calibration report (computed from the lines)."""

    unit: int
    lines: int
    cell_cents: np.ndarray  # int64, achieved value per cell of the chunk
    partner_months: np.ndarray  # int64 month*1000+partner pairs present
    enterprise_months: np.ndarray  # int64 month*100000+enterprise pairs present


def decimal_array(unscaled: np.ndarray, precision: int, scale: int) -> pa.Array:
    """An Arrow DECIMAL array from exact integers of the smallest unit (cents, grams ...)."""
    buf = np.empty((len(unscaled), 2), dtype=np.int64)
    buf[:, 0] = unscaled
    buf[:, 1] = unscaled >> 63
    return pa.Array.from_buffers(
        pa.decimal128(precision, scale), len(unscaled), [None, pa.py_buffer(buf)]
    )


def _ints(values: np.ndarray, dtype: np.dtype, type_: pa.DataType) -> pa.Array:
    """An Arrow integer array over the numpy buffer. Built from buffers rather than with
    ``pa.array``, which imports pandas (half a second) on first use."""
    data = np.ascontiguousarray(values, dtype=dtype)
    return pa.Array.from_buffers(type_, len(data), [None, pa.py_buffer(data)])


def _dict(indices: np.ndarray, dictionary: pa.Array) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(_ints(indices, np.int32, pa.int32()), dictionary)


def _strings(values: tuple[str, ...] | np.ndarray) -> pa.Array:
    """An Arrow string array (from buffers, for the reason given in ``_ints``)."""
    encoded = [str(v).encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum([len(e) for e in encoded])
    return pa.Array.from_buffers(
        pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )


def _unique_codes(values: list[str]) -> tuple[np.ndarray, pa.Array]:
    """A value list with repeats as (position of each value in the sorted distinct values,
    those values): a dictionary must hold each value once (Parquet writers may otherwise encode
    it differently from run to run)."""
    uniq = sorted(set(values))
    return np.asarray([uniq.index(v) for v in values], dtype=np.int32), _strings(tuple(uniq))


def _rank_within(groups: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """0-based position of each element within its run (groups are contiguous runs)."""
    starts = np.cumsum(counts) - counts
    return np.arange(len(groups)) - np.repeat(starts, counts)


def _pairs(
    majors: np.ndarray, major_at: np.ndarray, minor: np.ndarray, n_minor: int
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (major, minor) pairs in ascending order, like ``np.unique`` of
    ``major * n_minor + minor`` but without the sort: a chunk holds a dozen months, so the
    pairs fit a small bitmap. ``major_at`` is each element's position in the sorted
    ``majors``."""
    seen = np.zeros(len(majors) * n_minor, dtype=bool)
    seen[major_at * n_minor + minor] = True
    pos = np.flatnonzero(seen)
    return majors[pos // n_minor].astype(np.int64), pos % n_minor


def generate_unit(ctx: GenContext, unit: Unit) -> tuple[pa.Table, UnitStats]:
    """The Arrow table of one chunk and the statistics of what it contains."""
    rng = np.random.default_rng([ctx.seed, 7919, unit.index])
    c, p, pre = ctx.cells, ctx.plan, ctx.prepared
    sl = slice(unit.start, unit.stop)
    n_cells = unit.stop - unit.start
    lines_c = p.lines[sl]
    decls_c = p.decls[sl]
    cents_c = p.cents[sl]
    month_c, flow_c, partner_c = c.month[sl], c.flow[sl], c.partner[sl]
    # --- declarations -------------------------------------------------------------------
    n_decl = int(decls_c.sum())
    decl_cell = np.repeat(np.arange(n_cells), decls_c)
    decl_rank = _rank_within(decl_cell, decls_c)
    base, extra = lines_c // decls_c, lines_c % decls_c
    decl_lines = base[decl_cell] + (decl_rank < extra[decl_cell])
    month = month_c[decl_cell]
    flow = flow_c[decl_cell]
    partner = partner_c[decl_cell]
    # Enterprise per declaration, one (month, enterprise group) at a time in ascending order.
    # Every cell has declarations, so the cells' keys are the declarations' keys; a stable sort
    # of the small key numbers lists each key's declarations in ascending order.
    ent = ctx.schedule.enterprises
    years = ctx.schedule.years
    enterprise = np.zeros(n_decl, dtype=np.int64)
    j = p.group_decl_start[sl][decl_cell] + decl_rank  # index within (month, group)
    total_j = p.group_decls[sl]
    keys, key_of_cell = np.unique(month_c.astype(np.int64) * 10 + c.egroup[sl], return_inverse=True)
    key_of_decl = key_of_cell.astype(np.int16)[decl_cell]
    order = np.argsort(key_of_decl, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(key_of_decl, minlength=len(keys)))])
    for ki, key in enumerate(keys):
        sel = order[bounds[ki] : bounds[ki + 1]]
        m, g = int(key // 10), int(key % 10)
        yi = years.index(m // 100)
        fm = ent.first_month[yi]
        required = np.flatnonzero((ent.group == g) & (fm == m % 100))
        eligible = np.flatnonzero((ent.group == g) & (fm > 0) & (fm <= m % 100))
        jj, tot = j[sel], int(total_j[decl_cell[sel[0]]])
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
    route = pre.routes.draw(ctx.corridor_of_partner[partner], rng.random(n_decl))
    sup_key_c = c.mode[sl].astype(np.int64) * 2 + flow_c
    sup = pre.supervision.draw(sup_key_c[decl_cell], rng.random(n_decl))
    # Declaration id: district(4) year(4) flow(1) month(2) serial(7).
    district_num = pre.route_district_number[route]
    serial = p.decl_start[sl][decl_cell] + decl_rank
    decl_id = (
        district_num * 10**14
        + (month // 100).astype(np.int64) * 10**10
        + (flow.astype(np.int64) + 1) * 10**9
        + (month % 100).astype(np.int64) * 10**7
        + serial
    )
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
        np.int64
    )
    short = cents_c - np.bincount(line_cell, weights=value, minlength=n_cells).astype(np.int64)
    line_rank = _rank_within(line_cell, lines_c)
    value += (line_rank < short[line_cell]).astype(np.int64)
    # Products.
    pool_key_c = c.cluster[sl].astype(np.int64) * 2 + flow_c
    hs = pre.products.draw(pool_key_c[line_cell], rng.random(n_lines))
    rate_c = np.asarray([ctx.rates[int(m)] for m in month_c], dtype=np.float64)
    usd = np.rint(value / rate_c[line_cell]).astype(np.int64)
    unit_value = ctx.uni.hs_unit_value[hs] * rng.lognormal(0.0, 0.35, n_lines)
    grams = np.maximum(1, np.rint(value / 100 / unit_value * 1000)).astype(np.int64)
    # --- table --------------------------------------------------------------------------
    ent32 = enterprise.astype(np.int32)
    table = pa.Table.from_pydict(
        {
            "declaration_id": _ints(decl_id[line_decl], np.int64, pa.int64()),
            "declaration_line": _ints(line_no, np.int32, pa.int32()),
            "month": _ints(month_c.astype(np.int32)[line_cell], np.int32, pa.int32()),
            "flow": _dict(flow_c.astype(np.int32)[line_cell], pre.flows),
            "registration_code": _dict(ent32[line_decl], pre.registration_codes),
            "domestic_district": _dict(pre.enterprise_home[ent32][line_decl], pre.home_districts),
            "partner": _dict(partner_c.astype(np.int32)[line_cell], pre.partners),
            "hs_code": _dict(hs, pre.hs_codes),
            "supervision_mode": _dict(sup[line_decl], pre.supervision_codes),
            "customs_district": _dict(pre.route_district[route][line_decl], pre.districts),
            "transport_mode": _dict(pre.route_transport[route][line_decl], pre.transports),
            "value_cny": decimal_array(value, 18, 2),
            "value_usd": decimal_array(usd, 18, 2),
            "quantity1": decimal_array(grams, 18, 3),
            "unit1": _dict(np.zeros(n_lines, dtype=np.int32), pre.units),
        },
        schema=SCHEMA,
    )
    months, month_at = np.unique(month_c, return_inverse=True)
    month_at = month_at.astype(np.int64)[decl_cell]
    pm_month, pm_partner = _pairs(months, month_at, partner, pre.n_partners)
    em_month, em_ent = _pairs(months, month_at, enterprise, pre.n_enterprises)
    stats = UnitStats(
        unit=unit.index,
        lines=n_lines,
        cell_cents=np.bincount(line_cell, weights=value, minlength=n_cells).astype(np.int64),
        partner_months=pm_month * 1000 + pm_partner,
        enterprise_months=em_month * 100000 + em_ent,
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
