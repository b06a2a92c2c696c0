"""The period algebra: months, year-to-date, quarters, halves, years, spans, five-year plans.

``Period`` is the value type (``core``); ``parse_period`` reads English and Chinese text
(``parse``); ``format_period`` writes it back (``format``); ``missing_months`` / ``covers`` tell the
query layer whether data covers a period (``coverage``). See docs/periods.md.

This room imports nothing of ours but ``tradestat.errors`` (DESIGN.md).
"""

from tradestat.periods.core import (
    KINDS,
    MACHINE_FORMS,
    Period,
    PeriodError,
    check_month,
    plan_starting,
    plan_years,
)
from tradestat.periods.coverage import (
    CoverageError,
    covers,
    describe_months,
    missing_months,
    require_coverage,
)
from tradestat.periods.format import LANGS, STYLES, format_period
from tradestat.periods.parse import parse_period

__all__ = [
    "KINDS",
    "LANGS",
    "MACHINE_FORMS",
    "STYLES",
    "CoverageError",
    "Period",
    "PeriodError",
    "check_month",
    "covers",
    "describe_months",
    "format_period",
    "missing_months",
    "parse_period",
    "plan_starting",
    "plan_years",
    "require_coverage",
]
