"""Verify claims against the warehouse, through the query layer only (``Session.query``).

The tolerance is the claim's own displayed precision: "25 percent" is [24.5, 25.5], "520.37
billion" is ±0.005 billion, "over 200 billion" is [200 billion, +inf) (``Quantity.interval``).
The warehouse figure is exact, so a claim is supported when that figure lies in the interval.

When the stated reading fails, the verifier tries the readings press copy is known to slip into
(DOMAIN §16) and names the one that holds: a round figure truncated rather than rounded (a lower
bound), the single month instead of the year to date and back, exports or imports instead of
the total and back, and a country group's membership at the start of the period instead of its
end. Otherwise the claim is contradicted, with the warehouse figure and the difference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from tradestat.claims.claim import Claim
from tradestat.claims.interval import INF, Interval
from tradestat.claims.membership import group_by_month
from tradestat.claims.resolve import Lookup, Resolution, Unresolvable, describe, resolve
from tradestat.claims.verdict import Evidence, Verdict
from tradestat.errors import CoverageError, QueryError, TradestatError, UnknownNameError
from tradestat.periods import Period, format_period

_SIGNED = ("yoy", "gap", "contribution", "share_change", "multi_period_growth")


class QuerySession(Protocol):
    """What the verifier needs of ``tradestat.session.Session``."""

    def query(self, request: Any = None, **kwargs: Any) -> Any: ...


class _NotFirstTime(Exception):
    """A threshold said to be crossed "for the first time" was already crossed a year earlier."""


class _NoFigure(Exception):
    """The query ran but gives no number (a growth on a zero base): the note says why."""


#: A text published before the data vintage may quote figures revised since (DOMAIN §1.3 shows
#: revisions up to 5.3 %): a level that far off is "revision or error", not a contradiction.
REVISION_BAND = Decimal("0.06")


def verify_claims(
    session: QuerySession, claims: Iterable[Claim], *, published: str | None = None
) -> list[Verdict]:
    """One warehouse verdict per claim, in order; ``published`` is the text's ISO date."""
    cache: dict[str, Any] = {}
    return [verify_claim(session, claim, published=published, _cache=cache) for claim in claims]


def verify_claim(
    session: QuerySession,
    claim: Claim,
    *,
    published: str | None = None,
    _cache: dict[str, Any] | None = None,
) -> Verdict:
    """Supported, contradicted or unverifiable, with the query, its SQL and the arithmetic."""
    cache = {} if _cache is None else _cache
    if claim.converts is not None:
        return Verdict(
            claim.id,
            "unverifiable",
            f"a currency conversion of claim {claim.converts} made by the writer; "
            "news converts at the publication-day rate, not at GACC's monthly rates, "
            "so it is checked against the text, not the warehouse",
            "warehouse",
            detail="conversion",
        )
    try:
        resolution = resolve(claim)
        actual, evidence = _compute(session, resolution, cache)
    except Unresolvable as exc:
        return Verdict(claim.id, "unverifiable", exc.message, "warehouse", detail=exc.detail)
    except (CoverageError, UnknownNameError, QueryError) as exc:
        return Verdict(
            claim.id, "unverifiable", _first_line(exc), "warehouse", detail=type(exc).__name__
        )
    except _NoFigure as exc:
        return Verdict(claim.id, "unverifiable", str(exc), "warehouse")
    except TradestatError as exc:  # e.g. a group shipped without members (Belt and Road)
        return Verdict(
            claim.id, "unverifiable", _first_line(exc), "warehouse", detail=type(exc).__name__
        )
    except _NotFirstTime as exc:
        return Verdict(claim.id, "contradicted", str(exc), "warehouse", detail="not first time")
    stated = stated_interval(claim, resolution)
    if stated.contains(actual):
        return _supported(claim, resolution, actual, stated, evidence, session, cache)
    truncated = _truncation_interval(claim, resolution)
    if truncated is not None and truncated.contains(actual):
        floor = _show(claim.quantity.absolute, claim)
        return Verdict(
            claim.id,
            "supported",
            f"as a point value {claim.surface!r} does not hold (the warehouse gives "
            f"{_show(actual, claim)}); read as a lower bound (over {floor}) it holds",
            "warehouse",
            detail="lower bound",
            evidence=(_with_interval(evidence, truncated, actual, claim),),
        )
    alternative = _alternative(session, claim, cache)
    if alternative is not None:
        label, alt_actual, alt_evidence = alternative
        return Verdict(
            claim.id,
            "supported",
            f"as stated ({describe(claim)}) the warehouse gives {_show(actual, claim)}, "
            f"outside {_show_interval(stated, claim)}; {label} gives "
            f"{_show(alt_actual, claim)}, "
            "which matches",
            "warehouse",
            detail=f"alternative reading: {label}",
            evidence=(_with_interval(evidence, stated, actual, claim), alt_evidence),
        )
    difference = actual - claim_point(claim)
    if _revised_since(claim, evidence, published, difference):
        return Verdict(
            claim.id,
            "unverifiable",
            f"the warehouse gives {_show(actual, claim)} for {resolution.reading} "
            f"(vintage {evidence.vintage}); the text of {published} says "
            f"{claim.surface!r}: the data may have been revised since, or the text "
            "is wrong",
            "warehouse",
            detail="revision or error",
            evidence=(_with_interval(evidence, stated, actual, claim),),
        )
    return Verdict(
        claim.id,
        "contradicted",
        f"the warehouse gives {_show(actual, claim)} for {resolution.reading}; the "
        f"text's {claim.surface!r} allows {_show_interval(stated, claim)} "
        f"(difference {_show(difference, claim, signed=True)})",
        "warehouse",
        detail="value",
        evidence=(_with_interval(evidence, stated, actual, claim),),
    )


def _revised_since(
    claim: Claim, evidence: Evidence, published: str | None, difference: Decimal
) -> bool:
    """A level off by a revision-sized amount in a text older than the data vintage."""
    if (
        claim.indicator != "value"
        or not published
        or not evidence.vintage
        or published >= evidence.vintage
        or claim.quantity.absolute == 0
    ):
        return False
    return abs(difference) / abs(claim.quantity.absolute) <= REVISION_BAND


# -- intervals -----------------------------------------------------------------------------------
def claim_point(claim: Claim) -> Decimal:
    """The stated number in base units, signed by its direction word for growth-like figures."""
    value = claim.quantity.absolute
    if claim.indicator in _SIGNED and claim.direction == -1 and value > 0:
        return -value
    return value


def stated_interval(claim: Claim, resolution: Resolution | None = None) -> Interval:
    """The true values the claim's displayed number allows (sign and threshold applied)."""
    quantity = claim.quantity
    if resolution is not None and resolution.threshold:
        return Interval(quantity.absolute, INF)
    interval = Interval.of(quantity.interval())
    if claim.indicator in _SIGNED and claim.direction == -1 and quantity.value > 0:
        interval = -interval
    return interval


def _truncation_interval(claim: Claim, resolution: Resolution) -> Interval | None:
    """A round level ("200 billion") read as truncated: [200, 300) billion (DOMAIN §16.2)."""
    quantity = claim.quantity
    if (
        resolution.threshold
        or quantity.qualifier is not None
        or quantity.decimals > 0
        or claim.indicator not in ("value", "count")
        or quantity.value <= 0
    ):
        return None
    digits = str(int(quantity.value))
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return None
    step = Decimal(1).scaleb(zeros + quantity.power)
    return Interval(
        quantity.absolute, quantity.absolute + step - Decimal(1).scaleb(quantity.power - 6)
    )


# -- computing the figure ------------------------------------------------------------------------
def _run(session: QuerySession, lookup: Lookup, cache: dict[str, Any]) -> tuple[Any, Any]:
    """The query's result and the row holding the figure (queries are cached per run)."""
    key = repr(sorted((k, repr(v)) for k, v in lookup.request.items()))
    if key not in cache:
        request = {k: v for k, v in lookup.request.items() if v is not None}
        cache[key] = session.query(**request)
    result = cache[key]
    rows = result.rows()
    if lookup.row_key is not None:
        level, code = lookup.row_key
        rows = [r for r in rows if str(r.get(level)) == code]
        if not rows:
            raise _NoFigure(f"the warehouse has no row {level}={code} for this figure")
    if len(rows) != 1:
        raise _NoFigure(f"the query gives {len(rows)} rows where one was expected")
    return result, rows[0]


def _number(row: dict[str, Any], column: str) -> Decimal:
    value = row.get(column)
    if value is None:
        note = row.get(f"{column}_note") or "the figure is not defined"
        raise _NoFigure(f"{column}: {note}")
    return Decimal(value)


def _compute(
    session: QuerySession, resolution: Resolution, cache: dict[str, Any]
) -> tuple[Decimal, Evidence]:
    lookup = resolution.lookup
    if resolution.first_time:
        lookup = _with_base(lookup)
    result, row = _run(session, lookup, cache)
    actual = _number(row, lookup.column)
    arithmetic = f"{lookup.column} = {_plain(actual)}"
    notes: list[str] = list(result.provenance.notes) + list(resolution.notes)
    if resolution.reference is not None:
        ref_result, ref_row = _run(session, resolution.reference, cache)
        other = _number(ref_row, resolution.reference.column)
        if resolution.combine == "difference":
            arithmetic = f"{_plain(actual)} - {_plain(other)} (national) = {_plain(actual - other)}"
            actual = actual - other
        else:
            if other == 0:
                raise _NoFigure("the national figure is zero: no share")
            share = actual / other * 100
            arithmetic = f"{_plain(actual)} / {_plain(other)} (national) × 100 = {_plain(share)}"
            actual = share
        notes.append(f"reference figure from: {ref_result.provenance.query}")
    if resolution.first_time:
        base = _number(row, lookup.column + "_base")
        arithmetic += f"; the same period a year earlier: {_plain(base)}"
        notes.append("'for the first time' checked against the same period a year earlier only")
        if base >= resolution.claim.quantity.absolute:
            raise _NotFirstTime(
                f"not the first time: the same period a year earlier was "
                f"{_show(base, resolution.claim)}, already at or above "
                f"{_show(resolution.claim.quantity.absolute, resolution.claim)}"
            )
    return actual, _evidence(resolution.reading, result, actual, arithmetic, notes)


def _with_base(lookup: Lookup) -> Lookup:
    request = dict(lookup.request)
    if lookup.column.endswith("_share"):
        request["indicators"] = "share,share_base"
    return dataclasses.replace(lookup, request=request)


def _evidence(
    reading: str, result: Any, actual: Decimal, arithmetic: str, notes: Sequence[str]
) -> Evidence:
    provenance = result.provenance
    return Evidence(
        description=reading,
        value=actual,
        arithmetic=arithmetic,
        sql=provenance.sql,
        vintage=str(provenance.vintage) if provenance.vintage else None,
        dataset=provenance.dataset,
        warehouse=str(provenance.warehouse),
        query=provenance.query,
        is_sample=provenance.is_sample,
        notes=tuple(dict.fromkeys(notes)),
    )


def _with_interval(
    evidence: Evidence, interval: Interval, actual: Decimal, claim: Claim
) -> Evidence:
    inside = "inside" if interval.contains(actual) else "outside"
    return dataclasses.replace(
        evidence,
        interval=interval,
        arithmetic=f"{evidence.arithmetic}; {_show(actual, claim)} is {inside} "
        f"{_show_interval(interval, claim)}",
    )


def _supported(
    claim: Claim,
    resolution: Resolution,
    actual: Decimal,
    stated: Interval,
    evidence: Evidence,
    session: QuerySession,
    cache: dict[str, Any],
) -> Verdict:
    qualifier = claim.quantity.qualifier
    if resolution.threshold:
        detail, how = "lower bound", f"at or above {_show(claim.quantity.absolute, claim)}"
    elif qualifier in ("over", "under"):
        detail = "lower bound" if qualifier == "over" else "upper bound"
        how = f"within {_show_interval(stated, claim)}"
    elif qualifier in ("nearly", "about"):
        detail, how = "approximate", f"within {_show_interval(stated, claim)}"
    else:
        detail = "exact" if actual == claim_point(claim) else "rounding"
        how = f"which displays as {claim.surface!r} (interval {_show_interval(stated, claim)})"
    return Verdict(
        claim.id,
        "supported",
        f"the warehouse gives {_show(actual, claim)} for {resolution.reading}, {how}",
        "warehouse",
        detail=detail,
        evidence=(_with_interval(evidence, stated, actual, claim),),
    )


# -- alternative readings ------------------------------------------------------------------------
def _alternative(
    session: QuerySession, claim: Claim, cache: dict[str, Any]
) -> tuple[str, Decimal, Evidence] | None:
    by_month = _membership_reading(session, claim)
    if by_month is not None:
        return by_month
    for label, other in _readings(claim):
        try:
            resolution = resolve(other)
            actual, evidence = _compute(session, resolution, cache)
        except (TradestatError, _NoFigure, _NotFirstTime):
            continue
        stated = stated_interval(other, resolution)
        if stated.contains(actual):
            return label, actual, _with_interval(evidence, stated, actual, other)
    return None


def _readings(claim: Claim) -> list[tuple[str, Claim]]:
    out: list[tuple[str, Claim]] = []
    period = claim.period
    if period is not None and claim.indicator not in ("multi_period_growth",):
        if period.is_cumulative and period.month_count > 1 and period.start_month == 1:
            month = Period.month(period.year_of_end, period.end_month)
            out.append(
                (
                    "month instead of year-to-date: " + format_period(month),
                    dataclasses.replace(claim, period=month),
                )
            )
        elif period.month_count == 1 and period.end_month > 1:
            ytd = Period.ytd(period.year_of_end, period.end_month)
            out.append(
                (
                    "year-to-date instead of month: " + format_period(ytd),
                    dataclasses.replace(claim, period=ytd),
                )
            )
    if claim.indicator in ("value", "yoy", "threshold"):
        if claim.flow == "total" and "flow" not in claim.slice:
            out.extend(
                (f"{flow}s instead of the total", dataclasses.replace(claim, flow=flow))
                for flow in ("export", "import")
            )
        elif claim.flow in ("export", "import"):
            out.append(
                (f"the total instead of {claim.flow}s", dataclasses.replace(claim, flow="total"))
            )
    return out


def _membership_reading(
    session: QuerySession, claim: Claim
) -> tuple[str, Decimal, Evidence] | None:
    try:
        computed = group_by_month(session, claim)
    except (TradestatError, KeyError, TypeError):
        return None
    if computed is None:
        return None
    actual, arithmetic, sql = computed
    stated = stated_interval(claim)
    if not stated.contains(actual):
        return None
    group = claim.slice["partner_group"]
    label = f"{group} counted month by month with the members of each month"
    evidence = Evidence(
        description=label, value=actual, interval=stated, arithmetic=arithmetic, sql=sql
    )
    return label, actual, evidence


# -- display -------------------------------------------------------------------------------------
_SCALE_WORDS = {12: "trillion", 9: "billion", 8: "亿", 6: "million", 4: "万", 3: "thousand"}


def _show(value: Decimal, claim: Claim, *, signed: bool = False) -> str:
    """A base-unit number in the claim's own scale and unit, two digits beyond its precision."""
    quantity = claim.quantity
    if value.is_infinite():
        return "unbounded"
    scaled = value.scaleb(-quantity.power)
    digits = max(quantity.decimals + 2, 1) if claim.indicator != "rank" else 0
    text = f"{scaled:{'+' if signed else ''},.{digits}f}"
    word = _SCALE_WORDS.get(quantity.power, f"e{quantity.power}" if quantity.power else "")
    unit = {
        "CNY": "yuan",
        "USD": "US dollars",
        "percent": "%",
        "pp": "pp",
        "count": "",
        "rank": "",
        "ratio": "",
    }[quantity.unit]
    if unit in ("%", "pp"):
        return f"{text}{' ' + word if word else ''} {unit}".replace(" %", "%")
    return " ".join(p for p in (text, word, unit) if p)


def _show_interval(interval: Interval, claim: Claim) -> str:
    high = "unbounded" if interval.high.is_infinite() else _show(interval.high, claim)
    return f"[{_show(interval.low, claim)}, {high}]"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else f"{value:.6f}"


def _first_line(exc: TradestatError) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
