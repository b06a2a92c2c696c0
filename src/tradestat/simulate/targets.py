"""Targets: the published figures a simulation must reproduce, read from a data file.

A targets file (YAML, shipped in ``tradestat/simulate/data``) lists figures exactly as they were
published: a region, a period, a slice of trade, an indicator, the value as displayed and its
displayed precision, the source, and whether the figure was published or derived by us. Keeping
them as data means a reviewer can check every number against its source without reading code,
and a new region needs a new file, not new code.

Each target turns into an interval: a value shown with one decimal in 亿元 stands for anything
within ±0.05亿 of it, a growth shown as +25% for anything in [24.5 %, 25.5 %]. The simulator aims
inside every interval; the report says pass when the achieved value lies in it (bounds included).

Figures that a later publication revised (DOMAIN.md §1: the latest publication prevails) stay in
the file with ``fit: false`` and ``superseded_by``, so the report can show them next to the
revised data instead of forgetting them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tradestat.simulate.errors import TargetFileError

__all__ = [
    "COUNT_KINDS",
    "INDICATORS",
    "SLICE_DIMENSIONS",
    "UNITS",
    "Period",
    "Target",
    "TargetSet",
    "builtin_targets",
    "load_targets",
    "parse_period",
]

#: Unit name -> how many base units (yuan, ratio 1, count 1) one displayed unit is.
UNITS: Mapping[str, Decimal] = MappingProxyType(
    {
        "yuan": Decimal(1),
        "100m_cny": Decimal(10) ** 8,  # 亿元
        "1t_cny": Decimal(10) ** 12,  # 万亿元
        "pct": Decimal("0.01"),
        "count": Decimal(1),
        "rank": Decimal(1),
    }
)

INDICATORS = ("value", "yoy", "share", "count", "rank", "gap_pp")
#: What a count target counts: distinct partners or enterprises with records in the period, or
#: (national context) provinces whose growth exceeds the national growth / zero.
COUNT_KINDS = ("partners", "enterprises", "provinces_above_national_growth", "provinces_growing")

#: Slice dimensions a target may restrict, and what their members are.
SLICE_DIMENSIONS: Mapping[str, str] = MappingProxyType(
    {
        "flow": "import | export",
        "partner": "ISO alpha-3 or customs 3-digit partner code",
        "partner_group": "a country group of tradestat.reference or of the file's `groups:`",
        "product_group": "mechanical_electrical | new_three | agricultural",
        "enterprise_group": "state_owned | foreign_invested | private | other",
        "trade_mode_group": "ordinary | processing | border_small | bonded_logistics | other",
        "region": "2-digit province code (national context only)",
    }
)

_KEYS = {
    "id",
    "period",
    "slice",
    "indicator",
    "value",
    "decimals",
    "unit",
    "of",
    "count_of",
    "comparison",
    "source",
    "status",
    "fit",
    "superseded_by",
    "note",
    "region",
    "among",
    "reference",
}
_PERIOD_YEAR = re.compile(r"^(\d{4})$")
_PERIOD_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PERIOD_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    """A set of consecutive months (YYYYMM), with the label it was written as."""

    label: str
    months: tuple[int, ...]

    @property
    def years(self) -> frozenset[int]:
        return frozenset(m // 100 for m in self.months)

    def shifted(self, years: int) -> Period:
        """The same months ``years`` years later (negative: earlier), for year-on-year bases."""
        months = tuple(m + 100 * years for m in self.months)
        return Period(f"{self.label}{years:+d}y", months)


def parse_period(text: str) -> Period:
    """Parse ``2025`` (year), ``2025-05`` (month) or ``2025-01..2025-05`` (a span of months)."""
    text = str(text).strip()
    if m := _PERIOD_YEAR.match(text):
        y = int(m[1])
        return Period(text, tuple(y * 100 + i for i in range(1, 13)))
    if m := _PERIOD_MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise ValueError(f"month {mo} out of range in {text!r}")
        return Period(text, (y * 100 + mo,))
    if m := _PERIOD_RANGE.match(text):
        start, end = int(m[1]) * 12 + int(m[2]) - 1, int(m[3]) * 12 + int(m[4]) - 1
        if not (1 <= int(m[2]) <= 12 and 1 <= int(m[4]) <= 12) or end < start:
            raise ValueError(f"bad month span {text!r}")
        return Period(text, tuple((i // 12) * 100 + i % 12 + 1 for i in range(start, end + 1)))
    raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM..YYYY-MM, got {text!r}")


@dataclass(frozen=True, slots=True)
class Target:
    """One published (or derived) figure and the interval its displayed rounding allows."""

    id: str
    region: str
    period: Period
    slice: Mapping[str, str]
    indicator: str
    value: Decimal
    decimals: int
    unit: str
    of: Mapping[str, str] | None = None
    count_of: str | None = None
    comparison: str = "="
    source: str = ""
    status: str = "published"
    fit: bool = True
    superseded_by: str | None = None
    note: str = ""
    among: str | None = None
    reference: str | None = None

    @property
    def half_width(self) -> Decimal:
        """Half the displayed rounding step, in the target's displayed unit."""
        return Decimal(5) * Decimal(10) ** (-self.decimals - 1)

    def interval(self) -> tuple[float, float]:
        """Allowed range in base units: yuan for values, a ratio for yoy (cur/base) and share,
        a number for counts and ranks. Open sides (thresholds) are ±inf."""
        scale = UNITS[self.unit]
        h = self.half_width
        v = self.value
        if self.indicator == "gap_pp":
            # A gap is published as the difference of two rounded growth rates (19.9 - 3.8 =
            # 16.1), so it carries both roundings.
            h = 2 * h
        if self.indicator == "yoy":
            lo, hi = 1 + (v - h) * scale, 1 + (v + h) * scale
        else:
            lo, hi = (v - h) * scale, (v + h) * scale
        if self.indicator in ("count", "rank"):
            lo, hi = v - h, v + h
        if self.comparison == ">=":
            hi = Decimal("Infinity")
            lo = (1 + v * scale) if self.indicator == "yoy" else v * scale
        elif self.comparison == "<=":
            lo = Decimal("-Infinity")
            hi = (1 + v * scale) if self.indicator == "yoy" else v * scale
        return float(lo), float(hi)

    def displayed(self) -> str:
        """The target as a person would read it (value, unit and comparison)."""
        unit = {
            "100m_cny": "亿元",
            "1t_cny": "万亿元",
            "pct": "%",
            "count": "",
            "rank": "",
            "yuan": "yuan",
        }[self.unit]
        op = {"=": "", ">=": "≥ ", "<=": "≤ "}[self.comparison]
        sign = "+" if self.indicator == "yoy" and self.value > 0 else ""
        return f"{op}{sign}{self.value:,.{self.decimals}f}{unit}"

    def describe(self) -> str:
        """Indicator, slice and period in a few words, for report tables."""
        sl = ", ".join(f"{k}={v}" for k, v in self.slice.items()) or "total"
        extra = ""
        if self.indicator == "share":
            of = ", ".join(f"{k}={v}" for k, v in (self.of or {}).items()) or "total"
            extra = f" of {of}"
        elif self.indicator == "count":
            extra = f" of {self.count_of}"
        elif self.indicator == "gap_pp":
            extra = f" vs {self.reference}"
        return f"{self.indicator}{extra} [{sl}] {self.period.label}"


@dataclass(frozen=True, slots=True)
class TargetSet:
    """A whole targets file: its region, its extra country groups and its targets."""

    name: str
    region: str
    region_basis: str
    years: tuple[int, int]
    targets: tuple[Target, ...]
    groups: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    profile: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    path: str = ""

    def by_id(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)


def _slice(raw: Any, where: str) -> Mapping[str, str]:
    if raw in (None, "total", {}):
        return MappingProxyType({})
    if not isinstance(raw, Mapping):
        raise TargetFileError(f"{where}: slice must be a mapping like {{flow: export}} or 'total'")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in SLICE_DIMENSIONS:
            raise TargetFileError(
                f"{where}: unknown slice dimension {key!r}",
                hint=f"use one of {', '.join(SLICE_DIMENSIONS)}",
            )
        out[str(key)] = str(value)
    return MappingProxyType(out)


def _target(raw: Mapping[str, Any], default_region: str, where: str) -> Target:
    unknown = set(raw) - _KEYS
    if unknown:
        raise TargetFileError(
            f"{where}: unknown key(s) {sorted(unknown)}", hint=f"keys: {', '.join(sorted(_KEYS))}"
        )
    for key in ("id", "period", "indicator", "value"):
        if key not in raw:
            raise TargetFileError(f"{where}: missing {key!r}")
    tid = str(raw["id"])
    where = f"{where} ({tid})"
    indicator = str(raw["indicator"])
    if indicator not in INDICATORS:
        raise TargetFileError(
            f"{where}: unknown indicator {indicator!r}", hint=f"use one of {', '.join(INDICATORS)}"
        )
    try:
        period = parse_period(str(raw["period"]))
    except ValueError as exc:
        raise TargetFileError(f"{where}: {exc}") from exc
    default_unit = {
        "value": "100m_cny",
        "yoy": "pct",
        "share": "pct",
        "count": "count",
        "rank": "rank",
        "gap_pp": "pct",
    }[indicator]
    unit = str(raw.get("unit", default_unit))
    if unit not in UNITS:
        raise TargetFileError(f"{where}: unknown unit {unit!r}", hint=f"use one of {list(UNITS)}")
    comparison = str(raw.get("comparison", "="))
    if comparison not in ("=", ">=", "<="):
        raise TargetFileError(f"{where}: comparison must be =, >= or <=")
    count_of = raw.get("count_of")
    if indicator == "count" and count_of not in COUNT_KINDS:
        raise TargetFileError(f"{where}: a count needs count_of: {' | '.join(COUNT_KINDS)}")
    if (
        indicator == "rank"
        and "partner" not in (raw.get("slice") or {})
        and "region" not in (raw.get("slice") or {})
    ):
        raise TargetFileError(f"{where}: a rank target names the partner or region it ranks")
    status = str(raw.get("status", "published"))
    if status not in ("published", "derived"):
        raise TargetFileError(f"{where}: status must be published or derived")
    value = Decimal(str(raw["value"]))
    decimals = int(raw.get("decimals", max(0, -value.as_tuple().exponent)))  # type: ignore[operator]
    if indicator == "share" and comparison == "=" and not (0 <= value <= 100):
        raise TargetFileError(f"{where}: a share of {value}% is impossible")
    fit = bool(raw.get("fit", True))
    superseded_by = raw.get("superseded_by")
    if not fit and not (superseded_by or raw.get("note")):
        raise TargetFileError(f"{where}: `fit: false` needs superseded_by or a note saying why")
    return Target(
        id=tid,
        region=str(raw.get("region", default_region)),
        period=period,
        slice=_slice(raw.get("slice"), where),
        indicator=indicator,
        value=value,
        decimals=decimals,
        unit=unit,
        of=_slice(raw.get("of"), where) if indicator == "share" else None,
        count_of=str(count_of) if count_of else None,
        comparison=comparison,
        source=str(raw.get("source", "")),
        status=status,
        fit=fit,
        superseded_by=str(superseded_by) if superseded_by else None,
        note=" ".join(str(raw.get("note", "")).split()),
        among=str(raw["among"]) if raw.get("among") else None,
        reference=str(raw["reference"]) if raw.get("reference") else None,
    )


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_targets(path: str | Path) -> TargetSet:
    """Read and check a targets file; every problem is a TargetFileError naming the target."""
    p = Path(path)
    try:
        # The C parser when PyYAML has it (4x faster; the same safe constructor builds the data).
        spec = yaml.load(p.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise TargetFileError(f"cannot read targets file {p}: {exc}") from exc
    return _target_set(spec, str(p))


def _target_set(spec: Any, where: str) -> TargetSet:
    if not isinstance(spec, Mapping) or "targets" not in spec:
        raise TargetFileError(f"{where}: expected a mapping with `targets:`")
    region = str(spec.get("region", ""))
    years = spec.get("years")
    if not (isinstance(years, list) and len(years) == 2):
        raise TargetFileError(f"{where}: `years: [first, last]` is required")
    targets = []
    seen: set[str] = set()
    for i, raw in enumerate(spec["targets"], start=1):
        if not isinstance(raw, Mapping):
            raise TargetFileError(f"{where}: target #{i} is not a mapping")
        t = _target(raw, region, f"{where}: target #{i}")
        if t.id in seen:
            raise TargetFileError(f"{where}: duplicate target id {t.id!r}")
        seen.add(t.id)
        targets.append(t)
    for t in targets:
        if t.superseded_by and t.superseded_by not in seen:
            raise TargetFileError(
                f"{where}: {t.id} is superseded_by unknown target {t.superseded_by!r}"
            )
    return TargetSet(
        name=str(spec.get("name", Path(where).stem)),
        region=region,
        region_basis=str(spec.get("region_basis", "registered")),
        years=(int(years[0]), int(years[1])),
        targets=tuple(targets),
        groups=MappingProxyType(dict(spec.get("groups") or {})),
        profile=MappingProxyType(dict(spec.get("profile") or {})),
        description=" ".join(str(spec.get("description", "")).split()),
        path=where,
    )


def _data_path(name: str) -> Path:
    return Path(str(resources.files("tradestat.simulate") / "data" / f"{name}.yaml"))


@cache
def builtin_targets(name: str) -> TargetSet:
    """A targets file shipped with tradestat (``xinjiang``, ``national``), or a path to one."""
    path = _data_path(name)
    if not path.exists():
        candidate = Path(name)
        if candidate.exists():
            return load_targets(candidate)
        shipped = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise TargetFileError(
            f"no targets named {name!r}",
            hint=f"shipped: {', '.join(shipped)}; or give a path to a YAML file",
        )
    return load_targets(path)
