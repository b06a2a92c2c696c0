"""Sentence templates of the release, one table per language.

Templates are written the way each language's releases are written, not translated from each
other: the Chinese ones follow the customs release register (进出口总值…亿元，同比增长…%；
拉动…个百分点；增速居全国第…位), the English ones the wire-service register ("up 19.9 percent
year on year"). A placeholder ``{name}`` is filled by ``compose`` with text or a ``Figure``, so
every number in a sentence stays a link to its source.

Direction is chosen from the *printed* value: a growth that rounds to 0.0 reads "flat", and the
verb carries the sign ("fell 8.9 percent", "下降8.9%") because releases never print negative
growth rates.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

from tradestat.bulletin.document import Figure, Span

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "title": "{region} foreign trade statistics: {period}",
        "sample_watermark": "SAMPLE DATA — simulated, not official statistics",
        # rates: "up 19.9 percent year on year"
        "change.1": "up {rate} percent year on year",
        "change.-1": "down {rate} percent year on year",
        "change.0": "flat year on year",
        "change.none": "growth not available ({why})",
        "verb.1": "rose {rate} percent",
        "verb.-1": "fell {rate} percent",
        "verb.0": "was flat",
        "grew.1": "up {rate} percent",
        "grew.-1": "down {rate} percent",
        "grew.0": "flat",
        "pp.1": "{gap} percentage points above",
        "pp.-1": "{gap} percentage points below",
        "pp.0": "in line with",
        "amount": "{value} billion yuan",
        "amount_usd": "{value} billion U.S. dollars",
        # headline
        "headline.total": "In {period}, {region}'s imports and exports totalled {value}, {change}",
        "headline.rank_growth": ", the {ordinal} fastest growth among {n} provincial-level regions",
        "headline.rank_growth_first": ", the fastest growth among {n} provincial-level regions",
        "headline.gap": " and {gap} the national rate of {national} percent",
        "headline.gap_only": ", {gap} the national rate of {national} percent",
        "headline.rank_value": " By value, {region} ranked {ordinal} nationally.",
        "headline.flows": "Exports {export_verb} to {export_value}, while imports {import_verb} "
                          "to {import_value}",
        "headline.surplus": ", leaving a trade surplus of {value}.",
        "headline.deficit": ", leaving a trade deficit of {value}.",
        "headline.balanced": "; trade was balanced.",
        "headline.usd": "In U.S. dollar terms, trade reached {value}, {change}.",
        "headline.threshold": "The annual total passed {threshold} for the first time.",
        "headline.gap_formula": "difference of the published (one-decimal) growth rates",
        "headline.record": "This is the highest annual total in the years the data cover "
                           "({years}).",
        "headline.no_regions": "No other regions' data are in the warehouse, so no national "
                               "ranking is given.",
        "headline.no_national": "The national total is not in the warehouse, so no comparison "
                                "with national growth is given.",
        # time
        "time.month": "In {month} alone, imports and exports came to {value}, {change}.",
        "time.peak": "Among the months of {period}, trade was highest in {month} ({value}).",
        "time.plan": "Over {plan}, trade totalled {value}{change_plan}.",
        "time.plan_change.1": ", up {rate} percent on the previous five-year period",
        "time.plan_change.-1": ", down {rate} percent on the previous five-year period",
        "time.plan_change.0": ", level with the previous five-year period",
        "time.plan_no_base": "; the data do not cover {base}, so no growth against the "
                             "previous plan period can be given",
        "time.history": "Annual totals since {first}",
        # partners
        "partners.count": "{region} traded with {n} countries and regions, {count_change}.",
        "partners.count_more": "{n} more than a year earlier",
        "partners.count_fewer": "{n} fewer than a year earlier",
        "partners.count_same": "as many as a year earlier",
        "partners.top": "{first} was the largest trading partner, with {value} ({grew}; "
                        "{share} percent of the total), followed by {second} and {third}.",
        "partners.group": "Trade with {group} {verb} to {value}, {share} percent of the total.",
        "partners.group_first": " The share passed {threshold} percent for the first time.",
        "partners.no_national": "The nation's trade by partner group is not in the warehouse, "
                                "so the region's share of it is not given.",
        "partners.fastest": "Among the partner groups, trade with {group} grew fastest, "
                            "{grew}.",
        "partners.national_share": "{region} accounted for {share} percent of the nation's "
                                   "trade with {group} ({national}).",
        # products
        "products.group": "Exports of {group} {verb} to {value}, {share} percent of exports.",
        "products.group_import": "Imports of {group} {verb} to {value}, {share} percent of "
                                 "imports.",
        "products.top_export": "The largest export category was {chapter}, at {value} ({grew}).",
        "products.top_import": "The largest import category was {chapter}, at {value} ({grew}).",
        "products.fastest": "Among the larger export categories, {chapter} grew fastest, {grew}.",
        # enterprises
        "enterprises.group": "{group} traded {value}, {grew}, {share} percent of the total",
        "enterprises.contribution.1": ", contributing {rate} percentage points to the "
                                      "growth",
        "enterprises.contribution.-1": ", taking {rate} percentage points off the growth",
        "enterprises.contribution.0": "",
        "enterprises.count": "{n} enterprises had actual imports or exports, {count_change}.",
        "enterprises.count_change.1": "{rate} percent more than a year earlier",
        "enterprises.count_change.-1": "{rate} percent fewer than a year earlier",
        "enterprises.count_change.0": "as many as a year earlier",
        # modes
        "modes.top": "By {dimension}, {member} led with {value} ({grew}; {share} percent of "
                     "the total).",
        # tables
        "col.member": "{level}",
        "col.value": "Value (billion yuan)",
        "col.value_usd": "Value (billion US$)",
        "col.yoy": "YoY (%)",
        "col.share": "Share (%)",
        "col.contribution": "Contribution (pp)",
        "col.year": "Year",
        "col.total": "Imports and exports",
        "col.export": "Exports",
        "col.import": "Imports",
        "col.balance": "Balance",
        "col.item": "Item",
        "na": "n/a",
        "section.headline": "Overview",
        "section.time": "Months and years",
        "section.partners": "Trading partners",
        "section.products": "Products",
        "section.enterprises": "Enterprises",
        "section.modes": "Trade modes, customs districts and transport",
        "section.unavailable": "Not available: {why}",
        "table.headline": "Main indicators",
        "table.history": "Imports and exports by year (billion yuan)",
        "table.breakdown": "{what}, {period}",
        "table.products": "Exports and imports by product group, {period}",
        "chart.trend": "Exports and imports by month, {period} (billion yuan)",
        "chart.trend_alt": "Line chart of monthly exports and imports in {period}.",
        "chart.groups": "Trade by partner group, {period} (billion yuan, growth in brackets)",
        "chart.groups_alt": "Bar chart of trade with each partner group in {period}.",
        "chart.products": "Exports by product group, {period} (billion yuan)",
        "chart.products_alt": "Bar chart of exports by product group in {period}.",
        "chart.enterprises": "Shares of trade by enterprise type, {period}",
        "chart.enterprises_alt": "Stacked bar of the shares of each enterprise type in {period}.",
        "unit.billion_yuan": "billion yuan",
        "label.exports": "Exports",
        "label.imports": "Imports",
        "label.total": "Imports and exports",
        "label.balance": "Trade balance",
        "label.total_usd": "Imports and exports (billion US$)",
        "label.partners": "Countries and regions traded with",
        "label.enterprises": "Enterprises with imports or exports",
        "note.basis": "Figures are on the basis of the registered location of the importer or "
                      "exporter, in current yuan; growth compares the latest revised figures of "
                      "both periods; shares are computed from unrounded values, so rounded "
                      "parts need not add up.",
        "note.groups": "Partner groups are taken with their membership at the end of the "
                       "period, for both years. Partner groups overlap, so their values are not "
                       "additive.",
        "note.vintage": "Data as of {vintage}; dataset(s): {datasets}. Every figure links to "
                        "the query that produced it (appendix).",
        "note.approx": "Product groups marked as approximations in the reference data are "
                       "close to, not identical with, the official lists: {groups}.",
        "why.no_base": "the data do not cover the comparison period",
        "why.no_data": "no data",
    },
    "zh": {
        "title": "{region}对外贸易统计快报：{period}",
        "sample_watermark": "样例数据：模拟生成，非官方统计",
        "change.1": "同比增长{rate}%",
        "change.-1": "同比下降{rate}%",
        "change.0": "与上年同期持平",
        "change.none": "增速无法计算（{why}）",
        "verb.1": "增长{rate}%",
        "verb.-1": "下降{rate}%",
        "verb.0": "持平",
        "grew.1": "增长{rate}%",
        "grew.-1": "下降{rate}%",
        "grew.0": "持平",
        "pp.1": "高于{national_name}{gap}个百分点",
        "pp.-1": "低于{national_name}{gap}个百分点",
        "pp.0": "与{national_name}持平",
        "amount": "{value}亿元",
        "amount_usd": "{value}亿美元",
        "headline.total": "{period}，{region}外贸进出口总值{value}，{change}",
        "headline.rank_growth": "，增速居全国{ordinal}位",
        "headline.rank_growth_first": "，增速居全国第一位",
        "headline.gap": "，{gap}（全国增速{national}%）",
        "headline.gap_only": "，{gap}（全国增速{national}%）",
        "headline.rank_value": "进出口规模居全国{ordinal}位。",
        "headline.flows": "其中，出口{export_value}，{export_verb}；进口{import_value}，"
                          "{import_verb}",
        "headline.surplus": "；贸易顺差{value}。",
        "headline.deficit": "；贸易逆差{value}。",
        "headline.balanced": "；进出口基本平衡。",
        "headline.usd": "以美元计，进出口总值{value}，{change}。",
        "headline.threshold": "全年进出口规模首次突破{threshold}。",
        "headline.gap_formula": "按公布的增速（保留一位小数）相减",
        "headline.record": "全年进出口值为数据所涵盖年份（{years}年）中的最高水平。",
        "headline.no_regions": "仓库中没有其他地区的数据，不作全国排名。",
        "headline.no_national": "仓库中没有全国数据，不与全国增速比较。",
        "time.month": "其中，{month}进出口{value}，{change}。",
        "time.peak": "{period}各月中，{month}进出口最多，为{value}。",
        "time.plan": "{plan}，进出口总值累计{value}{change_plan}。",
        "time.plan_change.1": "，较上一个五年规划时期增长{rate}%",
        "time.plan_change.-1": "，较上一个五年规划时期下降{rate}%",
        "time.plan_change.0": "，与上一个五年规划时期持平",
        "time.plan_no_base": "；因数据未覆盖{base}，无法计算较上一个五年规划时期的增速",
        "time.history": "{first}年以来历年进出口",
        "partners.count": "{region}与{n}个国家和地区有贸易往来，{count_change}。",
        "partners.count_more": "比上年同期增加{n}个",
        "partners.count_fewer": "比上年同期减少{n}个",
        "partners.count_same": "与上年同期持平",
        "partners.top": "{first}为第一大贸易伙伴，进出口{value}，{grew}，占{share}%；"
                        "其次为{second}和{third}。",
        "partners.group": "对{group}进出口{value}，{verb}，占进出口总值的{share}%。",
        "partners.group_first": "占比首次突破{threshold}%。",
        "partners.no_national": "仓库中没有全国分贸易伙伴组别的数据，不计算本地区所占比重。",
        "partners.fastest": "主要贸易伙伴组别中，对{group}进出口增速最快，{grew}。",
        "partners.national_share": "{region}对{group}进出口占全国对{group}进出口（{national}）"
                                   "的{share}%。",
        "products.group": "出口{group}{value}，{verb}，占出口总值的{share}%。",
        "products.group_import": "进口{group}{value}，{verb}，占进口总值的{share}%。",
        "products.top_export": "出口商品中，{chapter}规模最大，出口{value}，{grew}。",
        "products.top_import": "进口商品中，{chapter}规模最大，进口{value}，{grew}。",
        "products.fastest": "主要出口商品中，{chapter}增速最快，{grew}。",
        "enterprises.group": "{group}进出口{value}，{grew}，占{share}%",
        "enterprises.contribution.1": "，拉动外贸增长{rate}个百分点",
        "enterprises.contribution.-1": "，拉低外贸增速{rate}个百分点",
        "enterprises.contribution.0": "",
        "enterprises.count": "有进出口实绩的企业{n}家，{count_change}。",
        "enterprises.count_change.1": "增长{rate}%",
        "enterprises.count_change.-1": "下降{rate}%",
        "enterprises.count_change.0": "与上年同期持平",
        "modes.top": "按{dimension}分，{member}进出口{value}，{grew}，占{share}%。",
        "col.member": "{level}",
        "col.value": "金额（亿元）",
        "col.value_usd": "金额（亿美元）",
        "col.yoy": "同比（%）",
        "col.share": "占比（%）",
        "col.contribution": "拉动（百分点）",
        "col.year": "年份",
        "col.total": "进出口",
        "col.export": "出口",
        "col.import": "进口",
        "col.balance": "贸易差额",
        "col.item": "项目",
        "na": "—",
        "section.headline": "总体情况",
        "section.time": "月度与年度走势",
        "section.partners": "贸易伙伴",
        "section.products": "商品结构",
        "section.enterprises": "经营主体",
        "section.modes": "贸易方式、关区与运输方式",
        "section.unavailable": "暂无数据：{why}",
        "table.headline": "主要指标",
        "table.history": "历年进出口（亿元）",
        "table.breakdown": "{period}{what}",
        "table.products": "{period}主要商品类别进出口",
        "chart.trend": "{period}分月出口和进口（亿元）",
        "chart.trend_alt": "{period}各月出口和进口折线图。",
        "chart.groups": "{period}对主要贸易伙伴组别进出口（亿元，括号内为同比）",
        "chart.groups_alt": "{period}对各贸易伙伴组别进出口条形图。",
        "chart.products": "{period}主要商品类别出口（亿元）",
        "chart.products_alt": "{period}各商品类别出口条形图。",
        "chart.enterprises": "{period}各类企业进出口占比",
        "chart.enterprises_alt": "{period}各类企业进出口占比堆积条形图。",
        "unit.billion_yuan": "亿元",
        "label.exports": "出口",
        "label.imports": "进口",
        "label.total": "进出口",
        "label.balance": "贸易差额",
        "label.total_usd": "进出口（亿美元）",
        "label.partners": "贸易伙伴（个）",
        "label.enterprises": "有进出口实绩的企业（家）",
        "note.basis": "本快报按收发货人注册地统计，以人民币现价计；"
                      "同比增速按两个时期的最新修订数计算；"
                      "占比按未经四舍五入的数据计算，分项之和与合计可能因四舍五入略有出入。",
        "note.groups": "贸易伙伴组别按统计期末的成员构成计算，上年同期按同一口径比较；"
                       "各组别相互交叉，数值不可相加。",
        "note.vintage": "数据截至{vintage}；数据集：{datasets}。"
                        "文中每个数字均链接至生成该数字的查询（见附录）。",
        "note.approx": "以下商品类别按参考数据中的近似口径计算，"
                       "与官方目录不完全一致：{groups}。",
        "why.no_base": "数据未覆盖上年同期",
        "why.no_data": "无数据",
    },
}

_FORMATTER = Formatter()


def phrase(lang: str, key: str) -> str:
    """The raw template; a missing key is a programming error, named in the message."""
    try:
        return PHRASES[lang][key]
    except KeyError:
        raise KeyError(f"no phrase {key!r} for language {lang!r}") from None


def compose(lang: str, key: str, **slots: Any) -> tuple[Span, ...]:
    """Fill a template: text slots are inserted, Figure and span tuples are kept as spans."""
    spans: list[Span] = []
    for literal, name, _spec, _conv in _FORMATTER.parse(phrase(lang, key)):
        if literal:
            spans.append(literal)
        if name is None:
            continue
        if name not in slots:
            raise KeyError(f"phrase {key!r} ({lang}) needs slot {name!r}")
        value = slots[name]
        if isinstance(value, Figure):
            spans.append(value)
        elif isinstance(value, tuple):
            spans.extend(value)
        else:
            spans.append(str(value))
    return _merge(spans)


def text(lang: str, key: str, **slots: str) -> str:
    """A template filled with plain text only (headings, column names, captions)."""
    return phrase(lang, key).format(**slots)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """Adjacent text runs joined, so renderers see clean spans."""
    out: list[Span] = []
    for span in spans:
        if isinstance(span, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + span
        elif span != "":
            out.append(span)
    return tuple(out)
