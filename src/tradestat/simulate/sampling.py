"""Inverse-CDF draws from small categorical tables, fast and exactly like ``searchsorted``.

The generator draws a value per line or declaration from one of a few tables (a product pool per
cluster and flow, a route per corridor, a supervision code per trade-mode group and flow): the
value whose cumulative weight is the first one above a uniform ``u``. A binary search per draw
into pools of thousands of codes was a large share of the generation time, so each table gets a
*guide*: the unit interval cut into ``2**bits`` buckets, and for every bucket the value that every
``u`` inside it selects, when that is one value. Most draws are then a single lookup; the few
``u`` in buckets that straddle a cumulative weight fall back to the binary search. The result is
the same value ``searchsorted`` gives for every ``u`` (not just in distribution), so the
simulated data do not change with this speed-up.

Why it is exact: ``u * 2**bits`` is computed without rounding, so the bucket ``b`` of ``u``
satisfies ``b / 2**bits <= u < (b + 1) / 2**bits``; ``searchsorted(cum, u * scale)`` does not
decrease as ``u`` grows (rounding of a product by a positive constant is monotone), so if it is
the same at both ends of the bucket it is that value everywhere inside.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["GuidedTables", "guide"]


def guide(cum: np.ndarray, bits: int, scale: float = 1.0) -> np.ndarray:
    """Per bucket of ``[0, 1)``: the position ``searchsorted(cum, u * scale, "right")`` (capped at
    the last position) shared by every ``u`` in the bucket, or -1 where it is not shared."""
    buckets = 1 << bits
    edges = np.arange(buckets + 1, dtype=np.float64) / buckets
    lo = np.searchsorted(cum, edges[:-1] * scale, side="right")
    hi = np.searchsorted(cum, np.nextafter(edges[1:], 0.0) * scale, side="right")
    last = len(cum) - 1
    return np.where(lo == hi, np.minimum(lo, last), -1)


class GuidedTables:
    """Several tables {key: (values, cumulative weights)} drawn from in one vectorised call.

    ``draw(keys, u)`` returns ``values[min(searchsorted(cum, u, "right"), len - 1)]`` of each
    element's table, like a loop over the keys would, without that loop for most elements.
    Values must be non-negative integers (indices into a code list).
    """

    def __init__(
        self, tables: Mapping[int, tuple[np.ndarray, np.ndarray]], bits: int | None = None
    ) -> None:
        if not tables:
            raise ValueError("no tables to draw from")
        longest = max(len(cum) for _, cum in tables.values())
        # About 16 buckets per value of the longest table: few straddling buckets, and the
        # guide of a few thousand codes still fits in the processor's cache.
        self.bits = bits if bits is not None else min(16, max(8, int(longest * 16).bit_length()))
        self.tables = {
            int(k): (np.asarray(v), np.asarray(c, dtype=np.float64)) for k, (v, c) in tables.items()
        }
        n_keys = max(self.tables) + 1
        self._guide = np.full((n_keys, 1 << self.bits), -1, dtype=np.int32)
        for key, (values, cum) in self.tables.items():
            if np.any(values < 0):
                raise ValueError("table values must be non-negative indices")
            pos = guide(cum, self.bits)
            known = pos >= 0
            self._guide[key, known] = values[pos[known]]
        self._flat = self._guide.ravel()

    def draw(self, keys: np.ndarray, u: np.ndarray) -> np.ndarray:
        """One value per element of ``keys`` for the uniform draws ``u`` in ``[0, 1)``."""
        if len(keys) and (int(keys.min()) < 0 or int(keys.max()) >= len(self._guide)):
            raise KeyError(
                f"keys {int(keys.min())}..{int(keys.max())} outside the tables "
                f"0..{len(self._guide) - 1}"
            )
        bucket = (u * float(1 << self.bits)).astype(np.int64)
        out = self._flat[keys.astype(np.int64) * (1 << self.bits) + bucket]
        open_ = np.flatnonzero(out < 0)
        if len(open_):
            open_keys = keys[open_]
            for key in np.unique(open_keys):
                at = open_[open_keys == key]
                values, cum = self.tables[int(key)]
                out[at] = values[
                    np.minimum(np.searchsorted(cum, u[at], side="right"), len(values) - 1)
                ]
        return out
