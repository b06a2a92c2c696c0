"""Typed errors raised by ``tradestat.reference``.

A code list is only useful if a wrong code fails loudly: an unknown partner code that silently
became "no data" would turn into a wrong share in a bulletin. Every error here carries the
context needed to fix the input (table, code, suggestions; or file, row, column, value).

``ReferenceDataError`` derives from ``tradestat.errors.TradestatError``, the package-wide base
that sits below every room (it imports nothing), so callers can catch one type for every error
tradestat raises on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tradestat.errors import TradestatError

__all__ = [
    "EmptyGroupError",
    "InvalidReferenceFile",
    "InvalidRegistrationCode",
    "RateUnavailable",
    "ReferenceDataError",
    "UnknownCodeError",
]


class ReferenceDataError(TradestatError):
    """Base class of every error raised on purpose by ``tradestat.reference``."""


class UnknownCodeError(ReferenceDataError, KeyError):
    """A code or name is not in a reference table.

    It is also a ``KeyError`` so that ``table[code]`` behaves like a mapping lookup.
    ``suggestions`` holds up to three close matches (codes or names) to help fix typos.
    """

    def __init__(
        self,
        table: str,
        code: object,
        suggestions: Sequence[str] = (),
        *,
        reason: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.table = table
        self.code = code
        self.suggestions = tuple(suggestions)
        detail = reason or "is not a known code"
        message = f"{table}: {code!r} {detail}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message, hint=hint)

    @property
    def table_name(self) -> str:
        """Alias of ``table``: the name of the table that was searched."""
        return self.table

    def __str__(self) -> str:  # KeyError would otherwise print repr(args)
        return ReferenceDataError.__str__(self)


class EmptyGroupError(ReferenceDataError):
    """A country group has no member list at all (e.g. Belt and Road without a user list)."""

    def __init__(self, group_id: str, message: str, *, hint: str | None = None) -> None:
        self.group_id = group_id
        super().__init__(message, hint=hint)


class InvalidReferenceFile(ReferenceDataError, ValueError):
    """A reference file (shipped or user-supplied) has a bad value.

    ``row`` is the 1-based line number in the file (the header is line 1), or ``None`` when the
    problem concerns the whole file (e.g. a missing column).
    """

    def __init__(
        self,
        file: str | Path,
        row: int | None,
        column: str | None,
        value: object,
        reason: str,
        *,
        hint: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
        where = self.file
        if row is not None:
            where += f", line {row}"
        if column is not None:
            where += f", column {column!r}"
        message = f"{where}: {reason}"
        if value is not None:
            message += f" (value {value!r})"
        super().__init__(message, hint=hint)


class InvalidRegistrationCode(ReferenceDataError, ValueError):
    """A customs registration code from which no enterprise type can be read."""

    def __init__(self, code: object, reason: str, *, hint: str | None = None) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"invalid customs registration code {code!r}: {reason}", hint=hint)


class RateUnavailable(ReferenceDataError, LookupError):
    """No exchange rate is shipped for the requested period."""
