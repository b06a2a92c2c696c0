"""Render one bulletin ``Document`` into files: the entry point the CLI calls.

File names say what the file is, so several regions, periods and languages can share a folder:
``bulletin-<region>-<period>-<lang>.<ext>`` from ``Document.meta``. Charts are drawn once and
shared between the HTML and the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from tradestat.bulletin.chart_images import chart_svg
from tradestat.bulletin.document import Document
from tradestat.bulletin.render_errors import RenderError
from tradestat.bulletin.render_html import render_html
from tradestat.bulletin.render_md import render_markdown
from tradestat.bulletin.render_pdf import render_pdf

FORMATS = ("html", "md", "pdf")
EXTENSIONS = {"html": "html", "md": "md", "pdf": "pdf"}

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def file_stem(document: Document) -> str:
    """``bulletin-65-2025-en``: region and period from ``meta``, which the builder must set."""
    missing = [k for k in ("region", "period") if not document.meta.get(k)]
    if missing:
        raise RenderError(f"document meta lacks {missing}: cannot name the output files",
                          hint="the builder sets meta['region'] and meta['period']")
    parts = [document.meta["region"], document.meta["period"], document.lang]
    return "-".join(["bulletin", *(_UNSAFE.sub("-", p).strip("-") for p in parts)])


def render(document: Document, out_dir: Path, formats: Iterable[str]) -> dict[str, Path]:
    """Write the document in each of ``formats`` ("html", "md", "pdf" or "all") into ``out_dir``.

    Returns format → path of the written file (Markdown charts are PNGs beside the .md).
    """
    wanted = _formats(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(document)
    svgs = {}
    if {"html", "pdf"} & set(wanted):
        svgs = {c.id: chart_svg(c) for s in document.sections for c in s.charts}
    written: dict[str, Path] = {}
    for fmt in wanted:
        path = out_dir / f"{stem}.{EXTENSIONS[fmt]}"
        if fmt == "html":
            path.write_text(render_html(document, svgs=svgs), encoding="utf-8")
        elif fmt == "md":
            render_markdown(document, path)
        else:
            render_pdf(document, path, svgs=svgs)
        written[fmt] = path
    return written


def _formats(formats: Iterable[str]) -> list[str]:
    asked = [f.lower() for f in ([formats] if isinstance(formats, str) else formats)]
    if "all" in asked:
        return list(FORMATS)
    unknown = sorted(set(asked) - set(FORMATS))
    if unknown or not asked:
        raise RenderError(f"unknown output format(s) {unknown or asked}",
                          hint=f"choose from {', '.join(FORMATS)} or all")
    return [f for f in FORMATS if f in asked]
