"""An independent check of the targets against the written Parquet files.

Nothing here uses the simulator's code: targets are read from the YAML text with PyYAML, the
tolerance is computed from the displayed decimals, group memberships come from
tradestat.reference (and, for the illustrative Belt-and-Road list, from the YAML), and every
achieved value is plain DuckDB SQL over the declaration lines.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import yaml

from tradestat import reference as ref

YEARS = range(2019, 2026)
UNIT = {"100m_cny": Decimal(10) ** 8, "1t_cny": Decimal(10) ** 12}


def load_yaml(name: str) -> dict[str, Any]:
    path = Path(str(resources.files("tradestat.simulate") / "data" / f"{name}.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def months_of(period: str) -> list[int]:
    period = str(period)
    if ".." in period:
        a, b = period.split("..")
        ya, ma = map(int, a.split("-"))
        yb, mb = map(int, b.split("-"))
        out = []
        y, m = ya, ma
        while (y, m) <= (yb, mb):
            out.append(y * 100 + m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    if "-" in period:
        y, m = map(int, period.split("-"))
        return [y * 100 + m]
    return [int(period) * 100 + m for m in range(1, 13)]


def fitted(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Targets the simulator must meet: fit not false, all needed years simulated."""
    out = []
    for t in spec["targets"]:
        if t.get("fit") is False:
            continue
        years = {m // 100 for m in months_of(t["period"])}
        if t["indicator"] in ("yoy", "gap_pp", "rank") or t.get("among"):
            years |= {y - 1 for y in years} if t["indicator"] != "rank" or t.get("among") else set()
        if years <= set(YEARS):
            out.append(t)
    return out


def interval(t: dict[str, Any]) -> tuple[float, float]:
    value = Decimal(str(t["value"]))
    decimals = t.get("decimals", max(0, -value.as_tuple().exponent))
    h = Decimal(5) * Decimal(10) ** (-decimals - 1)
    if t["indicator"] == "gap_pp":
        h *= 2
    lo, hi = value - h, value + h
    if t["indicator"] == "value":
        unit = UNIT[t.get("unit", "100m_cny")]
        lo, hi = lo * unit, hi * unit
    elif t["indicator"] in ("yoy", "share", "gap_pp"):
        lo, hi = lo / 100, hi / 100
        if t["indicator"] == "yoy":
            lo, hi = lo + 1, hi + 1
    if t.get("comparison") == ">=":
        hi = Decimal("Infinity")
        lo = value * UNIT[t.get("unit", "100m_cny")]
    return float(lo), float(hi)


class Lines:
    """DuckDB over the declaration lines, with membership tables for every slice dimension."""

    def __init__(self, glob: str, spec: dict[str, Any]) -> None:
        self.con = duckdb.connect()
        self.con.execute(f"CREATE VIEW lines AS SELECT * FROM read_parquet('{glob}')")
        partners = {p.code: p.iso3 for p in ref.partners()}
        self.con.execute("CREATE TABLE partner_iso(code VARCHAR, iso3 VARCHAR)")
        self.con.executemany("INSERT INTO partner_iso VALUES (?, ?)", list(partners.items()))
        # Group membership per month.
        rows = []
        groups = ref.country_groups()
        bri = spec.get("groups", {}).get("BRI_PARTNERS", {})
        excluded = set(bri.get("all_partners_except_iso3", []))
        iso_all = {v for v in partners.values() if v}
        for y in YEARS:
            for m in range(1, 13):
                for g in ("CA5", "ASEAN"):
                    rows += [(g, y * 100 + m, iso) for iso in groups.members_in_month(g, y, m)]
                rows += [("BRI_PARTNERS", y * 100 + m, iso) for iso in iso_all - excluded]
        grp_rows = pa.table(
            {
                "grp": [r[0] for r in rows],
                "month": [r[1] for r in rows],
                "iso3": [r[2] for r in rows],
            }
        )
        self.con.register("grp_rows", grp_rows)
        self.con.execute("CREATE TABLE grp AS SELECT * FROM grp_rows")
        # Product groups: reference membership by HS6 and edition, edition by data year.
        self.con.register("hs6", ref.product_group_hs6())
        self.con.execute("""
            CREATE TABLE prod AS
            SELECT DISTINCT l.hs_code, l.month // 100 AS year, h.group_id AS grp
            FROM (SELECT DISTINCT hs_code, month FROM lines) l
            JOIN hs6 h ON h.hs6 = substr(l.hs_code, 1, 6)
             AND h.edition = CASE WHEN l.month // 100 >= 2022 THEN 'HS2022' ELSE 'HS2017' END
            WHERE h.group_id IN ('mechanical_electrical', 'agricultural', 'new_three')""")
        ent = {g.code: g.type_codes for g in ref.enterprise_groups()}
        modes = {g.code: g.supervision_codes for g in ref.trade_mode_groups()}

        def case(column: str, table: dict[str, tuple[str, ...]]) -> str:
            arms = " ".join(
                f"WHEN {column} IN ({', '.join(repr(c) for c in codes)}) THEN '{name}'"
                for name, codes in table.items()
                if codes
            )
            return f"CASE {arms} END"

        # One pass that tags every line with its slice memberships; the checks then filter.
        self.con.execute(f"""
            CREATE TABLE tagged AS
            SELECT l.month, l.flow, l.partner, p.iso3, l.registration_code, l.value_cny,
                   {case("substr(l.registration_code, 6, 1)", ent)} AS enterprise_group,
                   {case("l.supervision_mode", modes)} AS trade_mode_group,
                   g.groups AS partner_groups, pr.groups AS product_groups
            FROM lines l LEFT JOIN partner_iso p ON p.code = l.partner
            LEFT JOIN (SELECT month, iso3, list(grp) AS groups FROM grp GROUP BY ALL) g
                   ON g.month = l.month AND g.iso3 = p.iso3
            LEFT JOIN (SELECT hs_code, year, list(grp) AS groups FROM prod GROUP BY ALL) pr
                   ON pr.hs_code = l.hs_code AND pr.year = l.month // 100""")

    def where(
        self, months: list[int], slice_: dict[str, str] | None, membership_month: int | None = None
    ) -> str:
        """Lines of ``months`` in the slice; country groups with their members in
        ``membership_month`` (default the last month), the rule of docs/query.md "Groups"."""
        cond = [f"month IN ({', '.join(map(str, months))})"]
        member_month = membership_month or max(months)
        for dim, member in (slice_ or {}).items():
            if dim in ("flow", "enterprise_group", "trade_mode_group"):
                cond.append(f"{dim} = '{member}'")
            elif dim == "partner":
                cond.append(f"iso3 = '{member}'")
            elif dim == "partner_group":
                cond.append(
                    f"iso3 IN (SELECT iso3 FROM grp WHERE grp = '{member}' "
                    f"AND month = {member_month})"
                )
            elif dim == "product_group":
                cond.append(f"coalesce(list_contains(product_groups, '{member}'), false)")
            else:
                raise AssertionError(f"slice {dim} not covered by the test")
        return " AND ".join(cond)

    def total(
        self, months: list[int], slice_: dict[str, str] | None, membership_month: int | None = None
    ) -> float:
        where = self.where(months, slice_, membership_month)
        return float(
            self.con.execute(
                f"SELECT coalesce(sum(value_cny), 0) FROM tagged WHERE {where}"
            ).fetchone()[0]
        )

    def count(self, months: list[int], slice_: dict[str, str] | None, what: str) -> int:
        column = "partner" if what == "partners" else "registration_code"
        return int(
            self.con.execute(
                f"SELECT count(DISTINCT {column}) FROM tagged WHERE {self.where(months, slice_)}"
            ).fetchone()[0]
        )

    def rank(self, months: list[int], partner_iso3: str) -> int:
        rows = self.con.execute(f"""
            SELECT iso3, sum(value_cny) v FROM tagged
            WHERE {self.where(months, None)} GROUP BY ALL ORDER BY v DESC""").fetchall()
        return [r[0] for r in rows].index(partner_iso3) + 1

    def achieved(self, t: dict[str, Any]) -> float:
        months = months_of(t["period"])
        base = [m - 100 for m in months]
        sl = t.get("slice") or {}
        ind = t["indicator"]
        if ind == "count":
            return self.count(months, sl, t["count_of"])
        if ind == "yoy" and t.get("count_of"):
            return self.count(months, sl, t["count_of"]) / self.count(base, sl, t["count_of"])
        if ind == "value":
            return self.total(months, sl)
        if ind == "yoy":
            return self.total(months, sl) / self.total(base, sl, membership_month=max(months))
        if ind == "share":
            return self.total(months, sl) / self.total(months, t.get("of") or {})
        if ind == "rank":
            return self.rank(months, sl["partner"])
        raise AssertionError(f"indicator {ind} not covered by the test")


def achieved_ok(value: float, lo: float, hi: float) -> bool:
    """Inside the displayed-rounding interval (bounds included; 1e-9 relative slack for float
    sums of exact decimals)."""
    slack = 1e-9 * max(abs(lo), abs(hi) if hi != float("inf") else 0, 1)
    return lo - slack <= value <= hi + slack
