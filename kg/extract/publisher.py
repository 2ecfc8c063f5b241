"""Who published a source: `kg ingest --publisher` takes an organisation's id, name or alias, or a plain name.

A newspaper need not be curated before its articles are: a name no organisation answers to becomes a new
organisation of kind `news-publisher`, written to data/entities with the source in the same transaction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..data.model import Entity
from ..data.paths import Paths
from ..data.yaml_write import append_to_section
from ..errors import InputError
from ..store.matching import normalise

NEWS_PUBLISHER = "news-publisher"
INGESTED = "ingested.yaml"  # where accepted and ingested entities go (kg review appends to it too)
INGESTED_HEADER = "# People, organisations and posts proposed by extraction and accepted with `kg review`.\n"


@dataclass(frozen=True)
class Publisher:
    """The organisation a source links to; `new` when ingest adds it (then `file`/`text` are what to write)."""

    id: str
    new: bool = False
    file: Path | None = None
    text: str | None = None


def slug(text: str) -> str:
    """A lowercase id from any text: accents dropped, runs of other characters turned into one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def resolve_publisher(paths: Paths, given: str) -> Publisher:
    """The organisation `given` names (by id, then by name or alias, folded as names are matched; the registers'
    councils and trusts count), or a new news publisher of that name; a name two organisations answer to, or one
    whose id would be another entity's, is refused."""
    from ..data.loading import load_corpus
    from ..registers import read_registers

    name = " ".join(given.split())
    if not name:
        raise InputError("--publisher is empty: give an organisation's id or the publisher's name")
    entities = load_corpus(paths, extend=read_registers).entities  # a data/ that does not load is refused here
    if name in entities and entities[name].kind == "organisation":
        return Publisher(name)
    wanted = normalise(name)
    named = sorted(eid for eid, e in entities.items() if e.kind == "organisation" and wanted in _names(e))
    if len(named) > 1:
        raise InputError(f"--publisher {given!r}: organisations {', '.join(named)} all answer to it; give one id")
    if named:
        return Publisher(named[0])
    new_id = slug(name)
    if not new_id:
        raise InputError(f"--publisher {given!r}: a name needs letters or digits to make an id of")
    if new_id in entities:
        raise InputError(
            f"--publisher {given!r}: the id {new_id!r} it would get is a {entities[new_id].kind}'s; "
            "give the publisher's organisation id, or add the organisation to data/entities first"
        )
    path = paths.data / "entities" / INGESTED
    current = path.read_text(encoding="utf-8") if path.is_file() else INGESTED_HEADER
    record = {"id": new_id, "name": name, "kind": NEWS_PUBLISHER, "note": "added by kg ingest as a source's publisher"}
    return Publisher(new_id, True, path, append_to_section(current, "organisations", [record], str(path)))


def _names(e: Entity) -> set[str]:
    return {normalise(str(n)) for n in [e.values.get("name"), *(e.values.get("aliases") or [])] if n}
