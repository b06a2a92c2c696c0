"""The bulletin as data: what the builder produces and every renderer reads.

The builder (``bulletin.build``) asks the query layer for figures, chooses what to say and
writes sentences; the renderers (``bulletin.render_*``) only lay the document out as HTML,
Markdown or PDF. Nothing here knows about SQL or about output formats, so each side can change
without the other.

Every number shown is a ``Figure`` that points at a ``Source`` (the query, its SQL and the data
vintage); renderers turn that pointer into a link to the appendix entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["en", "zh"]


@dataclass(frozen=True)
class Figure:
    """A number as printed ("5,203.7", "19.9", "5 203,7"), linked to the source that made it."""

    text: str
    source: str                        # Source.id
    title: str | None = None           # tooltip: what the figure is


Span = str | Figure                    # a run of text or a figure inside a sentence


@dataclass(frozen=True)
class Paragraph:
    """Sentences made of text and figures; renderers join the spans without adding spaces."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; numeric columns are right-aligned by renderers."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]
    numeric: tuple[bool, ...] = ()     # per column; empty means "guess: Figure cells are numeric"
    note: str | None = None


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart, data inline; ``alt`` describes it for screen readers and Markdown."""

    id: str
    title: str
    spec: dict[str, Any]
    alt: str


@dataclass(frozen=True)
class Section:
    """One part of the release. ``unavailable`` says why a section has no content (no data...)."""

    key: str                           # headline, time, partners, products, enterprises, modes, ...
    heading: str
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    unavailable: str | None = None


@dataclass(frozen=True)
class Source:
    """Where figures came from: one query of the query layer and the data it read."""

    id: str                            # "Q7": referenced by Figure.source, anchor in the appendix
    label: str                         # what the query asks, in the document's language
    query: dict[str, Any]              # the request as passed to the query layer
    sql: str
    dataset: str | None
    vintage: str | None                # latest load time of the data read
    load_ids: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A complete bulletin in one language."""

    lang: Lang
    title: str
    subtitle: str                      # region and period, data vintage
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()        # definitions and conventions, printed before the appendix
    is_sample: bool = False            # simulated data: every page carries a watermark
    watermark: str | None = None       # the watermark text in the document's language
    meta: dict[str, str] = field(default_factory=dict)  # region, period, generated_at, ...
