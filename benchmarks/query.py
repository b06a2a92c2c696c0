"""Query benchmark: tradestat against hand-written DuckDB SQL and pandas, side by side.

    python benchmarks/query.py --rows 10000000 [--rows 100000000] [--out benchmarks/results]

For each size it builds a warehouse of synthetic declaration lines (two years, one region,
partners / HS codes / modes / enterprises drawn deterministically from row numbers, written with
one INSERT ... SELECT so that building 10^8 rows takes minutes, not hours), then:

* runs 10 bulletin-type queries through ``tradestat.connect(...).query`` and the same question as
  hand-written DuckDB SQL on the same file, each warm (best of 3), and reports the ratio;
* runs a batch of 50 bulletin figures through ``query_many`` (warm, best of 3);
* at the smallest size, runs the same 50 figures in pandas over the records already in memory.

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
from tradestat.warehouse import Warehouse

PARTNERS = ("145", "146", "147", "149", "344", "141", "136", "502", "116", "410")
HS = ("85044014", "87032390", "08061000", "62034200", "85414200", "72142000", "39011000",
      "84713000", "61091000", "27090000")
TRADE_MODES = (("10", "0110"), ("19", "4019"), ("33", "1233"), ("10", "9610"))
ETYPES = ("6", "6", "6", "6", "1", "2", "7", "9")


def _pick(values: tuple[str, ...], salt: int) -> str:
    items = ", ".join(f"'{v}'" for v in values)
    return f"([{items}])[1 + (hash(i + {salt}) % {len(values)})::INTEGER]"


def build(path: Path, rows: int) -> None:
    """A warehouse with ``rows`` synthetic lines over 2024-2025 for region 65 (one load)."""
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    with Warehouse(path):
        pass  # creates the schema
    con = duckdb.connect(str(path))
    modes = ", ".join(f"('{a}', '{b}')" for a, b in TRADE_MODES)
    con.execute(f"""
        INSERT INTO records (load_id, month, region_code, region_basis, flow, partner_code,
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
    con.execute("""INSERT INTO coverage SELECT 1, 'declarations', month, region_code,
        region_basis, flow, count(*) FROM records GROUP BY ALL""")
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

SLICES = [
    {}, {"by": "flow"}, {"by": "partner", "top": 10}, {"where": {"partner_group": "CA5"}},
    {"where": {"partner_group": "ASEAN"}}, {"where": {"partner_group": "RCEP"}},
    {"by": "enterprise_group"}, {"by": "trade_mode_group"}, {"by": "chapter", "top": 10},
    {"by": "customs_district"}, {"by": "transport_mode"},
    {"where": {"product_group": "mechanical_electrical"}, "flow": "export"},
    {"where": {"product_group": "agricultural"}, "flow": "export"},
    {"where": {"product_group": "labour_intensive"}, "flow": "export"},
    {"by": "partner", "flow": "export", "top": 5}, {"by": "partner", "flow": "import", "top": 5},
    {"measures": "value_usd"},
]
PERIODS = ["2025", "2025-YTD06", "2025-06"]


def bulletin_batch() -> list[dict]:
    """Fifty-one figures of an annual bulletin: 17 slices × (year, Jan-Jun, June)."""
    return [{"period": p, "region": "65", **s} for p in PERIODS for s in SLICES]


def best_of(fn, repeat: int = 3) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pandas_batch(frame, figures: list[dict]) -> None:
    """The same figures in pandas, written directly (current and base sums per slice)."""
    from tradestat.model.semantic import default_model

    model = default_model()
    groups = model.level("partner_group").group_source()
    products = model.level("product_group").group_source()
    etype_group = model.level("enterprise_group").code_map()
    mode_group = model.level("trade_mode_group").code_map()
    for fig in figures:
        period = tradestat.periods.Period.parse(fig["period"])
        base = period.previous_year()
        months = set(period.months()) | set(base.months())
        f = frame[frame["month"].isin(months)]
        if fig.get("flow"):
            f = f[f["flow"] == fig["flow"]]
        for level, member in (fig.get("where") or {}).items():
            if level == "partner_group":
                codes = groups.months_by_partner(member, [period.end])
                f = f[f["partner_code"].isin(list(codes))]
            else:
                include = products.prefixes(member)["HS2022"][0]
                f = f[f["hs_code"].str.startswith(tuple(include))]
        role = f["month"].isin(set(period.months())).map({True: "current", False: "base"})
        measure = fig.get("measures", "value_cny")
        by = fig.get("by")
        keys = [role]
        if by == "flow":
            keys.append(f["flow"])
        elif by == "partner":
            keys.append(f["partner_code"])
        elif by == "enterprise_group":
            keys.append(f["enterprise_type"].map(etype_group))
        elif by == "trade_mode_group":
            keys.append(f["trade_mode"].map(mode_group))
        elif by == "chapter":
            keys.append(f["hs_code"].str[:2])
        elif by in ("customs_district", "transport_mode"):
            keys.append(f[by])
        f[measure].groupby(keys).sum()


def run(rows: int, folder: Path, with_pandas: bool) -> dict:
    path = folder / f"bench_query_{rows}.duckdb"
    start = time.perf_counter()
    build(path, rows)
    built = time.perf_counter() - start
    session = tradestat.connect(path)
    hand = duckdb.connect(str(path), read_only=True)
    cases = []
    for name, kwargs, sql in CASES:
        t_ts = best_of(lambda kw=kwargs: session.query(**kw))
        t_sql = best_of(lambda s=sql: hand.sql(s).fetchall())
        cases.append({"case": name, "tradestat_s": t_ts, "hand_sql_s": t_sql,
                      "ratio": t_ts / t_sql, "rows_per_s": rows / t_ts})
    figures = bulletin_batch()
    t_batch = best_of(lambda: session.query_many(figures))
    t_single = sum(best_of(lambda f=f: session.query(**f), repeat=1) for f in figures[:17])
    out = {"rows": rows, "build_s": built, "cases": cases,
           "median_ratio": statistics.median(c["ratio"] for c in cases),
           "batch_figures": len(figures), "batch_s": t_batch,
           "first_17_figures_one_by_one_s": t_single}
    if with_pandas:
        frame = hand.sql("SELECT month, flow, partner_code, hs_code, trade_mode, "
                         "enterprise_type, customs_district, transport_mode, "
                         "value_cny::DOUBLE AS value_cny, value_usd::DOUBLE AS value_usd "
                         "FROM records").df()
        t_pandas = best_of(lambda: pandas_batch(frame, figures), repeat=1)
        out["pandas_batch_s"] = t_pandas
        out["pandas_over_tradestat"] = t_pandas / t_batch
        del frame
    out["peak_rss_mb"] = peak_rss_mb()
    session.close()
    hand.close()
    path.unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="sizes (repeatable)")
    parser.add_argument("--folder", type=Path, default=Path("out/bench"))
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/query.json"))
    args = parser.parse_args(argv)
    sizes = args.rows or [10_000_000]
    args.folder.mkdir(parents=True, exist_ok=True)
    results = [run(n, args.folder, with_pandas=(n == min(sizes))) for n in sizes]
    for r in results:
        print(f"\n{r['rows']:,} rows (built in {r['build_s']:.1f} s)")
        print(f"{'case':32} {'tradestat s':>12} {'hand SQL s':>11} {'ratio':>6} {'rows/s':>14}")
        for c in r["cases"]:
            print(f"{c['case']:32} {c['tradestat_s']:12.3f} {c['hand_sql_s']:11.3f} "
                  f"{c['ratio']:6.2f} {c['rows_per_s']:14,.0f}")
        print(f"median ratio {r['median_ratio']:.2f}; batch of {r['batch_figures']} figures "
              f"{r['batch_s']:.2f} s (17 of them one by one: "
              f"{r['first_17_figures_one_by_one_s']:.2f} s)")
        if "pandas_batch_s" in r:
            print(f"pandas, same batch, data already in memory: {r['pandas_batch_s']:.2f} s "
                  f"({r['pandas_over_tradestat']:.1f}x tradestat)")
        print(f"peak RSS {r['peak_rss_mb']:.0f} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
