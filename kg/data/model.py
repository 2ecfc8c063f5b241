"""The loaded, checked contents of data/: sources, entities and claims, each remembering its location."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, Problem
from .dates import PartialDate
from .quotes import Anchor
from .schema import Schema

# Claim fields whose values are entity ids (extraction proposes them, review moves them, both must agree).
ENTITY_REF_FIELDS = (
    "person",
    "post",
    "organisation",
    "by",
    "target",
    "capacity",
    "subject",
    "inspectorate",
    "inspector",
    "agent",
    "original",
    "resulting",
)


@dataclass
class Source:
    """One article: its exact text and its metadata."""

    id: str
    text: str
    published: PartialDate
    values: dict[str, Any]
    text_path: Path
    location: Location


@dataclass
class Entity:
    """A person, organisation or post from data/entities (or proposed by a pending candidates file)."""

    id: str
    kind: str
    values: dict[str, Any]
    location: Location
    pending: bool = False

    @property
    def label(self) -> str:
        return str(self.values.get("name") or self.values.get("label") or self.id)

    @property
    def aliases(self) -> list[str]:
        return list(self.values.get("aliases") or [])


@dataclass
class Claim:
    """One reviewed claim from one source, with the anchors of its quotes."""

    source: str
    id: str
    type: str
    values: dict[str, Any]
    quotes: list[str]
    location: Location
    anchors: list[Anchor] = field(default_factory=list)
    pending: bool = False
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # line, column of each field's value

    def loc(self, name: str) -> Location:
        """Where the field `name` is written, so a rule checked after loading can name file, line and field."""
        line, column = self.positions.get(name, (self.location.line, self.location.column))
        return Location(self.location.path, line, column, name)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value


@dataclass
class Corpus:
    """Everything in data/, checked: the input to the RDF build."""

    schema: Schema
    sources: dict[str, Source]
    entities: dict[str, Entity]
    claims: list[Claim]
    concepts: dict[str, dict[str, str]]
    warnings: list[Problem] = field(default_factory=list)  # what a register reader left out, and why

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def claims_of(self, claim_type: str) -> list[Claim]:
        return [c for c in self.claims if c.type == claim_type]
