"""Request: what a user asked for, as loosely as they said it.

Python keyword arguments, CLI options and HTTP JSON all arrive here first. A Request only
normalises shapes (a string or a list, "a,b" or ["a", "b"], "partner=145;flow=export") so that one
validator (query.query.build_query) can check names against the model for every interface.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tradestat.errors import QueryError

StrOrList = str | Sequence[str] | None


def as_names(value: StrOrList) -> tuple[str, ...]:
    """"a, b" or ["a", "b"] or None → ("a", "b")."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    out: list[str] = []
    for item in value:
        out.extend(as_names(str(item)))
    return tuple(out)


def parse_where(
    value: Mapping[str, Any] | str | Sequence[str] | None,
) -> dict[str, tuple[str, ...]]:
    """Filters as {level: (member, ...)} from a mapping or "level=a,b" strings (";" between)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(k): as_names(v if not isinstance(v, int | float) else str(v))
                for k, v in value.items()}
    items = value.split(";") if isinstance(value, str) else list(value)
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        level, sep, members = item.partition("=")
        if not sep or not level.strip() or not members.strip():
            raise QueryError(f"cannot read the filter {item!r}",
                             hint="write filters as level=member[,member...], e.g. "
                                  "partner_group=ASEAN or flow=export")
        out[level.strip()] = out.get(level.strip(), ()) + as_names(members)
    return out


@dataclass(frozen=True)
class Request:
    """A query as the user gave it; see :func:`tradestat.query.build_query` for the meanings."""

    period: Any = None
    measures: tuple[str, ...] = ("value_cny",)
    by: tuple[str, ...] = ()
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    region: tuple[str, ...] = ()
    region_basis: str = "registered"
    partner_basis: str = "origin_destination"
    flow: str | None = None
    compare: Any = "default"
    indicators: tuple[str, ...] = ()
    share_of: str = "total"
    top: int | None = None
    order_by: str | None = None
    ascending: bool = False
    dataset: str | None = None
    as_of: dt.date | None = None
    allow_partial: bool = False

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> Request:
        """Build from loose keyword arguments (lists or comma strings; unknown keys refused)."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise QueryError(f"unknown query option(s): {', '.join(unknown)}",
                             hint="options: " + ", ".join(sorted(known)))
        values = dict(kwargs)
        for name in ("measures", "by", "region", "indicators"):
            if name in values:
                values[name] = as_names(values[name])
        if "measures" in values and not values["measures"]:
            values.pop("measures")
        if "where" in values:
            values["where"] = parse_where(values["where"])
        if isinstance(values.get("as_of"), str):
            try:
                values["as_of"] = dt.date.fromisoformat(values["as_of"])
            except ValueError:
                raise QueryError(f"as_of {values['as_of']!r} is not a date",
                                 hint="write dates as YYYY-MM-DD") from None
        if isinstance(values.get("top"), str):
            try:
                values["top"] = int(values["top"])
            except ValueError:
                raise QueryError(f"top {values['top']!r} is not a whole number") from None
        for name in ("region_basis", "partner_basis", "share_of"):
            if name in values and values[name] is None:
                values.pop(name)
        return cls(**values)
