"""Typed errors shared by every room of tradestat.

Statistics software must never turn bad input into a quiet zero. Every failure a user can cause
is one of these classes, and each carries enough context (file, row, column, value) to find and fix
the problem without reading our code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class TradestatError(Exception):
    """Base of every error tradestat raises on purpose; anything else is a bug."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a source a problem sits; any part may be unknown."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(f"file {self.file}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            parts.append(f"value {shown!r}")
        return ", ".join(parts)


class InputError(TradestatError):
    """A problem with user-supplied input that stops a whole file from being read."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.reason = reason
        self.location = Location(
            file=str(file) if file is not None else None, row=row, column=column, value=value
        )
        where = self.location.describe()
        super().__init__(f"{where}: {reason}" if where else reason, hint=hint)


class FileFormatError(InputError):
    """The file cannot be read as the declared format (structure, header, emptiness)."""


class EncodingError(FileFormatError):
    """The bytes of the file are not text in any encoding we accept."""


class MappingError(InputError):
    """A column-mapping (YAML) file is missing, malformed or names unknown fields."""


class OptionError(TradestatError):
    """An option given to a command is missing, contradictory or invalid."""


class LoadRejected(TradestatError):
    """A load was refused as a whole (strict mode, or nothing valid to load).

    The warehouse is left exactly as it was before the load started.
    """

    def __init__(self, message: str, *, problems: list[tuple[Location, str]] | None = None,
                 hint: str | None = None) -> None:
        self.problems = problems or []
        detail = "".join(f"\n  - {loc.describe()}: {reason}" for loc, reason in self.problems[:10])
        more = len(self.problems) - 10
        if more > 0:
            detail += f"\n  ... and {more} more"
        super().__init__(message + detail, hint=hint)


class WarehouseError(TradestatError):
    """The warehouse file is missing, locked or of another version, or a request is invalid."""


class ModelError(TradestatError):
    """The semantic model (its YAML) is malformed or inconsistent with the reference data."""


class QueryError(TradestatError):
    """A request cannot be turned into a valid query (bad option, contradictory slices...)."""


class UnknownNameError(QueryError, KeyError):
    """A name (level, measure, member, group, indicator) is not in the model.

    ``suggestions`` holds the closest known names, so every interface can say "did you mean".
    """

    def __init__(self, kind: str, name: object, suggestions: tuple[str, ...] = (),
                 *, hint: str | None = None) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"unknown {kind} {name!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message, hint=hint)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return TradestatError.__str__(self)


class CoverageError(QueryError):
    """The data does not fully cover what a query asks for (months, regions, flows).

    Summing over whatever happens to be there would be a silent wrong number, so the query is
    refused; ``missing`` lists what is absent.
    """

    def __init__(self, message: str, *, missing: tuple[str, ...] = (),
                 hint: str | None = None) -> None:
        self.missing = tuple(missing)
        super().__init__(message, hint=hint)
