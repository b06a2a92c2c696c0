"""The tradestat command line (Typer). Thin: it parses options and renders results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradestat.cli_bulletin import bulletin_command
from tradestat.cli_claims import register as register_claim_commands
from tradestat.cli_query import members_command, query_command
from tradestat.errors import TradestatError

app = typer.Typer(
    name="tradestat",
    help="Regional foreign-trade statistics: ingest customs data, query it, publish and check.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

WarehouseOpt = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w", help="Warehouse file (default: $TRADESTAT_WAREHOUSE or "
                 "./tradestat.duckdb).", show_default=False),
]


def _fail(exc: TradestatError) -> typer.Exit:
    """Print a tradestat error for a person and return the exit to raise (status 2)."""
    err_console.print(f"[bold red]error:[/] {_escape(str(exc))}")
    return typer.Exit(code=2)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from exc


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Files to load.", show_default=False)],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="gacc | declarations | "
                   "comtrade | mapped (default: detected from the file).")] = None,
    mapping: Annotated[Path | None, typer.Option(help="YAML column mapping (--format mapped).")
                       ] = None,
    flow: Annotated[str | None, typer.Option(help="import | export, for files that do not say "
                    "(GACC exports).")] = None,
    region: Annotated[str | None, typer.Option(help="Region code for files without a region "
                      "column, e.g. 65 for Xinjiang.")] = None,
    region_basis: Annotated[str | None, typer.Option(help="registered | destination_source | "
                            "customs_district | national.")] = None,
    hs_edition: Annotated[str | None, typer.Option(help="HS2012 | HS2017 | HS2022 (default: by "
                          "year: 2017-21 HS2017, 2022- HS2022).")] = None,
    dataset: Annotated[str | None, typer.Option(help="Dataset name; loads of one dataset revise "
                       "each other (default: derived from format and breakdown).")] = None,
    vintage: Annotated[str | None, typer.Option(help="Publication date of the data, YYYY-MM-DD "
                       "(default: the file's modification date).")] = None,
    encoding: Annotated[str | None, typer.Option(help="utf-8 | gbk (default: detected).")
                        ] = None,
    partners: Annotated[str | None, typer.Option(help="all | selected: whether a table by "
                        "partner (GACC export or mapped file) lists every partner (its sum is "
                        "then the region's total) or only some (it is not).")] = None,
    sample: Annotated[bool, typer.Option(help="Label the data as sample (simulated) data.")
                      ] = False,
    strict: Annotated[bool, typer.Option(help="Fail the whole load if any row is quarantined.")
                      ] = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Validate and load files into the warehouse; bad rows are quarantined and reported."""
    from tradestat.ingest import IngestOptions, open_source
    from tradestat.warehouse import Warehouse

    try:
        options = IngestOptions(format=fmt, flow=flow, region=region, region_basis=region_basis,
                                hs_edition=hs_edition, dataset=dataset, mapping=mapping,
                                encoding=encoding, sample=sample, partners=partners)
        vintage_date = _parse_date(vintage)
        failed = False
        with Warehouse(warehouse) as wh:
            for path in files:
                try:
                    stream = open_source(path, options)
                    report = _load_with_progress(wh, stream, vintage_date, strict)
                except TradestatError as exc:
                    failed = True
                    err_console.print(f"[bold red]error:[/] {_escape(str(exc))}")
                    continue
                _print_report(report)
        if failed:
            raise typer.Exit(code=2)
    except TradestatError as exc:
        raise _fail(exc) from exc


def _load_with_progress(wh, stream, vintage, strict):
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                  TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task(f"loading {stream.source.name}", total=None, rows=0)
        counted = 0

        def on_batch(rows: int) -> None:
            nonlocal counted
            counted += rows
            progress.update(task, rows=counted)

        return wh.load(stream, vintage=vintage, strict=strict, on_batch=on_batch)


def _print_report(report) -> None:
    if report.status == "duplicate":
        console.print(f"[yellow]{_escape(report.source)}[/]: already loaded as load "
                      f"{report.load_id} (same content and options); nothing to do.")
        return
    table = Table(title=f"load {report.load_id}: {_escape(report.source)}", show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    table.add_row("dataset", _escape(report.dataset))
    table.add_row("vintage", report.vintage.isoformat())
    table.add_row("rows read", f"{report.rows_read:,}")
    table.add_row("rows loaded", f"[green]{report.rows_loaded:,}[/]")
    table.add_row("rows quarantined", f"[{'red' if report.rows_quarantined else 'green'}]"
                  f"{report.rows_quarantined:,}[/]")
    table.add_row("cells (month x region x flow)", f"{report.cells:,} ({report.revised_cells:,} "
                  "revise an earlier vintage)")
    if report.sample:
        table.add_row("label", "[magenta]sample data[/]")
    console.print(table)
    for note in report.notes:
        console.print(f"[yellow]note:[/] {_escape(note)}")
    if report.reasons:
        reasons = Table(title="quarantine reasons")
        reasons.add_column("reason")
        reasons.add_column("rows", justify="right")
        for reason, count in report.reasons:
            reasons.add_row(_escape(reason), f"{count:,}")
        console.print(reasons)
        console.print(f"see them with: tradestat quarantine {report.load_id}")


@app.command()
def loads(warehouse: WarehouseOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the loads recorded in the warehouse, with provenance."""
    from tradestat.warehouse import Warehouse

    try:
        with Warehouse(warehouse, read_only=True) as wh:
            rows = wh.loads().to_pylist()
    except TradestatError as exc:
        raise _fail(exc) from exc
    if as_json:
        console.print_json(json.dumps(rows, default=str, ensure_ascii=False))
        return
    table = Table(title="loads (details: tradestat loads --json)")
    for col in ("id", "dataset", "file", "vintage", "loaded", "quarantined", "sample"):
        table.add_column(col, justify="right" if col in ("id", "loaded", "quarantined")
                         else "left", overflow="fold")
    for r in rows:
        table.add_row(str(r["load_id"]), _escape(r["dataset"]),
                      _escape(Path(r["source_path"]).name), str(r["vintage"]),
                      f"{r['rows_loaded']:,}", f"{r['rows_quarantined']:,}",
                      "yes" if r["is_sample"] else "")
    console.print(table)


@app.command()
def quarantine(
    load_id: Annotated[int, typer.Argument(help="Load id (see `tradestat loads`).")],
    limit: Annotated[int, typer.Option(help="Rows to show (0 = all).")] = 50,
    warehouse: WarehouseOpt = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Show the rows of a load that were quarantined, and why."""
    from tradestat.warehouse import Warehouse

    try:
        with Warehouse(warehouse, read_only=True) as wh:
            rows = wh.quarantine(load_id).to_pylist()
    except TradestatError as exc:
        raise _fail(exc) from exc
    if as_csv:
        import csv
        import sys

        writer = csv.writer(sys.stdout)
        writer.writerow(["row", "column", "value", "reason", "raw"])
        for r in rows:
            writer.writerow([r["source_row"], r["column_name"], r["value"], r["reason"], r["raw"]])
        return
    shown = rows if limit == 0 else rows[:limit]
    table = Table(title=f"quarantine of load {load_id}: {len(rows):,} rows")
    for col in ("row", "column", "value", "reason"):
        table.add_column(col, overflow="fold")
    for r in shown:
        table.add_row(str(r["source_row"]), _escape(r["column_name"] or ""),
                      _escape(r["value"] or ""), _escape(r["reason"]))
    console.print(table)
    if len(shown) < len(rows):
        console.print(f"... {len(rows) - len(shown):,} more (use --limit 0 or --csv)")


@app.command()
def demo(
    warehouse: Annotated[Path, typer.Option("--warehouse", "-w", help="Where to build the sample "
                         "warehouse.")] = Path("out/demo.duckdb"),
) -> None:
    """Build a small sample warehouse from the bundled example files and print a summary."""
    from tradestat.demo import run_demo

    try:
        run_demo(warehouse, console)
    except TradestatError as exc:
        raise _fail(exc) from exc


app.command("query")(query_command)
app.command("members")(members_command)
app.command("bulletin")(bulletin_command)
register_claim_commands(app)


@app.command()
def simulate(
    targets: Annotated[str, typer.Option(help="Targets file: a shipped name (xinjiang) or a YAML "
                       "path.")] = "xinjiang",
    years: Annotated[str | None, typer.Option(help="Years to simulate, e.g. 2019-2025 (default: "
                     "all the targets file covers).")] = None,
    scale: Annotated[int, typer.Option(help="Number of declaration lines (about).")
                     ] = 1_000_000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives identical files.")
                    ] = 0,
    out: Annotated[Path | None, typer.Option(help="Directory for the Parquet chunks, national "
                   "CSV files and the calibration report (default: out/simulate, or a temporary "
                   "directory with --warehouse).")] = None,
    warehouse: Annotated[Path | None, typer.Option("--warehouse", "-w", help="Also load the "
                         "result into this warehouse (as sample data).")] = None,
    workers: Annotated[int, typer.Option(help="Threads generating chunks in parallel (the "
                                         "output is the same for any number).")] = 2,
) -> None:
    """Simulate declaration-level sample data calibrated to published figures."""
    from tradestat.sample_warehouse import run_cli

    try:
        code = run_cli(targets=targets, years=years, scale=scale, seed=seed, out=out,
                       warehouse=warehouse, workers=workers, console=console,
                       err_console=err_console)
    except TradestatError as exc:
        raise _fail(exc) from exc
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    raise typer.Exit(code=code)


def main() -> None:  # pragma: no cover - console entry point
    app()
