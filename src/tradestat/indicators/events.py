"""Threshold and record flags over a series: "首次突破5000亿元", "创历史新高".

The wording carries a claim about *every earlier period* (DOMAIN §3.2): "first time above N"
means all earlier periods were below N; "record high" means above every earlier value. When an
earlier period has no data the claim cannot be made — the flag is undefined with the missing
periods named — unless an earlier period already settles it (one earlier value at or above N
is enough to say "not the first time"). The first period of a series has no history in view, so
its "first time" and "record" are undefined: pass the whole history you mean to compare with.

For "创历史同期新高" (highest for the same period in history) pass the series of that period
across years (e.g. every H1), not consecutive periods.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from .errors import InvalidArgument
from .numbers import Number, exact, show
from .result import Derived, Reason, operand

__all__ = ["RecordEvent", "ThresholdEvent", "record_events", "threshold_events"]

L = TypeVar("L", bound=Hashable)

Series = Sequence[tuple[L, Derived | Number | None]]


@dataclass(frozen=True, slots=True)
class ThresholdEvent(Generic[L]):
    """Whether one period is at or above a threshold, and whether it is the first time.

    ``reached`` is None only when the period has no data; ``first_time`` is None when it cannot
    be decided, and ``undefined`` then says why.
    """

    label: L
    value: Decimal | None
    reached: bool | None
    first_time: bool | None
    undefined: str | None
    formula: str

    @property
    def defined(self) -> bool:
        """True when both flags are decided."""
        return self.first_time is not None


@dataclass(frozen=True, slots=True)
class RecordEvent(Generic[L]):
    """Whether one period beats every earlier one, with the earlier best for the narrative."""

    label: L
    value: Decimal | None
    record: bool | None
    previous_best: Decimal | None
    previous_best_label: L | None
    undefined: str | None
    formula: str

    @property
    def defined(self) -> bool:
        """True when the record flag is decided."""
        return self.record is not None


def _read(series: Series[L]) -> list[tuple[L, Decimal | None, str | None]]:
    """Labels, values and no-data reasons; labels must be unique."""
    seen: set[L] = set()
    rows = []
    for label, v in series:
        if label in seen:
            raise InvalidArgument(f"label {label!r} appears twice in the series")
        seen.add(label)
        value, reason = operand(v, f"value of {label}")
        rows.append((label, value, reason))
    return rows


def _missing(labels: list[L]) -> str:
    return "earlier periods have no data: " + ", ".join(str(x) for x in labels)


def threshold_events(series: Series[L], threshold: Number, *,
                     above: bool = True) -> dict[L, ThresholdEvent[L]]:
    """Flag each period of ``series`` (oldest first) against ``threshold``.

    ``above=True``: reached means value ≥ threshold ("突破/超过N" means ≥ N). ``above=False``:
    reached means value < threshold ("跌破N"), the exact complement, so every value is on
    exactly one side.
    """
    t = exact(threshold, "threshold")
    side, other = ("≥", "<") if above else ("<", "≥")
    out: dict[L, ThresholdEvent[L]] = {}
    first_reached: L | None = None
    any_reached = False
    missing: list[L] = []
    for earlier, (label, v, reason) in enumerate(_read(series)):
        if v is None:
            out[label] = ThresholdEvent(label, None, None, None, reason or Reason.NO_DATA,
                                        f"n/a {side} {show(t)}")
        else:
            reached = v >= t if above else v < t
            first: bool | None
            why: str | None = None
            if not reached:
                first, formula = False, f"{show(v)} {other} {show(t)}"
            elif any_reached:
                first = False
                formula = f"{show(v)} {side} {show(t)}; already in {first_reached}"
            elif earlier == 0:
                first, why, formula = None, Reason.NO_EARLIER, f"{show(v)} {side} {show(t)}"
            elif missing:
                first, why, formula = None, _missing(missing), f"{show(v)} {side} {show(t)}"
            else:
                first = True
                formula = (f"{show(v)} {side} {show(t)}; all {earlier} earlier periods "
                           f"{other} {show(t)}")
            out[label] = ThresholdEvent(label, v, reached, first, why, formula)
            if reached and not any_reached:
                any_reached, first_reached = True, label
        if v is None:
            missing.append(label)
    return out


def record_events(series: Series[L], *, highest: bool = True) -> dict[L, RecordEvent[L]]:
    """Flag each period of ``series`` (oldest first) that beats every earlier value.

    A tie with the earlier best is not a new record. ``highest=False`` looks for record lows.
    """
    word, beats = ("highest", ">") if highest else ("lowest", "<")
    out: dict[L, RecordEvent[L]] = {}
    best: Decimal | None = None
    best_label: L | None = None
    missing: list[L] = []
    for earlier, (label, v, reason) in enumerate(_read(series)):
        if v is None:
            out[label] = RecordEvent(label, None, None, best, best_label,
                                     reason or Reason.NO_DATA, "n/a")
            missing.append(label)
            continue
        better = best is None or (v > best if highest else v < best)
        record: bool | None
        why: str | None = None
        if best is not None and not better:
            not_beats = "≤" if highest else "≥"
            record, formula = False, f"{show(v)} {not_beats} {show(best)} ({best_label})"
        elif earlier == 0:
            record, why, formula = None, Reason.NO_EARLIER, show(v)
        elif missing:
            record, why = None, _missing(missing)
            formula = show(v) if best is None else f"{show(v)} {beats} {show(best)} ({best_label})"
        else:
            record = True
            formula = (f"{show(v)} {beats} {show(best)} ({best_label}), the {word} of "
                       f"{earlier} earlier periods")
        out[label] = RecordEvent(label, v, record, best, best_label, why, formula)
        if better:
            best, best_label = v, label
    return out
