"""The rooms of DESIGN.md import one way only; this test reads every import and checks the plan."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tradestat"

#: Modules every room may use: typed errors, and where caches live. They import nothing of ours.
FLOOR = {"errors", "cache"}

#: room -> rooms it may import (besides the floor).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "cache": set(),
    "reference": set(),
    "periods": set(),
    "model": {"reference", "periods"},
    "ingest": {"reference", "model"},
    "warehouse": {"model"},
    "query": {"model", "periods"},
    "indicators": {"query"},
    "engines": {"query"},
    # periods for dates in sentences, model for member captions (both below query)
    "bulletin": {"query", "indicators", "periods", "model"},
    "claims": {"periods", "query", "indicators"},
    "simulate": {"reference", "model"},
    "api": {"query", "bulletin", "claims"},
    "web": {"query", "bulletin", "claims"},
}


def _room(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imported_rooms(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rooms = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "tradestat" and len(parts) > 1:
                rooms.add(parts[1])
    return rooms


def test_rooms_import_only_what_design_allows() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        room = _room(path)
        if room not in ALLOWED:
            continue  # cli, demo, __init__: the top, allowed everything
        extra = _imported_rooms(path) - ALLOWED[room] - {room} - FLOOR
        if extra:
            violations.append(f"{path.relative_to(PACKAGE)} imports {sorted(extra)}")
    assert violations == []
