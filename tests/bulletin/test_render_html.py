"""The HTML renderer: provenance links, escaping, self-containment, sample watermark."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from tests.bulletin.fixtures import all_figures, document

from tradestat.bulletin.document import Figure, Paragraph, Section
from tradestat.bulletin.render_errors import RenderError
from tradestat.bulletin.render_html import render_html


class _Collector(HTMLParser):
    """Reads the page back: links, ids, URL-bearing attributes and the <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.figure_links: list[tuple[str, str, str | None]] = []  # (href, text, title)
        self.urls: list[str] = []
        self.lang: str | None = None
        self._open_link: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.add(a["id"])
        for name in ("src", "href", "xlink:href", "action", "poster"):
            if a.get(name):
                self.urls.append(a[name])
        if tag == "a" and a.get("class") == "fig":
            self._open_link, self._text = a, []

    def handle_data(self, data: str) -> None:
        if self._open_link is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open_link is not None:
            link = self._open_link
            self.figure_links.append((link["href"], "".join(self._text), link.get("title")))
            self._open_link = None


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


@pytest.fixture(scope="module", params=["en", "zh"])
def page(request: pytest.FixtureRequest) -> tuple[str, str, _Collector]:
    html = render_html(document(request.param))
    return request.param, html, _parse(html)


def test_every_figure_is_a_link_to_an_existing_appendix_entry(page) -> None:
    lang, _, parsed = page
    figures = all_figures(document(lang))
    assert len(parsed.figure_links) == len(figures) == 30
    for (href, text, title), figure in zip(parsed.figure_links, figures, strict=True):
        assert href == f"#source-{figure.source}"
        assert text == figure.text
        assert href[1:] in parsed.ids
        assert title  # hover text: the figure's title or its source's label


def test_figure_title_falls_back_to_the_source_label() -> None:
    parsed = _parse(render_html(document("en")))
    first = parsed.figure_links[0]
    assert first == ("#source-Q1", "4,477.1", "Total trade, exports and imports")
    zh = _parse(render_html(document("zh")))
    assert zh.figure_links[0][2] == "进出口总值（亿元）"  # the figure's own title wins


def test_page_requests_nothing_from_outside(page) -> None:
    _, html, parsed = page
    assert [u for u in parsed.urls if not u.startswith("#")] == []
    assert "@import" not in html and "url(" not in html
    assert "<script" not in html


def test_lang_attribute(page) -> None:
    lang, _, parsed = page
    assert parsed.lang == {"en": "en", "zh": "zh-Hans"}[lang]


def test_text_is_escaped() -> None:
    html = render_html(document("en"))
    assert "Belt &amp; Road &lt;partners&gt;" in html
    assert "&lt;b&gt;invented&lt;/b&gt; &amp; rounded" in html
    assert "<b>invented" not in html
    assert "LIMIT 5 -- a &lt; b &amp; c" in html  # SQL in the appendix


def test_appendix_lists_query_sql_vintage_and_loads() -> None:
    html = render_html(document("en"))
    entry = html[html.index('id="source-Q3"'):html.index('id="source-Q4"')]
    assert "Top partners" in entry
    assert "&#34;top&#34;: 5" in entry or "&quot;top&quot;: 5" in entry
    assert "<details class=\"sql\"><summary>SQL</summary>" in entry
    assert "2026-01-20T08:00:00" in entry and "<dd>3</dd>" in entry
    assert "re-imports included" in entry


def test_sample_watermark_and_unavailable_section() -> None:
    html = render_html(document("zh"))
    assert html.count("样本数据，非官方统计") >= 3  # fixed overlay, banner, footer
    assert 'class="watermark"' in html
    assert re.search(r'class="unavailable"[^>]*><strong>暂无数据：</strong> 样本数据仓库', html)
    official = render_html(document("zh", is_sample=False))
    assert 'class="watermark"' not in official and "样本数据，非官方统计" not in official


def test_charts_are_inline_svg() -> None:
    html = render_html(document("en"))
    assert html.count("<svg") == 3
    assert "<?xml" not in html


def test_figure_with_unknown_source_is_refused() -> None:
    doc = document("en")
    broken = Section("extra", "Extra", paragraphs=(Paragraph(("x ", Figure("1.0", "Q99"))),))
    with pytest.raises(RenderError, match="'Q99'"):
        render_html(dataclasses.replace(doc, sections=(*doc.sections, broken)))


def test_duplicate_source_ids_are_refused() -> None:
    doc = document("en")
    with pytest.raises(RenderError, match="more than once"):
        render_html(dataclasses.replace(doc, sources=(*doc.sources, doc.sources[0])))
