"""Numbers as a customs release prints them, per language.

The publishing conventions (DOMAIN.md §3.2): regional values in 亿元 / billion yuan with one
decimal, growth and shares in percent with one decimal, differences of rates in percentage
points, falls written as magnitudes with a falling verb ("下降8.9%", "fell 8.9 percent"), halves
rounded away from zero. Rounding is done once, here, with the indicators room's
``round_half_up``; Babel then writes the rounded number in the locale's digits and separators, so
no string is ever patched by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from tradestat.indicators import round_half_up

Lang = Literal["en", "zh"]
LOCALES: dict[str, str] = {"en": "en_US", "zh": "zh_Hans_CN"}
#: Amounts are published in these units: 亿元 (10^8 yuan) in Chinese, billion (10^9) in English.
AMOUNT_UNIT: dict[str, Decimal] = {"en": Decimal(10) ** 9, "zh": Decimal(10) ** 8}
#: Chinese releases write 5203.7亿元 without grouping; English copy groups thousands.
PATTERN: dict[str, str] = {"en": "#,##0", "zh": "0"}


def decimal_text(value: Decimal, lang: Lang, places: int = 1) -> str:
    """``value`` rounded half away from zero to ``places`` decimals, written for ``lang``."""
    rounded = round_half_up(value, places)
    pattern = PATTERN[lang] + ("." + "0" * places if places else "")
    return format_decimal(rounded, format=pattern, locale=LOCALES[lang],
                          decimal_quantization=True)


def amount_text(value: Decimal, lang: Lang, places: int = 1) -> str:
    """An amount in yuan or dollars as the number printed before 亿 / billion."""
    return decimal_text(Decimal(value) / AMOUNT_UNIT[lang], lang, places)


def rounded_amount(value: Decimal, lang: Lang, places: int = 1) -> Decimal:
    """The amount as printed, as a number (for choosing words such as "flat")."""
    return round_half_up(Decimal(value) / AMOUNT_UNIT[lang], places)


def magnitude_text(rate: Decimal, lang: Lang, places: int = 1) -> str:
    """A rate written without its sign: the verb carries the direction."""
    return decimal_text(abs(Decimal(rate)), lang, places)


def direction(rate: Decimal, places: int = 1) -> int:
    """+1, -1, or 0 when the rate rounds to zero at the printed precision ("was flat", "持平")."""
    rounded = round_half_up(rate, places)
    return 0 if rounded.is_zero() else (1 if rounded > 0 else -1)


def ordinal_text(rank: int, lang: Lang) -> str:
    """1 → "first" / "第一", for ranks in sentences; numerals beyond ten."""
    words_en = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth")
    digits_zh = "一二三四五六七八九十"
    if lang == "en":
        return words_en[rank - 1] if 1 <= rank <= 10 else f"{rank}th"
    return "第" + (digits_zh[rank - 1] if 1 <= rank <= 10 else str(rank))


def count_text(value: int, lang: Lang) -> str:
    """A count of partners or enterprises."""
    return format_decimal(value, format=PATTERN[lang], locale=LOCALES[lang])


def month_name(month: int, lang: Lang) -> str:
    """A month of the year without the year: "May" / "5月" (Babel's calendar data)."""
    return format_skeleton("MMMM", dt.date(2000, month, 1), locale=LOCALES[lang])
