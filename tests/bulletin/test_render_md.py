"""Markdown: figure links to appendix anchors, pipe tables, PNG charts beside the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.bulletin.fixtures import all_charts, all_figures, document

from tradestat.bulletin.render_md import escape_md, render_markdown


@pytest.fixture(scope="module", params=["en", "zh"])
def markdown(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[str, str, Path]:
    out = tmp_path_factory.mktemp(f"md-{request.param}") / "b.md"
    render_markdown(document(request.param), out)
    return request.param, out.read_text(encoding="utf-8"), out


def test_every_figure_links_to_an_anchor_that_exists(markdown) -> None:
    lang, text, _ = markdown
    links = re.findall(r"\[([^\]]+)\]\(#(source-Q\d+)\)", text)
    anchors = set(re.findall(r'<a id="(source-Q\d+)"></a>', text))
    expected = [(f.text, f"source-{f.source}") for f in all_figures(document(lang))]
    assert links == expected
    assert anchors == {"source-Q1", "source-Q2", "source-Q3", "source-Q4"}


def test_tables_are_pipe_tables_with_numbers_right_aligned(tmp_path: Path) -> None:
    text_lines = _render("en", tmp_path).splitlines()
    header = text_lines.index(
        "| Partner | Value (100 million yuan) | YoY (%) | Share (%) | Exports YoY (%) "
        "| Imports Value (100 million yuan) |")
    assert text_lines[header + 1] == "|---|---:|---:|---:|---:|---:|"
    assert text_lines[header + 3] == (
        "| Kyrgyzstan | [810.9](#source-Q3) | [-4.2](#source-Q3) | [2.0](#source-Q3) "
        "| [-4.2](#source-Q3) | [810.9](#source-Q3) |")
    assert "| Belt & Road \\<partners\\> |" in text_lines[header + 6]


def test_charts_are_png_files_beside_the_markdown(markdown) -> None:
    lang, text, path = markdown
    for chart in all_charts(document(lang)):
        name = f"{path.stem}-{chart.id}.png"
        assert f"]({name})" in text
        assert (path.parent / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![出口 / 进口](b-monthly.png)" in text or lang == "en"


def test_sample_banner_unavailable_section_and_code_blocks(tmp_path: Path) -> None:
    text = _render("zh", tmp_path)
    assert text.startswith("> **样本数据，非官方统计**")
    assert "> **暂无数据：** 样本数据仓库中没有地区99的贸易方式数据。" in text
    assert "```sql\nSELECT flow, sum(value_cny) FROM trade WHERE region = '99' GROUP BY flow\n```" \
        in text
    assert '"flow": "total"' in text


def test_escape_md_neutralises_syntax() -> None:
    assert escape_md("a*b_c [x](y) | <i>") == "a\\*b\\_c \\[x\\](y) \\| \\<i\\>"


def _render(lang: str, folder: Path) -> str:
    path = folder / "b.md"
    render_markdown(document(lang), path)
    return path.read_text(encoding="utf-8")
