"""Simulator benchmark: declaration lines per second and peak memory at growing scale.

For each scale (10^6, 10^7, 10^8 lines by default) a child process runs the full simulation of
the Xinjiang targets (calibration, planning, generation and Parquet writing with two worker
processes; no national context, which does not grow with the scale) and reports:

- calibration seconds (independent of the scale) and generation seconds;
- lines/s over the generation phase and over the whole run;
- peak resident memory (VmHWM) of the coordinating process and the largest worker
  (``RUSAGE_CHILDREN``), so "flat in N" can be read directly.

Target (issue 3): >= 2 M lines/s on this machine's 2 cores, peak memory flat in N.

Usage: python benchmarks/simulate.py [--scales 1e6,1e7,1e8] [--workers 2] [--keep]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM, fresh at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(scale: int, workers: int, keep: bool) -> dict:
    """One measurement in this (child) process."""
    from tradestat.simulate import SimulationConfig, simulate

    out = Path(tempfile.mkdtemp(prefix="tradestat-simbench-"))
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "generating" and "generate_start" not in marks:
            marks["generate_start"] = time.perf_counter()
        if stage == "calibrating" and done == total == 1:
            marks["calibrated"] = time.perf_counter()

    try:
        result = simulate(SimulationConfig(out=out / "sim", scale=scale, seed=1,
                                           workers=workers, national=False), progress)
        ended = time.perf_counter()
        size = sum(p.stat().st_size for p in result.declaration_files)
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    first_chunk = marks.get("generate_start", ended)
    calibrated = marks.get("calibrated", started)
    generation = ended - calibrated
    return {
        "scale": scale, "lines": result.lines, "chunks": len(result.declaration_files),
        "parquet_mb": size / 1e6, "calibration_s": calibrated - started,
        "generation_s": generation, "total_s": ended - started,
        "lines_per_s_generation": result.lines / generation,
        "lines_per_s_total": result.lines / (ended - started),
        "first_chunk_s": first_chunk - calibrated,
        "peak_rss_mb": _peak_rss_mb(),
        "peak_worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "passed": result.report.passed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1e6,1e7,1e8")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(float(args.child[0])), int(args.child[1]), args.keep)))
        return
    results = []
    for text in args.scales.split(","):
        scale = int(float(text))
        print(f"simulating {scale:,} lines ...", file=sys.stderr, flush=True)
        cmd = [sys.executable, __file__, "--child", str(scale), str(args.workers)]
        if args.keep:
            cmd.append("--keep")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"  {r['total_s']:.1f} s, {r['lines_per_s_generation']:,.0f} lines/s, "
              f"peak {r['peak_rss_mb']:.0f} MB / worker {r['peak_worker_rss_mb']:.0f} MB",
              file=sys.stderr)
    print("| lines | chunks | Parquet MB | calibration s | generation s | lines/s (generation) "
          "| lines/s (total) | peak RSS MB (main) | peak RSS MB (worker) | targets |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(f"| {r['lines']:,} | {r['chunks']} | {r['parquet_mb']:,.0f} | "
              f"{r['calibration_s']:.1f} | {r['generation_s']:.1f} | "
              f"{r['lines_per_s_generation']:,.0f} | {r['lines_per_s_total']:,.0f} | "
              f"{r['peak_rss_mb']:.0f} | {r['peak_worker_rss_mb']:.0f} | "
              f"{'all pass' if r['passed'] else 'FAIL'} |")


if __name__ == "__main__":
    main()
