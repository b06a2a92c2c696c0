"""PDF and the render() entry point: file names, formats, embedded CJK font."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from tests.bulletin.fixtures import document

from tradestat.bulletin.render import file_stem, render
from tradestat.bulletin.render_errors import RenderError


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("bulletin")
    return {lang: render(document(lang), out, ["all"]) for lang in ("en", "zh")}


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def test_all_formats_written_with_descriptive_names(written) -> None:
    for lang, paths in written.items():
        assert set(paths) == {"html", "md", "pdf"}
        for fmt, path in paths.items():
            assert path.name == f"bulletin-99-2025-{lang}.{fmt}"
            assert path.stat().st_size > 1000


def test_chinese_pdf_embeds_noto_sans_cjk(written) -> None:
    pdf = written["zh"]["pdf"]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    embedded = [line for line in _fonts(pdf).splitlines() if "Noto-Sans-CJK-SC" in line]
    assert embedded, _fonts(pdf)
    assert all(" yes " in line for line in embedded)  # emb column: the font travels with the file


def test_chinese_text_is_extractable_from_the_pdf(written) -> None:
    text = subprocess.run(["pdftotext", str(written["zh"]["pdf"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "测试地区2025年对外贸易情况" in text
    assert "4,477.1" in text and "暂无数据" in text
    assert text.count("样本数据，非官方统计") >= 2  # the watermark is repeated on every page


def test_pdf_has_a_watermark_on_every_page(written) -> None:
    pdf = written["en"]["pdf"]
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "SAMPLE DATA" in text, f"page {page} has no watermark"
    assert pages >= 2


def test_single_format_and_unsafe_period_in_file_name(tmp_path: Path) -> None:
    doc = dataclasses.replace(document("en"), meta={"region": "65", "period": "2025/01..06"})
    assert file_stem(doc) == "bulletin-65-2025-01..06-en"
    paths = render(doc, tmp_path, ["html"])
    assert list(paths) == ["html"] and [p.name for p in tmp_path.iterdir()] == [
        "bulletin-65-2025-01..06-en.html"]


def test_unknown_format_and_missing_meta_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="docx"):
        render(document("en"), tmp_path, ["html", "docx"])
    with pytest.raises(RenderError, match="period"):
        render(dataclasses.replace(document("en"), meta={"region": "65"}), tmp_path, ["html"])
    assert list(tmp_path.iterdir()) == []
