"""The rendered bulletin in headless Chromium at phone and desktop widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bulletin.fixtures import document

from tradestat.bulletin.pagecheck import check_page
from tradestat.bulletin.render import render

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="Debian chromium not installed (make system)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_has_no_errors_requests_or_overflow_at_both_widths(lang: str,
                                                                 tmp_path: Path) -> None:
    html = render(document(lang), tmp_path, ["html"])["html"]
    report = check_page(html, tmp_path / "shots")
    assert report.ok, report.summary()
    assert report.document_widths == {375: 375, 1280: 1280}
    for width, shot in report.screenshots.items():
        assert shot.name == f"bulletin-99-2025-{lang}-{width}.png"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(report.screenshots) == {375, 1280}


def test_check_page_reports_what_is_wrong(tmp_path: Path) -> None:
    """A page with a console error, an outside request and an over-wide table is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><html lang='en'><head><meta name='viewport' "
        "content='width=device-width'><link rel='stylesheet' href='https://example.org/x.css'>"
        "</head><body><script>console.error('broken chart')</script>"
        "<table style='width:900px'><tr><td>wide</td></tr></table>"
        "<div style='overflow-x:auto'><table style='width:900px'><tr><td>scrolls</td></tr>"
        "</table></div></body></html>", encoding="utf-8")
    report = check_page(bad, tmp_path / "shots", widths=(375,))
    assert not report.ok
    assert any("broken chart" in e for e in report.console_errors)
    assert report.external_requests == ["https://example.org/x.css"]
    assert [o.element for o in report.overflowing if o.element.startswith("table")] == ["table"]
    assert len(report.scrolling_tables) == 2  # the bare one and the one inside a scroller
    assert report.document_widths[375] > 375
