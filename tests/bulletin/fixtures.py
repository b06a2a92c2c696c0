"""Hand-built bulletin Documents (EN and ZH) for the renderer tests.

Every figure here is invented for the tests (region "99", "Testland"): plausible in size and
shape, matching no published release. Each figure links to one of four sources; one section is
unavailable, one table is wide (it must still fit a 375 px phone), and one label carries
characters that HTML and Markdown must escape.
"""

from __future__ import annotations

from decimal import Decimal

from tradestat.bulletin import charts
from tradestat.bulletin.document import (
    Chart,
    Document,
    Figure,
    Lang,
    Paragraph,
    Section,
    Source,
    Table,
)

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "zh": tuple(f"{m}月" for m in range(1, 13)),
}
#: Invented monthly values (100 million yuan): exports, imports.
EXPORTS = (210, 190, 260, 255, 270, 280, 300, 295, 310, 320, 330, 372)
IMPORTS = (60, 55, 70, 72, 68, 75, 80, 78, 85, 90, 88, 95)

WORDS = {
    "en": {
        "title": "Foreign trade of Testland, 2025",
        "subtitle": "Region 99 · January–December 2025 · data as of 2026-01-20",
        "headline": "Headline", "time": "Months", "partners": "Partners",
        "enterprises": "Enterprises", "modes": "Trade modes",
        "exports": "Exports", "imports": "Imports", "partner": "Partner",
        "value": "Value (100 million yuan)", "growth": "YoY (%)", "share": "Share (%)",
        "unit": "100 million yuan",
        "private": "Private", "state": "State-owned", "foreign": "Foreign-invested",
        "modes_missing": "the sample warehouse holds no trade-mode breakdown for region 99.",
        "watermark": "SAMPLE DATA — NOT OFFICIAL STATISTICS",
    },
    "zh": {
        "title": "测试地区2025年对外贸易情况",
        "subtitle": "地区99 · 2025年1—12月 · 数据截至2026年1月20日",
        "headline": "总体情况", "time": "月度走势", "partners": "贸易伙伴",
        "enterprises": "经营主体", "modes": "贸易方式",
        "exports": "出口", "imports": "进口", "partner": "国家（地区）",
        "value": "金额（亿元）", "growth": "同比（%）", "share": "占比（%）",
        "unit": "亿元",
        "private": "民营企业", "state": "国有企业", "foreign": "外商投资企业",
        "modes_missing": "样本数据仓库中没有地区99的贸易方式数据。",
        "watermark": "样本数据，非官方统计",
    },
}

#: (English name, Chinese name, value, growth %) of invented partner rows.
PARTNERS = (
    ("Kazakhstan", "哈萨克斯坦", "1,020.4", "12.3"),
    ("Kyrgyzstan", "吉尔吉斯斯坦", "810.9", "-4.2"),
    ("Russia", "俄罗斯", "402.7", "6.0"),
    ("Uzbekistan", "乌兹别克斯坦", "233.1", "25.8"),
    ("Belt & Road <partners>", "共建“一带一路”国家<合计>", "2,950.6", "9.7"),
)


def _sources(lang: Lang) -> tuple[Source, ...]:
    zh = lang == "zh"
    return (
        Source("Q1", "进出口总值" if zh else "Total trade, exports and imports",
               {"measure": "value_cny", "region": "99", "period": "2025", "flow": "total"},
               "SELECT flow, sum(value_cny) FROM trade WHERE region = '99' GROUP BY flow",
               "testland", "2026-01-20T08:00:00", (3, 4)),
        Source("Q2", "月度进出口" if zh else "Monthly exports and imports",
               {"measure": "value_cny", "region": "99", "period": "2025", "by": ["month"]},
               "SELECT month, flow, sum(value_cny) FROM trade GROUP BY ALL",
               "testland", "2026-01-20T08:00:00", (3, 4)),
        Source("Q3", "主要贸易伙伴" if zh else "Top partners",
               {"measure": "value_cny", "region": "99", "period": "2025", "by": ["partner"],
                "top": 5},
               "SELECT partner, sum(value_cny) AS v FROM trade GROUP BY 1 ORDER BY v DESC "
               "LIMIT 5 -- a < b & c", "testland", "2026-01-20T08:00:00", (3,),
               ("含复进口" if zh else "re-imports included",)),
        Source("Q4", "企业性质" if zh else "Enterprise types",
               {"measure": "value_cny", "region": "99", "period": "2025",
                "by": ["enterprise_type"]},
               "SELECT enterprise_type, sum(value_cny) FROM trade GROUP BY 1",
               None, None, ()),
    )


def _headline(lang: Lang) -> Section:
    w = WORDS[lang]
    total = Figure("4,477.1", "Q1", "进出口总值（亿元）" if lang == "zh" else None)
    growth = Figure("8.4", "Q1")
    exports = Figure("3,392.0", "Q1")
    if lang == "zh":
        spans = ("2025年，测试地区进出口总值", total, "亿元，同比增长", growth, "%。其中，出口",
                 exports, "亿元。")
    else:
        spans = ("In 2025 Testland traded goods worth ", total, " (100 million yuan), ", growth,
                 "% more than a year earlier; exports were ", exports, ".")
    return Section("headline", w["headline"], paragraphs=(Paragraph(spans),))


def _time(lang: Lang) -> Section:
    w = WORDS[lang]
    rows = [{"month": m, "series": w["exports"], "value": Decimal(v)}
            for m, v in zip(MONTHS[lang], EXPORTS, strict=True)]
    rows += [{"month": m, "series": w["imports"], "value": Decimal(v)}
             for m, v in zip(MONTHS[lang], IMPORTS, strict=True)]
    chart = charts.monthly_trend(rows, chart_id="monthly", title=w["time"],
                                 alt=f"{w['exports']} / {w['imports']}", value_title=w["unit"])
    return Section("time", w["time"], charts=(chart,))


def _partners(lang: Lang) -> Section:
    w = WORDS[lang]
    name = 1 if lang == "zh" else 0
    rows = tuple(
        (p[name], Figure(p[2], "Q3"), Figure(p[3], "Q3"), Figure(f"{i}.0", "Q3"),
         Figure(p[3], "Q3"), Figure(p[2], "Q3"))
        for i, p in enumerate(PARTNERS, 1)
    )
    table = Table(w["partners"], (w["partner"], w["value"], w["growth"], w["share"],
                                  w["exports"] + " " + w["growth"],
                                  w["imports"] + " " + w["value"]), rows,
                  note="<b>invented</b> & rounded")
    bars = charts.ranked_bars(
        [{"label": p[name], "value": Decimal(p[2].replace(",", "")),
          "growth": Decimal(p[3])} for p in PARTNERS[:4]],
        chart_id="partners", title=w["partners"], alt=w["partners"], lang=lang,
        value_title=w["unit"])
    return Section("partners", w["partners"], tables=(table,), charts=(bars,))


def _enterprises(lang: Lang) -> Section:
    w = WORDS[lang]
    chart = charts.shares_bar(
        [{"label": w["private"], "share": Decimal("81.6")},
         {"label": w["state"], "share": Decimal("12.9")},
         {"label": w["foreign"], "share": Decimal("5.5")}],
        chart_id="enterprises", title=w["enterprises"], alt=w["enterprises"], lang=lang)
    para = Paragraph((w["private"], " ", Figure("3,653.3", "Q4"), " (", Figure("81.6", "Q4"),
                      "%)"))
    return Section("enterprises", w["enterprises"], paragraphs=(para,), charts=(chart,))


def document(lang: Lang, *, is_sample: bool = True) -> Document:
    """The invented Testland 2025 bulletin in one language."""
    w = WORDS[lang]
    notes = (("数值按人民币亿元计，保留一位小数。", "测试数据。") if lang == "zh"
             else ("Values in 100 million yuan, one decimal.", "Invented test data."))
    return Document(
        lang=lang,
        title=w["title"],
        subtitle=w["subtitle"],
        sections=(_headline(lang), _time(lang), _partners(lang), _enterprises(lang),
                  Section("modes", w["modes"], unavailable=w["modes_missing"])),
        sources=_sources(lang),
        notes=notes,
        is_sample=is_sample,
        watermark=w["watermark"] if is_sample else None,
        meta={"region": "99", "period": "2025", "generated_at": "2026-01-21T10:00:00"},
    )


def all_charts(doc: Document) -> list[Chart]:
    return [c for s in doc.sections for c in s.charts]


def all_figures(doc: Document) -> list[Figure]:
    found = []
    for section in doc.sections:
        for paragraph in section.paragraphs:
            found += [s for s in paragraph.spans if isinstance(s, Figure)]
        for table in section.tables:
            found += [c for row in table.rows for c in row if isinstance(c, Figure)]
    return found
