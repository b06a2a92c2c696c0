"""A bulletin ``Document`` as PDF: the HTML page laid out by WeasyPrint with its print CSS.

WeasyPrint finds fonts through fontconfig, so Chinese text and chart labels come out in Noto
Sans CJK SC (Debian's fonts-noto-cjk) and the font is embedded in the file; a Chinese document on a
machine without that font is refused, because the PDF would show empty boxes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from tradestat.bulletin.chart_images import cjk_font_directory
from tradestat.bulletin.document import Document
from tradestat.bulletin.render_html import render_html


def render_pdf(document: Document, pdf_path: Path, *,
               svgs: Mapping[str, str] | None = None) -> Path:
    """Write ``pdf_path``; ``svgs`` (chart id → SVG) reuses charts already drawn for the HTML."""
    from weasyprint import HTML  # imported here: it takes longer to load than the whole HTML

    if document.lang == "zh":
        cjk_font_directory()  # raises RenderError when no CJK font is installed
    html = render_html(document, svgs=svgs)
    _quiet_weasyprint()
    HTML(string=html, base_url=str(pdf_path.parent)).write_pdf(pdf_path)
    return pdf_path


def _quiet_weasyprint() -> None:
    """WeasyPrint warns about CSS it ignores (screen-only properties) on every run; keep errors."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
