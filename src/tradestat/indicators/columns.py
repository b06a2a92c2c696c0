"""Indicators as columns of a query Result: the bridge from sums to published figures.

The query layer returns exact sums for the period and its base, plus the totals a share needs.
This module applies the catalogue's functions row by row and appends one column per indicator
and measure (``value_cny_yoy``, ``value_cny_share`` ...) with a companion ``..._note`` column
holding the reason wherever a figure is not defined. Values are stored as DECIMAL(38, 10): far
finer than any published rounding, and never a float.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal

import pyarrow as pa

from tradestat.errors import QueryError, UnknownNameError
from tradestat.indicators.growth import yoy
from tradestat.indicators.ranking import rank
from tradestat.indicators.result import Derived
from tradestat.indicators.structure import contribution, contribution_rate, share, share_change
from tradestat.query.result import Result

STORE_PLACES = 10
_QUANTUM = Decimal(1).scaleb(-STORE_PLACES)
COLUMN_TYPE = pa.decimal128(38, STORE_PLACES)

Row = dict
RowIndicator = Callable[[Result, str, Row], Derived]


def _whole(result: Result, measure: str, base: bool) -> Decimal | int | None:
    totals = result.total if result.query.share_of == "total" else result.parent
    t = totals.get(measure)
    if t is None:
        return None
    return t.base if base else t.current


def _base_value(row: Row, measure: str) -> Decimal | int | None:
    return row.get(measure + "_base")


ROW_INDICATORS: dict[str, RowIndicator] = {
    "yoy": lambda r, m, row: yoy(row.get(m), _base_value(row, m)),
    "share": lambda r, m, row: share(row.get(m), _whole(r, m, False)),
    "share_base": lambda r, m, row: share(_base_value(row, m), _whole(r, m, True)),
    "share_change": lambda r, m, row: share_change(row.get(m), _whole(r, m, False),
                                                   _base_value(row, m), _whole(r, m, True)),
    "contribution": lambda r, m, row: contribution(row.get(m), _base_value(row, m),
                                                   _whole(r, m, True)),
    "contribution_rate": lambda r, m, row: contribution_rate(
        row.get(m), _base_value(row, m), _whole(r, m, False), _whole(r, m, True)),
}
#: Indicators that compare with the base period.
NEEDS_BASE = {"yoy", "share_base", "share_change", "contribution", "contribution_rate",
              "rank_yoy"}
KNOWN = (*ROW_INDICATORS, "rank", "rank_yoy")


def _store(d: Derived) -> Decimal | None:
    if d.value is None:
        return None
    return d.value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


def _unavailable(result: Result, name: str) -> str | None:
    if name not in NEEDS_BASE:
        return None
    if result.query.base is None:
        return "no comparison period was asked for (compare='none')"
    return result.base_unavailable


def add_indicators(result: Result, names: Sequence[str],
                   measures: Sequence[str] | None = None) -> Result:
    """Append indicator columns for ``names`` (see KNOWN) on each measure of the result.

    Distinct counts (enterprises, partners) are not additive, so shares and contributions of
    them are refused; growth and ranks of them are fine.
    """
    for name in names:
        if name not in KNOWN:
            close = tuple(difflib.get_close_matches(name, KNOWN, n=3, cutoff=0.5))
            raise UnknownNameError("indicator", name, close,
                                   hint="indicators per row: " + ", ".join(KNOWN))
    measures = list(measures or result.query.measures)
    rows = result.rows()
    columns: dict[str, pa.Array] = {}
    notes: dict[str, tuple[str | None, ...]] = {}
    for name in names:
        for m in measures:
            if name not in ("yoy", "rank", "rank_yoy") and m in result.non_additive:
                raise QueryError(f"{name} of {m!r} is not defined: {m} is a distinct count, "
                                 "which does not add up across members",
                                 hint="use yoy or rank for distinct counts")
            column = f"{m}_{name}"
            blocked = _unavailable(result, name)
            if name in ("rank", "rank_yoy"):
                source = {i: (row.get(m) if name == "rank" else
                              yoy(row.get(m), _base_value(row, m)))
                          for i, row in enumerate(rows)}
                derived = list(rank(source).values()) if not blocked else []
            else:
                derived = [] if blocked else [ROW_INDICATORS[name](result, m, row)
                                              for row in rows]
            if blocked:
                values = [None] * len(rows)
                reasons: list[str | None] = [blocked] * len(rows)
            else:
                values = [_store(d) for d in derived]
                reasons = [d.undefined for d in derived]
            columns[column] = pa.array(values, COLUMN_TYPE)
            columns[column + "_note"] = pa.array(reasons, pa.string())
            notes[column] = tuple(reasons)
    return result.with_columns(columns, notes)
