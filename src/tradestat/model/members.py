"""Members of the model's levels, their captions, and the code maps and groups behind them.

The semantic YAML names sources ("partners", "trade_mode_group", "country_groups"); this module is
the one place that turns those names into reference data. Keeping the lookups here means the query
layer never imports ``reference`` and sees only plain mappings it can inline into SQL.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from tradestat import reference as ref
from tradestat.errors import ModelError


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a level: its code and its captions in both languages."""

    code: str
    caption_en: str
    caption_zh: str

    def caption(self, lang: str) -> str:
        """The caption in ``lang`` ("en" or "zh"), falling back to the other language."""
        text = self.caption_zh if lang == "zh" else self.caption_en
        return text or self.caption_en or self.caption_zh or self.code


def _members(rows: Iterable[tuple[str, str, str]]) -> Mapping[str, Member]:
    return {code: Member(code, en, zh) for code, en, zh in rows}


def _hs_level(digits: int) -> Mapping[str, Member]:
    """HS codes of one length from every edition; the newest edition's caption wins."""
    out: dict[str, Member] = {}
    for edition in ref.EDITIONS:
        for row in ref.hs_nomenclature(edition):
            if len(row.code) == digits:
                out[row.code] = Member(row.code, row.name_en, row.name_zh)
    return out


def _hs_chapters() -> Mapping[str, Member]:
    """HS chapters: English titles from the nomenclature, Chinese captions are the short names
    a release uses ("车辆及其零件"); the full tariff title stays in ``ref.hs_chapters()``."""
    zh = ref.hs_chapters()
    out = dict(_hs_level(2))
    for code, member in out.items():
        row = zh.get(code)
        if row is not None and row.short_name_zh:
            out[code] = Member(code, member.caption_en, row.short_name_zh)
    return out


def _national_codes() -> Mapping[str, Member]:
    return _members((r.code, r.name_en, r.name_zh) for r in ref.national_codes()
                    if len(r.code) == 8)


def _directorates() -> Mapping[str, Member]:
    return _members((r.directorate, r.directorate_name_en, r.directorate_name_zh)
                    for r in ref.customs_districts())


_CONTINENTS = {
    "1": ("Asia", "亚洲"), "2": ("Africa", "非洲"), "3": ("Europe", "欧洲"),
    "4": ("Latin America", "拉丁美洲"), "5": ("North America", "北美洲"),
    "6": ("Oceania", "大洋洲"), "7": ("Other", "其他"),
}

MEMBER_SOURCES: Mapping[str, Callable[[], Mapping[str, Member]]] = {
    "regions": lambda: {
        **_members((p.code, p.short_name_en, p.short_name_zh) for p in ref.provinces()),
        **_members((d.code, d.name_en, d.name_zh) for d in ref.domestic_districts()),
        **_members((c.code, c.name_en, c.name_zh) for c in ref.customs_districts()),
        "CN": Member("CN", "China (national total)", "全国"),
    },
    "provinces": lambda: _members((p.code, p.short_name_en, p.short_name_zh)
                                  for p in ref.provinces()),
    "flows": lambda: {"import": Member("import", "Imports", "进口"),
                      "export": Member("export", "Exports", "出口")},
    "partners": lambda: _members((p.code, p.name_en, p.name_zh) for p in ref.partners()),
    "continents": lambda: _members((c, en, zh) for c, (en, zh) in _CONTINENTS.items()),
    "hs_sections": lambda: _members((s.code, s.name_en, s.name_zh) for s in ref.hs_sections()),
    "hs_chapters": _hs_chapters,
    "hs_headings": lambda: _hs_level(4),
    "hs_subheadings": lambda: _hs_level(6),
    "national_codes": _national_codes,
    "trade_modes": lambda: _members((m.code, m.name_en, m.name_zh)
                                    for m in ref.statistical_trade_modes()),
    "trade_mode_groups": lambda: _members((g.code, g.name_en, g.name_zh)
                                          for g in ref.trade_mode_groups()),
    "supervision_modes": lambda: _members((m.code, m.name_en, m.name_zh)
                                          for m in ref.supervision_modes()),
    "enterprise_types": lambda: _members((t.code, t.name_en, t.name_zh)
                                         for t in ref.enterprise_types()),
    "enterprise_groups": lambda: _members((g.code, g.name_en, g.name_zh)
                                          for g in ref.enterprise_groups()),
    "customs_districts": lambda: _members((c.code, c.name_en, c.name_zh)
                                          for c in ref.customs_districts()),
    "customs_directorates": _directorates,
    "transport_modes": lambda: _members((t.code, t.name_en, t.name_zh)
                                        for t in ref.transport_modes()),
}


@cache
def members(source: str) -> Mapping[str, Member]:
    """All members of a named source, by code."""
    try:
        loader = MEMBER_SOURCES[source]
    except KeyError:
        raise ModelError(f"the semantic model names an unknown member source {source!r}",
                         hint="known: " + ", ".join(sorted(MEMBER_SOURCES))) from None
    return loader()


# -- code maps (child code -> parent code) ---------------------------------------------------

def _trade_mode_group_map() -> Mapping[str, str]:
    return {m.code: m.published_group for m in ref.statistical_trade_modes()}


def _enterprise_group_map() -> Mapping[str, str]:
    return {t.code: t.published_group for t in ref.enterprise_types()}


def _section_map() -> Mapping[str, str]:
    return {chapter: s.code for s in ref.hs_sections() for chapter in s.chapters}


CODE_MAPS: Mapping[str, Callable[[], Mapping[str, str]]] = {
    "partner_continent": lambda: {p.code: p.continent_code for p in ref.partners()},
    "trade_mode_group": _trade_mode_group_map,
    "enterprise_group": _enterprise_group_map,
    "hs_section": _section_map,
}


@cache
def code_map(name: str) -> Mapping[str, str]:
    """A child-code → parent-code map named in the semantic model."""
    try:
        return CODE_MAPS[name]()
    except KeyError:
        raise ModelError(f"the semantic model names an unknown code map {name!r}",
                         hint="known: " + ", ".join(sorted(CODE_MAPS))) from None


# -- groups (named, overlapping sets) ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A named group: captions, definition, and whether it approximates the official list."""

    code: str
    caption_en: str
    caption_zh: str
    definition: str
    approximation: bool
    aliases: tuple[str, ...] = ()
    #: the enclosing group ("" for a top-level group): sub-groups of high-tech products etc.
    parent: str = ""


def _last_day(month: int) -> dt.date:
    year, mon = divmod(month, 100)
    return dt.date(year, mon, calendar.monthrange(year, mon)[1])


class GroupSource:
    """Named groups of one kind; subclasses say how a group becomes a record condition."""

    #: the canonical column(s) a membership condition reads
    columns: tuple[str, ...] = ()

    def groups(self) -> Mapping[str, GroupInfo]:  # pragma: no cover - abstract
        raise NotImplementedError


class CountryGroupSource(GroupSource):
    """Country groups with dated membership; members are resolved per statistical month.

    A month counts a country as a member if it was one on the month's last day (the rule in
    reference.groups), so a query spanning an accession gets exactly the months of membership.
    """

    columns = ("partner_code", "month")

    def __init__(self, groups: ref.CountryGroups | None = None) -> None:
        self._groups = groups or ref.country_groups()

    def groups(self) -> Mapping[str, GroupInfo]:
        return {g.code: GroupInfo(g.code, g.name_en, g.name_zh, g.definition,
                                  g.approximation, g.aliases)
                for g in self._groups.info}

    def has_members(self, group: str) -> bool:
        """False for groups shipped without a member list (Belt and Road needs a user CSV)."""
        try:
            self._groups.memberships(group)
        except ref.EmptyGroupError:
            return False
        return True

    def user_lists(self, group: str) -> tuple[str, ...]:
        """The user files that add members to the group (see ``reference.groups``)."""
        return self._groups.user_lists(group)

    def months_by_partner(self, group: str, months: Iterable[int]) -> Mapping[str, frozenset[int]]:
        """For each customs partner code, the months (of ``months``) in which it was a member."""
        out: dict[str, set[int]] = {}
        memberships = self._groups.memberships(group)
        for month in months:
            day = _last_day(month)
            for m in memberships:
                if m.in_force(day):
                    for code in _customs_codes(m.iso3):
                        out.setdefault(code, set()).add(month)
        return {code: frozenset(ms) for code, ms in out.items()}


@cache
def _customs_by_iso3() -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for p in ref.partners():
        if p.iso3:
            out.setdefault(p.iso3, []).append(p.code)
    return {k: tuple(v) for k, v in out.items()}


def _customs_codes(iso3: str) -> tuple[str, ...]:
    return _customs_by_iso3().get(iso3, ())


class ProductGroupSource(GroupSource):
    """Product groups as HS prefix sets per edition (HS2012 / HS2017 / HS2022)."""

    columns = ("hs_code", "hs_edition")

    def groups(self) -> Mapping[str, GroupInfo]:
        return {g.code: GroupInfo(g.code, g.name_en, g.name_zh, g.definition, g.approximation,
                                  parent=g.parent)
                for g in ref.product_groups()}

    def prefixes(self, group: str) -> Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """edition → (included prefixes, excluded prefixes)."""
        row = ref.product_groups()[group]
        return {ed: (row.prefixes(ed), row.exclusions(ed)) for ed in row.editions}


class CrossCuttingTradeModeSource(GroupSource):
    """Trade channels that cut across statistical modes (e-commerce, market procurement),
    defined by 4-digit supervision codes."""

    columns = ("supervision_mode",)

    def groups(self) -> Mapping[str, GroupInfo]:
        return {g.code: GroupInfo(g.code, g.name_en, g.name_zh, g.definition, False)
                for g in ref.trade_mode_groups() if g.kind == "cross_cutting"}

    def supervision_codes(self, group: str) -> tuple[str, ...]:
        return tuple(ref.trade_mode_groups()[group].supervision_codes)


GROUP_SOURCES: Mapping[str, Callable[[], GroupSource]] = {
    "country_groups": CountryGroupSource,
    "product_groups": ProductGroupSource,
    "cross_cutting_trade_modes": CrossCuttingTradeModeSource,
}


@cache
def group_source(name: str) -> GroupSource:
    """The group source named in the semantic model."""
    try:
        return GROUP_SOURCES[name]()
    except KeyError:
        raise ModelError(f"the semantic model names an unknown group source {name!r}",
                         hint="known: " + ", ".join(sorted(GROUP_SOURCES))) from None
