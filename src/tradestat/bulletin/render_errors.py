"""Errors of the bulletin's rendering side: a document or chart that cannot be laid out honestly.

A broken provenance link, a Chinese document on a machine without a Chinese font or a chart
without values would each give output that looks right and is not; they are refused instead.
"""

from __future__ import annotations

from tradestat.errors import TradestatError


class RenderError(TradestatError):
    """A document cannot be rendered as asked (unknown source, missing font, bad format)."""


class ChartDataError(RenderError):
    """The data handed to a chart builder cannot make an honest chart (missing value, no rows)."""
