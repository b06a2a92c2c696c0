"""Claim extraction: English and Chinese press text → ``Claim`` slots (issue 6, docs/claims.md).

``read_document`` turns a file (or a string) into a ``Document``: bytes decoded (UTF-8, GBK,
UTF-16 with BOM), the ``key: value`` header split off, the publication date fixed. ``extract``
turns a Document into claims. Both are deterministic, offline and exact (Decimal values with the
displayed precision); bad input gives a typed error naming the file, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tradestat.claims.claim import Claim, Document
from tradestat.claims.extract.frames import extract_claims
from tradestat.claims.extract.header import decode, make_document
from tradestat.errors import FileFormatError


def read_document(
    path_or_text: str | Path, *, date: str | dt.date | None = None, name: str | None = None
) -> Document:
    """A Document from a file path, or from the text itself when it is not an existing file.

    ``date`` (YYYY-MM-DD) overrides the publication date found in the header, the first lines
    or the file name. A ``Path`` that does not exist is an error; a ``str`` that is not a file
    is taken as the article text.
    """
    if isinstance(path_or_text, Path) or _is_file(path_or_text):
        path = Path(path_or_text)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise FileFormatError(
                f"cannot read the file: {err.strerror or err}", file=str(path)
            ) from None
        return make_document(decode(data, str(path)), name or str(path), date)
    return make_document(str(path_or_text), name or "<text>", date)


def _is_file(text: str) -> bool:
    if len(text) > 4096 or "\n" in text or "\x00" in text:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def extract(document: Document) -> list[Claim]:
    """Every statistical claim in ``document``, in text order (ids c1, c2, ...)."""
    return extract_claims(document)


__all__ = ["decode", "extract", "read_document"]
