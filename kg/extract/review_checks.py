"""Links a reviewer must look at twice: an event of another body, a proposed post that clashes with a known one,
and a claim the extractor could not date. The first is a warning; the other two block an accept until the
reviewer chooses (a post is never merged or split silently, and a judgement is never filed without a date)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..data.model import Corpus
from .review_show import Known

# Fields naming an event: the schema's event references, a judgement's inspection and a visit's own event id.
EVENT_FIELDS = ("about", "to", "trigger", "inspection", "event")
# Fields naming the bodies a candidate is about (an inspectorate is who looked, not what was looked at).
BODY_FIELDS = ("subject", "target", "original", "resulting", "by", "capacity", "organisation", "post")
_NOT_SUBJECT_KINDS = {"inspectorate"}


def _ids(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


@dataclass
class Events:
    """Each known event's subject bodies (reviewed claims, registers, and the candidates file's own events), and
    each body's parent, to tell a unit's event from another body's."""

    subjects: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    parents: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # organisation id -> org kind
    partners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # a change's original <-> resulting

    @classmethod
    def of(cls, corpus: Corpus | None) -> Events:
        out = cls()
        if corpus is None:
            return out
        for e in corpus.entities.values():
            if e.kind == "organisation":
                out.kinds[e.id] = str(e.values.get("kind") or "")
                if isinstance(e.values.get("unit_of"), str):
                    out.parents[e.id] = e.values["unit_of"]
        for c in corpus.claims:
            if not c.pending:
                out.declare(c.type, c.values)
            if c.type == "change":  # a trust that took a council's services over answers for its events
                for old in _ids(c.values.get("original")):
                    for new in _ids(c.values.get("resulting")):
                        out.partners[old].add(new)
                        out.partners[new].add(old)
        return out

    def declare(self, ctype: object, values: dict[str, Any]) -> None:
        """The events a claim declares, with the body each is about."""
        if ctype == "visit":
            pairs = [("event", "subject")]
        elif ctype == "judgement":
            pairs = [("inspection", "subject"), ("judgement", "subject")]
        elif ctype == "change":
            pairs = [("change", "original")]
        else:
            return
        for event_key, body_key in pairs:
            for eid in _ids(values.get(event_key)):
                self.subjects[eid].update(_ids(values.get(body_key)))

    def with_claims(self, claims: list[dict[str, Any]]) -> Events:
        subjects = defaultdict(set, {k: set(v) for k, v in self.subjects.items()})
        out = Events(subjects, self.parents, self.kinds, self.partners)
        for c in claims:
            out.declare(c.get("type"), c)
        return out

    def lineage(self, body: str) -> set[str]:
        """The body and every body it is part of."""
        out: set[str] = set()
        while body not in out:
            out.add(body)
            body = self.parents.get(body, body)
        return out


def candidate_bodies(claim: dict[str, Any], known: Known, events: Events) -> set[str]:
    """The bodies a candidate is about: organisations its fields name, and the organisation of a post they name."""
    out: set[str] = set()
    for key in BODY_FIELDS:
        for eid in _ids(claim.get(key)):
            kind = known.kinds.get(eid) or ("organisation" if eid in events.kinds else None)
            body = eid if kind == "organisation" else (known.records.get(eid) or {}).get("organisation")
            if kind not in ("organisation", "post") or not isinstance(body, str):
                continue
            body_kind = events.kinds.get(body) or (known.records.get(body) or {}).get("kind")
            if body_kind not in _NOT_SUBJECT_KINDS:
                out.add(body)
    return out


def other_body_events(claim: dict[str, Any], known: Known, events: Events) -> list[str]:
    """A warning for each event field naming a known event whose subject is none of the candidate's bodies (nor a
    body they are part of, nor a unit of theirs, nor a body that took their services over or gave them up).
    Partners count on the candidate's side only: a trust serving two councils does not make them one."""
    mine = candidate_bodies(claim, known, events)
    if not mine:
        return []
    near = set().union(*(events.lineage(b) for b in mine))
    near |= set().union(*(events.partners.get(b, set()) for b in set(near)))
    warnings = []
    for key in EVENT_FIELDS:
        for eid in _ids(claim.get(key)):
            theirs = events.subjects.get(eid) or set()
            if theirs and not any(events.lineage(s) & near for s in theirs):
                warnings.append(
                    f"{key}: event {eid} is about {', '.join(sorted(theirs))}, "
                    f"not {', '.join(sorted(mine))} (the body this candidate is about)"
                )
    return warnings


def post_clashes(proposed: list[dict[str, Any]], known: Known) -> dict[str, list[str]]:
    """Proposed posts (by id) that a known single-holder post has the organisation and role of, under another id."""
    out: dict[str, list[str]] = {}
    for post in proposed:
        pid = post.get("id")
        if not isinstance(pid, str) or pid in known.kinds:
            continue
        same = sorted(
            eid
            for eid, kind in known.kinds.items()
            if kind == "post"
            and known.records[eid].get("organisation") == post.get("organisation")
            and known.records[eid].get("role") == post.get("role")
            and known.records[eid].get("single_holder", True) is not False
        )
        if same:
            out[pid] = same
    return out


def clash_text(pid: str, label: object, existing: list[str], known: Known) -> str:
    named = ", ".join(f"{eid} ({known.name(eid) or eid})" for eid in existing)
    return f"proposed post {pid} ({label or pid}) has the organisation and role of known post {named}"


def needs(claim: dict[str, Any]) -> list[str]:
    """The fields the extractor says it could not fill from the text (`extracted.needs`), still to be set."""
    extracted = claim.get("extracted") or {}
    wanted = extracted.get("needs") if isinstance(extracted, dict) else None
    return [str(n) for n in wanted or [] if isinstance(n, str)]
