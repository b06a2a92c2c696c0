"""Hostile input: binary, mixed encodings, huge files and 10^5 random strings never crash it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradestat.claims.extract import extract, read_document
from tradestat.claims.extract.header import MAX_BYTES
from tradestat.errors import EncodingError, FileFormatError

SENTENCE = "2025年1-5月，新疆外贸进出口2276.7亿元，同比增长22.9%。"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("gbk", b""),
                                          ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")])
def test_encodings_give_the_same_claims(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + f"date: 2025-06-20\n\n{SENTENCE}".encode(encoding))
    claims = extract(read_document(path))
    assert [c.quantity.surface for c in claims] == ["2276.7亿元", "22.9%"]


def test_binary_file_is_a_typed_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    with pytest.raises(EncodingError, match=r"image\.png"):
        read_document(path)


def test_huge_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(FileFormatError, match=r"dump\.txt"):
        read_document(path)


def test_missing_file_given_as_path_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"nowhere\.txt"):
        read_document(tmp_path / "nowhere.txt")


def test_mixed_encodings_in_one_file_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(SENTENCE.encode("utf-8") + "出口增长25%".encode("gbk"))
    try:
        document = read_document(path, date="2025-06-20")
    except EncodingError as err:
        assert "mixed.txt" in str(err)
    else:
        assert isinstance(extract(document), list)


def test_long_article_stays_linear() -> None:
    text = ("Exports rose 25 percent to 460.7 billion yuan in 2025, while imports fell "
            "8.9 percent. ") * 3000
    claims = extract(read_document(text, date="2026-01-20"))
    assert len(claims) == 9000


_ALPHABET = st.sampled_from(list("0123456789.,%-–—()（）年月亿万元 abcdefxyzRMB$¥前个季度上半"
                                 "同比增长下降percent billion yuan rose fell of the "
                                 "占拉动个百分点\n\x00\ufffd"))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_ALPHABET, max_size=60), min_size=50, max_size=50),
       st.dates().map(lambda d: d.isoformat()))
def test_random_strings_never_crash(batch: list[str], date: str) -> None:
    """2,000 examples x 50 strings = 10^5 random texts, each read and extracted."""
    for text in batch:
        claims = extract(read_document(text, date=date, name="<random>"))
        assert all(c.span[0] < c.span[1] <= len(text) for c in claims)
