"""Build the release for a region and period: ask, choose, write — in each language.

``build_bulletin`` is the one entry point: it resolves the region and period through the query
layer (so names in either language, "2025", "2025年1-5月" all work), asks every question in one
batch, and writes one ``Document`` per language from the same answers, so the English and Chinese
releases can never disagree on a figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from tradestat.bulletin.asks import OTHER_SCOPE, Scope, bulletin_asks
from tradestat.bulletin.document import Document, Section
from tradestat.bulletin.facts import Answers, ask_all
from tradestat.bulletin.phrases import text
from tradestat.bulletin.sections import SECTIONS
from tradestat.bulletin.writer import Writer
from tradestat.errors import QueryError, TradestatError

LANGS = ("en", "zh")


def resolve_scope(session: Any, region: str, period: str) -> Scope:
    """The region code and names and the period, as the query layer reads them."""
    query = session.build(region=region, period=period)
    if query.national or len(query.region) != 1:
        raise QueryError(f"a bulletin is written for one region, not {region!r}",
                         hint="pass one region code or name, e.g. --region 65")
    code = query.region[0]
    names = _region_names(session, code)
    history = session.full_years(code, through=query.period.year_of_end,
                                 region_basis=query.region_basis)
    return Scope(region=code, region_name=names, period=query.period, history=history)


def _region_names(session: Any, code: str) -> dict[str, str]:
    for level in ("province", "region"):
        member = session.model.level(level).members().get(code)
        if member is not None:
            return {"en": member.caption("en"), "zh": member.caption("zh")}
    return {"en": code, "zh": code}


def gather(session: Any, scope: Scope,
           progress: Callable[[str], None] | None = None) -> Answers:
    """Every figure of the release, asked once for all languages.

    The release reads one dataset for the region: the one the query layer chooses for the
    region's total. Its breakdowns then come from the same records, or are reported missing —
    never taken from another dataset that happens to hold some partners or products (a platform
    export filtered to a few partners would otherwise pass for the region's whole partner list).
    """
    asks = bulletin_asks(scope)
    try:
        total = session.query(**asks[0].request)
    except TradestatError:
        total = None
    dataset = total.provenance.dataset if total is not None else None
    if dataset:
        asks = [a if a.key in OTHER_SCOPE else replace(a, request={**a.request,
                                                                   "dataset": dataset})
                for a in asks]
    return ask_all(session.query_many, session.query, asks, progress)


def write(lang: str, answers: Answers, scope: Scope, model: Any,
          generated: dt.datetime | None = None) -> Document:
    """One language's document from the shared answers."""
    writer = Writer(lang=lang, answers=answers, model=model, scope=scope)
    sections: list[Section] = [build(writer) for build in SECTIONS]
    vintage = answers.vintage() or "?"
    datasets = sorted({r.provenance.dataset for r in answers.results.values()
                       if r.provenance.dataset})
    notes = [text(lang, "note.basis"), text(lang, "note.groups"),
             text(lang, "note.vintage", vintage=vintage, datasets=", ".join(datasets))]
    approximate = _approximate_groups(writer)
    if approximate:
        notes.append(text(lang, "note.approx", groups=("、" if lang == "zh" else ", ")
                          .join(approximate)))
    is_sample = answers.is_sample()
    period_text = writer.period()
    return Document(
        lang=lang,  # type: ignore[arg-type]
        title=text(lang, "title", region=writer.region, period=period_text),
        subtitle=f"{writer.region} · {period_text} · {vintage}",
        sections=tuple(sections), sources=answers.sources(lang), notes=tuple(notes),
        is_sample=is_sample,
        watermark=text(lang, "sample_watermark") if is_sample else None,
        meta={"region": scope.region, "period": str(scope.period), "vintage": vintage,
              "generated_at": (generated or dt.datetime.now(dt.UTC)).isoformat(
                  timespec="seconds"),
              "warehouse": next(iter(answers.results.values())).provenance.warehouse
              if answers.results else ""})


def _approximate_groups(writer: Writer) -> list[str]:
    groups = writer.model.level("product_group").groups()
    used = {r["product_group"] for key in ("products_export", "products_import")
            for r in writer.answers.rows(key)}
    return [writer.caption("product_group", code) for code, info in groups.items()
            if info.approximation and code in used and not info.parent]


def build_bulletin(session: Any, region: str, period: str, langs: Sequence[str] = LANGS,
                   progress: Callable[[str], None] | None = None) -> dict[str, Document]:
    """The release for ``region`` and ``period`` in each of ``langs``."""
    unknown = [lang for lang in langs if lang not in LANGS]
    if unknown:
        raise QueryError(f"unknown language(s): {', '.join(unknown)}", hint="use en and/or zh")
    scope = resolve_scope(session, region, period)
    answers = gather(session, scope, progress)
    if not answers.has("total"):
        # Without the region's total there is no release to write: say why, in the query
        # layer's words (period not covered, region absent, ...), rather than print nothing.
        raise answers.refusals["total"]
    return {lang: write(lang, answers, scope, session.model) for lang in langs}
