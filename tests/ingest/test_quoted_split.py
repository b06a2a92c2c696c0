"""The SQL split of every-field-quoted lines (``quoted_fields_sql``) against a split by hand.

The SQL takes a fast route for ordinary lines and a slower exact one for odd lines; both must
give, for every line, the fields and the problem text of the rule written out in ``reference``:
drop one leading ``"`` and one trailing ``",`` (or ``"``), split what is left on ``","``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradestat.ingest.textfile import quoted_fields_sql

NOT_QUOTED = 'not a quoted record (expected "field","field",...)'

Row = tuple[str, str | None, list[str | None]]


def reference(line: str, n: int) -> Row:
    """(line, problem, n field values) for one non-blank line, split by hand in Python."""
    if line.startswith('"') and line.endswith('",'):
        inner = line[1:-2]
    elif line.startswith('"') and line.endswith('"') and len(line) > 1:
        inner = line[1:-1]
    else:
        return line, NOT_QUOTED, [None] * n
    fields: list[str | None] = list(inner.split('","'))
    problem = None if len(fields) == n else f"line has {len(fields)} fields; the header has {n}"
    return line, problem, (fields + [None] * n)[:n]


_files = itertools.count()


def split_in_sql(folder: Path, lines: list[str], n: int) -> list[Row]:
    """Write a header of ``n`` columns and ``lines`` to a file and split it with the SQL."""
    path = folder / f"quoted-{next(_files)}.csv"
    header = ",".join(f'"h{i}"' for i in range(n)) + ","
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    picks = ", ".join(f"c{i}" for i in range(n))
    sql = f"SELECT _raw, _parse_problem, {picks} FROM ({quoted_fields_sql(path, [''] * n)})"
    with duckdb.connect() as con:
        rows = con.execute(f"{sql} ORDER BY _row").fetchall()
    return [(r[0], r[1], list(r[2:])) for r in rows]


def expected(lines: list[str], n: int) -> list[Row]:
    """The reference rows; blank lines (nothing but spaces) are skipped, as the reader does."""
    return [reference(line, n) for line in lines if line.strip(" ")]


# Lines chosen to hit each edge of the split: separators touching the opening quote or the
# closing quote and comma, empty fields, quotes and commas inside fields, no trailing comma,
# text that is not a record, and wrong field counts.
TRICKY = [
    '"202301","85414300","145","10","65","1,234","千克","9,876,543",',
    '"202301","85414300","145","10","65","1,234","千克","9,876,543"',
    '"","","","","","","","",',
    '"","","","","","","",""',
    '"a""b","c","d","e","f","g","h","i",',
    '""x","c","d","e","f","g","h",""',
    '"a","b","c","d","e","f","g",""",',
    '"a","b","c","d","e","f","g","h""',
    '"a"b","c","d","e","f","g","h","i",',
    '","a","b","c","d","e","f","g",',
    '"a","b","c","d","e","f","g",",",',
    '"a","b","c","d","e","f","g","",",',
    '"a","b","c","d","e","f","g","h","',
    '"a","b","c","d","e","f","g","h",",',
    '"a","b","c","d","e","f","g","h",  ',
    '  "a","b","c","d","e","f","g","h",',
    '"é","b","c","d","e","f","g","值",',
    '"\u0301a","b","c","d","e","f","g","h\u0301",',
    '"a","b","c",',
    '"a","b","c","d","e","f","g","h"","i",',
    '"x","y"',
    '"x","y",',
    '"a","b","c","d","e","f","g","h","i",',
    "202301,85414300,145,10,65,1234,kg,9876543",
    '"',
    '""',
    '",',
    '","',
    '",",',
    '","",',
    '",",",',
    "   ",
    "x",
    '"a",',
    '"a"',
    '"a,b",',
    "\t",
]


@pytest.mark.parametrize("n", [1, 2, 8])
def test_tricky_lines_match_the_hand_split(tmp_path: Path, n: int) -> None:
    assert split_in_sql(tmp_path, TRICKY, n) == expected(TRICKY, n)


def test_hand_checked_values(tmp_path: Path) -> None:
    """A few rows written out by hand, so the reference itself is pinned."""
    lines = [
        '"202301","85414300","145","10","65","1,234","千克","9,876,543",',
        '"a""b","","c,d","e","f","g","h","i"',
        '","a","b","c","d","e","f","g",',
        '"a","b","c","d","e","f","g",",",',
        '"a","b",',
        "plain,text",
    ]
    assert split_in_sql(tmp_path, lines, 8) == [
        (lines[0], None, ["202301", "85414300", "145", "10", "65", "1,234", "千克", "9,876,543"]),
        (lines[1], None, ['a""b', "", "c,d", "e", "f", "g", "h", "i"]),
        (lines[2], "line has 7 fields; the header has 8", [',"a', *"bcdefg", None]),
        (lines[3], None, [*"abcdefg", ","]),
        (lines[4], "line has 2 fields; the header has 8", ["a", "b", *[None] * 6]),
        (lines[5], NOT_QUOTED, [None] * 8),
    ]
    assert split_in_sql(tmp_path, ['",', '"', '""', '"x",'], 1) == [
        ('",', None, [""]),
        ('"', NOT_QUOTED, [None]),
        ('""', None, [""]),
        ('"x",', None, ["x"]),
    ]


# Pieces a line is built from: mostly the characters that matter to the split, some text.
PIECES = ['"', '","', '",', ",", '""', " ", "a", "1,234", "千克", "é", "\u0301", "202301", ""]
FIELD = st.lists(st.sampled_from(["a", "1,2", "千", '"', ",", '""', " ", "\u0301", ""]), max_size=3)


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A random line: either a near-record (quoted fields, maybe damaged) or loose pieces."""
    if draw(st.booleans()):
        fields = draw(st.lists(FIELD.map("".join), min_size=1, max_size=10))
        line = '"' + '","'.join(fields) + '"' + draw(st.sampled_from([",", "", ",", " ", '",']))
        return draw(st.sampled_from(["", '"', ",", " "])) + line
    return "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12)))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(lines(), min_size=1, max_size=30), n=st.sampled_from([1, 2, 3, 8]))
def test_random_lines_match_the_hand_split(tmp_path: Path, batch: list[str], n: int) -> None:
    assert split_in_sql(tmp_path, batch, n) == expected(batch, n)
