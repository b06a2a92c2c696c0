"""The targets file's own country groups, written as a country-groups CSV beside the data.

A targets file may define groups tradestat cannot ship (the illustrative Belt-and-Road list of
the Xinjiang sample). The simulated data are calibrated to shares of those groups, so whoever
queries the sample needs the same membership: this file is what ``tradestat.connect(...,
country_groups=[...])`` and ``--country-groups`` read, in the reference CSV layout.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tradestat.reference import GROUP_CSV_COLUMNS
from tradestat.simulate.targets import TargetSet

FILE_NAME = "country_groups.csv"


def write_country_groups(
    targets: TargetSet, partner_iso3: tuple[str | None, ...], folder: Path
) -> Path | None:
    """Write every group defined in ``targets`` (members over the simulated partners)."""
    if not targets.groups:
        return None
    path = folder / FILE_NAME
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GROUP_CSV_COLUMNS)
        for group, spec in sorted(targets.groups.items()):
            if "all_partners_except_iso3" in spec:
                excluded = set(map(str, spec["all_partners_except_iso3"]))
                members = sorted({c for c in partner_iso3 if c and c not in excluded})
            else:
                members = sorted(set(map(str, spec.get("members_iso3") or [])))
            for iso3 in members:
                writer.writerow(
                    (
                        group,
                        spec.get("name_en", group),
                        spec.get("name_zh", ""),
                        iso3,
                        "",
                        "",
                        "defined by the targets file for sample data",
                        f"targets file {targets.name}",
                    )
                )
    return path
