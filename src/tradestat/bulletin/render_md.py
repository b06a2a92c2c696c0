"""A bulletin ``Document`` as Markdown for pasting into other documents, with PNG charts beside it.

Figures become links to their appendix entry (``[5,203.7](#source-Q1)``), tables become pipe
tables with numeric columns right-aligned, charts become image references with their alt text to
PNG files written next to the ``.md``. Text is escaped so that a partner called "A*B" or a note
with a ``|`` cannot change the layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from tradestat.bulletin.chart_images import chart_png
from tradestat.bulletin.document import Document, Figure, Source, Span, Table
from tradestat.bulletin.render_html import WORDS, check_links, numeric_columns

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_md(text: str) -> str:
    """Backslash-escape the characters Markdown (and pipe tables) would read as syntax."""
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(document: Document, md_path: Path) -> Path:
    """Write ``md_path`` and one PNG per chart (``<md stem>-<chart id>.png``) beside it."""
    check_links(document)
    words = WORDS[document.lang]
    out: list[str] = []
    watermark = document.watermark or words["sample"]
    if document.is_sample:
        out += [f"> **{escape_md(watermark)}**", ""]
    out += [f"# {escape_md(document.title)}", "", f"*{escape_md(document.subtitle)}*", ""]
    for section in document.sections:
        out += [f"## {escape_md(section.heading)}", ""]
        if section.unavailable:
            out += [f"> **{escape_md(words['unavailable'])}** {escape_md(section.unavailable)}",
                    ""]
            continue
        out += [_spans(p.spans) + "\n" for p in section.paragraphs]
        for table in section.tables:
            out += [_table(table), ""]
        for chart in section.charts:
            png = md_path.with_name(f"{md_path.stem}-{chart.id}.png")
            png.write_bytes(chart_png(chart))
            out += [f"![{escape_md(chart.alt)}]({png.name})", ""]
    if document.notes:
        out += [f"## {escape_md(words['notes'])}", ""]
        out += [f"{i}. {escape_md(n)}" for i, n in enumerate(document.notes, 1)] + [""]
    out += [f"## {escape_md(words['sources'])}", "", escape_md(words["sources_intro"]), ""]
    for source in document.sources:
        out += _source(source, words)
    if document.is_sample:
        out += [f"> **{escape_md(watermark)}**", ""]
    md_path.write_text("\n".join(out), encoding="utf-8")
    return md_path


def _spans(spans: tuple[Span, ...]) -> str:
    parts = []
    for span in spans:
        if isinstance(span, Figure):
            parts.append(f"[{escape_md(span.text)}](#source-{span.source})")
        else:
            parts.append(escape_md(span))
    return "".join(parts)


def _table(table: Table) -> str:
    numeric = numeric_columns(table)
    lines = [f"**{escape_md(table.caption)}**", ""]
    lines.append("| " + " | ".join(escape_md(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_spans((c,)) for c in row) + " |")
    if table.note:
        lines += ["", f"*{escape_md(table.note)}*"]
    return "\n".join(lines)


def _source(source: Source, words: Mapping[str, str]) -> list[str]:
    loads = ", ".join(str(i) for i in source.load_ids) or words["none"]
    lines = [
        f'<a id="source-{source.id}"></a>', "",
        f"### {source.id} {escape_md(source.label)}", "",
        f"- {words['dataset']}: {escape_md(source.dataset or words['none'])}",
        f"- {words['vintage']}: {escape_md(source.vintage or words['none'])}",
        f"- {words['loads']}: {loads}",
    ]
    lines += [f"- {words['note']}: {escape_md(n)}" for n in source.notes]
    query = json.dumps(source.query, ensure_ascii=False, indent=2, default=str)
    lines += ["", *_code_block(query, "json"), "", *_code_block(source.sql, "sql"), ""]
    return lines


def _code_block(text: str, language: str) -> list[str]:
    """A fenced block whose fence is longer than any run of backticks inside the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + language, text, fence]
