"""Countries (ISO 3166 / UN M49) and China Customs trading-partner codes.

Two keys for the same world, kept apart on purpose:

* ``countries()`` is keyed by ISO alpha-3 and carries the UN M49 geography - the key country
  groups and other statistical offices use;
* ``partners()`` is keyed by the 3-digit China Customs statistical code, the key of every GACC
  table. Its first digit is the customs continent, which is *not* the M49 region (Georgia,
  Armenia and Azerbaijan sit in the customs Europe block; Cyprus in Asia).

Pseudo-codes (x99 "other <continent>", 701 unknown, 702 international organisations, 999 neutral
packaging) are partners without an ISO3 code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import pyarrow as pa

from ._files import read_csv
from ._table import CodeTable
from .errors import InvalidReferenceFile, UnknownCodeError

__all__ = [
    "CONTINENTS",
    "LEGACY_ISO3",
    "Country",
    "Partner",
    "countries",
    "customs_for_iso3",
    "iso3_for_customs",
    "iso3_for_m49",
    "normalize_iso3",
    "partners",
]

CONTINENTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "1": ("Asia", "亚洲"),
        "2": ("Africa", "非洲"),
        "3": ("Europe", "欧洲"),
        "4": ("Latin America", "拉丁美洲"),
        "5": ("North America", "北美洲"),
        "6": ("Oceania", "大洋洲"),
        "7": ("Other", "其他"),
    }
)
"""Customs continent blocks: first digit of the partner code -> (English, Chinese)."""

LEGACY_ISO3: Mapping[str, str] = MappingProxyType({"ROM": "ROU", "ZAR": "COD", "TMP": "TLS"})
"""Withdrawn ISO alpha-3 codes that still occur in old tables, and their replacements."""

_DISSOLVED_ISO3 = {
    "ANT": "Netherlands Antilles, dissolved 2010 (successors BES, CUW, SXM)",
    "SCG": "Serbia and Montenegro, dissolved 2006 (successors SRB, MNE)",
    "YUG": "Yugoslavia, dissolved (successor states have their own codes)",
    "CSK": "Czechoslovakia, dissolved 1993 (successors CZE, SVK)",
    "SUN": "USSR, dissolved 1991 (successor states have their own codes)",
}

# UN Comtrade reporter codes that differ from ISO 3166 numeric (territory variants).
_COMTRADE_NUMERIC = {842: "USA", 251: "FRA", 699: "IND", 757: "CHE", 579: "NOR"}

_PSEUDO_CODES = frozenset({"199", "299", "399", "499", "599", "699", "701", "702", "999"})
_NOT_PARTNER_CODES = frozenset({"801", "802"})  # tariff "highest rate" markers, not partners


@dataclass(frozen=True, slots=True)
class Country:
    """An ISO 3166 country or area (keyed by alpha-3) with its UN M49 geography.

    ``iso_numeric`` and ``m49`` are 3-digit strings (identical for all 249 rows shipped).
    ``region_*`` fields are "" for Antarctica, which M49 leaves without a region.
    ``customs_code`` is the China Customs partner code the single-window mapping assigns; small
    territories map to their sovereign's code or to an x99 "other" code.
    """

    code: str
    iso2: str
    iso_numeric: str
    m49: str
    name_en: str
    name_zh: str
    name_en_official: str
    name_zh_official: str
    region_code: str
    region_en: str
    region_zh: str
    subregion_code: str
    subregion_en: str
    subregion_zh: str
    intermediate_region_code: str
    intermediate_region_en: str
    intermediate_region_zh: str
    ldc: bool
    lldc: bool
    sids: bool
    customs_code: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Partner:
    """A China Customs statistical partner code (3 digits).

    ``iso3`` is None for pseudo-codes and for areas without an ISO code of their own (Canary
    Islands, Ceuta, Melilla, Bonaire, Saba, French Polynesian island groups, Serbia and
    Montenegro, Netherlands Antilles). ``legacy_iso3`` keeps the withdrawn code the source table
    used (ROM for Romania, ANT for the Netherlands Antilles). ``continent_code`` is the first
    digit ("1".."7"), "" for 999 (neutral packaging). M49 fields are "" when ``iso3`` is None.
    """

    code: str
    iso3: str | None
    iso2: str | None
    iso_numeric: str | None
    name_en: str
    name_zh: str
    continent_code: str
    continent_en: str
    continent_zh: str
    m49_region_en: str
    m49_region_zh: str
    m49_subregion_en: str
    m49_subregion_zh: str
    pseudo: bool
    legacy_iso3: str | None
    note: str
    aliases: tuple[str, ...]


COUNTRY_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("iso2", pa.string()),
        ("iso_numeric", pa.string()),
        ("m49", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("name_en_official", pa.string()),
        ("name_zh_official", pa.string()),
        ("region_code", pa.string()),
        ("region_en", pa.string()),
        ("region_zh", pa.string()),
        ("subregion_code", pa.string()),
        ("subregion_en", pa.string()),
        ("subregion_zh", pa.string()),
        ("intermediate_region_code", pa.string()),
        ("intermediate_region_en", pa.string()),
        ("intermediate_region_zh", pa.string()),
        ("ldc", pa.bool_()),
        ("lldc", pa.bool_()),
        ("sids", pa.bool_()),
        ("customs_code", pa.string()),
    ]
)

PARTNER_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("iso3", pa.string()),
        ("iso2", pa.string()),
        ("iso_numeric", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("continent_code", pa.string()),
        ("continent_en", pa.string()),
        ("continent_zh", pa.string()),
        ("m49_region_en", pa.string()),
        ("m49_region_zh", pa.string()),
        ("m49_subregion_en", pa.string()),
        ("m49_subregion_zh", pa.string()),
        ("pseudo", pa.bool_()),
        ("legacy_iso3", pa.string()),
        ("note", pa.string()),
    ]
)


def _uniq(*names: str) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        n = n.replace("*", "").strip()
        if n and n not in out:
            out.append(n)
    return tuple(out)


@cache
def _customs_mapping() -> tuple[dict[str, str], dict[str, str]]:
    """ISO3 -> customs code, and ISO3 -> customs-style English name, from the mapping table."""
    to_customs: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in read_csv("customs-codes/customs_country_mapping_iso3.csv"):
        to_customs[row["iso3"]] = row["customs_code"]
        names[row["iso3"]] = row["name_en"]
    return to_customs, names


@cache
def countries() -> CodeTable[Country]:
    """All 249 ISO 3166 countries and areas, keyed by ISO alpha-3.

    Source: ``country_reference.csv`` (ISO codes and UN M49 geography from UNSD M49 via
    datasets/country-codes; Chinese short names from the i18n-iso-countries package, MIT).
    ``find`` accepts short and official names in English or Chinese.
    """
    to_customs, _ = _customs_mapping()
    rows = []
    for r in read_csv("countries/country_reference.csv"):
        rows.append(
            Country(
                code=r["iso3"],
                iso2=r["iso2"],
                iso_numeric=r["iso_numeric"].zfill(3),
                m49=r["m49"].zfill(3),
                name_en=r["name_en"],
                name_zh=r["name_zh"],
                name_en_official=r["name_en_official"],
                name_zh_official=r["name_zh_unsd"],
                region_code=r["region_code"],
                region_en=r["region_en"],
                region_zh=r["region_zh"],
                subregion_code=r["subregion_code"],
                subregion_en=r["subregion_en"],
                subregion_zh=r["subregion_zh"],
                intermediate_region_code=r["intermediate_region_code"],
                intermediate_region_en=r["intermediate_region_en"],
                intermediate_region_zh=r["intermediate_region_zh"],
                ldc=r["ldc"].lower() == "x",
                lldc=r["lldc"].lower() == "x",
                sids=r["sids"].lower() == "x",
                customs_code=to_customs.get(r["iso3"], ""),
                aliases=_uniq(r["name_en_official"], r["name_zh_unsd"], r["name_zh_unterm_short"]),
            )
        )
    return CodeTable(
        "countries", rows, COUNTRY_SCHEMA, name_fields=("name_en", "name_zh", "aliases")
    )


def normalize_iso3(iso3: str) -> str:
    """Upper-case an ISO alpha-3 code and replace withdrawn codes (ROM -> ROU, ZAR -> COD ...).

    Raises :class:`UnknownCodeError` for codes of dissolved entities (ANT, SCG, ...) that have no
    single successor, and for codes that are not in :func:`countries`.
    """
    if not isinstance(iso3, str):
        raise UnknownCodeError("countries", iso3, reason="is not an ISO alpha-3 string")
    code = iso3.strip().upper()
    code = LEGACY_ISO3.get(code, code)
    if code in _DISSOLVED_ISO3:
        raise UnknownCodeError(
            "countries", iso3, reason=f"is a withdrawn code: {_DISSOLVED_ISO3[code]}"
        )
    table = countries()
    if code not in table:
        raise UnknownCodeError("countries", iso3, table.suggest_codes(code))
    return code


@cache
def _partner_overrides() -> dict[str, tuple[str, str]]:
    return {
        r["customs_code"]: (r["name_en"], r["note"])
        for r in read_csv("authored/partner_names_en.csv")
    }


@cache
def partners() -> CodeTable[Partner]:
    """China Customs 3-digit statistical partner codes with ISO3, names and continents.

    Source: the single-window country parameter table (2022 vintage), cross-checked against the
    single-window ISO3 mapping table, joined to :func:`countries` for ISO and M49 fields.
    Cleaning applied (each is recorded in the row's ``note``):

    * legacy ISO3 "ROM" is normalised to "ROU"; "ANT" (Netherlands Antilles, dissolved) is kept
      only as ``legacy_iso3`` with ``iso3=None``;
    * pseudo-codes get ``iso3=None`` even where the source lists an arbitrary member territory
      (499 gives BES, 699 gives MNP in the source);
    * 260 South Sudan and 438 Saint Martin get their ISO3 from the mapping table;
    * 801/802 (tariff "highest rate" markers) are not partners and are left out.

    English names come from the customs mapping table, or from our own list for pseudo-codes,
    territories without ISO codes, and Hong Kong/Macao/Taiwan ("Hong Kong, China" style).
    """
    to_customs, mapping_names = _customs_mapping()
    by_customs: dict[str, list[str]] = {}
    for iso, cc in to_customs.items():
        by_customs.setdefault(cc, []).append(iso)
    overrides = _partner_overrides()
    table = countries()
    source = "tradestat/reference/data/customs-codes/customs_country_codes.csv"

    rows = []
    for r in read_csv("customs-codes/customs_country_codes.csv"):
        code = r["customs_code"]
        if code in _NOT_PARTNER_CODES:
            continue
        if len(code) != 3 or not code.isdigit():
            raise InvalidReferenceFile(source, None, "customs_code", code, "not a 3-digit code")
        raw_iso = r["iso3"].upper()
        pseudo = code in _PSEUDO_CODES
        notes: list[str] = []
        legacy: str | None = None
        iso3: str | None
        if pseudo:
            iso3 = None  # the source's ISO3 for 499/699 is one arbitrary member; dropped
        elif raw_iso in LEGACY_ISO3:
            iso3, legacy = LEGACY_ISO3[raw_iso], raw_iso
            notes.append(f"legacy ISO3 {raw_iso} normalised to {iso3}")
        elif raw_iso in _DISSOLVED_ISO3:
            iso3, legacy = None, raw_iso
        elif raw_iso:
            iso3 = raw_iso
        else:
            candidates = [i for i in by_customs.get(code, []) if i in table]
            iso3 = candidates[0] if len(candidates) == 1 else None
        if iso3 is not None and iso3 not in table:
            raise InvalidReferenceFile(source, None, "iso3", iso3, "unknown ISO3 code")
        if iso3 is not None and to_customs.get(iso3) != code:
            notes.append(f"mapping table assigns {iso3} to {to_customs.get(iso3)}")

        override_name, override_note = overrides.get(code, ("", ""))
        if override_note:
            notes.insert(0, override_note)
        country = table.get(iso3) if iso3 else None
        name_en = override_name or (mapping_names.get(iso3, "") if iso3 else "") or r["name_en"]
        continent = "" if code == "999" else code[0]
        cont_en, cont_zh = CONTINENTS.get(continent, ("", ""))
        aliases = _uniq(
            r["name_en"],
            *(
                (country.name_en, country.name_zh, country.name_en_official, *country.aliases)
                if country
                else ()
            ),
            mapping_names.get(iso3, "") if iso3 else "",
        )
        rows.append(
            Partner(
                code=code,
                iso3=iso3,
                iso2=country.iso2 if country else None,
                iso_numeric=country.iso_numeric if country else None,
                name_en=name_en,
                name_zh=r["name_zh"],
                continent_code=continent,
                continent_en=cont_en,
                continent_zh=cont_zh,
                m49_region_en=country.region_en if country else "",
                m49_region_zh=country.region_zh if country else "",
                m49_subregion_en=country.subregion_en if country else "",
                m49_subregion_zh=country.subregion_zh if country else "",
                pseudo=pseudo,
                legacy_iso3=legacy,
                note="; ".join(notes),
                aliases=aliases,
            )
        )
    return CodeTable(
        "partners", rows, PARTNER_SCHEMA, name_fields=("name_en", "name_zh", "aliases")
    )


def iso3_for_customs(code: str) -> str | None:
    """ISO3 of a customs partner code; None for pseudo-codes and areas without ISO codes.

    Raises :class:`UnknownCodeError` when the code is not a partner code.
    """
    return partners()[code].iso3


def customs_for_iso3(iso3: str) -> str:
    """Customs partner code for an ISO3 code (legacy codes such as "ROM" are accepted).

    Uses the single-window mapping, which is total over ISO 3166: small territories map to their
    sovereign's code (BVT -> 326 Norway) or to an x99 "other" code (ASM -> 699), and the former
    Netherlands Antilles parts BES and SXM map to 449.
    """
    code = normalize_iso3(iso3)
    customs = _customs_mapping()[0].get(code)
    if not customs:
        raise UnknownCodeError("customs_for_iso3", iso3, reason="has no customs partner code")
    return customs


@cache
def _m49_index() -> Mapping[int, str]:
    return MappingProxyType({int(c.m49): c.code for c in countries()})


def iso3_for_m49(numeric: int | str) -> str:
    """ISO3 for a UN M49 / ISO 3166 numeric code, as used by UN Comtrade.

    Accepted forms: an ``int`` (156) or a string of ASCII digits; leading zeros are ignored, so
    "156", "0156", 4, "4" and "004" all work. Comtrade's own reporter variants 842 (USA), 251
    (France), 699 (India), 757 (Switzerland) and 579 (Norway) are also understood. Aggregates
    such as 490 ("Other Asia, n.e.s.") or 0 (World) raise :class:`UnknownCodeError`.
    """
    if isinstance(numeric, bool):
        raise UnknownCodeError("m49", numeric, reason="is not a numeric code")
    if isinstance(numeric, int):
        value = numeric
    elif isinstance(numeric, str) and numeric.strip().isascii() and numeric.strip().isdigit():
        value = int(numeric.strip())
    else:
        raise UnknownCodeError("m49", numeric, reason="is not a numeric code (int or digits)")
    found = _m49_index().get(value) or _COMTRADE_NUMERIC.get(value)
    if found is None:
        raise UnknownCodeError("m49", numeric, reason="is not a country code in UN M49")
    return found
