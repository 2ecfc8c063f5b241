"""Bring a new article into data/: its text byte for byte, its metadata, and the candidate claims extraction proposes.

Nothing an extractor proposes is trusted: candidates go to data/pending/, outside the reviewed data, until
`kg review` accepts them. The article itself is a source from now on, so its metadata is checked as strictly
as any other source before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.dates import DateParseError, parse_date
from ..data.paths import Paths
from ..data.schema import SLUG
from ..data.staging import check_loads, staged
from ..data.transaction import locked, write_atomically
from ..data.yaml_strict import read_text_utf8
from ..data.yaml_write import dump
from ..errors import DataError, InputError, KgError, Location, Problem
from ..registers import read_registers

KINDS = ("news-report", "council-press-release", "inspection-report")
DEFAULT_DATE_EVIDENCE = "given by the user at ingest"
ENTITY_SECTIONS = ("people", "organisations", "posts")

Ask = Callable[[str, str | None], str]
"""Asks the user for a missing value: (question, default or None) -> answer. Only given on a terminal."""


@dataclass
class IngestResult:
    """What `ingest` wrote: the new source's id, the files, and how much the extractor proposed."""

    source_id: str
    files: list[Path]
    claims: int
    entities: int
    warnings: list[str] = field(default_factory=list)
    already: bool = False  # the same text (by sha256) was already a source: nothing was written

    def summary(self) -> list[str]:
        if self.already:
            return [f"already have this text as source {self.source_id} (same sha256); nothing changed"]
        return [f"wrote {path}" for path in self.files] + [
            f"source {self.source_id}: {self.claims} candidate claims and {self.entities} proposed entities "
            f"pending review; next: kg review --source {self.source_id}"
        ]


def slug(text: str) -> str:
    """A lowercase id from any text: accents dropped, runs of other characters turned into one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def read_article(file: Path) -> tuple[bytes, str]:
    """The file's bytes and its text; a file that is missing, not UTF-8 or empty is refused, naming it."""
    if not file.is_file():
        raise InputError(f"{file}: no such file")
    from .reader import check_length

    text = read_text_utf8(file)  # refuses a file over 16 MiB before reading it
    if not text.strip():
        raise DataError(Problem(Location(file, 1), "the article is empty: there is nothing to ingest"))
    check_length(text, Location(file))
    return text.encode("utf-8"), text


def ingest(
    paths: Paths,
    file: Path,
    *,
    source_id: str | None = None,
    title: str | None = None,
    kind: str = "news-report",
    publisher: str | None = None,
    date: str | None = None,
    date_evidence: str | None = None,
    ask: Ask | None = None,
) -> IngestResult:
    """Copy `file` into data/sources with its metadata and write its candidates to data/pending, all or nothing,
    holding data/'s lock throughout (a second writer is refused; a change a killed writer decided is finished)."""
    with locked(paths.data, f"ingesting {file.name}"):
        return _ingest(paths, file, source_id, title, kind, publisher, date, date_evidence, ask)


def _ingest(
    paths: Paths,
    file: Path,
    source_id: str | None,
    title: str | None,
    kind: str,
    publisher: str | None,
    date: str | None,
    date_evidence: str | None,
    ask: Ask | None,
) -> IngestResult:
    raw, text = read_article(file)
    same = _same_text(paths, raw)
    if same is not None:  # a retry after an interrupted ingest, or the same article twice
        return IngestResult(same, [], 0, 0, already=True)
    if title is None:
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        title = _missing("--title", "Title", ask, first_line[:120] or None)
    if date is None:
        date = _missing("--date", "Publication date (2024, 2024-06, 2024-06-12, 2024-spring, ...)", ask, None)
    try:
        parse_date(date)
    except DateParseError as exc:
        raise InputError(f"--date {date!r}: {exc}") from None
    if kind not in KINDS:
        raise InputError(f"--kind {kind!r}: use one of {', '.join(KINDS)}")
    source_id = source_id or slug(f"{date}-{file.stem}")
    if not SLUG.fullmatch(source_id):
        raise InputError(f"--id {source_id!r}: an id is lowercase letters, digits and single hyphens")
    taken = [
        p
        for p in (
            paths.data / "sources" / f"{source_id}.txt",
            paths.data / "sources" / f"{source_id}.yaml",
            paths.data / "claims" / f"{source_id}.yaml",
            paths.data / "pending" / f"{source_id}.yaml",
        )
        if p.exists()
    ]
    if taken:
        raise InputError(
            f"source id {source_id!r} is taken ({', '.join(map(str, taken))}); "
            "sources are never overwritten: give another --id"
        )
    meta = {
        "id": source_id,
        "title": title,
        "kind": kind,
        "publisher": publisher,
        "published": date,
        "date_evidence": date_evidence or DEFAULT_DATE_EVIDENCE,
        "original_file": file.name,
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    txt_path = paths.data / "sources" / f"{source_id}.txt"
    files: dict[Path, str | bytes | None] = {
        txt_path: raw,
        paths.data / "sources" / f"{source_id}.yaml": dump({k: v for k, v in meta.items() if v is not None}),
    }
    with staged(paths, files) as stage:
        check_loads(stage, paths, extend=read_registers)  # the new source's metadata is checked like every other source's
        candidates = _extract(stage, stage.data / txt_path.relative_to(paths.data), source_id)
    claims, entities = len(candidates["claims"]), sum(len(v) for v in candidates["entities"].values())
    warnings: list[str] = []
    if claims:
        pending = paths.data / "pending" / f"{source_id}.yaml"
        files[pending] = pending_text(candidates)
        with staged(paths, files) as stage:  # candidates that would not load are kept, but said so now
            try:
                check_loads(stage, paths, include_pending=True, extend=read_registers)
            except DataError as exc:
                warnings = [str(p) for p in exc.problems]
    write_atomically(files, root=paths.data)
    return IngestResult(source_id, list(files), claims, entities, warnings)


def _same_text(paths: Paths, raw: bytes) -> str | None:
    """The id of a source whose text is these very bytes, if there is one (sizes first, so few files are read)."""
    digest = None
    for txt in sorted((paths.data / "sources").glob("*.txt")):
        if txt.stat().st_size == len(raw):
            digest = digest or hashlib.sha256(raw).digest()
            if hashlib.sha256(txt.read_bytes()).digest() == digest:
                return txt.stem
    return None


def _missing(option: str, question: str, ask: Ask | None, default: str | None) -> str:
    if ask is None:
        raise InputError(
            f"{option} is missing: give it on the command line "
            "(standard input is not a terminal, so kg ingest cannot ask for it)"
        )
    answer = ask(question, default).strip()
    if not answer:
        raise InputError(f"{option} is missing: no answer given")
    return answer


def _extract(stage: Paths, text_path: Path, source_id: str) -> dict[str, Any]:
    """Call the extractor on the staged copy (the new source is there, nothing real is touched) and check its shape."""
    import kg.extract  # looked up at call time, so tests can substitute the extractor

    try:
        result = kg.extract.extract_file(stage, text_path, source_id)
    except NotImplementedError:
        raise KgError("candidate extraction (kg.extract.extract_file) is not available in this version") from None
    return check_candidates(result, source_id)


def check_candidates(result: object, source_id: str) -> dict[str, Any]:
    """The extractor's answer as {source, entities: {people, organisations, posts}, claims}, or a clear error."""

    def bad(why: str) -> KgError:
        return KgError(f"the extractor's result for {source_id!r} is not a candidates document: {why}")

    if not isinstance(result, Mapping):
        raise bad(f"expected a mapping, got {type(result).__name__}")
    if result.get("source", source_id) != source_id:
        raise bad(f"source is {result.get('source')!r}")
    entities = result.get("entities") or {}
    if not isinstance(entities, Mapping) or set(entities) - set(ENTITY_SECTIONS):
        raise bad(f"entities must be a mapping with keys {', '.join(ENTITY_SECTIONS)}")
    claims = result.get("claims") or []
    if not isinstance(claims, list) or not all(isinstance(c, Mapping) and c.get("id") for c in claims):
        raise bad("claims must be a list of mappings, each with an id")
    sections = {key: list(entities.get(key) or []) for key in ENTITY_SECTIONS}
    return {"source": source_id, "entities": sections, "claims": list(claims)}


def pending_text(candidates: Mapping[str, Any]) -> str:
    """A pending candidates file: the format of docs/candidates.md, with a note on how to review it."""
    source = candidates["source"]
    header = (
        f"# Candidate claims extracted from data/sources/{source}.txt: NOT reviewed.\n"
        f"# `kg review --source {source}` lists them; --accept moves them into data/claims, --reject drops them.\n"
    )
    return header + dump(dict(candidates))
