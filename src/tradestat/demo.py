"""`tradestat demo`: build the sample Xinjiang warehouse and write its 2025 bulletin.

The demo is what a new user runs first, so it shows the whole path a real data set takes:
declaration-level records (here simulated, calibrated to Xinjiang's published 2019-2025 figures)
and the national context in the China Customs platform's export layout, loaded through the normal
ingest readers into a warehouse with provenance, every load labelled sample data; then the main
job, the 2025 release in English and Chinese as HTML, Markdown and PDF. It prints the calibration
summary, what the warehouse holds and where the bulletin files are.
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tradestat.sample_warehouse import build_sample_warehouse
from tradestat.simulate import SimulationConfig

EXAMPLES = "examples"
#: Lines simulated for the demo: all of 2019-2025 in well under a minute on two cores.
DEMO_SCALE = 1_000_000
DEMO_SEED = 2025


def example_files() -> list[Path]:
    """The bundled GACC example files, sorted by name (used by ingest examples and tests)."""
    folder = resources.files("tradestat") / EXAMPLES
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".csv"))


DEMO_REGION = "65"
DEMO_PERIOD = "2025"


def run_demo(path: Path, console: Console, *, scale: int = DEMO_SCALE,
             bulletin_formats: tuple[str, ...] = ("html", "md", "pdf")) -> dict:
    """Rebuild the demo warehouse at ``path``, print a summary, write the 2025 bulletin.

    Returns {lang: {format: path}} of the bulletin files (written beside the warehouse).
    """
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = path.with_name(path.stem + "-files")
    console.print(f"[bold]Building the sample Xinjiang warehouse at {path}[/] "
                  f"({scale:,} simulated declaration lines, seed {DEMO_SEED}; files in {out})")
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "generating" and done == total:
            console.print(f"  generated {done:,} declaration lines "
                          f"({time.perf_counter() - started:.0f} s)")

    built = build_sample_warehouse(
        SimulationConfig(out=out, targets="xinjiang", scale=scale, seed=DEMO_SEED), path,
        progress=progress)
    report = built.simulation.report
    colour = "green" if report.passed else "red"
    console.print(f"  calibration: [{colour}]{report.summary()}[/] (details: {out}/calibration.md)")
    console.print(f"  loaded {built.rows_loaded:,} rows in {len(built.loads)} loads, "
                  f"{built.rows_quarantined:,} quarantined ({time.perf_counter() - started:.0f} s)")
    from tradestat.warehouse import Warehouse

    with Warehouse(path, read_only=True) as wh:
        # One dataset at a time: the declarations and the province-level context both hold
        # region 65, and adding datasets together would count its trade twice.
        rows = wh.con.execute("""
            SELECT r.month // 100 AS year, sum(r.value_cny) AS total,
                   sum(r.value_cny) FILTER (WHERE r.flow = 'export') AS exports,
                   sum(r.value_cny) FILTER (WHERE r.flow = 'import') AS imports,
                   count(DISTINCT r.partner_code) AS partners,
                   count(DISTINCT r.enterprise_id) AS enterprises
            FROM records_current r JOIN loads l USING (load_id)
            WHERE l.dataset = 'declarations' AND l.is_sample
            GROUP BY ALL ORDER BY year""").fetchall()
        national = dict(wh.con.execute("""
            SELECT r.month // 100, sum(r.value_cny) FROM records_current r
            JOIN loads l USING (load_id)
            WHERE l.dataset LIKE 'gacc:%' AND r.partner_code IS NULL AND l.is_sample
            GROUP BY ALL""").fetchall())
    table = Table(title="Sample warehouse: Xinjiang declarations by year (亿元) and the nation")
    for col in ("year", "total", "exports", "imports", "partners", "enterprises",
                "nation (万亿元)"):
        table.add_column(col, justify="right")
    for year, total, exports, imports, partners, enterprises in rows:
        nation = national.get(year)
        table.add_row(str(year), f"{total / 10**8:,.1f}", f"{exports / 10**8:,.1f}",
                      f"{imports / 10**8:,.1f}", str(partners), f"{enterprises:,}",
                      f"{nation / 10**12:,.2f}" if nation else "")
    console.print(table)
    console.print("[magenta]All figures above are simulated sample data, not published "
                  "statistics.[/]")
    groups = built.simulation.country_groups
    from tradestat.cli_bulletin import run_bulletin

    written = run_bulletin(region=DEMO_REGION, period=DEMO_PERIOD, langs=("en", "zh"),
                           formats=bulletin_formats, out=path.parent, warehouse=path,
                           country_groups=(groups,) if groups else (), console=console)
    groups_option = f" --country-groups {groups}" if groups else ""
    console.print(f"Explore: tradestat loads -w {path}")
    console.print(f"         tradestat bulletin -w {path} -r 65 -p 2025H1 -f html"
                  f"{groups_option}")
    console.print(f"         tradestat query -w {path} -p 2025 -r 65 --by partner_group "
                  "-i yoy,share --lang zh")
    console.print(f"         tradestat query -w {path} -p 2025 --by region -i yoy,rank_yoy "
                  "--top 5")
    console.print(f"         tradestat check CLIPPING.txt -w {path}{groups_option} "
                  "--format html > checked.html")
    return written
