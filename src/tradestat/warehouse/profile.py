"""What one load's records look like column by column: constant, all NULL, or varying.

Most sources fill only part of the canonical record: a platform export has no enterprise, port,
transport or declaration columns, and every row of a load shares its region basis, flow and
partner basis. Grouping, hashing and summing such columns row by row is pure cost: the load-time
aggregates, the coverage cells and the duplicate-key check only need the columns that vary, and
the constant ones can be written as literals. One scan of the load's records (per column: how
many values, and how many rows differ from the first row) tells which is which; it costs a few
hundredths of the load.

The profile is exact, not a guess from the reader's options: a column is constant only if every
row holds exactly the first row's value (NULL included), so queries on the aggregates built from
it see the same numbers as queries on the records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from tradestat.model.records import CANONICAL_FIELDS, field

#: Columns no figure groups, keys or sums by: the ISO code only restates the partner code (and
#: a part may derive it by a lookup per row, see ``parts``), so the profile leaves it out and
#: it counts as varying.
UNPROFILED = frozenset({"partner_iso3"})
_NAMES = tuple(f.name for f in CANONICAL_FIELDS if f.name not in UNPROFILED)


def literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class LoadProfile:
    """Per-column facts about the records of one load.

    ``constants`` maps each column holding the same value on every row to that value (None when
    the column is NULL throughout; a measure is listed only when it is NULL throughout);
    ``complete`` holds the columns with no NULL at all.
    """

    rows: int
    constants: dict[str, Any]
    complete: frozenset[str]

    def is_constant(self, name: str) -> bool:
        return name in self.constants

    def varying(self, names: tuple[str, ...] | list[str]) -> list[str]:
        """The columns of ``names`` that take more than one value in this load."""
        return [n for n in names if n not in self.constants]

    def constant_sql(self, name: str) -> str:
        """The constant value of column ``name`` as a typed SQL literal."""
        value = self.constants[name]
        sql_type = field(name).sql_type
        if value is None:
            return f"NULL::{sql_type}"
        return f"CAST({literal(str(value))} AS {sql_type})"


def profile_load(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    *,
    table: str = "records",
    known: Mapping[str, Any] | None = None,
) -> LoadProfile:
    """Profile the records of ``load_id`` in ``table`` with one scan (plus reading one row).

    ``known`` gives columns whose value is the same on every row by construction (a column the
    load's part does not store is NULL, a derived literal is that literal; see ``parts``): they
    are not probed. Probing them cost as much as probing the stored columns: DuckDB does not
    fold a count over a constant."""
    known = dict(known or {})
    probed = [n for n in _NAMES if n not in known]
    columns = ", ".join(probed)
    first = con.execute(
        f"SELECT {columns} FROM {table} WHERE load_id = ? LIMIT 1", [load_id]
    ).fetchall()
    if not first:
        return LoadProfile(rows=0, constants={}, complete=frozenset())
    values = dict(zip(probed, first[0], strict=True))
    probes = []
    for name in probed:
        probes.append(f"count({name})")
        if values[name] is None or field(name).is_measure:
            # All NULL = constant NULL; a measure is never used as a constant otherwise.
            probes.append(f"count({name})")
        else:
            sql_type = field(name).sql_type
            probes.append(
                f"count(*) FILTER (WHERE {name} IS DISTINCT FROM "
                f"CAST({literal(str(values[name]))} AS {sql_type}))"
            )
    (row,) = con.execute(
        f"SELECT count(*), {', '.join(probes)} FROM {table} WHERE load_id = ?", [load_id]
    ).fetchall()
    rows = int(row[0])
    constants: dict[str, Any] = {}
    complete = set()
    for i, name in enumerate(probed):
        non_null, differing = int(row[1 + 2 * i]), int(row[2 + 2 * i])
        if non_null == rows:
            complete.add(name)
        if differing == 0:
            constants[name] = values[name]
    for name, value in known.items():
        if name not in _NAMES or (value is not None and field(name).is_measure):
            continue  # not profiled; a measure is a constant only when NULL throughout
        constants[name] = value
        if value is not None:
            complete.add(name)
    constants = {n: constants[n] for n in _NAMES if n in constants}  # canonical order
    return LoadProfile(rows=rows, constants=constants, complete=frozenset(complete))
