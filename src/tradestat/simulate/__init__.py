"""Sample data: customs declarations simulated and calibrated to published figures.

Real declaration-level data is confidential, so tradestat ships a simulator whose aggregates
reproduce what a customs district actually published (within the published rounding), for
demos, tests and benchmarks. Everything it writes is labelled sample data.

    from tradestat.simulate import SimulationConfig, simulate
    result = simulate(SimulationConfig(out=Path("out/sample"), scale=1_000_000, seed=1))
    result.report.passed, result.declaration_files, result.national_files

Modules, one job each: ``targets`` (the targets file), ``universe`` (code pools from
tradestat.reference), ``schedule`` (who trades when; distinct counts), ``cells`` (the prior
cell table), ``calibrate`` (raking to the targets; contradictions), ``plan`` (lines and chunks),
``lines`` (vectorised line generation), ``national`` (31-province context in the platform
layout), ``report`` (the calibration report), ``run`` (the orchestration). This room imports
only ``reference`` and ``model`` (DESIGN.md); loading into a warehouse is done by the caller
(``tradestat.sample_warehouse``).
"""

from tradestat.simulate.errors import (
    ContradictoryTargets,
    ScaleTooSmall,
    SimulationError,
    TargetFileError,
    UnreachableTargets,
)
from tradestat.simulate.report import CalibrationReport, ReportRow
from tradestat.simulate.run import DEFAULT_SCALE, SimulationConfig, SimulationResult, simulate
from tradestat.simulate.targets import Period, Target, TargetSet, builtin_targets, load_targets

__all__ = [
    "DEFAULT_SCALE",
    "CalibrationReport",
    "ContradictoryTargets",
    "Period",
    "ReportRow",
    "ScaleTooSmall",
    "SimulationConfig",
    "SimulationError",
    "SimulationResult",
    "Target",
    "TargetFileError",
    "TargetSet",
    "UnreachableTargets",
    "builtin_targets",
    "load_targets",
    "simulate",
]
