"""Official documents (Ofsted's letters and reports, PDF) as sources: their text with page breaks kept, what kind
of document each is, and the candidate claims their structure gives (addressees, inspection dates, judgement
tables, what needs to improve). Part of the reading stage: a document's candidates are reviewed like an
article's."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .kinds import detect_kind
from .pdf import DocumentText

if TYPE_CHECKING:
    from ...data.model import Entity
    from ..known import KnownEvents

Parser = Callable[[DocumentText, str, "dict[str, Entity]", "KnownEvents | None"], "dict[str, Any]"]
PARSERS = {"jtai": "jtai", "ilacs": "ilacs", "sif": "sif"}  # a document kind -> the module that reads it


def parser_for(kind: str | None) -> Parser | None:
    """The `read` function of the module for this kind, None for a kind no module reads (yet). Imported when
    first needed, so reading one kind does not load the others."""
    if kind not in PARSERS:
        return None
    try:
        module = importlib.import_module(f".{PARSERS[kind]}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{PARSERS[kind]}":
            raise
        return None
    read: Parser = module.read
    return read


def read_document(
    doc: DocumentText, source_id: str, entities: dict[str, Entity], known: KnownEvents | None
) -> dict[str, Any]:
    """The candidates (docs/candidates.md) that a document's structure gives, by its detected kind; a document of
    a kind no parser reads is a source with no candidates."""
    parser = parser_for(detect_kind(doc))
    if parser is None:
        return {"source": source_id, "entities": {"people": [], "organisations": [], "posts": []}, "claims": []}
    return parser(doc, source_id, entities, known)
