"""Glue between the simulator and the warehouse: simulate, then load through the normal ingest.

``tradestat.simulate`` may import only reference and model (DESIGN.md), so loading its files is
done here, at the top of the house, exactly as a user would load real files: the declaration
chunks with the ``declarations`` reader and the national context with the ``gacc`` reader, every
load with ``IngestOptions(sample=True)`` so that the warehouse's load records carry ``is_sample``
and everything downstream can say "sample data".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tradestat.ingest import IngestOptions, open_source
from tradestat.simulate import SimulationConfig, SimulationResult, simulate
from tradestat.warehouse import LoadReport, Warehouse

__all__ = ["SampleLoad", "build_sample_warehouse", "load_simulation"]

#: Vintage stamped on simulated loads: the simulated data are "as of" the last published figure
#: they reproduce. A fixed date keeps repeated builds identical.
SAMPLE_VINTAGE = dt.date(2026, 1, 28)


@dataclass
class SampleLoad:
    """The simulation and the loads that put it in the warehouse."""

    simulation: SimulationResult
    loads: list[LoadReport] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return sum(r.rows_loaded for r in self.loads)

    @property
    def rows_quarantined(self) -> int:
        return sum(r.rows_quarantined for r in self.loads)


def load_simulation(result: SimulationResult, warehouse: Path,
                    on_file: Callable[[Path, LoadReport], None] | None = None) -> list[LoadReport]:
    """Load a simulation's files into ``warehouse`` (one load per file, all sample-labelled)."""
    reports = []
    with Warehouse(warehouse) as wh:
        for path in result.declaration_files:
            report = wh.load(open_source(path, IngestOptions(format="declarations", sample=True)),
                             vintage=SAMPLE_VINTAGE, strict=True)
            reports.append(report)
            if on_file:
                on_file(path, report)
        for path in result.national_files:
            flow = "import" if "进口" in path.name else "export"
            report = wh.load(open_source(path, IngestOptions(format="gacc", flow=flow,
                                                             sample=True)),
                             vintage=SAMPLE_VINTAGE, strict=True)
            reports.append(report)
            if on_file:
                on_file(path, report)
    return reports


def build_sample_warehouse(config: SimulationConfig, warehouse: Path,
                           progress: Callable[[str, int, int], None] | None = None,
                           on_file: Callable[[Path, LoadReport], None] | None = None
                           ) -> SampleLoad:
    """Simulate into ``config.out`` and load the result into ``warehouse``."""
    result = simulate(config, progress)
    return SampleLoad(result, load_simulation(result, warehouse, on_file))


def parse_years(text: str) -> tuple[int, int]:
    """``2019-2025`` or ``2025`` → (first, last)."""
    first, _, last = text.partition("-")
    try:
        a, b = int(first), int(last or first)
    except ValueError as exc:
        raise ValueError(f"expected YEARS as 2019-2025, got {text!r}") from exc
    return a, b


def run_cli(*, targets: str, years: str | None, scale: int, seed: int, out: Path | None,
            warehouse: Path | None, workers: int, console, err_console) -> int:
    """The body of ``tradestat simulate``: progress bar, report table, exit status.

    Returns 0 when every fitted target passes, 1 when one fails (the data are still written, so
    the failure can be inspected). Typed errors propagate to the CLI, which prints them.
    """
    import tempfile

    from rich.markup import escape
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    if out is None and warehouse is None:
        out = Path("out/simulate")
    tmp = tempfile.TemporaryDirectory(prefix="tradestat-sim-") if out is None else None
    out_dir = Path(tmp.name) if tmp is not None else out
    assert out_dir is not None
    config = SimulationConfig(out=out_dir, targets=targets,
                              years=parse_years(years) if years else None, scale=scale,
                              seed=seed, workers=workers)
    try:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                      TextColumn("{task.completed:,.0f}/{task.total:,.0f}"),
                      TimeElapsedColumn(), console=err_console, transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            result = simulate(config, progress)
            loads: list[LoadReport] = []
            if warehouse is not None:
                task = bar.add_task("loading into the warehouse",
                                    total=len(result.declaration_files)
                                    + len(result.national_files))
                loads = load_simulation(result, warehouse,
                                        on_file=lambda _p, _r: bar.advance(task))
        report = result.report
        table = Table(title=f"calibration report: {escape(result.manifest['targets'])} "
                            f"(seed {seed}, {result.lines:,} declaration lines)")
        for col in ("target", "what", "published", "achieved", "status"):
            table.add_column(col, overflow="fold")
        style = {"pass": "green", "fail": "bold red"}
        for r in report.rows:
            label = {"pass": "pass", "fail": "FAIL", "superseded": "superseded",
                     "not_fitted": "not fitted", "outside": "not checkable"}[r.status]
            table.add_row(r.target_id, escape(r.description), r.target, r.achieved,
                          f"[{style.get(r.status, 'dim')}]{label}[/]")
        console.print(table)
        console.print(f"{report.summary()}. Files: {out_dir if tmp is None else '(temporary)'}"
                      f" — {len(result.declaration_files)} Parquet chunk(s), "
                      f"{len(result.national_files)} national file(s); report in "
                      "calibration.md / calibration.json.")
        if loads:
            console.print(f"Loaded into {warehouse}: {sum(r.rows_loaded for r in loads):,} rows "
                          f"in {len(loads)} load(s), "
                          f"{sum(r.rows_quarantined for r in loads):,} quarantined; every load is "
                          "labelled sample data.")
        console.print("[magenta]Simulated sample data: not published statistics.[/]")
        return 0 if report.passed else 1
    finally:
        if tmp is not None:
            tmp.cleanup()
