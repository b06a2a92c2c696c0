"""Domestic geography: provinces (registered-location basis) and domestic destination/source codes.

Provinces are the key of the "registered location of the importer/exporter" basis (platform field
``TRADE_CO_PORT``), on which provincial tables, rankings and "Xinjiang's foreign trade" are
published. Domestic destination/source districts are a *different* basis (a declaration field, not
on the query platform); both tables are served so that code can never confuse the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from ._files import read_csv
from ._table import CodeTable
from .errors import InvalidReferenceFile

__all__ = ["DomesticDistrict", "Province", "domestic_districts", "provinces"]

_ECONOMIC_REGIONS = {
    "east": "东部",
    "central": "中部",
    "west": "西部",
    "northeast": "东北",
}


@dataclass(frozen=True, slots=True)
class Province:
    """A provincial-level region of mainland China with its 2-digit GB/T 2260 code.

    ``kind`` is province / autonomous_region / municipality. ``economic_region`` is the NBS
    four-way split (east, central, west, northeast) used in regional comparisons.
    """

    code: str
    name_en: str
    name_zh: str
    short_name_en: str
    short_name_zh: str
    kind: str
    economic_region: str
    economic_region_zh: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DomesticDistrict:
    """A 5-character domestic destination/source code (境内目的地/境内货源地).

    The first two characters are the province code. ``name_en`` is "" (the official table is
    Chinese only). ``district_type`` is the raw type column of the source table; its meaning is
    not documented there and is left uninterpreted.
    """

    code: str
    name_en: str
    name_zh: str
    province: str
    district_type: str


PROVINCE_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("short_name_en", pa.string()),
        ("short_name_zh", pa.string()),
        ("kind", pa.string()),
        ("economic_region", pa.string()),
        ("economic_region_zh", pa.string()),
    ]
)

DISTRICT_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("province", pa.string()),
        ("district_type", pa.string()),
    ]
)


@cache
def provinces() -> CodeTable[Province]:
    """The 31 provincial-level regions of mainland China (11 Beijing ... 65 Xinjiang).

    Typed by us from the public GB/T 2260 standard. Hong Kong, Macao and Taiwan are trading
    partners in customs statistics (partner codes 110, 121, 143), not registered locations, so
    they are not listed. ``find`` accepts full or short names in either language ("新疆",
    "新疆维吾尔自治区", "Xinjiang"); note Shanxi (14, 山西) and Shaanxi (61, 陕西) are distinct.
    """
    rows = []
    for r in read_csv("authored/provinces.csv"):
        region = r["economic_region"]
        rows.append(
            Province(
                code=r["code"],
                name_en=r["name_en"],
                name_zh=r["name_zh"],
                short_name_en=r["short_name_en"],
                short_name_zh=r["short_name_zh"],
                kind=r["kind"],
                economic_region=region,
                economic_region_zh=_ECONOMIC_REGIONS[region],
                aliases=tuple(a for a in r["aliases"].split(";") if a),
            )
        )
    return CodeTable(
        "provinces",
        rows,
        PROVINCE_SCHEMA,
        name_fields=("name_en", "name_zh", "short_name_en", "short_name_zh", "aliases"),
    )


@cache
def domestic_districts() -> CodeTable[DomesticDistrict]:
    """Domestic destination/source codes (5 characters, e.g. 65099 Yining, 6509W Kuytun).

    Source: single-window district parameter table (2022 vintage), 1,088 codes. Codes may end in a
    letter. Xinjiang has 27 codes (prefix 65). Names are Chinese only.
    """
    source = "tradestat/reference/data/customs-codes/domestic_districts.csv"
    known = provinces().codes()
    rows = []
    for r in read_csv("customs-codes/domestic_districts.csv"):
        code, prefix = r["district_code"], r["province_gb2260_prefix"]
        if len(code) != 5 or code[:2] != prefix or prefix not in known:
            raise InvalidReferenceFile(source, None, "district_code", code, "bad province prefix")
        rows.append(
            DomesticDistrict(
                code=code,
                name_en="",
                name_zh=r["name_zh"],
                province=prefix,
                district_type=r["district_type"],
            )
        )
    return CodeTable("domestic_districts", rows, DISTRICT_SCHEMA)
