"""China Customs districts (关区): where goods cross, a region basis of its own.

Trade "through Xinjiang's ports" (districts 94xx) is not Xinjiang's trade by registered location;
the district table exists so that the two are never mixed up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from ._files import read_csv
from ._table import CodeTable
from .errors import InvalidReferenceFile

__all__ = ["CustomsDistrict", "customs_districts"]


@dataclass(frozen=True, slots=True)
class CustomsDistrict:
    """A 4-character customs district code.

    ``directorate`` is the first two characters (the directly subordinate customs, e.g. "94" =
    Urumqi Customs; Macao's "A1"). ``is_directorate_total`` marks the "xx00" codes, which stand for
    the whole directorate. ``name_en`` is written by us for the xx00 totals and the 94xx
    (Xinjiang) districts; it is "" for the other ~1,250 sub-district codes.
    """

    code: str
    name_en: str
    name_zh: str
    abbr_zh: str
    directorate: str
    directorate_name_en: str
    directorate_name_zh: str
    is_directorate_total: bool


DISTRICT_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("abbr_zh", pa.string()),
        ("directorate", pa.string()),
        ("directorate_name_en", pa.string()),
        ("directorate_name_zh", pa.string()),
        ("is_directorate_total", pa.bool_()),
    ]
)


@cache
def customs_districts() -> CodeTable[CustomsDistrict]:
    """All customs district codes (1,369) with Chinese names and directorates.

    Source: single-window customs parameter table (2022 vintage). The list is a union over time:
    some codes are no longer in use, and the table carries no validity dates. ``find`` accepts
    the full Chinese name, the Chinese abbreviation or the English name where we have one.
    """
    source = "tradestat/reference/data/customs-codes/customs_districts.csv"
    names_en = {
        r["customs_code"]: r["name_en"] for r in read_csv("authored/customs_district_names_en.csv")
    }
    raw = read_csv("customs-codes/customs_districts.csv", required=("customs_code", "name_zh"))
    totals = {r["customs_code"][:2]: r for r in raw if r["customs_code"].endswith("00")}
    rows = []
    for r in raw:
        code = r["customs_code"]
        if len(code) != 4:
            raise InvalidReferenceFile(source, None, "customs_code", code, "not 4 characters")
        directorate = code[:2]
        total = totals.get(directorate)
        rows.append(
            CustomsDistrict(
                code=code,
                name_en=names_en.get(code, ""),
                name_zh=r["name_zh"],
                abbr_zh=r["abbr_zh"],
                directorate=directorate,
                directorate_name_en=names_en.get(directorate + "00", ""),
                directorate_name_zh=total["name_zh"] if total else "",
                is_directorate_total=code.endswith("00"),
            )
        )
    unknown = set(names_en) - {r.code for r in rows}
    if unknown:
        raise InvalidReferenceFile(
            "tradestat/reference/data/authored/customs_district_names_en.csv",
            None,
            "customs_code",
            sorted(unknown)[0],
            "English name for a code not in the table",
        )
    return CodeTable(
        "customs_districts",
        rows,
        DISTRICT_SCHEMA,
        name_fields=("name_en", "name_zh", "abbr_zh"),
    )
