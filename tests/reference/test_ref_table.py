"""The CodeTable contract that ingest and the query layer rely on."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyarrow as pa
import pytest

from tradestat.reference import (
    CodeTable,
    ReferenceDataError,
    UnknownCodeError,
    partners,
    provinces,
)


@dataclass(frozen=True, slots=True)
class _Row:
    code: str
    name_en: str
    name_zh: str


_SCHEMA = pa.schema([("code", pa.string()), ("name_en", pa.string()), ("name_zh", pa.string())])


def _table() -> CodeTable[_Row]:
    rows = [
        _Row("014", "Shanxi", "山西"),
        _Row("061", "Shaanxi", "陕西"),
        _Row("037", "Shandong", "山东"),
        _Row("099", "Ｆｕｌｌ Width （Name）", "全角（名称）"),
    ]
    return CodeTable("demo", rows, _SCHEMA)


def test_mapping_protocol_keeps_string_codes():
    table = _table()
    assert len(table) == 4
    assert [r.code for r in table] == ["014", "061", "037", "099"]
    assert "014" in table
    assert 14 not in table  # codes are strings; an int never matches
    assert table.get("999") is None
    assert table["061"].name_zh == "陕西"
    assert table.codes() == frozenset({"014", "061", "037", "099"})


def test_unknown_code_is_a_key_error_with_suggestions():
    table = _table()
    with pytest.raises(KeyError) as info:
        table["01x"]
    err = info.value
    assert isinstance(err, UnknownCodeError)
    assert err.table == err.table_name == "demo"
    assert err.code == "01x"
    assert err.suggestions and err.suggestions[0] == "014"
    assert "did you mean" in str(err)


def test_int_code_gives_a_hint_about_strings():
    with pytest.raises(UnknownCodeError) as info:
        _table()[14]  # type: ignore[index]
    assert "string" in str(info.value)


def test_find_exact_then_unique_prefix_and_ambiguity():
    table = _table()
    assert table.find("  shanxi ").code == "014"
    assert table.find("SHAANXI").code == "061"
    assert table.find("陕西").code == "061"
    assert table.find("Shand").code == "037"  # unique prefix
    with pytest.raises(UnknownCodeError) as info:
        table.find("Sha")  # Shanxi, Shaanxi, Shandong: never guess
    assert "ambiguous" in str(info.value)
    assert len(info.value.suggestions) == 3
    with pytest.raises(UnknownCodeError) as info:
        table.find("Shanxy")
    assert "Shanxi" in info.value.suggestions


def test_find_ignores_character_width():
    table = _table()
    assert table.find("full width (name)").code == "099"
    assert table.find("全角(名称)").code == "099"


def test_rows_and_tables_are_immutable():
    table = _table()
    row = table["014"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.name_en = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        table._rows = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        table.as_mapping()["x"] = row  # type: ignore[index]
    assert isinstance(table.rows, tuple)


def test_construction_rejects_duplicates_and_mutable_rows():
    with pytest.raises(ReferenceDataError, match="duplicate"):
        CodeTable("dup", [_Row("1", "a", ""), _Row("1", "b", "")], _SCHEMA)

    @dataclass
    class Mutable:
        code: str
        name_en: str
        name_zh: str

    with pytest.raises(ReferenceDataError, match="frozen"):
        CodeTable("mut", [Mutable("1", "a", "")], _SCHEMA)  # type: ignore[list-item]


def test_to_arrow_has_string_codes():
    arrow = _table().to_arrow()
    assert arrow.schema.field("code").type == pa.string()
    assert arrow.column("code").to_pylist()[0] == "014"


@pytest.mark.parametrize("loader", [partners, provinces])
def test_real_tables_expose_typed_arrow(loader):
    arrow = loader().to_arrow()
    assert arrow.num_rows == len(loader())
    assert arrow.schema.field("code").type == pa.string()
