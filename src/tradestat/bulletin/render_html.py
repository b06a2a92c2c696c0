"""A bulletin ``Document`` as one self-contained HTML page (also the input of the PDF).

Self-contained means nothing is fetched: CSS is inline, charts are inline SVG, fonts are the
reader's own (a CJK family first for Chinese). Every figure is a link to its appendix entry, so a
reader can go from any number to the query, SQL and data vintage behind it; a figure pointing at
a source the document does not list is refused rather than printed as a dead link.

Jinja2 autoescapes everything; only our own span markup and vl-convert's SVG are marked safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from tradestat.bulletin.chart_images import chart_svg
from tradestat.bulletin.document import Chart, Document, Figure, Lang, Section, Source, Span, Table
from tradestat.bulletin.render_errors import RenderError

#: Words of the page furniture (not of the bulletin's text, which the builder writes).
WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "notes": "Notes", "sources": "Sources of the figures", "dataset": "Dataset",
        "vintage": "Data vintage", "loads": "Loads", "note": "Note", "query": "Query",
        "none": "—", "unavailable": "Not available:", "generated": "Generated",
        "sources_intro": "Each figure in the text and tables links to the query that produced it.",
        "sample": "SAMPLE DATA",
    },
    "zh": {
        "notes": "注释", "sources": "数据来源", "dataset": "数据集", "vintage": "数据版本",
        "loads": "加载批次", "note": "说明", "query": "查询", "none": "—",
        "unavailable": "暂无数据：", "generated": "生成时间",
        "sources_intro": "正文和表格中的每个数字均链接至生成该数字的查询。",
        "sample": "样本数据",
    },
}

#: Font stacks: installed Noto CJK first (what the PDF uses), then common platform fonts.
FONTS: dict[Lang, str] = {
    "en": '"Noto Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", sans-serif',
    "zh": '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
          'sans-serif',
}

HTML_LANG: dict[Lang, str] = {"en": "en", "zh": "zh-Hans"}


@dataclass(frozen=True)
class _TableView:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]
    numeric: tuple[bool, ...]
    note: str | None


@dataclass(frozen=True)
class _ChartView:
    id: str
    title: str
    alt: str
    svg: Markup


@dataclass(frozen=True)
class _SectionView:
    key: str
    heading: str
    unavailable: str | None
    paragraphs: tuple[tuple[Span, ...], ...]
    tables: tuple[_TableView, ...]
    charts: tuple[_ChartView, ...]


@dataclass(frozen=True)
class _SourceView:
    id: str
    label: str
    dataset: str | None
    vintage: str | None
    load_ids: str
    notes: tuple[str, ...]
    query_json: str
    sql: str


def render_html(document: Document, *, svgs: Mapping[str, str] | None = None) -> str:
    """The document as an HTML page. ``svgs`` (chart id → SVG) reuses charts already drawn."""
    sources = {s.id: s for s in document.sources}
    check_links(document)
    span_html = _span_renderer(sources)
    template = _environment().get_template("bulletin.html.j2")
    return template.render(
        doc=document,
        html_lang=HTML_LANG[document.lang],
        words=WORDS[document.lang],
        watermark=document.watermark or WORDS[document.lang]["sample"],
        css=Markup(f":root {{ --font: {FONTS[document.lang]}; }}\n{_css()}"),
        sections=[_section_view(s, svgs or {}) for s in document.sections],
        sources=[_source_view(s) for s in document.sources],
        span_html=span_html,
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("tradestat.bulletin", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True, lstrip_blocks=True,
    )


@cache
def _css() -> str:
    return (files("tradestat.bulletin") / "templates" / "bulletin.css").read_text("utf-8")


def _span_renderer(sources: Mapping[str, Source]) -> Callable[[Span], Markup]:
    """Text is escaped; a Figure becomes a link to ``#source-<id>`` titled with what it is."""

    def render(span: Span) -> Markup:
        if isinstance(span, Figure):
            title = span.title or sources[span.source].label
            return Markup('<a class="fig" href="#source-{}" title="{}">{}</a>').format(
                span.source, title, span.text)
        return escape(span)

    return render


def check_links(document: Document) -> None:
    """Every figure must reach exactly one appendix entry: no dead and no ambiguous anchors."""
    ids = [s.id for s in document.sources]
    sources = set(ids)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RenderError(f"sources {duplicates} are listed more than once",
                          hint="each Source.id is an anchor and must be unique")
    for section in document.sections:
        for where, span in _figures(section):
            if span.source not in sources:
                raise RenderError(
                    f"section {section.key!r}, {where}: figure {span.text!r} points at source "
                    f"{span.source!r}, which the document does not list",
                    hint="every Figure.source must be the id of one of Document.sources",
                )


def _figures(section: Section) -> list[tuple[str, Figure]]:
    found = []
    for p, paragraph in enumerate(section.paragraphs, 1):
        found += [(f"paragraph {p}", s) for s in paragraph.spans if isinstance(s, Figure)]
    for table in section.tables:
        for r, row in enumerate(table.rows, 1):
            found += [(f"table {table.caption!r} row {r}", c) for c in row
                      if isinstance(c, Figure)]
    return found


def _section_view(section: Section, svgs: Mapping[str, str]) -> _SectionView:
    return _SectionView(
        key=section.key,
        heading=section.heading,
        unavailable=section.unavailable,
        paragraphs=tuple(p.spans for p in section.paragraphs),
        tables=tuple(_table_view(t) for t in section.tables),
        charts=tuple(_chart_view(c, svgs) for c in section.charts),
    )


def numeric_columns(table: Table) -> tuple[bool, ...]:
    """Which columns are right-aligned: as declared, or those holding Figures when not declared."""
    width = len(table.columns)
    for r, row in enumerate(table.rows, 1):
        if len(row) != width:
            raise RenderError(f"table {table.caption!r}, row {r}: {len(row)} cells for "
                              f"{width} columns")
    if table.numeric:
        if len(table.numeric) != width:
            raise RenderError(f"table {table.caption!r}: {len(table.numeric)} numeric flags for "
                              f"{width} columns")
        return table.numeric
    return tuple(
        any(isinstance(row[c], Figure) for row in table.rows) for c in range(width)
    )


def _table_view(table: Table) -> _TableView:
    return _TableView(table.caption, table.columns, table.rows, numeric_columns(table),
                      table.note)


def _chart_view(chart: Chart, svgs: Mapping[str, str]) -> _ChartView:
    svg = svgs.get(chart.id) or chart_svg(chart)
    return _ChartView(chart.id, chart.title, chart.alt, Markup(_strip_xml_prolog(svg)))


def _strip_xml_prolog(svg: str) -> str:
    start = svg.find("<svg")
    if start < 0:
        raise RenderError("chart renderer returned no <svg> element")
    return svg[start:]


def _source_view(source: Source) -> _SourceView:
    return _SourceView(
        id=source.id, label=source.label, dataset=source.dataset, vintage=source.vintage,
        load_ids=", ".join(str(i) for i in source.load_ids),
        notes=source.notes,
        query_json=json.dumps(source.query, ensure_ascii=False, indent=2, default=_json_default),
        sql=source.sql,
    )


def _json_default(value: Any) -> str:
    """Dates, Decimals and the like in a query are shown as their text, which is what they mean."""
    return str(value)
