"""Turning answers into linked, localised figures and phrases for one language.

The ``Writer`` knows the language, the answers and the model's captions; the section builders
(``sections``) decide *what* to say and call it for *how*: an amount with its unit, a growth with
its sign-dependent verb, a member's caption. Every number goes through here, so every number is
rounded by the publishing rule and linked to its query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tradestat.bulletin import formatting as fmt
from tradestat.bulletin.asks import Scope
from tradestat.bulletin.document import Figure, Span
from tradestat.bulletin.facts import Answers, number
from tradestat.bulletin.phrases import compose, phrase, text
from tradestat.model.semantic import SemanticModel
from tradestat.periods import Period, format_period

#: Levels whose English captions are common nouns, written in lower case inside a sentence.
COMMON_NOUN_LEVELS = ("product_group", "trade_mode_group", "transport_mode", "chapter")
#: Levels whose captions come from the HS nomenclature (English only below the national code).
HS_LEVELS = ("section", "chapter", "heading", "subheading")


@dataclass
class Writer:
    lang: str
    answers: Answers
    model: SemanticModel
    scope: Scope

    # --- words -----------------------------------------------------------------------------
    def say(self, key: str, **slots: Any) -> tuple[Span, ...]:
        return compose(self.lang, key, **slots)

    def words(self, key: str, **slots: str) -> str:
        return text(self.lang, key, **slots)

    def period(self, period: Period | None = None, style: str = "long") -> str:
        return format_period(period or self.scope.period, self.lang, style=style)

    @property
    def region(self) -> str:
        return self.scope.region_name[self.lang]

    def caption(self, level: str, code: Any) -> str:
        """A member's caption in the document's language (the code when the model has none).

        Nomenclature titles are long ("Vehicles; other than railway or tramway rolling stock,
        and parts ..."): a sentence takes the part before the first semicolon.
        """
        members = self.model.level(level).members()
        member = members.get(str(code))
        if member is None:
            return str(code)
        if self.lang == "zh" and not member.caption_zh and level in HS_LEVELS:
            return f"HS{code}" + ("章" if level == "chapter" else "")
        return member.caption(self.lang).split(";")[0]

    def noun(self, level: str, code: Any) -> str:
        """A caption inside an English sentence: common nouns ("mechanical and electrical
        products", "border small-amount trade", "road transport") lose their capital; proper
        names (countries, groups, districts) keep it."""
        caption = self.caption(level, code)
        if self.lang == "en" and level in COMMON_NOUN_LEVELS and caption[1:2].islower():
            return caption[:1].lower() + caption[1:]
        return caption

    def why(self, note: str | None) -> str:
        """Why a figure is missing, short and in the document's language.

        The query layer's full reason (which months are missing, from which dataset) goes to the
        appendix with the query; the sentence only says that the base is not covered.
        """
        return self.words("why.no_base") if note else self.words("why.no_data")

    def level_caption(self, level: str) -> str:
        caption = self.model.level(level).caption
        return caption.zh if self.lang == "zh" else caption.en

    # --- figures ---------------------------------------------------------------------------
    def amount(self, key: str, value: Decimal, title: str | None = None) -> tuple[Span, ...]:
        """"520.4 billion yuan" / "5203.7亿元", the number linked to its query."""
        return self.say("amount", value=self.amount_figure(key, value, title))

    def amount_usd(self, key: str, value: Decimal, title: str | None = None) -> tuple[Span, ...]:
        return self.say("amount_usd", value=self.amount_figure(key, value, title))

    def amount_figure(self, key: str, value: Decimal, title: str | None = None,
                      places: int = 1) -> Figure:
        return self.answers.figure(key, fmt.amount_text(value, self.lang, places), title)

    def rate_figure(self, key: str, rate: Decimal, title: str | None = None) -> Figure:
        """A rate printed as a magnitude: the surrounding verb carries the sign."""
        return self.answers.figure(key, fmt.magnitude_text(rate, self.lang), title)

    def signed_figure(self, key: str, rate: Decimal, title: str | None = None) -> Figure:
        """A rate with its sign, for tables (where no verb carries the direction)."""
        return self.answers.figure(key, fmt.decimal_text(rate, self.lang), title)

    def count_figure(self, key: str, value: int, title: str | None = None) -> Figure:
        return self.answers.figure(key, fmt.count_text(int(value), self.lang), title)

    def directed(self, prefix: str, key: str, rate: Decimal | None, note: str | None = None,
                 **slots: Any) -> tuple[Span, ...]:
        """``prefix``.1 / .-1 / .0 by the printed rate; ``change.none`` if undefined."""
        if rate is None:
            return self.say("change.none", why=self.why(note))
        d = fmt.direction(rate)
        return self.say(f"{prefix}.{d}", rate=self.rate_figure(key, rate), **slots)

    def change(self, key: str, row: dict[str, Any] | None, measure: str = "value_cny"
               ) -> tuple[Span, ...]:
        """"up 19.9 percent year on year" from a row's ``<measure>_yoy`` (and its note)."""
        rate, note = self.rate_of(row, measure)
        return self.directed("change", key, rate, note)

    def verb(self, key: str, row: dict[str, Any] | None, measure: str = "value_cny"
             ) -> tuple[Span, ...]:
        rate, note = self.rate_of(row, measure)
        return self.directed("verb", key, rate, note)

    def grew(self, key: str, row: dict[str, Any] | None, measure: str = "value_cny"
             ) -> tuple[Span, ...]:
        rate, note = self.rate_of(row, measure)
        return self.directed("grew", key, rate, note)

    @staticmethod
    def rate_of(row: dict[str, Any] | None, measure: str = "value_cny",
                indicator: str = "yoy") -> tuple[Decimal | None, str | None]:
        column = f"{measure}_{indicator}"
        if row is None:
            return None, "no data"
        return number(row, column), row.get(column + "_note")

    def share_figure(self, key: str, row: dict[str, Any], measure: str = "value_cny"
                     ) -> Figure | str:
        value = number(row, f"{measure}_share")
        if value is None:
            return phrase(self.lang, "na")
        return self.answers.figure(key, fmt.decimal_text(value, self.lang))

    def na(self) -> str:
        return phrase(self.lang, "na")
