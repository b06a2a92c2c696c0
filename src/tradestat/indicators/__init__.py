"""Derived indicators on aggregated values: growth, shares, contributions, ranks, flags.

The query layer sums in SQL; this package turns those sums into the figures a bulletin prints,
exactly (``decimal.Decimal``, floats refused) and without ever inventing a number: every
function returns a ``Derived`` carrying a value or the reason it is not defined. ``CATALOGUE``
lists each indicator with English and Chinese captions and definitions (docs/indicators.md).
"""

from __future__ import annotations

from .catalogue import CATALOGUE, Example, IndicatorSpec
from .errors import IndicatorError, InvalidArgument, NotExact
from .events import RecordEvent, ThresholdEvent, record_events, threshold_events
from .growth import cagr, gap, multi_period_growth, yoy
from .levels import balance, period_total, unit_value, value
from .numbers import CONTEXT, round_half_up
from .ranking import TIES, rank
from .result import Derived, Reason, Unit
from .structure import contribution, contribution_rate, share, share_change

__all__ = [
    "CATALOGUE",
    "CONTEXT",
    "TIES",
    "Derived",
    "Example",
    "IndicatorError",
    "IndicatorSpec",
    "InvalidArgument",
    "NotExact",
    "Reason",
    "RecordEvent",
    "ThresholdEvent",
    "Unit",
    "balance",
    "cagr",
    "contribution",
    "contribution_rate",
    "gap",
    "multi_period_growth",
    "period_total",
    "rank",
    "record_events",
    "round_half_up",
    "share",
    "share_change",
    "threshold_events",
    "unit_value",
    "value",
    "yoy",
]
