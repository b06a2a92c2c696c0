"""Chinese HS chapter titles (authored from the tariff) and their use as model captions."""

from __future__ import annotations

import pyarrow as pa
import pytest

from tradestat.model.semantic import default_model
from tradestat.reference import HsChapter, hs_chapters, hs_nomenclature, hs_sections


def test_every_chapter_but_the_reserved_77_has_a_chinese_name():
    chapters = hs_chapters()
    assert [c.code for c in chapters] == [f"{i:02d}" for i in range(1, 98)]
    for row in chapters:
        if row.code == "77":
            continue
        assert row.name_zh and row.short_name_zh and not row.reserved, row.code
        assert row.name_en and row.section, row.code


def test_chapter_77_is_reserved():
    row = hs_chapters()["77"]
    assert row.reserved and row.short_name_zh == "" and "保留" in row.name_zh
    assert row.section == "XV"
    assert "77" not in hs_nomenclature("HS2022")


def test_sections_and_english_titles_follow_the_nomenclature():
    nomenclature = hs_nomenclature("HS2022")
    for row in hs_chapters():
        if not row.reserved:
            assert row.name_en == nomenclature[row.code].name_en
    for section in hs_sections():
        assert all(hs_chapters()[c].section == section.code for c in section.chapters)


@pytest.mark.parametrize(
    ("code", "name_zh", "short_name_zh"),
    [
        ("01", "活动物", "活动物"),
        ("27", "矿物燃料、矿物油及其蒸馏产品；沥青物质；矿物蜡", "矿物燃料、矿物油及其产品"),
        ("84", "核反应堆、锅炉、机器、机械器具及其零件", "机械器具及零件"),
        (
            "85",
            "电机、电气设备及其零件；录音机及放声机、电视图像、声音的录制和重放设备及其零件、附件",
            "电机、电气设备及其零件",
        ),
        ("87", "车辆及其零件、附件，但铁道及电车道车辆除外", "车辆及其零件"),
        ("39", "塑料及其制品", "塑料及其制品"),
        ("72", "钢铁", "钢铁"),
    ],
)
def test_spot_checks(code, name_zh, short_name_zh):
    row = hs_chapters()[code]
    assert (row.name_zh, row.short_name_zh) == (name_zh, short_name_zh)


def test_short_names_are_unique_and_searchable():
    chapters = hs_chapters()
    shorts = [c.short_name_zh for c in chapters if c.short_name_zh]
    assert len(shorts) == len(set(shorts)) == 96
    assert chapters.find("车辆及其零件").code == "87"
    assert chapters.find("核反应堆、锅炉、机器、机械器具及其零件").code == "84"


def test_table_is_immutable_and_typed():
    chapters = hs_chapters()
    assert hs_chapters() is chapters
    assert isinstance(chapters["87"], HsChapter)
    with pytest.raises(AttributeError):
        chapters["87"].short_name_zh = "汽车"  # type: ignore[misc]
    assert chapters.to_arrow().schema.field("reserved").type == pa.bool_()


def test_model_chapter_captions_use_the_chinese_short_name():
    members = default_model().level("chapter").members()
    assert members["87"].caption("zh") == "车辆及其零件"
    assert members["84"].caption("zh") == "机械器具及零件"
    assert members["87"].caption("en").startswith("Vehicles")  # English unchanged
    assert members["99"].caption("zh") == members["99"].caption("en")  # not an HS chapter
