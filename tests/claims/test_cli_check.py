"""``tradestat check`` and ``tradestat figures`` through the real command line (typer's runner),
on the hand-built warehouse of conftest.py and the trap texts; hostile input never ends in a
traceback.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from tests.claims.conftest import TEXTS
from typer.testing import CliRunner

from tradestat.cli import app

runner = CliRunner()
FULL_YEAR = TEXTS / "zh-2026-01-full-year.txt"  # one false "首次突破50亿元": contradicted
ROUND = TEXTS / "en-2025-07-round-figure.txt"  # nothing contradicted


def check(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *map(str, args)])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_exit_status_says_whether_a_claim_is_contradicted(trap_warehouse: Path) -> None:
    code, out, _ = check(ROUND, "--warehouse", trap_warehouse)
    assert code == 0, out
    assert "lower bound" in out and "contradicted" in out  # the counts line names all three
    code, out, _ = check(FULL_YEAR, "--warehouse", trap_warehouse)
    assert code == 1
    assert "50亿元" in out


def test_json_shape(trap_warehouse: Path) -> None:
    code, out, _ = check(ROUND, FULL_YEAR, "--warehouse", trap_warehouse, "--format", "json")
    assert code == 1
    documents = json.loads(out)
    assert [Path(d["file"]).name for d in documents] == [ROUND.name, FULL_YEAR.name]
    assert documents[0]["published"] == "2025-07-25"
    first = documents[0]["claims"][0]
    for key in (
        "id",
        "surface",
        "value",
        "unit",
        "power",
        "decimals",
        "qualifier",
        "indicator",
        "region",
        "period",
        "period_surface",
        "flow",
        "slice",
        "measure",
        "direction",
        "denominator",
        "reference",
        "converts",
        "about",
        "span",
        "verdict",
        "reason",
        "detail",
        "evidence",
    ):
        assert key in first, key
    assert (first["surface"], first["value"], first["unit"], first["power"]) == (
        "70 billion yuan",
        70,
        "CNY",
        9,
    )
    assert (first["region"], first["period"], first["verdict"], first["detail"]) == (
        "65",
        "2025H1",
        "supported",
        "lower bound",
    )
    [warehouse] = [e for e in first["evidence"] if e["check"] == "warehouse"]
    assert warehouse["evidence"][0]["value"] == 70_800_000_000
    assert warehouse["evidence"][0]["is_sample"] is True
    assert "SELECT" in warehouse["evidence"][0]["sql"]
    growth = documents[0]["claims"][1]
    assert (growth["indicator"], growth["value"], growth["unit"]) == ("yoy", 18, "percent")
    by_surface = {c["surface"]: c for c in documents[1]["claims"]}
    # "下降10%" is a negative growth in JSON.
    assert by_surface["10%"]["value"] == -10 and by_surface["10%"]["verdict"] == "supported"
    assert by_surface["50亿元"]["verdict"] == "contradicted"


def test_json_file_span_and_evidence_as_documented(trap_warehouse: Path) -> None:
    # docs/claims.md: ``file`` is the path as given; ``span`` indexes the text after the header
    # block (split here by hand at the first blank line); a check's ``detail`` is left out when
    # it has none.
    code, out, _ = check(ROUND, "--warehouse", trap_warehouse, "--format", "json")
    assert code == 0
    [document] = json.loads(out)
    assert document["file"] == str(ROUND)
    assert document["title"] == "Round figure in a first-half report (test text)"
    body = ROUND.read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert document["claims"]
    for claim in document["claims"]:
        start, end = claim["span"]
        assert body[start:end] == claim["surface"], claim
        for check_ in claim["evidence"]:
            assert set(check_) <= {"check", "verdict", "reason", "detail", "evidence"}
            assert "detail" not in check_ or check_["detail"]
        # The claim's reason and detail are those of the first check with its verdict.
        decisive = next(e for e in claim["evidence"] if e["verdict"] == claim["verdict"])
        assert (claim["reason"], claim["detail"]) == (decisive["reason"], decisive.get("detail"))


def test_json_carries_every_slot(trap_warehouse: Path, tmp_path: Path) -> None:
    text = tmp_path / "slots.txt"
    text.write_text(
        "date: 2026-01-22\n\nIn 2025, Xinjiang's imports saw double-digit growth "
        "with the Middle East and Kazakhstan.\n",
        encoding="utf-8",
    )
    code, out, _ = check(text, "--warehouse", trap_warehouse, "--format", "json")
    first = json.loads(out)[0]["claims"][0]
    assert code == 0
    assert first["unresolved"] == "the Middle East"
    assert first["region_basis"] == "registered" and "qualifiers" in first


def test_html_shows_every_claim_of_a_shared_number(trap_warehouse: Path, tmp_path: Path) -> None:
    # One number, two claims: the Middle East part is unverifiable (no model member), the
    # Kazakhstan part is not (imports -10 %, exports +25 % in conftest.py's table).
    text = tmp_path / "shared.txt"
    text.write_text(
        "date: 2026-01-22\n\nIn 2025, Xinjiang's imports saw double-digit growth "
        "with the Middle East and Kazakhstan.\n",
        encoding="utf-8",
    )
    code, out, _ = check(text, "--warehouse", trap_warehouse, "--format", "json")
    claims = json.loads(out)[0]["claims"]
    assert [c["span"] for c in claims] == [claims[0]["span"]] * 2
    assert claims[0]["verdict"] == "unverifiable" and claims[1]["verdict"] != "unverifiable"
    code, out, _ = check(text, "--warehouse", trap_warehouse, "--format", "html")
    assert code == 0
    [mark] = [m for m in out.split("<mark ")[1:] if "data-claim" in m]
    # The colour is the most cautious verdict: contradicted, else unverifiable, and green only
    # when every claim on the number is supported.
    expected = "contradicted" if claims[1]["verdict"] == "contradicted" else "unverifiable"
    assert f'class="{expected}"' in mark
    assert "Middle East" in mark and "c2" in mark


def test_html_is_one_page_with_verdicts_on_hover(trap_warehouse: Path) -> None:
    code, out, _ = check(FULL_YEAR, "--warehouse", trap_warehouse, "--format", "html")
    assert code == 1
    assert out.startswith("<!DOCTYPE html>") and "<script" not in out and "http" not in out
    assert '<mark class="contradicted"' in out and '<mark class="supported"' in out
    assert "not the first time" in out  # the reason, in the title attribute


def test_date_option_overrides_the_header(trap_warehouse: Path, tmp_path: Path) -> None:
    # "今年1-5月" anchored on 2025 is covered and supported; anchored on 2030 it is not covered.
    text = tmp_path / "ytd.txt"
    shutil.copy(TEXTS / "zh-2025-06-ytd-release.txt", text)
    code, out, _ = check(text, "--warehouse", trap_warehouse, "--format", "json")
    claims = json.loads(out)[0]["claims"]
    assert code == 0 and claims[0]["period"] == "2025-YTD05"
    assert claims[0]["verdict"] == "supported"
    code, out, _ = check(
        text, "--warehouse", trap_warehouse, "--format", "json", "--date", "2030-06-18"
    )
    document = json.loads(out)[0]
    assert code == 0 and document["published"] == "2030-06-18"
    assert document["claims"][0]["period"] == "2030-YTD05"
    [warehouse] = [e for e in document["claims"][0]["evidence"] if e["check"] == "warehouse"]
    assert warehouse["verdict"] == "unverifiable" and "2030" in warehouse["reason"]


def test_against_figures_after_figures_add(trap_warehouse: Path, tmp_path: Path) -> None:
    store = tmp_path / "figures.duckdb"
    result = runner.invoke(
        app, ["figures", "add", str(TEXTS / "zh-2025-12-ca5-jan-nov.txt"), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert "1 figures stored" in result.stdout
    later = TEXTS / "zh-2026-01-ca5-full-year.txt"
    code, out, _ = check(later, "--against", "figures", "--store", store, "--format", "json")
    assert code == 1
    [claim] = json.loads(out)[0]["claims"]
    assert (claim["verdict"], claim["detail"]) == (
        "contradicted",
        "cumulative figure does not rise",
    )
    assert [e["check"] for e in claim["evidence"]] == ["figures"]
    # --against both adds the warehouse, which gives 1116亿 for the whole of 2025.
    code, out, _ = check(
        later,
        "--against",
        "both",
        "--store",
        store,
        "--warehouse",
        trap_warehouse,
        "--format",
        "json",
    )
    [claim] = json.loads(out)[0]["claims"]
    assert code == 1 and {e["check"] for e in claim["evidence"]} == {"figures", "warehouse"}


def test_figures_series_shows_the_months_and_the_gaps(tmp_path: Path) -> None:
    store = tmp_path / "figures.duckdb"
    files = [TEXTS / "zh-2025-03-revised-base.txt", TEXTS / "zh-2025-06-ytd-release.txt"]
    result = runner.invoke(app, ["figures", "add", *map(str, files), "--store", str(store)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["figures", "series", "--region", "65", "--store", str(store)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    # Jan-Feb 236亿 and Jan-May 590亿 (May alone 118亿) published; March and April are not.
    assert "236.0" in lines["2025-02"] and "590.0" in lines["2025-05"]
    assert "118.0" in lines["2025-05"]
    assert list(lines) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    result = runner.invoke(app, ["figures", "series", "--region", "61", "--store", str(store)])
    assert result.exit_code == 0 and "no stored" in result.stdout


# -- --country-groups ------------------------------------------------------------------------
#: Our own sentence. In the hand-built warehouse (conftest.py) Xinjiang's 2025 trade with
#: Kazakhstan is 12 x (7.5 + 1.8) = 111.6 and with Viet Nam 12 x 0.8 = 9.6 billion yuan:
#: 121.2 together (2024: 12 x (6.0 + 2.0) + 12 x 0.5 = 102.0, so +18.82 %), of a total of
#: 141.6 (85.59 %). The user list below makes those two the Belt-and-Road partners.
BRI_TEXT = (
    "date: 2026-01-22\n\nXinjiang's trade with Belt and Road countries reached 121.2 billion "
    "yuan in 2025, up 18.8 percent from a year earlier, accounting for 85.6 percent of the "
    "region's total.\n"
)
BRI_CSV = (
    "group_id,group_name_en,group_name_zh,iso3,member_since,member_until,note,source\n"
    "BRI_PARTNERS,,,KAZ,2013-09-07,,test list,test\n"
    "BRI_PARTNERS,,,VNM,2017-11-10,,test list,test\n"
)


def _bri_files(tmp_path: Path) -> tuple[Path, Path]:
    text, groups = tmp_path / "bri.txt", tmp_path / "bri_groups.csv"
    text.write_text(BRI_TEXT, encoding="utf-8")
    groups.write_text(BRI_CSV, encoding="utf-8")
    return text, groups


def test_belt_and_road_claims_need_the_group_list(trap_warehouse: Path, tmp_path: Path) -> None:
    text, groups = _bri_files(tmp_path)
    code, out, err = check(
        text, "--warehouse", trap_warehouse, "--format", "json", "--country-groups", groups
    )
    assert code == 0, err
    claims = json.loads(out)[0]["claims"]
    assert [(c["surface"], c["slice"], c["verdict"]) for c in claims] == [
        ("121.2 billion yuan", {"partner_group": "BRI_PARTNERS"}, "supported"),
        ("18.8 percent", {"partner_group": "BRI_PARTNERS"}, "supported"),
        ("85.6 percent", {"partner_group": "BRI_PARTNERS"}, "supported"),
    ]
    [warehouse] = [e for e in claims[0]["evidence"] if e["check"] == "warehouse"]
    assert warehouse["evidence"][0]["value"] == 121_200_000_000

    code, out, err = check(text, "--warehouse", trap_warehouse, "--format", "json")
    assert code == 0, err
    for claim in json.loads(out)[0]["claims"]:
        assert claim["verdict"] == "unverifiable", claim
        assert claim["reason"].startswith(
            "no member list for group BRI_PARTNERS: give one with --country-groups FILE"
        ), claim["reason"]


def test_a_list_under_another_group_id_is_named(trap_warehouse: Path, tmp_path: Path) -> None:
    # A list under another id than the one press phrases resolve to (BRI_PARTNERS).
    text, groups = _bri_files(tmp_path)
    groups.write_text(
        BRI_CSV.replace("BRI_PARTNERS,,", "BRI_SAMPLE,Sample list,"), encoding="utf-8"
    )
    code, out, err = check(
        text, "--warehouse", trap_warehouse, "--format", "json", "--country-groups", groups
    )
    assert code == 0, err
    for claim in json.loads(out)[0]["claims"]:
        assert claim["verdict"] == "unverifiable", claim
        assert "the files given fill BRI_SAMPLE, not BRI_PARTNERS" in claim["reason"]


def test_group_list_problems_are_usage_errors(trap_warehouse: Path, tmp_path: Path) -> None:
    text, groups = _bri_files(tmp_path)
    code, _, err = check(
        text, "--warehouse", trap_warehouse, "--country-groups", tmp_path / "none.csv"
    )
    assert code == 2 and "none.csv" in err and "no such file" in err
    groups.write_text(BRI_CSV.replace("VNM", "XXX"), encoding="utf-8")
    code, _, err = check(text, "--warehouse", trap_warehouse, "--country-groups", groups)
    assert code == 2 and err.startswith("error: ")
    assert "bri_groups.csv" in err and "line 3" in err and "'XXX'" in err


# -- usage errors and hostile input ----------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["--date", "2025-13-40"],
        ["--format", "pdf"],
        ["--against", "nothing"],
        ["--warehouse", "/nonexistent/wh.duckdb"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, out, err = check(ROUND, *args)
    assert code == 2 and err.startswith("error: "), (out, err)


def test_missing_store_exits_2(tmp_path: Path) -> None:
    code, _, err = check(ROUND, "--against", "figures", "--store", tmp_path / "none.duckdb")
    assert code == 2 and "error: " in err


def _hostile(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.txt"
    if kind == "binary":
        path.write_bytes(bytes(range(256)) * 64)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "huge":
        with path.open("wb") as fh:
            fh.write(b"Trade rose 5 percent. " * (20 * 2**20 // 22))
    elif kind == "random":
        path.write_bytes(os.urandom(4096))
    elif kind == "directory":
        path.mkdir()
    elif kind == "missing":
        pass
    return path


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("binary", "binary"),
        ("huge", "larger than a press report"),
        ("random", "error"),
        ("directory", "directory"),
        ("missing", "no such file"),
    ],
)
def test_unreadable_input_exits_2_with_a_message(tmp_path: Path, kind: str, words: str) -> None:
    path = _hostile(tmp_path, kind)
    code, out, err = check(path, "--against", "figures", "--store", tmp_path / "s.duckdb")
    assert code == 2, (out, err)
    assert err.startswith("error: ") and words in err and "Traceback" not in err
    assert str(path.name) in err


def test_empty_file_has_no_claims(trap_warehouse: Path, tmp_path: Path) -> None:
    code, out, _ = check(
        _hostile(tmp_path, "empty"), "--warehouse", trap_warehouse, "--format", "json"
    )
    assert code == 0 and json.loads(out)[0]["claims"] == []


def test_gbk_file_is_read(trap_warehouse: Path, tmp_path: Path) -> None:
    text = (TEXTS / "zh-2026-01-border-small.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    code, out, _ = check(path, "--warehouse", trap_warehouse, "--format", "json")
    claims = json.loads(out)[0]["claims"]
    assert code == 0
    assert [(c["surface"], c["verdict"]) for c in claims] == [
        ("900亿元", "supported"),
        ("25%", "supported"),
    ]
