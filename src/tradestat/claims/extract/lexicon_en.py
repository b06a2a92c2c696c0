"""English press vocabulary: the words that say what a number measures.

Each table is a regular-expression fragment (case-insensitive) or a phrase → model-name map.
Slices map to semantic-model levels and member codes; names the model itself knows (country
names, group captions and aliases) come from ``tradestat.query.names`` and need no entry here —
this file holds only the press wording the model does not carry.
"""

from __future__ import annotations

UP = (
    r"rose|rise[sn]?|rising|increased?|increases|increasing|grew|grow(?:n|s|ing|th)?|up\b"
    r"|surged?|surging|jump(?:ed|s)?|expand(?:ed|ing|s)?|expansion|gain(?:ed|s)?"
    r"|climb(?:ed|s)?|soar(?:ed|s)?|higher"
    r"|edged up|picked up|rebounded|advanced"
)
DOWN = (
    r"fell|fall(?:en|s|ing)?|declined?|declines|declining|decreased?|decreases|dropped"
    r"|drops?|down\b|slipped|shrank|shrunk|contracted|plunged|plummeted|lower|slid|dipped"
)

FLOWS = [
    (
        r"imports? and exports?|exports? and imports?|export-imports?|import-exports?"
        r"|foreign trade|external trade|total trade"
        r"|trade (?:volume|value)|\btrade\b|\btraded\b|\btrading\b",
        "total",
    ),
    (r"\bexport trade\b|\bexports?\b|\bexported\b|\bshipments?\b|outbound", "export"),
    (r"\bimport trade\b|\bimports?\b|\bimported\b|inbound", "import"),
]

#: Extra names for slices, beyond the model's captions and aliases.
SLICES: dict[str, tuple[str, str]] = {
    "Central Asian countries": ("partner_group", "CA5"),
    "Central Asian nations": ("partner_group", "CA5"),
    "Central Asian states": ("partner_group", "CA5"),
    "five Central Asian": ("partner_group", "CA5"),
    "ASEAN markets": ("partner_group", "ASEAN"),
    "ASEAN countries": ("partner_group", "ASEAN"),
    "African countries": ("partner_group", "AFRICA"),
    "Latin American countries": ("partner_group", "LATAM"),
    "EU countries": ("partner_group", "EU27"),
    "countries along the Belt and Road": ("partner_group", "BRI_ALONG_ROUTE"),
    "countries along the \u201cBelt and Road": ("partner_group", "BRI_ALONG_ROUTE"),
    'countries along the "Belt and Road': ("partner_group", "BRI_ALONG_ROUTE"),
    "Belt and Road countries": ("partner_group", "BRI_PARTNERS"),
    "BRI participating countries": ("partner_group", "BRI_PARTNERS"),
    "BRI countries": ("partner_group", "BRI_PARTNERS"),
    "BRI partner countries": ("partner_group", "BRI_PARTNERS"),
    "countries involved in the Belt and Road": ("partner_group", "BRI_PARTNERS"),
    "countries participating in the Belt and Road": ("partner_group", "BRI_PARTNERS"),
    "partner countries of the Belt and Road": ("partner_group", "BRI_PARTNERS"),
    "Belt and Road partner": ("partner_group", "BRI_PARTNERS"),
    "Belt and Road Initiative (BRI) partner": ("partner_group", "BRI_PARTNERS"),
    "participating countries of the Belt and Road": ("partner_group", "BRI_PARTNERS"),
    "countries and regions along the Belt and Road": ("partner_group", "BRI_ALONG_ROUTE"),
    "private enterprises": ("enterprise_group", "private"),
    "private companies": ("enterprise_group", "private"),
    "private firms": ("enterprise_group", "private"),
    "private businesses": ("enterprise_group", "private"),
    "private-sector": ("enterprise_group", "private"),
    "private sector": ("enterprise_group", "private"),
    "state-owned enterprises": ("enterprise_group", "state_owned"),
    "state-owned companies": ("enterprise_group", "state_owned"),
    "state-owned businesses": ("enterprise_group", "state_owned"),
    "state-owned firms": ("enterprise_group", "state_owned"),
    "SOEs": ("enterprise_group", "state_owned"),
    "the EU": ("partner_group", "EU27"),
    "EU": ("partner_group", "EU27"),
    "countries involved in Belt and Road": ("partner_group", "BRI_PARTNERS"),
    "economies involved in the Belt and Road": ("partner_group", "BRI_PARTNERS"),
    "economies along the Belt and Road": ("partner_group", "BRI_ALONG_ROUTE"),
    # "their Mongolian partners", "the Russian market": a partner named by its adjective.
    "Mongolian partners": ("partner", "124"),
    "Russian partners": ("partner", "344"),
    "Kazakh partners": ("partner", "145"),
    "Vietnamese partners": ("partner", "141"),
    "Russian market": ("partner", "344"),
    "Mongolian market": ("partner", "124"),
    "foreign-invested enterprises": ("enterprise_group", "foreign_invested"),
    "foreign-funded enterprises": ("enterprise_group", "foreign_invested"),
    "foreign-invested companies": ("enterprise_group", "foreign_invested"),
    "mechanical and electrical products": ("product_group", "mechanical_electrical"),
    "electromechanical products": ("product_group", "mechanical_electrical"),
    "high-tech products": ("product_group", "high_tech"),
    "high-tech and high-value-added products": ("product_group", "high_tech"),
    "high and new technology products": ("product_group", "high_tech"),
    "agricultural products": ("product_group", "agricultural"),
    "agricultural": ("product_group", "agricultural"),
    "farm products": ("product_group", "agricultural"),
    "labor-intensive products": ("product_group", "labour_intensive"),
    "labour-intensive products": ("product_group", "labour_intensive"),
    "new three": ("product_group", "new_three"),
    "electric vehicles": ("product_group", "electric_vehicles"),
    "lithium-ion batteries": ("product_group", "lithium_batteries"),
    "solar cells": ("product_group", "solar_cells"),
    "ordinary trade": ("trade_mode_group", "ordinary"),
    "general trade": ("trade_mode_group", "ordinary"),
    "processing trade": ("trade_mode_group", "processing"),
    "border small-amount trade": ("trade_mode_group", "border_small"),
    "border trade": ("trade_mode_group", "border_small"),
    "bonded logistics": ("trade_mode_group", "bonded_logistics"),
    "cross-border e-commerce": ("trade_mode_group", "cross_border_ecommerce"),
    "market procurement": ("trade_mode_group", "market_procurement"),
    # Partners under the short names press copy uses (the model carries the official names:
    # "Russian Federation", "Viet Nam", "Lao People's Democratic Republic" ...).
    "Russia": ("partner", "344"),
    "Vietnam": ("partner", "141"),
    "Laos": ("partner", "119"),
    "the United States": ("partner", "502"),
    "the U.S.": ("partner", "502"),
    "the US": ("partner", "502"),
    "USA": ("partner", "502"),
    "Sino-US": ("partner", "502"),
    "Sino-U.S.": ("partner", "502"),
    "South Korea": ("partner", "133"),
    "the ROK": ("partner", "133"),
    "North Korea": ("partner", "109"),
    "the DPRK": ("partner", "109"),
    "Hong Kong": ("partner", "110"),
    "Macao": ("partner", "121"),
    "Macau": ("partner", "121"),
    "Taiwan": ("partner", "143"),
    "Britain": ("partner", "303"),
    "the UK": ("partner", "303"),
    "the U.K.": ("partner", "303"),
    "the UAE": ("partner", "138"),
    "Brunei": ("partner", "105"),
    "Syria": ("partner", "135"),
    "Tanzania": ("partner", "247"),
    "Czechia": ("partner", "352"),
    "Turkiye": ("partner", "137"),
    "T\u00fcrkiye": ("partner", "137"),
    "the Netherlands": ("partner", "309"),
    "the Philippines": ("partner", "129"),
}

#: Parts the model has no member for: a claim about them is not a claim about the whole.
UNRESOLVED = (
    r"self-branded (?:goods|items|products)|self-owned brands?|the Middle East|Middle Eastern"
    r"|high-end equipment|green products|new energy vehicles|lithium batteries"
    r"|textile machinery|electrical equipment|automobiles?|auto parts|steel products|crude oil"
    r"|natural gas|coal|grain|fruits?|vegetables|tomato(?:es)?|cotton"
    # Goods the product groups do not name: a figure on them is not on the whole or on the
    # group that contains them ("laptops" are part of mechanical and electrical products).
    r"|laptops?|notebook computers?|tablet computers?|tablets|personal computers|computers"
    r"|integrated circuits|cell ?phones|mobile phones|smartphones|durians?|aircraft|airplanes"
    r"|duty-free (?:goods|commodities|products)|energy products|electronic products"
    r"|electronics and IT products|IT products|consumer goods|furniture|plastics?|toys"
    r"|labou?r[- ]intensive industries|rare earths?|iron ore|copper ore|metal ores?|soybeans"
    r"|garments|textiles|shoes|footwear|steel|chemicals|pharmaceuticals|medical products"
    r"|bonded areas|comprehensive bonded zones|(?:eastern|western|central) China(?!['\u2019]s)"
)

#: Local subjects (a zone, a company, a port) whose figures are not the region's.
LOCAL = (
    r"\b(?:park|(?:bonded|pilot free trade|free trade|economic|development|cooperation) zone"
    r"|zone|center|centre|company|companies'|firm|plant|factory|airport|port area|land port"
    r"|railway port|road port|expo|fair|project|mall|market|county|prefecture|cities)\b"
    # A city named as such ("Xiamen, a port city in Fujian", "the city of Yiwu"); "the city's
    # trade" refers back to the subject already named (Shanghai is a province-level city).
    r"|\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?city\b|\bcity\s+of\b"
)

#: Words that name the province-level subject again: "the region's largest partner", "the
#: province's exports". They mean the last province named, not a city or zone named since.
REGION_REF = (
    r"\b(?:the|this|our)\s+(?:whole\s+|entire\s+)?(?:province|region|autonomous\s+region"
    r"|municipality)(?:['\u2019]s)?(?!\w)"
)

#: What a non-trade number measures; checked on the words around the number.
NOT_TRADE = {
    r"\bGDP\b|gross domestic product": "GDP",
    r"cargo throughput|passenger throughput|throughput": "throughput",
    r"freight trains?|train trips": "freight trains",
    r"\broutes?\b": "routes",
    r"\bincome\b|\bearn(?:ed|s|ing)?\b|\bwages?\b|salar(?:y|ies)": "income",
    r"\bcosts?\b|\bsaved?\b|\bsavings\b": "costs",
    r"\border\b|\bcontracts?\b|\bsigned\b|\bdeals?\b|\bprojects\b": "signed deals",
    r"\binvest(?:ment|ed|ing)?\b|\bFDI\b": "investment",
    r"\btourists?\b|\bvisitors?\b|\btourism\b": "tourism",
    r"\bretail sales\b|\bconsumption\b": "consumption",
    r"\bloans?\b|\bfinance\b|\ballocat(?:es|ed|ion)\b|\bfund(?:s|ing)?\b": "finance",
    r"\bindustrial output\b|\boutput\b|\bproduction\b": "output",
    r"\bpopulation\b|\bjobs?\b|\bemployment\b": "population",
    r"\btrade\s+(?:surplus|deficit|balance)\b|\bsurplus\b|\bdeficit\b": "trade balance",
    # Registered traders are not the enterprises with trade records a warehouse counts.
    r"\bregistered\s+(?:[\w-]+\s+){0,2}(?:enterprises|companies|firms|businesses)": (
        "registered enterprises"
    ),
}

SHARE_BEFORE = (
    r"accounting for|accounted for|accounts? for|representing|represented|represents"
    r"|made up|making up|makes? up|took up|taking up|comprising|comprised|constituting"
    r"|a share of|share of|contributed|contributing|or\b"
)
SHARE_AFTER = r"^\s*(?:of|share)\b"
NATIONAL_DENOMINATOR = (
    r"^\s*of\s+(?:China's|the country's|the nation's|the national|national|China\u2019s"
    r"|the country\u2019s|the nation\u2019s|all of China|the whole country)"
)
GAP = (
    r"outpac\w*|higher than|faster than|above|exceed\w*|beyond|more than"
    r"|lower than|slower than|below|behind"
)
GAP_NATIONAL = r"national|the country|China's|the whole country|nationwide|country's"
CONTRIBUTION = r"contribut\w*|drove|driving|pulled|boost\w*|lift\w*"
THRESHOLD = r"threshold|mark\b|milestone|cross(?:es|ed|ing)?\b(?!-)|broke through|passing"
MULTI_PERIOD = (
    r"previous five years|previous plan|13th Five-Year Plan|preceding five years"
    r"|last five-year plan"
)
YOY = r"year[- ]on[- ]year|year[- ]over[- ]year|from a year (?:earlier|ago)|y-o-y|\byoy\b"
RECORD = r"\brecord\b|all-time high|historic high|highest ever|new high"
FIRST_TIME = r"for the first time|first[- ]ever|first time"

QUALIFIERS = [
    (
        r"(?:more than|over|above|exceed(?:ed|ing|s)?|topp?(?:ed|ing)|surpass(?:ed|ing)?"
        r"|in excess of|at least|upwards of|crossing|crossed|broke through)\s+(?:a |the )?$",
        "over",
    ),
    (r"(?:nearly|almost|close to|just under|approaching)\s+(?:a |the )?$", "nearly"),
    (r"(?:about|around|approximately|roughly|some|an estimated|approx\.)\s+(?:a |the )?$", "about"),
    (r"(?:less than|under|below|fewer than|no more than|up to)\s+(?:a |the )?$", "under"),
]

#: Rank words: ordinal → position. "top two" gives an upper bound on each member's rank.
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
TOP_N = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
RANK = (
    r"(?P<rank>rank(?:ed|ing|s)?\s+(?P<ord>first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"|(?:the\s+)?(?P<sup>highest|fastest|largest|biggest)\s+(?P<what>growth rate|growth"
    r"|trading partner|trade partner)"
    r"|top\s+(?P<top>two|three|four|five|ten)\s+trad(?:ing|e) partners"
    r"|(?P<lp_ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"[- ](?:largest|biggest)\s+trad(?:ing|e) partner"
    r"|(?:the\s+)?(?<![\w-])(?P<lp>largest|biggest|top)\s+trad(?:ing|e) partner)"
)

#: Customs districts under their English names → province (see lexicon_zh.CUSTOMS_DISTRICTS).
CUSTOMS_DISTRICTS: dict[str, str] = {
    "Beijing": "11", "Tianjin": "12", "Shijiazhuang": "13", "Taiyuan": "14", "Hohhot": "15",
    "Manzhouli": "15", "Shenyang": "21", "Dalian": "21", "Changchun": "22", "Harbin": "23",
    "Shanghai": "31", "Nanjing": "32", "Hangzhou": "33", "Ningbo": "33", "Hefei": "34",
    "Fuzhou": "35", "Xiamen": "35", "Nanchang": "36", "Jinan": "37", "Qingdao": "37",
    "Zhengzhou": "41", "Wuhan": "42", "Changsha": "43", "Guangzhou": "44", "Shenzhen": "44",
    "Gongbei": "44", "Shantou": "44", "Huangpu": "44", "Jiangmen": "44", "Zhanjiang": "44",
    "Nanning": "45", "Haikou": "46", "Chongqing": "50", "Chengdu": "51", "Guiyang": "52",
    "Kunming": "53", "Lhasa": "54", "Xi'an": "61", "Lanzhou": "62", "Xining": "63",
    "Yinchuan": "64", "Urumqi": "65",
}  # fmt: skip
