"""What `kg review` shows beside each candidate: the whole sentence it came from, the name of every entity a field
links to, and a warning where a field links to a body the article does not name (the reviewer decides)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.model import Entity
from ..data.paths import Paths
from ..data.schema import Schema
from ..data.yaml_strict import load_yaml, read_text_utf8
from ..errors import DataError
from .naming import unnamed_links
from .resources import load_resources

# Where a sentence ends: a full stop, ! or ? (a closing quote may follow) before a space, or a line break.
_END_RX = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s)|\r?\n")


@dataclass
class Known:
    """Every entity review can link to, by id: its kind and its record (data/entities, and a file's proposals)."""

    kinds: dict[str, str]
    records: dict[str, dict[str, Any]]
    sections: dict[str, str] = field(default_factory=dict)  # file key (`people`) -> kind (`person`)

    @classmethod
    def load(cls, data: Path, schema: Schema) -> Known:
        """data/entities and, where data/registers is read, the registers' bodies (every English council, with
        its alternative names): an article about any council can be linked, relinked and checked."""
        sections = {spec.file_key: kind for kind, spec in schema.entity_kinds.items()}
        known = cls({}, {}, sections)
        folder = data / "entities"
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            doc = load_yaml(path)
            if isinstance(doc, dict):
                for key, items in doc.items():
                    known.add(sections.get(key), items)
        for entity in _register_entities(data):
            if entity.id not in known.kinds:
                known.kinds[entity.id] = entity.kind
                known.records[entity.id] = {"id": entity.id, **entity.values}
        return known

    def add(self, kind: str | None, items: Any) -> None:
        for e in items if kind and isinstance(items, list) else []:
            if isinstance(e, dict) and isinstance(e.get("id"), str):
                self.kinds[e["id"]] = kind or ""
                self.records[e["id"]] = dict(e)

    def with_proposals(self, entities: dict[str, list[dict[str, Any]]]) -> Known:
        """A copy with a pending file's proposed entities added (a known id keeps its reviewed record)."""
        out = Known(dict(self.kinds), dict(self.records), self.sections)
        for key, items in entities.items():
            out.add(self.sections.get(key), [e for e in items if e.get("id") not in self.kinds])
        return out

    def name(self, eid: str) -> str | None:
        record = self.records.get(eid) or {}
        value = record.get("name") or record.get("label")
        return str(value) if value else None


def _register_entities(data: Path) -> list[Entity]:
    """The bodies the registers add; none when they do not load (kg validate says why)."""
    from ..registers import load_project

    try:
        corpus = load_project(Paths(data=data))
    except DataError:
        return []
    return list(corpus.entities.values())


def source_text(data: Path, source: str) -> str | None:
    path = data / "sources" / f"{source}.txt"
    return read_text_utf8(path) if path.is_file() else None


def _spans(text: str, claim: dict[str, Any]) -> list[tuple[int, int]]:
    offsets = (claim.get("extracted") or {}).get("offsets")
    spans = [(int(o[0]), int(o[1])) for o in offsets or [] if isinstance(o, list) and len(o) == 2]
    if spans:
        return spans
    quotes = claim.get("quote")
    out = []
    for q in quotes if isinstance(quotes, list) else [quotes]:
        at = text.find(str(q)) if q else -1
        if at >= 0:
            out.append((at, at + len(str(q))))
    return out


def sentence(text: str | None, claim: dict[str, Any]) -> str:
    """The whole sentence (or sentences) each quote of the claim lies in; the quote itself when the text is not
    there to read."""
    quotes = claim.get("quote")
    if text is None or not (spans := _spans(text, claim)):
        return " … ".join(" ".join(str(q).split()) for q in (quotes if isinstance(quotes, list) else [quotes]) if q)
    out: list[str] = []
    for start, end in spans:
        ends_before = [m.end() for m in _END_RX.finditer(text, 0, max(start, 0)) if m.end() <= start]
        first = ends_before[-1] if ends_before else 0
        after = _END_RX.search(text, max(end - 1, first))
        last = after.end() if after and not after.group().endswith("\n") else (after.start() if after else len(text))
        whole = " ".join(text[first:last].split())
        if whole and whole not in out:
            out.append(whole)
    return " … ".join(out)


def _ids(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def links(claim: dict[str, Any], fields: list[str], known: Known) -> dict[str, str]:
    """Each field that names an entity, as `id (Name)` (ids comma-separated for a list)."""
    out = {}
    for key in fields:
        if key in claim:
            shown = [f"{eid} ({name})" if (name := known.name(eid)) else eid for eid in _ids(claim[key])]
            out[key] = ", ".join(shown)
    return out


def unnamed_bodies(claim: dict[str, Any], fields: list[str], known: Known, text: str | None) -> list[str]:
    """A warning for each body a field links to (directly, or as the body of a linked post) that the text does
    not name by its name, an alias, or its parent's name or alias (words for a kind of body name nothing)."""
    if text is None:
        return []
    return [u.message() for u in unnamed_links([claim], known.records, known.kinds, text, load_resources(), fields)]
