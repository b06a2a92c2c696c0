"""Tiny helpers for writing SQL text safely (literals and identifiers)."""

from __future__ import annotations


def literal(value: str | None) -> str:
    """Quote a Python string as a SQL string literal (NULL for None)."""
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    """Quote an identifier (column names in source files can be anything, Chinese included)."""
    return '"' + name.replace('"', '""') + '"'


def trimmed(expr: str) -> str:
    """``trim(expr)`` (surrounding spaces removed), copying only values that have any: most
    fields have none, and trimming every value of every field cost a tenth of a load."""
    return (
        f"CASE WHEN starts_with({expr}, ' ') OR ends_with({expr}, ' ') "
        f"THEN trim({expr}) ELSE {expr} END"
    )
