"""Country groups (ASEAN, EU27, Central Asia 5, RCEP, ...) with dated membership.

Group membership changes (Timor-Leste joined ASEAN on 2025-10-26, Korea entered RCEP on
2022-02-01), so a group's members are only ever resolved *for a date*: there is deliberately no
"current members" call that would silently apply today's list to old data.

Monthly statistics use :meth:`CountryGroups.members_in_month`, which resolves membership on the
*last* day of the month. A country that joins during a month therefore counts for that whole
month, and one whose membership ends on the last day of a month (``member_until`` is the last day
of membership, inclusive) still counts for that month. Customs data have no finer date than the
month, so this is the only rule that neither drops the joining month nor invents a split.

Belt and Road groups are defined (captions, definitions) but ship no members: no
machine-readable signatory list exists. Supply one with :func:`load_user_groups`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pyarrow as pa

from ._files import iter_csv_text, read_text, read_yaml
from ._table import CodeTable
from .countries import LEGACY_ISO3, countries
from .errors import EmptyGroupError, InvalidReferenceFile, ReferenceDataError

__all__ = [
    "GROUP_CSV_COLUMNS",
    "CountryGroup",
    "CountryGroups",
    "Membership",
    "country_groups",
    "load_user_groups",
]

GROUP_CSV_COLUMNS: tuple[str, ...] = (
    "group_id",
    "group_name_en",
    "group_name_zh",
    "iso3",
    "member_since",
    "member_until",
    "note",
    "source",
)
"""Columns of a group membership CSV (shipped or user-supplied), in this order."""

_SHIPPED_CSV = "groups/country_groupings.csv"
#: The ``origin`` of the memberships tradestat ships (user files carry their own path).
SHIPPED_ORIGIN = f"tradestat/reference/data/{_SHIPPED_CSV}"
_YAML = "authored/country_groups.yaml"
_GROUP_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class CountryGroup:
    """A country group's definition (not its members, which depend on the date).

    ``approximation`` is True where the group only approximates what GACC publishes (e.g. M49
    continents versus customs continent blocks); ``approximation_note`` says how.
    ``requires_user_list`` is True for groups shipped without members (Belt and Road).
    """

    code: str
    name_en: str
    name_zh: str
    definition: str
    approximation: bool
    approximation_note: str
    requires_user_list: bool
    status: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Membership:
    """One membership interval: ``iso3`` belongs to ``group_id`` from ``member_since`` to
    ``member_until`` inclusive (None = open-ended). ``origin`` is the file and line it came
    from (``path:line``)."""

    group_id: str
    iso3: str
    member_since: dt.date | None
    member_until: dt.date | None
    note: str
    source: str
    origin: str

    def in_force(self, on: dt.date) -> bool:
        """Whether this interval covers the date ``on``."""
        if self.member_since is not None and on < self.member_since:
            return False
        return self.member_until is None or on <= self.member_until


GROUP_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("definition", pa.string()),
        ("approximation", pa.bool_()),
        ("approximation_note", pa.string()),
        ("requires_user_list", pa.bool_()),
        ("status", pa.string()),
    ]
)

MEMBERSHIP_SCHEMA = pa.schema(
    [
        ("group_id", pa.string()),
        ("group_name_en", pa.string()),
        ("group_name_zh", pa.string()),
        ("iso3", pa.string()),
        ("member_since", pa.date32()),
        ("member_until", pa.date32()),
        ("note", pa.string()),
        ("source", pa.string()),
    ]
)


def _as_date(on: object) -> dt.date:
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    raise TypeError(f"expected a datetime.date, got {on!r}")


class CountryGroups:
    """An immutable set of country groups with dated membership.

    Every method accepting a group takes its id ("CA5") or a name in English or Chinese
    ("Central Asia", "中亚五国", "东盟").
    """

    __slots__ = ("_info", "_members")

    def __init__(self, info: CodeTable[CountryGroup], memberships: Iterable[Membership]) -> None:
        grouped: dict[str, list[Membership]] = defaultdict(list)
        for m in memberships:
            if m.group_id not in info:
                raise ReferenceDataError(f"membership for undefined group {m.group_id!r}")
            grouped[m.group_id].append(m)
        object.__setattr__(self, "_info", info)
        object.__setattr__(
            self, "_members", MappingProxyType({k: tuple(v) for k, v in grouped.items()})
        )

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("CountryGroups is immutable")

    def __delattr__(self, key: str) -> None:
        raise AttributeError("CountryGroups is immutable")

    def __repr__(self) -> str:
        return f"<CountryGroups: {', '.join(self.ids())}>"

    # -- definitions --------------------------------------------------------------------------
    @property
    def info(self) -> CodeTable[CountryGroup]:
        """The group definitions as a code table (keyed by group id)."""
        return self._info

    def ids(self) -> tuple[str, ...]:
        """All group ids, in definition order."""
        return tuple(g.code for g in self._info)

    def resolve(self, group: str) -> str:
        """The id of a group given by id or by English/Chinese name or alias."""
        return self._info.find(group).code

    def group(self, group: str) -> CountryGroup:
        """The definition of a group (names, definition, approximation flag, caveats)."""
        return self._info.find(group)

    # -- membership ---------------------------------------------------------------------------
    def memberships(self, group: str) -> tuple[Membership, ...]:
        """All membership intervals of a group (raises :class:`EmptyGroupError` if none)."""
        info = self.group(group)
        rows = self._members.get(info.code)
        if not rows:
            raise EmptyGroupError(
                info.code,
                f"group {info.code} ({info.name_en} / {info.name_zh}) has no member list. "
                f"{info.status}",
                hint=(
                    "write a CSV with columns "
                    + ", ".join(GROUP_CSV_COLUMNS)
                    + f" (one row per country, group_id {info.code}, member_since = the date "
                    "membership starts) and load it with load_user_groups(path) or "
                    "country_groups(extra=[path])"
                ),
            )
        return rows

    def user_lists(self, group: str) -> tuple[str, ...]:
        """The user files that add members to a group, in the order merged (empty for a group
        whose members all ship with tradestat, or that has none): a figure on the group rests
        on them, so results name them."""
        info = self.group(group)
        files = (m.origin.rpartition(":")[0] for m in self._members.get(info.code, ()))
        return tuple(dict.fromkeys(f for f in files if f != SHIPPED_ORIGIN))

    def members(self, group: str, on: dt.date) -> frozenset[str]:
        """ISO3 codes of the members in force on the date ``on`` (may be empty)."""
        day = _as_date(on)
        return frozenset(m.iso3 for m in self.memberships(group) if m.in_force(day))

    def members_in_month(self, group: str, year: int, month: int) -> frozenset[str]:
        """Members for a statistical month: those in force on the month's last day.

        A country joining on the 26th counts for that month; one whose membership ends on the
        last day of a month counts for that month and not the next.
        """
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1-12, got {month}")
        last = calendar.monthrange(year, month)[1]
        return self.members(group, dt.date(year, month, last))

    def is_member(self, group: str, iso3: str, on: dt.date) -> bool:
        """Whether ``iso3`` is a member of ``group`` on the date ``on``."""
        return iso3 in self.members(group, on)

    # -- export and merge ---------------------------------------------------------------------
    def to_arrow(self) -> pa.Table:
        """All membership intervals, one row each (dates as date32, open ends as null)."""
        records = []
        for gid in self.ids():
            info = self._info[gid]
            for m in self._members.get(gid, ()):
                records.append(
                    {
                        "group_id": gid,
                        "group_name_en": info.name_en,
                        "group_name_zh": info.name_zh,
                        "iso3": m.iso3,
                        "member_since": m.member_since,
                        "member_until": m.member_until,
                        "note": m.note,
                        "source": m.source,
                    }
                )
        return pa.Table.from_pylist(records, schema=MEMBERSHIP_SCHEMA)

    def merged(self, path: str | Path) -> CountryGroups:
        """A new :class:`CountryGroups` with the memberships of a user CSV file added."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidReferenceFile(
                path, None, None, None, f"cannot read file as UTF-8 text: {exc}"
            ) from exc
        return _merge(self, text, str(path))


# -- parsing ---------------------------------------------------------------------------------------


def _parse_date(value: str, end: bool, where: tuple[str, int, str]) -> dt.date | None:
    """Parse "", "YYYY", "YYYY-MM" or "YYYY-MM-DD".

    A year or month alone means its first day for ``member_since`` and its last day for
    ``member_until`` (``end=True``), so a partial date never shortens a membership.
    """
    if not value:
        return None
    match = _DATE.match(value)
    file, row, column = where
    if match is None:
        raise InvalidReferenceFile(
            file, row, column, value, "not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day))
        if month is not None:
            m = int(month)
            d = calendar.monthrange(int(year), m)[1] if end else 1
            return dt.date(int(year), m, d)
        return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
    except ValueError as exc:
        raise InvalidReferenceFile(file, row, column, value, f"impossible date: {exc}") from exc


def _overlaps(a: Membership, b: Membership) -> bool:
    a_start = a.member_since or dt.date.min
    b_start = b.member_since or dt.date.min
    a_end = a.member_until or dt.date.max
    b_end = b.member_until or dt.date.max
    return a_start <= b_end and b_start <= a_end


def _parse_memberships(
    text: str, origin: str, known_groups: Mapping[str, CountryGroup]
) -> tuple[list[Membership], dict[str, CountryGroup]]:
    """Parse and validate a membership CSV; return memberships and any newly defined groups."""
    iso_table = countries()
    new_groups: dict[str, CountryGroup] = {}
    names_seen: dict[str, tuple[str, str, int]] = {}
    out: list[Membership] = []
    for line, row in iter_csv_text(text, origin, GROUP_CSV_COLUMNS):
        gid = row["group_id"]
        if not _GROUP_ID.match(gid):
            raise InvalidReferenceFile(
                origin,
                line,
                "group_id",
                gid,
                "group ids are upper-case letters, digits and underscores, starting with a letter",
            )
        name_en, name_zh = row["group_name_en"], row["group_name_zh"]
        first = names_seen.setdefault(gid, (name_en, name_zh, line))
        if (name_en, name_zh) != first[:2]:
            raise InvalidReferenceFile(
                origin,
                line,
                "group_name_en",
                name_en,
                f"group {gid} has different names on line {first[2]}",
            )
        if gid not in known_groups and gid not in new_groups:
            if not (name_en or name_zh):
                raise InvalidReferenceFile(
                    origin, line, "group_name_en", name_en, f"new group {gid} needs a name"
                )
            new_groups[gid] = CountryGroup(
                code=gid,
                name_en=name_en,
                name_zh=name_zh,
                definition=f"User-supplied group from {origin}.",
                approximation=False,
                approximation_note="",
                requires_user_list=False,
                status="User-supplied.",
                aliases=(gid,),
            )
        iso3 = row["iso3"]
        if iso3 not in iso_table:
            upper = iso3.upper()
            reason = "unknown ISO 3166 alpha-3 code"
            if upper in LEGACY_ISO3:
                reason += f" (withdrawn; use {LEGACY_ISO3[upper]})"
            elif upper in iso_table:
                reason += f" (codes are upper-case: {upper})"
            raise InvalidReferenceFile(origin, line, "iso3", iso3, reason)
        since = _parse_date(row["member_since"], False, (origin, line, "member_since"))
        until = _parse_date(row["member_until"], True, (origin, line, "member_until"))
        if since is not None and until is not None and until < since:
            raise InvalidReferenceFile(
                origin,
                line,
                "member_until",
                row["member_until"],
                f"membership ends before it starts ({row['member_since']})",
            )
        out.append(
            Membership(gid, iso3, since, until, row["note"], row["source"], f"{origin}:{line}")
        )
    return out, new_groups


def _check_overlaps(memberships: Iterable[Membership]) -> None:
    seen: dict[tuple[str, str], list[Membership]] = defaultdict(list)
    for m in memberships:
        for other in seen[(m.group_id, m.iso3)]:
            if _overlaps(m, other):
                file, _, line = m.origin.rpartition(":")
                raise InvalidReferenceFile(
                    file,
                    int(line),
                    "iso3",
                    m.iso3,
                    f"duplicate membership of {m.iso3} in {m.group_id}: overlaps the interval "
                    f"from {other.origin}",
                )
        seen[(m.group_id, m.iso3)].append(m)


def _merge(base: CountryGroups, text: str, origin: str) -> CountryGroups:
    known = dict(base.info.as_mapping())
    added, new_groups = _parse_memberships(text, origin, known)
    existing = [m for gid in base.ids() for m in base._members.get(gid, ())]
    _check_overlaps([*existing, *added])
    info = CodeTable(
        "country_groups",
        [*base.info, *new_groups.values()],
        GROUP_SCHEMA,
        name_fields=("name_en", "name_zh", "aliases"),
    )
    return CountryGroups(info, [*existing, *added])


@cache
def _definitions() -> CodeTable[CountryGroup]:
    spec: Any = read_yaml(_YAML)
    rows = []
    for g in spec["groups"]:
        aliases = tuple(dict.fromkeys([g["id"], *g.get("aliases", [])]))
        rows.append(
            CountryGroup(
                code=g["id"],
                name_en=g["name_en"],
                name_zh=g["name_zh"],
                definition=" ".join(g["definition"].split()),
                approximation=bool(g.get("approximation", False)),
                approximation_note=" ".join(g.get("approximation_note", "").split()),
                requires_user_list=bool(g.get("requires_user_list", False)),
                status=" ".join(g.get("status", "").split()),
                aliases=aliases,
            )
        )
    return CodeTable(
        "country_groups", rows, GROUP_SCHEMA, name_fields=("name_en", "name_zh", "aliases")
    )


@cache
def _shipped() -> CountryGroups:
    info = _definitions()
    origin = SHIPPED_ORIGIN
    memberships, new_groups = _parse_memberships(read_text(_SHIPPED_CSV), origin, info.as_mapping())
    if new_groups:
        raise InvalidReferenceFile(
            origin, None, "group_id", sorted(new_groups)[0], f"group not defined in {_YAML}"
        )
    _check_overlaps(memberships)
    return CountryGroups(info, memberships)


def country_groups(extra: Iterable[str | Path] = ()) -> CountryGroups:
    """Country groups with dated membership; ``extra`` adds user CSV files (merged in order).

    Shipped groups: ASEAN, EU27, CA5, RCEP, SCO, GCC, BRICS (typed from official member lists;
    dates to be verified) and AFRICA, LATAM, WEST_ASIA, EUROPE (derived from UN M49, flagged as
    approximations of GACC's customs continent blocks). BRI_ALONG_ROUTE and BRI_PARTNERS are
    defined without members; asking for their members raises :class:`EmptyGroupError` until a
    user list is supplied. The shipped set is cached; merging returns a new object each call.
    """
    groups = _shipped()
    for path in extra:
        groups = groups.merged(path)
    return groups


def load_user_groups(path: str | Path) -> CountryGroups:
    """The shipped groups merged with one user CSV (same columns as the shipped file).

    Validation errors raise :class:`InvalidReferenceFile` naming file, line, column and value:
    unknown or withdrawn ISO3 codes, malformed dates, ``member_until`` before ``member_since``,
    and a country listed twice in a group with overlapping intervals (also against the shipped
    data). A user file may add members to an existing group (e.g. BRI_PARTNERS) or define a new
    group; the captions of existing groups are kept.
    """
    return country_groups(extra=[path])
