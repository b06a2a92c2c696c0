"""``CodeTable``: the one immutable container every code list is served in.

Ingest validates codes against these tables and the query layer joins on them, so the contract is
small and strict:

* rows are frozen, slotted dataclasses with at least ``code``, ``name_en`` and ``name_zh``;
* codes are always strings (leading zeros matter: "0110", "010121", "065");
* ``table[code]`` raises :class:`UnknownCodeError` (a ``KeyError``) with close matches, so a typo
  fails loudly instead of turning into a missing row;
* ``find(name)`` resolves an English or Chinese name (exact match first, then a unique prefix);
* ``to_arrow()`` returns a typed ``pyarrow.Table`` whose schema is fixed by the loader.

Nothing can be changed after construction: the containers are tuples and read-only mappings and
attribute assignment raises.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar

import pyarrow as pa

from .errors import ReferenceDataError, UnknownCodeError

__all__ = ["CodeRow", "CodeTable", "normalize_name"]


class CodeRow(Protocol):
    """What every row of a code table provides."""

    @property
    def code(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def name_zh(self) -> str: ...


RowT = TypeVar("RowT", bound=CodeRow)

_MAX_SUGGESTIONS = 3


def normalize_name(text: str) -> str:
    """Normalise a name for matching: NFKC (full-width to ASCII), trimmed, one space, casefolded.

    NFKC matters for Chinese names: official lists mix full-width "（）" and ASCII "()" freely.
    """
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _arrow_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


class CodeTable(Generic[RowT]):
    """An immutable, indexed code list.

    Parameters
    ----------
    name:
        Table name used in error messages (e.g. ``"partners"``).
    rows:
        Frozen dataclass instances; ``code`` must be unique.
    schema:
        The Arrow schema of :meth:`to_arrow`; every field must be an attribute of the rows and
        ``code`` must be a string column.
    name_fields:
        Row attributes searched by :meth:`find`. A field holding a tuple of strings (aliases)
        contributes each element.
    """

    __slots__ = ("_arrow", "_by_code", "_codes", "_display", "_name", "_names", "_rows", "_schema")

    def __init__(
        self,
        name: str,
        rows: Iterable[RowT],
        schema: pa.Schema,
        *,
        name_fields: tuple[str, ...] = ("name_en", "name_zh"),
    ) -> None:
        rows_t = tuple(rows)
        by_code: dict[str, RowT] = {}
        for row in rows_t:
            params = getattr(type(row), "__dataclass_params__", None)
            if params is None or not params.frozen:
                raise ReferenceDataError(f"{name}: rows must be frozen dataclasses, got {row!r}")
            code = row.code
            if not isinstance(code, str) or not code:
                raise ReferenceDataError(f"{name}: code must be a non-empty string, got {code!r}")
            if code in by_code:
                raise ReferenceDataError(f"{name}: duplicate code {code!r}")
            by_code[code] = row
        if "code" not in schema.names or schema.field("code").type != pa.string():
            raise ReferenceDataError(f"{name}: schema must have a string 'code' column")
        if rows_t:
            attrs = {f.name for f in dataclasses.fields(rows_t[0])}  # type: ignore[arg-type]
            missing = [n for n in schema.names if n not in attrs]
            if missing:
                raise ReferenceDataError(f"{name}: schema fields not on rows: {missing}")

        names: dict[str, list[str]] = {}
        display: dict[str, str] = {}
        for row in rows_t:
            for field in name_fields:
                value = getattr(row, field)
                values = value if isinstance(value, tuple) else (value,)
                for text in values:
                    if not text:
                        continue
                    key = normalize_name(text)
                    display.setdefault(key, text)
                    codes = names.setdefault(key, [])
                    if row.code not in codes:
                        codes.append(row.code)

        set_ = object.__setattr__
        set_(self, "_name", name)
        set_(self, "_rows", rows_t)
        set_(self, "_by_code", MappingProxyType(by_code))
        set_(self, "_schema", schema)
        set_(self, "_names", MappingProxyType({k: tuple(v) for k, v in names.items()}))
        set_(self, "_display", MappingProxyType(display))
        set_(self, "_codes", frozenset(by_code))
        set_(self, "_arrow", None)

    # -- immutability -------------------------------------------------------------------------
    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, key: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    # -- mapping-like access ------------------------------------------------------------------
    @property
    def name(self) -> str:
        """Table name, as used in error messages."""
        return self._name

    @property
    def schema(self) -> pa.Schema:
        """Arrow schema of :meth:`to_arrow`."""
        return self._schema

    @property
    def rows(self) -> tuple[RowT, ...]:
        """All rows in file order."""
        return self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[RowT]:
        return iter(self._rows)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __repr__(self) -> str:
        return f"<CodeTable {self._name!r}: {len(self._rows)} rows>"

    def get(self, code: str, default: RowT | None = None) -> RowT | None:
        """Return the row for ``code``, or ``default`` when it is unknown."""
        if not isinstance(code, str):
            return default
        return self._by_code.get(code, default)

    def __getitem__(self, code: str) -> RowT:
        if isinstance(code, str):
            row = self._by_code.get(code)
            if row is not None:
                return row
            raise UnknownCodeError(self._name, code, self.suggest_codes(code))
        raise UnknownCodeError(
            self._name,
            code,
            self.suggest_codes(str(code)),
            reason="is not a string",
            hint="codes are strings with their leading zeros, e.g. '065' not 65",
        )

    def codes(self) -> frozenset[str]:
        """The set of all codes."""
        return self._codes

    def filter(self, predicate: Callable[[RowT], bool]) -> tuple[RowT, ...]:
        """Rows for which ``predicate(row)`` is true, in file order."""
        return tuple(r for r in self._rows if predicate(r))

    def suggest_codes(self, code: str) -> tuple[str, ...]:
        """Up to three codes that look like ``code`` (for error messages).

        Codes are hierarchical, so codes sharing the longest leading part come first ("14x"
        suggests 14-something, not 614); plain string similarity is the fallback.
        """
        for cut in range(len(code) - 1, 0, -1):
            head = code[:cut]
            same_head = [c for c in self._by_code if c.startswith(head) and len(c) == len(code)]
            if same_head:
                ranked = difflib.get_close_matches(code, same_head, n=_MAX_SUGGESTIONS, cutoff=0)
                return tuple(ranked)
        matches = difflib.get_close_matches(
            code, list(self._by_code), n=_MAX_SUGGESTIONS, cutoff=0.6
        )
        return tuple(matches)

    # -- lookup by name -----------------------------------------------------------------------
    def find(self, name: str) -> RowT:
        """Look a row up by name (English or Chinese; case, width and spacing ignored).

        Order: an exact code, then an exact name, then a name that *starts with* the query and
        matches one row only. Several matches, or none, raise :class:`UnknownCodeError` listing
        candidates, so "Shan" never silently resolves to one of Shanxi/Shaanxi/Shandong/Shanghai.
        """
        if not isinstance(name, str):
            raise UnknownCodeError(self._name, name, reason="is not a name (expected a string)")
        stripped = name.strip()
        if stripped in self._by_code:
            return self._by_code[stripped]
        query = normalize_name(name)
        if not query:
            raise UnknownCodeError(self._name, name, reason="is an empty name")
        exact = self._names.get(query)
        if exact is not None:
            if len(exact) == 1:
                return self._by_code[exact[0]]
            raise UnknownCodeError(
                self._name, name, self._describe(exact), reason="matches several rows"
            )
        prefixed: list[str] = []
        for key, codes in self._names.items():
            if key.startswith(query):
                prefixed.extend(c for c in codes if c not in prefixed)
        if len(prefixed) == 1:
            return self._by_code[prefixed[0]]
        if prefixed:
            raise UnknownCodeError(
                self._name,
                name,
                self._describe(prefixed),
                reason="is ambiguous (several names start with it)",
            )
        close = difflib.get_close_matches(query, list(self._names), n=_MAX_SUGGESTIONS, cutoff=0.6)
        raise UnknownCodeError(
            self._name, name, tuple(self._display[k] for k in close), reason="is not a known name"
        )

    def _describe(self, codes: Iterable[str]) -> tuple[str, ...]:
        out = []
        for code in list(codes)[:_MAX_SUGGESTIONS]:
            row = self._by_code[code]
            label = row.name_en or row.name_zh
            out.append(f"{code} ({label})" if label else code)
        return tuple(out)

    # -- export -------------------------------------------------------------------------------
    def to_arrow(self) -> pa.Table:
        """The table as a ``pyarrow.Table`` with the loader's schema (codes are strings)."""
        if self._arrow is None:
            names = self._schema.names
            records = [{n: _arrow_value(getattr(r, n)) for n in names} for r in self._rows]
            table = pa.Table.from_pylist(records, schema=self._schema)
            object.__setattr__(self, "_arrow", table)
        return self._arrow

    def as_mapping(self) -> Mapping[str, RowT]:
        """A read-only ``code -> row`` mapping view."""
        return self._by_code
