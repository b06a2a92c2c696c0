"""The code lists a simulation draws from, all taken from tradestat.reference.

Every code the simulator writes (partner, HS8, supervision mode, customs district, transport mode,
domestic district, enterprise type) comes from the shipped reference tables, so a simulated file
always passes ingest validation and group memberships (ASEAN, Central Asia, mechanical and
electrical products ...) mean in the data exactly what they mean in queries.

The calibration works on a few coarse categories per dimension; this module defines them and
how each maps to real codes:

- product clusters: new three / other mechanical & electrical / agricultural / other goods, each a
  pool of CN8 codes whose membership is the same in HS2017 and HS2022 (so one pool serves every
  year without edition-dependent surprises);
- enterprise groups: the published ownership groups (private, state-owned, foreign-invested,
  other) with their registration-code digits;
- trade-mode groups: the published groups with the supervision codes lines are drawn from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import numpy as np

from tradestat import reference as ref

__all__ = [
    "CLUSTERS",
    "ENTERPRISE_GROUPS",
    "FLOWS",
    "MODE_GROUPS",
    "PRODUCT_GROUP_CLUSTERS",
    "Universe",
    "universe",
]

FLOWS: tuple[str, ...] = ("export", "import")
CLUSTERS: tuple[str, ...] = ("new_three", "mech_other", "agricultural", "other_goods")
#: Published product groups the simulator can target, as sets of clusters.
PRODUCT_GROUP_CLUSTERS: Mapping[str, frozenset[int]] = MappingProxyType(
    {
        "new_three": frozenset({0}),
        "mechanical_electrical": frozenset({0, 1}),
        "agricultural": frozenset({2}),
    }
)
ENTERPRISE_GROUPS: tuple[str, ...] = ("private", "state_owned", "foreign_invested", "other")
MODE_GROUPS: tuple[str, ...] = (
    "ordinary",
    "border_small",
    "bonded_logistics",
    "processing",
    "other",
)

#: Supervision codes used per trade-mode group, with relative frequency by flow (export, import).
SUPERVISION_CODES: Mapping[str, tuple[tuple[str, float, float], ...]] = MappingProxyType(
    {
        "ordinary": (
            ("0110", 0.90, 0.95),
            ("9610", 0.04, 0.02),
            ("9710", 0.03, 0.0),
            ("9810", 0.02, 0.0),
            ("1210", 0.01, 0.03),
        ),
        "border_small": (("4019", 1.0, 1.0),),
        "bonded_logistics": (("1233", 0.2, 0.3), ("5034", 0.5, 0.5), ("6033", 0.3, 0.2)),
        "processing": (("0615", 0.7, 0.7), ("0214", 0.3, 0.3)),
        "other": (("1039", 0.6, 0.0), ("0130", 0.1, 0.2), ("9639", 0.0, 0.3), ("3339", 0.3, 0.5)),
    }
)

#: Registration-code type digits of each enterprise group, with weights.
ENTERPRISE_TYPE_DIGITS: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType(
    {
        "private": (("6", 0.90), ("7", 0.07), ("5", 0.03)),
        "state_owned": (("1", 1.0),),
        "foreign_invested": (("4", 0.5), ("3", 0.4), ("2", 0.1)),
        "other": (("9", 1.0),),
    }
)

#: Chapters drawn per cluster and flow (relative weights); anything absent is not drawn.
CHAPTER_WEIGHTS: Mapping[tuple[str, str], Mapping[str, float]] = MappingProxyType(
    {
        ("new_three", "export"): {"87": 0.6, "85": 0.4},
        ("new_three", "import"): {"87": 0.3, "85": 0.7},
        ("mech_other", "export"): {"87": 0.30, "84": 0.30, "85": 0.30, "90": 0.05, "73": 0.05},
        ("mech_other", "import"): {"84": 0.5, "85": 0.3, "90": 0.1, "87": 0.1},
        ("agricultural", "export"): {
            "08": 0.35,
            "20": 0.2,
            "07": 0.15,
            "09": 0.1,
            "12": 0.1,
            "21": 0.1,
        },
        ("agricultural", "import"): {
            "10": 0.3,
            "12": 0.25,
            "15": 0.15,
            "02": 0.1,
            "04": 0.1,
            "08": 0.1,
        },
        ("other_goods", "export"): {
            "61": 0.12,
            "62": 0.12,
            "64": 0.12,
            "63": 0.05,
            "52": 0.05,
            "39": 0.08,
            "72": 0.08,
            "73": 0.08,
            "69": 0.06,
            "70": 0.04,
            "94": 0.08,
            "95": 0.04,
            "42": 0.04,
            "40": 0.04,
        },
        ("other_goods", "import"): {
            "27": 0.30,
            "26": 0.20,
            "74": 0.15,
            "72": 0.10,
            "28": 0.05,
            "44": 0.05,
            "52": 0.05,
            "41": 0.05,
            "31": 0.05,
        },
    }
)

#: Typical unit value (yuan per kg) by chapter, for plausible quantities; default 20.
UNIT_VALUES: Mapping[str, float] = MappingProxyType(
    {
        "87": 60.0,
        "85": 120.0,
        "84": 90.0,
        "90": 400.0,
        "73": 15.0,
        "08": 12.0,
        "20": 14.0,
        "07": 6.0,
        "09": 30.0,
        "12": 8.0,
        "21": 25.0,
        "10": 3.0,
        "15": 9.0,
        "02": 35.0,
        "04": 25.0,
        "61": 150.0,
        "62": 160.0,
        "64": 90.0,
        "63": 40.0,
        "52": 25.0,
        "39": 14.0,
        "72": 5.0,
        "69": 6.0,
        "70": 10.0,
        "94": 30.0,
        "95": 45.0,
        "42": 80.0,
        "40": 20.0,
        "27": 3.5,
        "26": 1.2,
        "74": 60.0,
        "28": 5.0,
        "44": 2.5,
        "41": 20.0,
        "31": 3.0,
    }
)


@dataclass(frozen=True)
class Universe:
    """Arrays of codes the generator indexes into (built once per process)."""

    partner_codes: tuple[str, ...]  # customs 3-digit codes, real partners only
    partner_iso3: tuple[str | None, ...]
    hs_pools: Mapping[tuple[int, int], tuple[np.ndarray, np.ndarray]]  # (cluster, flow) ->
    # (indices into hs_codes, cumulative weights)
    hs_codes: tuple[str, ...]
    hs_unit_value: np.ndarray  # yuan per kg by hs index
    hs_unit: tuple[str, ...]  # unit of quantity1 by hs index

    def partner_index(self, code_or_iso3: str) -> int:
        """Index of a partner given as ISO3 or customs code (KeyError if not in the universe)."""
        key = code_or_iso3.strip().upper()
        if key in self._by_code:
            return self._by_code[key]
        return self._by_iso3[key]

    @property
    def _by_code(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.partner_codes)}

    @property
    def _by_iso3(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.partner_iso3) if c}


def _partner_list() -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """Real partners: no pseudo-codes, no China itself, no dissolved entities."""
    dissolved = {"349", "449"}
    rows = [
        r for r in ref.partners() if not r.pseudo and r.iso3 != "CHN" and r.code not in dissolved
    ]
    rows.sort(key=lambda r: r.code)
    return tuple(r.code for r in rows), tuple(r.iso3 for r in rows)


def _cluster_of_hs6(hs6: str) -> int | None:
    """Cluster of a subheading, or None if its membership differs between HS2017 and HS2022."""
    groups = ref.product_groups()
    out = []
    for edition in ("HS2017", "HS2022"):
        table = ref.hs_nomenclature(edition)
        if hs6 not in table:
            return None
        if groups["new_three"].contains(hs6, edition):
            out.append(0)
        elif groups["mechanical_electrical"].contains(hs6, edition):
            out.append(1)
        elif groups["agricultural"].contains(hs6, edition):
            out.append(2)
        else:
            out.append(3)
    return out[0] if out[0] == out[1] else None


@cache
def universe() -> Universe:
    """The code pools, built from the reference tables (cached per process)."""
    codes, iso3 = _partner_list()
    hs_codes: list[str] = []
    by_cluster_chapter: dict[tuple[int, str], list[int]] = {}
    cluster_cache: dict[str, int | None] = {}
    for row in ref.national_codes():
        if row.level != 8 or not row.in_hs or row.code.startswith(("98", "99")):
            continue
        hs6 = row.code[:6]
        if hs6 not in cluster_cache:
            cluster_cache[hs6] = _cluster_of_hs6(hs6)
        cluster = cluster_cache[hs6]
        if cluster is None:
            continue
        idx = len(hs_codes)
        hs_codes.append(row.code)
        by_cluster_chapter.setdefault((cluster, row.code[:2]), []).append(idx)
    pools: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    for ci, cname in enumerate(CLUSTERS):
        for fi, fname in enumerate(FLOWS):
            idx: list[int] = []
            weights: list[float] = []
            for chapter, w in CHAPTER_WEIGHTS[(cname, fname)].items():
                members = by_cluster_chapter.get((ci, chapter), [])
                for m in members:
                    idx.append(m)
                    weights.append(w / len(members))
            if not idx:  # fall back to every code of the cluster
                for (c, _), members in by_cluster_chapter.items():
                    if c == ci:
                        idx.extend(members)
                weights = [1.0] * len(idx)
            cum = np.cumsum(np.asarray(weights, dtype=np.float64))
            pools[(ci, fi)] = (np.asarray(idx, dtype=np.int32), cum / cum[-1])
    unit_value = np.array([UNIT_VALUES.get(c[:2], 20.0) for c in hs_codes])
    units = tuple("辆" if c.startswith("8703") else "千克" for c in hs_codes)
    return Universe(
        partner_codes=codes,
        partner_iso3=iso3,
        hs_pools=pools,
        hs_codes=tuple(hs_codes),
        hs_unit_value=unit_value,
        hs_unit=units,
    )
