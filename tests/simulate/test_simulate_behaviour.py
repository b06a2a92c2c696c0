"""Determinism, contradictions, counts from the data, and the trip through ingest."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from tests.simulate.conftest import SMALL_SCALE, parquet_glob
from tests.simulate.reference_checks import load_yaml

from tradestat.simulate import (
    ContradictoryTargets,
    ScaleTooSmall,
    SimulationConfig,
    TargetFileError,
    simulate,
)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def test_same_seed_gives_identical_files(small_run, tmp_path: Path) -> None:
    # Again without the calibration cache and with one thread instead of two: neither may
    # change a byte.
    assert not small_run.calibration_cached
    again = simulate(
        SimulationConfig(
            out=tmp_path / "again", scale=SMALL_SCALE, seed=11, workers=1, calibration_cache=None
        )
    )
    first, second = _digest(small_run.out), _digest(again.out)
    assert len(first) >= 7 + 4 + 2  # chunks, national files, report
    assert first == second


def test_another_seed_gives_other_data(small_run, tmp_path: Path) -> None:
    other = simulate(
        SimulationConfig(
            out=tmp_path / "other",
            scale=SMALL_SCALE,
            seed=12,
            national=False,
            calibration_cache=None,
        )
    )
    first = _digest(small_run.out)
    second = _digest(other.out)
    common = [name for name in second if name.startswith("declarations")]
    assert common and all(first.get(name) != second[name] for name in common)


def _targets_file(tmp_path: Path, years: list[int], targets: list[dict[str, Any]]) -> Path:
    spec = load_yaml("xinjiang")
    spec["years"] = years
    spec["targets"] = targets
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def test_parts_exceeding_the_total_are_rejected(tmp_path: Path) -> None:
    path = _targets_file(
        tmp_path,
        [2025, 2025],
        [
            {"id": "t-total", "period": "2025", "indicator": "value", "value": 100, "decimals": 0},
            {
                "id": "t-exports",
                "period": "2025",
                "slice": {"flow": "export"},
                "indicator": "value",
                "value": 80,
                "decimals": 0,
            },
            {
                "id": "t-imports",
                "period": "2025",
                "slice": {"flow": "import"},
                "indicator": "value",
                "value": 40,
                "decimals": 0,
            },
        ],
    )
    with pytest.raises(ContradictoryTargets) as err:
        simulate(
            SimulationConfig(out=tmp_path / "out", targets=str(path), scale=50_000, national=False)
        )
    assert set(err.value.target_ids) == {"t-total", "t-exports", "t-imports"}
    assert "add up to" in str(err.value) and "t-total" in str(err.value)
    assert not (tmp_path / "out" / "declarations").exists()  # nothing written


def test_a_part_larger_than_its_whole_is_rejected(tmp_path: Path) -> None:
    path = _targets_file(
        tmp_path,
        [2025, 2025],
        [
            {"id": "whole", "period": "2025", "indicator": "value", "value": 5203.7},
            {
                "id": "central-asia",
                "period": "2025",
                "slice": {"partner_group": "CA5"},
                "indicator": "value",
                "value": 6000,
                "decimals": 0,
            },
        ],
    )
    with pytest.raises(ContradictoryTargets, match="exceeds") as err:
        simulate(
            SimulationConfig(out=tmp_path / "out", targets=str(path), scale=50_000, national=False)
        )
    assert set(err.value.target_ids) == {"whole", "central-asia"}


def test_a_falling_year_to_date_count_is_rejected(tmp_path: Path) -> None:
    path = _targets_file(
        tmp_path,
        [2025, 2025],
        [
            {
                "id": "may",
                "period": "2025-01..2025-05",
                "indicator": "count",
                "count_of": "partners",
                "value": 200,
            },
            {
                "id": "july",
                "period": "2025-01..2025-07",
                "indicator": "count",
                "count_of": "partners",
                "value": 150,
            },
        ],
    )
    with pytest.raises(ContradictoryTargets) as err:
        simulate(
            SimulationConfig(out=tmp_path / "out", targets=str(path), scale=50_000, national=False)
        )
    assert set(err.value.target_ids) == {"may", "july"}


def test_unknown_slice_is_a_clear_error(tmp_path: Path) -> None:
    path = _targets_file(
        tmp_path,
        [2025, 2025],
        [
            {
                "id": "bad",
                "period": "2025",
                "slice": {"colour": "red"},
                "indicator": "value",
                "value": 1,
            },
        ],
    )
    with pytest.raises(TargetFileError, match="colour"):
        simulate(SimulationConfig(out=tmp_path / "out", targets=str(path), national=False))


def test_scale_too_small_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScaleTooSmall, match="--scale"):
        simulate(SimulationConfig(out=tmp_path / "out", scale=1_000, national=False))


def test_counts_and_shares_follow_the_targets_not_constants(tmp_path: Path) -> None:
    """Change the published counts and a share: the data change with them."""
    path = _targets_file(
        tmp_path,
        [2023, 2023],
        [
            {"id": "total", "period": "2023", "indicator": "value", "value": 3000.0},
            {
                "id": "firms",
                "period": "2023",
                "indicator": "count",
                "count_of": "enterprises",
                "value": 2345,
            },
            {
                "id": "firms-q1",
                "period": "2023-01..2023-03",
                "indicator": "count",
                "count_of": "enterprises",
                "value": 1500,
            },
            {
                "id": "partners",
                "period": "2023",
                "indicator": "count",
                "count_of": "partners",
                "value": 150,
            },
            {
                "id": "private",
                "period": "2023",
                "slice": {"enterprise_group": "private"},
                "indicator": "share",
                "value": 81.5,
            },
        ],
    )
    out = tmp_path / "out"
    result = simulate(
        SimulationConfig(
            out=out, targets=str(path), scale=60_000, seed=3, national=False, workers=1
        )
    )
    assert result.report.passed
    con = duckdb.connect()
    glob = parquet_glob(out)
    firms, partners = con.execute(
        f"SELECT count(DISTINCT registration_code), count(DISTINCT partner) "
        f"FROM read_parquet('{glob}')"
    ).fetchone()
    q1 = con.execute(
        f"SELECT count(DISTINCT registration_code) FROM read_parquet('{glob}') "
        "WHERE month <= 202303"
    ).fetchone()[0]
    private = con.execute(
        f"SELECT sum(value_cny) FILTER (WHERE substr(registration_code, 6, 1) IN "
        f"('5', '6', '7')) / sum(value_cny) FROM read_parquet('{glob}')"
    ).fetchone()[0]
    assert (firms, q1, partners) == (2345, 1500, 150)
    assert abs(float(private) - 0.815) <= 0.0005


def test_loads_through_ingest_as_sample_data(small_run, tmp_path: Path) -> None:
    from tradestat.sample_warehouse import load_simulation
    from tradestat.warehouse import Warehouse

    wh_path = tmp_path / "w.duckdb"
    reports = load_simulation(small_run, wh_path)
    assert sum(r.rows_quarantined for r in reports) == 0
    assert all(r.sample for r in reports)
    with Warehouse(wh_path, read_only=True) as wh:
        loads = wh.loads().to_pylist()
        assert loads and all(row["is_sample"] for row in loads)
        con = wh.con
        lines = con.execute(
            "SELECT count(*) FROM records_current r JOIN loads l "
            "USING (load_id) WHERE l.dataset = 'declarations'"
        ).fetchone()[0]
        assert lines == small_run.lines
        # The region's rows in the province table equal its declarations, month by month.
        gap = con.execute("""
            WITH d AS (SELECT month, flow, sum(value_cny) v FROM records_current r
                       JOIN loads l USING (load_id) WHERE l.dataset = 'declarations'
                       GROUP BY ALL),
                 g AS (SELECT month, flow, sum(value_cny) v FROM records_current r
                       JOIN loads l USING (load_id) WHERE l.dataset LIKE 'gacc:%'
                       AND r.partner_code IS NULL AND r.region_code = '65' GROUP BY ALL)
            SELECT max(abs(d.v - g.v)) FROM d JOIN g USING (month, flow)""").fetchone()[0]
        assert gap <= 1  # whole yuan in the platform layout
        # National facts, computed in SQL on the province table.
        growth = con.execute("""
            WITH p AS (SELECT region_code, month // 100 AS y, sum(value_cny) v
                       FROM records_current r JOIN loads l USING (load_id)
                       WHERE l.dataset LIKE 'gacc:%' AND r.partner_code IS NULL
                       GROUP BY ALL)
            SELECT a.region_code, a.v / b.v - 1 AS g FROM p a JOIN p b
              ON a.region_code = b.region_code AND a.y = 2025 AND b.y = 2024
            ORDER BY g DESC""").fetchall()
        assert len(growth) == 31 and growth[0][0] == "65"
        nation = con.execute("""SELECT sum(value_cny) FROM records_current r JOIN loads l
            USING (load_id) WHERE l.dataset LIKE 'gacc:%' AND r.partner_code IS NULL
            AND month // 100 = 2025""").fetchone()[0]
        assert abs(float(nation) / 1e12 - 45.47) <= 0.005
        nation_2024 = con.execute("""SELECT sum(value_cny) FROM records_current r
            JOIN loads l USING (load_id) WHERE l.dataset LIKE 'gacc:%'
            AND r.partner_code IS NULL AND month // 100 = 2024""").fetchone()[0]
        national_growth = float(nation) / float(nation_2024) - 1
        above = sum(1 for _, g in growth if float(g) > national_growth)
        growing = sum(1 for _, g in growth if float(g) > 0)
        assert growing == 21
        assert above == 17
        share = con.execute("""
            SELECT sum(value_cny) FILTER (WHERE region_code = '65') / sum(value_cny)
            FROM records_current r JOIN loads l USING (load_id)
            WHERE l.dataset LIKE 'gacc:%' AND r.partner_code IN ('145','146','147','148','149')
              AND month BETWEEN 202501 AND 202505""").fetchone()[0]
        assert abs(float(share) - 0.394) <= 0.0005


def test_cli_exit_status_and_message_on_contradiction(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tradestat.cli import app

    path = _targets_file(
        tmp_path,
        [2025, 2025],
        [
            {"id": "t-total", "period": "2025", "indicator": "value", "value": 100, "decimals": 0},
            {
                "id": "t-exports",
                "period": "2025",
                "slice": {"flow": "export"},
                "indicator": "value",
                "value": 120,
                "decimals": 0,
            },
        ],
    )
    result = CliRunner().invoke(
        app,
        ["simulate", "--targets", str(path), "--scale", "50000", "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "t-exports" in result.output and "t-total" in result.output
