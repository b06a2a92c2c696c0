"""The plan: how many declarations and lines each calibrated cell becomes, and in which chunk.

Everything here is decided up front from the cell table (tens of thousands of cells), so the
chunks can then be generated independently, in parallel and in any order, and still give
byte-identical output for a seed. Memory depends on the number of cells, never on the number of
lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradestat.simulate.cells import CellTable
from tradestat.simulate.errors import ScaleTooSmall
from tradestat.simulate.schedule import Schedule

__all__ = ["MIN_LINE_CENTS", "Plan", "Unit", "make_plan"]

#: Smallest value of a declaration line, in cents (100 yuan): no zero or token lines.
MIN_LINE_CENTS = 10_000
_LINES_PER_DECLARATION = 2.6
_MAX_DECLARATIONS_PER_MONTH = 10_000_000  # the serial part of a declaration id has 7 digits


@dataclass(frozen=True)
class Unit:
    """A chunk: cells [start, stop) of one year, written to one Parquet file."""

    index: int
    year: int
    start: int
    stop: int
    lines: int


@dataclass
class Plan:
    """Per-cell integer cents, line and declaration counts, offsets, and the chunks."""

    cents: np.ndarray  # int64 per cell
    lines: np.ndarray  # int64 per cell
    decls: np.ndarray  # int64 per cell
    decl_start: np.ndarray  # int64: first declaration of the cell within its month
    group_decl_start: np.ndarray  # int64: first declaration within its (month, enterprise group)
    group_decls: np.ndarray  # int64: declarations of the cell's (month, enterprise group)
    units: tuple[Unit, ...]

    @property
    def total_lines(self) -> int:
        return int(self.lines.sum())


def _required(schedule: Schedule, cells: CellTable) -> np.ndarray:
    """Per cell: enterprises of its group whose first month of the year is the cell's month."""
    years = list(schedule.years)
    ent = schedule.enterprises
    key = np.zeros(len(cells), dtype=np.int64)
    key[:] = cells.month.astype(np.int64) * 10 + cells.egroup
    out = np.zeros(len(cells), dtype=np.int64)
    counts: dict[int, int] = {}
    for yi, year in enumerate(years):
        fm = ent.first_month[yi]
        for g in range(4):
            sel = (ent.group == g) & (fm > 0)
            months, n = np.unique(fm[sel], return_counts=True)
            for m, c in zip(months, n, strict=True):
                counts[(year * 100 + int(m)) * 10 + g] = int(c)
    for k, c in counts.items():
        out[key == k] = c  # every cell of the (month, group) sees the group's requirement
    return out


def make_plan(cells: CellTable, schedule: Schedule, scale: int, chunk_lines: int) -> Plan:
    """Spread ``scale`` lines over cells (about value**0.75) and cut the cells into chunks."""
    cents = np.rint(cells.value * 100).astype(np.int64)
    if (cents <= 0).any():
        cents = np.maximum(cents, MIN_LINE_CENTS)
    weight = cells.value**0.75
    raw = scale * weight / weight.sum()
    lines = np.maximum(1, np.floor(raw)).astype(np.int64)
    lines = np.minimum(lines, np.maximum(1, cents // MIN_LINE_CENTS))
    decls = np.maximum(1, np.rint(lines / _LINES_PER_DECLARATION)).astype(np.int64)
    # Every enterprise must be able to trade in its first month: enough declarations per
    # (month, enterprise group) for those who start then.
    required = _required(schedule, cells)
    group_key = cells.month.astype(np.int64) * 10 + cells.egroup
    uniq, inverse = np.unique(group_key, return_inverse=True)
    have = np.bincount(inverse, weights=decls).astype(np.int64)
    need = np.zeros(len(uniq), dtype=np.int64)
    need[inverse] = required
    short = need > have
    if short.any():
        # Add declarations to the group's cells in proportion to their value.
        for gi in np.flatnonzero(short):
            sel = np.flatnonzero(inverse == gi)
            extra = need[gi] - have[gi]
            share = cells.value[sel] / cells.value[sel].sum()
            add = np.floor(share * extra).astype(np.int64)
            add[np.argsort(-share)[: extra - add.sum()]] += 1
            decls[sel] += add
        lines = np.maximum(lines, decls)
    too_small = cents < lines * 100  # at least one yuan per line, always
    if too_small.any():
        raise ScaleTooSmall("internal: a cell has more lines than its value allows")
    if lines.sum() > 1.25 * scale:
        raise ScaleTooSmall(
            f"--scale {scale:,} is too small for these targets: they need at least "
            f"{len(cells):,} aggregate cells and {int(required_total(required, inverse)):,} "
            f"first declarations of enterprises ({int(lines.sum()):,} lines in all)",
            hint=f"use --scale {int(lines.sum() * 1.2):,} or more",
        )
    # Offsets: declarations within the month (for ids) and within (month, group) (enterprises).
    month_key = cells.month.astype(np.int64)
    decl_start = np.zeros(len(cells), dtype=np.int64)
    group_decl_start = np.zeros(len(cells), dtype=np.int64)
    for keys, target in ((month_key, decl_start), (group_key, group_decl_start)):
        order = np.argsort(keys, kind="stable")
        k_sorted = keys[order]
        d_sorted = decls[order]
        cum = np.cumsum(d_sorted) - d_sorted
        first_of_key = np.searchsorted(k_sorted, k_sorted, side="left")
        target[order] = cum - cum[first_of_key]
    per_month = np.bincount(np.unique(month_key, return_inverse=True)[1], weights=decls)
    if per_month.max() >= _MAX_DECLARATIONS_PER_MONTH:
        raise ScaleTooSmall(
            f"more than {_MAX_DECLARATIONS_PER_MONTH:,} declarations in a month "
            "do not fit the declaration-number format",
            hint="lower --scale",
        )
    group_decls = np.bincount(inverse, weights=decls).astype(np.int64)[inverse]
    # Chunks: contiguous cells of one year, about chunk_lines lines each.
    units: list[Unit] = []
    year = cells.month // 100
    start = 0
    n = len(cells)
    cum_lines = np.cumsum(lines)
    while start < n:
        y = int(year[start])
        year_end = int(np.searchsorted(year, y, side="right"))
        base = cum_lines[start - 1] if start else 0
        stop = int(np.searchsorted(cum_lines, base + chunk_lines, side="right"))
        stop = min(max(stop, start + 1), year_end)
        units.append(Unit(len(units), y, start, stop, int(cum_lines[stop - 1] - base)))
        start = stop
    return Plan(
        cents=cents,
        lines=lines,
        decls=decls,
        decl_start=decl_start,
        group_decl_start=group_decl_start,
        group_decls=group_decls,
        units=tuple(units),
    )


def required_total(required: np.ndarray, inverse: np.ndarray) -> int:
    """Sum of first-month enterprise requirements over (month, group) keys."""
    _, first = np.unique(inverse, return_index=True)
    return int(required[first].sum())
