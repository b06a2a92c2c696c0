"""`tradestat query`: the query layer on the command line (a table, or CSV/JSON/Parquet/XLSX)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pyarrow as pa
import typer
from rich.console import Console
from rich.table import Table

from tradestat.errors import TradestatError

if TYPE_CHECKING:  # the query layer loads only when a query runs
    from tradestat.query.result import Provenance

FORMATS = ("table", "csv", "json", "parquet", "xlsx")


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent < -2 else f"{value:,}"
    return str(value)


def _write(table: pa.Table, fmt: str, output: Path | None, provenance: dict) -> None:
    if fmt in ("parquet", "xlsx") and output is None:
        raise typer.BadParameter(f"--format {fmt} needs --output FILE")
    if fmt == "csv":
        import pyarrow.csv as pacsv

        if output is None:
            sink = pa.BufferOutputStream()
            pacsv.write_csv(table, sink)
            sys.stdout.write(sink.getvalue().to_pybytes().decode("utf-8"))
        else:
            pacsv.write_csv(table, str(output))
    elif fmt == "json":
        text = json.dumps({"rows": table.to_pylist(), "provenance": provenance},
                          default=str, ensure_ascii=False, indent=2)
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            output.write_text(text + "\n", encoding="utf-8")
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, str(output))
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "result"
        sheet.append(table.column_names)
        for row in table.to_pylist():
            sheet.append(list(row.values()))
        info = book.create_sheet("provenance")
        for key, value in provenance.items():
            info.append([key, json.dumps(value, ensure_ascii=False, default=str)])
        book.save(str(output))


def query_command(
    period: Annotated[str, typer.Option("--period", "-p", help="2025, 2025-05, 2025-YTD05, "
                      "2025Q1, 2025H1, FYP14, or words: '2025年1-5月', 'first half of 2025'.")],
    region: Annotated[list[str] | None, typer.Option("--region", "-r", help="Region code or "
                      "name (65, Xinjiang, 新疆); 'CN' for national; repeat for several; "
                      "omit for every region in the data.")] = None,
    measures: Annotated[str, typer.Option("--measures", "-m", help="Comma list: value_cny, "
                        "value_usd, quantity, lines, enterprises, partners, products."
                        )] = "value_cny",
    by: Annotated[str | None, typer.Option("--by", "-b", help="Drilldown levels, comma list "
                  "(partner, partner_group, chapter, enterprise_group, month ...).")] = None,
    where: Annotated[list[str] | None, typer.Option("--where", help="Filter level=member[,..]; "
                     "repeat for several (partner_group=ASEAN).")] = None,
    flow: Annotated[str | None, typer.Option(help="import | export (default: total).")] = None,
    compare: Annotated[str, typer.Option(help="default | yoy | previous | none | a period."
                       )] = "default",
    indicators: Annotated[str | None, typer.Option("--indicators", "-i", help="yoy, share, "
                          "share_base, share_change, contribution, contribution_rate, rank."
                          )] = None,
    top: Annotated[int | None, typer.Option(help="Keep the first N rows.")] = None,
    order_by: Annotated[str | None, typer.Option(help="Order by this measure.")] = None,
    ascending: Annotated[bool, typer.Option(help="Smallest first.")] = False,
    region_basis: Annotated[str, typer.Option(help="registered | destination_source | "
                            "customs_district | national.")] = "registered",
    partner_basis: Annotated[str, typer.Option(help="origin_destination | shipment_arrival."
                             )] = "origin_destination",
    share_of: Annotated[str, typer.Option(help="total | parent (the slice).")] = "total",
    dataset: Annotated[str | None, typer.Option(help="Use this dataset (default: chosen, and "
                       "named in the provenance).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Data as published on this date "
                     "(YYYY-MM-DD).")] = None,
    allow_partial: Annotated[bool, typer.Option(help="Answer even if the period is not fully "
                             "covered (marked PARTIAL).")] = False,
    country_groups: Annotated[list[Path] | None, typer.Option(help="Extra country-group CSV "
                              "(e.g. a Belt-and-Road list); repeatable.")] = None,
    lang: Annotated[str, typer.Option(help="Member captions: en | zh.")] = "en",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json | parquet | "
                   "xlsx.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")
                      ] = None,
    explain: Annotated[bool, typer.Option(help="Print the SQL instead of running it.")] = False,
    warehouse: Annotated[Path | None, typer.Option("--warehouse", "-w", help="Warehouse file "
                         "(default: $TRADESTAT_WAREHOUSE or ./tradestat.duckdb).")] = None,
) -> None:
    """Ask the warehouse for figures: any slice, period and comparison, with indicators."""
    from tradestat.query.captions import with_captions
    from tradestat.session import connect

    console = Console()
    err = Console(stderr=True)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    options = dict(period=period, region=region or (), measures=measures, by=by,
                   where=where or None, flow=flow, compare=compare, indicators=indicators,
                   top=top, order_by=order_by, ascending=ascending, region_basis=region_basis,
                   partner_basis=partner_basis, share_of=share_of, dataset=dataset,
                   as_of=as_of, allow_partial=allow_partial)
    try:
        with connect(warehouse, country_groups=country_groups or ()) as session:
            if explain:
                console.print(session.explain(**options), markup=False, highlight=False)
                return
            result = with_captions(session.query(**options), lang)
    except TradestatError as exc:
        from rich.markup import escape

        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(code=2) from exc
    provenance = result.provenance.to_dict()
    if fmt != "table":
        _write(result.table, fmt, output, provenance)
        return
    title = f"{result.provenance.query}"
    table = Table(title=title, caption=_caption(result.provenance))
    shown = [c for c in result.table.column_names if not c.endswith("_note")]
    for col in shown:
        numeric = pa.types.is_decimal(result.table.schema.field(col).type) or \
            pa.types.is_integer(result.table.schema.field(col).type)
        table.add_column(col, justify="right" if numeric else "left", overflow="fold")
    for row in result.table.to_pylist():
        table.add_row(*(_text(row[c]) for c in shown))
    console.print(table)
    for note in result.provenance.notes:
        console.print(f"[yellow]note[/]: {note}", markup=True, highlight=False)
    notes = {v for c in result.table.column_names if c.endswith("_note")
             for v in result.table.column(c).to_pylist() if v}
    for note in sorted(notes):
        console.print(f"[yellow]not defined[/]: {note}", highlight=False)


def _caption(p: Provenance) -> str:
    sample = " · SAMPLE DATA (simulated or invented)" if p.is_sample else ""
    return (f"dataset {p.dataset} · loads {','.join(map(str, p.load_ids))} · vintage {p.vintage}"
            f"{sample} · values in yuan / dollars · SQL: --explain")


def members_command(
    level: Annotated[str | None, typer.Argument(help="A level (partner, partner_group, "
                     "chapter ...); omit to list the levels and measures.")] = None,
    search: Annotated[str | None, typer.Option(help="Only members whose code or caption "
                      "contains this text.")] = None,
) -> None:
    """List the model's levels and measures, or the members of one level with captions."""
    from tradestat.model.semantic import default_model

    console = Console()
    model = default_model()
    if level is None:
        table = Table(title="levels (use with --by / --where)")
        for col in ("level", "dimension", "kind", "English", "中文"):
            table.add_column(col)
        for lvl in model.levels.values():
            table.add_row(lvl.name, lvl.dimension, lvl.kind, lvl.caption.en, lvl.caption.zh)
        console.print(table)
        measures = Table(title="measures (use with --measures)")
        for col in ("measure", "English", "中文"):
            measures.add_column(col)
        for m in model.measures.values():
            measures.add_row(m.name, m.caption.en, m.caption.zh)
        console.print(measures)
        return
    try:
        members = model.level(level).members()
    except TradestatError as exc:
        Console(stderr=True).print(f"error: {exc}", markup=False)
        raise typer.Exit(code=2) from exc
    table = Table(title=f"members of {level}")
    for col in ("code", "English", "中文"):
        table.add_column(col, overflow="fold")
    needle = (search or "").casefold()
    for code, m in members.items():
        if needle and needle not in f"{code} {m.caption_en} {m.caption_zh}".casefold():
            continue
        table.add_row(code, m.caption_en, m.caption_zh)
    console.print(table)
