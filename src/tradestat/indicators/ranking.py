"""Rank among siblings ("增速居全国第一位"): explicit direction, explicit treatment of ties.

Members without a value are not silently put last (or first): they get an undefined rank with
the reason, and they do not count in "of N". Values compare exactly, so 1.0 and 1.00 tie.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import TypeVar

from .errors import InvalidArgument
from .numbers import Number, show
from .result import Derived, Unit, defined, operand, undefined

__all__ = ["TIES", "rank"]

K = TypeVar("K", bound=Hashable)

#: "min": competition ranking 1, 2, 2, 4 (the tied share the best rank, the next one skips);
#: "dense": 1, 2, 2, 3 (no gaps).
TIES = ("min", "dense")


def rank(values: Mapping[K, Derived | Number | None], *, descending: bool = True,
         ties: str = "min") -> dict[K, Derived]:
    """Rank every member; rank 1 is the largest value when ``descending`` (the default).

    Values may be numbers, ``None`` (no data) or ``Derived`` (e.g. growth rates, whose
    undefined reason is kept). The result keeps the order of ``values``.
    """
    if ties not in TIES:
        raise InvalidArgument(f"ties must be one of {', '.join(TIES)}, not {ties!r}")
    if not isinstance(descending, bool):
        raise InvalidArgument(f"descending must be True or False, not {descending!r}")
    read = {key: operand(v, f"value of {key}") for key, v in values.items()}
    ranked = [v for v, _ in read.values() if v is not None]
    # Values strictly better than a given one come first in this order.
    ordered = sorted(ranked, reverse=descending)
    distinct = sorted(set(ranked), reverse=descending)
    first_position: dict[Decimal, int] = {}
    for position, v in enumerate(ordered):
        first_position.setdefault(v, position)
    dense_position = {v: position for position, v in enumerate(distinct)}
    direction = "descending" if descending else "ascending"
    result: dict[K, Derived] = {}
    for key, (v, reason) in read.items():
        if v is None:
            result[key] = undefined(f"not ranked: {reason}", Unit.RANK,
                                    f"no value among {len(ranked)} ranked")
            continue
        better = first_position[v] if ties == "min" else dense_position[v]
        kind = "values" if ties == "min" else "distinct values"
        word = "larger" if descending else "smaller"
        formula = (f"1 + {better} {kind} {word} than {show(v)} (of {len(ranked)} ranked, "
                   f"{direction}, ties: {ties})")
        result[key] = defined(Decimal(better + 1), Unit.RANK, formula)
    return result
