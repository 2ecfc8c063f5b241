"""Which body a clause is about. A rating or a visit belongs to the body its sentence names, not always to the
article's subject: "Ofsted branded the trust inadequate", "Leeds City Council's children's services were rated
good", "helped them to become one of the few local authorities rated outstanding". A name links to its body; a
kind word ("the trust", "that council", "the department") is read back to the body of that kind named last before
it; a pronoun ("it", "them") to the nearest of these before it in the sentence, else to the body the text was last
about; with nothing in the sentence, the article's subject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..store.matching import normalise
from . import subject as subject_mod
from .reader import Span
from .resources import Resources, phrase_rx

if TYPE_CHECKING:
    from .rules import Extraction

PRONOUN_RX = re.compile(r"\b(?:it|its|they|them|their)\b", re.IGNORECASE)
DETERMINER_RX = re.compile(r"\b(?:the|that|this|an?|its|their|these|those)\s+(?:[\w'\u2019-]+\s+){0,3}$", re.I)
# Between a body and the verb that rates it, only these: "the trust has today been rated", "X, which was judged".
LINK_WORDS_RX = re.compile(
    r"(?:[\s,]|\b(?:has|have|had|been|was|were|is|are|be|being|also|today|now|then|again|previously|recently|once|"
    r"which|who|that|itself|already|just|since|subsequently|later|overall|last|this|year|week|month|in|by|"
    r"(?:19|20)\d\d)\b)*",
    re.IGNORECASE,
)
# From a visit word to the body visited: "monitoring visit to ", "inspection of the ".
VISITED_RX = re.compile(r"[\w\s-]{0,40}?\b(?:to|of|at|into|on)\s+(?:the\s+)?", re.IGNORECASE)
# After a kind word, these make it part of another noun: "the council leader", "the trust's chief executive".
COMPOUND_RX = re.compile(
    r"(?:['\u2019]s)?\s+(?:leader|leaders|chief|member|members|officer|officers|meeting|meetings|tax|manager|managers|"
    r"spokesman|spokeswoman|spokesperson|chair|chairman|board|boss|bosses|executive|director|staff|worker|workers|"
    r"user|users|budget|area|areas|chamber|elections?|cabinet|plan|report|headquarters)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Ref:
    """A mention that refers to a body: a name, a kind word or a pronoun; `oid` once resolved."""

    start: int
    end: int
    how: str  # "name", "generic", "kind", "pronoun"
    oid: str | None
    kind: str | None = None


@cache
def _kind_rx(res: Resources) -> dict[str, re.Pattern[str]]:
    return {k: phrase_rx(v) for k, v in res.raw["referent_kinds"].items()}


def _named(x: Extraction) -> list[tuple[Span, str, bool]]:
    """Body mentions, not inspectorates, the longest at each place, with whether each is a generic name (worked
    out once per article, after its bodies are found)."""
    cached: tuple[int, list[tuple[Span, str, bool]]] | None = getattr(x, "_referents_named", None)
    if cached is not None and cached[0] == len(x.bodies):
        return cached[1]
    spans = [(s, oid) for s, oid in x.bodies if x._kind(oid) != "inspectorate"]
    out = []
    for s, oid in spans:
        if any(o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end) for o, _ in spans):
            continue
        out.append((s, oid, subject_mod.is_generic(s.text, x.res)))
    setattr(x, "_referents_named", (len(x.bodies), out))  # noqa: B010 - a cache, not a field of Extraction
    return out


def refs_in(x: Extraction, start: int, end: int) -> list[Ref]:
    """The referring mentions between start and end, in order (names first where they overlap a kind word)."""
    out: list[Ref] = []
    named = _named(x)
    for s, oid, generic in named:
        if start <= s.start and s.end <= end:
            out.append(Ref(s.start, s.end, "generic" if generic else "name", _owned(x, s, oid) if generic else oid))
    taken = [(r.start, r.end) for r in out]
    for kind, rx in _kind_rx(x.res).items():
        for m in rx.finditer(x.text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            det = DETERMINER_RX.search(x.text, max(start, m.start() - 60), m.start())
            if det is None or det.end() != m.start():
                continue  # "council" alone in "council leader" is no mention of a body
            if COMPOUND_RX.match(x.text, m.end()):
                continue  # "the council leader", "the service manager": the word is part of another noun
            out.append(Ref(det.start(), m.end(), "kind", None, kind))
    for m in PRONOUN_RX.finditer(x.text, start, end):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(Ref(m.start(), m.end(), "pronoun", None))
    return sorted(out, key=lambda r: (r.start, -r.end))


def _owned(x: Extraction, span: Span, oid: str) -> str:
    """A generic name after a possessive name is the owner's unit: "Leeds City Council's children's services"."""
    before = x.text[max(0, span.start - 3) : span.start]
    if not re.search(r"['\u2019]s\s+$", before):
        return oid
    owner = next(
        (o for s, o, g in _named(x) if not g and s.end >= span.start - 3 and s.end <= span.start), None
    )  # the named body the possessive belongs to
    if owner is None:
        return oid
    wanted = normalise(re.sub(r"^(?:the|a|an)\s+", "", span.text, flags=re.I))
    for eid in [*x.entities, *x.linker.proposed]:
        if x._parent(eid) == owner and any(n == wanted or n.endswith(" " + wanted) for n in subject_mod._names(x, eid)):
            return eid
    return owner


def resolve(x: Extraction, ref: Ref, last: str | None) -> str | None:
    """The body a mention refers to; `last` is the body the text was last about (for a pronoun with nothing before
    it in its sentence)."""
    if ref.oid is not None:
        return ref.oid
    if ref.how == "kind":
        return _nearest_of_kind(x, ref)
    sent = x.a.sentence_at(ref.start)
    before = [r for r in refs_in(x, sent.start, ref.start) if r.how != "pronoun"]
    if before:
        return resolve(x, before[-1], last)
    return last or x.subject


def _nearest_of_kind(x: Extraction, ref: Ref) -> str | None:
    """'the trust': the trust named last before; 'the department' or 'the service': the one of the body named last
    in its sentence, else the article's subject; with none named, the subject if it is of the kind."""
    kinds = {"department": ("department", "trust")}.get(ref.kind or "", (ref.kind or "",))
    named = [(s, oid) for s, oid, g in _named(x) if not g]
    if ref.kind == "department":
        sent = x.a.sentence_at(ref.start)
        here = [oid for s, oid in named if sent.start <= s.start < ref.start and x._kind(oid) == "council"]
        if here:  # "Leeds City Council said the service ...": the council's; a trust's "service" is the subject's
            return _unit(x, here[-1], "department")
        councils = [r for r in refs_in(x, sent.start, ref.start) if r.how == "kind" and r.kind == "council"]
        council = _nearest_of_kind(x, councils[-1]) if councils else None
        if council is not None and x._kind(council) == "council":  # "passed from the council ... the service"
            return _unit(x, council, "department")
        return x.subject
    words = [
        w.lower() for k in kinds for w in (*x.res.raw["referent_kinds"].get(k, []), *x.res.raw["body_heads"].get(k, []))
    ]

    def of_kind(span: Span, oid: str) -> bool:  # by the body's kind, or by its name ("Brackenfield Academy")
        return x._kind(oid) in kinds or any(re.search(rf"\b{re.escape(w)}\b", span.text, re.I) for w in words)

    earlier = [oid for s, oid in named if s.start < ref.start and of_kind(s, oid)]
    if earlier:
        return earlier[-1]
    later = [oid for s, oid in named if of_kind(s, oid)]
    if later:
        return later[0]
    return x.subject


def _unit(x: Extraction, oid: str, kind: str) -> str:
    if x._kind(oid) in (kind, "trust"):
        return oid
    units = [e for e in [*x.entities, *x.linker.proposed] if x._parent(e) == oid and x._kind(e) == kind]
    return units[0] if len(units) == 1 else oid


def body_of_clause(x: Extraction, start: int, end: int, at: int) -> str | None:
    """The body a clause names nearest the word at `at`, else None: a visit "to Northmoor Borough Council's
    children's services" is Northmoor's, "Leeds's third monitoring visit" Leeds's; a body named further off ("Mr X,
    formerly of Y Council, said") counts only if there is no nearer one."""
    refs = [r for r in refs_in(x, start, end) if r.how in ("name", "generic") and r.oid]
    refs = [r for r in refs if x._kind(r.oid or "") not in ("political-group", "government")]
    owned = [r for r in refs if r.how == "name" or re.search(r"['\u2019]s\s+$", x.text[max(0, r.start - 3) : r.start])]
    pool = owned or refs
    if not pool:
        return None
    # a body just after the word ("visit to X") first, else the nearest before it, else the nearest after
    after = [r for r in pool if at <= r.start and VISITED_RX.fullmatch(x.text, at, r.start)]
    before = [r for r in pool if r.end <= at]
    best = after[0] if after else before[-1] if before else pool[0]
    unit = next((r for r in pool if best.end <= r.start <= best.end + 4), None)  # "X Council's children's services"
    return (unit or best).oid
