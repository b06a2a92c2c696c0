"""Product groups (机电产品, 高新技术产品, 农产品, 劳动密集型产品, 新三样) as HS prefix sets.

Releases report product groups, not HS codes. Each group here is a set of HS prefixes (chapters,
headings, subheadings) with exclusions, *per HS edition*, because codes move between editions
(solar cells: 8541.40 in HS2017, 8541.42/43 in HS2022). All lists are our approximations of
official catalogues that were not available; every group says so and why. Definitions live in
``data/authored/product_groups.yaml`` and are validated against the shipped nomenclatures when
loaded, so a mistyped or edition-invalid prefix fails at import of the table, not in a query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

import pyarrow as pa

from ._files import read_yaml
from ._table import CodeTable
from .errors import InvalidReferenceFile, UnknownCodeError
from .hs import EDITIONS, hs_nomenclature, normalize_edition

__all__ = [
    "EditionSet",
    "ProductGroup",
    "product_group_hs6",
    "product_group_prefixes",
    "product_groups",
]

_YAML = "authored/product_groups.yaml"
_NATIONAL_CHAPTERS = frozenset({"98"})  # China's national chapter (special transactions)


@dataclass(frozen=True, slots=True)
class EditionSet:
    """A group's membership in one HS edition.

    ``include`` and ``exclude`` are prefixes (ranges already expanded); ``hs6`` is the resulting
    set of 6-digit subheadings. ``approximation`` and ``note`` may differ by edition.
    """

    edition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    hs6: frozenset[str]
    approximation: bool
    note: str


@dataclass(frozen=True, slots=True)
class ProductGroup:
    """A product group with HS prefix sets per edition (HS2012, HS2017, HS2022).

    ``parent`` is "" for top-level groups; ``children`` lists sub-groups (a parent without its
    own lists is their union). ``approximation`` is True if the group approximates the official
    list in at least one edition; use :meth:`approximation_in` for a given edition.
    """

    code: str
    name_en: str
    name_zh: str
    parent: str
    children: tuple[str, ...]
    definition: str
    official_basis: str
    approximation: bool
    approximation_reason: str
    editions: Mapping[str, EditionSet] = field(repr=False, compare=False)

    def _edition(self, edition: str) -> EditionSet:
        return self.editions[normalize_edition(edition)]

    def prefixes(self, edition: str) -> tuple[str, ...]:
        """Included HS prefixes (2, 4 or 6 digits) for an edition, sorted.

        For a union group these are the smallest set of whole chapters/headings/subheadings
        covering its members, and :meth:`exclusions` is empty.
        """
        return self._edition(edition).include

    def exclusions(self, edition: str) -> tuple[str, ...]:
        """Prefixes removed from :meth:`prefixes` for an edition, sorted."""
        return self._edition(edition).exclude

    def hs6_codes(self, edition: str) -> frozenset[str]:
        """All 6-digit subheadings of the edition that belong to the group."""
        return self._edition(edition).hs6

    def approximation_in(self, edition: str) -> bool:
        """Whether the group's list for this edition approximates the official one."""
        return self._edition(edition).approximation

    def note(self, edition: str) -> str:
        """Edition-specific caveat ("" if none)."""
        return self._edition(edition).note

    def contains(self, hs_code: str, edition: str) -> bool:
        """Whether an HS code lies wholly inside the group in the given edition.

        ``hs_code`` is a string of 2, 4, 6, 8 or 10 digits. Codes of 6 digits or more are judged
        by their first six digits; a chapter or heading counts only if *all* its subheadings are
        in the group (so contains("85", ...) is False for high_tech). Codes of China's national
        chapter 98 are in no group. A code that does not exist in the edition raises
        :class:`UnknownCodeError` rather than answering False: a wrong edition is a bug.
        """
        ed = normalize_edition(edition)
        if not (
            isinstance(hs_code, str) and hs_code.isdigit() and len(hs_code) in (2, 4, 6, 8, 10)
        ):
            raise UnknownCodeError(
                "product_groups", hs_code, reason="is not an HS code of 2/4/6/8/10 digits"
            )
        if hs_code[:2] in _NATIONAL_CHAPTERS and len(hs_code) >= 8:
            return False
        key = hs_code[:6]
        members = self.editions[ed].hs6
        if len(key) == 6:
            table = hs_nomenclature(ed)
            if key not in table:
                raise UnknownCodeError(
                    table.name,
                    hs_code,
                    table.suggest_codes(key),
                    reason=f"has no subheading {key} in {ed}",
                )
            return key in members
        below = _descendants(ed).get(key)
        if below is None:
            table = hs_nomenclature(ed)
            raise UnknownCodeError(table.name, hs_code, table.suggest_codes(key))
        return below <= members


PRODUCT_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("parent", pa.string()),
        ("children", pa.list_(pa.string())),
        ("definition", pa.string()),
        ("official_basis", pa.string()),
        ("approximation", pa.bool_()),
        ("approximation_reason", pa.string()),
    ]
)


@cache
def _descendants(edition: str) -> Mapping[str, frozenset[str]]:
    """Chapter/heading -> its 6-digit subheadings, for one edition."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in hs_nomenclature(edition):
        if row.level == 6:
            out[row.code[:2]].add(row.code)
            out[row.code[:4]].add(row.code)
    return MappingProxyType({k: frozenset(v) for k, v in out.items()})


def _expand(prefixes: list[Any], edition: str, where: str, column: str) -> tuple[str, ...]:
    """Validate prefixes and expand "a-b" ranges to the codes of that level in the edition."""
    table = hs_nomenclature(edition)
    out: list[str] = []
    for item in prefixes:
        text = str(item).strip()
        start, sep, end = text.partition("-")
        ends = (start, end) if sep else (start,)
        for code in ends:
            row = table.get(code)
            if row is None or row.level != len(code) or row.not_wco:
                raise InvalidReferenceFile(
                    _YAML,
                    None,
                    column,
                    text,
                    f"{where}: {code!r} is not a chapter, heading or subheading of {edition}",
                )
        if sep:
            if len(start) != len(end) or start > end:
                raise InvalidReferenceFile(_YAML, None, column, text, f"{where}: bad range")
            codes = [r.code for r in table if r.level == len(start) and start <= r.code <= end]
        else:
            codes = [start]
        out.extend(c for c in codes if c not in out)
    return tuple(sorted(out))


def _hs6_of(include: tuple[str, ...], exclude: tuple[str, ...], edition: str) -> frozenset[str]:
    below = _descendants(edition)
    members: set[str] = set()
    for prefix in include:
        members |= below.get(prefix, frozenset({prefix}))
    for prefix in exclude:
        members -= below.get(prefix, frozenset({prefix}))
    return frozenset(members)


def _cover(hs6: frozenset[str], edition: str) -> tuple[str, ...]:
    """Smallest list of whole chapters, headings and subheadings whose union is ``hs6``."""
    below = _descendants(edition)
    out: list[str] = []
    for chapter in sorted({c[:2] for c in hs6}):
        if below[chapter] <= hs6:
            out.append(chapter)
            continue
        for heading in sorted({c[:4] for c in hs6 if c.startswith(chapter)}):
            if below[heading] <= hs6:
                out.append(heading)
            else:
                out.extend(sorted(c for c in hs6 if c.startswith(heading)))
    return tuple(out)


def _leaf_editions(spec: Mapping[str, Any]) -> dict[str, EditionSet]:
    gid = spec["id"]
    blocks = spec.get("hs") or {}
    default_approx = bool(spec.get("approximation", False))
    out: dict[str, EditionSet] = {}
    for edition in EDITIONS:
        block = blocks.get(edition) or (blocks.get("HS2017") if edition == "HS2012" else None)
        if block is None:
            raise InvalidReferenceFile(_YAML, None, "hs", gid, f"group {gid} has no {edition} list")
        include = _expand(block.get("include", []), edition, f"{gid}/{edition}", "include")
        exclude = _expand(block.get("exclude", []), edition, f"{gid}/{edition}", "exclude")
        for prefix in exclude:
            if not any(prefix.startswith(p) for p in include):
                raise InvalidReferenceFile(
                    _YAML,
                    None,
                    "exclude",
                    prefix,
                    f"{gid}/{edition}: excluded prefix lies outside every included prefix",
                )
        hs6 = _hs6_of(include, exclude, edition)
        if not hs6:
            raise InvalidReferenceFile(_YAML, None, "include", gid, f"{gid}/{edition} is empty")
        out[edition] = EditionSet(
            edition=edition,
            include=include,
            exclude=exclude,
            hs6=hs6,
            approximation=bool(block.get("approximation", default_approx)),
            note=" ".join(str(block.get("note", "")).split()),
        )
    return out


@cache
def product_groups() -> CodeTable[ProductGroup]:
    """Product groups with per-edition HS prefix sets (our approximations; see each group).

    Top-level groups: mechanical_electrical (机电产品), high_tech (高新技术产品, union of nine
    ``ht_*`` fields), agricultural (农产品), labour_intensive (劳动密集型产品, union of seven
    ``li_*`` categories), new_three (新三样: electric_vehicles, lithium_batteries, solar_cells).
    Every prefix is checked against the edition's nomenclature at load time. Solar cells are
    exact in HS2022 (854142 + 854143) and an approximation in HS2017/HS2012 (854140).
    """
    spec: Any = read_yaml(_YAML)
    specs = {g["id"]: g for g in spec["groups"]}
    children: dict[str, list[str]] = defaultdict(list)
    for g in spec["groups"]:
        parent = g.get("parent", "")
        if parent:
            if parent not in specs:
                raise InvalidReferenceFile(
                    _YAML, None, "parent", parent, f"unknown parent of {g['id']}"
                )
            children[parent].append(g["id"])

    editions: dict[str, dict[str, EditionSet]] = {}
    for gid, g in specs.items():
        if gid in children:
            continue
        editions[gid] = _leaf_editions(g)
    for gid, kids in children.items():
        if specs[gid].get("hs"):
            raise InvalidReferenceFile(_YAML, None, "hs", gid, "a parent group cannot list codes")
        union: dict[str, EditionSet] = {}
        for edition in EDITIONS:
            hs6 = frozenset().union(*(editions[k][edition].hs6 for k in kids))
            union[edition] = EditionSet(
                edition=edition,
                include=_cover(hs6, edition),
                exclude=(),
                hs6=hs6,
                approximation=bool(specs[gid].get("approximation", False))
                or any(editions[k][edition].approximation for k in kids),
                note="",
            )
        editions[gid] = union

    rows = []
    for gid, g in specs.items():
        eds = editions[gid]
        rows.append(
            ProductGroup(
                code=gid,
                name_en=g["name_en"],
                name_zh=g["name_zh"],
                parent=g.get("parent", ""),
                children=tuple(children.get(gid, ())),
                definition=" ".join(g["definition"].split()),
                official_basis=" ".join(g["official_basis"].split()),
                approximation=bool(g.get("approximation", False))
                or any(e.approximation for e in eds.values()),
                approximation_reason=" ".join(str(g.get("approximation_reason", "")).split()),
                editions=MappingProxyType(eds),
            )
        )
    return CodeTable("product_groups", rows, PRODUCT_SCHEMA)


@cache
def product_group_prefixes() -> pa.Table:
    """Long table of (group_id, edition, prefix, exclude) for every group and edition.

    Meant for the query layer: a code belongs to a group in an edition when it starts with an
    included prefix and with no excluded one.
    """
    records = [
        {"group_id": g.code, "edition": ed, "prefix": p, "exclude": excl}
        for g in product_groups()
        for ed in EDITIONS
        for excl, prefixes in ((False, g.prefixes(ed)), (True, g.exclusions(ed)))
        for p in prefixes
    ]
    schema = pa.schema(
        [
            ("group_id", pa.string()),
            ("edition", pa.string()),
            ("prefix", pa.string()),
            ("exclude", pa.bool_()),
        ]
    )
    return pa.Table.from_pylist(records, schema=schema)


@cache
def product_group_hs6() -> pa.Table:
    """Long table of (group_id, edition, hs6): every member subheading, for joins on HS6."""
    records = [
        {"group_id": g.code, "edition": ed, "hs6": code}
        for g in product_groups()
        for ed in EDITIONS
        for code in sorted(g.hs6_codes(ed))
    ]
    schema = pa.schema([("group_id", pa.string()), ("edition", pa.string()), ("hs6", pa.string())])
    return pa.Table.from_pylist(records, schema=schema)
