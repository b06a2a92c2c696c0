"""Simulator benchmark: declaration lines per second and peak memory at growing scale.

For each scale (10^6, 10^7, 10^8 lines by default) a child process runs the full simulation of
the Xinjiang targets (calibration, planning, generation and Parquet writing with two worker
threads; no national context, which does not grow with the scale) and reports:

- calibration seconds and generation seconds (from the end of calibration to the end);
- lines/s over the generation phase and over the whole run (from the call to simulate, so the
  fixed costs of loading targets and reference tables count too);
- CPU seconds of the child and its children per million lines: on a machine shared with other
  work the wall-clock rates move with the load, the CPU cost much less;
- peak resident memory (VmHWM) of the child and of its largest child process, if any (older
  versions generated in worker processes), so "flat in N" can be read directly.

Calibration is measured "cold" (empty calibration cache: the raking runs) and "warm" (the same
run again with the cache the cold run filled), unless ``--calibration`` says otherwise.

``--compare DIR`` runs the code of another checkout (e.g. a git worktree of an older commit)
side by side: for every scale and repetition the two versions run one after the other, so they
see the same machine load. Versions without a calibration cache always calibrate.

Target (issue 3): >= 2 M lines/s on this machine's 2 cores, peak memory flat in N.

Usage: python benchmarks/simulate.py [--scales 1e6,1e7,1e8] [--workers 2] [--repeat 1]
       [--calibration cold|warm|both] [--compare /tmp/sim-base] [--keep]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM, fresh at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(scale: int, workers: int, cache: str, keep: bool) -> dict:
    """One measurement in this (child) process; ``cache`` is a directory or "none"."""
    started = time.perf_counter()
    from tradestat.simulate import SimulationConfig, simulate

    out = Path(tempfile.mkdtemp(prefix="tradestat-simbench-"))
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "generating" and "generate_start" not in marks:
            marks["generate_start"] = time.perf_counter()
        if stage == "calibrating" and done == total == 1:
            marks["calibrated"] = time.perf_counter()
        if stage == "calibrating" and "calibrate_start" not in marks:
            marks["calibrate_start"] = time.perf_counter()

    options = {"out": out / "sim", "scale": scale, "seed": 1, "workers": workers, "national": False}
    has_cache = "calibration_cache" in {f.name for f in dataclasses.fields(SimulationConfig)}
    if has_cache:
        options["calibration_cache"] = None if cache == "none" else Path(cache)
    try:
        result = simulate(SimulationConfig(**options), progress)
        ended = time.perf_counter()
        size = sum(p.stat().st_size for p in result.declaration_files)
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    calibrated = marks.get("calibrated", started)
    generation = ended - calibrated
    return {
        "scale": scale,
        "lines": result.lines,
        "chunks": len(result.declaration_files),
        "parquet_mb": size / 1e6,
        "setup_s": marks.get("calibrate_start", calibrated) - started,
        "calibration_s": calibrated - marks.get("calibrate_start", started),
        "cached": bool(getattr(result, "calibration_cached", False)),
        "generation_s": generation,
        "total_s": ended - started,
        "lines_per_s_generation": result.lines / generation,
        "lines_per_s_total": result.lines / (ended - started),
        "cpu_s": _cpu_s(),
        "peak_rss_mb": _peak_rss_mb(),
        "peak_child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "passed": result.report.passed,
    }


def _run_child(src: Path, scale: int, workers: int, cache: str, keep: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", str(scale), str(workers), cache]
    if keep:
        cmd.append("--keep")
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _has_cache(src: Path) -> bool:
    """Whether the checkout's simulator has a calibration cache (older ones always calibrate)."""
    return "calibration_cache" in (src / "tradestat" / "simulate" / "run.py").read_text()


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1e6,1e7,1e8")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--calibration", choices=("cold", "warm", "both"), default="both")
    parser.add_argument("--compare", type=Path, help="another checkout to run side by side")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        scale, workers, cache = args.child
        print(json.dumps(child(int(float(scale)), int(workers), cache, args.keep)))
        return
    versions = [("this", SRC)]
    if args.compare:
        versions.insert(0, (args.compare.name or str(args.compare), args.compare / "src"))
    print(f"load average (1/5/15 min) at start: {_load()}", file=sys.stderr)
    rows = []
    for text in args.scales.split(","):
        scale = int(float(text))
        for rep in range(args.repeat):
            for label, src in versions:
                cache_dir = Path(tempfile.mkdtemp(prefix="tradestat-simbench-cache-"))
                modes = ["cold", "warm"] if args.calibration == "both" else [args.calibration]
                if not _has_cache(src):
                    modes = ["cold"]
                try:
                    if modes == ["warm"]:  # fill the cache first, unmeasured
                        _run_child(src, min(scale, 200_000), args.workers, str(cache_dir), False)
                    for mode in modes:
                        print(
                            f"{label}: {scale:,} lines, {mode} calibration, run {rep + 1} "
                            f"(load {_load()}) ...",
                            file=sys.stderr,
                            flush=True,
                        )
                        r = _run_child(src, scale, args.workers, str(cache_dir), args.keep)
                        r.update(version=label, mode=mode)
                        rows.append(r)
                        print(
                            f"  {r['total_s']:.1f} s, {r['lines_per_s_generation']:,.0f} "
                            f"lines/s generating, {r['lines_per_s_total']:,.0f} total, "
                            f"{r['cpu_s'] / r['lines'] * 1e6:.1f} CPU s per M lines",
                            file=sys.stderr,
                            flush=True,
                        )
                finally:
                    shutil.rmtree(cache_dir, ignore_errors=True)
    print(f"load average (1/5/15 min) at end: {_load()}", file=sys.stderr)
    print(
        "| version | lines | chunks | Parquet MB | calibration | setup s | calibration s "
        "| generation s | lines/s (generation) | lines/s (total) | CPU s per M lines "
        "| peak RSS MB | peak RSS MB (worker process) | targets |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['version']} | {r['lines']:,} | {r['chunks']} | {r['parquet_mb']:,.0f} | "
            f"{r['mode']} | {r['setup_s']:.1f} | {r['calibration_s']:.1f} | "
            f"{r['generation_s']:.1f} | {r['lines_per_s_generation']:,.0f} | "
            f"{r['lines_per_s_total']:,.0f} | {r['cpu_s'] / r['lines'] * 1e6:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {r['peak_child_rss_mb']:.0f} | "
            f"{'all pass' if r['passed'] else 'FAIL'} |"
        )


if __name__ == "__main__":
    main()
