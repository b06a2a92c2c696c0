"""Sentences → claims: what each number measures, about whom, when, and in which direction.

The text is cut into paragraphs, sentences and segments (", while", ";"). For every number
mention the frame looks at the words around it:

* the unit and the markers decide the indicator (a money amount is a level; a percent after
  "accounting for" is a share; percentage points after "高于全国" are a gap; a bracketed amount in
  the other currency is a conversion of the amount before it);
* the nearest preceding flow, slice, region and period words in the sentence fill the slots, and
  what the sentence does not say is carried over from the sentences before it (discourse state:
  region and period across the text, flow within a paragraph, "these countries" to the last
  slice named);
* a local subject (a zone, a company) or a part the model has no member for keeps the claim
  from being read as one about the whole region or flow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from typing import Any

import regex

from tradestat.claims.claim import Claim, Document, Quantity
from tradestat.claims.extract import lexicon_en as en
from tradestat.claims.extract import lexicon_zh as zh
from tradestat.claims.extract.names import SLICE_LEVELS, Gazetteer, NameMention, gazetteer
from tradestat.claims.extract.numbers import Mention, find_mentions, fold
from tradestat.claims.extract.periods import PeriodMention, find_periods
from tradestat.claims.extract.scan import finditer_any
from tradestat.periods import Period


def _rx(*parts: str) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{p})" for p in parts), regex.IGNORECASE)


_UP = _rx(rf"\b(?:{en.UP})", zh.UP)
_DOWN = _rx(rf"\b(?:{en.DOWN})", zh.DOWN)
#: Flow words, one pattern per flow ("total", "export", "import"), scanned together by
#: ``finditer_any``: the matches of their alternation, faster.
_FLOWS = {
    name: regex.compile(f"{en_p}|{zh_p}", regex.IGNORECASE)
    for (en_p, name), (zh_p, _) in zip(en.FLOWS, zh.FLOWS, strict=True)
}
_FLOW_NAMES = list(_FLOWS)
_FLOW_PATTERNS = list(_FLOWS.values())
_SHARE_BEFORE = _rx(
    rf"\b(?:{en.SHARE_BEFORE})\s+(?:\w+\s+){{0,2}}(?:\w+:\s*)?$",
    rf"(?:{zh.SHARE_BEFORE})[^，。；]{{0,30}}?的?(?:比重|比例|份额)?(?:为|达|达到)?$",
)
_SHARE_AFTER = _rx(en.SHARE_AFTER)
_NATIONAL_DEN = _rx(en.NATIONAL_DENOMINATOR)
_GAP = _rx(rf"\b(?:{en.GAP})\b", zh.GAP)
_GAP_NATIONAL = _rx(en.GAP_NATIONAL, zh.GAP_NATIONAL)
_CONTRIBUTION = _rx(rf"\b(?:{en.CONTRIBUTION})", zh.CONTRIBUTION)
_THRESHOLD = _rx(rf"\b(?:{en.THRESHOLD})", zh.THRESHOLD)
_MULTI = _rx(en.MULTI_PERIOD, zh.MULTI_PERIOD)
_RECORD = _rx(en.RECORD, zh.RECORD)
_FIRST_TIME = _rx(en.FIRST_TIME, zh.FIRST_TIME)
_SHARE_WORD = _rx(r"\bshare\b|\bproportion\b", r"比重|占比|份额")
#: "accounting for 41.4 percent of the total, up 2.6 percentage points": points right after a
#: share change that share ("占…52.7%，同比提升3.3个百分点"), unless they compare two rates.
_AFTER_SHARE = _rx(
    r"\b(?:account(?:ed|ing|s)?\s+for|represent(?:ed|ing|s)?|ma(?:de|king|kes)\s+up)\s+"
    r"[^.;]{0,40}?\d[\d.]*\s*(?:%|percent|per\s+cent)[^.;%]{0,50}$",
    r"占[^。；;]{0,20}?\d[\d.]*%[^。；;%]{0,14}$",
)
_SHARE_NOT = _rx(
    r"\b(?:than|faster|slower|above|below|outpac\w*)\b", r"高于|低于|高出|快于|慢于|超过|拉动"
)
_QUALIFY = [(regex.compile(p, regex.IGNORECASE), q) for p, q in en.QUALIFIERS + zh.QUALIFIERS]
_QUALIFY_AFTER = [
    (regex.compile(r"^(?:以上|多)"), "over"),
    (regex.compile(r"^左右"), "about"),
    (regex.compile(r"^(?:以下|以内)"), "under"),
]
_NOT_TRADE = [
    (regex.compile(p, regex.IGNORECASE), topic)
    for p, topic in {**en.NOT_TRADE, **zh.NOT_TRADE}.items()
]
_RANK_EN = regex.compile(en.RANK, regex.IGNORECASE)
_RANK_BY_GROWTH = _rx(r"growth|increase|grow|grew|faster|fastest", r"增速|增幅|增长|增量")
_RANK_BY_VALUE = _rx(
    r"in\s+terms\s+of\s+(?:trade\s+)?(?:value|volume|scale|size)|by\s+(?:value|volume|size)",
    r"规模|总值|总量|总额|进出口值|外贸值",
)
_RANK_ZH = regex.compile(zh.RANK)
#: Every match of the rank patterns contains one of these (checked before running them).
_RANK_EN_WORDS = ("rank", "larg", "bigg", "top", "high", "fast")
_RANK_ZH_CHARS = "居位列排伙"
_GROWTH = _rx(r"growth|increase|grow", r"增速|增幅|增长")
_CONVERT = _rx(
    r"[(（]\s*(?:about|approximately|around|roughly|some|or|equivalent to|约|合"
    r"|约合)?\s*$",
    # "62.4 billion yuan, or about 8.7 billion U.S. dollars"
    r"^\s*,?\s*(?:or|equivalent\s+to|roughly)\s+(?:about\s+|approximately\s+|around\s+"
    r"|roughly\s+|some\s+)?$",
    r"(?:折合|约合|合)\s*(?:约)?\s*$",
)
_PRONOUN = _rx(r"\b(?:these|those|their|they|such)\b", r"其中|其|这些|上述")
_ENTERPRISES = _rx(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:enterprises|companies|firms|businesses)\b",
    r"^\s*家",
)
_PARTNERS = _rx(
    r"^\s*(?:\w+\s+){0,1}?countries and regions|^\s*trading partners", r"^\s*个国家(?:和|及)地区"
)
_PARTNER_CONTEXT = _rx(
    r"\btrad(?:e|ed|ing)\s+with\s+$|\btrade partners\b", r"与$|贸易往来|贸易伙伴"
)
_ENTERPRISE_CONTEXT = _rx(
    r"foreign trade|imports?|exports?|actual|records|trad(?:e|ing)", r"外贸|进出口|实绩"
)
#: "the number of enterprises with import and export records exceeded 700,000": the counted
#: noun before the number.
_NUMBER_OF = _rx(
    r"\bnumber\s+of\s+(?:[\w-]+\s+){0,3}?(?P<enterprises>enterprises|companies|firms|businesses"
    r"|traders)\b|\bnumber\s+of\s+(?P<partners>trading\s+partners|countries\s+and\s+regions)\b",
    r"(?P<enterprises>企业)(?:数量|数|家数)|(?P<partners>贸易伙伴)(?:数量|数)",
)
#: "moved from border trade to ...": the part named is where things were, not the slice.
_EARLIER_STATE = _rx(
    r"\b(?:moved|shifted|changed|grown|grew|expanded|evolved|turned)\s+from\s+$"
    # A partner displaced or named as a cause: "replacing the United States to become the
    # largest", "demand from neighboring central Asian countries helped push up …".
    r"|\b(?:replacing|overtaking|surpassing|ahead\s+of)\s+(?:the\s+)?$"
    r"|\bdemand\s+(?:from|in)\s+(?:[\w-]+\s+){0,2}$",
    r"从$|取代$|超过$",
)
_SEGMENT = regex.compile(r";|；|,\s+while\b|,\s+whereas\b|\s+while\s+|，而")
_SENTENCE = regex.compile(
    r"[。！？!?•\n]+|(?<![A-Z]|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Co|Ltd|No|Mr|Ms"
    r"|Dr|St|vs|approx|Inc|Corp))\.(?=\s+[\"“'(]?[A-Z0-9])"
)
#: Patterns used inside the per-number code, compiled once here: ``regex.search(pattern, ...)``
#: looks its pattern up in the module's cache on every call, which cost more than the search.
_PARAGRAPH = regex.compile(r"\n")
_CUSTOMS = regex.compile(
    r"(?P<en>\b(?:"
    + "|".join(regex.escape(n) for n in en.CUSTOMS_DISTRICTS)
    + r"))\s+[Cc]ustoms\b|(?P<zh>"
    + "|".join(zh.CUSTOMS_DISTRICTS)
    + r")海关"
)
#: A sentence that goes on with the figures of the one before, split by flow: "The exports
#: were ...", "Exports rose ...", "其中，出口…".
_CONTINUES = _rx(
    r"^\s*(?:(?:the\s+)?(?:exports?|imports?)\b|of\s+(?:this|the\s+total)|among\s+(?:them|this))",
    r"^\s*其中[，,]?\s*(?:出口|进口)",
)
_LINK_AFTER = regex.compile(r"(?i)\b(?:with|in|for)\s+(?:the\s+)?$")
#: "X yuan worth of <goods> to/from <partner>": the names after the amount are its own.
_WORTH_OF = regex.compile(
    r"(?i)\S+(?:\s+(?:billion|million|trillion|yuan|U\.S\.|dollars))*\s+worth\s+of\b"
)
#: A threshold is the number a crossing verb leads to ("首次突破70亿元", "crossing the 10 percent
#: threshold"): the verb right before it, or the threshold noun right after it. A level that
#: merely stands near such a phrase ("72亿元，首次突破70亿元") is a plain level.
_THRESHOLD_BEFORE = _rx(
    r"\b(?:cross(?:es|ed|ing)?|broke\s+through|break(?:s|ing)?\s+through|pass(?:ed|es|ing)?"
    r"|(?:milestone|mark|threshold)\s+of)\s+(?:the\s+|a\s+)?$",
    r"(?:突破|跨越|迈上|迈过|站上|越过|跨过)了?\s*$",
)
_THRESHOLD_AFTER = _rx(
    r"^\s*(?:-yuan\s+|-dollar\s+)?(?:threshold|mark|milestone)\b", r"^\s*(?:大关|关口|台阶)"
)
#: What may stand between "for the first time" / 首次 and the number it belongs to.
_LEADS_TO_NEXT = regex.compile(
    r"(?i)\s*(?:突破|超过|超|跨越|迈上|站上|达到|达|破|cross(?:es|ed|ing)?|exceed(?:s|ed|ing)?"
    r"|top(?:s|ped|ping)?|surpass(?:es|ed|ing)?|pass(?:es|ed|ing)?|reach(?:es|ed|ing)?|hit"
    r"|broke\s+through)?\s*(?:了|the|a)?\s*$"
)
#: "贡献率为88.9%", "a contribution rate of 88.9 percent": the part's share of the total's change.
_CONTRIBUTION_RATE_BEFORE = _rx(
    r"\bcontribution\s+rate\s+(?:of\s+|was\s+|stood\s+at\s+|reached\s+|hit\s+)?$",
    r"贡献率(?:为|达|达到|是|高达)?\s*$",
)
_CONTRIBUTION_RATE_AFTER = regex.compile(
    r"(?i)^\s*of\s+(?:the\s+|its\s+|\w+['\u2019]s\s+)?(?:total\s+|overall\s+)?"
    r"(?:(?:foreign\s+)?trade\s+|export\s+|import\s+)?(?:growth|increase)\b"
    r"|^的?(?:增量|增长贡献)"
)
#: "its total foreign trade of 260.2 billion yuan": the words name the whole again, so a slice
#: named earlier in the clause ("trade with ASEAN ...") does not apply to what follows.
_WHOLE_AGAIN = _rx(
    r"\b(?:its|their|the|the\s+region['\u2019]s|the\s+province['\u2019]s|the\s+city['\u2019]s"
    r"|[A-Z]\w+['\u2019]s)\s+(?:total|overall|entire)\b",
    r"全(?:区|省|市|自治区)(?:外贸|进出口|货物贸易)",
)
#: The denominator of a share: "占全区外贸总值的", "of the region's total exports".
_DENOMINATOR_ZH = regex.compile(r"占[^，。；,]*$")
_DENOMINATOR_EN = regex.compile(r"(?i)\s*of\s+[^,;]{0,60}")
#: Trade counted where goods cross (port / customs-district basis, DOMAIN §4.3), not by the
#: registered location of the trader that the regional tables use.
_PORT_BASIS = _rx(
    r"\b(?:through|via|passing\s+through|across|at)\s+(?:the\s+|its\s+|all\s+"
    r"|[A-Z]\w+['\u2019]s\s+)?(?:\w+\s+){0,2}?(?:ports?|border\s+crossings|customs\s+districts?)"
    r"\b|\bport\s+(?:trade|throughput\s+value)\b",
    r"(?:经|通过|经由)[^，。；]{0,10}(?:口岸|关区)|(?:各|全区|全疆|全省)口岸|口岸(?:进出口|外贸|贸易)"
    r"|关区(?:进出口|外贸)",
)
_NATIONAL_BEFORE = regex.compile(r"^[^。；，]{0,4}全国")
_WITH = regex.compile(r"(?i)\bwith\b|与|对")
_LOWER = regex.compile(rf"(?i)lower|slower|below|behind|{zh.GAP_LOWER}")
_NON_DIGITS = regex.compile(r"\D")
_DENOMINATOR = regex.compile(
    r"(?i)\b(?:of|than|outpaced|above|below)\s+(?:the\s+)?$"
    r"|(?:占(?:同期|同期的|当期)?|高于|低于|快于|慢于|居|位居|位列|排名|排在|比|较|超出)$"
)
_LOCATION_OF = regex.compile(
    r"(?i)\b(?:city|cities|county|town|port|zone|park|prefecture|district)(?:\s+(?:located\s+)?"
    r"(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}|\s*,\s*(?:[\w-]+\s+){0,2}China['\u2019]s\s+)$"
)
#: A sentence whose subject is the figure of the sentence before: "The amount accounted for
#: 41.4 percent of the total", "The volume represented 52.7 percent", "该数字占…".
_ANAPHOR = _rx(
    r"^\s*(?:the|this|that)\s+(?:amount|volume|figure|value|sum)\b"
    r"|^\s*(?:It|This|That)\s+(?:was|is|marked|marks|represented|represents)\b",
    r"^\s*(?:这一|该)(?:数字|规模|数额|金额)",
)
#: Where a list of names for a 分别 starts: after the clause before it.
_LIST_END = regex.compile(r"[；;。]")
_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_SHARE_SCOPE = regex.compile(r"全国(?:的|中的)?(?:占比|比重|份额)")
_RANK_SCOPE = regex.compile(r"(?:全国|全省|全区)(?:各省[区市]*)?中?(?:排名|排第|位列|居第)")
#: "the total value of China's trade", "the scale of Xinjiang's exports": "of" after a word for
#: an amount introduces the subject, not a whole the figure is a part of.
_AMOUNT_OF = regex.compile(r"(?i)\b(?:value|volume|scale|size|total|amount)\s+of\s+(?:the\s+)?$")
NATIONAL = "CN"
#: Name levels that can be the subject of a figure: a province (or the nation), a province
#: named again ("全省", "the region's"), a local subject (a city, a zone, a company).
_SUBJECT_LEVELS = ("region", "region_ref", "local")
#: A growth rate compared with the rate of an earlier period, in percentage points: "降幅较一季度
#: 收窄3.4个百分点", "the decline narrowed by 0.4 percentage points from the first three
#: quarters". Not a gap to the nation; the verb gives the sign (see _earlier_gap_direction).
_EARLIER_GAP = _rx(
    r"\b(?P<what>decline|drop|fall|contraction|growth|increase|expansion)\s+(?:\w+\s+){0,6}?"
    r"(?P<verb>narrowed|widened|deepened|accelerated|quickened|picked\s+up|slowed|eased)"
    r"\s+(?:by\s+)?$",
    r"(?P<what>降幅|增幅|增速|涨幅|跌幅)[^，。；,]{0,3}(?:较|比)(?!全国)[^，。；,]{1,12}?"
    r"(?P<verb>收窄|扩大|加快|放缓|回落|提高|提升|上升|下降|加大|缩小|减少|增加)了?\s*$",
)
_DECLINE_WORDS = ("decline", "drop", "fall", "contraction", "降幅", "跌幅")
_NARROWING_WORDS = ("narrowed", "eased", "slowed", "收窄", "缩小", "放缓", "回落", "下降", "减少")
#: "约占全省出口总值的3.5%": the 约 of 约占 qualifies the share after the denominator.
_ABOUT_SHARE = regex.compile(r"约占[^，。；]{0,16}?的?(?:比重|比例)?(?:为)?$")
#: A record said of the size of the trade, not of the number next to it.
_SIZE_RECORD = regex.compile(r"(?:规模|总值|总量|进出口值)[^，。；]{0,3}创[^，。；]{0,6}?新高")
_OF_FLOW = regex.compile(r"(?i)\bof\s+[^,;.]{0,60}")
_EN_FLOW_WORDS = ("exports", "imports", "export", "import", "shipments", "shipment")
#: "exports of laptops", up to the verb, a preposition or punctuation.
_OF_WHAT = regex.compile(
    r"\s+of\s+(?P<what>[A-Za-z][\w-]*(?:\s+(?!(?:to|from|with|by|in|rose|fell|grew|were|was"
    r"|reached|hit|totaled|totalled|climbed|jumped|surged|soared|dipped|dropped|declined"
    r"|increased|decreased|expanded|amounted|stood|came|edged|slid|slipped|more|up|down)\b)"
    r"[A-Za-z][\w-]*){0,3})",
    regex.IGNORECASE,
)
#: The word right before "exports" / "imports": "Coal imports", "EV exports".
_WORD_BEFORE = regex.compile(r"(?:^|[\s(\"\u201c])(?P<noun>[A-Za-z][\w-]*)\s+$")
#: The subject of an English share sentence: its words up to the first comma or verb.
_SHARE_SUBJECT = regex.compile(r"\s*(?P<who>[A-Z][\w-]*(?:\s+[a-z][\w-]*){0,3})\s*[,]")
_GENERIC_EN = frozenset(
    {
        "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those",
        "such", "total", "overall", "foreign", "merchandise", "goods", "commodity", "commodities",
        "products", "product", "all", "and", "or", "while", "whereas", "but", "of", "monthly",
        "annual", "yearly", "combined", "cumulative", "general", "net", "gross", "value", "direct",
        "in", "to", "from", "which", "whose", "also", "both", "as", "with", "growth", "trade",
        "trading", "outbound", "inbound", "seaborne", "china's", "nation's", "country's",
        "region's",
        "province's", "city's", "municipality's", "its'", "dollar-denominated", "yuan-denominated",
        "re-exports", "processing", "ordinary", "main", "key", "major", "other", "remaining",
    }
)  # fmt: skip
_ZH_FLOW_WORDS = ("出口", "进口", "进出口")
_HAN_TAIL = regex.compile(r"\p{Han}+$")
#: Words of the genre that stand before a flow without naming a part of it.
_GENERIC_ZH = regex.compile(
    r"其中|同期|当月|全年|今年|去年|本年|上年|累计|合计|共计|实现|完成|货物贸易|货物|外贸|商品"
    r"|产品|贸易|总值|总额|自治区|全省|全区|全市|全国|我省|我区|我市|本省|本区|本市|企业|主要"
    r"|分别|同比|计价|人民币|美元|维吾尔|壮族|回族|藏族|特别行政|省|区|对|的|与|和|及|其|也"
    r"|则|均|以|按|计|为|中"
)
#: "In U.S. dollar terms, ...", "以美元计价": the figures that follow are in dollars.
_DOLLAR_TERMS = _rx(
    r"\b(?:in|by)\s+(?:U\.?S\.?\s+)?dollar\s+terms\b|\bdenominated\s+in\s+(?:U\.?S\.?\s+)?dollars",
    r"(?:以|按)美元计(?:价|算)?",
)
#: Growth on the month before: "环比增长5.2%", "a month-on-month increase of 3 percent", "up
#: 3 percent month-on-month" (not "同比增长5%，环比增长3%": 环比 governs the number after it).
_MOM_BEFORE = _rx(
    r"\b(?:month[- ]on[- ]month|m-o-m|sequential)\s+(?:\w+\s+){0,2}(?:of\s+)?$",
    r"环比(?:增长|下降|增加|减少|上升|回落|提高|分别增长|分别下降)?(?:了|达)?$",
)
_MOM_AFTER = regex.compile(
    r"(?i)\s*,?\s*(?:month[- ]on[- ]month|m-o-m|from\s+the\s+previous\s+month"
    r"|(?:on\s+a\s+)?sequential(?:ly|\s+basis)?"
    # "down 0.3% from May" (in a sentence about June), "6 percent higher than that of the
    # first quarter": growth on the period just before, not on a year earlier.
    r"|(?:from|over|on)\s+(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)(?!\s*(?:-|\u2013|to|through|and)\b)"
    r"|(?:higher|lower|more|less|up|down)\s+(?:than|from|on)\s+(?:that\s+(?:of|in)\s+)?the\s+"
    r"(?:first|second|third|previous|preceding)\s+quarter)\b"
)
_CLAUSE_BREAK = regex.compile(r"[,，;；]")
#: A sign before the number: "+7.1%", "分别为-6.5%和-0.2%" (after 为 / 和 / 、 too).
_SIGN = regex.compile(r"(?:^|[\s(（:：,，、为是达和及至])(\+\s?|[\-\u2212])$")
_RESPECTIVELY = regex.compile(r"分别|\brespectively\b", regex.IGNORECASE)
_ZH_ORD = {"首": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "十": 10}  # fmt: skip


def _run_length(numbers: list[tuple[int, Claim]]) -> int:
    """How many of the last numbers share the last one's indicator ("5 and 3 percent")."""
    count = 0
    for _, claim in reversed(numbers):
        if claim.indicator != numbers[-1][1].indicator:
            break
        count += 1
    return count


#: The base year of a growth rate: "from the same period of 2019", "与2019年同期相比",
#: "比2019年同期", "compared with 2019".
_BASE_YEAR = regex.compile(
    r"(?:same\s+period\s+(?:of|in)\s+|compared\s+(?:with|to)\s+(?:the\s+same\s+period\s+"
    r"(?:of|in)\s+)?|(?:与|和|比|较|同)\s*)(?P<year>(?:19|20)\d\d)(?:年)?(?!\d)",
    regex.IGNORECASE,
)
#: A clause whose subject is a bare flow: "while imports dropped", "The import volume was".
_BARE_FLOW = regex.compile(
    r"(?i)[;；]?\s*(?:,\s*)?(?:(?:while|whereas|and)\s+)?(?:the\s+|its\s+|their\s+)?"
    r"(?:imports?|exports?)(?:\s+(?:volume|value))?\b(?!\s+(?:of|to|from|with)\b)[^;]*$"
)
#: Between an amount and the partner it belongs to: "112.17 billion yuan with ASEAN",
#: "$5.4 billion in trade with ASEAN".
_PARTNER_LINK = regex.compile(
    r"(?i)\s+(?:in\s+(?:trade|imports|exports|two-way\s+trade)\s+)?(?:with|to|from)\s+(?:the\s+)?"
)
#: Words before the nation named as a yardstick: 高于同期全国, 低于全国.
_YARDSTICK = regex.compile(r"(?:高于|低于|快于|慢于|高出|超过|超出|比|较)(?:同期)?$")
#: An aside listing what a figure is made of: "Exported goods, mainly mechanics, textiles and
#: shoes, were …", "Imports, including farm produce, copper ore and paper pulp, reached …".
_ASIDE = regex.compile(
    r"(?i),\s*(?:mainly|mostly|chiefly|primarily|including|such\s+as)\s+"
    r"[^,.;()]+(?:,\s*[^,.;()]+)*?\s+(?:and|or)\s+[^,.;()]+,"
)
#: An amount followed by the flow it is of: "$3.73 billion of exports".
_OF_FLOW_AFTER = regex.compile(r"(?i)\s+(?:worth\s+)?of\s+(exports|imports)\b")


#: A relative clause between a subject and its verb: "Exports, which account for more than
#: 70 percent of the province's foreign trade, rose 7.4 percent".
_RELATIVE = regex.compile(r"(?i),\s*(?:which|that|who)\b[^,;]{0,120},")


def _relative_clauses(s: _Sentence, pos: int) -> list[tuple[int, int]]:
    """The relative clauses that close before ``pos``: what they name is not its subject. One
    that states an amount (", which included $3.73 billion of exports, up …") goes on with the
    sentence's own figures instead."""
    return [
        (m.start(), m.end())
        for m in _RELATIVE.finditer(s.text, 0, pos)
        if m.end() <= pos
        and not any(m.start() <= x.start < m.end() and x.unit in ("CNY", "USD") for x in s.mentions)
    ]


def _in_aside(text: str, name: NameMention) -> bool:
    """A product or unresolved name inside a ", mainly A, B and C," aside."""
    if name.level not in ("unresolved", "product_group"):
        return False
    return any(m.start() < name.start < m.end() for m in _ASIDE.finditer(text))


#: A source credit in brackets: "(UrduPoint / Pakistan Point News - 17th Jan, 2022 )" names
#: no partner and no period of the figures.
_CREDIT = regex.compile(
    r"\((?=[^()]{0,80}\b(?:News|Agency|Xinhua|Reuters|AFP|Bloomberg)\b)[^()]{0,120}\)"
)
#: A photo caption line ("... in March. [Photo by X/For China Daily]", "(Xinhua/Li Ming)").
_CAPTION = regex.compile(
    r"(?i)[\[(（]\s*(?:photo|摄影|图)\b[^\])）]{0,80}[\])）]\s*$"
    r"|\((?:Xinhua|Photo|CFP|IC|VCG)\s*/[^)]{1,40}\)\s*$|/IC\]\s*$"
)
_CONTRIBUTION_OF = regex.compile(r"(?i)\bcontribution\s+of\s+$")
_TO_TOTAL = regex.compile(
    r"(?i)\s*to\s+[^,.;]{0,40}?\btotal\s+(?:exports|imports|foreign\s+trade|trade)"
)
#: A percent written right before "higher than the national average" is a gap in points.
_PERCENT_GAP = regex.compile(
    rf"(?i)\s*(?:points?\s+)?(?:higher|lower|faster|slower|more|less)\s+than\s+(?:the\s+)?"
    rf"(?:{en.GAP_NATIONAL})"
)
#: Average annual growth over several years (年均增长, "an average annual increase of").
_AVERAGE_ANNUAL = _rx(
    r"\b(?:average\s+annual|annual\s+average|annualized|compound\s+annual|on\s+average\s+annually)",
    r"年均|年平均",
)


def _over_years(text: str, mention: Mention, period: PeriodMention | None) -> bool:
    """A growth rate over more than one year: its base year lies two or more years before the
    figure's own period, or the text calls it an average annual rate. Read as year-on-year it
    was checked against the wrong base and could be called wrong when the text is right."""
    before = _CLAUSE_BREAK.split(text[max(0, mention.start - 40) : mention.start])[-1]
    after = _CLAUSE_BREAK.split(text[mention.end : mention.end + 50])[0]
    if _AVERAGE_ANNUAL.search(before) or _AVERAGE_ANNUAL.match(after.lstrip()):
        return True
    own = period.period.start_year if period is not None else None
    for found in (*_BASE_YEAR.finditer(before), *_BASE_YEAR.finditer(after)):
        base = int(found["year"])
        if own is None or base < own - 1:
            return True
    return False


def _earlier_gap_direction(before: str) -> int:
    """+1 when the growth rate rose against the earlier period, -1 when it fell.

    A decline that narrows is a rate that rose (-5.5 % to -2.1 %: +3.4 pp); growth that slows
    is a rate that fell.
    """
    found = _EARLIER_GAP.search(before)
    if found is None:
        return 1
    decline = found["what"].lower() in _DECLINE_WORDS
    narrowing = found["verb"].lower() in _NARROWING_WORDS
    return 1 if decline == narrowing else -1


class _Sentence:
    """A sentence and what is read from it: names, periods, flows, segments, each scanned on
    first use.

    Most sentences of a long report have no number. What they say matters only when a later
    sentence leaves a slot unsaid (``carried`` below), and then only for the
    nearest earlier sentence that says it; scanning on first use skips the name, period and
    flow scans of the sentences no claim looks back to. The scans depend on the text and the
    publication date alone, so when they run changes nothing.
    """

    def __init__(self, start: int, text: str, names: Gazetteer, anchor: dt.date | None) -> None:
        self.start = start
        self.text = text
        self._gazetteer = names
        self._anchor = anchor

    @cached_property
    def names(self) -> list[NameMention]:
        return [n for n in self._gazetteer.find(self.text) if not _in_aside(self.text, n)]

    @cached_property
    def periods(self) -> list[PeriodMention]:
        return find_periods(self.text, self._anchor)

    @cached_property
    def flows(self) -> list[tuple[int, str, str]]:
        return _flows(self.text)

    @cached_property
    def segments(self) -> list[tuple[int, int]]:
        return _segments(self.text)

    @cached_property
    def topics(self) -> list[tuple[int, int, str]]:
        """Where the words of non-trade topics (GDP, income, trade balance ...) are."""
        return [
            (m.start(), m.end(), topic)
            for pattern, topic in _NOT_TRADE
            for m in pattern.finditer(self.text)
        ]

    @cached_property
    def mentions(self) -> list[Mention]:
        return find_mentions(self.text)

    def following(self, mention: Mention, end: int) -> list[Mention]:
        """The number mentions after ``mention`` that start before ``end``."""
        return [m for m in self.mentions if mention.end <= m.start < end]

    def preceding(self, mention: Mention, start: int) -> list[Mention]:
        """The number mentions before ``mention`` that end after ``start``."""
        return [m for m in self.mentions if start <= m.end <= mention.start]

    def segment_of(self, pos: int) -> tuple[int, int]:
        for a, b in self.segments:
            if a <= pos < b:
                return a, b
        return 0, len(self.text)

    # What a later sentence inherits from this one (None: this sentence does not say it).

    def carried(self, slot: str) -> NameMention | PeriodMention | str | list[NameMention] | None:
        if slot in ("region", "province"):
            levels = _SUBJECT_LEVELS if slot == "region" else ("region",)
            regions = [
                n
                for n in self.names
                if n.level in levels
                and not _is_denominator(self.text, n.start)
                and not (slot == "province" and n.code == NATIONAL)  # 全省 is never the nation
                # "高于同期全国2.8%的整体增幅": the nation named as the yardstick is not the
                # subject the next sentence goes on with ("其中，出口…" stays the province's).
                and not (
                    n.code == NATIONAL
                    and _YARDSTICK.search(self.text[max(0, n.start - 8) : n.start])
                )
            ]
            return regions[-1] if regions else None
        if slot == "period":
            periods = [p for p in self.periods if not p.single_month]
            return periods[-1] if periods else None
        if slot == "flow":
            return self.flows[-1][1] if self.flows else None
        slices = [n for n in self.names if n.level not in _SUBJECT_LEVELS]
        return slices or None


def _split(text: str, pattern: regex.Pattern[str], offset: int = 0) -> Iterator[tuple[int, str]]:
    last = 0
    for m in pattern.finditer(text):
        if m.start() > last:
            yield offset + last, text[last : m.start()]
        last = m.end()
    if last < len(text):
        yield offset + last, text[last:]


def _segments(text: str) -> list[tuple[int, int]]:
    bounds = [0, *[m.start() for m in _SEGMENT.finditer(text)], len(text)]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _flows(text: str) -> list[tuple[int, str, str]]:
    return [
        (m.start(), _FLOW_NAMES[index], m.group(0))
        for index, m in finditer_any(_FLOW_PATTERNS, text)
    ]


class _Extractor:
    """One document's pass: the discourse state lives here, claims come out in text order."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = _CREDIT.sub(lambda m: " " * len(m.group(0)), fold(document.text))
        self.anchor = _anchor(document.published)
        self.claims: list[Claim] = []
        self.names = gazetteer()
        #: The sentences before the current one, in text order.
        self.read: list[_Sentence] = []
        #: slot → (n, value): the slot as carried by ``read[:n]``, so that looking back stops
        #: there (each sentence is looked at once per slot).
        self.known: dict[str, tuple[int, object]] = {}
        #: The region the title names: what "我省", "the province" mean when the body never
        #: names it (provincial government pages write "我省外贸进出口…").
        self.title_region = self._title_region(document.title)
        #: Where the paragraph being read starts: a pronoun refers back within it only.
        self.paragraph_start = 0

    def run(self) -> list[Claim]:
        for para_start, paragraph in _split(self.text, _PARAGRAPH):
            if len(paragraph) < 300 and _CAPTION.search(paragraph):
                continue  # a photo caption: its place and month must not become the text's
            self.paragraph_start = para_start
            self.known["flow"] = (len(self.read), None)  # a flow is carried within a paragraph
            for start, text in _split(paragraph, _SENTENCE, para_start):
                if text.strip():
                    self._sentence(_Sentence(start, text, self.names, self.anchor))
        return self.claims

    def _title_region(self, title: str | None) -> NameMention | None:
        if not title:
            return None
        text = fold(title)
        regions = [
            n
            for n in self.names.find(text)
            if n.level == "region" and not _is_denominator(text, n.start)
        ]
        if len({n.code for n in regions}) != 1:
            return None  # none, or several regions: the title does not say whose figures
        found = regions[0]
        return replace(found, start=-1, end=-1)

    # --- one sentence -------------------------------------------------------------------

    def _sentence(self, sentence: _Sentence) -> None:
        previous_money: tuple[Mention, Claim] | None = None
        first = len(self.claims)
        for mention in sentence.mentions:
            made = [self._append(c) for c in self._claims_for(sentence, mention, previous_money)]
            if made and mention.unit in ("CNY", "USD") and made[0].converts is None:
                previous_money = (mention, made[0])
        if len(self.claims) - first >= 2 and _RESPECTIVELY.search(sentence.text):
            self._respectively(sentence, first)
        for found in _SIZE_RECORD.finditer(sentence.text):
            self._size_record(sentence, first, found.start())
        self._ranks(sentence)
        self.read.append(sentence)

    def _size_record(self, s: _Sentence, first: int, at: int) -> None:
        """ "规模创历史同期新高": the last level stated before it in the sentence is a record."""
        for index in range(len(self.claims) - 1, first - 1, -1):
            claim = self.claims[index]
            if claim.span[1] - s.start <= at and claim.indicator in ("value", "threshold"):
                if "record" not in claim.qualifiers:
                    self.claims[index] = replace(claim, qualifiers=(*claim.qualifiers, "record"))
                return

    def _respectively(self, s: _Sentence, first: int) -> None:
        """ "A 1,500亿元，B 4,000亿元，同比分别增长10.2%和8.6%", "Exports and imports rose 5
        and 3 percent, respectively": the i-th number belongs to the i-th subject.

        The subjects are the levels stated just before (their slices and flows), else the flows
        or the members of one level named before the numbers. When the counts differ nothing
        is reassigned.
        """
        claims = self.claims[first:]
        for m in _RESPECTIVELY.finditer(s.text):
            seg_start, seg_end = s.segment_of(m.start())
            mine = [
                (i, c)
                for i, c in enumerate(claims)
                if seg_start <= c.span[0] - s.start < seg_end and c.converts is None
            ]
            if m.group(0) == "分别":
                numbers = [(i, c) for i, c in mine if c.span[0] - s.start >= m.end()]
            else:
                numbers = [(i, c) for i, c in mine if c.span[1] - s.start <= m.start()]
                numbers = numbers[-_run_length(numbers) :]
            numbers = [(i, c) for i, c in numbers if c.indicator == numbers[0][1].indicator]
            quarters = _listed_quarters(
                s.text[: numbers[0][1].span[0] - s.start] if numbers else ""
            )
            if quarters and len(quarters) == len(numbers):
                # "the first and second quarters reached X and Y, respectively": one quarter
                # each, not both in the quarter named last.
                for (i, claim), q in zip(numbers, quarters, strict=True):
                    if claim.period is not None:
                        period = Period.parse(f"{claim.period.start_year}Q{q}")
                        claims[i] = replace(claim, period=period)
                continue
            if m.group(0) != "分别" and _own_slices([c for _, c in numbers]):
                # "of private businesses X and of State-owned businesses Y, respectively
                # increasing A and B": X and Y have their names; A and B follow them in order.
                self._respectively_follow(s, claims, m, [c for _, c in numbers])
                continue
            if len(numbers) >= 2:
                start = numbers[0][1].span[0] - s.start
                subjects = self._subjects(s, mine, start, seg_start, len(numbers))
                if subjects is not None:
                    for (i, claim), subject in zip(numbers, subjects, strict=True):
                        claims[i] = replace(claim, **subject)
            self._respectively_named(s, claims, m)
        self.claims[first:] = claims

    @staticmethod
    def _respectively_follow(
        s: _Sentence, claims: list[Claim], m: regex.Match[str], named: list[Claim]
    ) -> None:
        """The run of numbers right after "respectively" takes the slices of ``named`` in order
        when the counts agree."""
        after = [
            i for i, c in enumerate(claims) if c.span[0] - s.start >= m.end() and c.converts is None
        ]
        if not after:
            return
        kind = claims[after[0]].indicator
        run = []
        for i in after:
            if claims[i].indicator != kind:
                break
            run.append(i)
        if len(run) != len(named):
            return
        for i, source in zip(run, named, strict=True):
            claims[i] = replace(
                claims[i],
                slice=dict(source.slice),
                slice_surface=source.slice_surface,
                unresolved=source.unresolved,
            )

    def _respectively_named(self, s: _Sentence, claims: list[Claim], m: regex.Match[str]) -> None:
        """The names listed across the commas of the sentence: "trade with the EU, ASEAN, the
        United States and ... increased 13.5, 13.8, 6.5 and 14.9 percent, respectively",
        "对东盟、欧盟、美国进出口分别为…，同比分别增长…". Every run of as many numbers of one
        indicator as there are names takes them in order; a count that differs changes nothing.
        """
        runs: list[list[int]] = []
        for i, claim in enumerate(claims):
            if claim.converts is None:
                if runs and claims[runs[-1][-1]].indicator == claim.indicator:
                    runs[-1].append(i)
                else:
                    runs.append([i])
        runs = [r for r in runs if len(r) >= 2]
        if not runs:
            return
        first_number = claims[runs[0][0]].span[0] - s.start
        if m.group(0) == "分别" and m.start() > first_number:
            self._respectively_since(s, claims, m)
            return
        before = max(
            (c.span[1] - s.start for c in claims if c.span[1] - s.start <= first_number),
            default=0,
        )
        named = self._listed(s, before, first_number)
        if len(named) < 2:
            return
        for run in runs:
            if len(run) == len(named):
                lo = claims[run[0]].span[0] - s.start
                hi = claims[run[-1]].span[0] - s.start
                if any(
                    lo < x.start < hi and x.level == named[0].level for x in s.names
                ):  # "of private businesses X and of State-owned businesses Y": each its own
                    continue
                for i, n in zip(run, named, strict=True):
                    claims[i] = replace(
                        claims[i], slice={n.level: n.code}, slice_surface=n.surface, unresolved=None
                    )

    def _respectively_since(self, s: _Sentence, claims: list[Claim], m: regex.Match[str]) -> None:
        """ "对美国和日本分别增长0.4%和下降0.9%；对韩国、东盟分别增长5.7%和4.1%": the names listed
        since the last number before this 分别 go with the numbers right after it. When their
        counts differ, those numbers are unresolved rather than given a name they may not have.
        """
        last = max(
            (c.span[1] - s.start for c in claims if c.span[1] - s.start <= m.start()), default=0
        )
        clause = max((b.end() for b in _LIST_END.finditer(s.text, 0, m.start())), default=0)
        last = max(last, clause)
        here = self._listed(s, last, m.start())
        nxt = _RESPECTIVELY.search(s.text, m.end())
        stop = nxt.start() if nxt is not None else len(s.text)
        run: list[int] = []
        for i, c in enumerate(claims):
            at = c.span[0] - s.start
            if c.converts is not None or at < m.end() or at >= stop:
                continue
            if run and claims[run[0]].indicator != c.indicator:
                break
            if run and self._listed(s, claims[run[-1]].span[1] - s.start, at):
                break  # "…和8.8%；对中国香港进出口下降12.8%": a new subject, not the list
            run.append(i)
        if not here or len(run) < 2:
            return
        if len(run) == len(here):
            for i, n in zip(run, here, strict=True):
                claims[i] = replace(
                    claims[i], slice={n.level: n.code}, slice_surface=n.surface, unresolved=None
                )
            return
        listed = s.text[last : m.start()].strip(" ，,;；")
        for i in run:
            claims[i] = replace(claims[i], slice={}, slice_surface=None, unresolved=listed)

    @staticmethod
    def _listed(s: _Sentence, start: int, end: int) -> list[NameMention]:
        """The slice names between ``start`` and ``end``, each once ("the Association of
        Southeast Asian Nations (ASEAN)" is one name), wholes of a share left out."""
        unique: dict[tuple[str, str], NameMention] = {}
        for n in s.names:
            if (
                n.level in SLICE_LEVELS
                and start <= n.start
                and n.end <= end
                and not _is_denominator(s.text, n.start)
            ):
                unique.setdefault((n.level, n.code), n)
        return list(unique.values())

    def _subjects(
        self, s: _Sentence, mine: list[tuple[int, Claim]], start: int, seg_start: int, count: int
    ) -> list[dict[str, Any]] | None:
        """The slots of ``count`` subjects named before ``start``, in order."""
        levels = [c for _, c in mine if c.indicator == "value" and c.span[1] - s.start <= start]
        if len(levels) >= count:
            return [
                {
                    "flow": c.flow,
                    "slice": dict(c.slice),
                    "slice_surface": c.slice_surface,
                    "unresolved": c.unresolved,
                    "region_basis": c.region_basis,
                }
                for c in levels[-count:]
            ]
        flows = [f for f in s.flows if seg_start <= f[0] < start]
        if len(flows) == count and len({f[1] for f in flows}) == count:
            return [{"flow": f[1]} for f in flows]
        named = [
            n
            for n in s.names
            if n.level in SLICE_LEVELS and seg_start <= n.start and n.end <= start
        ]
        if len(named) == count:
            return [
                {"slice": {n.level: n.code}, "slice_surface": n.surface, "unresolved": None}
                for n in named
            ]
        return None

    def _append(self, claim: Claim) -> Claim:
        """Number the claim in text order; conversions point at the number they repeat."""
        claim = replace(claim, id=f"c{len(self.claims) + 1}")
        self.claims.append(claim)
        return claim

    def _inherited(self, slot: str) -> Any:
        """The slot as the nearest earlier sentence that says it gives it (None if none does).

        Looks back no further than the last answer for the slot; ``run`` resets the flow's at
        each paragraph.
        """
        covered, value = self.known.get(slot, (0, None))
        for sentence in reversed(self.read[covered:]):
            found = sentence.carried(slot)
            if found is not None:
                value = found
                break
        self.known[slot] = (len(self.read), value)
        return value

    # --- slots --------------------------------------------------------------------------

    def _region(self, s: _Sentence, pos: int) -> tuple[str | None, str | None]:
        _seg_start, seg_end = s.segment_of(pos)
        before = [
            n
            for n in s.names
            if n.level in _SUBJECT_LEVELS and n.end <= pos and not _is_denominator(s.text, n.start)
        ]
        after = [
            n
            for n in s.names
            if n.level in _SUBJECT_LEVELS
            and pos < n.start < seg_end
            and not _is_denominator(s.text, n.start)
        ]
        chosen = (
            before[-1]
            if before
            else after[0]
            if after
            else self._inherited("region") or self.title_region
        )
        if chosen is not None and chosen.level == "region_ref":
            chosen = self._province(s, chosen)
        if chosen is None:
            return None, None
        if chosen.level == "local":
            city = self._municipality(chosen)
            if city is not None:
                return city, chosen.surface
            return None, chosen.surface
        return chosen.code, chosen.surface

    def _municipality(self, local: NameMention) -> str | None:
        """全市 / 我市 / 本市 on a page about Shanghai, Beijing, Tianjin or Chongqing: the city
        is the province-level region itself, not a city inside one."""
        if not local.surface.endswith(("全市", "我市", "本市")):
            return None
        region = self._inherited("province") or self.title_region
        if isinstance(region, NameMention) and region.code in _MUNICIPALITIES:
            return region.code
        return None

    def _province(self, s: _Sentence, ref: NameMention) -> NameMention | None:
        """What "全省" / "the region's" names: the last province named before it (in this
        sentence, then the earlier ones, then the title), never a city or zone since."""
        here = [
            n
            for n in s.names
            if n.level == "region" and n.end <= ref.start and not _is_denominator(s.text, n.start)
        ]
        if here and ref.start >= 0:
            return here[-1]
        return (
            self._inherited("province")
            or self.title_region
            or self._customs_province(s.start + max(ref.start, 0))
        )

    def _customs_province(self, end: int) -> NameMention | None:
        """The province of the one customs district named before ``end`` ("据南京海关统计",
        "according to Harbin Customs"); none when districts of two provinces are named."""
        codes = {
            (en.CUSTOMS_DISTRICTS.get(m["en"]) if m["en"] else zh.CUSTOMS_DISTRICTS.get(m["zh"]))
            for m in _CUSTOMS.finditer(self.text, 0, end)
        } - {None}
        if len(codes) != 1:
            return None
        return NameMention(-1, -1, "customs district", "region", codes.pop())

    def _period(self, s: _Sentence, pos: int) -> PeriodMention | None:
        seg_start, seg_end = s.segment_of(pos)
        in_segment = [p for p in s.periods if seg_start <= p.start < seg_end]
        before = [p for p in in_segment if p.end <= pos]
        if before:
            return before[-1]
        if in_segment:
            return in_segment[0]
        earlier = [p for p in s.periods if p.end <= pos]
        if earlier:
            return earlier[-1]
        if s.periods:
            return s.periods[0]
        if self.read and _CONTINUES.match(s.text):
            # "In September alone, trade was X. The exports were Y, ...": a sentence that only
            # splits the total before it by flow stays in that sentence's single month.
            alone = [p for p in self.read[-1].periods if p.single_month]
            if alone:
                return alone[-1]
        return self._inherited("period")

    def _flow(self, s: _Sentence, pos: int) -> str:
        _seg_start, seg_end = s.segment_of(pos)
        mention = next((m for m in s.mentions if m.start == pos), None)
        if mention is not None:
            own = _OF_FLOW_AFTER.match(s.text, mention.end)
            if own is not None:
                return "export" if own[1].lower() == "exports" else "import"
        whole = _DENOMINATOR_ZH.search(s.text, max(0, pos - 40), pos)
        limit = whole.start() if whole else pos  # "出口900亿元，占新疆外贸总值的84.7%": export
        asides = _relative_clauses(s, pos)
        before = [f for f in s.flows if f[0] < limit and not any(a <= f[0] < b for a, b in asides)]
        if before:
            return before[-1][1]
        after = [f for f in s.flows if pos < f[0] < seg_end]
        if after:
            return after[0][1]
        return self._inherited("flow") or "total"

    def _partner_before(self, s: _Sentence, seg_start: int) -> list[NameMention]:
        """The partner the text is about when a clause opens with a bare flow ("…, while
        imports dropped 0.7 percent", "The import volume was …") right after one that named
        it: the last partner named earlier in this sentence, else in the sentence before in
        the same paragraph."""
        own = [n for n in s.names if n.level in ("partner", "partner_group") and n.end <= seg_start]
        if own:
            return own[-1:]
        if self.read and self.read[-1].start >= self.paragraph_start:
            before = [n for n in self.read[-1].names if n.level in ("partner", "partner_group")]
            return before[-1:]
        return []

    @staticmethod
    def _partner_after(s: _Sentence, pos: int, seg_end: int) -> NameMention | None:
        """The partner an amount is linked to right after it ("X yuan with the EU")."""
        mention = next((m for m in s.mentions if m.start == pos), None)
        if mention is None:
            return None
        for n in s.names:
            if n.start >= mention.end and n.start < seg_end:
                if n.level in ("partner", "partner_group") and _PARTNER_LINK.fullmatch(
                    s.text, mention.end, n.start
                ):
                    return n
                return None
        return None

    def _slice(
        self, s: _Sentence, pos: int, indicator: str
    ) -> tuple[dict[str, str], str | None, str | None]:
        seg_start, seg_end = s.segment_of(pos)
        parts = [
            n
            for n in s.names
            if n.level not in _SUBJECT_LEVELS and seg_start <= n.start and n.end <= pos
        ]
        parts = [
            n for n in parts if not _EARLIER_STATE.search(s.text[max(0, n.start - 25) : n.start])
        ]
        asides = _relative_clauses(s, pos)
        window = max(0, pos - 30)
        whole_part = max(
            _OF_PART_ZH.finditer(s.text, window, pos), key=lambda m: m.start(), default=None
        )
        if whole_part is not None:
            asides.append((whole_part.start(), whole_part.end()))  # "占对东盟外贸总值的": the whole
        parts = [n for n in parts if not any(a <= n.start < b for a, b in asides)]
        whole = None
        if indicator in ("value", "yoy", "threshold"):
            whole = max(
                _WHOLE_AGAIN.finditer(s.text, seg_start, pos), default=None, key=lambda m: m.start()
            )
        if whole is not None and _CLAUSE_BREAK.search(s.text, whole.end(), pos):
            whole = None  # "..., which accounted for X of the region's total, grew ...": aside
        if whole is not None:
            parts = [n for n in parts if n.start >= whole.end()]
        parts = _without_apposition(s.text, parts)
        post = self._partner_after(s, pos, seg_end)
        if post is not None:
            # "112.17 billion yuan with ASEAN, 107.65 billion yuan with the United States": the
            # partner right after each amount is its own; one named earlier is another's.
            parts = [n for n in parts if n.level not in ("partner", "partner_group")] + [post]
        combined = _combined(s.text, parts, seg_start, pos)
        if combined is not None:
            return {}, combined, combined
        parts = _spent(s, parts)
        parts = _own_clause(s, parts, pos)
        pronoun = _PRONOUN.search(s.text, whole.end() if whole else seg_start, pos)
        if pronoun is None and not parts:
            pronoun = _ANAPHOR.match(s.text)  # "The amount accounted for 41.4 percent ..."
        if pronoun and not any(n.start < pronoun.start() for n in parts):
            # "其中，对越南…": the part named now is a member of the one carried ("of which"),
            # so a carried partner group gives way to a partner named here. The pronoun points
            # at the sentence just before: "Private enterprises ... their trade" names its own
            # subject first, and a sentence about a whole (no part) carries no part on.
            dims = {_DIMENSION.get(n.level, n.level) for n in parts}
            previous = []
            if (
                self.read
                and self.read[-1].start >= self.paragraph_start
                and not any(m.end <= pronoun.start() for m in s.mentions)
            ):
                # Only the sentence just before in the same paragraph: with a number earlier in
                # this sentence, "其中" is "of which" of that number's whole.
                previous = self.read[-1].carried("slices") or []
            carried = [n for n in previous[-1:] if _DIMENSION.get(n.level, n.level) not in dims]
            parts = [*carried, *parts]
        if not parts and indicator != "share":
            parts = [
                n
                for n in s.names
                if n.level not in _SUBJECT_LEVELS
                and pos < n.start < min(seg_end, pos + 90)
                and (
                    (n.start < pos + 60 and _LINK_AFTER.search(s.text[pos : n.start]))
                    or (
                        # "61.2 billion yuan worth of crude oil from BRI countries"
                        _WORTH_OF.match(s.text, pos, n.start)
                        and not any(pos < m.start < n.start for m in s.mentions)
                    )
                )
            ]
        if not parts and pronoun is None and _BARE_FLOW.match(s.text, seg_start, pos):
            parts = self._partner_before(s, seg_start)
        slices, surface, unresolved = _combine(parts)
        if unresolved is None:
            unknown = self._unknown_subject(s, pos) or self._unknown_subject_en(s, pos, indicator)
            if unknown is not None:
                unresolved = unknown
                surface = ", ".join(x for x in (surface, unknown) if x)
        return slices, surface, unresolved

    def _unknown_subject(self, s: _Sentence, pos: int) -> str | None:
        """The words right before 出口 / 进口 / 进出口 when no name known to the model covers
        them ("手机出口3,012.6亿元", "集成电路进口"): a part of the flow, not the whole of it.

        Reading "手机出口" as all exports would be a silent wrong number; the part's words are
        kept as ``unresolved`` instead. Known names, periods, numbers and the generic words of
        the genre (其中, 全省, 货物贸易, 产品 ...) are not a subject.
        """
        seg_start, _ = s.segment_of(pos)
        whole = _DENOMINATOR_ZH.search(s.text, max(seg_start, pos - 40), pos)
        limit = whole.start() if whole else pos
        flows = [f for f in s.flows if seg_start <= f[0] < limit and f[2] in _ZH_FLOW_WORDS]
        if not flows:
            return None
        at = flows[-1][0]
        left = max(
            [seg_start]
            + [n.end for n in s.names if n.end <= at]
            + [p.end for p in s.periods if p.end <= at]
            + [m.end for m in s.mentions if m.end <= at]
        )
        run = _HAN_TAIL.search(s.text, left, at)
        if run is None:
            return None
        rest = _GENERIC_ZH.sub("", run.group(0))
        return run.group(0) if len(rest) >= 2 else None

    def _unknown_subject_en(self, s: _Sentence, pos: int, indicator: str) -> str | None:
        """English counterpart of ``_unknown_subject``: "coal imports", "exports of laptops",
        "Laptop computers ... accounted for 30% of its exports" name a part of the flow that
        no model member covers."""
        seg_start, _ = s.segment_of(pos)
        known = [(n.start, n.end) for n in s.names]
        flows = [f for f in s.flows if seg_start <= f[0] < pos and f[2].lower() in _EN_FLOW_WORDS]
        for at, _name, word in reversed(flows):
            after = _OF_WHAT.match(s.text, at + len(word), pos)
            if after is not None:
                words = after["what"]
                start = after.start("what")
                if not any(a < start + len(words) and start < b for a, b in known) and any(
                    w.lower() not in _GENERIC_EN for w in words.split()
                ):
                    return f"{word} of {words}"
            before = _WORD_BEFORE.search(s.text, max(seg_start, at - 40), at)
            if before is not None:
                noun = before["noun"]
                start = before.start("noun")
                if noun.lower() not in _GENERIC_EN and not any(
                    a < start + len(noun) and start < b for a, b in known
                ):
                    return f"{noun} {word}"
            break  # only the flow word nearest the number
        if indicator == "share" and not flows:
            subject = _SHARE_SUBJECT.match(s.text, seg_start, pos)
            if (
                subject is not None
                and not any(a < subject.end("who") and subject.start("who") < b for a, b in known)
                and not [f for f in s.flows if f[0] < subject.end("who")]
                and any(w.lower() not in _GENERIC_EN for w in subject["who"].split())
            ):
                following = _OF_FLOW.search(s.text, pos, pos + 80)
                if following is not None and _flows(following.group(0)):
                    return subject["who"]
        return None

    def _about(self, s: _Sentence, pos: int, end: int) -> str:
        """The non-trade topic whose words sit nearest the number in its segment (up to 50
        characters after it), else "trade"."""
        seg_start, seg_end = s.segment_of(pos)
        stop = min(seg_end, end + 50)
        hits = [
            (min(abs(a - pos), abs(b - pos)), topic)
            for a, b, topic in s.topics
            if seg_start <= a < stop
            # "…0.8 trillion yuan, resulting in a trade surplus of 400 billion yuan": topic
            # words after a clause break that have a number of their own are that number's.
            and not (
                a >= end
                and _CLAUSE_BREAK.search(s.text, end, a)
                and any(b <= m.start < b + 20 for m in s.mentions)
            )
        ]
        return min(hits)[1] if hits else "trade"

    def _qualifier(self, s: _Sentence, mention: Mention) -> str | None:
        if mention.qualifier:
            return mention.qualifier
        before = s.text[max(0, mention.start - 30) : mention.start]
        for pattern, name in _QUALIFY:
            if pattern.search(before):
                return name
        if _ABOUT_SHARE.search(before):
            return "about"
        after = s.text[mention.end : mention.end + 4]
        for pattern, name in _QUALIFY_AFTER:
            if pattern.search(after):
                return name
        return None

    def _record(self, s: _Sentence, mention: Mention, indicator: str) -> bool:
        """ "a record 451.9 billion yuan", "hit a new high of": the record word next to the
        number, with no other number between them. "规模创历史同期新高" belongs to the level
        (see ``_sentence``), not to the growth figure it may follow."""
        seg_start, seg_end = s.segment_of(mention.start)
        earlier = s.preceding(mention, max(seg_start, mention.start - 40))
        start = earlier[-1].end if earlier else max(seg_start, mention.start - 40)
        later = s.following(mention, min(seg_end, mention.end + 12))
        end = later[0].start if later else min(seg_end, mention.end + 12)
        for window in (s.text[start : mention.start], s.text[mention.end : end]):
            found = _RECORD.search(window)
            if found and not _SIZE_RECORD.search(window):
                return indicator != "yoy" or bool(_GROWTH.search(window))
        return False

    def _first_time(self, s: _Sentence, mention: Mention) -> bool:
        """ "for the first time" belongs to the number it follows, before the next number."""
        seg_start, seg_end = s.segment_of(mention.start)
        following = [m.start - mention.end for m in s.following(mention, seg_end)]
        stop = mention.end + (following[0] if following else seg_end - mention.end)
        after = _FIRST_TIME.search(s.text[mention.end : stop])
        if (
            after is not None
            and following
            and _LEADS_TO_NEXT.match(s.text, mention.end + after.end(), stop)
        ):
            after = None  # "72亿元，首次突破70亿元": 首次 belongs to the next number
        return bool(
            after or _FIRST_TIME.search(s.text[max(seg_start, mention.start - 8) : mention.start])
        )

    def _direction(self, s: _Sentence, mention: Mention) -> int | None:
        seg_start, seg_end = s.segment_of(mention.start)
        sign = _SIGN.search(s.text, max(seg_start, mention.start - 3), mention.start)
        if sign is not None:  # "(+7.1%)", "-0.3%" in figure lists
            return 1 if sign.group(1).startswith("+") else -1
        before = s.text[max(seg_start, mention.start - 60) : mention.start]
        hits = [(m.end(), 1) for m in _UP.finditer(before)]
        hits += [(m.end(), -1) for m in _DOWN.finditer(before)]
        if hits:
            return max(hits)[1]
        after = s.text[mention.end : min(seg_end, mention.end + 25)]
        first = [(m.start(), 1) for m in _UP.finditer(after)]
        first += [(m.start(), -1) for m in _DOWN.finditer(after)]
        return min(first)[1] if first else None

    # --- indicators ---------------------------------------------------------------------

    def _claims_for(
        self, s: _Sentence, mention: Mention, previous_money: tuple[Mention, Claim] | None
    ) -> list[Claim]:
        seg_start, seg_end = s.segment_of(mention.start)
        before = s.text[seg_start : mention.start]
        after = s.text[mention.end : seg_end]
        unit = mention.unit
        reference = denominator = None
        measure = "value_cny"
        if unit in ("CNY", "USD"):
            if (
                previous_money
                and previous_money[0].unit != unit
                and _CONVERT.search(s.text[previous_money[0].end : mention.start])
            ):
                return [self._conversion(s, mention, previous_money[1])]
            indicator = "threshold" if self._is_threshold(before, after) else "value"
            measure = "value_usd" if unit == "USD" else "value_cny"
        elif unit == "percent":
            indicator, denominator = self._percent_indicator(s, mention, before, after)
            if indicator == "gap":
                reference = "national"
        elif unit == "pp":
            indicator, reference = self._pp_indicator(before, after)
        elif mention.kind == "digits" and unit is None:
            counted = self._count(s, mention, before, after)
            if counted is None:
                return []
            measure = counted
            indicator, unit = "count", "count"
        else:
            return []
        if mention.kind == "word" and not _GROWTH.search(after[:40]):
            return []
        if indicator in ("yoy", "multi_period_growth") and measure == "value_cny":
            measure = self._counted_measure(s, mention)
        claims = []
        targets = self._enumerated(s, mention) if mention.kind == "word" else [None]
        for target in targets:
            claims.append(
                self._claim(
                    s, mention, indicator, unit or "count", measure, denominator, reference, target
                )
            )
        return claims

    def _percent_indicator(
        self, s: _Sentence, mention: Mention, before: str, after: str
    ) -> tuple[str, str | None]:
        if self._is_threshold(before, after):
            return "threshold", None
        if _CONTRIBUTION_RATE_BEFORE.search(before[-40:]) or _CONTRIBUTION_RATE_AFTER.match(after):
            return "contribution_rate", None
        if _MOM_BEFORE.search(before[-40:]) or _MOM_AFTER.match(after):
            return "mom", None
        if _CONTRIBUTION_OF.search(before[-30:]) and _TO_TOTAL.match(after):
            # "made a contribution of 45.5 percent to the province's total exports": the part's
            # weight in the total, not its growth
            return "share", "total"
        if _MULTI.search(after[:60]):
            return "multi_period_growth", None
        if _PERCENT_GAP.match(after):
            return "gap", None  # "4.1% higher than the national average": points, not growth
        share = (
            _SHARE_BEFORE.search(before[-60:]) is not None
            or (
                _SHARE_AFTER.search(after) is not None
                and not _UP.search(before[-12:])
                and not _DOWN.search(before[-12:])
            )
            or mention.kind == "fraction"
        )
        if share:
            national = (
                _NATIONAL_DEN.search(after)
                or _NATIONAL_BEFORE.match(
                    s.text[max(0, mention.start - 40) : mention.start].rpartition("占")[2]
                )
                or _SHARE_SCOPE.search(s.text, max(0, mention.start - 16), mention.start)
            )
            return "share", "national" if national else "total"
        return "yoy", None

    @staticmethod
    def _is_threshold(before: str, after: str) -> bool:
        return bool(_THRESHOLD_BEFORE.search(before[-30:]) or _THRESHOLD_AFTER.match(after))

    def _pp_indicator(self, before: str, after: str) -> tuple[str, str | None]:
        if _CONTRIBUTION.search(before[-40:]):
            return "contribution", None
        near = before[-50:] + " " + after[:30]
        if _GAP.search(near) and _GAP_NATIONAL.search(near):
            return "gap", "national"
        if _EARLIER_GAP.search(before[-40:]):
            return "gap", "earlier_period"
        if _SHARE_WORD.search(before[-25:] + " " + after[:25]) or (
            _AFTER_SHARE.search(before[-100:]) and not _SHARE_NOT.search(before[-30:])
        ):
            return "share_change", None
        return "gap", None

    def _count(self, s: _Sentence, mention: Mention, before: str, after: str) -> str | None:
        if mention.absolute_value != mention.absolute_value.to_integral_value():
            return None  # "1.2万家" is 12,000; "3.5 enterprises" is no count
        if _ENTERPRISES.search(after) and _ENTERPRISE_CONTEXT.search(after[:80] + before):
            return "enterprises"
        counted = _NUMBER_OF.search(before)
        if counted is not None and counted["enterprises"] and _ENTERPRISE_CONTEXT.search(before):
            return "enterprises"
        if counted is not None and counted["partners"]:
            return "partners"
        if _PARTNERS.search(after) and (
            _PARTNER_CONTEXT.search(before[-40:]) or _PARTNER_CONTEXT.search(after[:40])
        ):
            return "partners"
        return None

    def _counted_measure(self, s: _Sentence, mention: Mention) -> str:
        """What a growth rate is the growth of: a count's growth after a count in the same
        sentence; growth in dollars "in U.S. dollar terms" (以美元计价) or when the levels the
        sentence states are in dollars only; else growth in yuan."""
        for claim in reversed(self.claims):
            if claim.span[0] < s.start:
                break  # claims come in text order: the sentence's own are the last ones
            if claim.span[1] <= s.start + mention.start:
                if claim.indicator == "count":
                    return claim.measure
                break
        if _DOLLAR_TERMS.search(s.text, 0, mention.start):
            return "value_usd"
        units = {m.unit for m in s.mentions if m.unit in ("CNY", "USD")}
        return "value_usd" if units == {"USD"} else "value_cny"

    def _enumerated(self, s: _Sentence, mention: Mention) -> list[NameMention | None]:
        """ "double-digit growth with A, B and C": one claim per part named after "with"."""
        _seg_start, seg_end = s.segment_of(mention.start)
        tail = s.text[mention.end : seg_end]
        with_at = _WITH.search(tail)
        if with_at is None:
            return [None]
        start = mention.end + with_at.end()
        parts = [
            n for n in s.names if n.level not in _SUBJECT_LEVELS and start <= n.start < seg_end
        ]
        return list(parts) or [None]

    # --- building claims ----------------------------------------------------------------

    def _claim(
        self,
        s: _Sentence,
        mention: Mention,
        indicator: str,
        unit: str,
        measure: str,
        denominator: str | None,
        reference: str | None,
        target: NameMention | None,
    ) -> Claim:
        pos = mention.start
        region, region_surface = self._region(s, pos)
        period = self._period(s, pos)
        if indicator == "yoy" and _over_years(s.text, mention, period):
            indicator = "multi_period_growth"
        flow = self._flow(s, pos)
        if target is not None:
            slices, slice_surface, unresolved = _combine([target])
        else:
            slices, slice_surface, unresolved = self._slice(s, pos, indicator)
        if region is None and region_surface is not None and unresolved is None:
            unresolved = region_surface
        if indicator == "share" and unresolved is None:
            unresolved = _share_of_part(s, mention)
        if denominator == "total" and flow != "total":
            denominator = self._share_of(s, mention, flow, bool(slices or unresolved))
        region_basis = "registered"
        port = self._port_basis(s, mention) if indicator != "rank" else None
        if port is not None:
            region_basis = "customs_district"
            unresolved = unresolved or port
        if denominator == "national" and region == NATIONAL:
            denominator = "total"  # "of the national total" in a text about the nation
        direction = None
        if indicator in ("yoy", "mom", "multi_period_growth", "share_change"):
            direction = self._direction(s, mention)
        elif indicator == "gap" and reference == "earlier_period":
            direction = _earlier_gap_direction(s.text[max(0, pos - 40) : pos])
        elif indicator == "gap":
            direction = -1 if _LOWER.search(s.text[max(0, pos - 50) : pos]) else 1
        qualifier = self._qualifier(s, mention)
        first_time = self._first_time(s, mention)
        qualifiers = tuple(
            q
            for q in (
                qualifier,
                "record" if self._record(s, mention, indicator) else None,
                "first_time" if first_time else None,
            )
            if q
        )
        if indicator in ("value", "count") and qualifier == "over" and first_time:
            # "exceeded 100 billion yuan for the first time": a crossing, checked as one
            # (at or above now, below in the base period).
            indicator = "threshold"
        quantity = Quantity(
            surface=self._surface(s, mention),
            value=mention.value,
            unit=unit,  # type: ignore[arg-type]
            decimals=mention.decimals,
            power=mention.power,
            qualifier=qualifier,
        )  # type: ignore[arg-type]
        return Claim(
            id="",
            indicator=indicator,
            quantity=quantity,  # type: ignore[arg-type]
            span=(s.start + mention.start, s.start + mention.end),
            sentence=s.text.strip(),
            region=region,
            region_surface=region_surface,
            period=period.period if period else None,
            period_surface=period.surface if period else None,
            flow=flow,
            slice=slices,
            slice_surface=slice_surface,  # type: ignore[arg-type]
            measure=measure,
            direction=direction,
            denominator=denominator,
            reference=reference,
            qualifiers=qualifiers,
            about=self._about(s, pos, mention.end),
            unresolved=unresolved,
            region_basis=region_basis,
        )

    def _port_basis(self, s: _Sentence, mention: Mention) -> str | None:
        """The words saying the number counts trade through ports, if they govern it.

        Before the number they do unless a region is named between them and the number (a new
        subject: "..., the province's own trade was ..."); after it, up to the next number.
        """
        seg_start, seg_end = s.segment_of(mention.start)
        if _PORT_BASIS.search(s.text, seg_start, seg_end) is None:
            return None
        following = s.following(mention, seg_end)
        stop = following[0].start if following else seg_end
        found = None
        for m in _PORT_BASIS.finditer(s.text, seg_start, stop):
            if m.start() >= mention.end or not any(
                n.level == "region" and m.end() <= n.start < mention.start for n in s.names
            ):
                found = m.group(0)
                if m.start() >= mention.end:
                    break
        return found

    def _share_of(self, s: _Sentence, mention: Mention, flow: str, part: bool) -> str:
        """ "total" or "flow": what a share of exports or imports is a share of.

        The words of the denominator decide when they name a flow ("占全区外贸总值的", "of
        total exports"); otherwise a slice of a flow is a share of that flow ("self-branded
        items made up 33 percent of shipments") and a flow on its own is a share of the total.
        """
        zh_whole = _DENOMINATOR_ZH.search(s.text, max(0, mention.start - 40), mention.start)
        if zh_whole is not None:
            words = zh_whole.group(0)
        else:
            en_whole = _DENOMINATOR_EN.match(s.text, mention.end)
            words = en_whole.group(0) if en_whole else ""
        named = [name for _, name, _ in _flows(words)]
        if named:
            return "total" if "total" in named and flow not in named else "flow"
        return "flow" if part else "total"

    def _surface(self, s: _Sentence, mention: Mention) -> str:
        """The number as the original text shows it (full-width digits kept)."""
        return self.document.text[s.start + mention.start : s.start + mention.end]

    def _conversion(self, s: _Sentence, mention: Mention, original: Claim) -> Claim:
        qualifier = self._qualifier(s, mention)
        quantity = Quantity(
            surface=self._surface(s, mention),
            value=mention.value,
            unit=mention.unit,  # type: ignore[arg-type]
            decimals=mention.decimals,
            power=mention.power,
            qualifier=qualifier,
        )  # type: ignore[arg-type]
        return replace(
            original,
            id="",
            quantity=quantity,
            span=(s.start + mention.start, s.start + mention.end),
            measure="value_usd" if mention.unit == "USD" else "value_cny",
            converts=original.id,
            qualifiers=tuple(q for q in (qualifier,) if q),
        )

    def _ranks(self, s: _Sentence) -> None:
        """Rank words carry a number without a numeral: "ranking first", "居全国第1位"."""
        lower = s.text.lower()
        found = []
        # Most sentences hold no rank word: a substring test is far cheaper than the patterns.
        if any(word in lower for word in _RANK_EN_WORDS):
            found += _RANK_EN.finditer(s.text)
        if any(char in s.text for char in _RANK_ZH_CHARS):
            found += _RANK_ZH.finditer(s.text)
        for m in found:
            groups = m.groupdict()
            by_growth = _rank_of_growth(s, m)
            if (
                groups.get("top")
                or groups.get("lp")
                or groups.get("partner_ord")
                or groups.get("lp_ord")
                or (groups.get("what") and "partner" in groups["what"].lower())
            ):
                self._partner_ranks(s, m, groups)
                continue
            if groups.get("ord"):
                word = groups["ord"].lower()
                value = (
                    en.ORDINALS.get(word)
                    or _ZH_ORD.get(word)
                    or int(_NON_DIGITS.sub("", word) or 0)
                )
            else:
                value = 1
            if not value:
                continue
            self._add_rank(s, m, value, None, "national", "yoy" if by_growth else "value_cny", None)

    def _partner_ranks(self, s: _Sentence, m: regex.Match[str], groups: dict) -> None:
        seg_start, _ = s.segment_of(m.start())
        partners = [
            n
            for n in s.names
            if n.level in ("partner", "partner_group")
            and seg_start <= n.start < m.start()
            and not _EARLIER_STATE.search(s.text[max(0, n.start - 25) : n.start])
        ]
        if groups.get("top"):
            value, qualifier = en.TOP_N[groups["top"].lower()], "under"
        elif groups.get("partner_ord") or groups.get("lp_ord"):
            word = (groups.get("partner_ord") or groups["lp_ord"]).lower()
            value = (
                en.ORDINALS.get(word) or _ZH_ORD.get(word) or int(_NON_DIGITS.sub("", word) or 0)
            )
            qualifier = None
        else:
            value, qualifier = 1, None
        for partner in partners[-value:] if groups.get("top") else partners[-1:]:
            self._add_rank(s, m, value, partner, "partners", "value_cny", qualifier)

    def _add_rank(
        self,
        s: _Sentence,
        m: regex.Match[str],
        value: int,
        partner: NameMention | None,
        reference: str,
        measure: str,
        qualifier: str | None,
    ) -> None:
        mention = Mention(m.start(), m.end(), m.group(0), Decimal(value), 0, 0, "rank", "word")
        claim = self._claim(s, mention, "rank", "rank", measure, None, reference, partner)
        quantity = replace(claim.quantity, qualifier=qualifier)  # type: ignore[arg-type]
        self._append(
            replace(claim, quantity=quantity, qualifiers=tuple(q for q in (qualifier,) if q))
        )


def _rank_of_growth(s: _Sentence, m: regex.Match[str]) -> bool:
    """Whether a rank is by growth rate or by value.

    The words nearest the rank decide: the clause that leads to it ("增速居全国第一位" vs
    "规模居全国首位") or the words after it ("ranking first in terms of growth rate"); else
    any growth word in the segment ("grew 18 percent ..., ranking first").
    """
    seg_start, seg_end = s.segment_of(m.start())
    clause = s.text[seg_start : m.start()].rsplit("，", 1)[-1].rsplit(",", 1)[-1]
    after = s.text[m.end() : min(seg_end, m.end() + 40)]
    for words in (clause[-12:], after):
        if _RANK_BY_VALUE.search(words):
            return False
        if _RANK_BY_GROWTH.search(words):
            return True
    return bool(_RANK_BY_GROWTH.search(s.text, seg_start, seg_end))


def _is_denominator(text: str, pos: int) -> bool:
    """A region named as what something is compared with or a part of, or as where a local
    subject lies ("Xiamen, a port city in Fujian province, ..."), not as the subject."""
    before = text[max(0, pos - 40) : pos]
    if _RANK_SCOPE.match(text, pos):
        return True  # "增速在全国排名第6位": the nation is where the region ranks
    if _SHARE_SCOPE.match(text, pos):
        return True  # "出口在全国的占比在10%以上": the nation is the whole of the share
    return bool(
        (_DENOMINATOR.search(before[-12:]) and not _AMOUNT_OF.search(before))
        or _LOCATION_OF.search(before)
    )


#: Levels that slice the same thing: a partner and a partner group are both "who with".
_DIMENSION = {"partner_group": "partner"}
#: Between two names of a list: "A, B and C", "A、B和C".
_LIST_GAP = regex.compile(
    r"\s*(?:,\s*and|,|，|、|and|和|及|与|以及|&|as\s+well\s+as|plus)\s*", regex.IGNORECASE
)
#: Words that add up the parts named before: "两者合计", "combined", "together".
_SUMMED = _rx(
    r"\b(?:combined|together|taken\s+together|in\s+total)\b", r"合计|共计|两者|二者|三者|总计"
)


#: Between a name and the list that spells it out: "the five Central Asian nations --
#: Kazakhstan, ...", "the "new three" products, namely electric vehicles, ...", "东盟（包括…）".
_APPOSITION = regex.compile(
    r"[\s\"\u201d']*(?:[\w-]+\s*){0,2}[,，]?\s*(?:namely|including|such\s+as|like|i\.e\.,?"
    r"|--|\u2014\u2014|\u2014|\u2013|:|：|\(|（|包括|如|即|主要是)\s*(?:the\s+)?",
    regex.IGNORECASE,
)


_ORDINAL_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "一": 1, "二": 2, "三": 3, "四": 4}
#: Quarters named together: "the first and second quarters", "一、二季度", "第一、二季度".
_QUARTER_LIST = regex.compile(
    r"(?i)\b(first|second|third|fourth)((?:\s*,\s*(?:first|second|third|fourth))*)"
    r"\s*,?\s+and\s+(first|second|third|fourth)\s+quarters\b"
    r"|第?([一二三四])((?:[、,，]第?[一二三四])*)(?:和|、|及)第?([一二三四])季度"
)


def _listed_quarters(text: str) -> list[int]:
    """The quarters of the last quarter list in ``text``, in order ([] when none)."""
    found = max(_QUARTER_LIST.finditer(text), key=lambda m: m.start(), default=None)
    if found is None:
        return []
    words = regex.findall(r"(?i)first|second|third|fourth|[一二三四]", found.group(0))
    return [_ORDINAL_Q[w.lower()] for w in words]


def _own_slices(claims: list[Claim]) -> bool:
    """Two or more claims, each with a slice of its own (none empty, none repeated)."""
    keys = [tuple(sorted(c.slice.items())) for c in claims]
    return len(keys) >= 2 and all(keys) and len(set(keys)) == len(keys)


#: A share whose whole is itself a part: "占对东盟外贸总值的26.6%", "42.2 percent of its
#: trade with BRI countries". The model has no such denominator.
_OF_PART_ZH = regex.compile(
    r"占[^，。；,]{0,6}?(?:对|与|自)(?P<part>[^，。；,]{1,16}?)(?:外贸|进出口|贸易|出口|进口)"
)
_OF_PART_EN = regex.compile(
    r"(?i)\s*(?:percent|per\s+cent|%)?\s*of\s+(?:its|their|the\s+[\w-]+['\u2019]s|[A-Z]\w+['\u2019]s)"
    r"\s+(?:total\s+)?(?:foreign\s+)?(?:trade|imports|exports)(?:\s+volume|\s+value)?\s+"
    r"(?:with|to|from)\s+(?!(?:the\s+)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December|same|a\s+year|last|previous|\d))(?P<part>[^,.;]{2,60})"
)


def _share_of_part(s: _Sentence, mention: Mention) -> str | None:
    """The part a share is taken of, when it is a part (see ``_OF_PART_ZH``), else None."""
    before = s.text[max(0, mention.start - 30) : mention.start]
    found = max(_OF_PART_ZH.finditer(before), key=lambda m: m.start(), default=None)
    if found is not None and "占" not in before[found.end() :]:
        return "share of " + found["part"]
    after = _OF_PART_EN.match(s.text, mention.end)
    if after is not None:
        return "share of " + after["part"].strip()
    return None


def _own_clause(s: _Sentence, parts: list[NameMention], pos: int) -> list[NameMention]:
    """When the number's own clause names a partner ("…为前5大贸易伙伴，其中对美国进出口X"),
    partners named in earlier clauses (the list of five) are not its; nor are they when the
    last partner named already had a number of its own before this one ("其中对美国进出口X，
    增长Y": Y is the United States' too)."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(s.text, 0, pos)]
    clause = breaks[-1] if breaks else 0
    dims = ("partner", "partner_group")
    named = [n for n in parts if n.level in dims]
    if not named:
        return parts
    last = named[-1]
    if last.start >= clause or any(last.end <= m.start < pos for m in s.mentions):
        return [n for n in parts if n.level not in dims or n is last]
    return parts


def _spent(s: _Sentence, parts: list[NameMention]) -> list[NameMention]:
    """``parts`` without a name that already had its own number before a later name of the same
    level: in "the figure with the United States rose 54.4 percent ..., trade with EU grew
    33.5 percent" the EU's figures are not the United States'."""
    kept = []
    for index, part in enumerate(parts):
        dim = _DIMENSION.get(part.level, part.level)
        later = next(
            (
                n
                for n in parts[index + 1 :]
                if n.level in SLICE_LEVELS and _DIMENSION.get(n.level, n.level) == dim
            ),
            None,
        )
        if (
            part.level in SLICE_LEVELS
            and later is not None
            and any(part.end <= m.start < later.start for m in s.mentions)
        ):
            continue
        kept.append(part)
    return kept


def _without_apposition(text: str, parts: list[NameMention]) -> list[NameMention]:
    """``parts`` without the members that only spell out a name before them."""
    dropped: set[int] = set()
    for index, head in enumerate(parts):
        if head.level not in SLICE_LEVELS or index in dropped:
            continue
        dim = _DIMENSION.get(head.level, head.level)
        following = [
            (i, n)
            for i, n in enumerate(parts[index + 1 :], index + 1)
            if _DIMENSION.get(n.level, n.level) == dim
        ]
        if not following or not _APPOSITION.fullmatch(text, head.end, following[0][1].start):
            continue
        previous = head
        for i, n in following:
            if n is not following[0][1] and not _LIST_GAP.fullmatch(text, previous.end, n.start):
                break
            dropped.add(i)
            previous = n
    return [n for i, n in enumerate(parts) if i not in dropped]


def _combined(text: str, parts: list[NameMention], seg_start: int, pos: int) -> str | None:
    """ "A + B" when the number is about several members of one level together ("Viet Nam,
    Laos and Myanmar ... amounted to", "两者合计"); ``None`` when it is about one part.

    The model queries one member or a group, never an ad-hoc sum, so such a claim is kept as
    unresolved rather than read as one about the member named last.
    """
    by_dim: dict[str, list[NameMention]] = {}
    for part in parts:
        if part.level in SLICE_LEVELS:
            by_dim.setdefault(_DIMENSION.get(part.level, part.level), []).append(part)
    for members in by_dim.values():
        if len(members) < 2:
            continue
        run = members[-1:]
        for earlier in reversed(members[:-1]):
            if not _LIST_GAP.fullmatch(text, earlier.end, run[0].start):
                break
            run.insert(0, earlier)
        if len(run) < 2 and _SUMMED.search(text, members[-1].end, pos):
            run = members
        if len(run) >= 2:
            return " + ".join(n.surface for n in run)
    return None


def _combine(parts: list[NameMention]) -> tuple[dict[str, str], str | None, str | None]:
    """One member per level (the nearest); a group's listed members are an apposition."""
    chosen: dict[str, NameMention] = {}
    unresolved = None
    for part in parts:
        if part.level == "unresolved":
            unresolved = part.surface
        else:
            chosen[part.level] = part
    if "partner_group" in chosen and "partner" in chosen:
        if chosen["partner"].start > chosen["partner_group"].start:
            del chosen["partner"]
        else:
            del chosen["partner_group"]
    if not chosen and unresolved is None:
        return {}, None, None
    surfaces = [p.surface for p in chosen.values()] + ([unresolved] if unresolved else [])
    return ({level: p.code for level, p in chosen.items()}, ", ".join(surfaces), unresolved)


def _anchor(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published)
    except ValueError:
        return None


def extract_claims(document: Document) -> list[Claim]:
    """Every statistical claim of ``document``, in text order, ids c1, c2, ..."""
    return _Extractor(document).run()
