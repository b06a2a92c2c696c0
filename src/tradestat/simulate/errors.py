"""Typed errors of the simulator.

A simulator that quietly bends a published figure would teach users wrong numbers, so every way
the targets can fail to be met is an error that names the targets involved.
"""

from __future__ import annotations

from collections.abc import Sequence

from tradestat.errors import TradestatError


class SimulationError(TradestatError):
    """Base class of every error the simulator raises on purpose."""


class TargetFileError(SimulationError):
    """A targets file is malformed: unknown key, slice, period or indicator (names the target)."""


class ContradictoryTargets(SimulationError):
    """Two or more targets cannot all hold, whatever the data (e.g. parts exceeding the total).

    ``target_ids`` names every target in the contradiction so the file can be fixed.
    """

    def __init__(self, message: str, target_ids: Sequence[str], *, hint: str | None = None):
        super().__init__(
            message,
            hint=hint
            or "fix or drop one of the named targets (or mark it "
            "`fit: false` with a note saying why it is not reproduced)",
        )
        self.target_ids = tuple(target_ids)


class UnreachableTargets(SimulationError):
    """The fit did not converge: the named targets are still unmet (probably jointly infeasible)."""

    def __init__(self, message: str, target_ids: Sequence[str], *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.target_ids = tuple(target_ids)


class ScaleTooSmall(SimulationError):
    """The requested number of lines cannot carry the structure the targets demand."""
