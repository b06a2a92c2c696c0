"""Asking the query layer for a bulletin's figures, and remembering where each came from.

A bulletin needs a few dozen aggregates of the same records. They are asked in one batch
(``Session.query_many``, which shares scans); the few that may legitimately be impossible — a
ranking when the warehouse holds no other regions, the nation's figure, a five-year-plan base the
data does not reach — are *optional* and asked one by one, so that their refusal becomes a
sentence in the bulletin ("no regional data to rank against") instead of failing the release.
A refusal of a core figure (the period not covered, the region absent) is an error for the user.

Every answer keeps its ``Result`` (with provenance); ``Answers.source`` turns it into the
appendix entry that every printed figure links to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradestat.bulletin.document import Figure, Source
from tradestat.errors import TradestatError
from tradestat.query.result import Result


@dataclass(frozen=True)
class Ask:
    """One question: a key for the builder, the request, and what it asks in both languages."""

    key: str
    request: dict[str, Any]
    label: dict[str, str]
    optional: bool = False


@dataclass
class Answers:
    """Results by key, refusals of optional asks by key, and the appendix ids given out."""

    asks: dict[str, Ask]
    results: dict[str, Result]
    refusals: dict[str, TradestatError]
    _ids: dict[str, str] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return key in self.results

    def result(self, key: str) -> Result:
        return self.results[key]

    def rows(self, key: str) -> list[dict[str, Any]]:
        return self.results[key].rows() if key in self.results else []

    def row(self, key: str, **match: str) -> dict[str, Any] | None:
        """The first row whose columns equal ``match`` (no match: the first row), or None."""
        for row in self.rows(key):
            if all(str(row.get(k)) == str(v) for k, v in match.items()):
                return row
        return None

    def why_not(self, key: str) -> str:
        """The query layer's reason an optional figure is absent, for the bulletin's wording."""
        error = self.refusals.get(key)
        return error.message if error is not None else "not asked"

    def source_id(self, key: str) -> str:
        """The appendix id of a result ("Q3"), given out in the order figures are first used."""
        if key not in self._ids:
            self._ids[key] = f"Q{len(self._ids) + 1}"
        return self._ids[key]

    def figure(self, key: str, text: str, title: str | None = None) -> Figure:
        """A printed number that links to the query ``key`` in the appendix."""
        return Figure(text=text, source=self.source_id(key), title=title)

    def sources(self, lang: str) -> tuple[Source, ...]:
        """Appendix entries for every result a figure used, in order of first use."""
        out = []
        for key, sid in sorted(self._ids.items(), key=lambda kv: int(kv[1][1:])):
            result = self.results[key]
            p = result.provenance
            out.append(Source(
                id=sid, label=self.asks[key].label[lang],
                query=_plain(self.asks[key].request), sql=p.sql, dataset=p.dataset,
                vintage=p.vintage.isoformat() if p.vintage else None,
                load_ids=tuple(p.load_ids), notes=tuple(p.notes)))
        return tuple(out)

    def vintage(self) -> str | None:
        """The latest vintage among all answers (the data the bulletin stands on)."""
        dates = [r.provenance.vintage for r in self.results.values() if r.provenance.vintage]
        return max(dates).isoformat() if dates else None

    def is_sample(self) -> bool:
        return any(r.is_sample for r in self.results.values())


def ask_all(query_many: Callable[[Sequence[dict[str, Any]]], list[Result]],
            query_one: Callable[..., Result], asks: Iterable[Ask],
            progress: Callable[[str], None] | None = None) -> Answers:
    """Answer the core asks in one batch and each optional ask on its own.

    When the batch is refused as a whole (a region whose data have no partner or product
    breakdown, say), the core asks are retried one by one so that each refusal is kept with
    its own reason and the rest of the release can still be written.
    """
    asks = list(asks)
    by_key = {a.key: a for a in asks}
    if len(by_key) != len(asks):
        raise ValueError("ask keys must be unique")
    core = [a for a in asks if not a.optional]
    results: dict[str, Result] = {}
    refusals: dict[str, TradestatError] = {}
    if progress:
        progress(f"{len(core)} figures in one batch")
    try:
        results.update(zip((a.key for a in core), query_many([a.request for a in core]),
                           strict=True))
        singles = [a for a in asks if a.optional]
    except TradestatError:
        singles = asks
    for ask in singles:
        if progress:
            progress(ask.key)
        try:
            results[ask.key] = query_one(**ask.request)
        except TradestatError as error:
            refusals[ask.key] = error
    return Answers(by_key, results, refusals)


def _plain(request: dict[str, Any]) -> dict[str, Any]:
    """The request as JSON-safe values (periods and decimals as text)."""
    return json.loads(json.dumps(request, default=str))


def number(row: dict[str, Any] | None, column: str) -> Decimal | None:
    """A Decimal from a result row, or None when the row or value is absent."""
    if row is None or row.get(column) is None:
        return None
    return Decimal(row[column])
