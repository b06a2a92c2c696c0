"""What a check concluded about one claim, and the evidence that shows it.

Three verdicts only — ``supported``, ``contradicted``, ``unverifiable`` — because a reader must act
on them: trust, correct, or look elsewhere. The nuance goes into ``detail`` ("rounding", "lower
bound", "alternative reading: month instead of year-to-date", "conversion at publication-day
rate", "revision or error") and the arithmetic into the evidence, so nobody has to trust the
checker's word. Warehouse evidence carries the query's SQL and data vintage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from tradestat.claims.interval import Interval

VerdictKind = Literal["supported", "contradicted", "unverifiable"]
CheckKind = Literal["warehouse", "consistency", "figures"]

#: When several checks judge one claim, the most serious verdict wins.
_SEVERITY: dict[str, int] = {"unverifiable": 0, "supported": 1, "contradicted": 2}


@dataclass(frozen=True)
class Evidence:
    """One piece of support: a computed figure, an interval, the arithmetic, its origin."""

    description: str
    value: Decimal | None = None
    interval: Interval | None = None
    arithmetic: str | None = None
    sql: str | None = None
    vintage: str | None = None
    dataset: str | None = None
    warehouse: str | None = None
    query: str | None = None
    is_sample: bool | None = None
    source: str | None = None          # a document name or URL (texts and the figures store)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description}
        if self.value is not None:
            out["value"] = _number(self.value)
        if self.interval is not None:
            out["interval"] = [_number(self.interval.low), _number(self.interval.high)]
        for name in ("arithmetic", "sql", "vintage", "dataset", "warehouse", "query",
                     "is_sample", "source"):
            item = getattr(self, name)
            if item is not None:
                out[name] = item
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check (warehouse, consistency or figures) on one claim."""

    claim_id: str
    verdict: VerdictKind
    reason: str
    check: CheckKind
    detail: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check, "verdict": self.verdict,
                               "reason": self.reason}
        if self.detail:
            out["detail"] = self.detail
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


def overall(verdicts: Iterable[Verdict]) -> VerdictKind:
    """One claim's verdict from all its checks: any contradiction wins, then any support."""
    kinds = [v.verdict for v in verdicts]
    if not kinds:
        return "unverifiable"
    return max(kinds, key=lambda k: _SEVERITY[k])


def headline(verdicts: list[Verdict]) -> Verdict | None:
    """The check that decided ``overall`` (the first of the most serious verdict)."""
    if not verdicts:
        return None
    kind = overall(verdicts)
    return next(v for v in verdicts if v.verdict == kind)


def _number(value: Decimal) -> float | str:
    """JSON numbers for finite values; "inf"/"-inf" strings for open bounds."""
    if value.is_infinite():
        return "inf" if value > 0 else "-inf"
    return float(value)
