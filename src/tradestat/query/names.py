"""Every name the model knows for the members of a level, for rooms that must read free text.

The claims extractor has to spot "Kazakhstan", "哈萨克斯坦" or "ASEAN" in a sentence and turn it
into the code a query accepts. It may not read the model or the reference data itself (DESIGN.md
rooms), so the query layer hands out the names it already resolves with ``resolve_member``.
"""

from __future__ import annotations

from collections.abc import Mapping

from tradestat.model.semantic import default_model


def member_names(level: str) -> Mapping[str, tuple[str, ...]]:
    """Code → every caption (English, Chinese) and alias of that member of ``level``.

    Raises ``UnknownNameError`` for a level the model does not have.
    """
    found = default_model().level(level)
    names: dict[str, tuple[str, ...]] = {}
    for code, member in found.members().items():
        names[code] = tuple(n for n in (member.caption_en, member.caption_zh) if n)
    if found.kind == "group":
        for code, info in found.groups().items():
            names[code] = (*names.get(code, ()), *info.aliases)
    return names
