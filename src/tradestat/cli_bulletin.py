"""`tradestat bulletin`: write the release for a region and period, in English and Chinese.

Thin on purpose: the builder (``tradestat.bulletin.build``) asks the query layer and writes the
documents, the renderers (``tradestat.bulletin.render``) lay them out; this module only reads the
options, shows progress, and says where the files are.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tradestat.errors import TradestatError

FORMATS = ("html", "md", "pdf")


def _langs(value: str) -> tuple[str, ...]:
    choices = {"en": ("en",), "zh": ("zh",), "both": ("en", "zh")}
    if value not in choices:
        raise typer.BadParameter("choose en, zh or both")
    return choices[value]


def _formats(value: str) -> tuple[str, ...]:
    if value == "all":
        return FORMATS
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)} or all")
    return chosen


def bulletin_command(
    region: Annotated[str, typer.Option("--region", "-r",
                                        help="Region code or name (65, Xinjiang, 新疆).")],
    period: Annotated[str, typer.Option("--period", "-p",
                                        help="2025, 2025-YTD05, 2025H1, 2025年1-5月 ...")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="en, zh or both.")] = "both",
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="html, md, pdf, a comma list, or all.")] = "html,md",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    warehouse: Annotated[Path | None, typer.Option(
        "--warehouse", "-w", help="Warehouse file (default $TRADESTAT_WAREHOUSE or "
                                  "./tradestat.duckdb).")] = None,
    country_groups: Annotated[list[Path] | None, typer.Option(
        "--country-groups", help="Extra country-group CSV (e.g. a Belt-and-Road list); "
                                 "repeatable.")] = None,
) -> None:
    """Write the statistical release for a region and period (HTML, Markdown, PDF)."""
    console = Console(stderr=True)
    try:
        run_bulletin(region=region, period=period, langs=_langs(lang), formats=_formats(fmt),
                     out=out, warehouse=warehouse, country_groups=tuple(country_groups or ()),
                     console=console)
    except TradestatError as exc:
        # The query layer's refusal says what is missing (months, region, breakdown); a
        # release is never written from part of the data.
        console.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(code=1) from exc


def run_bulletin(*, region: str, period: str, langs: tuple[str, ...], formats: tuple[str, ...],
                 out: Path, warehouse: Path | None, country_groups: tuple[Path, ...],
                 console: Console) -> dict[str, dict[str, Path]]:
    """Build and render; returns {lang: {format: path}} (also used by the demo)."""
    from tradestat.bulletin.build import build_bulletin
    from tradestat.bulletin.render import render
    from tradestat.session import connect

    started = time.perf_counter()
    with connect(warehouse, country_groups=country_groups) as session, console.status(
            "asking the warehouse") as status:
        documents = build_bulletin(session, region, period, langs,
                                   progress=lambda what: status.update(f"asking: {what}"))
    asked = time.perf_counter() - started
    written: dict[str, dict[str, Path]] = {}
    for lang, document in documents.items():
        with console.status(f"rendering {lang}: {', '.join(formats)}"):
            written[lang] = render(document, out, formats)
    console.print(f"[bold]Bulletin[/] {documents[langs[0]].title} — figures in {asked:.1f} s, "
                  f"written in {time.perf_counter() - started:.1f} s")
    if any(d.is_sample for d in documents.values()):
        console.print("[magenta]Built from sample (simulated) data: every page carries a "
                      "watermark.[/]")
    for lang, files in written.items():
        for kind, path in files.items():
            console.print(f"  {lang} {kind:4} {path}")
    return written
