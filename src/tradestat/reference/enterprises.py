"""Enterprise nature (企业性质): ownership types 1-9 and the groups releases publish.

Releases report "private enterprises", "state-owned enterprises" and "foreign-invested enterprises"
(e.g. Xinjiang's private firms at over 90% of trade). Those are unions of the one-digit types read
from the customs registration code; the unions live in ``data/authored/enterprises.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyarrow as pa

from ._files import read_csv, read_yaml
from ._table import CodeTable
from .errors import InvalidReferenceFile, InvalidRegistrationCode

__all__ = [
    "EnterpriseGroup",
    "EnterpriseType",
    "enterprise_groups",
    "enterprise_type_from_registration_code",
    "enterprise_types",
]

_YAML = "authored/enterprises.yaml"


@dataclass(frozen=True, slots=True)
class EnterpriseType:
    """One-digit enterprise nature code. ``name_zh`` is the official short name (国有, 合资 ...)."""

    code: str
    name_en: str
    name_zh: str
    long_name_zh: str
    published_group: str


@dataclass(frozen=True, slots=True)
class EnterpriseGroup:
    """A published enterprise group (private = 民营企业 ...) and the type codes it adds up."""

    code: str
    name_en: str
    name_zh: str
    type_codes: tuple[str, ...]
    status: str


TYPE_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("long_name_zh", pa.string()),
        ("published_group", pa.string()),
    ]
)

GROUP_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name_en", pa.string()),
        ("name_zh", pa.string()),
        ("type_codes", pa.list_(pa.string())),
        ("status", pa.string()),
    ]
)


@cache
def _spec() -> Mapping[str, Any]:
    return read_yaml(_YAML)


@cache
def enterprise_types() -> CodeTable[EnterpriseType]:
    """Enterprise nature codes 1-9 with their published group.

    Groups: state_owned = 1; foreign_invested = 2+3+4; private = 5+6+7 (unconfirmed); other = 9.
    Type 8 (customs broker) is not an ownership class: its group is "not_statistical".
    Chinese short names from the single-window ownership table; English names are ours.
    """
    official = {
        r["co_owner_code"]: r["ownership_zh"]
        for r in read_csv("customs-codes/enterprise_ownership_types.csv")
    }
    groups = {g["id"] for g in _spec()["groups"]}
    rows = []
    for t in _spec()["types"]:
        code = str(t["code"])
        if code not in official or t["published_group"] not in groups:
            raise InvalidReferenceFile(_YAML, None, "types", code, "unknown type or group")
        rows.append(
            EnterpriseType(
                code=code,
                name_en=t["name_en"],
                name_zh=official[code],
                long_name_zh=t["long_name_zh"],
                published_group=t["published_group"],
            )
        )
    return CodeTable(
        "enterprise_types", rows, TYPE_SCHEMA, name_fields=("name_en", "name_zh", "long_name_zh")
    )


@cache
def enterprise_groups() -> CodeTable[EnterpriseGroup]:
    """Published enterprise groups with captions: 国有企业, 外商投资企业, 民营企业, 其他.

    Also lists "not_statistical" (type 8) so that every type belongs to a row here.
    """
    types = enterprise_types()
    rows = [
        EnterpriseGroup(
            code=g["id"],
            name_en=g["name_en"],
            name_zh=g["name_zh"],
            type_codes=tuple(t.code for t in types if t.published_group == g["id"]),
            status=" ".join(str(g["status"]).split()),
        )
        for g in _spec()["groups"]
    ]
    return CodeTable("enterprise_groups", rows, GROUP_SCHEMA)


def enterprise_type_from_registration_code(code: str) -> str:
    """Enterprise nature digit ("1".."9") read from a 10-character customs registration code.

    The 6th character encodes the nature. Raises :class:`InvalidRegistrationCode` (a
    ``ValueError``) with the reason when the input is not a string of 10 ASCII letters/digits or
    its 6th character is not 1-9. An 18-character unified social credit code is rejected: it does
    not carry the enterprise nature, and whether newer registrations still follow the 6th-digit
    rule is unconfirmed.
    """
    if not isinstance(code, str):
        raise InvalidRegistrationCode(code, "not a string")
    if len(code) == 18:
        raise InvalidRegistrationCode(
            code,
            "18 characters: a unified social credit code, which has no enterprise-nature digit",
        )
    if len(code) != 10:
        raise InvalidRegistrationCode(code, f"expected 10 characters, got {len(code)}")
    if not (code.isascii() and code.isalnum()):
        raise InvalidRegistrationCode(code, "only ASCII letters and digits are allowed")
    sixth = code[5]
    if sixth not in "123456789":
        raise InvalidRegistrationCode(code, f"6th character {sixth!r} is not a digit 1-9")
    return sixth
