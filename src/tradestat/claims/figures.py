"""A store of published figures, for checks across texts (``tradestat figures add``).

A DuckDB file (by default ``figures.duckdb`` beside the warehouse) keeps every claim of every
text added, with the text's name, publication date and URL. A new text is then checked against
what was published before:

- the same figure at two precisions (520.37 vs 520.4 billion) must agree within rounding;
- two dollar conversions of the same yuan figure (74.6 vs 74.7 billion) are explained by the
  conversion date when the yuan figures agree and the implied rates differ only slightly;
- a growth rate against the base-period level published a year earlier: the implied base
  level / (1 + growth) should match it; a gap of a few percent is flagged "revision or error"
  (customs revises, DOMAIN §1.3), a larger one is a contradiction;
- cumulative figures rise through the year (a later year-to-date equal to an earlier one is
  the trap of a Jan-Nov figure passed off as the full year, DOMAIN §16.5).

``series(region)`` rebuilds the cumulative and monthly series from the stored releases and
shows the months no release covers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from tradestat.claims.claim import Claim, Document, Quantity
from tradestat.claims.interval import Interval
from tradestat.claims.verdict import Evidence, Verdict
from tradestat.errors import WarehouseError
from tradestat.periods import Period

DEFAULT_STORE = "figures.duckdb"
#: Relative gap between an implied base and the published base that revisions can explain:
#: DOMAIN §1.3 shows Xinjiang bases revised by up to 5.3 %.
REVISION_BAND = Decimal("0.06")
#: Dollar figures of the same yuan amount may differ this much from conversion dates alone.
CONVERSION_BAND = Decimal("0.02")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS figures (
    document VARCHAR, url VARCHAR, published VARCHAR, claim_id VARCHAR, indicator VARCHAR,
    region VARCHAR, period VARCHAR, flow VARCHAR, slice VARCHAR, measure VARCHAR,
    unit VARCHAR, value VARCHAR, decimals INTEGER, power INTEGER, qualifier VARCHAR,
    direction INTEGER, surface VARCHAR, converts VARCHAR, sentence VARCHAR
)
"""
_COLUMNS = ("document", "url", "published", "claim_id", "indicator", "region", "period", "flow",
            "slice", "measure", "unit", "value", "decimals", "power", "qualifier", "direction",
            "surface", "converts", "sentence")


@dataclass(frozen=True)
class Stored:
    """A claim as the store keeps it, with the text it came from."""

    document: str
    url: str | None
    published: str | None
    claim: Claim

    @property
    def source(self) -> str:
        return f"{self.document} ({self.published or 'undated'})"


@dataclass(frozen=True)
class SeriesPoint:
    """One month of a rebuilt series: cumulative and monthly figure, and where they came from."""

    month: int
    cumulative: Decimal | None
    monthly: Decimal | None
    note: str


class FigureStore:
    """Published figures in a DuckDB file; open with ``FigureStore(path)``."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise WarehouseError(f"no figures store at {self.path}",
                                 hint="add texts first: tradestat figures add FILE...")
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open the figures store {self.path}: {exc}") from exc
        if not read_only:
            self._con.execute(_SCHEMA)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> FigureStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------
    def add(self, document: Document, claims: Sequence[Claim]) -> int:
        """Store a text's claims (a text added again replaces its earlier figures)."""
        self._con.execute("DELETE FROM figures WHERE document = ?", [document.name])
        rows = [_row(document, c) for c in claims
                if c.about == "trade" and not c.unresolved and c.period is not None
                and c.region is not None]
        if rows:
            marks = ", ".join("?" for _ in _COLUMNS)
            self._con.executemany(f"INSERT INTO figures VALUES ({marks})", rows)
        return len(rows)

    # -- reading ---------------------------------------------------------------------------------
    def figures(self, *, region: str | None = None,
                exclude_document: str | None = None) -> list[Stored]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM figures WHERE 1 = 1"
        params: list[object] = []
        if region is not None:
            sql += " AND region = ?"
            params.append(region)
        if exclude_document is not None:
            sql += " AND document <> ?"
            params.append(exclude_document)
        try:
            rows = self._con.execute(sql + " ORDER BY published, document", params).fetchall()
        except duckdb.CatalogException:
            return []
        return [_stored(dict(zip(_COLUMNS, r, strict=True))) for r in rows]

    def documents(self) -> list[tuple[str, str | None, int]]:
        rows = self._con.execute("SELECT document, max(published), count(*) FROM figures "
                                 "GROUP BY document ORDER BY 2, 1").fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    # -- checks ----------------------------------------------------------------------------------
    def check(self, document: Document, claims: Sequence[Claim]) -> list[Verdict]:
        """Cross-text verdicts for ``claims`` against every other stored text."""
        others = self.figures(exclude_document=document.name)
        # A growth rate usually stands beside its own level ("236亿元，同比增长18%"): the text's
        # own levels come first when the base is implied, other texts' after.
        own = [Stored(document.name, document.url, document.published, c) for c in claims]
        verdicts: list[Verdict] = []
        for claim in claims:
            if claim.about != "trade" or claim.unresolved or claim.period is None:
                continue
            verdicts.extend(_same_figure(document, claim, others))
            verdicts.extend(_growth_vs_base(claim, others, own))
            verdicts.extend(_cumulative(claim, others))
        return verdicts

    def series(self, region: str, *, flow: str = "total", unit: str = "CNY") -> list[SeriesPoint]:
        """Cumulative and monthly figures per month rebuilt from the stored releases.

        A month's cumulative is the latest-published year-to-date value ending there; a monthly
        value is published directly or is the difference of consecutive cumulatives (which
        revisions make approximate, DOMAIN §16.16). Months with neither are gaps.
        """
        cumulative: dict[int, tuple[Decimal, Stored]] = {}
        monthly: dict[int, tuple[Decimal, Stored]] = {}
        for item in self.figures(region=region):
            claim = item.claim
            if (claim.indicator != "value" or claim.flow != flow or claim.slice
                    or claim.quantity.unit != unit or claim.converts or claim.period is None
                    or claim.quantity.qualifier is not None):
                continue
            period, value = claim.period, claim.quantity.absolute
            target = None
            if period.month_count == 1:
                target = monthly
            elif period.is_cumulative and period.start_month == 1 and len(period.years) == 1:
                target = cumulative
            if target is not None:
                previous = target.get(period.end)
                if previous is None or (item.published or "") >= (previous[1].published or ""):
                    target[period.end] = (value, item)
        return list(_points(cumulative, monthly))


def _points(cumulative: dict[int, tuple[Decimal, Stored]],
            monthly: dict[int, tuple[Decimal, Stored]]) -> Iterator[SeriesPoint]:
    months = sorted(set(cumulative) | set(monthly))
    if not months:
        return
    years = range(months[0] // 100, months[-1] // 100 + 1)
    for year in years:
        last_month = max((m % 100 for m in months if m // 100 == year), default=0)
        for mon in range(1, last_month + 1):
            month = year * 100 + mon
            cum = cumulative.get(month)
            single = monthly.get(month)
            before = cumulative.get(month - 1) if mon > 1 else None
            notes = []
            value_month = single[0] if single else None
            if single:
                notes.append(f"month published ({single[1].source})")
            elif cum and mon == 1:
                value_month = cum[0]
                notes.append("January = cumulative")
            elif cum and before:
                value_month = cum[0] - before[0]
                notes.append("difference of cumulatives")
            if cum:
                notes.append(f"cumulative from {cum[1].source}")
            if cum is None and single is None:
                notes.append("gap: no release covers this month"
                             + (" (January and February are released together)"
                                if mon == 1 else ""))
            yield SeriesPoint(month, cum[0] if cum else None, value_month, "; ".join(notes))


# -- cross-text checks ---------------------------------------------------------------------------
def _interval(claim: Claim) -> Interval:
    interval = Interval.of(claim.quantity.interval())
    if claim.indicator == "yoy" and claim.direction == -1 and claim.quantity.value > 0:
        interval = -interval
    return interval


def _same_key(a: Claim, b: Claim, *, period: Period | None = None) -> bool:
    return (a.region == b.region and (period or a.period) == b.period and a.flow == b.flow
            and a.slice == b.slice and a.quantity.unit == b.quantity.unit
            and a.measure == b.measure)


def _same_figure(document: Document, claim: Claim, others: list[Stored]) -> list[Verdict]:
    if claim.indicator not in ("value", "yoy", "share") or claim.quantity.qualifier:
        return []
    out = []
    for item in others:
        other = item.claim
        if other.indicator != claim.indicator or not _same_key(claim, other):
            continue
        if other.quantity.qualifier or bool(other.converts) != bool(claim.converts):
            continue
        mine, theirs = _interval(claim), _interval(other)
        arithmetic = f"{claim.surface} ∈ {mine.show()} vs {other.surface} ∈ {theirs.show()}"
        evidence = (Evidence(f"{other.surface} in {item.source}", interval=theirs,
                             arithmetic=arithmetic, source=item.url or item.document),)
        if mine.overlaps(theirs) and claim.converts and (
                claim.quantity.absolute != other.quantity.absolute):
            out.append(Verdict(claim.id, "supported",
                               f"{claim.surface!r} vs {other.surface!r} in {item.source}: dollar "
                               "conversions of one yuan figure, made on different dates "
                               f"({document.published or 'undated'} vs "
                               f"{item.published or 'undated'}); they agree within rounding and "
                               "the difference is explained by the conversion date", "figures",
                               detail="conversion date", evidence=evidence))
            continue
        if mine.overlaps(theirs):
            out.append(Verdict(claim.id, "supported",
                               f"{claim.surface!r} agrees with {other.surface!r} published in "
                               f"{item.source} (the same figure at another precision)",
                               "figures", detail="same figure", evidence=evidence))
            continue
        gap = mine.distance(theirs) / max(abs(other.quantity.absolute), Decimal(1))
        if claim.converts and gap <= CONVERSION_BAND:
            out.append(Verdict(claim.id, "supported",
                               f"{claim.surface!r} vs {other.surface!r} in {item.source}: dollar "
                               f"conversions of the same yuan figure made on different dates "
                               f"({document.published or 'undated'} vs "
                               f"{item.published or 'undated'}); a difference of "
                               f"{gap * 100:.2f}% is explained by the conversion date",
                               "figures", detail="conversion date", evidence=evidence))
        elif claim.indicator == "value" and gap <= REVISION_BAND:
            out.append(Verdict(claim.id, "unverifiable",
                               f"{claim.surface!r} differs from {other.surface!r} in "
                               f"{item.source} by {gap * 100:.1f}%: a revision or an error",
                               "figures", detail="revision or error", evidence=evidence))
        else:
            out.append(Verdict(claim.id, "contradicted",
                               f"{claim.surface!r} and {other.surface!r} ({item.source}) cannot "
                               "be the same figure", "figures", detail="revision or error",
                               evidence=evidence))
    return out


def _growth_vs_base(claim: Claim, others: list[Stored],
                    own: Sequence[Stored] = ()) -> list[Verdict]:
    """A growth rate against the level published for the base period (a year earlier).

    The current level is the text's own when it states one (``own``), else the latest other
    text's; the base level always comes from another text.
    """
    if claim.indicator != "yoy" or claim.period is None or claim.measure != "value_cny":
        return []
    base_period = claim.period.previous_year()
    levels = [i for i in [*others, *own] if i.claim.indicator == "value"
              and i.claim.quantity.unit == "CNY" and not i.claim.converts
              and not i.claim.quantity.qualifier and _level_key(claim, i.claim, claim.period)]
    bases = [i for i in others if i.claim.indicator == "value"
             and i.claim.quantity.unit == "CNY" and not i.claim.converts
             and not i.claim.quantity.qualifier and _level_key(claim, i.claim, base_period)]
    if not bases or not levels:
        return []
    level = levels[-1]
    base = bases[-1]
    factor = Interval.point(Decimal(1)) + _interval(claim).scale(Decimal("0.01"))
    try:
        implied = _interval(level.claim) / factor
    except ZeroDivisionError:
        return []
    published = _interval(base.claim)
    arithmetic = (f"{level.claim.surface} / (1 + {claim.signed_value}%) ∈ "
                  f"{_in_units(implied, base.claim)} vs {base.claim.surface} ∈ "
                  f"{_in_units(published, base.claim)}")
    evidence = (Evidence(f"base period level in {base.source}", interval=published,
                         arithmetic=arithmetic, source=base.url or base.document),)
    if implied.overlaps(published):
        return [Verdict(claim.id, "supported",
                        f"growth {claim.surface}% matches the base-period level "
                        f"{base.claim.surface} published in {base.source}", "figures",
                        detail="implied base", evidence=evidence)]
    gap = implied.distance(published) / base.claim.quantity.absolute
    verdict = "unverifiable" if gap <= REVISION_BAND else "contradicted"
    return [Verdict(claim.id, verdict,
                    f"growth {claim.surface}% implies a base period of "
                    f"{_in_units(implied, base.claim)}, {gap * 100:.1f}% away from "
                    f"{base.claim.surface} published in {base.source}: "
                    + ("a revision or an error" if verdict == "unverifiable"
                       else "too far for a revision"), "figures",
                    detail="revision or error", evidence=evidence)]


def _level_key(growth: Claim, level: Claim, period: Period) -> bool:
    return (level.region == growth.region and level.period == period
            and level.flow == growth.flow and level.slice == growth.slice)


def _cumulative(claim: Claim, others: list[Stored]) -> list[Verdict]:
    """Year-to-date levels of one year must rise with the end month."""
    period = claim.period
    if (claim.indicator != "value" or period is None or claim.quantity.qualifier
            or not (period.is_cumulative and period.start_month == 1 and len(period.years) == 1)):
        return []
    out = []
    mine = _interval(claim)
    for item in others:
        other = item.claim
        op = other.period
        if (other.indicator != "value" or op is None or other.quantity.qualifier
                or other.converts != claim.converts or op == period
                or not (op.is_cumulative and op.start_month == 1 and op.years == period.years)
                or not _same_key(claim, other, period=op)):
            continue
        theirs = _interval(other)
        earlier_is_mine = period.end < op.end
        low, high = (mine, theirs) if earlier_is_mine else (theirs, mine)
        if high.low > low.high:
            continue
        first, second = (claim, other) if earlier_is_mine else (other, claim)
        out.append(Verdict(claim.id, "contradicted",
                           f"the cumulative figure does not rise: {first.surface} for "
                           f"{first.period} and {second.surface} for {second.period} "
                           f"({item.source}); a later year-to-date figure cannot be equal or "
                           "smaller (a part-year figure passed off as a longer period?)",
                           "figures", detail="cumulative figure does not rise",
                           evidence=(Evidence(f"{other.surface} in {item.source}",
                                              interval=theirs, source=item.url or item.document),)))
    return out


def _in_units(interval: Interval, like: Claim) -> str:
    power = like.quantity.power
    return Interval(interval.low.scaleb(-power), interval.high.scaleb(-power)).show(
        like.quantity.decimals + 2)


# -- rows ----------------------------------------------------------------------------------------
def _row(document: Document, claim: Claim) -> tuple[object, ...]:
    q = claim.quantity
    return (document.name, document.url, document.published, claim.id, claim.indicator,
            claim.region, str(claim.period), claim.flow, json.dumps(claim.slice, sort_keys=True),
            claim.measure, q.unit, str(q.value), q.decimals, q.power, q.qualifier,
            claim.direction, q.surface, claim.converts, claim.sentence)


def _stored(row: dict[str, Any]) -> Stored:
    quantity = Quantity(str(row["surface"]), Decimal(str(row["value"])), row["unit"],
                        int(row["decimals"]), int(row["power"]), row["qualifier"])
    direction = row["direction"]
    claim = Claim(id=str(row["claim_id"]), indicator=row["indicator"], quantity=quantity,
                  span=(0, 0), sentence=str(row["sentence"] or ""), region=row["region"],
                  period=Period.parse(str(row["period"])), flow=row["flow"],
                  slice=json.loads(str(row["slice"])), measure=str(row["measure"]),
                  direction=int(direction) if direction is not None else None,
                  converts=row["converts"])
    return Stored(str(row["document"]), row["url"], row["published"], claim)
