"""Trade modes: 4-digit supervision codes, 2-digit statistical modes and their published groups.

The rule that ties them together: the last two digits of a supervision-mode code are its
statistical trade mode (0110 -> 10, 4019 -> 19, 9610 -> 10). Published groups (ordinary,
processing, border small-amount, bonded logistics, other) are unions of statistical modes.
Cross-border e-commerce and market procurement cut across them and can only be identified from
the full 4-digit code. Group membership lives in ``data/authored/trade_modes.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

import pyarrow as pa

from ._files import read_csv, read_yaml
from ._table import CodeTable
from .errors import InvalidReferenceFile, UnknownCodeError

__all__ = [
    "StatisticalTradeMode",
    "SupervisionMode",
    "TradeModeGroup",
    "cross_cutting_groups_for",
    "published_group_for",
    "statistical_code_for",
    "statistical_trade_modes",
    "supervision_modes",
    "trade_mode_groups",
]

_YAML = "authored/trade_modes.yaml"


@dataclass(frozen=True, slots=True)
class SupervisionMode:
    """A 4-digit supervision-mode code (监管方式) from the declaration.

    ``name_zh`` is the official short name and ``full_name_zh`` the long one. ``name_en`` is ours
    and only given for the codes that releases and checks refer to ("" otherwise).
    """

    code: str
    name_en: str
    name_zh: str
    full_name_zh: str
    statistical_code: str
    published_group: str
    cross_cutting_groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatisticalTradeMode:
    """A 2-digit statistical trade mode (贸易方式), the code GACC publishes under.

    ``in_trade_statistics`` is False for suffixes that are not among the 20 published modes (see
    ``status`` for how certain that is).
    """

    code: str
    name_en: str
    name_zh: str
    published_group: str
    in_trade_statistics: bool
    status: str
    supervision_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TradeModeGroup:
    """A published trade-mode group (kind "published" / "not_statistical") or a cross-cutting one.

    Published groups are defined by ``statistical_codes``; cross-cutting groups by
    ``supervision_codes`` (4-digit) and leave ``statistical_codes`` as the suffixes they span.
    """

    code: str
    name_en: str
    name_zh: str
    kind: str
    statistical_codes: tuple[str, ...]
    supervision_codes: tuple[str, ...]
    definition: str
    status: str


SUPERVISION_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("full_name_zh", pa.string()),
        ("statistical_code", pa.string()),
        ("published_group", pa.string()),
        ("cross_cutting_groups", pa.list_(pa.string())),
    ]
)

STATISTICAL_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("published_group", pa.string()),
        ("in_trade_statistics", pa.bool_()),
        ("status", pa.string()),
        ("supervision_codes", pa.list_(pa.string())),
    ]
)

GROUP_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("kind", pa.string()),
        ("statistical_codes", pa.list_(pa.string())),
        ("supervision_codes", pa.list_(pa.string())),
        ("definition", pa.string()),
        ("status", pa.string()),
    ]
)


@cache
def _spec() -> Mapping[str, Any]:
    return read_yaml(_YAML)


@cache
def _raw_supervision() -> tuple[dict[str, str], ...]:
    rows = read_csv("customs-codes/trade_modes.csv", required=("trade_mode_code", "abbr_zh"))
    for r in rows:
        code = r["trade_mode_code"]
        if len(code) != 4 or not code.isdigit():
            raise InvalidReferenceFile(
                "tradestat/reference/data/customs-codes/trade_modes.csv",
                None,
                "trade_mode_code",
                code,
                "not a 4-digit code",
            )
    return tuple(rows)


@cache
def _cross_cutting_index() -> Mapping[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for group in _spec()["cross_cutting_groups"]:
        for code in group["supervision_codes"]:
            index[str(code)].append(group["id"])
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


@cache
def statistical_trade_modes() -> CodeTable[StatisticalTradeMode]:
    """The 2-digit statistical trade modes, plus every other suffix found in supervision codes.

    The 20 published modes (10 ordinary ... 41 duty-free goods) have ``in_trade_statistics=True``;
    names follow the published list (Chinese) and our translations (English). The remaining
    suffixes (00, 42-71) are listed with group ``not_statistical`` so that every supervision code
    resolves; their classification is unconfirmed.
    """
    by_suffix: dict[str, list[str]] = defaultdict(list)
    for r in _raw_supervision():
        by_suffix[r["trade_mode_code"][2:]].append(r["trade_mode_code"])
    groups = {g["id"] for g in _spec()["published_groups"]}
    rows = []
    for m in _spec()["statistical_modes"]:
        code = str(m["code"])
        if m["published_group"] not in groups:
            raise InvalidReferenceFile(
                _YAML, None, "published_group", m["published_group"], f"unknown group for {code}"
            )
        rows.append(
            StatisticalTradeMode(
                code=code,
                name_en=m["name_en"],
                name_zh=m["name_zh"],
                published_group=m["published_group"],
                in_trade_statistics=bool(m.get("in_trade_statistics", True)),
                status=m.get("status", ""),
                supervision_codes=tuple(sorted(by_suffix.get(code, ()))),
            )
        )
    table = CodeTable("statistical_trade_modes", rows, STATISTICAL_SCHEMA)
    missing = sorted(set(by_suffix) - table.codes())
    if missing:
        raise InvalidReferenceFile(
            _YAML, None, "statistical_modes", missing, "supervision-code suffixes without a mode"
        )
    return table


@cache
def supervision_modes() -> CodeTable[SupervisionMode]:
    """The 4-digit supervision-mode codes (104 codes, single-window table, mid-2022 vintage).

    ``statistical_code`` is the last two digits; ``published_group`` follows from it.
    ``cross_cutting_groups`` lists e.g. "cross_border_ecommerce" for 9610/1210/1239/9710/9810 and
    "market_procurement" for 1039. Note 4561 is returned goods (suffix 61), not border trade (4019).
    The suffix rule is derived, not taken from a GACC table: check it before relying on a code
    that releases have not confirmed.
    """
    stat = statistical_trade_modes()
    names_en = {str(k): v for k, v in _spec().get("supervision_names_en", {}).items()}
    cross = _cross_cutting_index()
    rows = []
    for r in _raw_supervision():
        code = r["trade_mode_code"]
        mode = stat[code[2:]]
        rows.append(
            SupervisionMode(
                code=code,
                name_en=names_en.get(code, ""),
                name_zh=r["abbr_zh"],
                full_name_zh=r.get("full_zh", ""),
                statistical_code=mode.code,
                published_group=mode.published_group,
                cross_cutting_groups=cross.get(code, ()),
            )
        )
    table = CodeTable(
        "supervision_modes",
        rows,
        SUPERVISION_SCHEMA,
        name_fields=("name_en", "name_zh", "full_name_zh"),
    )
    unknown = sorted((set(names_en) | set(cross)) - table.codes())
    if unknown:
        raise InvalidReferenceFile(
            _YAML, None, "supervision_codes", unknown, "codes not in the supervision table"
        )
    return table


@cache
def trade_mode_groups() -> CodeTable[TradeModeGroup]:
    """Published trade-mode groups and the cross-cutting groups keyed by 4-digit codes.

    Published: ordinary (10), processing (14+15), border_small (19), bonded_logistics (33+34),
    other (remaining published modes); plus not_statistical for the other suffixes.
    Cross-cutting: cross_border_ecommerce {9610, 1210, 1239, 9710, 9810}, market_procurement
    {1039}. Group names are as published; membership by code is partly unconfirmed (``status``).
    """
    stat = statistical_trade_modes()
    rows = []
    for g in _spec()["published_groups"]:
        members = tuple(m.code for m in stat if m.published_group == g["id"])
        rows.append(
            TradeModeGroup(
                code=g["id"],
                name_en=g["name_en"],
                name_zh=g["name_zh"],
                kind="not_statistical" if g["id"] == "not_statistical" else "published",
                statistical_codes=members,
                supervision_codes=tuple(c for m in members for c in stat[m].supervision_codes),
                definition=g["definition"],
                status=g["status"],
            )
        )
    for g in _spec()["cross_cutting_groups"]:
        codes = tuple(str(c) for c in g["supervision_codes"])
        rows.append(
            TradeModeGroup(
                code=g["id"],
                name_en=g["name_en"],
                name_zh=g["name_zh"],
                kind="cross_cutting",
                statistical_codes=tuple(sorted({c[2:] for c in codes})),
                supervision_codes=codes,
                definition=" ".join(g["definition"].split()),
                status=g["status"],
            )
        )
    return CodeTable("trade_mode_groups", rows, GROUP_SCHEMA)


def statistical_code_for(supervision_code: str) -> str:
    """The 2-digit statistical trade mode of a 4-digit supervision code (e.g. "4019" -> "19")."""
    return supervision_modes()[supervision_code].statistical_code


def published_group_for(code: str) -> str:
    """Published group of a 2-digit or 4-digit trade-mode code ("0110" -> "ordinary")."""
    if isinstance(code, str) and len(code) == 4:
        return supervision_modes()[code].published_group
    if isinstance(code, str) and len(code) == 2:
        return statistical_trade_modes()[code].published_group
    raise UnknownCodeError(
        "trade_modes", code, reason="is neither a 2-digit nor a 4-digit trade-mode code"
    )


def cross_cutting_groups_for(supervision_code: str) -> tuple[str, ...]:
    """Cross-cutting groups of a 4-digit supervision code (() when none)."""
    return supervision_modes()[supervision_code].cross_cutting_groups
