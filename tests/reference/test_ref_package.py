"""Packaging guarantees: bottom layer, shipped data, documentation of every loader."""

from __future__ import annotations

import ast
import inspect
from importlib import resources
from pathlib import Path

import pytest

import tradestat.reference as ref
from tradestat.reference import CodeTable

PACKAGE_DIR = Path(ref.__file__).parent

LOADERS = [
    ref.countries,
    ref.partners,
    ref.provinces,
    ref.domestic_districts,
    ref.customs_districts,
    ref.supervision_modes,
    ref.statistical_trade_modes,
    ref.trade_mode_groups,
    ref.enterprise_types,
    ref.enterprise_groups,
    ref.transport_modes,
    ref.transport_groups,
    ref.hs_sections,
    ref.hs_chapters,
    ref.national_codes,
    ref.product_groups,
]


def _modules() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("*.py"))


def test_reference_imports_nothing_else_from_tradestat():
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{path.name} reaches outside reference/"
                if node.level == 0 and node.module:
                    assert (
                        not node.module.startswith("tradestat")
                        or node.module.startswith("tradestat.reference")
                        or node.module == "tradestat.errors"  # the shared error base
                    ), f"{path.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("tradestat"), path.name


def test_no_path_outside_the_package_is_used():
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        assert "shared/data" not in text and "/work/" not in text, path.name


def test_data_files_are_package_resources():
    data = resources.files("tradestat.reference").joinpath("data")
    for rel in (
        "ATTRIBUTION.md",
        "hs/hs2022_harmonized-system.csv",
        "customs-codes/ciq_codes_hs10_zh.csv",
        "countries/LICENSE-i18n-iso-countries-MIT.txt",
        "authored/product_groups.yaml",
    ):
        node = data
        for part in rel.split("/"):
            node = node.joinpath(part)
        assert node.is_file(), rel


def test_attribution_names_every_data_folder_and_licence():
    text = (
        resources.files("tradestat.reference")
        .joinpath("data", "ATTRIBUTION.md")
        .read_text(encoding="utf-8")
    )
    for needle in (
        "PDDL-1.0",
        "MIT",
        "UN Statistics Division",
        "M49",
        "European",
        "singlewindow",
        "datasets/harmonized-system",
        "insongkim/concordance",
        "authored/",
    ):
        assert needle in text
    shipped = {p.name for p in (PACKAGE_DIR / "data").rglob("*") if p.is_file()}
    for name in shipped - {"ATTRIBUTION.md"}:
        assert name in text, f"{name} is not mentioned in ATTRIBUTION.md"


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_loaders_are_cached_documented_code_tables(loader):
    table = loader()
    assert isinstance(table, CodeTable)
    assert loader() is table
    assert len(table) > 0
    doc = inspect.getdoc(loader) or ""
    assert len(doc) > 60, f"{loader.__name__} needs a docstring saying what, where from, caveats"
    for row in table:
        assert isinstance(row.code, str) and row.code
        assert isinstance(row.name_en, str) and isinstance(row.name_zh, str)


def test_public_api_is_documented():
    for name in ref.__all__:
        obj = getattr(ref, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), name
    for name in ("hs_nomenclature", "country_groups", "cny_per_usd_monthly", "product_groups"):
        assert name in (ref.__doc__ or "")
