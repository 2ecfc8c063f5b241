"""Entity records from data/entities and from the `entities` a pending candidates file proposes, by id."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Location, ProblemList
from .model import Entity
from .schema import Schema
from .yaml_strict import LocatedDict, LocatedList, load_yaml


def pending_files(data: Path) -> list[Path]:
    """The candidates files in data/pending; the *.rejected.yaml records of rejected candidates are not among them."""
    folder = data / "pending"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.endswith(".rejected.yaml"))


def load_proposed_entities(path: Path, schema: Schema, entities: dict[str, Entity], problems: ProblemList) -> None:
    """A pending file's `entities`, registered before any claim is checked, so that its claims can refer to them."""
    try:
        doc = load_yaml(path)
    except DataError as exc:
        problems.problems.extend(exc.problems)
        return
    if not isinstance(doc, LocatedDict) or doc.get("entities") is None:
        return  # a file that is not a candidates file is reported when its claims are read
    section = doc["entities"]
    if not isinstance(section, LocatedDict):
        problems.add(doc.loc("entities"), "entities must be a mapping with keys people, organisations, posts")
        return
    by_key = {spec.file_key: kind for kind, spec in schema.entity_kinds.items()}
    register_entities(section, by_key, entities, problems, pending=True)


def register_entities(
    doc: LocatedDict, by_key: dict[str, str], entities: dict[str, Entity], problems: ProblemList, pending: bool
) -> None:
    """Record each entity's id and kind; a second record with a taken id is a problem at its own line."""
    for key, items in doc.items():
        if key not in by_key:
            problems.add(doc.loc(key), f"unknown section (expected {', '.join(by_key)})")
            continue
        if not isinstance(items, LocatedList):
            problems.add(doc.loc(key), "must be a list of records")
            continue
        for item in items:
            if not isinstance(item, LocatedDict) or not isinstance(item.get("id"), str):
                where = item.loc() if isinstance(item, LocatedDict) else doc.loc(key)
                problems.add(Location(where.path, where.line, where.column, "id"), "record without an id")
                continue
            eid = item["id"]
            first = entities.get(eid)
            if first is None:
                entities[eid] = Entity(eid, by_key[key], item, item.loc(), pending=pending)
            elif not pending:
                problems.add(item.loc("id"), f"duplicate id {eid!r} (first at {first.location})")
            elif first.kind != by_key[key] or first.values != item:
                # The very same record proposed twice, or proposed again after it was accepted, is no clash.
                problems.add(
                    item.loc("id"),
                    f"proposed {by_key[key]} {eid!r} clashes with the id at {first.location}: "
                    "use that entity in the claims, or give the proposal another id",
                )
