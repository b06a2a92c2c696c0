"""Options that tell a reader how to interpret a source file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tradestat.errors import OptionError
from tradestat.model.records import FLOWS, PARTNER_BASES, REGION_BASES

HS_EDITIONS = ("HS2012", "HS2017", "HS2022")
#: Whether a partner-by-partner export lists every partner ("all") or only those chosen on the
#: platform ("selected"); unstated, queries say what a total from it means (docs/ingest.md).
PARTNER_LISTS = ("all", "selected")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read one file. Every field may be left to the reader's documented default.

    ``flow`` and ``region`` fill in what a file does not say itself: the GACC platform export has no
    flow column (the flow was a query parameter), and a province-filtered export has no region
    column.
    """

    format: str | None = None
    flow: str | None = None
    region: str | None = None
    region_basis: str | None = None
    partner_basis: str = "origin_destination"
    hs_edition: str | None = None
    dataset: str | None = None
    mapping: Path | None = None
    encoding: str | None = None
    sample: bool = False
    partners: str | None = None

    def __post_init__(self) -> None:
        if self.flow is not None and self.flow not in FLOWS:
            raise OptionError(f"unknown flow {self.flow!r}; expected one of {', '.join(FLOWS)}")
        if self.region_basis is not None and self.region_basis not in REGION_BASES:
            raise OptionError(
                f"unknown region basis {self.region_basis!r}; expected one of "
                f"{', '.join(REGION_BASES)}"
            )
        if self.partner_basis not in PARTNER_BASES:
            raise OptionError(
                f"unknown partner basis {self.partner_basis!r}; expected one of "
                f"{', '.join(PARTNER_BASES)}"
            )
        if self.partners is not None and self.partners not in PARTNER_LISTS:
            raise OptionError(
                f"unknown partner list {self.partners!r}; expected one of "
                f"{', '.join(PARTNER_LISTS)}"
            )
        if self.hs_edition is not None and self.hs_edition not in HS_EDITIONS:
            raise OptionError(
                f"unknown HS edition {self.hs_edition!r}; expected one of {', '.join(HS_EDITIONS)}"
            )

    def check_partners(self, has_partner_column: bool, where: str, lacking: str) -> None:
        """Refuse ``--partners`` for a source without a partner column: the option says whether
        a table by partner lists every partner. ``where`` and ``lacking`` word the error."""
        if self.partners is not None and not has_partner_column:
            raise OptionError(
                f"{where}: --partners {self.partners} given but {lacking}",
                hint="--partners says whether a table by partner lists every partner",
            )

    def as_record(self) -> dict[str, Any]:
        """JSON-ready form, stored with each load so it can be repeated exactly."""
        record = asdict(self)
        record["mapping"] = str(self.mapping) if self.mapping is not None else None
        return {k: v for k, v in record.items() if v is not None}
