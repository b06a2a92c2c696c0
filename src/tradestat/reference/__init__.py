"""Reference code lists for Chinese customs trade statistics, shipped inside the package.

This is tradestat's bottom layer: it imports nothing else from tradestat. Every table is loaded
once (cached) from ``tradestat/reference/data`` and served as an immutable :class:`CodeTable`
whose codes are strings (leading zeros kept). Sources and licences: ``data/ATTRIBUTION.md``.

Commodities (HS)
    hs_nomenclature(edition) -> CodeTable[HsCode]     HS2012 / HS2017 / HS2022 chapters..subheadings
    hs_sections() -> CodeTable[HsSection]
    hs_chapters() -> CodeTable[HsChapter]             97 chapters, Chinese titles and short names
    hs_edition_for_year(year) -> str                  HS2012 / HS2017 / HS2022 for a data year
    national_codes() -> CodeTable[NationalCode]       Chinese 8/10-digit codes, Chinese names
    hs_correlation(newer="HS2022") -> pyarrow.Table   UNSD correlation pairs
    hs2017_for_hs2022(code6), hs2022_for_hs2017(code6),
    hs2012_for_hs2017(code6), hs2017_for_hs2012(code6) -> tuple[str, ...]

Partners and countries
    partners() -> CodeTable[Partner]                  customs 3-digit partner codes
    countries() -> CodeTable[Country]                 ISO3-keyed, UN M49 geography
    iso3_for_customs(code), customs_for_iso3(iso3), iso3_for_m49(numeric), normalize_iso3(iso3)

Domestic geography and customs districts
    provinces() -> CodeTable[Province]                31 provincial-level regions (GB/T 2260)
    domestic_districts() -> CodeTable[DomesticDistrict]
    customs_districts() -> CodeTable[CustomsDistrict]

Trade modes, enterprises, transport
    supervision_modes(), statistical_trade_modes(), trade_mode_groups()
    statistical_code_for(code4), published_group_for(code), cross_cutting_groups_for(code4)
    enterprise_types(), enterprise_groups(), enterprise_type_from_registration_code(code)
    transport_modes(), transport_groups()

Groups
    country_groups(extra=()) -> CountryGroups         dated membership; load_user_groups(path)
    product_groups() -> CodeTable[ProductGroup]       HS prefix sets per edition
    product_group_prefixes(), product_group_hs6() -> pyarrow.Table

Exchange rates
    cny_per_usd_monthly() -> RateTable                ECB cross rates (market, not GACC rates)

Errors
    ReferenceDataError, UnknownCodeError (also KeyError), EmptyGroupError,
    InvalidReferenceFile (also ValueError), InvalidRegistrationCode (also ValueError),
    RateUnavailable (also LookupError)
"""

from ._table import CodeTable, normalize_name
from .countries import (
    Country,
    Partner,
    countries,
    customs_for_iso3,
    iso3_for_customs,
    iso3_for_m49,
    normalize_iso3,
    partners,
)
from .customs import CustomsDistrict, customs_districts
from .enterprises import (
    EnterpriseGroup,
    EnterpriseType,
    enterprise_groups,
    enterprise_type_from_registration_code,
    enterprise_types,
)
from .errors import (
    EmptyGroupError,
    InvalidReferenceFile,
    InvalidRegistrationCode,
    RateUnavailable,
    ReferenceDataError,
    UnknownCodeError,
)
from .fx import MonthlyRate, RateTable, cny_per_usd_monthly
from .groups import (
    GROUP_CSV_COLUMNS,
    CountryGroup,
    CountryGroups,
    Membership,
    country_groups,
    load_user_groups,
)
from .hs import (
    EDITIONS,
    HsChapter,
    HsCode,
    HsSection,
    NationalCode,
    hs2012_for_hs2017,
    hs2017_for_hs2012,
    hs2017_for_hs2022,
    hs2022_for_hs2017,
    hs_chapters,
    hs_correlation,
    hs_edition_for_year,
    hs_nomenclature,
    hs_sections,
    national_codes,
    normalize_edition,
)
from .products import ProductGroup, product_group_hs6, product_group_prefixes, product_groups
from .regions import DomesticDistrict, Province, domestic_districts, provinces
from .trade_modes import (
    StatisticalTradeMode,
    SupervisionMode,
    TradeModeGroup,
    cross_cutting_groups_for,
    published_group_for,
    statistical_code_for,
    statistical_trade_modes,
    supervision_modes,
    trade_mode_groups,
)
from .transport import TransportGroup, TransportMode, transport_groups, transport_modes

__all__ = [
    "EDITIONS",
    "GROUP_CSV_COLUMNS",
    "CodeTable",
    "Country",
    "CountryGroup",
    "CountryGroups",
    "CustomsDistrict",
    "DomesticDistrict",
    "EmptyGroupError",
    "EnterpriseGroup",
    "EnterpriseType",
    "HsChapter",
    "HsCode",
    "HsSection",
    "InvalidReferenceFile",
    "InvalidRegistrationCode",
    "Membership",
    "MonthlyRate",
    "NationalCode",
    "Partner",
    "ProductGroup",
    "Province",
    "RateTable",
    "RateUnavailable",
    "ReferenceDataError",
    "StatisticalTradeMode",
    "SupervisionMode",
    "TradeModeGroup",
    "TransportGroup",
    "TransportMode",
    "UnknownCodeError",
    "cny_per_usd_monthly",
    "countries",
    "country_groups",
    "cross_cutting_groups_for",
    "customs_districts",
    "customs_for_iso3",
    "domestic_districts",
    "enterprise_groups",
    "enterprise_type_from_registration_code",
    "enterprise_types",
    "hs2012_for_hs2017",
    "hs2017_for_hs2012",
    "hs2017_for_hs2022",
    "hs2022_for_hs2017",
    "hs_chapters",
    "hs_correlation",
    "hs_edition_for_year",
    "hs_nomenclature",
    "hs_sections",
    "iso3_for_customs",
    "iso3_for_m49",
    "load_user_groups",
    "national_codes",
    "normalize_edition",
    "normalize_iso3",
    "normalize_name",
    "partners",
    "product_group_hs6",
    "product_group_prefixes",
    "product_groups",
    "provinces",
    "published_group_for",
    "statistical_code_for",
    "statistical_trade_modes",
    "supervision_modes",
    "trade_mode_groups",
    "transport_groups",
    "transport_modes",
]
