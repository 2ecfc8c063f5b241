"""`kg import reports DIR`: a folder of downloaded Ofsted documents into data/ in one go.

Each PDF is ingested on its own (kg.extract.ingest: all of its files or none), so one bad PDF among many is
reported by name and the others still come in; a PDF already imported (by its sha256) is skipped. With `accept`
each document's candidates are accepted at once through the review machinery, as `kg review --accept all`."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...data.paths import Paths
from ...errors import InputError, KgError
from ..ingest import IngestResult, Meta, ingest

MANIFEST = "manifest.csv"


@dataclass
class ImportResult:
    """What an import did, document by document."""

    imported: list[IngestResult] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, the source it already is)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    accepted: int = 0

    def summary(self) -> list[str]:
        claims = sum(r.claims for r in self.imported)
        where = (f"{self.accepted} accepted into data/claims, {claims - self.accepted} pending review (kg review)"
                 if self.accepted else "pending review (kg review)")  # fmt: skip
        return (
            [f"skipped {f.name}: already source {sid}" for f, sid in self.skipped]
            + [f"imported {len(self.imported)} documents, {claims} candidate claims: {where}; "
               f"skipped {len(self.skipped)}; failed {len(self.failed)}"]
        )  # fmt: skip


def report_files(folder: Path) -> list[Path]:
    """The PDFs of a folder, in name order; a folder that is missing or has none is refused."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
    if not files:
        raise InputError(f"{folder}: no *.pdf files to import")
    return files


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """manifest.csv's rows by file name, when the folder has one (its url and origin columns are used)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f) if row.get("file")}


def _meta(row: dict[str, str]) -> Meta:
    repo, commit, where = (row.get(k, "").strip() for k in ("origin_repository", "origin_commit", "origin_path"))
    origin = f"{repo} at {commit}: {where}" if repo else None
    return Meta(url=row.get("url", "").strip() or None, origin=origin)


def import_reports(
    paths: Paths, folder: Path, *, accept: bool = False, done: Callable[[Path], None] | None = None
) -> ImportResult:
    """Ingest every PDF of `folder`; `done(file)` is called after each (for a progress bar)."""
    from ..review import Selection, review

    files = report_files(folder)
    manifest = read_manifest(folder)
    result = ImportResult()
    for file in files:
        try:
            got = ingest(paths, file, _meta(manifest.get(file.name, {})))
            if got.already:
                result.skipped.append((file, got.source_id))
            else:
                result.imported.append(got)
                ready = _ready(paths, got.source_id) if accept else []
                if ready:  # a candidate that needs a field the text does not give stays pending for review
                    review(paths, got.source_id, Selection(ids=frozenset(ready)))
                    result.accepted += len(ready)
        except KgError as exc:
            result.failed.append((file, str(exc)))
        if done is not None:
            done(file)
    return result


def _ready(paths: Paths, source_id: str) -> list[str]:
    """The pending candidates of a source that need nothing set by hand."""
    from ..review import load_pending
    from ..review_checks import needs

    return [c["id"] for f in load_pending(paths, source_id) for c in f.claims if not needs(c)]
