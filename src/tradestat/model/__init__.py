"""The semantic model: canonical records now; dimensions, measures and captions later."""

from tradestat.model.records import (
    CANONICAL_FIELDS,
    FLOWS,
    PARTNER_BASES,
    REGION_BASES,
    CanonicalField,
    canonical_arrow_schema,
    field,
)

__all__ = [
    "CANONICAL_FIELDS",
    "FLOWS",
    "PARTNER_BASES",
    "REGION_BASES",
    "CanonicalField",
    "canonical_arrow_schema",
    "field",
]
