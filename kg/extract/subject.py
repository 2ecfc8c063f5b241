"""The article's subject body, and what its generic words ("children's services", "the council") refer to.

A body's name links wherever it appears, but a name made only of words for a kind of body (the gazetteer's
`body_heads`: "children's services", "Children's Social Care") is no name: it refers to the article's subject, so
it links to the subject's own unit of that kind (its council, or a unit of it, whose name or alias it is or ends
with), and to nothing when the article has no clear subject. The subject is the body named in the headline and
opening paragraphs (a department before its council, the most mentioned first); with none named there, the body
named most in the article; with none named at all, none. A name starts with a capital: an alias such as "new
children's trust" links, but does not make a subject."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

from ..store.matching import normalise
from .reader import Span
from .resources import Resources

if TYPE_CHECKING:
    from .rules import Extraction

OPENING_PARAGRAPHS = 3  # the headline, the standfirst and the first paragraph
OPENING_SENTENCES = 3  # at most: some articles have no blank lines


@cache
def generic_forms(res: Resources) -> frozenset[str]:
    """Normalised names of kinds of body ("children's services"), with "the" before them."""
    heads = {normalise(h) for hs in res.raw["body_heads"].values() for h in hs}
    return frozenset(heads | {f"the {h}" for h in heads})


def is_generic(form: str, res: Resources) -> bool:
    return normalise(re.sub(r"^(?:The|A|An)\s+", "", form.strip())) in generic_forms(res)


def pattern(form: str) -> str:
    """A name as a pattern: its first letter as written (so "Reading" is not "reading"), the rest in any case
    ("Middlesbrough children's services" is the register's "Middlesbrough Children's Services")."""
    rest = re.escape(form[1:]).replace("'", "['\u2019]").replace(r"\ ", r"\s+")
    return rf"(?<![\w]){re.escape(form[:1])}(?i:{rest})(?![\w])"


def find_subject(x: Extraction, kinds: tuple[str, ...]) -> str | None:
    """The article's subject body among the bodies of these kinds: named in the opening, else named most."""
    paragraphs, sentences = x.a.paragraphs, x.a.sentences
    opening_end = min(
        paragraphs[min(OPENING_PARAGRAPHS, len(paragraphs)) - 1].end if paragraphs else 0,
        sentences[min(OPENING_SENTENCES, len(sentences)) - 1].end if sentences else 0,
    )
    named = [  # "new children's trust" is no name; "Doncaster" in "Doncaster Children's Services Trust" is none
        (span, oid)
        for span, oid in x.bodies
        if span.text[:1].isupper()
        and not any(s.start <= span.start and span.end <= s.end and s != span for s, _ in x.bodies)
    ]
    counts = Counter(oid for _, oid in named if x._kind(oid) in kinds)
    opening = {oid for span, oid in named if span.start < opening_end and oid in counts}
    pool = [(oid, n) for oid, n in counts.most_common() if oid in opening] or counts.most_common()
    departments = [oid for oid, _ in pool if x._kind(oid) == "department"]
    return departments[0] if departments else (pool[0][0] if pool else None)


def resolve_generic(x: Extraction, form: str) -> str | None:
    """The subject's own body a generic form refers to: the subject, its council or a unit of that council whose
    name or alias is the form or ends with it; None without a subject or such a unit."""
    if x.subject is None:
        return None
    wanted = normalise(re.sub(r"^(?:the|a|an)\s+", "", form.strip(), flags=re.IGNORECASE))
    top = x._up(x.subject)[-1]
    family = [x.subject, top] + [
        oid for oid in [*x.entities, *x.linker.proposed] if x._parent(oid) == top and oid not in (x.subject, top)
    ]
    for oid in family:
        names = _names(x, oid)
        if any(n == wanted or n.endswith(" " + wanted) for n in names):
            return oid
    return None


def _names(x: Extraction, oid: str) -> list[str]:
    if oid in x.entities:
        e = x.entities[oid]
        return [normalise(n) for n in (e.label, *e.aliases)]
    p = x.linker.proposed.get(oid, {})
    return [normalise(str(n)) for n in (p.get("name"), *p.get("aliases", [])) if n]


def link_generic(x: Extraction, spans: list[Span]) -> None:
    """Link each generic mention to the subject's own body of that kind; an article about a council whose
    "children's services" are its unit is about that unit (inspections are of a service)."""
    units: Counter[str] = Counter()
    for span in spans:
        if any(s.start <= span.start < s.end for s, _ in x.bodies):
            continue
        if (oid := resolve_generic(x, span.text)) is not None:
            x.bodies.append((span, oid))
            if x._kind(oid) == "department" and x._parent(oid) == x.subject:
                units[oid] += 1
    if units:
        x.subject = units.most_common(1)[0][0]
    x.bodies.sort(key=lambda b: b[0].start)
