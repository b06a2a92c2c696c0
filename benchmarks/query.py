"""Query benchmark: tradestat against hand-written DuckDB SQL and pandas, side by side.

    python benchmarks/query.py --rows 10000000 [--rows 100000000] [--folder DIR --keep]

For each size it builds a warehouse of synthetic declaration lines (two years, one region,
partners / HS codes / modes / enterprises drawn deterministically from row numbers, written with
one INSERT ... SELECT so that building 10^8 rows takes minutes, not hours), a small national
dataset, and the load-time aggregates a load writes; ``--keep`` keeps it and reuses it. Then:

* runs 10 bulletin-type queries three ways, interleaved, medians of ``--repeat`` warm runs:
  tradestat as shipped (``tradestat.connect(...).query``, load-time aggregates on), tradestat on
  the records only (aggregates off: the query layer's own overhead), and the same question as
  hand-written DuckDB SQL on the records of the same file; ratios are against the hand SQL;
* runs the figures of an annual bulletin (``bulletin_batch``) through ``query_many`` both ways;
* at the smallest size, runs the same figures in pandas over the records already in memory.

Peak memory is the process's VmHWM. Numbers are printed as a table and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import duckdb

import tradestat
from tradestat.engines.duckdb import DuckDBEngine
from tradestat.session import Session
from tradestat.warehouse import Warehouse
from tradestat.warehouse.aggregates import write_aggregates

PARTNERS = ("145", "146", "147", "149", "344", "141", "136", "502", "116", "410")
HS = ("85044014", "87032390", "08061000", "62034200", "85414200", "72142000", "39011000",
      "84713000", "61091000", "27090000")
TRADE_MODES = (("10", "0110"), ("19", "4019"), ("33", "1233"), ("10", "9610"))
ETYPES = ("6", "6", "6", "6", "1", "2", "7", "9")


def _pick(values: tuple[str, ...], salt: int) -> str:
    items = ", ".join(f"'{v}'" for v in values)
    return f"([{items}])[1 + (hash(i + {salt}) % {len(values)})::INTEGER]"


def build(path: Path, rows: int) -> None:
    """A warehouse with ``rows`` synthetic lines over 2024-2025 for region 65 (load 1), a small
    national dataset (load 2) and their load-time aggregates, as a load would write them."""
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    with Warehouse(path):
        pass  # creates the schema
    con = duckdb.connect(str(path))
    modes = ", ".join(f"('{a}', '{b}')" for a, b in TRADE_MODES)
    con.execute(f"""
        INSERT INTO records_wide (load_id, month, region_code, region_basis, flow, partner_code,
            partner_basis, hs_code, hs_edition, trade_mode, supervision_mode, enterprise_type,
            enterprise_id, customs_district, transport_mode, value_cny, value_usd,
            declaration_id, declaration_line)
        SELECT 1,
            (2024 + (i % 2)::INTEGER) * 100 + 1 + (hash(i + 1) % 12)::INTEGER,
            '65', 'registered',
            CASE WHEN hash(i + 2) % 8 = 0 THEN 'import' ELSE 'export' END,
            {_pick(PARTNERS, 3)}, 'origin_destination', {_pick(HS, 4)}, 'HS2022',
            m.tm, m.sm, {_pick(ETYPES, 5)}, 'E' || (hash(i + 6) % 5000)::VARCHAR,
            ['9401', '9402', '9403'][1 + (hash(i + 7) % 3)::INTEGER],
            ['4', '3', '5'][1 + (hash(i + 8) % 3)::INTEGER],
            ((hash(i + 9) % 10000000) / 100)::DECIMAL(18, 2),
            ((hash(i + 9) % 10000000) / 700)::DECIMAL(18, 2),
            'D' || i::VARCHAR, 1
        FROM range({rows}) t(i)
        JOIN (SELECT row_number() OVER () - 1 AS k, * FROM (VALUES {modes}) v(tm, sm)) m
          ON m.k = hash(i + 10) % {len(TRADE_MODES)}""")
    con.execute("""INSERT INTO loads VALUES (1, 'declarations', 'declarations', 'declaration',
        'synthetic', 'none', 0, '{}', DATE '2026-01-20', true, ?, ?, 0,
        now()::TIMESTAMP, now()::TIMESTAMP, '', 'bench')""", [rows, rows])
    partners = ", ".join(f"'{p}'" for p in PARTNERS)
    chapters = ", ".join(f"'{h[:2]}'" for h in HS)
    con.execute(f"""INSERT INTO records_wide (load_id, month, region_code, region_basis, flow,
            partner_code, partner_basis, hs_code, hs_edition, value_cny)
        SELECT 2, y * 100 + m, 'CN', 'national', f, p, 'origin_destination', h, 'HS2022',
            (1000000 + hash(y, m, f, p, h) % 1000000000)::DECIMAL(18, 2)
        FROM range(2024, 2026) a(y), range(1, 13) b(m), (VALUES ('import'), ('export')) c(f),
             unnest([{partners}]) d(p), unnest([{chapters}]) e(h)""")
    con.execute("""INSERT INTO loads VALUES (2, 'national', 'gacc', 'aggregate',
        'synthetic', 'none2', 0, '{}', DATE '2026-01-20', true, 4800, 4800, 0,
        now()::TIMESTAMP, now()::TIMESTAMP, '', 'bench')""")
    con.execute("""INSERT INTO coverage SELECT load_id, CASE load_id WHEN 1 THEN 'declarations'
        ELSE 'national' END, month, region_code, region_basis, flow, count(*)
        FROM records GROUP BY ALL""")
    con.execute("BEGIN")
    write_aggregates(con, 1, rows)
    write_aggregates(con, 2, 4800)
    con.execute("COMMIT")
    con.close()


#: (name, tradestat kwargs, hand-written SQL) — the same question both ways.
CASES = [
    ("total 2025 + yoy", dict(period="2025", region="65"),
     "SELECT month // 100 AS y, sum(value_cny) FROM records WHERE region_code = '65' "
     "AND month BETWEEN 202401 AND 202512 GROUP BY y"),
    ("by flow", dict(period="2025", region="65", by="flow"),
     "SELECT month // 100 AS y, flow, sum(value_cny) FROM records WHERE region_code = '65' "
     "AND month BETWEEN 202401 AND 202512 GROUP BY y, flow"),
    ("top partners", dict(period="2025", region="65", by="partner", top=5),
     "SELECT month // 100 AS y, partner_code, sum(value_cny) FROM records "
     "WHERE region_code = '65' AND month BETWEEN 202401 AND 202512 GROUP BY ALL"),
    ("Central Asia", dict(period="2025", region="65", where={"partner_group": "CA5"}),
     "SELECT month // 100 AS y, sum(value_cny) FILTER (WHERE partner_code IN "
     "('145','146','147','148','149')), sum(value_cny) FROM records WHERE region_code = '65' "
     "AND month BETWEEN 202401 AND 202512 GROUP BY y"),
    ("enterprise groups", dict(period="2025", region="65", by="enterprise_group"),
     "SELECT month // 100 AS y, CASE WHEN enterprise_type IN ('5','6','7') THEN 'private' "
     "WHEN enterprise_type = '1' THEN 'soe' WHEN enterprise_type IN ('2','3','4') THEN 'fie' "
     "ELSE 'other' END AS g, sum(value_cny) FROM records WHERE region_code = '65' "
     "AND month BETWEEN 202401 AND 202512 GROUP BY ALL"),
    ("trade mode groups, exports", dict(period="2025", region="65", by="trade_mode_group",
                                        flow="export"),
     "SELECT month // 100 AS y, CASE WHEN trade_mode = '10' THEN 'ordinary' WHEN trade_mode "
     "IN ('14', '15') THEN 'processing' WHEN trade_mode = '19' THEN 'border_small' WHEN "
     "trade_mode IN ('33', '34') THEN 'bonded' ELSE 'other' END AS g, sum(value_cny) "
     "FROM records WHERE region_code = '65' AND flow = 'export' "
     "AND month BETWEEN 202401 AND 202512 GROUP BY ALL"),
    ("HS chapters", dict(period="2025", region="65", by="chapter", top=10),
     "SELECT month // 100 AS y, substr(hs_code, 1, 2) AS ch, sum(value_cny) FROM records "
     "WHERE region_code = '65' AND month BETWEEN 202401 AND 202512 GROUP BY ALL"),
    ("monthly trend", dict(period="2025", region="65", by="month"),
     "SELECT month, sum(value_cny) FROM records WHERE region_code = '65' "
     "AND month BETWEEN 202401 AND 202512 GROUP BY month"),
    ("active enterprises", dict(period="2025", region="65", measures="enterprises"),
     "SELECT month // 100 AS y, count(DISTINCT enterprise_id) FROM records "
     "WHERE region_code = '65' AND month BETWEEN 202401 AND 202512 GROUP BY y"),
    ("Jan-May, USD, by port", dict(period="2025-YTD05", region="65", by="customs_district",
                                  measures="value_usd"),
     "SELECT month // 100 AS y, customs_district, sum(value_usd) FROM records "
     "WHERE region_code = '65' AND (month BETWEEN 202501 AND 202505 OR month BETWEEN 202401 "
     "AND 202405) GROUP BY ALL"),
]

YEAR = {"period": "2025", "region": "65"}
NATIONAL = {"period": "2025", "region": "CN", "region_basis": "national"}


def bulletin_batch() -> list[dict]:
    """The figures of an annual bulletin for region 65 in 2025 (each against 2024), as the
    bulletin asks them: totals, months, partners, groups, products, enterprises, modes, ports,
    transport, counts, the national context and the ranking of regions; then the same core
    figures for the last month and for the first half."""
    figures: list[dict] = [
        {**YEAR, "indicators": "yoy"}, {**YEAR, "by": "flow", "indicators": "yoy,share"},
        {**YEAR, "measures": "value_usd", "indicators": "yoy"},
        {**YEAR, "by": "flow", "measures": "value_usd", "indicators": "yoy"},
        {"period": "2024", "region": "65", "by": "flow"},
        {**YEAR, "by": "month"}, {**YEAR, "by": "month", "flow": "export"},
        {**YEAR, "by": "month", "flow": "import"},
        {**YEAR, "by": "partner", "top": 10, "indicators": "yoy,share"},
        {**YEAR, "by": "partner", "flow": "export", "top": 10, "indicators": "yoy,share"},
        {**YEAR, "by": "partner", "flow": "import", "top": 10, "indicators": "yoy,share"},
        {**YEAR, "by": "partner_group", "indicators": "yoy,share"},
        *({**YEAR, "where": {"partner_group": g}, "indicators": "yoy,share"}
          for g in ("CA5", "ASEAN", "RCEP", "EU27", "SCO")),
        {**YEAR, "by": "product_group", "flow": "export", "indicators": "yoy,share"},
        {**YEAR, "by": "product_group", "flow": "import", "indicators": "yoy,share"},
        *({**YEAR, "where": {"product_group": g}, "flow": "export", "indicators": "yoy,share"}
          for g in ("mechanical_electrical", "high_tech", "labour_intensive", "agricultural",
                    "new_three")),
        {**YEAR, "by": "chapter", "flow": "export", "top": 10, "indicators": "yoy,share"},
        {**YEAR, "by": "chapter", "flow": "import", "top": 10, "indicators": "yoy,share"},
        {**YEAR, "by": "heading", "flow": "export", "top": 10, "indicators": "yoy"},
        {**YEAR, "by": "enterprise_group", "indicators": "yoy,share,contribution"},
        {**YEAR, "by": "enterprise_group", "flow": "export", "indicators": "yoy,share"},
        {**YEAR, "by": "enterprise_group", "flow": "import", "indicators": "yoy,share"},
        {**YEAR, "by": "trade_mode_group", "indicators": "yoy,share"},
        {**YEAR, "by": "trade_mode_group", "flow": "export", "indicators": "yoy,share"},
        {**YEAR, "by": "customs_district", "indicators": "yoy,share"},
        {**YEAR, "by": "transport_mode", "indicators": "yoy,share"},
        {**YEAR, "measures": "partners", "indicators": "yoy"},
        {**YEAR, "measures": "enterprises", "indicators": "yoy"},
        {**YEAR, "by": "flow", "measures": "enterprises", "indicators": "yoy"},
        {**NATIONAL, "indicators": "yoy"}, {**NATIONAL, "by": "flow", "indicators": "yoy"},
        {**NATIONAL, "by": "partner_group", "indicators": "yoy"},
        {"period": "2025", "by": "region", "indicators": "yoy,rank"},
    ]
    for period in ("2025-12", "2025-YTD06"):
        ask = {"period": period, "region": "65"}
        figures += [
            {**ask, "indicators": "yoy"}, {**ask, "by": "flow", "indicators": "yoy"},
            {**ask, "by": "partner", "top": 10, "indicators": "yoy,share"},
            {**ask, "by": "partner_group", "indicators": "yoy,share"},
            {**ask, "by": "enterprise_group", "indicators": "yoy,share"},
            {**ask, "where": {"product_group": "mechanical_electrical"}, "flow": "export",
             "indicators": "yoy"},
            {**ask, "by": "flow", "measures": "value_usd", "indicators": "yoy"},
            {**NATIONAL, "period": period, "indicators": "yoy"},
        ]
    return figures


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def medians(fns: dict[str, object], repeat: int) -> dict[str, float]:
    """Median wall time of each function, run in turn (interleaved) after one warm-up each, so
    that other jobs on the machine slow all of them alike."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            times[name].append(timed(fn))
    return {name: statistics.median(t) for name, t in times.items()}


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pandas_batch(frame, figures: list[dict]) -> None:
    """The same figures in pandas, written directly: current and base values per member."""
    from tradestat.model.semantic import default_model

    model = default_model()
    partner_groups = model.level("partner_group")
    product_groups = model.level("product_group")
    mapped = {name: (model.level(name).code_map(), str(model.level(name).spec.from_))
              for name in ("enterprise_group", "trade_mode_group")}
    column_of = {"flow": "flow", "partner": "partner_code", "month": "month",
                 "customs_district": "customs_district", "transport_mode": "transport_mode",
                 "region": "region_code"}

    def partner_mask(f, group, end):
        codes = partner_groups.group_source().months_by_partner(group, [end])
        return f["partner_code"].isin(list(codes))

    def product_mask(f, group):
        include, exclude = product_groups.group_source().prefixes(group)["HS2022"]
        mask = f["hs_code"].str.startswith(tuple(include))
        return mask & ~f["hs_code"].str.startswith(tuple(exclude)) if exclude else mask

    def aggregate(f, keys, measure):
        if measure == "enterprises":
            return f.groupby(keys)["enterprise_id"].nunique()
        if measure == "partners":
            return f.groupby(keys)["partner_code"].nunique()
        return f.groupby(keys)[measure].sum()

    for fig in figures:
        period = tradestat.periods.Period.parse(fig["period"])
        base = period.previous_year()
        f = frame[frame["month"].isin(set(period.months()) | set(base.months()))]
        f = f[f["region_basis"] == fig.get("region_basis", "registered")]
        if fig.get("region") and fig["region"] != "CN":
            f = f[f["region_code"] == fig["region"]]
        if fig.get("flow"):
            f = f[f["flow"] == fig["flow"]]
        for level, member in (fig.get("where") or {}).items():
            f = f[partner_mask(f, member, period.end) if level == "partner_group"
                  else product_mask(f, member)]
        role = f["month"].isin(set(period.months())).map({True: "current", False: "base"})
        measure = fig.get("measures", "value_cny")
        by = fig.get("by")
        if by in ("partner_group", "product_group"):
            for group in (partner_groups if by == "partner_group" else product_groups).groups():
                if by == "partner_group":
                    if not partner_groups.group_source().has_members(group):
                        continue
                    mask = partner_mask(f, group, period.end)
                else:
                    mask = product_mask(f, group)
                aggregate(f[mask], [role[mask]], measure)
            continue
        keys = [role]
        if by in column_of:
            month = f["month"]
            keys.append(month.where(role == "current", month + 100) if by == "month"
                        else f[column_of[by]])
        elif by in mapped:
            code_map, source = mapped[by]
            keys.append(f[source].map(code_map))
        elif by in ("chapter", "heading"):
            keys.append(f["hs_code"].str[:2 if by == "chapter" else 4])
        aggregate(f, keys, measure)


def _reuse_or_build(path: Path, rows: int) -> float:
    """Seconds spent building (0 when a warehouse of that size from this script is there)."""
    if path.exists():
        con = duckdb.connect(str(path), read_only=True)
        try:
            found = con.execute("SELECT count(*) FROM records WHERE load_id = 1").fetchall()
        finally:
            con.close()
        if found == [(rows,)]:
            return 0.0
    return timed(lambda: build(path, rows))


def run(rows: int, folder: Path, with_pandas: bool, repeat: int, keep: bool) -> dict:
    path = folder / f"bench_query_{rows}.duckdb"
    built = _reuse_or_build(path, rows) if keep else timed(lambda: build(path, rows))
    fast = tradestat.connect(path)
    plain = Session(DuckDBEngine(path, aggregates=False))
    hand = duckdb.connect(str(path), read_only=True)
    cases = []
    for name, kwargs, sql in CASES:
        t = medians({"tradestat": lambda kw=kwargs: fast.query(**kw),
                     "records": lambda kw=kwargs: plain.query(**kw),
                     "hand": lambda s=sql: hand.sql(s).fetchall()}, repeat)
        cases.append({"case": name, "tradestat_s": t["tradestat"], "records_only_s":
                      t["records"], "hand_sql_s": t["hand"],
                      "ratio": t["tradestat"] / t["hand"],
                      "ratio_records_only": t["records"] / t["hand"],
                      "rows_per_s": rows / t["tradestat"],
                      "rows_per_s_records_only": rows / t["records"]})
    figures = bulletin_batch()
    batch = medians({"tradestat": lambda: fast.query_many(figures),
                     "records": lambda: plain.query_many(figures)}, repeat)
    one_by_one = timed(lambda: [fast.query(**f) for f in figures])
    out = {"rows": rows, "build_s": built, "cases": cases, "repeat": repeat,
           "median_ratio": statistics.median(c["ratio"] for c in cases),
           "median_ratio_records_only": statistics.median(
               c["ratio_records_only"] for c in cases),
           "batch_figures": len(figures), "batch_s": batch["tradestat"],
           "batch_records_only_s": batch["records"], "one_by_one_s": one_by_one}
    if with_pandas:
        frame = hand.sql("SELECT month, region_code, region_basis, flow, partner_code, hs_code, "
                         "trade_mode, enterprise_type, enterprise_id, customs_district, "
                         "transport_mode, value_cny::DOUBLE AS value_cny, "
                         "value_usd::DOUBLE AS value_usd FROM records").df()
        t_pandas = timed(lambda: pandas_batch(frame, figures))
        out["pandas_batch_s"] = t_pandas
        out["pandas_over_tradestat"] = t_pandas / batch["tradestat"]
        out["pandas_over_records_only"] = t_pandas / batch["records"]
        del frame
    out["peak_rss_mb"] = peak_rss_mb()
    fast.close()
    plain.close()
    hand.close()
    if not keep:
        path.unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="sizes (repeatable)")
    parser.add_argument("--folder", type=Path, default=Path("out/bench"))
    parser.add_argument("--keep", action="store_true",
                        help="keep the warehouses and reuse one of the same size if present")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/query.json"))
    args = parser.parse_args(argv)
    sizes = args.rows or [10_000_000]
    args.folder.mkdir(parents=True, exist_ok=True)
    results = [run(n, args.folder, not args.no_pandas and n == min(sizes), args.repeat,
                   args.keep) for n in sizes]
    for r in results:
        print(f"\n{r['rows']:,} rows (built in {r['build_s']:.1f} s; medians of {r['repeat']})")
        print(f"{'case':30} {'tradestat s':>11} {'records s':>10} {'hand SQL s':>10} "
              f"{'ratio':>6} {'ratio rec':>9} {'rows/s':>14}")
        for c in r["cases"]:
            print(f"{c['case']:30} {c['tradestat_s']:11.3f} {c['records_only_s']:10.3f} "
                  f"{c['hand_sql_s']:10.3f} {c['ratio']:6.2f} {c['ratio_records_only']:9.2f} "
                  f"{c['rows_per_s']:14,.0f}")
        print(f"median ratio {r['median_ratio']:.2f} (records only: "
              f"{r['median_ratio_records_only']:.2f}); batch of {r['batch_figures']} figures "
              f"{r['batch_s']:.2f} s (records only {r['batch_records_only_s']:.2f} s; one by one "
              f"{r['one_by_one_s']:.2f} s)")
        if "pandas_batch_s" in r:
            print(f"pandas, same batch, data already in memory: {r['pandas_batch_s']:.2f} s "
                  f"({r['pandas_over_tradestat']:.1f}x tradestat, "
                  f"{r['pandas_over_records_only']:.1f}x records only)")
        print(f"peak RSS {r['peak_rss_mb']:.0f} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
