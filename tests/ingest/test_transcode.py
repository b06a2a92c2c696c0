"""GBK transcoding, by the system's iconv or in pieces by Python processes: same bytes out,
same errors, same places. Every test runs both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradestat.errors import EncodingError
from tradestat.ingest import transcode
from tradestat.ingest.source import SourceFile, utf8_path
from tradestat.ingest.transcode import transcode_file, transcode_range

LINE = '"202301","85414300","145","10","65","10","千克","1,000",\n'


@pytest.fixture(autouse=True, params=["iconv", "python"])
def converter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test with the iconv program and with Python's decoder only."""
    if request.param == "python":
        monkeypatch.setattr(transcode, "iconv_program", lambda: None)
    elif transcode.iconv_program() is None:
        pytest.skip("no iconv program on this machine")
    return request.param


def _gbk_file(tmp_path: Path, lines: int = 400) -> tuple[Path, bytes]:
    text = '"数据年月","商品编码","人民币",\n' + "".join(
        LINE.replace("145", f"{i % 900:03d}") for i in range(lines)
    )
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    return path, text.encode("utf-8")


@pytest.mark.parametrize("workers", [2, 3, 7])
def test_pieces_give_the_same_utf8_as_one_decode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(transcode, "PARALLEL_MIN_BYTES", 0)
    path, expected = _gbk_file(tmp_path)
    out = tmp_path / "out.csv"
    assert transcode_file(path, out, "gb18030", workers=workers) is None
    assert out.read_bytes() == expected
    assert not list(tmp_path.glob("out.csv.part*"))  # the pieces are cleaned up


@pytest.mark.parametrize("where", ["first", "middle", "last", "end"])
def test_errors_are_found_where_one_decode_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setattr(transcode, "PARALLEL_MIN_BYTES", 0)
    path, _ = _gbk_file(tmp_path)
    data = bytearray(path.read_bytes())
    if where == "end":
        data += b"\x81"  # a lead byte with nothing after it
    else:
        at = {"first": 100, "middle": len(data) // 2, "last": len(data) - 30}[where]
        data[at] = 0xFF
    path.write_bytes(bytes(data))
    one = transcode_range(path, 0, len(data), tmp_path / "one.csv", "gb18030")
    pieces = transcode_file(path, tmp_path / "pieces.csv", "gb18030", workers=4)
    assert one is not None
    assert pieces == one
    assert one.at_end == (where == "end")


def test_a_lead_byte_before_a_cut_newline_is_reported_like_one_decode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transcode, "PARALLEL_MIN_BYTES", 0)
    path, _ = _gbk_file(tmp_path)
    data = bytearray(path.read_bytes())
    cut = data.index(b"\n", len(data) // 2)  # a newline where a two-way cut may fall
    data[cut - 1] = 0x81
    path.write_bytes(bytes(data))
    one = transcode_range(path, 0, len(data), tmp_path / "one.csv", "gb18030")
    for workers in (2, 3, 5):
        assert transcode_file(path, tmp_path / "p.csv", "gb18030", workers=workers) == one


def test_utf8_path_reports_the_line_of_a_bad_byte_when_transcoding_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transcode, "PARALLEL_MIN_BYTES", 0)
    path, _ = _gbk_file(tmp_path)
    data = bytearray(path.read_bytes())
    line_starts = [i + 1 for i, b in enumerate(data) if b == 0x0A]
    data[line_starts[299] + 3] = 0xFF  # on line 301 (line 1 is the header)
    path.write_bytes(bytes(data))
    with pytest.raises(EncodingError) as caught, utf8_path(SourceFile.open(path), "gb18030"):
        pass
    assert "row 301" in str(caught.value)
    assert "0xff" in str(caught.value)


def test_without_a_python_to_start_it_transcodes_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transcode, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(transcode.sys, "executable", str(tmp_path / "no-such-python"))
    path, expected = _gbk_file(tmp_path)
    out = tmp_path / "out.csv"
    assert transcode_file(path, out, "gb18030", workers=3) is None
    assert out.read_bytes() == expected


#: The two-byte codes GB18030-2005 moved out of Unicode's private use area (vertical forms,
#: one Latin letter, CJK components), where Python's codec still puts them: by hand from the
#: standard's change list.
_MOVED_IN_2005 = {
    *(bytes([0xA6, b]) for b in (0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xEC, 0xED, 0xF3)),
    bytes([0xA8, 0xBC]),
    *(
        bytes([0xFE, b])
        for b in (0x51, 0x52, 0x53, 0x59, 0x61, 0x66, 0x67, 0x6C, 0x6D, 0x76, 0x7E, 0x90, 0x91)
    ),
    bytes([0xFE, 0xA0]),
}


def test_iconv_and_python_differ_only_on_the_codes_moved_in_2005(
    tmp_path: Path, converter: str
) -> None:
    if converter == "python":
        pytest.skip("compares iconv with Python: runs once, in the iconv round")
    pairs = []
    for lead in range(0x81, 0xFF):
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFF)]:
            pair = bytes([lead, trail])
            try:
                pair.decode("gb18030")
            except UnicodeDecodeError:
                continue
            pairs.append(pair)
    assert len(pairs) > 20000
    path = tmp_path / "every_pair.txt"
    path.write_bytes(b"\n".join(pairs) + b"\n")
    out = tmp_path / "out.txt"
    cuts = [0, len(path.read_bytes())]
    assert transcode._iconv_in_pieces(path, out, "gb18030", cuts)
    by_iconv = out.read_bytes().split(b"\n")
    by_python = path.read_bytes().decode("gb18030").encode("utf-8").split(b"\n")
    assert len(by_iconv) == len(by_python) == len(pairs) + 1
    differing = {p for p, a, b in zip(pairs, by_iconv, by_python, strict=False) if a != b}
    assert differing == _MOVED_IN_2005
