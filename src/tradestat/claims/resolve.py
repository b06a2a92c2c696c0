"""Claim → query-layer request: which figure of the warehouse would prove or refute a claim.

The resolver only translates slots into ``Session.query`` keyword arguments and says which
column (and, for rankings, which row) holds the number to compare; it never writes SQL. A claim
whose slots do not determine one figure (no region, no period, a share of nothing) is
``Unresolvable`` with the reason, so the verifier can answer "unverifiable" honestly instead of
guessing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from tradestat.claims.claim import Claim
from tradestat.errors import TradestatError
from tradestat.periods import Period, format_period

COUNT_MEASURES = ("partners", "enterprises", "products")
MONEY_MEASURES = ("value_cny", "value_usd")
NATIONAL = "CN"


class Unresolvable(TradestatError):
    """The claim's slots do not name one figure the query layer can compute.

    ``detail`` is a short label of the reason ("port basis") for tables and tests.
    """

    def __init__(self, message: str, *, hint: str | None = None, detail: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.detail = detail


@dataclass(frozen=True)
class Lookup:
    """One query and where its number is: ``column`` of the row where ``row_key`` matches."""

    request: dict[str, Any]
    column: str
    row_key: tuple[str, str] | None = None


@dataclass(frozen=True)
class Resolution:
    """How to compute a claim's figure: one lookup, or two combined (a gap, a national share)."""

    claim: Claim
    reading: str  # in words: what is computed
    lookup: Lookup
    reference: Lookup | None = None  # the second figure of a gap or a ratio
    combine: str | None = None  # "difference" | "ratio_percent" | None
    threshold: bool = False  # the stated number is a floor crossed
    first_time: bool = False  # "for the first time": the base period was below it
    notes: tuple[str, ...] = field(default_factory=tuple)


def resolve(claim: Claim) -> Resolution:
    """The computation that checks ``claim``; raises :class:`Unresolvable` with the reason."""
    if claim.about != "trade":
        raise Unresolvable(f"the figure measures {claim.about}, not foreign trade in goods")
    if claim.region_basis != "registered":
        raise Unresolvable(
            f"the figure counts trade on a port / customs-district basis ({claim.unresolved!r}): "
            "goods passing through the region's ports, other provinces' transit included; the "
            "warehouse's regional figures are by the trader's registered location, another "
            "basis (DOMAIN §4), so they cannot check it",
            detail="port basis",
        )
    if claim.unresolved:
        raise Unresolvable(
            f"the figure is about {claim.unresolved!r}, which no member of the model matches"
        )
    if claim.region is None:
        raise Unresolvable("the text does not say which region the figure is for")
    if claim.period is None:
        raise Unresolvable(
            "the text gives no period that can be resolved"
            + (f" ({claim.period_surface!r})" if claim.period_surface else "")
        )
    handler = _HANDLERS.get(claim.indicator)
    if handler is None:
        raise Unresolvable(f"no warehouse check for the indicator {claim.indicator!r}")
    return handler(claim)


def describe(claim: Claim) -> str:
    """ "value_cny · region 65 · 2025 · export · partner_group=ASEAN" for evidence and reasons."""
    parts = [claim.indicator, f"region {claim.region}"]
    if claim.period is not None:
        parts.append(format_period(claim.period))
    if claim.flow != "total":
        parts.append(claim.flow)
    parts.extend(f"{k}={v}" for k, v in sorted(_slice(claim).items()))
    return " · ".join(parts)


def with_period(claim: Claim, period: Period) -> Claim:
    return dataclasses.replace(claim, period=period)


def with_flow(claim: Claim, flow: str) -> Claim:
    return dataclasses.replace(claim, flow=flow)


# -- helpers ------------------------------------------------------------------------------------
def _slice(claim: Claim) -> dict[str, str]:
    return {k: v for k, v in claim.slice.items() if k != "flow"}


def _flow(claim: Claim) -> str | None:
    flow = claim.slice.get("flow", claim.flow)
    return None if flow == "total" else flow


def _base_request(claim: Claim, measure: str, indicators: str = "") -> dict[str, Any]:
    request: dict[str, Any] = {
        "period": claim.period,
        "region": claim.region,
        "measures": measure,
        "flow": _flow(claim),
    }
    if _slice(claim):
        request["where"] = _slice(claim)
    if indicators:
        request["indicators"] = indicators
    return request


def _money_measure(claim: Claim) -> str:
    if claim.quantity.unit == "USD":
        return "value_usd"
    if claim.measure in COUNT_MEASURES:
        return claim.measure
    return "value_cny"


def _count_measure(claim: Claim) -> str:
    if claim.measure in COUNT_MEASURES:
        return claim.measure
    sentence = claim.sentence.lower()
    if "countr" in sentence or "国家" in sentence or "partner" in sentence:
        return "partners"
    if "enterprise" in sentence or "compan" in sentence or "firm" in sentence or "企业" in sentence:
        return "enterprises"
    raise Unresolvable("the count does not say what is counted (partners or enterprises)")


def _reading(claim: Claim, what: str) -> str:
    return f"{what} ({describe(claim)})"


# -- one handler per indicator -------------------------------------------------------------------
def _value(claim: Claim) -> Resolution:
    if claim.quantity.unit not in ("CNY", "USD", "count"):
        raise Unresolvable(f"a level stated in {claim.quantity.unit!r} cannot be a trade value")
    measure = _money_measure(claim) if claim.quantity.unit != "count" else _count_measure(claim)
    return Resolution(
        claim, _reading(claim, measure), Lookup(_base_request(claim, measure), measure)
    )


def _count(claim: Claim) -> Resolution:
    measure = _count_measure(claim)
    return Resolution(
        claim, _reading(claim, measure), Lookup(_base_request(claim, measure), measure)
    )


def _yoy(claim: Claim) -> Resolution:
    measure = claim.measure if claim.measure in COUNT_MEASURES + MONEY_MEASURES else "value_cny"
    lookup = Lookup(_base_request(claim, measure, "yoy"), f"{measure}_yoy")
    return Resolution(claim, _reading(claim, f"growth of {measure}, percent"), lookup)


def _multi_period_growth(claim: Claim) -> Resolution:
    if claim.period is not None and len(claim.period.years) < 2:
        raise Unresolvable("a multi-period growth needs a period of several years")
    return _yoy(claim)


def _share_lookup(claim: Claim, column: str, indicators: str) -> Lookup:
    if claim.denominator == "national":
        raise Unresolvable("internal: national shares are a ratio of two lookups")
    if not _slice(claim):
        if _flow(claim) is None:
            raise Unresolvable(
                "a share of the whole total says nothing to check; the text does not name the part"
            )
        request = _base_request(
            dataclasses.replace(claim, flow="total", slice={}), "value_cny", indicators
        )
        request["by"] = "flow"
        return Lookup(request, column, ("flow", str(_flow(claim))))
    return Lookup(_base_request(claim, "value_cny", indicators), column)


def _share(claim: Claim) -> Resolution:
    if claim.quantity.unit not in ("percent", "ratio"):
        raise Unresolvable(f"a share stated in {claim.quantity.unit!r} is not a percentage")
    if claim.denominator == "national":
        part = Lookup(_base_request(claim, "value_cny"), "value_cny")
        whole = dataclasses.replace(claim, region=NATIONAL)
        return Resolution(
            claim,
            _reading(claim, "share of the national figure, percent"),
            part,
            Lookup(_base_request(whole, "value_cny"), "value_cny"),
            "ratio_percent",
        )
    lookup = _share_lookup(claim, "value_cny_share", "share")
    whole = "the flow's total" if _flow(claim) else "the region's total"
    return Resolution(claim, _reading(claim, f"share of {whole}, percent"), lookup)


def _share_change(claim: Claim) -> Resolution:
    lookup = _share_lookup(claim, "value_cny_share_change", "share_change")
    return Resolution(claim, _reading(claim, "change of share, percentage points"), lookup)


def _contribution(claim: Claim) -> Resolution:
    lookup = _share_lookup(claim, "value_cny_contribution", "contribution")
    return Resolution(claim, _reading(claim, "contribution to growth, percentage points"), lookup)


def _contribution_rate(claim: Claim) -> Resolution:
    """贡献率: the part's change as a percent of the total's change (DOMAIN §3.1), not 拉动."""
    lookup = _share_lookup(claim, "value_cny_contribution_rate", "contribution_rate")
    return Resolution(
        claim, _reading(claim, "contribution rate: part's change / total's change, percent"), lookup
    )


def _gap(claim: Claim) -> Resolution:
    if claim.reference == "earlier_period":
        raise Unresolvable(
            "a change of the growth rate against an earlier period's rate (降幅较…收窄, 'the "
            "decline narrowed'): the earlier period is not kept with the claim, so the warehouse "
            "cannot compute the reference rate",
            detail="earlier-period rate",
        )
    if claim.reference not in (None, "national"):
        raise Unresolvable(f"a gap to {claim.reference!r} has no reference the warehouse knows")
    if claim.region == NATIONAL:
        raise Unresolvable("a gap of the nation to itself")
    region = Lookup(_base_request(claim, "value_cny", "yoy"), "value_cny_yoy")
    national = Lookup(
        _base_request(dataclasses.replace(claim, region=NATIONAL), "value_cny", "yoy"),
        "value_cny_yoy",
    )
    return Resolution(
        claim,
        _reading(claim, "growth minus national growth, percentage points"),
        region,
        national,
        "difference",
    )


def _rank(claim: Claim) -> Resolution:
    if claim.reference == "partners":
        return _partner_rank(claim)
    if claim.region == NATIONAL:
        raise Unresolvable("the nation has no rank among provinces")
    # The extractor decides from the words nearest the rank (claims.extract.frames):
    # "增速居全国第一" is by growth, "规模居全国首位" by value, whatever else the sentence says.
    of_growth = claim.measure.endswith("_yoy") or claim.measure == "yoy"
    column = "value_cny_rank_yoy" if of_growth else "value_cny_rank"
    request = {
        "period": claim.period,
        "by": "province",
        "flow": _flow(claim),
        "indicators": "yoy,rank_yoy" if of_growth else "rank",
    }
    if _slice(claim):
        request["where"] = _slice(claim)
    what = "rank by growth among provinces" if of_growth else "rank by value among provinces"
    return Resolution(
        claim, _reading(claim, what), Lookup(request, column, ("province", str(claim.region)))
    )


def _partner_rank(claim: Claim) -> Resolution:
    """ "Kazakhstan was the largest partner": the partner's rank among the region's partners.

    Never the region's rank among provinces for that partner's trade, which answers another
    question and would support "Viet Nam was the largest partner" wherever no other province
    trades with Viet Nam.
    """
    partner = claim.slice.get("partner")
    if partner is None:
        raise Unresolvable("a rank among trading partners that names no partner")
    rest = {k: v for k, v in _slice(claim).items() if k != "partner"}
    request: dict[str, Any] = {
        "period": claim.period,
        "region": claim.region,
        "by": "partner",
        "flow": _flow(claim),
        "indicators": "rank",
    }
    if rest:
        request["where"] = rest
    return Resolution(
        claim,
        _reading(claim, "rank by value among the region's partners"),
        Lookup(request, "value_cny_rank", ("partner", str(partner))),
    )


def _threshold(claim: Claim) -> Resolution:
    if claim.quantity.unit in ("percent", "ratio"):
        base = _share(dataclasses.replace(claim, indicator="share"))
    else:
        base = _value(dataclasses.replace(claim, indicator="value"))
    return dataclasses.replace(
        base,
        claim=claim,
        threshold=True,
        first_time="first_time" in claim.qualifiers or claim.quantity.qualifier == "first_time",
    )


_HANDLERS = {
    "value": _value,
    "count": _count,
    "yoy": _yoy,
    "multi_period_growth": _multi_period_growth,
    "share": _share,
    "share_change": _share_change,
    "contribution": _contribution,
    "contribution_rate": _contribution_rate,
    "gap": _gap,
    "rank": _rank,
    "threshold": _threshold,
}
