"""`tradestat demo`: build a small sample warehouse from the bundled example files.

This is the embedded default job for now (the bulletin replaces it once the query layer exists):
it shows ingest end to end — GBK detection, the flow read from the file name, quarantined rows —
and prints what the warehouse holds.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tradestat.ingest import IngestOptions, open_source
from tradestat.warehouse import Warehouse

EXAMPLES = "examples"


def example_files() -> list[Path]:
    """The bundled example files, sorted by name."""
    folder = resources.files("tradestat") / EXAMPLES
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".csv"))


def run_demo(path: Path, console: Console) -> None:
    """Rebuild the demo warehouse at ``path`` and print load reports and a summary."""
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    console.print(f"[bold]Building a sample warehouse at {path}[/] (invented sample data)")
    with Warehouse(path) as wh:
        for file in example_files():
            report = wh.load(open_source(file, IngestOptions(format="gacc", sample=True)))
            flagged = f", {report.rows_quarantined} quarantined" if report.rows_quarantined else ""
            console.print(f"  load {report.load_id}: {file.name} — {report.rows_loaded:,} rows"
                          f"{flagged}")
            for reason, count in report.reasons:
                console.print(f"      [red]{count} row(s)[/]: {reason}")
            for note in report.notes:
                console.print(f"      [yellow]note[/]: {note}")
        summary = wh.summary()
    table = Table(title="Sample warehouse: value by year and flow (100 million yuan, 亿元)")
    for col in ("year", "region", "flow", "value (亿元)", "partners", "months"):
        table.add_column(col, justify="right" if col not in ("flow",) else "left")
    for row in summary:
        table.add_row(str(row["year"]), row["region_code"], row["flow"],
                      f"{row['value_cny'] / 100_000_000:,.1f}", str(row["partners"]),
                      str(row["months"]))
    console.print(table)
    console.print("[magenta]All figures above are sample data, not published statistics.[/]")
    console.print(f"Explore: tradestat loads -w {path}  ·  tradestat quarantine 2 -w {path}")
