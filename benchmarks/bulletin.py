"""Bulletin benchmark: the whole release against the sum of its queries run one by one.

    python benchmarks/bulletin.py --rows 10000000 [--rows 100000000] [--folder /tmp/bench-query]

Uses the synthetic warehouse of ``benchmarks/query.py`` (built once per size and reused: two
years of declaration lines for region 65 plus a small national dataset). For each size it times,
in the same process and interleaved (median of ``--repeat`` warm runs):

* ``bulletin``: ``build_bulletin`` for 2025 in English and Chinese plus HTML and Markdown
  rendering with charts (no PDF, as the issue asks);
* ``figures``: the same bulletin's figures only (``build_bulletin`` without rendering);
* ``one by one``: every request the bulletin makes, each through ``Session.query`` on its own —
  what a bulletin costs without shared scans.

It reports seconds, the ratio, lines per second and the process's peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query import _reuse_or_build, medians, peak_rss_mb
from tradestat.bulletin.asks import bulletin_asks
from tradestat.bulletin.build import build_bulletin, resolve_scope
from tradestat.bulletin.render import render
from tradestat.errors import TradestatError
from tradestat.session import connect

REGION, PERIOD = "65", "2025"


def one_by_one(session, requests: list[dict]) -> int:
    """Every request alone; refusals count as answered (the bulletin meets them too)."""
    answered = 0
    for request in requests:
        try:
            session.query(**request)
            answered += 1
        except TradestatError:
            pass
    return answered


def run(rows: int, folder: Path, repeat: int) -> dict:
    path = folder / f"bench_query_{rows}.duckdb"
    built = _reuse_or_build(path, rows)
    out = Path(tempfile.mkdtemp(prefix="bench-bulletin-"))
    with connect(path) as session:
        scope = resolve_scope(session, REGION, PERIOD)
        requests = [a.request for a in bulletin_asks(scope)]

        def figures() -> None:
            build_bulletin(session, REGION, PERIOD)

        def bulletin() -> None:
            for document in build_bulletin(session, REGION, PERIOD).values():
                render(document, out, ["html", "md"])

        times = medians({"bulletin": bulletin, "figures": figures,
                         "one by one": lambda: one_by_one(session, requests)}, repeat)
    return {"rows": rows, "build_s": built, "requests": len(requests), **times,
            "ratio_figures_vs_one_by_one": times["figures"] / times["one by one"],
            "rows_per_s": rows / times["figures"], "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append",
                        help="lines in the synthetic warehouse (repeatable; default 10^7)")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bench-query"),
                        help="where the synthetic warehouses are built and reused")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    results = []
    print(f"{'lines':>12} {'requests':>8} {'bulletin s':>10} {'figures s':>9} "
          f"{'1-by-1 s':>8} {'ratio':>6} {'lines/s':>12} {'peak MB':>8}")
    for rows in args.rows or [10_000_000]:
        r = run(rows, args.folder, args.repeat)
        results.append(r)
        print(f"{rows:>12,} {r['requests']:>8} {r['bulletin']:>10.2f} {r['figures']:>9.2f} "
              f"{r['one by one']:>8.2f} {r['ratio_figures_vs_one_by_one']:>6.2f} "
              f"{r['rows_per_s']:>12,.0f} {r['peak_rss_mb']:>8.0f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
