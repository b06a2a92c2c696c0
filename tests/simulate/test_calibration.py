"""Every fitted Xinjiang target holds in the written data, checked independently."""

from __future__ import annotations

import pytest
from tests.simulate.conftest import parquet_glob
from tests.simulate.reference_checks import Lines, achieved_ok, fitted, interval, load_yaml

_LINES: dict[str, Lines] = {}


def lines_of(run) -> Lines:
    """One tagged table per simulation (building it is the slow part)."""
    key = str(run.out)
    if key not in _LINES:
        _LINES[key] = Lines(parquet_glob(run.out), load_yaml("xinjiang"))
    return _LINES[key]


def _check(run) -> list[str]:
    spec = load_yaml("xinjiang")
    lines = lines_of(run)
    failures = []
    targets = fitted(spec)
    assert len(targets) > 120  # the file is the full set, not a token few
    for t in targets:
        lo, hi = interval(t)
        value = lines.achieved(t)
        if not achieved_ok(value, lo, hi):
            failures.append(f"{t['id']}: {value} not in [{lo}, {hi}]")
    return failures


def test_all_xinjiang_targets_pass_at_small_scale(small_run) -> None:
    assert _check(small_run) == []
    assert small_run.report.passed


def test_all_xinjiang_targets_pass_at_default_scale(default_run) -> None:
    assert _check(default_run) == []
    assert default_run.report.passed


def test_report_rows_cover_every_target(small_run) -> None:
    spec = load_yaml("xinjiang")
    ids = {r.target_id for r in small_run.report.rows}
    assert {t["id"] for t in spec["targets"]} <= ids
    superseded = {r.target_id for r in small_run.report.rows if r.status == "superseded"}
    assert "xj-2023-h1" in superseded  # revised by H1 2024's growth rate, reported as such


@pytest.mark.parametrize(
    "target_id", ["xj-2023-enterprises", "xj-2025-m01-05-partners", "xj-2025-private-enterprises"]
)
def test_counts_are_distinct_counts_in_the_data(default_run, target_id: str) -> None:
    spec = load_yaml("xinjiang")
    lines = lines_of(default_run)
    t = next(t for t in spec["targets"] if t["id"] == target_id)
    assert lines.achieved(t) == t["value"]
    row = next(r for r in default_run.report.rows if r.target_id == target_id)
    assert row.achieved_value == t["value"]
