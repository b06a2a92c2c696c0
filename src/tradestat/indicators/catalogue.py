"""The catalogue: every derived indicator once, with bilingual captions, definitions and examples.

Bulletins, the API and the claim checker look indicators up here by machine name, so a caption
or a definition is written once. ``docs/indicators.md`` is generated from this module
(``python -m tradestat.indicators.docs``) and a test keeps the two in step. The worked examples
are figures from DOMAIN.md §3 and §15; ``published`` is the figure as printed in the source, or
a derivation marked "[D]" when no published figure exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal as D
from types import MappingProxyType

from .events import record_events, threshold_events
from .growth import cagr, gap, multi_period_growth, yoy
from .levels import balance, unit_value, value
from .ranking import rank
from .result import Unit
from .structure import contribution, contribution_rate, share, share_change

__all__ = ["CATALOGUE", "Example", "IndicatorSpec"]


@dataclass(frozen=True, slots=True)
class Example:
    """A worked example: what is computed, the call, and the published (or derived) figure."""

    text_en: str
    text_zh: str
    compute: Callable[[], object]
    published: str
    places: int = 1


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One indicator: machine name, captions, unit, definitions, formula and the function."""

    name: str
    caption_en: str
    caption_zh: str
    unit: str
    definition_en: str
    definition_zh: str
    formula: str
    function: Callable[..., object]
    examples: tuple[Example, ...] = field(default=())


_XJ_ANNUAL = [("2021", D("1569.07")), ("2022", D("2449")), ("2023", D("3573.3")),
              ("2024", D("4340")), ("2025", D("5203.7"))]
_XJ_2024_YTD = [("Q1 2024", D("936.3")), ("Jan–Jul 2024", D("2533")),
                ("Q1–Q3 2024", D("3223.9")), ("Jan–Oct 2024", D("3627.9")),
                ("Jan–Nov 2024", D("4031"))]

_SPECS = (
    IndicatorSpec(
        name="value", caption_en="Value", caption_zh="总值", unit=Unit.CURRENCY,
        definition_en="The aggregated value itself (sum over the period), in the currency and "
                      "scale of the query, e.g. CNY 亿元 (100 million yuan).",
        definition_zh="统计期内的合计值，币种与单位同查询，例如亿元人民币。",
        formula="V_t", function=value,
        examples=(Example("Xinjiang foreign trade 2025", "2025年新疆外贸进出口总值",
                          lambda: value(D("5203.7")), "5,203.7亿元"),),
    ),
    IndicatorSpec(
        name="yoy", caption_en="Year-on-year growth", caption_zh="同比增长", unit=Unit.PERCENT,
        definition_en="Growth against the same period a year earlier, in percent, from "
                      "unrounded values, both periods in their latest vintage (the revised "
                      "prior-year figure, not the first-published one). Falls are published as "
                      "magnitudes: 'fell 8.9 percent', never '−8.9'.",
        definition_zh="与上年同期相比的增长率（%），以未经四舍五入的数值计算，两期均取最新修订"
                      "数据（上年同期以修订后数据为准，而非初次公布数）。下降时表述为“下降8.9%”。",
        formula="(V_t / V_{t−1} − 1) × 100", function=yoy,
        examples=(
            Example("Xinjiang 2025 on 2024 (2024 ≈ 4,340 [D])", "新疆2025年比2024年",
                    lambda: yoy(D("520370"), D("434000")), "+19.9%"),
            Example("Xinjiang 2025 imports (596 on ≈654 [D])", "新疆2025年进口",
                    lambda: yoy(D("596"), D("654")), "−8.9%"),
            Example("Trap §16.1: Jan–Feb 2024 against the first-published 444.0 (not the "
                    "revised base)", "陷阱：以初次公布的444.0为基数",
                    lambda: yoy(D("636.9"), D("444.0")), "+51.4% published; 43.4 is wrong"),
        ),
    ),
    IndicatorSpec(
        name="share", caption_en="Share", caption_zh="占比", unit=Unit.PERCENT,
        definition_en="A part as a percentage of its whole (a parent or the total) in the same "
                      "period, flow, currency and region basis, from unrounded values; rounded "
                      "shares of a partition need not add up to 100.",
        definition_zh="部分占整体（上级或总计）的百分比，同期、同流向、同币种、同地区口径，以未经"
                      "四舍五入的数值计算；各部分占比四舍五入后之和不一定等于100。",
        formula="X_i / Total × 100", function=share,
        examples=(
            Example("Belt and Road in Xinjiang 2025", "2025年新疆对共建“一带一路”国家进出口占比",
                    lambda: share(D("4583.7"), D("5203.7")), "88.1%"),
            Example("Private firms in Xinjiang 2025", "2025年新疆民营企业进出口占比",
                    lambda: share(D("4826.6"), D("5203.7")), "92.75%", places=2),
            Example("ASEAN in Xinjiang 2025 (trap §16.10: 12.946, not 13.0)",
                    "2025年新疆对东盟进出口占比（12.946，不是13.0）",
                    lambda: share(D("673.7"), D("5203.7")), "12.9%"),
        ),
    ),
    IndicatorSpec(
        name="contribution", caption_en="Contribution to growth",
        caption_zh="拉动…个百分点", unit=Unit.PP,
        definition_en="How many percentage points of total growth one part supplied: the part's "
                      "change over the base-period total. The contributions of a full partition "
                      "add up to total growth. Not the contribution rate.",
        definition_zh="某部分拉动总体增长的百分点数：该部分的增量除以基期总值。全部组成部分的拉动"
                      "之和等于总体增速。不同于贡献率。",
        formula="(X_i,t − X_i,t−1) / Total_{t−1} × 100", function=contribution,
        examples=(
            Example("Xinjiang 2023, private firms: 93.2% × 3,573.3 = 3,330.32; /1.484 = "
                    "2,244.15; total base 3,573.3 / 1.459 = 2,449.14 (with one-decimal "
                    "intermediates the result is 44.35, rounded 44.4: round late)",
                    "2023年新疆民营企业拉动外贸增长",
                    lambda: contribution(D("3330.32"), D("2244.15"), D("2449.14")), "44.3 pp"),
        ),
    ),
    IndicatorSpec(
        name="contribution_rate", caption_en="Contribution rate", caption_zh="贡献率",
        unit=Unit.PERCENT,
        definition_en="A part's change as a percentage of the total change. The rates of a full "
                      "partition add up to 100; one can exceed 100 (or be negative) when other "
                      "parts moved the other way. Undefined when the total did not change.",
        definition_zh="某部分增量占总体增量的百分比。全部组成部分的贡献率之和为100；其他部分反向"
                      "变动时可超过100或为负。总体未变动时无定义。",
        formula="ΔX_i / ΔTotal × 100", function=contribution_rate,
        examples=(
            Example("Xinjiang Jan–Oct 2024 exports: 3,082.9 (+28.9%, base ≈ 2,391.7 [D]); "
                    "total 3,627.9, base ≈ 2,834.8 [D]", "2024年1-10月新疆出口对外贸增长的贡献率",
                    lambda: contribution_rate(D("3082.9"), D("2391.7"), D("3627.9"),
                                              D("2834.8")), "[D] 87.2%"),
        ),
    ),
    IndicatorSpec(
        name="share_change", caption_en="Change in share", caption_zh="比重变化",
        unit=Unit.PP,
        definition_en="The current share minus the share in the base period, in percentage "
                      "points (never '%').",
        definition_zh="本期占比减去基期占比，单位为百分点（不用“%”）。",
        formula="(X_i,t / Total_t − X_i,t−1 / Total_{t−1}) × 100", function=share_change,
        examples=(
            Example("Private firms, Xinjiang Jan–Feb 2024 (598.1 / 636.9) against Jan–Feb 2023 "
                    "(427 / 444.0)", "2024年前2个月新疆民营企业占比较上年同期变化",
                    lambda: share_change(D("598.1"), D("636.9"), D("427"), D("444.0")),
                    "93.9% against 96.2%: [D] −2.3 pp"),
        ),
    ),
    IndicatorSpec(
        name="gap", caption_en="Gap to a reference growth rate",
        caption_zh="高于/低于…个百分点", unit=Unit.PP,
        definition_en="A growth rate minus a reference growth rate (usually the national "
                      "total), in percentage points: 'higher than the national rate by 16.1 "
                      "percentage points'.",
        definition_zh="增速与参照增速（通常为全国总体增速）之差，单位为百分点，如“高于全国总体"
                      "增速16.1个百分点”。",
        formula="g − g_ref", function=gap,
        examples=(
            Example("Xinjiang 2025 (+19.9%) against China (+3.8%)", "2025年新疆增速高于全国",
                    lambda: gap(D("19.9"), D("3.8")), "16.1 pp"),
            Example("Xinjiang 2023 (+45.9%) against China (+0.2%)", "2023年新疆增速高于全国",
                    lambda: gap(D("45.9"), D("0.2")), "45.7 pp"),
        ),
    ),
    IndicatorSpec(
        name="rank", caption_en="Rank", caption_zh="位次", unit=Unit.RANK,
        definition_en="Position among siblings (e.g. the 31 provinces) by value or by growth, "
                      "with the direction explicit. Ties share the best rank and the next rank "
                      "is skipped (1, 2, 2, 4), or with dense ranking no rank is skipped "
                      "(1, 2, 2, 3). Members without data are not ranked.",
        definition_zh="在同级成员（如31个省区市）中按数值或增速的位次，排序方向明确。并列者取"
                      "最高位次，其后位次顺延（1、2、2、4）；或采用密集排名（1、2、2、3）。无数据的"
                      "成员不参与排名。",
        formula="1 + number of members with a larger value", function=rank,
        examples=(
            Example("Illustrative: growth 19.9, 16.0, 16.0, 3.8 — the third member",
                    "示例：增速19.9、16.0、16.0、3.8中第三个成员的位次",
                    lambda: rank({"A": D("19.9"), "B": D("16.0"), "C": D("16.0"),
                                  "D": D("3.8")})["C"], "2 (tied)", places=0),
        ),
    ),
    IndicatorSpec(
        name="cagr", caption_en="Compound annual growth rate", caption_zh="年均增长",
        unit=Unit.PERCENT,
        definition_en="The constant yearly growth that leads from the first value to the last; "
                      "'years' counts the yearly steps (2021 to 2025 is 4).",
        definition_zh="由首期值增长到末期值的年均复合增长率；年数为间隔年数（2021至2025年为4年）。",
        formula="((V_T / V_0)^(1/n) − 1) × 100", function=cagr,
        examples=(
            Example("Xinjiang 2021 (1,569.07) to 2025 (5,203.7)", "新疆2021至2025年外贸年均增长",
                    lambda: cagr(D("1569.07"), D("5203.7"), 4), "[D] 34.9%"),
        ),
    ),
    IndicatorSpec(
        name="multi_period_growth", caption_en="Growth on the previous period of equal length",
        caption_zh="较上一时期增长", unit=Unit.PERCENT,
        definition_en="The total of a multi-year period (e.g. a five-year plan) against the "
                      "total of the previous period of the same length, in percent.",
        definition_zh="多年时期（如五年规划期）的合计值与上一等长时期合计值相比的增长率（%）。",
        formula="(Σ V_current period / Σ V_previous period − 1) × 100",
        function=multi_period_growth,
        examples=(
            Example("Xinjiang 14th Five-Year Plan (1,569 + 2,449 + 3,573 + 4,340 + 5,204 = "
                    "17,135) on the 13th (≈ 7,014 [D])", "新疆“十四五”时期外贸较“十三五”时期增长",
                    lambda: multi_period_growth(D("17135"), D("7014")), "+144.3%"),
        ),
    ),
    IndicatorSpec(
        name="balance", caption_en="Trade balance", caption_zh="贸易差额", unit=Unit.CURRENCY,
        definition_en="Exports minus imports: positive is a surplus, negative a deficit.",
        definition_zh="出口减进口：正值为顺差，负值为逆差。",
        formula="X − M", function=balance,
        examples=(Example("Xinjiang 2025", "2025年新疆贸易差额",
                          lambda: balance(D("4607"), D("596")), "[D] surplus 4,011亿元",
                          places=0),),
    ),
    IndicatorSpec(
        name="unit_value", caption_en="Unit value", caption_zh="单价", unit=Unit.PER_UNIT,
        definition_en="Value per unit of quantity, for records sharing one unit of quantity.",
        definition_zh="单位数量的价值，仅适用于计量单位相同的记录。",
        formula="V / Q", function=unit_value,
        examples=(Example("Illustrative: 1,200,000 yuan for 400 tonnes",
                          "示例：400吨，价值120万元", lambda: unit_value(D("1200000"), D("400")),
                          "3,000 yuan per tonne", places=0),),
    ),
    IndicatorSpec(
        name="threshold", caption_en="Threshold reached (first time)", caption_zh="首次突破",
        unit=Unit.FLAG,
        definition_en="Whether a value is at or above a threshold ('above 500 billion' means "
                      "≥ 500 billion) and whether it is the first time, i.e. every earlier "
                      "period in the series was below. Undefined when an earlier period has no "
                      "data, or when there is no earlier period.",
        definition_zh="数值是否达到或超过某一门槛（“突破N亿元”即≥N），以及是否为首次，即序列中此前"
                      "各期均低于该门槛。此前某期无数据或无此前期时无法判断。",
        formula="V_t ≥ N and V_s < N for every earlier s", function=threshold_events,
        examples=(
            Example("Xinjiang 2024 year to date against the full year 2023 (3,573.3), "
                    "'two months ahead'", "2024年新疆外贸提前2个月超过2023年全年水平",
                    lambda: threshold_events(_XJ_2024_YTD, D("3573.3"))["Jan–Oct 2024"],
                    "first time in Jan–Oct"),
            Example("Xinjiang annual totals 2021–2025 above 5,000亿元",
                    "新疆外贸年度总值首次突破5000亿元",
                    lambda: threshold_events(_XJ_ANNUAL, D("5000"))["2025"], "first time in 2025"),
        ),
    ),
    IndicatorSpec(
        name="record", caption_en="Record high", caption_zh="创历史新高", unit=Unit.FLAG,
        definition_en="Whether a value is above every earlier value in the series (a tie is not "
                      "a record). For 'highest for the same period in history' pass that period "
                      "across years.",
        definition_zh="数值是否高于序列中此前各期（持平不算新高）。“创历史同期新高”须传入历年同期的"
                      "序列。",
        formula="V_t > max(V_s) for every earlier s", function=record_events,
        examples=(Example("Xinjiang annual totals 2021–2025", "新疆外贸年度总值2021至2025年",
                          lambda: record_events(_XJ_ANNUAL)["2025"], "record high in 2025"),),
    ),
)

#: Indicator machine name -> specification (read-only).
CATALOGUE: Mapping[str, IndicatorSpec] = MappingProxyType({s.name: s for s in _SPECS})
