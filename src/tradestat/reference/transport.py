"""Transport modes (运输方式) and the statistical groups releases report.

Releases give shares by road, rail, water and air. Declaration codes are finer (bonded areas,
special zones, fixed installations); everything that is not one of the five carriers is "other".
Pipelines and power grids (code G) are "other" too, which matters for energy imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from ._files import read_csv
from ._table import CodeTable
from .errors import InvalidReferenceFile

__all__ = ["TransportGroup", "TransportMode", "transport_groups", "transport_modes"]


@dataclass(frozen=True, slots=True)
class TransportMode:
    """A one-character transport-mode code of the declaration (0-9 or a letter)."""

    code: str
    name_en: str
    name_zh: str
    statistical_group: str


@dataclass(frozen=True, slots=True)
class TransportGroup:
    """A statistical transport group: waterway, railway, road, air, post or other."""

    code: str
    name_en: str
    name_zh: str
    mode_codes: tuple[str, ...]


MODE_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("statistical_group", pa.string()),
    ]
)

GROUP_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("mode_codes", pa.list_(pa.string())),
    ]
)


@cache
def transport_modes() -> CodeTable[TransportMode]:
    """Transport-mode codes (20) with Chinese names (single-window table) and our English names.

    ``statistical_group``: 2 waterway, 3 railway, 4 road, 5 air, 6 post; every other code,
    including G (fixed installations: pipelines, power grid), is "other".
    """
    authored = {r["code"]: r for r in read_csv("authored/transport_modes.csv")}
    groups = {r["code"] for r in read_csv("authored/transport_groups.csv")}
    rows = []
    for r in read_csv("customs-codes/transport_modes.csv", required=("traf_code", "name_zh")):
        code = r["traf_code"]
        mine = authored.get(code)
        if mine is None or mine["statistical_group"] not in groups:
            raise InvalidReferenceFile(
                "tradestat/reference/data/authored/transport_modes.csv",
                None,
                "code",
                code,
                "transport code without English name or valid group",
            )
        rows.append(
            TransportMode(
                code=code,
                name_en=mine["name_en"],
                name_zh=r["name_zh"],
                statistical_group=mine["statistical_group"],
            )
        )
    return CodeTable("transport_modes", rows, MODE_SCHEMA)


@cache
def transport_groups() -> CodeTable[TransportGroup]:
    """The six statistical transport groups and the declaration codes in each."""
    modes = transport_modes()
    rows = [
        TransportGroup(
            code=r["code"],
            name_en=r["name_en"],
            name_zh=r["name_zh"],
            mode_codes=tuple(m.code for m in modes if m.statistical_group == r["code"]),
        )
        for r in read_csv("authored/transport_groups.csv")
    ]
    return CodeTable("transport_groups", rows, GROUP_SCHEMA)
