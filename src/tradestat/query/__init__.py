"""The query layer: Request → Query → Plan → SQL → Result, one path for every figure."""

from tradestat.query.plan import Plan, Planner
from tradestat.query.query import Filter, Query, build_query
from tradestat.query.request import Request

__all__ = ["Filter", "Plan", "Planner", "Query", "Request", "build_query"]
