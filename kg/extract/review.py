"""Review pending candidates: list them, accept them into data/claims and data/entities, or reject them.

A machine's proposals reach the reviewed data only through here. Accepting appends YAML text to the claims
file, so a curator's comments and layout survive; the whole project is loaded on a staged copy first, so an
accept that would break the build writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.entity_files import pending_files
from ..data.model import ENTITY_REF_FIELDS
from ..data.paths import Paths
from ..data.schema import SLUG, Schema
from ..data.staging import check_loads, staged
from ..data.transaction import locked, write_atomically
from ..data.yaml_strict import LocatedDict, LocatedList, load_yaml
from ..data.yaml_write import append_to_section, plain
from ..errors import DataError, InputError, Location, Problem
from ..registers import read_registers
from .ingest import ENTITY_SECTIONS, pending_text
from .publisher import INGESTED, INGESTED_HEADER
from .review_checks import Events, clash_text, needs, other_body_events, post_clashes
from .review_show import Known, links, sentence, source_text, unnamed_bodies

# Claim fields that name an entity, and entity fields that name another entity.
CLAIM_REFS = list(ENTITY_REF_FIELDS)
ENTITY_REFS = ("organisation", "unit_of")
COMMON_FIELDS = ("id", "type", "quote", "note", "extracted")


@dataclass(frozen=True)
class Selection:
    """Which candidates an --accept or --reject names: all, by claim id, or by claim type."""

    all: bool = False
    ids: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, ids: str | None = None, types: str | None = None) -> Selection:
        """From the command line's comma lists: `all` or `id,id,...`, and `type,type,...`."""
        names = {s.strip() for s in (ids or "").split(",") if s.strip()}
        kinds = {s.strip() for s in (types or "").split(",") if s.strip()}
        return cls("all" in names, frozenset(names - {"all"}), frozenset(kinds))

    def __bool__(self) -> bool:
        return self.all or bool(self.ids or self.types)

    def matches(self, claim: dict[str, Any]) -> bool:
        return self.all or claim.get("id") in self.ids or claim.get("type") in self.types


@dataclass
class PendingFile:
    """One data/pending/<source>.yaml: the proposed entities and the candidate claims."""

    path: Path
    source: str
    entities: dict[str, list[dict[str, Any]]]
    claims: list[dict[str, Any]]


@dataclass
class ReviewResult:
    """What a review changed, for the summary."""

    accepted: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    entities_added: list[str] = field(default_factory=list)
    entities_skipped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    def summary(self) -> list[str]:
        lines = []
        for verb, items in (("accepted", self.accepted), ("rejected", self.rejected)):
            if items:
                lines.append(f"{verb} {len(items)}: {', '.join(f'{s}/{c}' for s, c in items)}")
        if self.entities_added:
            lines.append(f"entities added: {', '.join(self.entities_added)}")
        if self.entities_skipped:
            lines.append(f"entities already in data/entities (left as they are): {', '.join(self.entities_skipped)}")
        lines += [f"wrote {path}" for path in self.written]
        lines += [f"removed {path} (no candidates left)" for path in self.removed]
        return lines


def load_pending(paths: Paths, source: str | None = None) -> list[PendingFile]:
    """The pending candidates files (of one source, if given), checked for the shape kg review relies on."""
    out = []
    for path in pending_files(paths.data):
        doc = load_yaml(path)
        claims = doc.get("claims") if isinstance(doc, LocatedDict) else None
        if not isinstance(doc, LocatedDict) or not isinstance(doc.get("source"), str) or claims is None:
            raise DataError(Problem(Location(path, 1), "a candidates file is a mapping with source, entities, claims"))
        if not SLUG.fullmatch(doc["source"]):
            raise DataError(Problem(doc.loc("source"), f"{doc['source']!r} is not a source id"))
        if not isinstance(claims, LocatedList) or not all(isinstance(c, LocatedDict) and "id" in c for c in claims):
            raise DataError(Problem(doc.loc("claims"), "claims must be a list of mappings, each with an id"))
        entities = doc.get("entities") or {}
        if not isinstance(entities, dict) or set(entities) - set(ENTITY_SECTIONS):
            raise DataError(Problem(doc.loc("entities"), f"entities takes the keys {', '.join(ENTITY_SECTIONS)}"))
        if source is None or doc["source"] == source:
            sections = {key: plain(entities.get(key) or []) for key in ENTITY_SECTIONS}
            out.append(PendingFile(path, doc["source"], sections, plain(claims)))
    return out


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("value") or value.get("text") or value)
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return str(value)


def list_candidates(paths: Paths, source: str | None = None) -> list[dict[str, Any]]:
    """One row per pending candidate: where from, what it says and what each field links to (with the entity's
    name), how sure the extractor was, the whole sentence it came from, and warnings for the reviewer."""
    rows = []
    known = Known.load(paths.data, Schema.load(paths.schema_file))
    events = _events(paths)
    for f in load_pending(paths, source):
        here = known.with_proposals(f.entities)
        text = source_text(paths.data, f.source)
        clashes = post_clashes(f.entities.get("posts") or [], known)
        labels = {e.get("id"): e.get("label") for e in f.entities.get("posts") or []}
        file_events = events.with_claims(f.claims)
        for c in f.claims:
            extracted = c.get("extracted") or {}
            fields = {k: v for k, v in c.items() if k not in COMMON_FIELDS}
            used = _needed([c], f)
            warnings = unnamed_bodies(c, CLAIM_REFS, here, text) + other_body_events(c, here, file_events)
            warnings += [f"{clash_text(p, labels.get(p), e, known)}: accepting needs --relink or --new-post"
                         for p, e in sorted(clashes.items()) if p in used]  # fmt: skip
            warnings += [f"needs a {n}: the text does not give it; set it with --set {c['id']} {n}=..."
                         for n in needs(c)]  # fmt: skip
            rows.append(
                {
                    "source": f.source,
                    "id": c["id"],
                    "type": c.get("type"),
                    "confidence": extracted.get("confidence"),
                    "rule": extracted.get("rule"),
                    "fields": fields,
                    "links": links(c, CLAIM_REFS, here),
                    "quote": c.get("quote"),
                    "sentence": sentence(text, c),
                    "warnings": warnings,
                }
            )
    return rows


def _events(paths: Paths) -> Events:
    """The known events, or none when data/ does not load (kg validate says why; the list is still shown)."""
    from ..registers import load_project

    try:
        return Events.of(load_project(paths))
    except DataError:
        return Events()


def _fields_cell(row: dict[str, Any]) -> str:
    shown = {**{k: _text(v) for k, v in row["fields"].items()}, **row["links"]}
    return "; ".join(f"{k}: {v}" for k, v in shown.items())


REVIEW_TABLE = [
    ("source", lambda r: r["source"]),
    ("id", lambda r: r["id"]),
    ("type", lambda r: r["type"]),
    ("confidence", lambda r: r["confidence"]),
    ("rule", lambda r: r["rule"]),
    ("fields", _fields_cell),
    ("sentence", lambda r: r["sentence"]),
    ("warnings", lambda r: "; ".join(r["warnings"])),
]


def _refs(values: Iterable[Any]) -> set[str]:
    out: set[str] = set()
    for v in values:
        out.update(x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str))
    return out


def _needed(claims: list[dict[str, Any]], f: PendingFile) -> set[str]:
    """Ids of the proposed entities these claims use, directly or through a proposed post or organisation."""
    proposed = {e.get("id"): e for section in f.entities.values() for e in section}
    todo = {r for c in claims for r in _refs(c.get(k) for k in CLAIM_REFS)} & set(proposed)
    seen: set[str] = set()
    while todo:
        eid = todo.pop()
        seen.add(eid)
        todo |= (_refs(proposed[eid].get(k) for k in ENTITY_REFS) & set(proposed)) - seen
    return seen


def _entity_ids(folder: Path) -> set[str]:
    ids: set[str] = set()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        doc = load_yaml(path)
        if isinstance(doc, dict):
            ids |= {e["id"] for items in doc.values() if isinstance(items, list) for e in items if isinstance(e, dict)}
    return ids


def _claim_ids(path: Path) -> list[object]:  # as the YAML has them (None where a claim has no id)
    doc = load_yaml(path) if path.is_file() else None
    claims = doc.get("claims") if isinstance(doc, dict) else None
    return [c.get("id") for c in claims or [] if isinstance(c, dict)]


def _current(changes: dict[Path, str | bytes | None], path: Path, new: str) -> str:
    """The text a file will have so far in this review: as changed already, as it is, or `new` if it is not there."""
    text = changes.get(path)
    if isinstance(text, str):
        return text
    return path.read_text(encoding="utf-8") if path.is_file() else new


def _resolve(files: list[PendingFile], sel: Selection, flag: str, types: set[str]) -> None:
    """Every id named must be one candidate (ids repeat across sources: --source picks one) and every type known."""
    for cid in sorted(sel.ids):
        owners = [f.source for f in files if any(c["id"] == cid for c in f.claims)]
        if not owners:
            raise InputError(f"{flag} {cid}: no pending candidate has this id (see `kg review`)")
        if len(owners) > 1:
            raise InputError(f"{flag} {cid}: candidates of {', '.join(owners)} have this id; add --source")
    unknown = sorted(sel.types - types)
    if unknown:
        raise InputError(f"{flag}-type {','.join(unknown)}: not a claim type (known: {', '.join(sorted(types))})")


def _one_candidate(files: list[PendingFile], cid: str, flag: str) -> tuple[PendingFile, dict[str, Any]]:
    _resolve(files, Selection(ids=frozenset({cid})), flag, set())
    f = next(f for f in files if any(c["id"] == cid for c in f.claims))
    return f, next(c for c in f.claims if c["id"] == cid)


def _check_accepts(files: list[PendingFile], accept: Selection, new_posts: frozenset[str], known: Known) -> None:
    """Refuse to accept a candidate that still needs a field set, or whose proposed post clashes with a known post
    the reviewer has not said is a different post (--new-post): neither is decided silently."""
    proposed = {e.get("id") for f in files for e in f.entities.get("posts") or []}
    unknown = sorted(new_posts - proposed)
    if unknown:
        raise InputError(f"--new-post {','.join(unknown)}: no pending candidate proposes a post with this id")
    for f in files:
        accepted = [c for c in f.claims if accept.matches(c)]
        for c in accepted:
            if missing := needs(c):
                raise InputError(f"--accept {c['id']}: {f.path}: the candidate needs a {', '.join(missing)} the text "
                                 f"does not give; set it first: kg review --set {c['id']} {missing[0]}="
                                 f"{'YYYY-MM' if missing[0] == 'date' else 'ID'}")  # fmt: skip
        used = _needed(accepted, f)
        posts = [e for e in f.entities.get("posts") or [] if e.get("id") in used]
        for pid, existing in sorted(post_clashes(posts, known).items()):
            if pid in new_posts:
                continue
            label = next((e.get("label") for e in posts if e.get("id") == pid), None)
            cid = next(c["id"] for c in accepted if pid in _needed([c], f))
            raise InputError(
                f"--accept {cid}: {f.path}: {clash_text(pid, label, existing, known)}; accepting never merges two "
                f"posts silently. Either link the candidate to the known post: kg review --relink {cid} "
                f"{_post_field(f, cid, pid)}={existing[0]}, or say it is a different post: kg review --accept {cid} "
                f"--new-post {pid}"
            )


def _post_field(f: PendingFile, cid: str, pid: str) -> str:
    claim = next(c for c in f.claims if c["id"] == cid)
    return next((k for k in CLAIM_REFS if pid in _refs([claim.get(k)])), "post")


def review(
    paths: Paths,
    source: str | None = None,
    accept: Selection = Selection(),
    reject: Selection = Selection(),
    reason: str | None = None,
    new_posts: frozenset[str] = frozenset(),
) -> ReviewResult:
    """Accept and reject candidates (a rejection's `reason` is kept with each rejected candidate); all files change
    together, and only if the project still loads after. A candidate whose proposed post clashes with a known post
    is accepted only with that post in `new_posts`, and one that needs a date only once it is set. Holds data/'s
    lock throughout, so two reviews (or a review and an ingest) cannot interleave."""
    if reason is not None and not reject:
        raise InputError("--reason goes with --reject or --reject-type")
    if new_posts and not accept:
        raise InputError("--new-post goes with --accept or --accept-type")
    with locked(paths.data, "reviewing candidates"):
        return _review(paths, source, accept, reject, reason, new_posts)


def _review(
    paths: Paths,
    source: str | None,
    accept: Selection,
    reject: Selection,
    reason: str | None,
    new_posts: frozenset[str],
) -> ReviewResult:
    files = load_pending(paths, source)
    if not files:
        raise InputError(f"no pending candidates{f' for source {source!r}' if source else ''} in {paths.data}/pending")
    schema = Schema.load(paths.schema_file)
    types = set(schema.claim_types)
    _resolve(files, accept, "--accept", types)
    _resolve(files, reject, "--reject", types)
    _check_accepts(files, accept, new_posts, Known.load(paths.data, schema))
    result = ReviewResult()
    changes: dict[Path, str | bytes | None] = {}
    known = _entity_ids(paths.data / "entities")
    moved: dict[str, list[dict[str, Any]]] = {key: [] for key in ENTITY_SECTIONS}
    expected: dict[Path, list[object]] = {}
    for f in files:
        accepted = [c for c in f.claims if accept.matches(c)]
        rejected = [c for c in f.claims if reject.matches(c)]
        both = sorted({c["id"] for c in accepted} & {c["id"] for c in rejected})
        if both:
            raise InputError(f"{f.source}: {', '.join(both)} both accepted and rejected")
        if accepted:
            target = paths.data / "claims" / f"{f.source}.yaml"
            before = expected.get(target) or _claim_ids(target)
            taken = sorted({c["id"] for c in accepted} & set(before))
            if taken:
                raise InputError(f"{target} already has claim ids {', '.join(taken)}: rename the candidates first")
            text = _current(changes, target, f"source: {f.source}\nclaims:\n")
            changes[target] = append_to_section(text, "claims", accepted, str(target))
            expected[target] = before + [c["id"] for c in accepted]
            use = _needed(accepted, f)
            for key, section in f.entities.items():
                for e in [e for e in section if e.get("id") in use]:
                    section.remove(e)
                    if e["id"] in known:
                        result.entities_skipped.append(e["id"])
                    else:
                        known.add(e["id"])
                        moved[key].append(e)
                        result.entities_added.append(e["id"])
        if rejected:
            record = f.path.with_name(f"{f.source}.rejected.yaml")
            old = _current(changes, record, f"source: {f.source}\nclaims:\n")
            why = " ".join(reason.split()) if reason else None
            kept = [{**c, "rejected_reason": why} if why else c for c in rejected]
            changes[record] = append_to_section(old, "claims", kept, str(record))
        if not accepted and not rejected:
            continue
        done = {c["id"] for c in accepted + rejected}
        f.claims = [c for c in f.claims if c["id"] not in done]
        keep = _needed(f.claims, f)  # proposals no remaining candidate uses go with the candidates that did
        f.entities = {key: [e for e in section if e.get("id") in keep] for key, section in f.entities.items()}
        remaining = {"source": f.source, "entities": f.entities, "claims": f.claims}
        changes[f.path] = pending_text(remaining) if f.claims else None
        result.accepted += [(f.source, c["id"]) for c in accepted]
        result.rejected += [(f.source, c["id"]) for c in rejected]
    if not result.accepted and not result.rejected:
        raise InputError("no pending candidate matches --accept, --accept-type, --reject or --reject-type")
    if any(moved.values()):
        ingested = paths.data / "entities" / INGESTED
        text = _current(changes, ingested, INGESTED_HEADER)
        for key in ENTITY_SECTIONS:
            text = append_to_section(text, key, moved[key], str(ingested))
        changes[ingested] = text
    if result.accepted:
        with staged(paths, changes) as stage:
            check_loads(stage, paths, extend=read_registers)
            for target, ids in expected.items():  # the appended text landed where it was meant to
                if _claim_ids(stage.data / target.relative_to(paths.data)) != ids:
                    raise InputError(f"{target}: could not append the accepted claims to its `claims:` list")
    write_atomically(changes, root=paths.data)
    result.written = [p for p, text in changes.items() if text is not None]
    result.removed = [p for p, text in changes.items() if text is None]
    return result
