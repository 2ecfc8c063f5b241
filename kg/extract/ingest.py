"""Bring a new article into data/: its text byte for byte, its metadata, and the candidate claims extraction proposes.

Nothing an extractor proposes is trusted: candidates go to data/pending/, outside the reviewed data, until
`kg review` accepts them. The article itself is a source from now on, so its metadata is checked as strictly
as any other source before anything is written.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..data.dates import DateParseError, PartialDate, parse_date
from ..data.paths import Paths
from ..data.schema import SLUG
from ..data.staging import check_loads, staged
from ..data.transaction import locked, write_atomically
from ..data.yaml_strict import read_text_utf8
from ..data.yaml_write import dump
from ..errors import DataError, InputError, KgError, Location, Problem
from ..registers import read_registers
from .documents.source import PUBLISHER, PdfSource, extract_document, is_pdf, read_source, same_pdf
from .near_same import nearly_same
from .publisher import resolve_publisher, slug

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
    publisher_added: str | None = None  # the id of a news publisher ingest added to data/entities
    resembles: str | None = None  # what a text ingested with --force is nearly the same as

    def summary(self) -> list[str]:
        if self.already:
            return [f"already have this text as source {self.source_id} (same sha256); nothing changed"]
        added = [f"added organisation {self.publisher_added} (news-publisher) as the publisher"]
        near = [self.resembles] if self.resembles else []
        return (
            near
            + [f"wrote {path}" for path in self.files]
            + (added if self.publisher_added else [])
            + [
                f"source {self.source_id}: {self.claims} candidate claims and {self.entities} proposed entities "
                f"pending review; next: kg review --source {self.source_id}"
            ]
        )


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


@dataclass(frozen=True)
class Meta:
    """What the user says about the article: kg ingest's options."""

    source_id: str | None = None
    title: str | None = None
    kind: str = "news-report"
    publisher: str | None = None
    date: str | None = None
    date_evidence: str | None = None
    url: str | None = None
    retrieved: str | None = None  # default: today, when the copy is taken
    origin: str | None = None  # where the copy was taken from (a repository, commit and path), when not the url


def ingest(
    paths: Paths,
    file: Path,
    meta: Meta = Meta(),
    *,
    ask: Ask | None = None,
    force: bool = False,
    today: datetime.date | None = None,
) -> IngestResult:
    """Copy `file` into data/sources with its metadata and write its candidates to data/pending, all or nothing,
    holding data/'s lock throughout (a second writer is refused; a change a killed writer decided is finished).
    A text nearly the same as a source's is refused unless `force`."""
    with locked(paths.data, f"ingesting {file.name}"):
        return _ingest(paths, file, meta, ask, force, today or datetime.date.today())


def _ingest(paths: Paths, file: Path, m: Meta, ask: Ask | None, force: bool, today: datetime.date) -> IngestResult:
    pdf = read_source(file) if file.is_file() and is_pdf(file) else None
    if pdf is not None:  # an official document: its extracted text is the source text, its own date and title
        same_doc = same_pdf(paths, pdf.doc.sha256)
        if same_doc is not None:
            return IngestResult(same_doc, [], 0, 0, already=True)
        raw, text = pdf.doc.text.encode("utf-8"), pdf.doc.text
        m = _pdf_defaults(m, pdf)
    else:
        raw, text = read_article(file)
    same = _same_text(paths, raw)
    if same is not None:  # a retry after an interrupted ingest, or the same article twice
        return IngestResult(same, [], 0, 0, already=True)
    near = nearly_same(paths.data, text)
    said = None
    if near is not None:
        how = "the same words" if near[1] == 1.0 else f"{near[1]:.0%} the same words"
        said = f"{file}: nearly the same text as source {near[0]} (data/sources/{near[0]}.txt: {how})"
        if not force:
            raise InputError(f"{said}; ingesting it again would count its facts twice. Give --force if it is "
                             "another article")  # fmt: skip
        said += "; ingested anyway (--force)"
    title = m.title
    if title is None:
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        title = _missing("--title", "Title", ask, first_line[:120] or None)
    date = m.date
    if date is None:
        date = _missing("--date", "Publication date (2024, 2024-06, 2024-06-12, 2024-spring, ...)", ask, None)
    retrieved = m.retrieved or today.isoformat()
    published, got = (_date(option, value) for option, value in (("--date", date), ("--retrieved", retrieved)))
    if got.earliest > today or got.latest < published.earliest:
        raise InputError(f"--retrieved {retrieved!r}: a copy is taken after the article is published ({date}) and "
                         f"not after today ({today.isoformat()})")  # fmt: skip
    if m.kind not in KINDS:
        raise InputError(f"--kind {m.kind!r}: use one of {', '.join(KINDS)}")
    if m.url is not None:
        check_url(m.url)
    source_id = m.source_id or slug(f"{date}-{file.stem}")
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
    files: dict[Path, str | bytes | None] = {}
    publisher = None
    if m.publisher is not None:
        publisher = resolve_publisher(paths, m.publisher)
        if pdf is not None and publisher.new and m.publisher == PUBLISHER:
            publisher = None  # a data/ without Ofsted: the document says who published it, no newspaper is made
    if publisher is not None and publisher.file is not None and publisher.text is not None:
        question = f"No organisation is called {m.publisher!r}: add it as a news publisher, id {publisher.id}? (y/n)"
        if ask is not None and not ask(question, "y").strip().lower().startswith("y"):
            raise InputError(f"--publisher {m.publisher!r}: not added; give an organisation's id, name or alias")
        files[publisher.file] = publisher.text
    meta = {
        "id": source_id,
        "title": title,
        "kind": m.kind,
        "publisher": publisher.id if publisher else None,
        "published": date,
        "date_evidence": m.date_evidence or DEFAULT_DATE_EVIDENCE,
        "url": m.url,
        "retrieved": retrieved,
        "origin": m.origin,
        "original_file": file.name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        **(pdf.fields() if pdf is not None else {}),
    }
    txt_path = paths.data / "sources" / f"{source_id}.txt"
    files[txt_path] = raw
    files[paths.data / "sources" / f"{source_id}.yaml"] = dump({k: v for k, v in meta.items() if v is not None})
    with staged(paths, files) as stage:
        check_loads(
            stage, paths, extend=read_registers
        )  # the new source's metadata is checked like every other source's
        if pdf is not None:
            candidates = check_candidates(extract_document(stage, pdf.doc, source_id), source_id)
        else:
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
                warnings += [str(p) for p in exc.problems]
    write_atomically(files, root=paths.data)
    added = publisher.id if publisher and publisher.new else None
    return IngestResult(source_id, list(files), claims, entities, warnings, publisher_added=added, resembles=said)


def _pdf_defaults(m: Meta, pdf: PdfSource) -> Meta:
    """What the document says about itself fills what the user did not give: its title, date, and publisher."""
    return replace(
        m,
        title=m.title or pdf.title,
        date=m.date or pdf.date,
        date_evidence=m.date_evidence or (pdf.date_evidence if m.date is None else None),
        kind=m.kind if m.kind != "news-report" else "inspection-report",
        publisher=m.publisher or PUBLISHER,
    )


def check_url(url: str) -> None:
    """An address a reader can follow: http or https, a host, and nothing that would break it as an IRI."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ch in url for ch in '<>"{}|^`\\ \n\r\t'):
        raise InputError(
            f"--url {url!r}: give the address the article was published at, as in https://example.org/news/1"
        )


def _date(option: str, value: str) -> PartialDate:
    try:
        return parse_date(value)
    except DateParseError as exc:
        raise InputError(f"{option} {value!r}: {exc}") from None


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
