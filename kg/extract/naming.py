"""Does the article name the bodies its candidates link to? The check behind review's warning and the measure
"no candidate linked to a body the article does not name".

A body is named when its name or one of its aliases appears in the text (as a name: the first letter as
written), or its parent's does (a council's "children's services" is named by the council's name). Aliases made
only of words for a kind of body ("the council", "children's services") name nothing: every article about every
council says them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..data.model import ENTITY_REF_FIELDS
from .linker import COUNCIL_TYPE_WORDS
from .resources import Resources
from .subject import is_generic, pattern


@dataclass(frozen=True)
class UnnamedLink:
    """A field of a candidate that links (itself, or through a post) to a body the text does not name."""

    claim: str
    field: str
    target: str
    body: str

    def message(self) -> str:
        via = f" (the body of post {self.target})" if self.body != self.target else ""
        return f"{self.field}: {self.body}{via} is not named in the article"


def _ids(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def body_names(records: Mapping[str, Mapping[str, Any]], body: str) -> list[str]:
    """The body's name and aliases, and its parent's (for a unit)."""
    record = records.get(body) or {}
    names = [record.get("name"), record.get("label"), *(record.get("aliases") or [])]
    parent = record.get("unit_of")
    if isinstance(parent, str) and parent != body:
        up = records.get(parent) or {}
        names += [up.get("name"), *(up.get("aliases") or [])]
    if record.get("kind") == "council":  # "Bedford council" names Bedford Borough Council, as the linker reads it
        for n in [n for n in names if n]:
            core = " ".join(w for w in str(n).split() if w.lower() not in COUNCIL_TYPE_WORDS)
            if core and core != n:
                names.append(f"{core} council")
    return [str(n) for n in names if n]


def names_body(text: str, names: Iterable[str], res: Resources, kind: str | None = None) -> bool:
    """True when one of the names, not a generic one, appears in the text as a name. A body of a kind the country
    has one of (the gazetteer's `one_per_country`: "the government") is named by its generic word too, in any case."""
    if kind in res.raw.get("one_per_country", []):
        return any(re.search(rf"(?<!\w){re.escape(n.strip())}(?!\w)", text, re.I) for n in names if n.strip())
    return any(re.search(pattern(n.strip()), text) for n in names if n.strip() and not is_generic(n, res))


def unnamed_links(
    claims: Iterable[Mapping[str, Any]],
    records: Mapping[str, Mapping[str, Any]],
    kinds: Mapping[str, str],
    text: str,
    res: Resources,
    fields: Iterable[str] = ENTITY_REF_FIELDS,
) -> list[UnnamedLink]:
    """Every link of the claims to an organisation (directly, or as a post's body) the text does not name.
    `records` and `kinds` map ids to entity records and kinds (person, organisation, post)."""
    out: list[UnnamedLink] = []
    seen: dict[str, bool] = {}
    for claim in claims:
        for key in fields:
            for eid in _ids(claim.get(key)):
                kind = kinds.get(eid)
                body = eid if kind == "organisation" else (records.get(eid) or {}).get("organisation")
                if kind not in ("organisation", "post") or not isinstance(body, str) or body not in records:
                    continue
                if body not in seen:
                    kind_of_body = (records.get(body) or {}).get("kind")
                    seen[body] = names_body(text, body_names(records, body), res, kind_of_body)
                if not seen[body]:
                    out.append(UnnamedLink(str(claim.get("id", "")), key, eid, body))
    return out
