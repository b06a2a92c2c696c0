"""Where tradestat keeps what it can rebuild: one rule for every cache.

The ingest code-list tables and the simulator's calibrations are both derived data worth
keeping between runs; one function decides the folder, so ``$TRADESTAT_CACHE_DIR`` (set by the
tests, or by a user who wants the cache elsewhere) moves all of them together. Like ``errors``,
this module is a floor every room may import: it imports nothing of ours.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(name: str) -> Path:
    """``$TRADESTAT_CACHE_DIR/<name>``, else the user's cache directory (``$XDG_CACHE_HOME`` or
    ``~/.cache``) under ``tradestat/<name>``."""
    root = os.environ.get("TRADESTAT_CACHE_DIR")
    if root:
        return Path(root) / name
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "tradestat" / name
