"""Harmonized System nomenclatures, their correlations, and China's national 8/10-digit codes.

Why three editions: GACC statistics follow the HS edition in force in the data year (HS2012 up to
2016, HS2017 for 2017-2021, HS2022 from 2022), and product groups such as solar cells change codes
between editions. Every HS code in tradestat is therefore interpreted *with* its edition.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import pyarrow as pa

from ._files import iter_csv_text, read_csv, read_text
from ._table import CodeTable
from .errors import InvalidReferenceFile, UnknownCodeError

__all__ = [
    "EDITIONS",
    "HsChapter",
    "HsCode",
    "HsSection",
    "NationalCode",
    "hs2012_for_hs2017",
    "hs2017_for_hs2012",
    "hs2017_for_hs2022",
    "hs2022_for_hs2017",
    "hs_chapters",
    "hs_correlation",
    "hs_edition_for_year",
    "hs_nomenclature",
    "hs_sections",
    "national_codes",
    "normalize_edition",
]

EDITIONS: tuple[str, ...] = ("HS2012", "HS2017", "HS2022")
"""HS editions shipped, oldest first."""

_NOT_WCO_CHAPTER = "99"  # Comtrade's "commodities not specified" artefact, not WCO HS
_RESERVED_CHAPTER = "77"  # reserved by the WCO for future use, inside section XV (base metals)
_RESERVED_SECTION = "XV"
_RESERVED_NAME_EN = "(Reserved for possible future use in the Harmonized System)"


@dataclass(frozen=True, slots=True)
class HsSection:
    """One of the 21 HS sections (roman numeral code)."""

    code: str
    number: int
    name_en: str
    name_zh: str
    chapters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HsChapter:
    """One of the 97 WCO HS chapters (01-97) with its Chinese tariff title.

    ``name_zh`` is the full chapter title as in China's customs tariff (《进出口税则》);
    ``short_name_zh`` is the concise name a release uses in a sentence or table ("车辆及其零件"
    for 87). ``name_en`` and ``section`` come from the HS2022 nomenclature. Chapter 77 is
    reserved by the WCO for future use: it is listed with ``reserved=True``, the reservation note
    as ``name_zh`` and an empty ``short_name_zh``; no goods are classified in it.
    """

    code: str
    section: str
    name_en: str
    name_zh: str
    short_name_zh: str
    reserved: bool


@dataclass(frozen=True, slots=True)
class HsCode:
    """An HS chapter (level 2), heading (4) or subheading (6) of one edition.

    ``parent`` is the enclosing code ("" for chapters). ``section`` is the roman numeral, "" for
    the non-WCO chapter 99. ``name_zh`` is "" throughout: no openly licensed Chinese HS text was
    available (Chinese chapter titles typed by us are served by :func:`hs_chapters`). ``name_en``
    is "" for HS2012, which is reconstructed from correlation codes only.
    """

    code: str
    level: int
    parent: str
    section: str
    name_en: str
    name_zh: str
    edition: str
    not_wco: bool


@dataclass(frozen=True, slots=True)
class NationalCode:
    """A Chinese national tariff code: 8-digit (statistical) or 10-digit (declaration).

    ``name_basis`` says how reliable ``name_zh`` is:

    * ``"exact"`` - the only entry of that code in the source table;
    * ``"ciq_common"`` - the code was split into inspection sub-entries and the part they share
      (before the final parenthesis) is used;
    * ``"shortest_entry"`` - sub-entries share no common part, the shortest one is used;
    * ``"from_child"`` - 8-digit code without an undivided "xx00" child: the shortest name of
      its 10-digit children is borrowed, which usually names only part of the code.

    ``in_hs`` is False for China's national chapter 98 (special transactions), which has no HS6
    parent in the WCO nomenclature. ``name_en`` is always "" (no English source).
    """

    code: str
    level: int
    hs6: str
    parent: str
    name_en: str
    name_zh: str
    name_basis: str
    in_hs: bool


HS_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("level", pa.int8()),
        ("parent", pa.string()),
        ("section", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("edition", pa.string()),
        ("not_wco", pa.bool_()),
    ]
)

SECTION_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("number", pa.int8()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("chapters", pa.list_(pa.string())),
    ]
)

CHAPTER_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("section", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("short_name_zh", pa.string()),
        ("reserved", pa.bool_()),
    ]
)

NATIONAL_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("level", pa.int8()),
        ("hs6", pa.string()),
        ("parent", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("name_basis", pa.string()),
        ("in_hs", pa.bool_()),
    ]
)


def normalize_edition(edition: str) -> str:
    """Return the canonical edition name ("HS2022") for "HS2022", "hs2022" or "2022"."""
    if isinstance(edition, str):
        text = edition.strip().upper()
        if text.isdigit():
            text = "HS" + text
        if text in EDITIONS:
            return text
    raise UnknownCodeError(
        "hs_editions",
        edition,
        [e for e in EDITIONS if str(edition) in e][:3],
        reason="is not a shipped HS edition",
        hint=f"use one of {', '.join(EDITIONS)}",
    )


def hs_edition_for_year(year: int) -> str:
    """HS edition used by Chinese trade statistics for a data year.

    HS2012 for 2012-2016, HS2017 for 2017-2021, HS2022 from 2022 (DOMAIN section 6). Years before
    2012 (HS2007 era) raise :class:`UnknownCodeError` because no HS2007 table is shipped;
    mapping them to HS2012 would mislabel codes that changed in 2012.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise UnknownCodeError("hs_editions", year, reason="is not an integer year")
    if year < 2012:
        raise UnknownCodeError(
            "hs_editions", year, reason="predates HS2012; no HS2007 table is shipped"
        )
    if year <= 2016:
        return "HS2012"
    if year <= 2021:
        return "HS2017"
    return "HS2022"


@cache
def _section_names() -> tuple[dict[str, str], dict[str, str]]:
    en: dict[str, str] = {}
    for row in read_csv("hs/sections.csv", required=("section", "name")):
        name = row["name"]
        en[row["section"]] = name[:1].upper() + name[1:]
    zh = {r["section"]: r["name_zh"] for r in read_csv("authored/hs_sections_zh.csv")}
    return en, zh


def _load_official(edition: str) -> list[HsCode]:
    relpath = f"hs/{edition.lower()}_harmonized-system.csv"
    source = f"tradestat/reference/data/{relpath}"
    rows: list[HsCode] = []
    for row in read_csv(relpath, required=("section", "hscode", "description", "parent", "level")):
        code, level = row["hscode"], row["level"]
        if code == "TOTAL":  # the all-commodities total row, not a code
            continue
        if level not in ("2", "4", "6") or len(code) != int(level) or not code.isdigit():
            raise InvalidReferenceFile(source, None, "hscode", code, "unexpected HS code/level")
        not_wco = code.startswith(_NOT_WCO_CHAPTER)
        parent = "" if level == "2" else row["parent"]
        rows.append(
            HsCode(
                code=code,
                level=int(level),
                parent=parent,
                section="" if not_wco else row["section"],
                name_en=row["description"],
                name_zh="",
                edition=edition,
                not_wco=not_wco,
            )
        )
    return rows


def _load_hs2012() -> list[HsCode]:
    chapter_section = {r.code: r.section for r in hs_nomenclature("HS2017") if r.level == 2}
    six = {r["hs2012"] for r in read_csv("hs/hs2017_hs2012_correlation.csv")}
    codes = set(six) | {c[:4] for c in six} | {c[:2] for c in six}
    rows = []
    for code in sorted(codes):  # lexical order is hierarchical order for HS codes
        level = len(code)
        not_wco = code.startswith(_NOT_WCO_CHAPTER)
        rows.append(
            HsCode(
                code=code,
                level=level,
                parent="" if level == 2 else code[: level - 2],
                section=chapter_section.get(code[:2], "") if not not_wco else "",
                name_en="",
                name_zh="",
                edition="HS2012",
                not_wco=not_wco,
            )
        )
    return rows


@cache
def _nomenclature(edition: str) -> CodeTable[HsCode]:
    rows = _load_hs2012() if edition == "HS2012" else _load_official(edition)
    return CodeTable(f"hs_nomenclature[{edition}]", rows, HS_SCHEMA)


def hs_nomenclature(edition: str) -> CodeTable[HsCode]:
    """HS chapters, headings and subheadings of one edition ("HS2012", "HS2017", "HS2022").

    Source: HS2017/HS2022 English texts from the datasets/harmonized-system project (PDDL-1.0).
    HS2012 is reconstructed from the HS2012 column of the UNSD HS2017-HS2012 correlation table:
    codes only, English names are "". Chapter 99 / 9999 / 999999 ("not specified") is a Comtrade
    artefact kept with ``not_wco=True``; the counts 97 chapters / 1,229 headings / 5,613
    subheadings (HS2022) include it. Chinese names are "" (none openly available).
    """
    return _nomenclature(normalize_edition(edition))


@cache
def hs_sections() -> CodeTable[HsSection]:
    """The 21 HS sections with English (source file) and Chinese (typed by us) titles.

    Chinese titles were typed from the official tariff's section headings and need a review
    against the current 《进出口税则》 before formal publication use.
    """
    en, zh = _section_names()
    chapters: dict[str, list[str]] = defaultdict(list)
    for row in hs_nomenclature("HS2022"):
        if row.level == 2 and row.section:
            chapters[row.section].append(row.code)
    rows = [
        HsSection(
            code=roman,
            number=i,
            name_en=en[roman].strip(),
            name_zh=zh.get(roman, ""),
            chapters=tuple(chapters[roman]),
        )
        for i, roman in enumerate(en, start=1)  # the source file lists I..XXI in order
    ]
    return CodeTable("hs_sections", rows, SECTION_SCHEMA)


_CHAPTERS_ZH = "authored/hs_chapters_zh.csv"


@cache
def hs_chapters() -> CodeTable[HsChapter]:
    """The 97 HS chapters (01-97) with Chinese tariff titles and short names (typed by us).

    Chinese titles (``authored/hs_chapters_zh.csv``) were typed by the project from the chapter
    titles of China's customs tariff (《进出口税则》, HS2022 wording) and need a review against
    the current edition before formal publication use; the short names are our own concise
    renderings for sentences and tables. English titles and sections come from the HS2022
    nomenclature. Chapter 77 (reserved, no goods) is listed with ``reserved=True`` and no short
    name. Chapter 99 (Comtrade's "not specified") and China's national chapter 98 are not HS
    chapters and are not listed. Names are searchable with :meth:`CodeTable.find`.
    """
    source = f"tradestat/reference/data/{_CHAPTERS_ZH}"
    nomenclature = hs_nomenclature("HS2022")
    expected = [f"{i:02d}" for i in range(1, 98)]
    rows: list[HsChapter] = []
    for line, row in iter_csv_text(
        read_text(_CHAPTERS_ZH), source, ("chapter", "name_zh", "short_name_zh")
    ):
        code, name_zh, short = row["chapter"], row["name_zh"], row["short_name_zh"]
        if len(rows) >= len(expected) or code != expected[len(rows)]:
            raise InvalidReferenceFile(
                source, line, "chapter", code, "chapters must be 01..97, each once, in order"
            )
        reserved = code == _RESERVED_CHAPTER
        if not name_zh:
            raise InvalidReferenceFile(source, line, "name_zh", name_zh, "Chinese title missing")
        if reserved != (not short):
            raise InvalidReferenceFile(
                source, line, "short_name_zh", short,
                "only the reserved chapter 77 has no short name",
            )
        if ";" in short:  # sentences cut captions at the first ASCII semicolon
            raise InvalidReferenceFile(source, line, "short_name_zh", short, "contains ';'")
        official = nomenclature.get(code)
        if reserved:
            section, name_en = _RESERVED_SECTION, _RESERVED_NAME_EN
        elif official is None or official.level != 2:
            raise InvalidReferenceFile(
                source, line, "chapter", code, "not a chapter of the HS2022 nomenclature"
            )
        else:
            section, name_en = official.section, official.name_en
        rows.append(HsChapter(code, section, name_en, name_zh, short, reserved))
    if len(rows) != len(expected):
        raise InvalidReferenceFile(
            source, None, "chapter", None, f"{len(rows)} chapters listed, 97 expected"
        )
    return CodeTable(
        "hs_chapters", rows, CHAPTER_SCHEMA, name_fields=("name_en", "name_zh", "short_name_zh")
    )


# -- correlations ---------------------------------------------------------------------------------

_CORRELATIONS = {
    "HS2022": ("hs/hs2022_hs2017_correlation.csv", "hs2022", "hs2017"),
    "HS2017": ("hs/hs2017_hs2012_correlation.csv", "hs2017", "hs2012"),
}


@cache
def _correlation_rows(newer: str) -> tuple[tuple[str, str, str], ...]:
    relpath, new_col, old_col = _CORRELATIONS[newer]
    return tuple(
        (r[new_col], r[old_col], r["relationship"])
        for r in read_csv(relpath, required=(new_col, old_col, "relationship"))
    )


def hs_correlation(newer: str = "HS2022") -> pa.Table:
    """UNSD correlation between an edition and the previous one, one row per code pair.

    ``newer="HS2022"`` gives columns (hs2022, hs2017, relationship), 15,657 pairs;
    ``newer="HS2017"`` gives (hs2017, hs2012, relationship). ``relationship`` is one of
    "1:1", "n:1", "1:n", "n:n". Caveat: HS2017 subheading 300219 is missing from the
    HS2022-HS2017 sheet (a gap in the UNSD source, kept as is).
    """
    edition = normalize_edition(newer)
    if edition not in _CORRELATIONS:
        raise UnknownCodeError(
            "hs_correlation", newer, tuple(_CORRELATIONS), reason="has no older edition shipped"
        )
    _, new_col, old_col = _CORRELATIONS[edition]
    rows = _correlation_rows(edition)
    return pa.table(
        {
            new_col: pa.array([r[0] for r in rows], pa.string()),
            old_col: pa.array([r[1] for r in rows], pa.string()),
            "relationship": pa.array([r[2] for r in rows], pa.string()),
        }
    )


@cache
def _correlation_index(
    newer: str,
) -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
    forward: dict[str, set[str]] = defaultdict(set)
    backward: dict[str, set[str]] = defaultdict(set)
    for new, old, _ in _correlation_rows(newer):
        forward[new].add(old)
        backward[old].add(new)
    return (
        MappingProxyType({k: tuple(sorted(v)) for k, v in forward.items()}),
        MappingProxyType({k: tuple(sorted(v)) for k, v in backward.items()}),
    )


def _lookup(code6: str, edition: str, index: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    table = hs_nomenclature(edition)
    row = table.get(code6)
    if row is None or row.level != 6:
        raise UnknownCodeError(
            table.name, code6, table.suggest_codes(str(code6)), reason="is not a 6-digit subheading"
        )
    return index.get(code6, ())


def hs2017_for_hs2022(code6: str) -> tuple[str, ...]:
    """HS2017 subheadings that correspond (fully or partly) to an HS2022 subheading."""
    return _lookup(code6, "HS2022", _correlation_index("HS2022")[0])


def hs2022_for_hs2017(code6: str) -> tuple[str, ...]:
    """HS2022 subheadings corresponding to an HS2017 subheading ("300219" gives (): UNSD gap)."""
    return _lookup(code6, "HS2017", _correlation_index("HS2022")[1])


def hs2012_for_hs2017(code6: str) -> tuple[str, ...]:
    """HS2012 subheadings that correspond to an HS2017 subheading."""
    return _lookup(code6, "HS2017", _correlation_index("HS2017")[0])


def hs2017_for_hs2012(code6: str) -> tuple[str, ...]:
    """HS2017 subheadings that correspond to an HS2012 subheading."""
    return _lookup(code6, "HS2012", _correlation_index("HS2017")[1])


# -- national codes -------------------------------------------------------------------------------

_OPEN_PARENS = ("(", "（")
_CLOSE_PARENS = (")", "）")


def _strip_final_parenthetical(name: str) -> str:
    """Drop a trailing balanced "(...)" group: the inspection sub-entry qualifier."""
    if not name.endswith(_CLOSE_PARENS):
        return name
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        ch = name[i]
        if ch in _CLOSE_PARENS:
            depth += 1
        elif ch in _OPEN_PARENS:
            depth -= 1
            if depth == 0:
                return name[:i].rstrip()
    return name


def _hs10_name(names: list[str]) -> tuple[str, str]:
    if len(set(names)) == 1:
        return names[0], "exact"
    bases = Counter(_strip_final_parenthetical(n) for n in names)
    base, count = bases.most_common(1)[0]
    if count >= 2 and base:
        return base, "ciq_common"
    return min(names, key=lambda n: (len(n), n)), "shortest_entry"


@cache
def national_codes() -> CodeTable[NationalCode]:
    """Chinese national 8-digit and 10-digit codes with Chinese names.

    Source: the 2022-vintage CIQ code table of China's single-window parameter tables (HS10 plus a
    3-digit inspection suffix). Only rows whose 13-character CIQ code starts with the 10-digit
    code are used; the same file also holds a separate inspection category tree whose codes look
    like HS codes but are not. Names: see :class:`NationalCode` ``name_basis``. The 8-digit codes
    (what statistics publish) are derived as the first 8 digits of the 10-digit codes. CN8 lists
    change with the yearly tariff; this is one vintage, not a versioned history.
    """
    entries: dict[str, list[str]] = defaultdict(list)
    for row in read_csv("customs-codes/ciq_codes_hs10_zh.csv", required=("ciq_code13", "hs10")):
        hs10, ciq = row["hs10"], row["ciq_code13"]
        if len(hs10) == 10 and hs10.isdigit() and len(ciq) == 13 and ciq.startswith(hs10):
            entries[hs10].append(row["name_zh"])
    hs6_known = hs_nomenclature("HS2022").codes()

    ten: dict[str, NationalCode] = {}
    for hs10 in sorted(entries):
        name, basis = _hs10_name(entries[hs10])
        ten[hs10] = NationalCode(
            code=hs10,
            level=10,
            hs6=hs10[:6],
            parent=hs10[:8],
            name_en="",
            name_zh=name,
            name_basis=basis,
            in_hs=hs10[:6] in hs6_known,
        )

    children: dict[str, list[NationalCode]] = defaultdict(list)
    for row in ten.values():
        children[row.parent].append(row)
    eight: list[NationalCode] = []
    for hs8 in sorted(children):
        undivided = ten.get(hs8 + "00")
        if undivided is not None:
            name, basis = undivided.name_zh, undivided.name_basis
        else:
            name = min((c.name_zh for c in children[hs8]), key=lambda n: (len(n), n))
            basis = "from_child"
        eight.append(
            NationalCode(
                code=hs8,
                level=8,
                hs6=hs8[:6],
                parent=hs8[:6],
                name_en="",
                name_zh=name,
                name_basis=basis,
                in_hs=hs8[:6] in hs6_known,
            )
        )
    rows = sorted([*eight, *ten.values()], key=lambda r: r.code)
    return CodeTable("national_codes", rows, NATIONAL_SCHEMA, name_fields=("name_zh",))
