"""The 2025 bulletin of the sample Xinjiang warehouse states the published 2025 figures.

The expected values are the published ones (DOMAIN.md §15.1 and the 2025 structure list, typed
by hand) with their displayed precision; the bulletin's printed figure must agree within the
rounding of both (their intervals overlap). The test reads the *rendered* HTML as a reader
would — the text of the page, not the builder's internals.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.bulletin.conftest import Rendered


class _Text(HTMLParser):
    """Visible text of the release body: sections and notes, not the appendix of queries."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg") or ("id", "appendix") in attrs:
            self._skip += 1
        elif self._skip:
            self._skip += 1 if tag not in ("br", "img", "meta", "link") else 0

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag not in ("br", "img", "meta", "link"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


def _interval(text: str) -> tuple[Decimal, Decimal]:
    value = Decimal(text.replace(",", ""))
    places = len(text.split(".")[1]) if "." in text else 0
    half = Decimal(5).scaleb(-places - 1)
    return value - half, value + half


def agrees(shown: str, published: str) -> bool:
    """Both displayed numbers can stand for the same true value."""
    lo1, hi1 = _interval(shown)
    lo2, hi2 = _interval(published)
    return lo1 <= hi2 and lo2 <= hi1


def find(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text)
    assert match, f"not in the bulletin: {pattern!r}\n{text[:3000]}"
    return match.groups()


NUM = r"([\d,]+(?:\.\d+)?)"

# (pattern with the bulletin's wording, published values in the same order)
ENGLISH = [
    (rf"imports and exports totalled {NUM} billion yuan, up {NUM} percent year on year",
     ("520.37", "19.9")),
    (rf"the fastest growth among {NUM} provincial-level regions", ("31",)),
    (rf"{NUM} percentage points above the national rate of {NUM} percent", ("16.1", "3.8")),
    (rf"Exports rose {NUM} percent to {NUM} billion yuan", ("25", "460.7")),
    (rf"imports fell {NUM} percent to {NUM} billion yuan", ("8.9", "59.6")),
    # The group's caption, then maybe a bracketed note; not across sentences.
    (rf"Belt and Road [^.(]*?(?:\([^)]*\))? rose {NUM} percent to {NUM} billion yuan, {NUM} "
     "percent of the total", (None, "458.37", "88.1")),
    (rf"Trade with ASEAN rose {NUM} percent to {NUM} billion yuan, {NUM} percent of the total",
     ("98.3", "67.37", "12.9")),
    (rf"Five Central Asian states (?:rose|fell) {NUM} percent to {NUM} billion yuan, {NUM} "
     "percent of the total", (None, None, "53.2")),
    (rf"Exports of mechanical and electrical products rose {NUM} percent to {NUM} billion yuan",
     (None, "186.5")),
    (rf"Private enterprises traded {NUM} billion yuan, up {NUM} percent, {NUM} percent of the "
     "total", ("482.66", None, "92.75")),
]
CHINESE = [
    (rf"进出口总值{NUM}亿元，同比增长{NUM}%，增速居全国第一位", ("5203.7", "19.9")),
    (rf"高于全国总体增速{NUM}个百分点", ("16.1",)),
    (rf"出口{NUM}亿元，增长{NUM}%；进口{NUM}亿元，下降{NUM}%", ("4607", "25", "596", "8.9")),
    (rf"一带一路[^。]*?进出口{NUM}亿元，增长{NUM}%，占进出口总值的{NUM}%",
     ("4583.7", None, "88.1")),
    (rf"对东盟进出口{NUM}亿元，增长{NUM}%，占进出口总值的{NUM}%", ("673.7", "98.3", "12.9")),
    (rf"出口机电产品{NUM}亿元", ("1865",)),
    (rf"民营企业进出口{NUM}亿元，增长{NUM}%，占{NUM}%", ("4826.6", None, "92.75")),
]


@pytest.mark.parametrize(("lang", "pattern", "published"),
                         [("en", p, v) for p, v in ENGLISH] + [("zh", p, v) for p, v in CHINESE])
def test_bulletin_states_the_published_figure(bulletin_2025: Rendered, lang: str, pattern: str,
                                              published: tuple[str | None, ...]) -> None:
    text = page_text(bulletin_2025.files[lang]["html"])
    shown = find(pattern, text)
    for got, expected in zip(shown, published, strict=True):
        if expected is not None:
            assert agrees(got, expected), f"{pattern}: bulletin says {got}, published {expected}"


def test_asean_share_crossing_ten_percent_is_reported(bulletin_2025: Rendered) -> None:
    english = page_text(bulletin_2025.files["en"]["html"])
    assert re.search(r"Trade with ASEAN [^;]*? of the total\. The share passed 10 percent for "
                     r"the first time",
                     english)
    chinese = page_text(bulletin_2025.files["zh"]["html"])
    assert re.search(r"对东盟[^。]*。占比首次突破10%", chinese)


def test_every_figure_links_to_an_appendix_entry_with_sql_and_vintage(
        bulletin_2025: Rendered) -> None:
    for lang, document in bulletin_2025.documents.items():
        html = bulletin_2025.files[lang]["html"].read_text(encoding="utf-8")
        links = set(re.findall(r'href="#(source-Q\d+)"', html))
        anchors = set(re.findall(r'id="(source-Q\d+)"', html))
        assert links and links == anchors
        for source in document.sources:
            assert source.sql.lstrip().upper().startswith(("SELECT", "WITH"))
            assert source.vintage == "2026-01-28"


def test_sample_data_is_marked(bulletin_2025: Rendered) -> None:
    assert "SAMPLE DATA" in page_text(bulletin_2025.files["en"]["html"])
    assert "样例数据" in page_text(bulletin_2025.files["zh"]["html"])


def test_chinese_release_uses_customs_terms_not_english(bulletin_2025: Rendered) -> None:
    text = page_text(bulletin_2025.files["zh"]["html"])
    for term in ("同比增长", "个百分点", "拉动外贸增长", "有进出口实绩的企业", "贸易顺差",
                 "边境小额贸易"):
        assert term in text, term
    # No English words in the Chinese body text beyond names such as RCEP / HS / the dataset ids.
    body = text.split("注释")[0]
    words = set(re.findall(r"[A-Za-z]{4,}", body))
    assert words <= {"RCEP", "SAMPLE"}, words


def test_english_release_length_is_readable(bulletin_2025: Rendered) -> None:
    """About the length of a wire report (the 2026 China Daily seed has ~420 words)."""
    markdown = bulletin_2025.files["en"]["md"].read_text(encoding="utf-8")
    body = markdown.split("## Notes")[0]
    prose = [line for line in body.splitlines()
             if line and not line.startswith(("|", "#", "!", "*", ">"))]
    words = len(re.sub(r"\]\(#source-Q\d+\)", "", " ".join(prose)).split())
    assert 250 <= words <= 700, words
