"""Ingest benchmark: tradestat's validated load against DuckDB's own reader, side by side.

For a GACC-format CSV (UTF-8 and GBK) and the same data as Parquet, at two sizes, this measures in
one run and on the same files:

- ``duckdb-read``      SELECT bit_xor(hash(COLUMNS(*))) FROM read_csv(...) / read_parquet(...)
                       (DuckDB parses every column, stores nothing; results before 2026-11-25
                       used count(*), which for CSV skips the type conversions and for Parquet
                       reads only the metadata)
- ``duckdb-store``     CREATE TABLE AS SELECT * FROM read_csv(...) / read_parquet(...)
                       (DuckDB parse + store)
- ``duckdb-canonical`` INSERT INTO <table> SELECT <casts> FROM read_csv(...) (no validation, no
                       lookups): what DuckDB needs just to parse the file and store it in a table
                       of all 24 canonical columns (``records_wide``). Not a target; it shows how
                       much of the gap is the width of the canonical table rather than
                       validation (tradestat itself stores only the columns a source fills).
- ``tradestat``        open_source + Warehouse.load (parse, validate against the code lists,
                       quarantine, duplicate-key check, load-time aggregates, store with
                       provenance)
- ``tradestat-base``   the same with another copy of tradestat (``--baseline SRC``, e.g. an
                       exported older commit), to compare code versions in one run

Each measurement runs in its own child process so that peak memory (max RSS) is its own. The
report gives seconds, rows/s, CPU seconds (user + system, the child and its workers), peak RSS
and the throughput ratios against duckdb-read and duckdb-store (GBK against the UTF-8 file's:
DuckDB cannot read GBK without its encodings extension). With ``--repeat N`` every variant runs
N times, interleaved, and the median is reported: on a shared machine wall time swings by half
between runs, so only ratios measured side by side mean anything (CPU seconds are steadier).
Target (issue 2): ratio >= 0.5 with validation on; peak memory flat as the file grows.

Usage: python benchmarks/ingest.py [--rows 10000000] [--small-rows 2000000] [--large-rows N]
       [--repeat 1] [--keep]
       [--kinds csv,gbk,parquet] [--baseline SRC_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"

HEADER = (
    "数据年月",
    "商品编码",
    "贸易伙伴编码",
    "贸易方式编码",
    "注册地编码",
    "第一数量",
    "第一计量单位",
    "人民币",
)
MAPPING = """\
source: {format: parquet}
columns:
  month: 数据年月
  hs_code: 商品编码
  partner_code: 贸易伙伴编码
  trade_mode: 贸易方式编码
  region_code: 注册地编码
  quantity1: 第一数量
  unit1: 第一计量单位
  value_cny: 人民币
constants: {flow: export}
region_basis: registered
"""


def _code_lists() -> dict[str, list[str]]:
    from tradestat import reference as ref

    hs6 = sorted(
        c for c in ref.hs_nomenclature("HS2022").codes() if len(c) == 6 and not c.startswith("99")
    )
    return {
        "hs8": [c + "00" for c in hs6],
        "partners": sorted(ref.partners().codes()),
        "regions": sorted(ref.provinces().codes()),
        "modes": ["10", "19", "14", "15", "33", "34", "39"],
    }


def generate(rows: int, folder: Path) -> dict[str, Path]:
    """Write the CSV (UTF-8 and GBK) and Parquet files with ``rows`` unique-key rows."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "csv": folder / f"gacc_{rows}.csv",
        "gbk": folder / f"gacc_{rows}_gbk.csv",
        "parquet": folder / f"gacc_{rows}.parquet",
        "mapping": folder / "mapping.yaml",
    }
    paths["mapping"].write_text(MAPPING, encoding="utf-8")
    if all(p.exists() for p in paths.values()):
        return paths
    lists = _code_lists()
    con = duckdb.connect()
    for name, values in lists.items():
        con.execute(
            f"CREATE TABLE {name} AS SELECT unnest(?::VARCHAR[]) AS code, "
            "generate_subscripts(?::VARCHAR[], 1) - 1 AS idx",
            [values, values],
        )
    n = {k: len(v) for k, v in lists.items()}
    months = 48
    # Mixed radix over (month, region, mode, partner, block) keeps every key unique.
    con.execute(f"""
    CREATE TABLE gen AS
    SELECT (2022 + (i % {months}) // 12) * 100 + (i % {months}) % 12 + 1 AS month,
           (i // {months}) % {n["regions"]} AS r,
           (i // {months * n["regions"]}) % {n["modes"]} AS m,
           (i // {months * n["regions"] * n["modes"]}) % {n["partners"]} AS p,
           i // {months * n["regions"] * n["modes"] * n["partners"]} AS block, i
    FROM range({rows}) t(i)""")
    con.execute(f"""
    CREATE TABLE rows_ AS
    SELECT g.month::VARCHAR AS "数据年月", h.code AS "商品编码", p.code AS "贸易伙伴编码",
           m.code AS "贸易方式编码", r.code AS "注册地编码",
           ((i * 7) % 100000)::VARCHAR AS "第一数量",
           '千克' AS "第一计量单位", format('{{:,}}', (i * 104729) % 9000000000 + 1000) AS "人民币"
    FROM gen g
    JOIN regions r ON r.idx = g.r JOIN modes m ON m.idx = g.m JOIN partners p ON p.idx = g.p
    JOIN hs8 h ON h.idx = (g.block + g.p * 37 + g.month * 11) % {n["hs8"]}
    ORDER BY i""")
    line = " || '\",\"' || ".join(f'"{h}"' for h in HEADER)
    header = ",".join(f'"{h}"' for h in HEADER) + ","
    con.execute(f"""COPY (SELECT '"' || {line} || '",' AS l FROM rows_)
                   TO '{paths["csv"]}.body' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '',
                   DELIMITER '\\x01')""")
    with paths["csv"].open("wb") as out, Path(f"{paths['csv']}.body").open("rb") as body:
        out.write((header + "\n").encode())
        shutil.copyfileobj(body, out, 1 << 24)
    Path(f"{paths['csv']}.body").unlink()
    with paths["csv"].open("rb") as src, paths["gbk"].open("wb") as dst:
        carry = b""
        while chunk := src.read(1 << 24):
            chunk = carry + chunk
            cut = chunk.rfind(b"\n") + 1
            carry = chunk[cut:]
            dst.write(chunk[:cut].decode("utf-8").encode("gb18030"))
        dst.write(carry.decode("utf-8").encode("gb18030"))
    con.execute(f"COPY rows_ TO '{paths['parquet']}' (FORMAT parquet)")
    return paths


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM). Unlike getrusage's ru_maxrss it starts
    afresh at exec, so it does not inherit the parent's peak from before the fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _canonical_insert(path: str) -> str:
    """DuckDB's own parse of the file, cast to the canonical columns, no checks or lookups."""
    if path.endswith(".parquet"):
        scan = f"read_parquet('{path}')"
    else:
        scan = f"read_csv('{path}', all_varchar=true)"
    return f"""INSERT INTO records SELECT 1, "数据年月"::INTEGER, "注册地编码", 'registered',
        'export', "贸易伙伴编码", NULL, 'origin_destination', "商品编码", 'HS2022', "贸易方式编码",
        NULL, NULL, NULL, NULL, NULL, replace("人民币", ',', '')::DECIMAL(18,2), NULL,
        replace("第一数量", ',', '')::DECIMAL(18,3), "第一计量单位", NULL, NULL, NULL, NULL
        FROM {scan}"""


def child(variant: str, path: str, mapping: str) -> dict:
    """Run one measurement in this (child) process and return its figures."""
    import duckdb

    # Libraries are imported before the clock starts, for tradestat as for DuckDB; the reference
    # data tradestat validates against is loaded inside the measurement (every load needs it).
    from tradestat.ingest import IngestOptions, open_source
    from tradestat.model.records import CANONICAL_FIELDS
    from tradestat.warehouse import Warehouse

    try:
        from tradestat.warehouse.parts import table_ddl
    except ImportError:  # a --baseline from before parts: it runs only the tradestat variant
        table_ddl = None

    workdir = Path(tempfile.mkdtemp(prefix="tradestat-bench-"))
    db = workdir / "w.duckdb"
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    rows = 0
    try:
        if variant == "duckdb-read":
            reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
            con = duckdb.connect()
            # A cheap aggregate over every value: max() would be answered from Parquet's
            # statistics without reading the data.
            con.execute(f"SELECT bit_xor(hash(COLUMNS(*))) FROM {reader}('{path}')").fetchall()
            seconds_read = time.perf_counter() - started
            cpu_read = _cpu_seconds() - cpu_started
            # Bookkeeping after the clock (until 2026-11-24 this count, a second read of the
            # file, was inside the measured time: duckdb-read looked 1.6x slower than it is).
            rows = con.execute(f"SELECT count(*) FROM {reader}('{path}')").fetchall()[0][0]
        elif variant == "duckdb-store":
            con = duckdb.connect(str(db))
            reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
            con.execute(f"CREATE TABLE raw AS SELECT * FROM {reader}('{path}')")
            rows = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
            con.close()
        elif variant == "duckdb-canonical":
            con = duckdb.connect(str(db))
            con.execute(table_ddl("records", tuple(f.name for f in CANONICAL_FIELDS)))
            rows = con.execute(_canonical_insert(path)).fetchall()[0][0]
            con.close()
        else:
            if path.endswith(".parquet"):
                options = IngestOptions(format="mapped", mapping=Path(mapping))
            else:
                options = IngestOptions(format="gacc", flow="export")
            with Warehouse(db) as wh:
                report = wh.load(open_source(path, options))
            rows = report.rows_loaded
            assert report.rows_quarantined == 0, report.reasons
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
        if variant == "duckdb-read":  # the row count is bookkeeping, not part of the read
            seconds, cpu = seconds_read, cpu_read
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    peak_mb = _peak_rss_mb()
    return {
        "variant": variant,
        "file": Path(path).name,
        "rows": rows,
        "seconds": seconds,
        "cpu_s": cpu,
        "rows_per_s": rows / seconds,
        "peak_rss_mb": peak_mb,
    }


def measure(variant: str, path: Path, mapping: Path, baseline: str | None = None) -> dict:
    env = dict(os.environ)
    if variant == "tradestat-base":
        env["PYTHONPATH"] = os.pathsep.join(p for p in (baseline, env.get("PYTHONPATH")) if p)
    out = subprocess.run(
        [sys.executable, __file__, "--child", variant, str(path), str(mapping)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--small-rows", type=int, default=2_000_000)
    parser.add_argument(
        "--large-rows",
        type=int,
        help="a third, larger size (e.g. 20000000, 1.4 GB of CSV): memory must stay flat",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run every variant N times (interleaved) and report medians",
    )
    parser.add_argument("--keep", action="store_true", help="keep generated files in _data/")
    parser.add_argument(
        "--kinds",
        default="csv,gbk,parquet",
        help="comma-separated files to measure: csv, gbk, parquet",
    )
    parser.add_argument(
        "--baseline",
        help="src directory of another tradestat to run as "
        "tradestat-base (e.g. git archive of an older commit)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    results = []
    sizes = [args.small_rows, args.rows, *([args.large_rows] if args.large_rows else [])]
    for rows in sizes:
        print(f"generating {rows:,} rows ...", file=sys.stderr, flush=True)
        paths = generate(rows, DATA)
        size_mb = paths["csv"].stat().st_size / 1e6
        kinds = args.kinds.split(",")
        ours = ["tradestat", *(["tradestat-base"] if args.baseline else [])]
        runs = [
            (v, "csv")
            for v in ("duckdb-read", "duckdb-store", "duckdb-canonical")
            if "csv" in kinds or "gbk" in kinds
        ]
        runs += [(v, k) for k in ("csv", "gbk") if k in kinds for v in ours]
        if "parquet" in kinds:
            runs += [
                (v, "parquet") for v in ("duckdb-read", "duckdb-store", "duckdb-canonical", *ours)
            ]
        samples: dict[tuple[str, str], list[dict]] = {run: [] for run in runs}
        for attempt in range(args.repeat):
            for variant, kind in runs:
                print(
                    f"  [{attempt + 1}/{args.repeat}] {variant:<16} {kind:<8}",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
                try:
                    result = measure(variant, paths[kind], paths["mapping"], args.baseline)
                except subprocess.CalledProcessError as exc:
                    print(f" failed: {exc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
                    continue
                samples[(variant, kind)].append(result)
                print(
                    f" {result['seconds']:7.2f} s  {result['cpu_s']:7.2f} cpu-s  "
                    f"{result['peak_rss_mb']:7.0f} MB",
                    file=sys.stderr,
                )
        for (_variant, kind), got in samples.items():
            if got:
                results.append({**_median(got), "kind": kind, "size_mb": size_mb, "runs": len(got)})
        if not args.keep:
            for p in paths.values():
                p.unlink(missing_ok=True)
    _report(results)


def _median(results: list[dict]) -> dict:
    """The median of each figure over repeated runs of one variant."""
    first = results[0]
    numbers = ("seconds", "cpu_s", "rows_per_s", "peak_rss_mb")
    return {**first, **{k: statistics.median(r[k] for r in results) for k in numbers}}


def _report(results: list[dict]) -> None:
    def base_of(r: dict, variant: str) -> dict | None:
        kind = r["kind"] if r["kind"] != "gbk" else "csv"
        return next(
            (
                b
                for b in results
                if b["variant"] == variant and b["rows"] == r["rows"] and b["kind"] == kind
            ),
            None,
        )

    print(
        "| rows | file | variant | runs | seconds | rows/s | CPU s | peak RSS MB "
        "| throughput vs duckdb-read | throughput vs duckdb-store | CPU vs duckdb-store |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        read, store = base_of(r, "duckdb-read"), base_of(r, "duckdb-store")
        vs_read = vs_store = cpu_ratio = ""
        if read and r["variant"] != "duckdb-read":
            vs_read = f"{read['seconds'] / r['seconds']:.2f}x"
        if store and r["variant"] not in ("duckdb-read", "duckdb-store"):
            vs_store = f"{store['seconds'] / r['seconds']:.2f}x"
            cpu_ratio = f"{store['cpu_s'] / r['cpu_s']:.2f}x"
        print(
            f"| {r['rows']:,} | {r['kind']} ({r['size_mb']:.0f} MB csv) | {r['variant']} | "
            f"{r['runs']} | {r['seconds']:.2f} | {r['rows_per_s']:,.0f} | {r['cpu_s']:.2f} | "
            f"{r['peak_rss_mb']:.0f} | {vs_read} | {vs_store} | {cpu_ratio} |"
        )


if __name__ == "__main__":
    main()
