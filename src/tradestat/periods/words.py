"""Number and month words in English and Chinese, shared by the parser and the formatter."""

from __future__ import annotations

MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_EN_SHORT: tuple[str, ...] = tuple(name[:3] for name in MONTHS_EN)

#: Lower-case month name or abbreviation → month number ("sept" is common in press copy).
MONTH_BY_NAME: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTHS_EN, 1)},
    **{name.lower(): i for i, name in enumerate(MONTHS_EN_SHORT, 1)},
    "sept": 9,
}

CARDINALS_EN: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve",
)  # fmt: skip

ORDINALS_EN: tuple[str, ...] = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
)

NUMBER_BY_WORD: dict[str, int] = {
    **{word: i for i, word in enumerate(CARDINALS_EN)},
    **{word: i for i, word in enumerate(ORDINALS_EN)},
}

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
ZH_NUMERALS = "〇零一二两三四五六七八九十"
ZH_DIGIT_CHARS = "一二三四五六七八九"


def en_number(word: str) -> int | None:
    """"5", "five", "fifth", "5th" → 5; anything else → None."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    if word[-2:] in ("st", "nd", "rd", "th") and word[:-2].isdigit():
        return int(word[:-2])
    return NUMBER_BY_WORD.get(word)


def en_ordinal_suffix(n: int) -> str:
    """14 → "14th", 21 → "21st", 12 → "12th"."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def zh_number(text: str) -> int | None:
    """Read a small Chinese or Arabic number: "5", "五", "十二", "二十五", "二〇二五" → int.

    Handles what period text uses: counts up to 99 with 十, and years written digit by digit.
    Returns None when ``text`` is not such a number.
    """
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if "十" not in text:
        digits = [_ZH_DIGITS.get(ch) for ch in text]
        if any(d is None for d in digits):
            return None
        value = 0
        for d in digits:
            value = value * 10 + d  # type: ignore[operator]
        return value
    tens_text, _, ones_text = text.partition("十")
    if "十" in ones_text:
        return None
    tens = 1 if tens_text == "" else _ZH_DIGITS.get(tens_text) if len(tens_text) == 1 else None
    ones = 0 if ones_text == "" else _ZH_DIGITS.get(ones_text) if len(ones_text) == 1 else None
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


def zh_numeral(n: int) -> str:
    """1..99 as Chinese numerals: 3 → 三, 14 → 十四, 20 → 二十 (as in 十四五, 一季度)."""
    chars = "〇一二三四五六七八九"
    if n < 10:
        return chars[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else chars[tens]) + "十" + ("" if ones == 0 else chars[ones])
