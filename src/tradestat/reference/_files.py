"""Reading the data files shipped inside the package.

Everything goes through ``importlib.resources`` so that an installed wheel (or a zipped install)
works without the development checkout or the shared data folder. CSV files are read as text with
``utf-8-sig`` because several upstream files start with a byte-order mark; every cell stays a
string, so codes with leading zeros ("0110", "010121") and the ISO2 code "NA" (Namibia) survive.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from .errors import InvalidReferenceFile

DATA_PACKAGE = "tradestat.reference"
DATA_DIR = "data"


def data_path(relpath: str) -> Traversable:
    """Return the shipped data file ``data/<relpath>`` as a resource handle."""
    node = resources.files(DATA_PACKAGE).joinpath(DATA_DIR)
    for part in relpath.split("/"):
        node = node.joinpath(part)
    return node


def read_text(relpath: str) -> str:
    """Read a shipped text file as UTF-8 (a leading byte-order mark is dropped)."""
    return data_path(relpath).read_text(encoding="utf-8-sig")


def iter_csv_text(
    text: str, source: str, required: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` from CSV text, skipping blank rows.

    ``line_number`` is the physical line on which the row ends (header = line 1), which is what a
    person opening the file in an editor needs. Missing required columns raise
    :class:`InvalidReferenceFile`. Cells are stripped of surrounding whitespace.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for column in required:
        if column not in header:
            raise InvalidReferenceFile(
                source, 1, column, None, f"required column {column!r} is missing"
            )
    for raw in reader:
        if None in raw:
            raise InvalidReferenceFile(
                source, reader.line_num, None, raw[None], "row has more cells than the header"
            )
        row = {k: (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        yield reader.line_num, row


def read_csv(relpath: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Read a shipped CSV file into a list of string dictionaries (blank rows dropped)."""
    source = f"tradestat/reference/data/{relpath}"
    return [row for _, row in iter_csv_text(read_text(relpath), source, required)]


def read_yaml(relpath: str) -> Any:
    """Read a shipped YAML file with the safe loader."""
    return yaml.safe_load(read_text(relpath))
