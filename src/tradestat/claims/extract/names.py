"""Names in text → regions and slices, from the query layer's member names plus the lexicons.

Regions are the provinces and the nation ("CN"); slices are partners, partner groups, product,
enterprise and trade-mode groups. Nothing here knows a particular region: every name comes from
``tradestat.query.names`` (the model's captions and aliases) or from the press lexicons.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from tradestat.claims.extract import lexicon_en, lexicon_zh
from tradestat.claims.extract.scan import finditer_any
from tradestat.query.names import member_names

SLICE_LEVELS = ("partner", "partner_group", "product_group", "enterprise_group", "trade_mode_group")
#: Captions too generic to mean a slice when they appear in running text.
_GENERIC = {"Other", "其他", "other", "Other enterprises", "Other trade modes", "其他贸易方式",
            "Materials", "Electronics", "Biotechnology", "Not a statistical category",
            "China", "中国", "Other technologies", "Toys", "Footwear"}  # fmt: skip
_CJK = regex.compile(r"\p{Han}")
_NATIONAL_EN = (
    # Not "Gansu province in northwest China registered ...": there China only locates the
    # province.
    r"(?<!\bin\s+(?:[\w-]+\s+)?)"
    r"\b(?:China|the country|the nation)(?:['\u2019]s)?(?=\s+(?:\w+\s+)?(?:sees|saw|allocates?|"
    r"posted|reported|recorded|registered|trade|imports|exports|foreign|total|overall|goods|"
    r"GDP))|\bnationwide\b|\bnational (?:total|trade|foreign trade|imports|exports)\b"
)
#: A name followed by capitalised words and an organisation noun is part of that name.
_ORGANISATION = regex.compile(
    r"\s+(?:[A-Z][\w()-]*\s+){0,4}(?:Center|Centre|Zone|Company|Co\.|Group|Park|Port|Expo"
    r"|Forum|Summit|Bank|Association|Corporation|Corp\.)\b"
)
#: A Chinese slice name followed by a place noun names a facility ("保税物流中心").
_PLACE_AFTER = regex.compile(r"中心|园区")
#: "the U.S. dollar", "the Hong Kong dollar": a currency, not a partner.
_CURRENCY = regex.compile(r"(?i)\s*dollars?\b")
#: "中国与欧盟贸易总值", "中国对东盟出口": the nation as one side of a trade.
#: Not "我国香港" (Hong Kong, China).
_NATIONAL_ZH = r"全国|我国(?!香港|澳门|台湾)|中国外贸|中国进出口|中国货物贸易|中国(?=与|对|自)"


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name found in a sentence: a region ("65", "CN"), a slice, a local subject, or a part
    the model cannot resolve (``level`` "unresolved")."""

    start: int
    end: int
    surface: str
    level: str  # region | region_ref | local | unresolved | one of SLICE_LEVELS
    code: str


def _alternation(names: list[str]) -> str:
    return "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True))


@dataclass(frozen=True)
class Gazetteer:
    """Compiled patterns and the name → (level, code) table behind them."""

    latin: regex.Pattern[str]
    han: regex.Pattern[str]
    #: Press names of slices: any of them between word boundaries, then the Chinese ones
    #: anywhere (scanned together by ``finditer_any``).
    lexicon: tuple[regex.Pattern[str], regex.Pattern[str]]
    table: dict[str, tuple[str, str]]
    folded: dict[str, tuple[str, str]]
    #: National, local-subject and unresolved words (English, Chinese), their level in
    #: ``extra_levels``; scanned together by ``finditer_any``, the earlier wins at the same start.
    extra: tuple[regex.Pattern[str], ...]
    extra_levels: tuple[str, ...]

    def find(self, text: str) -> list[NameMention]:
        """Every region, slice, local-subject and unresolved name in ``text``, by position."""
        found: list[NameMention] = []
        taken: list[tuple[int, int]] = []
        lexicon = (m for _, m in finditer_any(self.lexicon, text))
        for matches in (lexicon, self.latin.finditer(text), self.han.finditer(text)):
            for m in matches:
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if _PLACE_AFTER.match(text, m.end()):
                    continue  # "保税物流中心": a place named after a trade mode, not the mode
                key = m.group(0)
                level, code = self.table.get(key) or self.folded[key.casefold()]
                found.append(NameMention(m.start(), m.end(), key, level, code))
                taken.append((m.start(), m.end()))
        for index, m in finditer_any(self.extra, text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            level = self.extra_levels[index]
            found.append(
                NameMention(
                    m.start(), m.end(), m.group(0), level, "CN" if level == "region" else m.group(0)
                )
            )
            taken.append((m.start(), m.end()))
        found.sort(key=lambda n: n.start)
        return [
            n
            for n in found
            if n.level in ("region", "local", "unresolved", "region_ref")
            or not (_ORGANISATION.match(text, n.end) or _CURRENCY.match(text, n.end))
        ]


@cache
def gazetteer() -> Gazetteer:
    """Built once per process from the model's names and the lexicons."""
    table: dict[str, tuple[str, str]] = {}
    for code, names in member_names("region").items():
        if len(code) == 2 and code.isdigit():
            for name in names:
                table[name] = ("region", code)
    table["全国"] = ("region", "CN")
    for level in SLICE_LEVELS:
        for code, names in member_names(level).items():
            for name in names:
                if name not in _GENERIC and len(name) > 1 and name not in table:
                    table[name] = (level, code)
    lexicon = {**lexicon_en.SLICES, **lexicon_zh.SLICES}
    folded = {name.casefold(): value for name, value in lexicon.items()}
    latin = [n for n in table if not _CJK.search(n)]
    han = [n for n in table if _CJK.search(n)]
    return Gazetteer(
        latin=regex.compile(r"(?<![\w-])\L<names>(?![\w-])", names=latin),
        han=regex.compile(r"\L<names>", names=han),
        # Several patterns scanned by finditer_any rather than one alternation of them: the
        # same matches in about two thirds of the time (see scan.py).
        lexicon=(
            regex.compile(rf"(?i)(?<![\w-])(?:{_alternation(list(lexicon))})(?![\w-])"),
            regex.compile(rf"(?i){_alternation([n for n in lexicon if _CJK.search(n)])}"),
        ),
        table=table,
        folded=folded,
        extra=(
            regex.compile(_NATIONAL_EN),
            regex.compile(_NATIONAL_ZH),
            regex.compile(rf"(?i:{lexicon_en.LOCAL})"),
            regex.compile(lexicon_zh.LOCAL),
            regex.compile(rf"(?i:{lexicon_en.UNRESOLVED})"),
            regex.compile(lexicon_zh.UNRESOLVED),
            regex.compile(rf"(?i:{lexicon_en.REGION_REF})"),
            regex.compile(lexicon_zh.REGION_REF),
        ),
        extra_levels=(
            *("region", "region", "local", "local", "unresolved", "unresolved"),
            *("region_ref", "region_ref"),
        ),
    )
