"""Read data/ into a checked Corpus, reporting every problem with file, line and field."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import SKOS

from ..errors import DataError, Location, Problem, ProblemList
from .dates import PartialDate
from .entity_files import load_proposed_entities, pending_files, register_entities
from .model import Claim, Corpus, Entity, Source
from .paths import Paths
from .quotes import NormalisedText
from .schema import Checker, Schema
from .yaml_strict import LocatedDict, LocatedList, load_yaml, read_text_utf8

SCHEME_BASE = "https://w3id.org/accountability-kg/concept/"


class _Context:
    """What a Checker needs, backed by the entities and schemes loaded so far."""

    def __init__(self, entities: dict[str, Entity], concepts: dict[str, dict[str, str]]) -> None:
        self.entities = entities
        self.concepts = concepts
        self.date: PartialDate | None = None
        self.complete = True  # False when an entity file could not be read: an unknown id may be in it

    def entity_kind(self, entity_id: str) -> str | None:
        entity = self.entities.get(entity_id)
        return entity.kind if entity else None

    def entities_complete(self) -> bool:
        return self.complete

    def has_concept(self, scheme: str, notation: str) -> bool:
        return notation in self.concepts.get(scheme, {})

    def source_date(self) -> PartialDate | None:
        return self.date


def load_concepts(ontology_dir: Path) -> dict[str, dict[str, str]]:
    """Concept notations per scheme, from ontology/schemes/<scheme>.ttl."""
    schemes: dict[str, dict[str, str]] = {}
    for path in sorted((ontology_dir / "schemes").glob("*.ttl")):
        g = rdflib.Graph().parse(path, format="turtle")
        scheme_iri = rdflib.URIRef(SCHEME_BASE + path.stem)
        schemes[path.stem] = {
            str(notation): str(concept)
            for concept in g.subjects(SKOS.inScheme, scheme_iri)
            for notation in g.objects(concept, SKOS.notation)
        }
    return schemes


def _begin(paths: Paths) -> tuple[Schema, dict[str, dict[str, str]], ProblemList, dict[str, Entity], _Context]:
    """Schema, concept schemes and entities: the first steps of every load."""
    schema = Schema.load(paths.schema_file)
    concepts = load_concepts(paths.ontology)
    problems = ProblemList()
    entities: dict[str, Entity] = {}
    ctx = _Context(entities, concepts)
    ctx.complete = _load_entities(paths.data / "entities", schema, entities, problems)
    return schema, concepts, problems, entities, ctx


# Adds what is read from elsewhere in data/ (the registers): given the checked entities (which it may add to), it
# returns more sources and claims, and warnings about what it left out. Passed in by a later stage, so that this
# stage need not know how rows become claims.
Extension = Callable[[Paths, Schema, dict[str, Entity], Checker], tuple[dict[str, Source], list[Claim], list[Problem]]]


def load_corpus(paths: Paths, include_pending: bool = False, extend: Extension | None = None) -> Corpus:
    """Load and check everything; raise one DataError listing all problems, or return the Corpus. A broken file
    does not stop the load: every other file is still checked, so one run reports every problem (only what a broken
    file makes unknowable, the claims of a source that cannot be read, is left out)."""
    schema, concepts, problems, entities, ctx = _begin(paths)
    pending = pending_files(paths.data) if include_pending else []
    for path in pending:
        load_proposed_entities(path, schema, entities, problems)
    checker = Checker(ctx, problems)
    # an entity naming a body only a register adds (a post at any English council) is checked once it is added
    waiting = {e.id for e in entities.values() if extend and not _refs_known(schema, e, entities)}
    _check_entity_refs(schema, entities, checker, skip=waiting)
    more_sources, more_claims, warnings = extend(paths, schema, entities, checker) if extend else ({}, [], [])
    _check_entity_refs(schema, {i: entities[i] for i in sorted(waiting)}, checker)
    sources, broken = _load_sources(paths.data / "sources", schema, checker, ctx)
    for sid, source in more_sources.items():
        if sid in sources:
            problems.add(source.location, f"id {sid!r} is also a source in data/sources")
        sources[sid] = source
    claims = _load_claims(_yaml_files(paths.data / "claims"), schema, (sources, broken), checker, ctx, pending=False)
    claims += _load_claims(pending, schema, (sources, broken), checker, ctx, pending=True)
    claims += more_claims
    _check_cross_references(claims, problems)
    problems.raise_if_any()
    return Corpus(schema, sources, entities, claims, concepts, warnings)


def load_entities(paths: Paths) -> tuple[dict[str, Entity], dict[str, dict[str, str]]]:
    """Only the entities (and concept schemes): what extraction links mentions to."""
    schema, concepts, problems, entities, ctx = _begin(paths)
    problems.raise_if_any()
    _check_entity_refs(schema, entities, Checker(ctx, problems))
    problems.raise_if_any()
    return entities, concepts


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def _load_entities(folder: Path, schema: Schema, entities: dict[str, Entity], problems: ProblemList) -> bool:
    """First pass: ids and kinds, so that references between entities can be checked in the second. False when
    a file could not be read, so that ids it may hold are not reported unknown."""
    by_key = {spec.file_key: kind for kind, spec in schema.entity_kinds.items()}
    files = _yaml_files(folder)
    if not files:
        problems.add(Location(folder), "no entity files (people, organisations, posts) found")
    complete = True
    for path in files:
        doc = _load(path, problems)
        if not isinstance(doc, LocatedDict):
            if doc is not None:
                problems.add(Location(path, 1), f"top level must be a mapping with keys {', '.join(by_key)}")
            complete = False
            continue
        register_entities(doc, by_key, entities, problems, pending=False)
    return complete


def _refs_known(schema: Schema, entity: Entity, entities: dict[str, Entity]) -> bool:
    """Every id the entity's reference fields name is already loaded."""
    for name, fs in schema.entity_kinds[entity.kind].fields.items():
        value = entity.values.get(name) if fs.type == "ref" else None
        if any(isinstance(v, str) and v not in entities for v in (value if isinstance(value, list) else [value])):
            return False
    return True


def _check_entity_refs(
    schema: Schema, entities: dict[str, Entity], checker: Checker, skip: set[str] | frozenset[str] = frozenset()
) -> None:
    for entity in entities.values():
        if entity.id in skip:
            continue
        spec = schema.entity_kinds[entity.kind]
        raw = entity.values
        entity.values = checker.record(raw, spec.fields, entity.location, f"{entity.kind} {entity.id!r}")


def _load(path: Path, problems: ProblemList) -> Any:
    try:
        return load_yaml(path)
    except DataError as exc:
        problems.problems.extend(exc.problems)
        return None


def _load_sources(folder: Path, schema: Schema, checker: Checker, ctx: _Context) -> tuple[dict[str, Source], set[str]]:
    """The sources that load, and the ids of those that exist but do not (their problems are reported here)."""
    problems = checker.problems
    sources: dict[str, Source] = {}
    broken: set[str] = set()
    metas = {p.stem: p for p in _yaml_files(folder)}
    texts = {p.stem: p for p in sorted(folder.glob("*.txt"))} if folder.is_dir() else {}
    if not metas and not texts:
        problems.add(Location(folder), "no sources found")
    for stem in sorted(set(texts) - set(metas)):
        problems.add(Location(texts[stem]), f"source text has no metadata file {stem}.yaml")
    for stem, meta_path in metas.items():
        raw = _load(meta_path, problems)
        broken.add(stem)  # until it has loaded
        if raw is None:
            continue
        where = Location(meta_path, 1)
        ctx.date = None
        values = checker.record(raw, schema.source_fields.fields, where, "source metadata")
        if isinstance(raw, LocatedDict) and values.get("id") and values["id"] != stem:
            problems.add(raw.loc("id"), f"id {values['id']!r} must match the file name {stem!r}")
        text_path = texts.get(stem)
        if text_path is None:
            problems.add(where, f"no source text {stem}.txt beside the metadata")
            continue
        try:
            text = read_text_utf8(text_path)
        except DataError as exc:
            problems.problems.extend(exc.problems)
            continue
        if not text.strip():
            problems.add(Location(text_path, 1), "source text is empty")
            continue
        digest = hashlib.sha256(text_path.read_bytes()).hexdigest()
        if values.get("sha256") and values["sha256"] != digest:
            problems.add(
                raw.loc("sha256") if isinstance(raw, LocatedDict) else where,
                f"the text of {text_path.name} has changed since it was recorded (sha256 {digest}); "
                "sources are never edited: restore it, or re-ingest it as a new source",
            )
        if values.get("published") is None:
            continue
        sources[stem] = Source(stem, text, values["published"], values, text_path, where)
        broken.discard(stem)
    return sources, broken


def _load_claims(
    files: list[Path],
    schema: Schema,
    known: tuple[dict[str, Source], set[str]],
    checker: Checker,
    ctx: _Context,
    pending: bool,
) -> list[Claim]:
    problems = checker.problems
    sources, broken = known
    claims: list[Claim] = []
    common = schema.claim_common
    for path in files:
        doc = _load(path, problems)
        if doc is None:
            continue
        if not isinstance(doc, LocatedDict) or "claims" not in doc or "source" not in doc:
            problems.add(Location(path, 1), "a claims file is a mapping with `source` and `claims`")
            continue
        source = sources.get(str(doc["source"]))
        if source is None and str(doc["source"]) in broken:
            continue  # the source's own problems are reported; its claims cannot be checked against it
        if source is None:
            problems.add(doc.loc("source"), f"unknown source {doc['source']!r} (no data/sources/{doc['source']}.yaml)")
            continue
        if not pending and path.stem != source.id:
            problems.add(doc.loc("source"), f"claims for {source.id!r} belong in {source.id}.yaml")
        items = doc["claims"]
        if not isinstance(items, LocatedList):
            problems.add(doc.loc("claims"), "must be a list of claims")
            continue
        ctx.date = source.published
        folded = NormalisedText(source.text)
        seen: dict[str, Location] = {}
        for item, position in zip(items, items.positions, strict=True):
            where = Location(path, *position, "claims")
            claim = _check_claim(item, where, schema, common, checker, source, seen, pending)
            if claim is None:
                continue
            for i, quote in enumerate(claim.quotes):
                found = folded.find(quote)
                if not found:
                    positions = getattr(item.get("quote"), "positions", None)
                    line, col = positions[i] if positions else item.key_positions.get("quote", (item.line, item.column))
                    problems.add(
                        Location(path, line, col, "quote"),
                        f"claim {claim.id!r}: quote not found in {source.text_path.name}: {quote[:80]!r}",
                    )
                    continue
                claim.anchors.append(found[0])
            claims.append(claim)
    return claims


def _check_claim(
    item: Any,
    where: Location,
    schema: Schema,
    common: dict[str, Any],
    checker: Checker,
    source: Source,
    seen: dict[str, Location],
    pending: bool,
) -> Claim | None:
    problems = checker.problems
    if not isinstance(item, LocatedDict):
        problems.add(where, f"each claim must be a mapping of field: value, not {item!r:.60}")
        return None
    ctype = item.get("type")
    spec = schema.claim_types.get(str(ctype))
    if spec is None:
        problems.add(item.loc("type"), f"unknown claim type {ctype!r} (known: {', '.join(schema.claim_types)})")
        return None
    fields = {**common, **spec.fields}
    values = checker.record(item, fields, item.loc(), f"{ctype} claim {item.get('id', '?')!r}")
    cid = values.get("id")
    if cid is None:
        return None
    if cid in seen:
        problems.add(item.loc("id"), f"duplicate claim id {cid!r} (first at line {seen[cid].line})")
        return None
    seen[cid] = item.loc("id")
    quotes = values.pop("quote", None) or []
    claim = Claim(source.id, cid, str(ctype), values, [q for q in quotes if q], item.loc(), pending=pending)
    claim.positions = dict(item.key_positions)
    return claim


def _check_cross_references(claims: list[Claim], problems: ProblemList) -> None:
    """Events named by `about`/`to`/`inspection` must be declared; `to_claims` must be in the same file."""
    declared: set[str] = set()
    for c in claims:
        for key in ("event", "judgement", "change", "inspection"):
            if c.get(key):
                declared.add(c.get(key))
    ids_by_source: dict[str, set[str]] = {}
    for c in claims:
        ids_by_source.setdefault(c.source, set()).add(c.id)
    for c in claims:
        for key in ("about", "to"):
            ref = c.get(key)
            if ref and ref not in declared:
                problems.add(
                    c.loc(key),
                    f"claim {c.id!r}: no visit, judgement or change declares event {ref!r}",
                )
        for ref in c.get("to_claims", []):
            if ref and ref not in ids_by_source[c.source]:
                problems.add(
                    c.loc("to_claims"),
                    f"claim {c.id!r}: no claim {ref!r} in this file",
                )


__all__ = ["Problem", "load_concepts", "load_corpus", "pending_files"]
