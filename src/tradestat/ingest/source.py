"""The source file: identity (content hash), dates, and text encoding.

Customs platform exports arrive in GBK/GB18030 or UTF-8. DuckDB's CSV reader only reads UTF-8 here
(its encodings extension would need a download), so GB18030 text is transcoded once, in chunks and
on every core (``transcode``), into a temporary UTF-8 file; memory stays flat whatever the size.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tradestat.errors import EncodingError, FileFormatError
from tradestat.ingest.transcode import transcode_file, transcode_range

_SNIFF = 1 << 16
UTF8_BOM = codecs.BOM_UTF8


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file on disk with the facts a load record needs about it.

    The content hash is computed on a thread of its own from the moment the file is opened
    (hashing releases the GIL): a load needs it only to record it, and to spot a duplicate,
    which can only be a file of the same size (``Warehouse.load`` waits for the hash first
    only then). Reading ``sha256`` waits for it; a read error surfaces there.
    """

    path: Path
    size: int
    modified: dt.datetime
    _digest: Future[str] = field(repr=False, compare=False)

    @classmethod
    def open(cls, path: str | Path) -> SourceFile:
        """Stat ``path`` and start hashing it; FileFormatError if it is missing or not a file."""
        p = Path(path)
        if not p.exists():
            raise FileFormatError("file not found", file=p)
        if not p.is_file():
            raise FileFormatError("not a regular file", file=p)
        try:
            stat = p.stat()
        except OSError as exc:
            raise FileFormatError(f"cannot read file: {exc.strerror}", file=p) from exc
        modified = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC)
        return cls(path=p, size=stat.st_size, modified=modified, _digest=_hash_in_background(p))

    @property
    def sha256(self) -> str:
        """The SHA-256 of the content, hex (waits for the hashing thread)."""
        try:
            return self._digest.result()
        except OSError as exc:
            raise FileFormatError(f"cannot read file: {exc.strerror}", file=self.path) from exc

    @property
    def name(self) -> str:
        return self.path.name


def _hash_in_background(path: Path) -> Future[str]:
    """Start hashing ``path`` on a daemon thread; the future holds the hex digest or the error."""
    future: Future[str] = Future()

    def work() -> None:
        try:
            future.set_result(sha256_of(path))
        except BaseException as exc:  # handed to whoever reads the hash
            future.set_exception(exc)

    threading.Thread(target=work, name=f"sha256 {path.name}", daemon=True).start()
    return future


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read into one reused buffer (``hashlib.file_digest``): no new Python
    object per chunk, and memory stays flat (a memory map would count every page of the file
    in the process's resident memory)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _valid_prefix(data: bytes, encoding: str) -> bool:
    """True if ``data`` decodes, allowing a multi-byte character cut at the end."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(source: SourceFile, declared: str | None = None) -> str:
    """Return "utf-8" or "gb18030" for the file, or raise EncodingError.

    UTF-8 is tried first: GBK text with Chinese characters is practically never valid UTF-8, while
    GB18030 would accept most UTF-8 byte strings. The decision is made on the first 64 KiB; a later
    undecodable byte is reported where it is met (see ``utf8_path``).
    """
    if declared is not None:
        name = codecs.lookup(declared).name
        if name in ("gbk", "gb2312", "gb18030"):
            return "gb18030"
        if name in ("utf-8", "utf-8-sig", "ascii"):
            return "utf-8"
        raise EncodingError(
            f"unsupported encoding {declared!r}; tradestat reads UTF-8 and GBK/GB18030",
            file=source.path,
        )
    with source.path.open("rb") as handle:
        head = handle.read(_SNIFF)
    if b"\x00" in head:
        raise EncodingError("binary data (NUL bytes) where text was expected", file=source.path)
    if _valid_prefix(head, "utf-8"):
        return "utf-8"
    if _valid_prefix(head, "gb18030"):
        return "gb18030"
    raise EncodingError(
        "the file is neither UTF-8 nor GBK/GB18030 text",
        file=source.path,
        hint="re-export the file, or convert it to UTF-8",
    )


def _line_of_offset(path: Path, offset: int) -> int:
    with path.open("rb") as handle:
        return handle.read(offset).count(b"\n") + 1


@contextmanager
def utf8_path(source: SourceFile, encoding: str) -> Iterator[Path]:
    """Yield a path to a UTF-8 version of the file (the file itself, or a temporary copy).

    The UTF-8 byte-order mark is dropped so that the first header cell reads cleanly. A UTF-8 file
    is not validated here: DuckDB checks every byte as it reads, and the reader turns its complaint
    into an EncodingError naming the line (see ``runner.translate_read_error``).
    """
    if encoding == "utf-8":
        with source.path.open("rb") as handle:
            has_bom = handle.read(3) == UTF8_BOM
        if not has_bom:
            yield source.path
            return
    fd, tmp_name = tempfile.mkstemp(prefix="tradestat-", suffix=".csv")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        try:
            failure = (
                transcode_file(source.path, tmp, codec)
                if codec == "gb18030"
                else transcode_range(source.path, 0, source.size, tmp, codec)
            )
        except OSError as exc:
            raise FileFormatError(
                f"cannot transcode the file to UTF-8: {exc}", file=source.path
            ) from exc
        if failure is not None and failure.at_end:  # only the last piece can end mid-character
            raise EncodingError(f"the file ends inside a {encoding} character", file=source.path)
        if failure is not None:
            raise EncodingError(
                f"byte 0x{failure.byte:02x} at offset {failure.offset} is not valid {encoding}",
                file=source.path,
                row=_line_of_offset(source.path, failure.offset),
                hint="the file mixes encodings; re-export it in one encoding",
            )
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)
