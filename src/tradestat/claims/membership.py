"""A country group counted month by month, for groups whose membership changed.

The query layer applies a group's membership at the end of the period to both periods (a
comparable basis). A release may instead count each month with the members of that month —
ASEAN with Timor-Leste only from its accession in October 2025 — and a claim computed that way
differs by a fraction of a percent. This module rebuilds that reading from per-month, per-partner
query results (no SQL of its own) so the verifier can name it when it is the one that holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from tradestat.claims.claim import Claim
from tradestat.indicators import share, yoy
from tradestat.periods import Period


def monthly_members(session: Any, group: str,
                    months: tuple[int, ...]) -> Mapping[str, frozenset[int]] | None:
    """Partner code → months of membership, or None when the model cannot say."""
    try:
        source = session.model.level("partner_group").group_source()
        return source.months_by_partner(group, list(months))
    except (AttributeError, KeyError, LookupError):
        return None


def changed(members: Mapping[str, frozenset[int]], months: tuple[int, ...]) -> bool:
    """True when some partner was a member in only part of ``months``."""
    return any(len(held) != len(months) for held in members.values())


def _sum_members(session: Any, claim: Claim, period: Period,
                 members: Mapping[str, frozenset[int]]) -> tuple[Decimal, str]:
    rest = {k: v for k, v in claim.slice.items() if k not in ("partner_group", "flow")}
    request: dict[str, Any] = {
        "period": period, "region": claim.region, "by": "month,partner", "compare": "none",
        "where": {**rest, "partner": ",".join(sorted(members))}}
    if claim.flow != "total":
        request["flow"] = claim.flow
    result = session.query(**request)
    total = sum((Decimal(row["value_cny"]) for row in result.rows()
                 if row["month"] in members.get(str(row["partner"]), ())), Decimal(0))
    return total, result.provenance.sql


def _region_total(session: Any, claim: Claim) -> Decimal:
    rest = {k: v for k, v in claim.slice.items() if k not in ("partner_group", "flow")}
    request: dict[str, Any] = {"period": claim.period, "region": claim.region,
                               "compare": "none"}
    if rest:
        request["where"] = rest
    if claim.flow != "total":
        request["flow"] = claim.flow
    return Decimal(session.query(**request).value("value_cny"))


def group_by_month(session: Any, claim: Claim) -> tuple[Decimal, str, str] | None:
    """The claim's figure with month-by-month membership: (value, arithmetic, SQL), or None.

    None when the claim is not about a country group, its indicator is not a value, growth or
    share, or the membership did not change over the period and its base.
    """
    group = claim.slice.get("partner_group")
    if group is None or claim.period is None or claim.indicator not in ("value", "yoy", "share"):
        return None
    if claim.quantity.unit == "USD":
        return None
    period, base = claim.period, claim.period.previous_year()
    months = tuple(period.months()) + tuple(base.months())
    members = monthly_members(session, group, months)
    if not members or not changed(members, months):
        return None
    current, sql = _sum_members(session, claim, period, members)
    if claim.indicator == "value":
        return current, f"Σ months of {period} with each month's {group} members = {current}", sql
    if claim.indicator == "yoy":
        previous, _ = _sum_members(session, claim, base, members)
        growth = yoy(current, previous)
        if growth.value is None:
            return None
        return growth.value, f"{group} month by month: {growth.formula}", sql
    whole = _region_total(session, claim)
    part = share(current, whole)
    if part.value is None:
        return None
    return part.value, f"{group} month by month: {part.formula}", sql
