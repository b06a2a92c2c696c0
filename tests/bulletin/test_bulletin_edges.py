"""The real bulletin in a browser and as a PDF, and what happens when data are missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.bulletin.conftest import Rendered, SampleWarehouse
from tests.bulletin.test_bulletin_sample import page_text
from typer.testing import CliRunner

from tradestat.bulletin.build import build_bulletin
from tradestat.bulletin.pagecheck import check_page
from tradestat.bulletin.render import render
from tradestat.cli import app
from tradestat.errors import CoverageError, QueryError
from tradestat.session import connect


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                    reason="Debian chromium not installed (make system)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_bulletin_in_chromium(bulletin_2025: Rendered, lang: str, tmp_path: Path) -> None:
    report = check_page(bulletin_2025.files[lang]["html"], tmp_path)
    assert report.ok, report.summary()
    assert set(report.screenshots) == {375, 1280}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_chinese_pdf_embeds_a_cjk_font(bulletin_2025: Rendered, tmp_path: Path) -> None:
    pdf = render(bulletin_2025.documents["zh"], tmp_path, ["pdf"])["pdf"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert re.search(r"Noto-?Sans-?CJK", fonts), fonts


def test_first_year_has_no_base_and_says_so(sample_warehouse: SampleWarehouse) -> None:
    """2019 is the first simulated year: its growth has no base, and the text says why."""
    with connect(sample_warehouse.path) as session:
        documents = build_bulletin(session, "65", "2019", ["en"])
    headline = documents["en"].sections[0]
    text = "".join(s if isinstance(s, str) else s.text for s in headline.paragraphs[0].spans)
    assert "growth not available (the data do not cover the comparison period)" in text
    assert "year on year" not in text.replace("growth not available", "")


def test_a_period_not_yet_complete_is_refused(sample_warehouse: SampleWarehouse) -> None:
    with connect(sample_warehouse.path) as session, pytest.raises(CoverageError) as caught:
        build_bulletin(session, "65", "2026", ["en"])
    assert "2026" in str(caught.value)


def test_one_region_only(sample_warehouse: SampleWarehouse) -> None:
    with connect(sample_warehouse.path) as session, pytest.raises(QueryError):
        build_bulletin(session, "CN", "2025", ["en"])


def test_region_with_totals_only_gets_a_bulletin_with_sections_marked_unavailable(
        sample_warehouse: SampleWarehouse, tmp_path: Path) -> None:
    """Guangdong is only in the province-level context (no partners, products, enterprises)."""
    with connect(sample_warehouse.path) as session:
        document = build_bulletin(session, "44", "2025", ["en"])["en"]
    sections = {s.key: s for s in document.sections}
    assert sections["headline"].unavailable is None
    for key in ("partners", "products", "enterprises", "modes"):
        assert sections[key].unavailable, key
        assert "not broken down" in sections[key].unavailable or \
            "cannot answer" in sections[key].unavailable
    html = render(document, tmp_path, ["html"])["html"]
    assert "Not available" in page_text(html)


def test_cli_writes_files_and_explains_refusals(sample_warehouse: SampleWarehouse,
                                                tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["bulletin", "-w", str(sample_warehouse.path), "-r", "Xinjiang",
                             "-p", "2025H1", "-l", "zh", "-f", "md", "-o", str(tmp_path),
                             "--country-groups", str(sample_warehouse.groups)])
    assert ok.exit_code == 0, ok.output
    written = tmp_path / "bulletin-65-2025H1-zh.md"
    assert "2025年上半年" in written.read_text(encoding="utf-8")
    refused = runner.invoke(app, ["bulletin", "-w", str(sample_warehouse.path), "-r", "65",
                                  "-p", "2026", "-o", str(tmp_path)])
    assert refused.exit_code != 0
    assert "does not fully cover" in refused.output
    bad = runner.invoke(app, ["bulletin", "-w", str(sample_warehouse.path), "-r", "65",
                              "-p", "2025", "-f", "docx", "-o", str(tmp_path)])
    assert bad.exit_code == 2
