"""Number mentions: exact Decimal value, surface, displayed decimals, scale word, unit.

A mention is a number as the text shows it — "520.37 billion yuan", "5,203.7亿元", "19.9%",
"16.1个百分点", "百分之十点七", "more than half" — with nothing decided yet about what it
measures; ``frames`` does that from the words around it. Values are Decimals parsed from the
surface string, never floats, and ``decimals`` counts the digits shown, because the displayed
precision is the claim's tolerance (TEXT_PARSING §5).

Offsets refer to the text as given: the only normalisation, full-width → ASCII and
traditional → simplified characters, maps one character to one character (``fold``), so a span
found in the folded text is a span of the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from tradestat.claims.extract.traditional import TRADITIONAL

#: Full-width ASCII forms and ideographic / no-break spaces, one character for one.
#: Traditional characters as simplified ones (real pages mix the two scripts).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20} | TRADITIONAL


def fold(text: str) -> str:
    """Full-width digits, letters and signs as ASCII, traditional characters as simplified;
    same length as ``text``."""
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Mention:
    """A number in the text with its unit, before any meaning is given to it.

    ``unit`` is ``None`` for a bare number ("3,396 enterprises": the frame decides it is a
    count). ``kind`` is "digits", "chinese" (numerals), "fraction" ("half", 三成) or "word"
    ("double-digit"): word mentions carry a value the text implies rather than shows.
    """

    start: int
    end: int
    surface: str
    value: Decimal
    decimals: int
    power: int
    unit: str | None
    kind: str = "digits"
    qualifier: str | None = None

    @property
    def absolute_value(self) -> Decimal:
        """The value with its scale word applied ("1.2万" is 12000)."""
        return self.value.scaleb(self.power)

    @property
    def number(self) -> str:
        """The key a reader would search for: the numeral as written, or the word."""
        if self.kind in ("digits",):
            found = _NUMERAL.search(self.surface)
            return found.group(0) if found else self.surface
        return self.surface


_SCALE_EN = {
    "thousand": 3, "million": 6, "mln": 6, "mn": 6, "billion": 9, "bln": 9, "bn": 9,
    "trillion": 12, "tln": 12, "tn": 12,
}  # fmt: skip
_SCALE_ZH = {"万亿": 12, "亿": 8, "万": 4, "千": 3}
_UNIT_WORDS = [
    (r"个百分点|百分点|percentage[- ]points?|pct\.? points?|ppts?|pp\b", "pp"),
    (r"%|percent\b|per\s?cent\b|pct\b", "percent"),
    (r"美元|U\.\s?S\.\s?dollars?\b|US\s?dollars?\b|American dollars?\b|USD\b|dollars?\b", "USD"),
    (r"元人民币|元|人民币|yuan\b|renminbi\b|RMB\b|CNY\b", "CNY"),
]
_UNIT = regex.compile(
    "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(_UNIT_WORDS)),
    regex.IGNORECASE,
)
_HYPHEN_PERCENT = regex.compile(r"percent\b|per\s?cent\b", regex.IGNORECASE)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = regex.compile(
    rf"(?P<pre>(?:RMB|CNY|USD|US\$|U\.S\.\$|\$|¥|￥)\s?)?(?<![A-Za-z0-9_.,])(?P<num>{_DIGITS})(?![\d])"
    # 兆 is 万亿 in Malaysian and Taiwanese papers: "8兆8800亿人民币" is 8.88 万亿元.
    r"(?:(?P<zhao>兆)(?:(?P<zrest>\d{1,4})亿)?|\s?(?P<scale>万亿|亿|万|千(?!米|克|瓦)"
    r"|(?:thousand|million|mln|mn|billion|bln|bn|trillion|tln|tn)\b))?",
    regex.IGNORECASE,
)
_ZH_CHARS = "零〇一二两三四五六七八九十百千万亿点"
_ZH_NUMBER = regex.compile(
    rf"(?P<pct>百分之)(?P<a>[{_ZH_CHARS}]+)"
    rf"|(?<![{_ZH_CHARS}第前])(?P<b>[{_ZH_CHARS}]*[一二两三四五六七八九十][{_ZH_CHARS}]*)"
    r"(?=个百分点|亿元|万亿元|亿美元|万元|元|成)"
    # A bare order of magnitude after a bound word: "逾千亿元", "超万亿元", "近百亿美元".
    r"|(?<=逾|超|近|约|破|过|达|上)(?P<c>[百千万](?:万亿|亿|万)?|万亿)(?=元|美元)"
)
_FRACTIONS = {
    "half": ("50", 0), "one-half": ("50", 0), "one half": ("50", 0),
    "one-third": ("33.3", 1), "one third": ("33.3", 1), "a third": ("33.3", 1),
    "two-thirds": ("66.7", 1), "two thirds": ("66.7", 1),
    "a quarter": ("25", 0), "one-quarter": ("25", 0), "one quarter": ("25", 0),
    "three-quarters": ("75", 0), "three quarters": ("75", 0),
    "one-fifth": ("20", 0), "one fifth": ("20", 0), "a fifth": ("20", 0),
    "一半": ("50", 0), "半数": ("50", 0), "三分之一": ("33.3", 1), "三分之二": ("66.7", 1),
    "四分之一": ("25", 0), "四分之三": ("75", 0), "五分之一": ("20", 0), "过半": ("50", 0),
}  # fmt: skip
_FRACTION = regex.compile(
    r"(?<![\w-])(?<!(?:first|second|1st|2nd|latter|former)\s)"
    r"(?P<f>one[- ]half|one[- ]third|a third|two[- ]thirds|a quarter|one[- ]quarter"
    r"|three[- ]quarters|one[- ]fifth|a fifth|half)(?=\s+(?:of|the)\b)"
    r"|(?P<z>三分之一|三分之二|四分之一|四分之三|五分之一|一半|半数|过半)",
    regex.IGNORECASE,
)
_CHENG = regex.compile(r"(?<![\d.])(?P<n>[一二三四五六七八九]|\d)成(?![本员功为立交])")
_DOUBLE_DIGIT = regex.compile(r"double[- ]digit|两位数", regex.IGNORECASE)
_NUMERAL = regex.compile(r"\d[\d,]*(?:\.\d+)?")
_ZH_SCALE_END = regex.compile(r"(万亿|亿)$")


def _zh_integer(text: str) -> int | None:
    """一千二百三十四, 两千零二十五, 三万 → int; digit strings 二〇二五 too."""
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
    small = {"十": 10, "百": 100, "千": 1000}
    big = {"万": 10_000, "亿": 100_000_000}
    if text and all(ch in digits for ch in text) and len(text) > 1:
        return int("".join(str(digits[ch]) for ch in text))
    total = section = 0
    number: int | None = None
    for ch in text:
        if ch in digits:
            number = digits[ch]
        elif ch in small:
            section += (1 if number is None else number) * small[ch]
            number = None
        elif ch in big:
            section += number or 0
            total = (total + section) * big[ch] if big[ch] > total else total + section * big[ch]
            section, number = 0, None
        else:
            return None
    return total + section + (number or 0)


def chinese_number(text: str) -> tuple[Decimal, int] | None:
    """十点七 → (10.7, 1 decimal); 一千二百 → (1200, 0). None when ``text`` is not a numeral."""
    whole, _, frac = text.partition("点")
    integer = _zh_integer(whole) if whole else 0
    if integer is None:
        return None
    if not frac:
        return Decimal(integer), 0
    digits = "零一二三四五六七八九"
    if any(ch not in digits and ch != "〇" for ch in frac):
        return None
    shown = "".join(str(digits.index(ch)) if ch in digits else "0" for ch in frac)
    return Decimal(f"{integer}.{shown}"), len(shown)


def _unit_at(text: str, pos: int) -> tuple[str | None, int]:
    """The unit word starting at ``pos`` (after optional spaces), and where it ends."""
    skip = pos
    while skip < len(text) and skip - pos < 2 and text[skip] == " ":
        skip += 1
    match = _UNIT.match(text, skip)
    if match is None and skip == pos and text.startswith("-", pos):
        # "a 4.8-percent increase": the compound adjective of English copy.
        hyphenated = _HYPHEN_PERCENT.match(text, pos + 1)
        return ("percent", hyphenated.end()) if hyphenated else (None, pos)
    if match is None:
        return None, pos
    for i, (_, unit) in enumerate(_UNIT_WORDS):
        if match.group(f"u{i}"):
            return unit, match.end()
    return None, pos


def _decimals(numeral: str) -> int:
    return len(numeral.partition(".")[2])


def find_mentions(text: str) -> list[Mention]:
    """Every number mention of ``text`` (already ``fold``-ed), in order of position."""
    found: list[Mention] = []
    for m in _NUMBER.finditer(text):
        numeral = m["num"]
        scale = (m["scale"] or "").lower()
        power = _SCALE_ZH.get(scale, _SCALE_EN.get(scale, 0))
        end = m.end() if m["scale"] or m["zhao"] else m.end("num")
        decimals = _decimals(numeral)
        value = Decimal(numeral.replace(",", ""))
        if m["zhao"]:
            power = 12
            if m["zrest"]:  # 亿 below the 兆: shown to the 亿, four places of 万亿
                value += Decimal(m["zrest"]).scaleb(-4)
                decimals = 4
        unit, unit_end = _unit_at(text, end)
        prefix = (m["pre"] or "").strip().upper()
        if prefix:
            unit = "CNY" if prefix in ("RMB", "CNY", "¥", "￥") else "USD"
        elif unit is not None:
            end = unit_end
        start = m.start("pre") if m["pre"] else m.start("num")
        found.append(Mention(start, end, text[start:end], value, decimals, power, unit))
    found.extend(_chinese_mentions(text))
    found.extend(_word_mentions(text))
    found.sort(key=lambda mention: mention.start)
    return found


def _chinese_mentions(text: str) -> list[Mention]:
    mentions = []
    for m in _ZH_NUMBER.finditer(text):
        body = m["a"] or m["b"] or m["c"]
        scale_match = _ZH_SCALE_END.search(body) if not m["pct"] else None
        power = 0
        if scale_match and not m["pct"]:
            power = _SCALE_ZH[scale_match.group(1)]
            body = body[: scale_match.start()]
        if m["c"] and not body:
            body = "一"  # "超万亿元": one 万亿
        parsed = chinese_number(body) if body else None
        if parsed is None:
            continue
        value, decimals = parsed
        end = m.end()
        if m["pct"]:
            unit: str | None = "percent"
        else:
            unit, end = _unit_at(text, m.end())
            if text.startswith("成", m.end()):
                continue  # 三成 is a fraction, read below
        if unit is None:
            continue
        start = m.start()
        mentions.append(
            Mention(start, end, text[start:end], value, decimals, power, unit, kind="chinese")
        )
    for m in _CHENG.finditer(text):
        raw = m["n"]
        tenths = int(raw) if raw.isdigit() else _zh_integer(raw) or 0
        mentions.append(
            Mention(
                m.start(),
                m.end(),
                m.group(0),
                Decimal(tenths * 10),
                0,
                0,
                "percent",
                kind="fraction",
            )
        )
    return mentions


def _word_mentions(text: str) -> list[Mention]:
    mentions = []
    for m in _FRACTION.finditer(text):
        word = (m["f"] or m["z"]).lower()
        value, decimals = _FRACTIONS[word]
        qualifier = "over" if word == "过半" else None
        mentions.append(
            Mention(
                m.start(),
                m.end(),
                m.group(0),
                Decimal(value),
                decimals,
                0,
                "percent",
                kind="fraction",
                qualifier=qualifier,
            )
        )
    for m in _DOUBLE_DIGIT.finditer(text):
        mentions.append(
            Mention(
                m.start(),
                m.end(),
                m.group(0),
                Decimal(10),
                0,
                0,
                "percent",
                kind="word",
                qualifier="over",
            )
        )
    return mentions
