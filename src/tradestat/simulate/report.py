"""The calibration report: every target, what the generated data achieved, pass or fail.

Achieved values are computed from what was actually written: the sums of the generated lines per
cell (not the calibrated cell values) and the partners and enterprises that appear on lines.
Targets the simulation does not try to reproduce are listed too, with the reason (superseded by
a revision, not fitted, outside the simulated years), so the report is the complete account of
the targets file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from tradestat.simulate.targets import UNITS, Target

__all__ = ["CalibrationReport", "ReportRow", "evaluate"]

_STATUS_TEXT = {
    "pass": "pass",
    "fail": "FAIL",
    "superseded": "superseded",
    "not_fitted": "not fitted",
    "outside": "not checkable",
}


@dataclass(frozen=True)
class ReportRow:
    """One target in the report."""

    target_id: str
    region: str
    description: str
    target: str
    achieved: str
    achieved_value: float | None
    status: str  # pass | fail | superseded | not_fitted | outside
    source: str
    note: str

    @property
    def counts(self) -> bool:
        """Whether the row decides the exit status (only fitted targets do)."""
        return self.status in ("pass", "fail")


def _display(t: Target, base_value: float | None) -> tuple[str, float | None]:
    """Achieved value in the target's displayed unit, one decimal finer than the target."""
    if base_value is None or (isinstance(base_value, float) and math.isnan(base_value)):
        return "—", None
    scale = float(UNITS[t.unit])
    if t.indicator == "yoy":
        shown = (base_value - 1) / scale
    elif t.indicator in ("count", "rank"):
        return f"{base_value:,.0f}", base_value
    else:
        shown = base_value / scale
    suffix = {"100m_cny": "亿元", "1t_cny": "万亿元", "pct": "%", "yuan": ""}.get(t.unit, "")
    sign = "+" if t.indicator == "yoy" and shown > 0 else ""
    return f"{sign}{shown:,.{t.decimals + 1}f}{suffix}", shown


def evaluate(
    targets: Iterable[Target],
    achieved: Callable[[Target], float | None],
    status_of: Callable[[Target], str],
    covered: Callable[[Target], bool] = lambda t: True,
) -> list[ReportRow]:
    """Report rows: ``achieved(t)`` gives the value in base units (yuan, ratio, count).

    ``covered(t)`` says whether the data span every month the target needs; superseded or
    unfitted targets outside the data show no achieved value rather than a misleading zero.
    """
    rows = []
    for t in targets:
        status = status_of(t)
        value = achieved(t) if status != "outside" and covered(t) else None
        shown, shown_value = _display(t, value)
        if status == "fit":
            lo, hi = t.interval()
            ok = value is not None and not math.isnan(value) and lo <= value <= hi
            status = "pass" if ok else "fail"
        note = t.note
        if t.superseded_by:
            note = f"superseded by {t.superseded_by}. {note}".strip()
        rows.append(
            ReportRow(
                t.id,
                t.region,
                t.describe(),
                t.displayed(),
                shown,
                shown_value,
                status,
                t.source,
                note,
            )
        )
    return rows


@dataclass
class CalibrationReport:
    """All report rows of one simulation, with summary counts and renderers."""

    rows: list[ReportRow]

    @property
    def passed(self) -> bool:
        return all(r.status != "fail" for r in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def failures(self) -> list[ReportRow]:
        return [r for r in self.rows if r.status == "fail"]

    def summary(self) -> str:
        parts = [f"{self.count('pass')} pass", f"{self.count('fail')} fail"]
        for status in ("superseded", "not_fitted", "outside"):
            if self.count(status):
                parts.append(f"{self.count(status)} {_STATUS_TEXT[status]}")
        return ", ".join(parts)

    def to_markdown(self) -> str:
        lines = ["| target | what | published | achieved | status |", "|---|---|---:|---:|---|"]
        for r in self.rows:
            lines.append(
                f"| {r.target_id} | {r.description} | {r.target} | {r.achieved} | "
                f"{_STATUS_TEXT[r.status]} |"
            )
        lines.append("")
        lines.append(f"Summary: {self.summary()}.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps(
            {
                "passed": self.passed,
                "summary": self.summary(),
                "rows": [asdict(r) for r in self.rows],
            },
            ensure_ascii=False,
            indent=1,
        )

    def merged(self, other: Sequence[ReportRow]) -> CalibrationReport:
        return CalibrationReport([*self.rows, *other])
