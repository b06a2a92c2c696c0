"""Run a simulation: targets → schedule → cells → calibration → plan → chunks → files + report.

The output directory holds

- ``declarations/YYYY/part-NNNNN.parquet`` — declaration lines in tradestat's declarations
  layout (one file per chunk; memory stays flat however many lines are asked for);
- ``national/*.csv`` — the national context in the China Customs platform export layout;
- ``calibration.md`` / ``calibration.json`` — the calibration report;
- ``manifest.json`` — seed, scale, targets, files, line counts, and ``"sample": true``.

The same targets, years, scale and seed give byte-identical files: every random draw comes from
a generator seeded by (seed, purpose, chunk), never from global state or the clock.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tradestat import reference as ref
from tradestat.simulate.calibrate import (
    SliceResolver,
    build_constraints,
    calibrate,
    check_contradictions,
    covered,
    fit_status,
)
from tradestat.simulate.cells import CellTable, major_partners, prior_cells
from tradestat.simulate.errors import SimulationError, TargetFileError
from tradestat.simulate.groups_file import FILE_NAME as GROUPS_FILE_NAME
from tradestat.simulate.groups_file import write_country_groups
from tradestat.simulate.lines import GenContext, UnitStats, generate_unit, supervision_tables
from tradestat.simulate.plan import Plan, Unit, make_plan
from tradestat.simulate.report import CalibrationReport, evaluate
from tradestat.simulate.schedule import Schedule, build_schedule
from tradestat.simulate.targets import Target, TargetSet, builtin_targets
from tradestat.simulate.universe import ENTERPRISE_GROUPS, universe

__all__ = ["DEFAULT_SCALE", "SimulationConfig", "SimulationResult", "simulate"]

DEFAULT_SCALE = 1_000_000
GENERATOR = "tradestat.simulate"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate. ``targets`` is a shipped name (``xinjiang``) or a YAML path."""

    out: Path
    targets: str = "xinjiang"
    years: tuple[int, int] | None = None
    scale: int = DEFAULT_SCALE
    seed: int = 0
    workers: int = 2
    chunk_lines: int = 500_000
    national: bool = True
    compression: str = "lz4"


@dataclass
class SimulationResult:
    """Where the files are and how well the data reproduce the targets."""

    out: Path
    declaration_files: list[Path]
    national_files: list[Path]
    lines: int
    cells: int
    sweeps: int
    report: CalibrationReport
    manifest: dict = field(default_factory=dict)
    #: the targets file's own country groups (e.g. an illustrative Belt-and-Road list) as a CSV
    #: for ``connect(..., country_groups=[...])``; None when the targets define none
    country_groups: Path | None = None


# -- worker side ---------------------------------------------------------------------------
_CTX: GenContext | None = None
_OUT: Path | None = None
_COMPRESSION = "lz4"


def _init_worker(ctx: GenContext, out: Path, compression: str) -> None:
    global _CTX, _OUT, _COMPRESSION
    _CTX, _OUT, _COMPRESSION = ctx, out, compression


def unit_path(out: Path, unit: Unit) -> Path:
    # Plain year folders, not hive-style "year=2019": readers that auto-detect hive partitions
    # (DuckDB) would otherwise add a "year" column that is not in the declarations layout.
    return out / "declarations" / str(unit.year) / f"part-{unit.index:05d}.parquet"


def _run_unit(unit: Unit) -> UnitStats:
    assert _CTX is not None and _OUT is not None
    table, stats = generate_unit(_CTX, unit)
    path = unit_path(_OUT, unit)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Dictionary-encode only the code columns (already dictionaries); trying it on unique ids
    # and amounts costs time and saves nothing.
    codes = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    pq.write_table(table, path, compression=_COMPRESSION, use_dictionary=codes,
                   write_statistics=False)
    return stats


# -- parent side ---------------------------------------------------------------------------
def _years(ts: TargetSet, years: tuple[int, int] | None) -> list[int]:
    first, last = years or ts.years
    if first > last or first < ts.years[0] or last > ts.years[1]:
        raise SimulationError(
            f"years {first}-{last} are outside what the targets file {ts.name} covers "
            f"({ts.years[0]}-{ts.years[1]})")
    return list(range(first, last + 1))


def _prepare_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        manifest = out / "manifest.json"
        try:
            ours = json.loads(manifest.read_text(encoding="utf-8")).get("generator") == GENERATOR
        except (OSError, ValueError):
            ours = False
        if not ours:
            raise SimulationError(f"{out} is not empty and holds no earlier simulation",
                                  hint="choose an empty or new --out directory")
        for name in ("declarations", "national"):
            shutil.rmtree(out / name, ignore_errors=True)
        for name in ("manifest.json", "calibration.md", "calibration.json", GROUPS_FILE_NAME):
            (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


def _context(ts: TargetSet, seed: int, cells: CellTable, plan: Plan, schedule: Schedule,
             years: list[int]) -> GenContext:
    uni = universe()
    prof = ts.profile
    corridors = prof.get("corridors") or {}
    if "*" not in corridors:
        raise TargetFileError(f"{ts.path}: profile.corridors needs a '*' entry for partners "
                              "without a corridor of their own")
    names = list(corridors)
    routes: list[tuple[str, str]] = []
    cums, route_idx = [], []
    districts, transports = ref.customs_districts(), ref.transport_modes()
    for name in names:
        idx, weights = [], []
        for district, transport, w in corridors[name]:
            district, transport = str(district), str(transport)
            if district not in districts or transport not in transports:
                raise TargetFileError(f"{ts.path}: corridor {name}: unknown customs district "
                                      f"{district!r} or transport mode {transport!r}")
            if (district, transport) not in routes:
                routes.append((district, transport))
            idx.append(routes.index((district, transport)))
            weights.append(float(w))
        cums.append(np.cumsum(weights) / sum(weights))
        route_idx.append(np.asarray(idx, dtype=np.int64))
    corridor_of = np.full(len(uni.partner_codes), names.index("*"), dtype=np.int64)
    for code, spec in (prof.get("partners") or {}).items():
        corridor = (spec or {}).get("corridor")
        if corridor:
            corridor_of[uni.partner_index(str(code))] = names.index(str(corridor))
    homes = tuple(str(h[1]) for h in prof.get("enterprise_homes") or [])
    domestic = ref.domestic_districts()
    for h in homes:
        if h not in domestic:
            raise TargetFileError(f"{ts.path}: unknown domestic district {h!r}")
    rates_table = ref.cny_per_usd_monthly()
    rates = {y * 100 + m: float(rates_table.rate(y, m)) for y in years for m in range(1, 13)}
    sup, sup_codes = supervision_tables()
    return GenContext(seed=seed, cells=cells, plan=plan, schedule=schedule, uni=uni, rates=rates,
                      corridor_of_partner=corridor_of, corridor_cum=tuple(cums),
                      corridor_route=tuple(route_idx), routes=tuple(routes),
                      home_district=homes, supervision=sup, supervision_codes=sup_codes)


def _generate(ctx: GenContext, plan: Plan, config: SimulationConfig,
              progress: Progress | None) -> Iterator[UnitStats]:
    total = plan.total_lines
    done = 0
    if config.workers <= 1 or len(plan.units) == 1:
        _init_worker(ctx, config.out, config.compression)
        for unit in plan.units:
            stats = _run_unit(unit)
            done += stats.lines
            if progress:
                progress("generating", done, total)
            yield stats
        return
    mp = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=config.workers, mp_context=mp,
                             initializer=_init_worker,
                             initargs=(ctx, config.out, config.compression)) as pool:
        for stats in pool.map(_run_unit, plan.units, chunksize=1):
            done += stats.lines
            if progress:
                progress("generating", done, total)
            yield stats


class _Achieved:
    """Achieved values of targets, computed from the generated lines' statistics."""

    def __init__(self, ts: TargetSet, cells: CellTable, cents: np.ndarray, partner_months:
                 np.ndarray, enterprise_months: np.ndarray, schedule: Schedule) -> None:
        self.ts, self.cells, self.cents = ts, cells, cents
        self.resolver = SliceResolver(ts, universe())
        self.pm = partner_months
        self.em = enterprise_months
        self.ent_group = schedule.enterprises.group

    def _sum(self, months: tuple[int, ...], slice_: dict, where: str,
             membership_month: int | None = None) -> float:
        mask = self.resolver.mask(self.cells, months, slice_, where, membership_month)
        return float(self.cents[mask].sum()) / 100

    def _count(self, t: Target, months: tuple[int, ...]) -> float:
        if t.count_of == "partners":
            sel = np.isin(self.pm // 1000, months)
            return float(len(np.unique(self.pm[sel] % 1000)))
        sel = np.isin(self.em // 100000, months)
        ents = np.unique(self.em[sel] % 100000)
        group = t.slice.get("enterprise_group")
        if group:
            ents = ents[self.ent_group[ents] == ENTERPRISE_GROUPS.index(group)]
        return float(len(ents))

    def __call__(self, t: Target) -> float | None:
        months = t.period.months
        if t.indicator == "count":
            return self._count(t, months)
        if t.indicator == "yoy" and t.count_of:
            base = self._count(t, t.period.shifted(-1).months)
            return self._count(t, months) / base if base else float("nan")
        if t.indicator == "value":
            return self._sum(months, dict(t.slice), t.id)
        if t.indicator == "yoy":
            base = self._sum(t.period.shifted(-1).months, dict(t.slice), t.id,
                             membership_month=max(months))
            return self._sum(months, dict(t.slice), t.id) / base if base else float("nan")
        if t.indicator == "share":
            whole = self._sum(months, dict(t.of or {}), t.id)
            return self._sum(months, dict(t.slice), t.id) / whole if whole else float("nan")
        if t.indicator == "rank":
            sel = np.isin(self.cells.month, months)
            totals = np.bincount(self.cells.partner[sel], weights=self.cents[sel])
            me = universe().partner_index(t.slice["partner"])
            return float(1 + (totals > totals[me]).sum())
        return None


def simulate(config: SimulationConfig, progress: Progress | None = None) -> SimulationResult:
    """Simulate, write the files, and return the calibration report (see the module docstring).

    Raises ContradictoryTargets / UnreachableTargets (naming the targets) when the targets cannot
    all hold, ScaleTooSmall when ``scale`` cannot carry them, TargetFileError for a bad file.
    """
    ts = builtin_targets(config.targets)
    years = _years(ts, config.years)
    uni = universe()
    rng = np.random.default_rng([config.seed, 1])
    schedule = build_schedule(ts, years, len(uni.partner_codes), major_partners(ts, uni), rng)
    cells = prior_cells(ts, years, uni, schedule, rng)
    resolver = SliceResolver(ts, uni)
    constraints = build_constraints(ts.targets, cells, resolver, years)
    check_contradictions(constraints, len(cells))
    if progress:
        progress("calibrating", 0, 1)
    sweeps = calibrate(cells, constraints,
                       progress=(lambda a, b: progress("calibrating", a, b)) if progress else None)
    if progress:
        progress("calibrating", 1, 1)
    plan = make_plan(cells, schedule, config.scale, config.chunk_lines)
    _prepare_out(config.out)
    ctx = _context(ts, config.seed, cells, plan, schedule, years)
    cents = np.zeros(len(cells), dtype=np.int64)
    pms, ems = [], []
    lines = 0
    for stats in _generate(ctx, plan, config, progress):
        unit = plan.units[stats.unit]
        cents[unit.start:unit.stop] = stats.cell_cents
        pms.append(stats.partner_months)
        ems.append(stats.enterprise_months)
        lines += stats.lines
    achieved = _Achieved(ts, cells, cents, np.unique(np.concatenate(pms)),
                         np.unique(np.concatenate(ems)), schedule)
    report = CalibrationReport(evaluate([t for t in ts.targets if t.region == ts.region],
                                        achieved, lambda t: fit_status(t, years),
                                        lambda t: covered(t, years)))
    national_files: list[Path] = []
    if config.national:
        from tradestat.simulate.national import simulate_national

        national_files, rows = simulate_national(
            config.out / "national", ts, years, cells, cents, config.seed, progress)
        report = report.merged(rows)
    files = [unit_path(config.out, u) for u in plan.units]
    groups_file = write_country_groups(ts, uni.partner_iso3, config.out)
    manifest = {
        "generator": GENERATOR,
        "sample": True,
        "label": "sample data (simulated; not published statistics)",
        "targets": ts.name,
        "targets_path": ts.path,
        "region": ts.region,
        "region_basis": ts.region_basis,
        "years": [years[0], years[-1]],
        "scale": config.scale,
        "seed": config.seed,
        "lines": lines,
        "cells": len(cells),
        "calibration_sweeps": sweeps,
        "declaration_files": [str(p.relative_to(config.out)) for p in files],
        "national_files": [str(p.relative_to(config.out)) for p in national_files],
        "country_groups": groups_file.name if groups_file else None,
        "report": {"passed": report.passed, "summary": report.summary()},
    }
    (config.out / "calibration.md").write_text(report.to_markdown(), encoding="utf-8")
    (config.out / "calibration.json").write_text(report.to_json(), encoding="utf-8")
    (config.out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False),
                                              encoding="utf-8")
    return SimulationResult(out=config.out, declaration_files=files,
                            national_files=national_files, country_groups=groups_file,
                            lines=lines, cells=len(cells),
                            sweeps=sweeps, report=report, manifest=manifest)
