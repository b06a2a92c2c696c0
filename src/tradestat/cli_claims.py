"""``tradestat check`` and ``tradestat figures``: claim checking on the command line.

Kept out of cli.py so the claim checker loads only when used; ``register(app)`` adds the
commands. Exit status of ``check``: 0 when no claim is contradicted, 1 when one is, 2 on a usage
error (bad option, unreadable file, missing warehouse, missing or malformed --country-groups file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from tradestat.errors import TradestatError

AGAINST = ("warehouse", "figures", "both")
FORMATS = ("table", "json", "html")


class _ReferenceRates:
    """CNY per USD from tradestat.reference (ECB cross rates) for the consistency checks."""

    def __init__(self) -> None:
        from tradestat.reference import cny_per_usd_monthly

        self._table = cny_per_usd_monthly()

    def on(self, day: dt.date) -> Decimal | None:
        try:
            return self._table.daily_rate(day).cny_per_usd
        except TradestatError:
            return None

    def month(self, year: int, month: int) -> Decimal | None:
        try:
            return self._table.rate(year, month)
        except TradestatError:
            return None


def _usage(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _read(files: list[Path], date: str | None) -> list[tuple[Any, list[Any]]]:
    """Documents and their claims, through the extractor (claims.extract)."""
    try:
        from tradestat.claims.extract import extract, read_document
    except ImportError as exc:
        raise _usage(f"the claim extractor is not available: {exc}") from exc

    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise _usage(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
    out = []
    for file in files:
        if file.is_dir():
            raise _usage(f"{file}: is a directory, not a text file")
        if not file.is_file():
            raise _usage(f"{file}: no such file")
        document = read_document(file, date=date)
        out.append((document, extract(document)))
    return out


@dataclass(frozen=True)
class _GroupFiles:
    """The --country-groups files and the group ids they give members to."""

    paths: tuple[Path, ...] = ()
    filled: tuple[str, ...] = ()


def _group_files(files: list[Path] | None) -> _GroupFiles:
    """The --country-groups files, read once here so that a typo or a bad row stops the run
    with the file, line and value (exit 2) instead of turning every group claim "unverifiable",
    which would read like a fault of the text."""
    from tradestat.reference import country_groups

    paths = tuple(files or ())
    for file in paths:
        if not file.is_file():
            raise _usage(f"--country-groups {file}: no such file")
    if not paths:
        return _GroupFiles()
    shipped, merged = country_groups(), country_groups(extra=paths)  # InvalidReferenceFile

    def size(groups: Any, gid: str) -> int:
        try:
            return len(groups.memberships(gid))
        except TradestatError:  # EmptyGroupError, or a group only the files define
            return 0

    filled = tuple(g for g in merged.ids() if size(merged, g) > size(shipped, g))
    return _GroupFiles(paths, filled)


def _with_cli_hint(verdicts: list[Any], claims: list[Any], groups: _GroupFiles) -> list[Any]:
    """Say how to supply a missing group list from the command line.

    The query layer's message names the group and the Python call that adds members; a CLI
    user needs the option and the group id the rows must carry, first (the table shows only
    the start of a reason), and, when files were given, the ids they do fill: a list under
    another id (BRI_SAMPLE, say) is never what a press phrase resolves to.
    """
    by_claim = {c.id: c.slice.get("partner_group") for c in claims}
    out = []
    for verdict in verdicts:
        group = by_claim.get(verdict.claim_id)
        if verdict.detail == "EmptyGroupError" and group:
            filled = ", ".join(groups.filled) or "no group"
            given = f" (the files given fill {filled}, not {group})" if groups.paths else ""
            verdict = replace(
                verdict,
                reason=f"no member list for group {group}: give one with --country-groups FILE, "
                f"rows with group_id {group}{given}. {verdict.reason}",
            )
        out.append(verdict)
    return out


def _store_path(store: Path | None, warehouse: Path | None) -> Path:
    from tradestat.claims.figures import DEFAULT_STORE
    from tradestat.session import default_warehouse_path

    if store is not None:
        return store
    return (warehouse or default_warehouse_path()).parent / DEFAULT_STORE


def check_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="press texts (UTF-8; optional header block of url:/date:/title: lines)"
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(help="publication date YYYY-MM-DD (overrides the file's date: header)"),
    ] = None,
    against: Annotated[str, typer.Option(help="warehouse | figures | both")] = "warehouse",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | html")] = "table",
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", "-w", help="warehouse file")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(help="figures store (default: figures.duckdb beside the warehouse)"),
    ] = None,
    country_groups: Annotated[
        list[Path] | None,
        typer.Option(
            "--country-groups",
            help="extra country-group CSV (tradestat's group layout, docs/claims.md) for the "
            "warehouse checks, e.g. a Belt-and-Road list, which tradestat does not ship: "
            "group_id BRI_PARTNERS for 'Belt and Road countries', BRI_ALONG_ROUTE for "
            "'countries along the Belt and Road'; repeatable",
        ),
    ] = None,
) -> None:
    """Check the statistical claims of press texts; exit 1 if any is contradicted."""
    from tradestat.claims.consistency import check_document
    from tradestat.claims.figures import FigureStore
    from tradestat.claims.report import assemble, to_html, to_json, to_table
    from tradestat.claims.verify import verify_claims

    if against not in AGAINST:
        raise _usage(f"--against must be one of {', '.join(AGAINST)}")
    if fmt not in FORMATS:
        raise _usage(f"--format must be one of {', '.join(FORMATS)}")
    try:
        texts = _read(files, date)
        rates = _ReferenceRates()
        session = figures = None
        groups = _group_files(country_groups)
        if against in ("warehouse", "both"):
            import tradestat

            path = warehouse
            if path is not None and not path.exists():
                raise _usage(f"no warehouse at {path}")
            session = tradestat.connect(path, country_groups=groups.paths)
        if against in ("figures", "both"):
            figures = FigureStore(_store_path(store, warehouse), read_only=True)
        checked = []
        for document, claims in texts:
            verdicts = check_document(document, claims, rates)
            if session is not None:
                verdicts += _with_cli_hint(
                    verify_claims(session, claims, published=document.published), claims, groups
                )
            if figures is not None:
                verdicts += figures.check(document, claims)
            checked.append(assemble(document, claims, verdicts))
    except TradestatError as exc:
        raise _usage(str(exc)) from exc
    render = {"table": to_table, "json": to_json, "html": to_html}[fmt]
    typer.echo(render(checked))
    if any(doc.contradicted for doc in checked):
        raise typer.Exit(code=1)


def figures_add_command(
    files: Annotated[list[Path], typer.Argument(help="press texts to store")],
    date: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD")] = None,
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", "-w", help="warehouse (locates the store)")
    ] = None,
    store: Annotated[Path | None, typer.Option(help="figures store file")] = None,
) -> None:
    """Store the published figures of press texts for checks across texts."""
    from tradestat.claims.figures import FigureStore

    try:
        texts = _read(files, date)
        with FigureStore(_store_path(store, warehouse)) as figures:
            for document, claims in texts:
                count = figures.add(document, claims)
                typer.echo(
                    f"{document.name}: {count} figures stored ({document.published or 'undated'})"
                )
    except TradestatError as exc:
        raise _usage(str(exc)) from exc


def figures_series_command(
    region: Annotated[str, typer.Option(help="region code, e.g. 65")],
    flow: Annotated[str, typer.Option(help="total | export | import")] = "total",
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", "-w", help="warehouse (locates the store)")
    ] = None,
    store: Annotated[Path | None, typer.Option(help="figures store file")] = None,
) -> None:
    """Cumulative and monthly series rebuilt from the stored releases, with the gaps."""
    from tradestat.claims.figures import FigureStore

    try:
        with FigureStore(_store_path(store, warehouse), read_only=True) as figures:
            points = figures.series(region, flow=flow)
    except TradestatError as exc:
        raise _usage(str(exc)) from exc
    if not points:
        typer.echo(f"no stored year-to-date or monthly figures for region {region}")
        return
    typer.echo(f"{'month':<8} {'cumulative (100m yuan)':>24} {'month (100m yuan)':>20}  source")
    for p in points:
        cum = f"{p.cumulative / Decimal(10**8):,.1f}" if p.cumulative is not None else "—"
        mon = f"{p.monthly / Decimal(10**8):,.1f}" if p.monthly is not None else "—"
        typer.echo(f"{p.month // 100}-{p.month % 100:02d}  {cum:>24} {mon:>20}  {p.note}")


def register(app: typer.Typer) -> None:
    """Add ``check`` and the ``figures`` group to the main command line."""
    app.command("check")(check_command)
    figures = typer.Typer(
        help="The store of published figures (cross-text checks).", no_args_is_help=True
    )
    figures.command("add")(figures_add_command)
    figures.command("series")(figures_series_command)
    app.add_typer(figures, name="figures")
