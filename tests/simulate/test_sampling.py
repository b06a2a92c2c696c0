"""Guided categorical draws give, for every uniform draw, the value a binary search gives."""

from __future__ import annotations

import numpy as np
import pytest

from tradestat.simulate.sampling import GuidedTables


def _reference(
    tables: dict[int, tuple[np.ndarray, np.ndarray]], keys: np.ndarray, u: np.ndarray
) -> np.ndarray:
    """One binary search per element, the plain way."""
    out = np.empty(len(keys), dtype=np.int64)
    for i, (k, x) in enumerate(zip(keys.tolist(), u.tolist(), strict=True)):
        values, cum = tables[k]
        pos = int(np.searchsorted(cum, x, side="right"))
        out[i] = values[min(pos, len(values) - 1)]
    return out


def _tables(rng: np.random.Generator) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    tables = {}
    for key, size in enumerate((1, 2, 7, 300, 2500)):
        weights = rng.pareto(1.2, size) + 1e-3
        weights[rng.random(size) < 0.2] = 0.0  # codes never drawn: flat steps in the CDF
        weights[-1] = max(weights[-1], 1e-3)
        cum = np.cumsum(weights)
        cum /= cum[-1]
        values = rng.permutation(10_000)[:size]
        tables[key] = (values, cum)
    return tables


def _awkward_draws(
    tables: dict[int, tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Draws exactly on, just below and just above every cumulative weight, and the ends."""
    keys, u = [], []
    for key, (_, cum) in tables.items():
        points = np.concatenate(
            [
                cum,
                np.nextafter(cum, 0.0),
                np.nextafter(cum, 1.0),
                [0.0, np.nextafter(1.0, 0.0), 0.5],
            ]
        )
        points = points[(points >= 0.0) & (points < 1.0)]
        keys.append(np.full(len(points), key))
        u.append(points)
    return np.concatenate(keys), np.concatenate(u)


@pytest.mark.parametrize("bits", [None, 8, 12])
def test_guided_draws_equal_binary_search(bits: int | None) -> None:
    rng = np.random.default_rng(5)
    tables = _tables(rng)
    guided = GuidedTables(tables, bits=bits)
    keys = rng.integers(0, len(tables), 20_000)
    u = rng.random(20_000)
    edge_keys, edge_u = _awkward_draws(tables)
    keys, u = np.concatenate([keys, edge_keys]), np.concatenate([u, edge_u])
    assert np.array_equal(guided.draw(keys, u), _reference(tables, keys, u))


def test_unknown_key_is_refused() -> None:
    rng = np.random.default_rng(1)
    guided = GuidedTables(_tables(rng))
    with pytest.raises(KeyError):
        guided.draw(np.asarray([0, 9]), np.asarray([0.1, 0.2]))
    with pytest.raises(KeyError):
        guided.draw(np.asarray([-1]), np.asarray([0.1]))


def test_a_gap_in_the_keys_is_refused_when_drawn() -> None:
    values, cum = np.asarray([3, 4]), np.asarray([0.5, 1.0])
    guided = GuidedTables({0: (values, cum), 2: (values, cum)})
    assert guided.draw(np.asarray([0, 2]), np.asarray([0.7, 0.2])).tolist() == [4, 3]
    with pytest.raises(KeyError):
        guided.draw(np.asarray([1]), np.asarray([0.3]))
