"""GBK transcoding in pieces, one process per piece: same bytes out, same errors, same places."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradestat.errors import EncodingError
from tradestat.ingest import transcode
from tradestat.ingest.source import SourceFile, utf8_path
from tradestat.ingest.transcode import transcode_file, transcode_range

LINE = '"202301","85414300","145","10","65","10","千克","1,000",\n'


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
