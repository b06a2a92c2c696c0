"""The canonical trade record: one schema for trade data at any grain.

A GACC platform export (monthly aggregates by partner and commodity), a declaration line and a UN
Comtrade row all become rows of this one shape, so that the warehouse and the query layer never care
where a number came from. Dimensions that a source does not carry are NULL, which means "not broken
down by this", never "zero" or "unknown member".

Money is exact: DECIMAL(18, 2) in yuan or dollars (not thousands, not 亿), so sums are exact and
rounding happens once, at presentation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

#: Where a region's trade is attributed (DOMAIN.md §4). The three customs bases are never mixed;
#: "national" marks country-wide aggregates that carry no regional breakdown at all.
REGION_BASES: tuple[str, ...] = ("registered", "destination_source", "customs_district", "national")

#: Partner attribution: origin (imports) / final destination (exports) is the headline basis;
#: shipment / arrival country is recorded on declarations but not published as the headline.
PARTNER_BASES: tuple[str, ...] = ("origin_destination", "shipment_arrival")

FLOWS: tuple[str, ...] = ("import", "export")


@dataclass(frozen=True, slots=True)
class CanonicalField:
    """One column of the canonical record."""

    name: str
    sql_type: str
    arrow_type: pa.DataType
    description: str
    required: bool = False
    is_measure: bool = False


_MONEY = pa.decimal128(18, 2)
_QTY = pa.decimal128(18, 3)

CANONICAL_FIELDS: tuple[CanonicalField, ...] = (
    CanonicalField("month", "INTEGER", pa.int32(), "Reference month as YYYYMM.", required=True),
    CanonicalField("region_code", "VARCHAR", pa.string(),
                   "Reporting region: 2-digit province (registered basis), 5-character domestic "
                   "district (destination/source basis), 4-digit customs district, or CN.",
                   required=True),
    CanonicalField("region_basis", "VARCHAR", pa.string(),
                   "One of REGION_BASES; values with different bases are never added up.",
                   required=True),
    CanonicalField("flow", "VARCHAR", pa.string(), "import or export.", required=True),
    CanonicalField("partner_code", "VARCHAR", pa.string(),
                   "China Customs 3-digit statistical partner code (NULL = all partners)."),
    CanonicalField("partner_iso3", "VARCHAR", pa.string(),
                   "ISO 3166 alpha-3 of the partner; NULL for customs pseudo-codes (701, x99)."),
    CanonicalField("partner_basis", "VARCHAR", pa.string(),
                   "One of PARTNER_BASES when a partner is given."),
    CanonicalField("hs_code", "VARCHAR", pa.string(),
                   "Commodity code, 2 to 10 digits, as a string (NULL = all commodities)."),
    CanonicalField("hs_edition", "VARCHAR", pa.string(),
                   "HS2012 / HS2017 / HS2022: the nomenclature hs_code belongs to."),
    CanonicalField("trade_mode", "VARCHAR", pa.string(),
                   "2-digit statistical trade mode (10 ordinary, 19 border small-amount ...)."),
    CanonicalField("supervision_mode", "VARCHAR", pa.string(),
                   "4-digit customs supervision mode of a declaration (its last two digits are "
                   "trade_mode)."),
    CanonicalField("enterprise_type", "VARCHAR", pa.string(),
                   "Enterprise nature, 1 digit (6th character of the customs registration code)."),
    CanonicalField("enterprise_id", "VARCHAR", pa.string(),
                   "Identifier of the declaring enterprise (declaration-level data only)."),
    CanonicalField("customs_district", "VARCHAR", pa.string(),
                   "4-digit customs district / port where the goods crossed."),
    CanonicalField("transport_mode", "VARCHAR", pa.string(), "Customs transport-mode code."),
    CanonicalField("value_cny", "DECIMAL(18,2)", _MONEY, "Value in yuan.", is_measure=True),
    CanonicalField("value_usd", "DECIMAL(18,2)", _MONEY, "Value in US dollars.", is_measure=True),
    CanonicalField("quantity1", "DECIMAL(18,3)", _QTY, "First statutory quantity.",
                   is_measure=True),
    CanonicalField("unit1", "VARCHAR", pa.string(), "Unit of quantity1."),
    CanonicalField("quantity2", "DECIMAL(18,3)", _QTY, "Second (supplementary) quantity.",
                   is_measure=True),
    CanonicalField("unit2", "VARCHAR", pa.string(), "Unit of quantity2."),
    CanonicalField("declaration_id", "VARCHAR", pa.string(),
                   "Customs declaration number (declaration-level data only)."),
    CanonicalField("declaration_line", "INTEGER", pa.int32(),
                   "Line (item) number within the declaration."),
)

_BY_NAME = {f.name: f for f in CANONICAL_FIELDS}


def field(name: str) -> CanonicalField:
    """Return the canonical field called ``name`` (KeyError if there is none)."""
    return _BY_NAME[name]


def canonical_arrow_schema() -> pa.Schema:
    """The Arrow schema of a canonical record batch (without load bookkeeping columns)."""
    return pa.schema(
        [pa.field(f.name, f.arrow_type, nullable=not f.required) for f in CANONICAL_FIELDS]
    )
