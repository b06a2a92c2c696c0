"""The semantic model: dimensions → levels, groups and measures, loaded from YAML and validated.

The YAML (``semantic.yaml`` beside this file) is the contract between users and the SQL: a user
asks for ``partner_group = ASEAN`` or ``by = chapter``; the query layer looks the names up here.
Validation happens once, at load, so a typo in the model fails loudly before any query runs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tradestat.errors import ModelError, UnknownNameError
from tradestat.model.members import (
    CODE_MAPS,
    GROUP_SOURCES,
    MEMBER_SOURCES,
    CountryGroupSource,
    GroupInfo,
    GroupSource,
    Member,
    code_map,
    group_source,
    members,
)
from tradestat.model.records import CANONICAL_FIELDS
from tradestat.reference import country_groups

_COLUMNS = frozenset(f.name for f in CANONICAL_FIELDS)


class Caption(BaseModel):
    """A caption in English and Chinese; both are required."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class LevelSpec(BaseModel):
    """One level as written in the YAML."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    kind: Literal["column", "derived", "mapped", "group"]
    caption: Caption
    column: str | None = None
    expr: str | None = None
    from_: str | None = Field(default=None, alias="from")
    map: str | None = None
    groups: str | None = None
    members: str | None = None
    parent_of: str | None = None
    min_digits: int | None = None
    requires: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _fields_for_kind(self) -> LevelSpec:
        needed = {"column": ("column",), "derived": ("expr",), "mapped": ("from_", "map"),
                  "group": ("groups",)}[self.kind]
        missing = [n.rstrip("_") for n in needed if getattr(self, n) is None]
        if missing:
            raise ValueError(f"a {self.kind} level needs {', '.join(missing)}")
        return self


class DimensionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    caption: Caption
    levels: dict[str, LevelSpec]


class MeasureSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sql: str
    column: str | None = None
    additive: bool
    unit: str
    requires: tuple[str, ...] = ()
    caption: Caption


class ModelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    dimensions: dict[str, DimensionSpec]
    measures: dict[str, MeasureSpec]


@dataclass(frozen=True, slots=True)
class Level:
    """A validated level: where its values come from and how to caption them."""

    name: str
    dimension: str
    spec: LevelSpec
    registry: Callable[[str], GroupSource] = field(default=group_source, compare=False,
                                                   repr=False)

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def caption(self) -> Caption:
        return self.spec.caption

    @property
    def requires(self) -> tuple[str, ...]:
        return self.spec.requires

    def members(self) -> Mapping[str, Member]:
        """Captions by code ({} for levels without a member list, such as months)."""
        if self.kind == "group":
            return {code: Member(code, g.caption_en, g.caption_zh)
                    for code, g in self.group_source().groups().items()}
        return members(self.spec.members) if self.spec.members else {}

    def code_map(self) -> Mapping[str, str]:
        """For a mapped level: child code → this level's code."""
        if self.kind != "mapped" or self.spec.map is None:
            raise ModelError(f"level {self.name!r} is not a mapped level")
        return code_map(self.spec.map)

    def group_source(self) -> GroupSource:
        if self.kind != "group" or self.spec.groups is None:
            raise ModelError(f"level {self.name!r} is not a group level")
        return self.registry(self.spec.groups)

    def groups(self) -> Mapping[str, GroupInfo]:
        return self.group_source().groups()


@dataclass(frozen=True, slots=True)
class Measure:
    """A validated measure: its aggregate SQL and what it needs to be meaningful."""

    name: str
    spec: MeasureSpec

    @property
    def caption(self) -> Caption:
        return self.spec.caption

    @property
    def additive(self) -> bool:
        return self.spec.additive

    @property
    def requires(self) -> tuple[str, ...]:
        return self.spec.requires


def suggest(name: str, known: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Up to three known names close to ``name`` (for "did you mean")."""
    lowered = {k.lower(): k for k in known}
    hits = difflib.get_close_matches(str(name).lower(), list(lowered), n=3, cutoff=0.5)
    return tuple(lowered[h] for h in hits)


class SemanticModel:
    """Dimensions, levels and measures by name, with bilingual captions."""

    def __init__(self, spec: ModelSpec, origin: str,
                 country_group_files: Iterable[str | Path] = ()) -> None:
        self.spec = spec
        self.origin = origin
        self.country_group_files = tuple(Path(p) for p in country_group_files)
        self._sources: dict[str, GroupSource] = {}
        self._levels: dict[str, Level] = {}
        for dim_name, dim in spec.dimensions.items():
            for level_name, level in dim.levels.items():
                if level_name in self._levels:
                    raise ModelError(f"{origin}: level {level_name!r} is declared twice")
                self._levels[level_name] = Level(level_name, dim_name, level,
                                                 self._group_source)
        self._measures = {n: Measure(n, m) for n, m in spec.measures.items()}
        self._check()

    def _group_source(self, name: str) -> GroupSource:
        """Group sources of this model: user country-group files (e.g. a Belt-and-Road list)
        extend the shipped groups for this model only."""
        if name not in self._sources:
            if name == "country_groups" and self.country_group_files:
                self._sources[name] = CountryGroupSource(
                    country_groups(extra=self.country_group_files))
            else:
                self._sources[name] = group_source(name)
        return self._sources[name]

    def with_country_groups(self, *files: str | Path) -> SemanticModel:
        """The same model with user-supplied country-group CSVs added."""
        return SemanticModel(self.spec, self.origin, (*self.country_group_files, *files))

    def _check(self) -> None:
        problems: list[str] = []
        for level in self._levels.values():
            s = level.spec
            if s.column is not None and s.column not in _COLUMNS:
                problems.append(f"level {level.name}: unknown column {s.column!r}")
            for col in s.requires:
                if col not in _COLUMNS:
                    problems.append(f"level {level.name}: requires unknown column {col!r}")
            if s.from_ is not None and s.from_ not in self._levels:
                problems.append(f"level {level.name}: from unknown level {s.from_!r}")
            if s.map is not None and s.map not in CODE_MAPS:
                problems.append(f"level {level.name}: unknown code map {s.map!r}")
            if s.groups is not None and s.groups not in GROUP_SOURCES:
                problems.append(f"level {level.name}: unknown group source {s.groups!r}")
            if s.members is not None and s.members not in MEMBER_SOURCES:
                problems.append(f"level {level.name}: unknown member source {s.members!r}")
        for measure in self._measures.values():
            for col in measure.requires:
                if col not in _COLUMNS:
                    problems.append(f"measure {measure.name}: requires unknown column {col!r}")
        if problems:
            raise ModelError(f"{self.origin}: the semantic model is inconsistent: "
                             + "; ".join(problems))

    # -- lookups -------------------------------------------------------------------------------
    @property
    def levels(self) -> Mapping[str, Level]:
        return self._levels

    @property
    def measures(self) -> Mapping[str, Measure]:
        return self._measures

    def level(self, name: str) -> Level:
        """The level called ``name``; unknown names raise with suggestions."""
        try:
            return self._levels[name]
        except (KeyError, TypeError):
            raise UnknownNameError("level", name, suggest(str(name), list(self._levels)),
                                   hint="levels: " + ", ".join(self._levels)) from None

    def measure(self, name: str) -> Measure:
        """The measure called ``name``; unknown names raise with suggestions."""
        try:
            return self._measures[name]
        except (KeyError, TypeError):
            raise UnknownNameError("measure", name, suggest(str(name), list(self._measures)),
                                   hint="measures: " + ", ".join(self._measures)) from None

    def dimension_caption(self, dimension: str) -> Caption:
        return self.spec.dimensions[dimension].caption


def load_model(path: str | Path | None = None) -> SemanticModel:
    """Load and validate a semantic model (the bundled one when ``path`` is None)."""
    if path is None:
        return default_model()
    return _load(Path(path).read_text(encoding="utf-8"), str(path))


@cache
def default_model() -> SemanticModel:
    """The bundled semantic model (loaded once)."""
    text = (resources.files("tradestat.model") / "semantic.yaml").read_text(encoding="utf-8")
    return _load(text, "tradestat/model/semantic.yaml")


def _load(text: str, origin: str) -> SemanticModel:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ModelError(f"{origin}: not valid YAML: {exc}") from None
    try:
        spec = ModelSpec.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                            for e in exc.errors())
        raise ModelError(f"{origin}: invalid semantic model: {details}") from None
    return SemanticModel(spec, origin)
