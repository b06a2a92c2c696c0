"""What a statistical claim in press text is, once read: slots, not sentences.

The extractor (``claims.extract``) produces ``Claim`` objects; the resolver and verifier
(``claims.resolve`` / ``claims.verify``) consume them. Keeping the shape in one small module lets
both sides be built and tested on their own: a verifier test can write a ``Claim`` by hand, an
extractor test can compare slots with gold annotations.

Numbers stay exact: ``Quantity`` keeps the surface string, the ``Decimal`` as displayed, the scale
word's power of ten and the number of decimals shown, because the tolerance of a claim is the
rounding interval its displayed precision implies (TEXT_PARSING §5), never a fixed epsilon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from tradestat.periods import Period

Unit = Literal["CNY", "USD", "percent", "pp", "count", "rank", "ratio"]
Indicator = Literal[
    "value",  # a level: 5,203.7亿元, 460.7 billion yuan
    "yoy",  # growth on the same period a year earlier, percent
    "mom",  # growth on the month before (环比), percent: no warehouse check yet
    "share",  # percent of a denominator (see Claim.denominator)
    "share_change",  # change of a share, pp
    "count",  # distinct count: countries and regions, enterprises
    "rank",  # position among regions / siblings (1 = first)
    "gap",  # growth minus a reference growth (the nation's), pp
    "contribution",  # contribution to total growth, pp (拉动)
    "contribution_rate",  # the part's change as a percent of the total's change (贡献率)
    "multi_period_growth",  # a plan period against the previous one, percent
    "threshold",  # crossing a level or share ("突破5000亿", "above 10% first time")
]
Flow = Literal["total", "export", "import"]
Qualifier = Literal[
    "over",  # more than, over, exceeded, 超过, 逾 — a lower bound
    "under",  # less than, below, 不足 — an upper bound
    "nearly",  # nearly, almost, close to, 近, 接近 — just below
    "about",  # about, around, some, 约 — approximate, wider tolerance
    "record",  # record high, 历史新高, highest ever
    "first_time",  # for the first time, 首次
]


@dataclass(frozen=True)
class Quantity:
    """A number as it was displayed.

    ``value`` is in the unit stated *with its scale word*: "520.37 billion yuan" is
    ``value=Decimal("520.37"), power=9, unit="CNY"``; "5203.7亿元" is ``value=Decimal("5203.7"),
    power=8``; "19.9 percent" is ``value=Decimal("19.9"), power=0, unit="percent"``. ``decimals``
    counts the digits shown after the point ("25 percent" → 0, "12.90%" → 2).
    """

    surface: str
    value: Decimal
    unit: Unit
    decimals: int
    power: int = 0
    qualifier: Qualifier | None = None

    @property
    def absolute(self) -> Decimal:
        """The value in base units (yuan, dollars, percent, count)."""
        return self.value.scaleb(self.power)

    @property
    def half_step(self) -> Decimal:
        """Half of the last displayed digit, in base units: the rounding tolerance."""
        return Decimal(5).scaleb(-self.decimals - 1 + self.power)

    def interval(self) -> tuple[Decimal, Decimal]:
        """The closed interval of true values that display as this number.

        Qualifiers widen it: "over X" is [X, +inf) (returned as the lower bound and ``None``
        above), "nearly X" is [X - 10 %, X + half step], "about X" is X ± 5 %.
        """
        low, high = self.absolute - self.half_step, self.absolute + self.half_step
        if self.qualifier == "over":
            return (self.absolute, Decimal("Infinity"))
        if self.qualifier == "under":
            return (Decimal("-Infinity"), self.absolute)
        if self.qualifier == "nearly":
            return (self.absolute * Decimal("0.9"), high)
        if self.qualifier == "about":
            spread = abs(self.absolute) * Decimal("0.05")
            return (min(low, self.absolute - spread), max(high, self.absolute + spread))
        return (low, high)


@dataclass(frozen=True)
class Claim:
    """One statistical statement: who, when, what slice, which indicator, what number.

    ``slice`` maps semantic-model level names to member names or codes as the query layer
    accepts them (``{"partner_group": "ASEAN"}``, ``{"enterprise_group": "private"}``,
    ``{"partner": "KAZ"}``, ``{"product_group": "MECH_ELEC"}``); an empty mapping is the whole
    of the flow. ``region`` is a code the query layer accepts ("65", "CN"); ``None`` when the text
    never said. ``period`` is ``None`` when the text gives none that can be resolved.

    ``denominator`` says what a share is of: ``"total"`` (the region's total for the period and
    flow), ``"flow"`` (the flow's total), ``"national"`` (the nation's figure for the same slice,
    as in "accounting for 35% of the country's trade with Central Asia"), or ``None`` for
    non-shares. ``reference`` names what a gap or rank compares against ("national").
    ``converts`` is the ``id`` of the claim a bracketed currency conversion repeats.

    ``about`` is ``"trade"`` when the number describes foreign trade in goods (what the warehouse
    holds); anything else names what was measured instead ("GDP", "cargo throughput", "income",
    "signed deals"), so a verifier answers "unverifiable" instead of comparing it with trade.
    ``unresolved`` holds the words of a slice or region the text names but no model member
    matches ("self-branded goods", "the Middle East", "the park"): the claim is about that
    part, never about the whole, so a verifier must not drop it and check the total instead.

    ``region_basis`` is how the figure places trade in a region (DOMAIN §4): ``"registered"``
    (where the trader is registered: the regional tables, the default) or
    ``"customs_district"`` (trade passing through the region's ports, which includes other
    provinces' goods in transit). Figures on different bases are never compared; a
    port-basis claim also carries the port words in ``unresolved`` so that checks which know
    only the registered basis leave it alone.
    """

    id: str
    indicator: Indicator
    quantity: Quantity
    span: tuple[int, int]  # character offsets of the number's surface in the text
    sentence: str  # the sentence, as in the text (for display only)
    region: str | None = None
    region_surface: str | None = None
    period: Period | None = None
    period_surface: str | None = None
    flow: Flow = "total"
    slice: dict[str, str] = field(default_factory=dict)
    slice_surface: str | None = None
    measure: str = "value_cny"  # value_cny | value_usd | enterprises | partners | ...
    direction: int | None = None  # +1 rose, -1 fell, 0 flat, None unstated
    denominator: str | None = None
    reference: str | None = None
    converts: str | None = None
    qualifiers: tuple[str, ...] = ()
    about: str = "trade"
    unresolved: str | None = None
    region_basis: str = "registered"

    @property
    def surface(self) -> str:
        return self.quantity.surface

    @property
    def signed_value(self) -> Decimal:
        """The number with the direction word applied: "fell 8.9 percent" is -8.9."""
        if self.direction == -1 and self.quantity.value > 0:
            return -self.quantity.value
        return self.quantity.value


@dataclass(frozen=True)
class Document:
    """A press text with its header (``url:``, ``date:``, ``title:`` lines) split off."""

    name: str
    text: str
    published: str | None = None  # ISO date: anchors "this year", "the first five months"
    url: str | None = None
    title: str | None = None
    language: Literal["en", "zh"] = "en"
