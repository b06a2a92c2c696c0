"""Checks within one text: do its own numbers agree with each other?

No warehouse is needed, so these checks work for any region or period. Every check uses
interval arithmetic on the displayed numbers (TEXT_PARSING §5): a text is inconsistent only when
no choice of true values inside the rounding intervals satisfies the relation.

- parts vs total: exports + imports = total;
- share = part / whole, with the part and the whole stated in the same text;
- growth vs levels: the implied bases level / (1 + growth) of exports and imports add up to the
  implied base of the total;
- the same figure stated twice agrees with itself;
- yuan / dollar pairs: the implied CNY-per-USD rate against the rate around the publication date
  (news converts at that rate, not GACC's monthly rates: a small difference is a convention).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from tradestat.claims.claim import Claim, Document
from tradestat.claims.interval import Interval
from tradestat.claims.verdict import Evidence, Verdict

#: How far (relative) an implied rate may sit from a reference market rate and still count as a
#: conversion at that rate: ECB cross rates differ from the PBOC parity by 0.2-1 % (DOMAIN §13).
RATE_TOLERANCE = Decimal("0.012")
#: Beyond this the pair cannot be a conversion at any plausible rate: the text is wrong.
RATE_ERROR = Decimal("0.05")
HUNDRED = Decimal(100)
#: The key unit of a growth rate by what it is the growth of: yuan growth checks against yuan
#: levels and against dollar levels as before (a text's dollar level with a yuan growth: the
#: same rate within conversion noise); "in U.S. dollar terms" growth against dollar levels only.
_GROWTH_OF = {"value_cny": "percent", "value_usd": "percent:USD"}


class RateSource(Protocol):
    """CNY per USD (the CLI passes ``tradestat.reference`` rates; the claims room cannot)."""

    def on(self, day: dt.date) -> Decimal | None: ...

    def month(self, year: int, month: int) -> Decimal | None: ...


@dataclass(frozen=True)
class _Key:
    region: str | None
    period: object
    flow: str
    slice: tuple[tuple[str, str], ...]
    unit: str


def _key(claim: Claim, *, flow: str | None = None, slice_: dict[str, str] | None = None) -> _Key:
    items = claim.slice if slice_ is None else slice_
    return _Key(
        claim.region,
        claim.period,
        flow or claim.flow,
        tuple(sorted((k, v) for k, v in items.items() if k != "flow")),
        claim.quantity.unit,
    )


def _interval(claim: Claim) -> Interval:
    interval = Interval.of(claim.quantity.interval())
    if claim.indicator == "yoy" and claim.direction == -1 and claim.quantity.value > 0:
        interval = -interval
    return interval


def _eligible(claim: Claim) -> bool:
    return claim.about == "trade" and not claim.unresolved and claim.period is not None


def check_document(
    document: Document, claims: Sequence[Claim], rates: RateSource | None = None
) -> list[Verdict]:
    """Every consistency verdict the text's claims allow (claims in no relation get none)."""
    usable = [c for c in claims if _eligible(c)]
    levels: dict[_Key, list[Claim]] = defaultdict(list)
    growths: dict[_Key, list[Claim]] = defaultdict(list)
    for claim in usable:
        if claim.indicator == "value" and claim.converts is None:
            levels[_key(claim)].append(claim)
        elif claim.indicator == "yoy":
            key = _key(claim, slice_=dict(claim.slice))
            # Growth of dollar values pairs with dollar levels only ("in U.S. dollar terms").
            unit = _GROWTH_OF.get(claim.measure)
            if unit is None:
                continue  # growth of a count: no level relation to check
            growths[dataclasses.replace(key, unit=unit)].append(claim)
    verdicts: list[Verdict] = []
    verdicts += _repeats(levels)
    verdicts += _parts_vs_total(levels)
    verdicts += _shares(usable, levels)
    verdicts += _growth_vs_levels(levels, growths)
    verdicts += _conversions(document, claims, rates)
    return verdicts


def _first(groups: dict[_Key, list[Claim]], key: _Key) -> Claim | None:
    found = groups.get(key)
    return found[0] if found else None


# -- the same figure twice -----------------------------------------------------------------------
def _repeats(levels: dict[_Key, list[Claim]]) -> list[Verdict]:
    out = []
    for group in levels.values():
        for earlier, later in itertools.pairwise(group):
            a, b = _interval(earlier), _interval(later)
            agree = a.overlaps(b)
            out.append(
                Verdict(
                    later.id,
                    "supported" if agree else "contradicted",
                    f"{later.surface!r} repeats {earlier.surface!r} stated earlier in the text"
                    + (
                        "; the two agree within their rounding"
                        if agree
                        else "; the two cannot be the same figure"
                    ),
                    "consistency",
                    detail="same figure" if agree else "internally inconsistent",
                    evidence=(
                        Evidence(
                            "the earlier mention",
                            interval=a,
                            arithmetic=f"{a.show()} vs {b.show()}",
                        ),
                    ),
                )
            )
    return out


# -- exports + imports = total --------------------------------------------------------------------
def _parts_vs_total(levels: dict[_Key, list[Claim]]) -> list[Verdict]:
    out = []
    for key, group in levels.items():
        if key.flow != "total":
            continue
        total = group[0]
        exports = _first(levels, _Key(key.region, key.period, "export", key.slice, key.unit))
        imports = _first(levels, _Key(key.region, key.period, "import", key.slice, key.unit))
        if exports is None or imports is None:
            continue
        parts = _interval(exports) + _interval(imports)
        stated = _interval(total)
        agree = parts.overlaps(stated)
        arithmetic = (
            f"{exports.surface} + {imports.surface} ∈ {_scaled(parts, total)} "
            f"vs {total.surface} ∈ {_scaled(stated, total)}"
        )
        reason = (
            f"exports {exports.surface} + imports {imports.surface} "
            + ("agree with" if agree else "do not add up to")
            + f" the total {total.surface} within rounding"
        )
        out.append(
            Verdict(
                total.id,
                "supported" if agree else "contradicted",
                reason,
                "consistency",
                detail="parts vs total",
                evidence=(Evidence("exports + imports", interval=parts, arithmetic=arithmetic),),
            )
        )
    return out


# -- share = part / whole ------------------------------------------------------------------------
def _shares(claims: Iterable[Claim], levels: dict[_Key, list[Claim]]) -> list[Verdict]:
    out = []
    for claim in claims:
        if claim.indicator != "share" or claim.denominator not in (None, "total", "flow"):
            continue
        sliced = {k: v for k, v in claim.slice.items() if k != "flow"}
        if not sliced:
            continue
        part = whole = None
        for unit in ("CNY", "USD"):
            part = _first(levels, _key_for(claim, unit, sliced))
            whole = _first(levels, _key_for(claim, unit, {}))
            if part is not None and whole is not None:
                break
        if part is None or whole is None:
            continue
        try:
            implied = _interval(part) / _interval(whole)
        except ZeroDivisionError:
            continue
        implied = implied.scale(HUNDRED)
        stated = _interval(claim)
        agree = implied.overlaps(stated)
        arithmetic = (
            f"{part.surface} / {whole.surface} × 100 ∈ {implied.show(3)} "
            f"vs {claim.surface} ∈ {stated.show(3)}"
        )
        out.append(
            Verdict(
                claim.id,
                "supported" if agree else "contradicted",
                f"the share {claim.surface!r} "
                + ("agrees with" if agree else "does not follow from")
                + f" {part.surface} of {whole.surface} stated in the text"
                + (" (within rounding)" if agree else ""),
                "consistency",
                detail="share = part / whole",
                evidence=(
                    Evidence("part / whole from the text", interval=implied, arithmetic=arithmetic),
                ),
            )
        )
    return out


def _key_for(claim: Claim, unit: str, slice_: dict[str, str]) -> _Key:
    return _Key(claim.region, claim.period, claim.flow, tuple(sorted(slice_.items())), unit)


# -- growth vs levels -----------------------------------------------------------------------------
def _base(level: Claim, growth: Claim) -> Interval:
    factor = Interval.point(Decimal(1)) + _interval(growth).scale(Decimal("0.01"))
    return _interval(level) / factor


def _growth_vs_levels(
    levels: dict[_Key, list[Claim]], growths: dict[_Key, list[Claim]]
) -> list[Verdict]:
    out = []
    for key, group in growths.items():
        if key.flow != "total":
            continue
        total_growth = group[0]
        pairs = {}
        for flow in ("total", "export", "import"):
            for unit in ("CNY", "USD"):
                if key.unit == _GROWTH_OF["value_usd"] and unit != "USD":
                    continue
                level = _first(levels, _Key(key.region, key.period, flow, key.slice, unit))
                growth = _first(growths, _Key(key.region, key.period, flow, key.slice, key.unit))
                if level is not None and growth is not None:
                    pairs.setdefault(flow, (level, growth))
        if len(pairs) < 3 or len({p[0].quantity.unit for p in pairs.values()}) != 1:
            continue
        try:
            bases = {flow: _base(*pairs[flow]) for flow in pairs}
        except ZeroDivisionError:
            continue
        summed = bases["export"] + bases["import"]
        agree = summed.overlaps(bases["total"])
        total_level = pairs["total"][0]
        arithmetic = (
            f"implied bases: exports {_scaled(bases['export'], total_level)}, imports "
            f"{_scaled(bases['import'], total_level)}, sum {_scaled(summed, total_level)}"
            f"; total {_scaled(bases['total'], total_level)}"
        )
        out.append(
            Verdict(
                total_growth.id,
                "supported" if agree else "contradicted",
                "the growth rates and levels of exports, imports and the total "
                + (
                    "imply the same base period"
                    if agree
                    else "imply different base periods: one of the figures is wrong"
                ),
                "consistency",
                detail="growth vs levels",
                evidence=(
                    Evidence(
                        "implied base = level / (1 + growth)",
                        interval=summed,
                        arithmetic=arithmetic,
                    ),
                ),
            )
        )
    return out


# -- yuan / dollar pairs -------------------------------------------------------------------------
def implied_rate(cny: Claim, usd: Claim) -> Interval:
    """CNY per USD that the two displayed amounts allow."""
    return _interval(cny) / _interval(usd)


def _conversions(
    document: Document, claims: Sequence[Claim], rates: RateSource | None
) -> list[Verdict]:
    by_id = {c.id: c for c in claims}
    out = []
    for usd in claims:
        cny = by_id.get(usd.converts or "")
        if cny is None or usd.quantity.unit != "USD" or cny.quantity.unit != "CNY":
            continue
        try:
            implied = implied_rate(cny, usd)
        except ZeroDivisionError:
            continue
        out.append(_judge_rate(document, cny, usd, implied, rates))
    return out


def _judge_rate(
    document: Document, cny: Claim, usd: Claim, implied: Interval, rates: RateSource | None
) -> Verdict:
    shown = f"{cny.surface} yuan / {usd.surface} dollars = {implied.show(4)} CNY per USD"
    candidates = _reference_rates(document, cny, rates)
    if not candidates:
        return Verdict(
            usd.id,
            "unverifiable",
            f"implied rate {implied.show(4)} CNY per USD; no exchange rate known for "
            "the publication date or the period",
            "consistency",
            detail="conversion",
            evidence=(Evidence("implied rate", interval=implied, arithmetic=shown),),
        )
    evidence = []
    best: tuple[Decimal, str, Decimal] | None = None
    for label, rate in candidates:
        distance = implied.distance(Interval.point(rate)) / rate
        evidence.append(
            Evidence(
                f"{label}: {rate} CNY per USD",
                value=rate,
                arithmetic=f"{shown}; {distance * 100:.2f}% from {rate}",
            )
        )
        if best is None or distance < best[0]:
            best = (distance, label, rate)
    assert best is not None
    distance, label, rate = best
    pct = f"{distance * 100:.2f}%"
    if distance <= RATE_TOLERANCE:
        detail = (
            "conversion at publication-day rate"
            if label.startswith("publication")
            else "conversion at the period's average rate"
        )
        return Verdict(
            usd.id,
            "supported",
            f"implied rate {implied.show(4)} CNY per USD is within {pct} of the "
            f"{label} ({rate}): a news-style conversion, a convention rather than an "
            "error",
            "consistency",
            detail=detail,
            evidence=tuple(evidence),
        )
    if distance <= RATE_ERROR:
        return Verdict(
            usd.id,
            "unverifiable",
            f"implied rate {implied.show(4)} CNY per USD is {pct} from the nearest "
            f"reference rate ({label}, {rate}): an unusual conversion rate, but not "
            "clearly an error",
            "consistency",
            detail="conversion",
            evidence=tuple(evidence),
        )
    return Verdict(
        usd.id,
        "contradicted",
        f"implied rate {implied.show(4)} CNY per USD is {pct} from every plausible "
        f"rate (nearest: {label}, {rate}): the amounts cannot be a conversion of each "
        "other",
        "consistency",
        detail="conversion",
        evidence=tuple(evidence),
    )


def _reference_rates(
    document: Document, claim: Claim, rates: RateSource | None
) -> list[tuple[str, Decimal]]:
    if rates is None:
        return []
    out: list[tuple[str, Decimal]] = []
    if document.published:
        try:
            day = dt.date.fromisoformat(document.published)
        except ValueError:
            day = None
        if day is not None:
            rate = rates.on(day)
            if rate is not None:
                out.append((f"publication-day rate ({day})", rate))
    period = claim.period
    if period is not None:
        for month in (period.end, period.start):
            rate = rates.month(month // 100, month % 100)
            if rate is not None:
                out.append((f"monthly average rate ({month // 100}-{month % 100:02d})", rate))
    return out


def _scaled(interval: Interval, like: Claim) -> str:
    power = like.quantity.power
    return Interval(interval.low.scaleb(-power), interval.high.scaleb(-power)).show(
        like.quantity.decimals + 2
    )
