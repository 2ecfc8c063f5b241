"""An official document as a source: what its own pages say about it (kind, date, title) and what was read
from the PDF (sha256, extractor, pages), for data/sources/<id>.yaml; and its candidates, linked to data/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...data.model import Corpus
from ...data.paths import Paths
from .kinds import detect_kind, document_date, document_title
from .pdf import DocumentText, read_pdf

PUBLISHER = "ofsted"  # the inspectorate that publishes these documents (an organisation id in data/entities)
LICENCE = "Open Government Licence v3.0"
ATTRIBUTION = "Ofsted, licensed under the Open Government Licence v3.0"


def is_pdf(path: Path) -> bool:
    """A file named .pdf, or one that starts as a PDF does whatever its name."""
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


@dataclass(frozen=True)
class PdfSource:
    """A read PDF and what it says about itself."""

    doc: DocumentText
    kind: str | None
    date: str | None
    date_evidence: str | None
    title: str

    def fields(self) -> dict[str, Any]:
        """The source metadata a PDF adds to an article's (docs/data-format.md)."""
        return {
            "pdf_sha256": self.doc.sha256,
            "extractor": self.doc.extractor,
            "extractor_version": self.doc.extractor_version,
            "pages": len(self.doc.pages),
            "document_kind": self.kind,
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
        }


def read_source(path: Path) -> PdfSource:
    """Read the PDF (a DataError naming it when it cannot be read) and what its pages say about it."""
    doc = read_pdf(path)
    kind = detect_kind(doc)
    date, evidence = document_date(doc, kind, path.name) or (None, None)
    return PdfSource(doc, kind, date, evidence, document_title(doc, kind, path.stem))


def same_pdf(paths: Paths, sha256: str) -> str | None:
    """The id of a source read from this very PDF (its pdf_sha256), if there is one."""
    wanted = f"pdf_sha256: {sha256}"
    for meta in sorted((paths.data / "sources").glob("*.yaml")):
        if wanted in meta.read_text(encoding="utf-8"):
            return meta.stem
    return None


def extract_document(paths: Paths, doc: DocumentText, source_id: str, corpus: Corpus | None = None) -> dict[str, Any]:
    """The document's candidates, linked to the entities and known events of paths.data (the source's own
    claims left out, so reading it again proposes them again)."""
    from ...registers import load_project
    from ..known import KnownEvents
    from . import read_document

    corpus = corpus or load_project(paths)
    known = KnownEvents(corpus.claims, corpus.entities, leave_out=source_id)
    return read_document(doc, source_id, corpus.entities, known)
