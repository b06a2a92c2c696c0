"""The questions a regional release asks of the data, for one region and period.

Core asks must be answerable for a bulletin to exist (the region's totals, its breakdowns);
optional asks depend on what else the warehouse holds (other regions to rank against, the
nation, earlier years, a five-year-plan base) and their absence becomes a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradestat.bulletin.facts import Ask
from tradestat.periods import Period, format_period, plan_starting

#: Breakdown tables of the release: level, how many rows, EN and ZH "what" for the appendix.
BREAKDOWNS: tuple[tuple[str, str, int | None, str, str], ...] = (
    # key, level, top, English, Chinese
    ("partners_top", "partner", 10, "top partners", "主要贸易伙伴"),
    ("partner_groups", "partner_group", None, "partner groups", "贸易伙伴组别"),
    ("enterprise_groups", "enterprise_group", None, "enterprise types", "企业性质"),
    ("trade_modes", "trade_mode_group", None, "trade modes", "贸易方式"),
    ("districts", "customs_district", 10, "customs districts", "关区"),
    ("transport", "transport_mode", None, "transport modes", "运输方式"),
)


#: Asks about other regions or the nation: they read whichever dataset covers them.
OTHER_SCOPE = frozenset({"regions", "national", "national_groups"})


@dataclass(frozen=True)
class Scope:
    """Region and period of the release, and the earlier years the data cover in full."""

    region: str
    region_name: dict[str, str]
    period: Period
    history: tuple[int, ...] = ()      # full years covered, oldest first, ending at period's year

    def label(self, en: str, zh: str) -> dict[str, str]:
        """Appendix label: region, period, what is asked."""
        return {"en": f"{self.region_name['en']}, {format_period(self.period, 'en')}: {en}",
                "zh": f"{self.region_name['zh']}{format_period(self.period, 'zh')}：{zh}"}


def completed_plan(period: Period) -> Period | None:
    """The five-year plan a full-year period completes (2025 → the 14th plan), else None."""
    if period.kind != "year":
        return None
    number = plan_starting(period.year_of_end - 4)
    return Period.plan(number) if number is not None else None


def bulletin_asks(scope: Scope) -> list[Ask]:
    """Every question of the release, core first."""
    p, r = str(scope.period), scope.region
    base = dict(period=p, region=r)
    asks = [
        Ask("total", {**base, "indicators": "yoy"}, scope.label("imports and exports", "进出口")),
        Ask("flows", {**base, "by": "flow", "indicators": "yoy,share"},
            scope.label("exports and imports", "出口和进口")),
        Ask("trend", {**base, "by": "month", "indicators": "yoy"},
            scope.label("by month", "分月进出口")),
        Ask("trend_flows", {**base, "by": "month,flow", "indicators": "yoy"},
            scope.label("by month and flow", "分月出口和进口")),
        Ask("partners_count", {**base, "measures": "partners", "indicators": "yoy"},
            scope.label("countries and regions traded with", "贸易伙伴数量")),
        Ask("enterprises_count", {**base, "measures": "enterprises", "indicators": "yoy"},
            scope.label("enterprises with imports or exports", "有进出口实绩的企业数量")),
        Ask("products_export", {**base, "flow": "export", "by": "product_group",
                                "indicators": "yoy,share"},
            scope.label("exports by product group", "主要出口商品类别")),
        Ask("products_import", {**base, "flow": "import", "by": "product_group",
                                "indicators": "yoy,share"},
            scope.label("imports by product group", "主要进口商品类别")),
        Ask("chapters_export", {**base, "flow": "export", "by": "chapter", "top": 10,
                                "indicators": "yoy,share"},
            scope.label("exports by HS chapter, top 10", "出口商品（HS章），前10位")),
        Ask("chapters_import", {**base, "flow": "import", "by": "chapter", "top": 10,
                                "indicators": "yoy,share"},
            scope.label("imports by HS chapter, top 10", "进口商品（HS章），前10位")),
    ]
    for key, level, top, en, zh in BREAKDOWNS:
        request = {**base, "by": level, "indicators": "yoy,share,contribution"
                   if level == "enterprise_group" else "yoy,share"}
        if top:
            request["top"] = top
        asks.append(Ask(key, request, scope.label(en, zh)))
    asks += _optional_asks(scope)
    return asks


def _optional_asks(scope: Scope) -> list[Ask]:
    p, r = str(scope.period), scope.region
    asks = [
        Ask("total_usd", {"period": p, "region": r, "measures": "value_usd", "indicators": "yoy"},
            scope.label("imports and exports in US dollars", "进出口（美元计）"), optional=True),
        Ask("regions", {"period": p, "by": "region", "indicators": "yoy,rank_yoy,rank"},
            {"en": f"all regions, {format_period(scope.period, 'en')}: growth and ranks",
             "zh": f"全国各地区{format_period(scope.period, 'zh')}：增速及位次"}, optional=True),
        Ask("national", {"period": p, "region": "CN", "indicators": "yoy"},
            {"en": f"China, {format_period(scope.period, 'en')}: imports and exports",
             "zh": f"全国{format_period(scope.period, 'zh')}：进出口"}, optional=True),
        Ask("national_groups", {"period": p, "region": "CN", "by": "partner_group"},
            {"en": f"China, {format_period(scope.period, 'en')}: by partner group",
             "zh": f"全国{format_period(scope.period, 'zh')}：分贸易伙伴组别"}, optional=True),
    ]
    if scope.period.month_count > 1:
        month = Period.month(scope.period.year_of_end, scope.period.end_month)
        asks.append(Ask("month", {"period": str(month), "region": r, "indicators": "yoy"},
                        {"en": f"{scope.region_name['en']}, {format_period(month, 'en')}",
                         "zh": f"{scope.region_name['zh']}{format_period(month, 'zh')}"},
                        optional=True))
    plan = completed_plan(scope.period)
    if plan is not None:
        asks.append(Ask("plan", {"period": str(plan), "region": r, "indicators": "yoy"},
                        {"en": f"{scope.region_name['en']}, {format_period(plan, 'en')}",
                         "zh": f"{scope.region_name['zh']}{format_period(plan, 'zh')}"},
                        optional=True))
    if len(scope.history) > 1 and scope.period.kind == "year":
        span = f"{scope.history[0]}-01..{scope.history[-1]}-12"
        years = f"{scope.history[0]}-{scope.history[-1]}"
        asks.append(Ask("history", {"period": span, "region": r, "by": "year,flow",
                                    "compare": "none"},
                        {"en": f"{scope.region_name['en']}, {years}: by year and flow",
                         "zh": f"{scope.region_name['zh']}{years}年：分年度进出口"},
                        optional=True))
        asks.append(Ask("group_history", {"period": span, "region": r,
                                          "by": "year,partner_group", "compare": "none"},
                        {"en": f"{scope.region_name['en']}, {years}: partner groups by year",
                         "zh": f"{scope.region_name['zh']}{years}年：分年度贸易伙伴组别"},
                        optional=True))
    return asks
