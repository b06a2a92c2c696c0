"""Bytes → text → Document: encoding sniffing, the ``key: value`` header block, the date.

Press clippings arrive as UTF-8, GBK or UTF-16 files, sometimes with a header block (``url:``,
``date:``, ``title:`` lines ended by a blank line) and sometimes as a crawl with the date glued to
the first line. The publication date matters more than anything else here: it anchors "this year"
and "the first five months", so it is looked for in the header, then in the first lines, then in
the file name, and never taken from the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import regex

from tradestat.claims.claim import Document
from tradestat.errors import EncodingError, FileFormatError
from tradestat.periods.words import MONTH_BY_NAME

#: Press reports are a few kilobytes; anything larger is not an article and is refused.
MAX_BYTES = 4_000_000

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_HEADER_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_]{2,20})\s*:\s*(?P<value>.*?)\s*$")
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?(?!\d)")
_ZH_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_EN_DATE = re.compile(r"\b(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2}),\s*(?P<y>(?:19|20)\d\d)\b")
_LEADING_DATE = re.compile(r"^\s*date\s*:?\s*(?P<iso>\d{4}-\d{2}-\d{2})\s*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Share of Chinese characters among letters from which a text counts as Chinese. A Chinese
#: word is one or two characters, an English word about five letters: a text with as many
#: Chinese words as English ones has a share near 0.25; a Chinese release quoting "ASEAN" or
#: "RCEP" stays far above it, an English article quoting 一带一路 far below.
ZH_SHARE = 0.3


def decode(data: bytes, name: str) -> str:
    """The text of ``data``: BOM first, then UTF-8, then GB18030 (a superset of GBK).

    Binary data (NUL bytes outside UTF-16, or bytes no encoding accepts) is an ``EncodingError``
    naming the file; a wrong guess would produce mojibake and then wrong claims.
    """
    if len(data) > MAX_BYTES:
        raise FileFormatError(
            f"{len(data):,} bytes is far larger than a press report",
            file=name,
            hint=f"split the file; articles up to {MAX_BYTES:,} bytes are read",
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise EncodingError(
                    f"not valid {encoding} after its byte-order mark: {err.reason}",
                    file=name,
                    row=None,
                ) from None
    if b"\x00" in data:
        raise EncodingError(
            "contains NUL bytes: binary data, not text",
            file=name,
            hint="save the article as UTF-8, GBK or UTF-16 with a BOM",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise EncodingError(
            "bytes are neither UTF-8 nor GBK/GB18030", file=name, hint="save the article as UTF-8"
        ) from None
    if _looks_binary(text):
        raise EncodingError("decodes only as noise: binary data, not text", file=name)
    return text


def _looks_binary(text: str) -> bool:
    """GB18030 accepts almost any byte string; real text has few control characters."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls > max(8, len(text) // 50)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` lines at the top (ended by a blank line) and the body after them.

    A first block that is not made only of such lines is body text, not a header.
    """
    lines = text.split("\n")
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[index + 1 :])
            continue
        match = _HEADER_LINE.match(line)
        if match is None or match["key"].lower() == "http":
            return {}, text
        header[match["key"].lower()] = match["value"]
    return ({}, text) if not header else (header, "")


def _date(year: str, month: str | int, day: str | None) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day) if day else 1)
    except (ValueError, TypeError):
        return None


def find_date(text: str) -> dt.date | None:
    """The first full date written in ``text`` (ISO, 2025年6月19日, June 19, 2025)."""
    candidates = []
    for pattern in (_ISO, _ZH_DATE):
        if m := pattern.search(text):
            candidates.append((m.start(), _date(m["y"], m["m"], m["d"])))
    for m in _EN_DATE.finditer(text):
        month = MONTH_BY_NAME.get(m["mon"].lower())
        if month is not None:
            candidates.append((m.start(), _date(m["y"], month, m["d"])))
            break
    found = [(pos, day) for pos, day in candidates if day is not None]
    return min(found, key=lambda item: item[0])[1] if found else None


def publication_date(header: dict[str, str], body: str, name: str) -> dt.date | None:
    """Header ``date:``, else a date in the first lines, else one in the file name."""
    if "date" in header:
        return find_date(header["date"])
    head = "\n".join(body.split("\n")[:12])[:2000]
    return find_date(head) or find_date(Path(name).name)


def _iso_or_found(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return find_date(text)


def detect_language(text: str) -> Literal["en", "zh"]:
    """ "zh" when Chinese characters make up at least ``ZH_SHARE`` of the letters, else "en".

    A count of Chinese characters alone misjudges short releases (a one-line 海关 notice has
    fewer than 20) and long English articles that quote a few Chinese names.
    """
    han = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if han and han >= ZH_SHARE * (han + latin) else "en"


#: Pinyin left in brackets by a script converter ("據(jù)海關(guān)統(tǒng)計"): it
#: splits every word of the sentence, so it is dropped before anything is read. Only brackets
#: holding one syllable with a tone mark are taken, never a bracketed English word.
_RUBY = regex.compile(
    r"(?<=\p{Han})\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)"
)


def make_document(text: str, name: str, date: str | dt.date | None = None) -> Document:
    """Split the header off ``text`` and fix the publication date (``date`` overrides it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body = split_header(text)
    body = _RUBY.sub("", body)
    if match := _LEADING_DATE.match(body):
        header.setdefault("date", match["iso"])
        body = body[match.end() :]
    if date is not None:
        chosen = date if isinstance(date, dt.date) else _iso_or_found(str(date))
        if chosen is None:
            raise FileFormatError(
                f"cannot read {date!r} as a date",
                file=name,
                hint="give the publication date as YYYY-MM-DD",
            )
    else:
        chosen = publication_date(header, body, name)
    language = detect_language(body[:5000])
    return Document(
        name=name,
        text=body,
        published=chosen.isoformat() if chosen else None,
        url=header.get("url"),
        title=header.get("title"),
        language=language,
    )
