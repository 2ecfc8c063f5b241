"""Linking what an article calls someone or something to the entities already known, or proposing new ones.

Names match after folding case and punctuation and dropping titles (Cllr, Mr, Dr ...) and possessives; a surname
alone links to the full name used earlier in the same article; a first name one letter away (Marc/Mark) links
with a lower confidence. A body's name or alias links wherever it appears."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypedDict

from ..data.model import Entity
from ..store.matching import normalise, strip_title

SLUG_RX = re.compile(r"[^a-z0-9]+")
# The words of a council's type, which the press often leaves out ("Bedford council" for Bedford Borough Council).
COUNCIL_TYPE_WORDS = {"city", "borough", "county", "district", "metropolitan", "council"}


# Words of a body's name, by its kind, that the press often leaves out.
OMITTED_WORDS = {"council": COUNCIL_TYPE_WORDS, "trust": {"services", "service"}}


def council_core(name: str) -> str:
    return name_core(name, "council")


def name_core(name: str, kind: str) -> str:
    return " ".join(w for w in normalise(name).split() if w not in OMITTED_WORDS.get(kind, set()))


def slug(text: str) -> str:
    return SLUG_RX.sub("-", normalise(text)).strip("-")[:60].rstrip("-") or "unnamed"  # cut: no hyphen at the end


def _one_letter_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


class Proposal(TypedDict, total=False):
    """A proposed entity's record: its fields as written to the candidates file, plus `_`-prefixed ones kept back."""

    _kind: str  # "person", "organisation" or "post"
    _wording: str  # a post's words as written, matched against later wordings
    id: str
    name: str
    label: str
    aliases: list[str]
    kind: str
    unit_of: str
    organisation: str
    role: str
    single_holder: bool


@dataclass
class Link:
    entity_id: str
    confidence: float
    new: bool = False


@dataclass
class Linker:
    """Known entities by their name forms, plus what this article has proposed or mentioned so far."""

    entities: dict[str, Entity]
    abbreviations: dict[str, str] = field(default_factory=dict)  # "hmi" -> "his majesty's inspector"
    proposed: dict[str, Proposal] = field(default_factory=dict)
    seen_people: dict[str, str] = field(default_factory=dict)  # surname -> person id, for this article
    seen_first: dict[str, str] = field(default_factory=dict)  # first name -> person id ("Dame Lorna")

    def forms(self, kind: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for e in self.entities.values():
            if e.kind == kind:
                out[e.id] = [e.label, *e.aliases]
        for pid, p in self.proposed.items():
            if p["_kind"] == kind:
                out[pid] = [str(p.get("name") or p.get("label")), *list(p.get("aliases", []))]
        return out

    def person(self, written: str, honour: bool = False) -> Link:
        """`honour`: written after Sir or Dame, where a first name alone is the person ("Dame Lorna")."""
        name = strip_title(written).strip()
        wanted = normalise(name)
        for eid, names in self.forms("person").items():
            if wanted in {normalise(strip_title(n)) for n in names}:
                self._remember(eid, name)
                return Link(eid, 0.95, eid in self.proposed)
        tokens = wanted.split()
        if len(tokens) == 1 and tokens[0] in self.seen_people:  # "Mr Bloggs" after "Jo Bloggs"
            return Link(self.seen_people[tokens[0]], 0.85, self.seen_people[tokens[0]] in self.proposed)
        honour = honour or bool(re.match(r"(?:Sir|Dame)\s", written.strip()))
        if len(tokens) == 1 and honour and tokens[0] in self.seen_first:  # "Dame Lorna" after "Dame Lorna Pettifer"
            return Link(self.seen_first[tokens[0]], 0.85, self.seen_first[tokens[0]] in self.proposed)
        if len(tokens) >= 2:
            for eid, names in self.forms("person").items():
                for n in names:
                    known = normalise(strip_title(n)).split()
                    if len(known) >= 2 and known[-1] == tokens[-1] and _one_letter_apart(known[0], tokens[0]):
                        self._remember(eid, name)
                        return Link(eid, 0.7, eid in self.proposed)  # Marc / Mark
        pid = self._new_id(slug(name))
        self.proposed[pid] = {
            "_kind": "person",
            "id": pid,
            "name": name,
            "aliases": [written] if written != name else [],
        }
        self._remember(pid, name)
        return Link(pid, 0.6, True)

    def _remember(self, eid: str, name: str) -> None:
        tokens = normalise(name).split()
        if len(tokens) >= 2:
            self.seen_people[tokens[-1]] = eid
            self.seen_first.setdefault(tokens[0], eid)

    def organisation(self, written: str, kind: str = "council", parent: str | None = None) -> Link:
        wanted = normalise(re.sub(r"['\u2019]s$", "", written.strip()))
        for eid, names in self.forms("organisation").items():
            if wanted in {normalise(n) for n in names} and parent in (None, self._unit_of(eid)):
                return Link(eid, 0.95, eid in self.proposed)  # a unit of another body is not this body's unit
        if kind in OMITTED_WORDS and (core := name_core(wanted, kind)) and parent is None:
            # "Bedford council": Bedford Borough Council; "X Children's Trust": X Children's Services Trust, when
            # one body of the kind has that name without the words the press leaves out
            same = {
                eid
                for eid, names in self.forms("organisation").items()
                if self._kind_of(eid) == kind and core in {name_core(n, kind) for n in names}
            }
            if len(same) == 1 and (kind != "council" or core != wanted):  # a bare place is no council
                eid = same.pop()
                return Link(eid, 0.85, eid in self.proposed)
        oid = self._new_id(slug(written))
        record: Proposal = {"_kind": "organisation", "id": oid, "name": written.strip(), "kind": kind}
        if parent:
            record["unit_of"] = parent
        self.proposed[oid] = record
        return Link(oid, 0.6, True)

    def _kind_of(self, oid: str) -> str | None:
        if oid in self.entities:
            return self.entities[oid].values.get("kind")
        return self.proposed.get(oid, {}).get("kind")

    def _unit_of(self, oid: str) -> str | None:
        if oid in self.entities:
            return self.entities[oid].values.get("unit_of")
        return self.proposed.get(oid, {}).get("unit_of")

    def post(self, phrase: str, role_kind: str, organisation: str, orgs_up: list[str]) -> Link:
        """A known post whose wording matches; else the post of that kind in that body whose wording shares most
        words with the phrase (the only one, or a clear best); else a new post. The bodies searched are the one
        named, those it is part of, and its own units (the chair of governors sits on the school's governing
        body); a post's label is compared without its body's name ("Medical Director of X Trust")."""
        wanted = self._post_form(phrase)
        scope = set(orgs_up) | {e.id for e in self.entities.values() if e.values.get("unit_of") == organisation}
        posts = {e.id: e for e in self.entities.values() if e.kind == "post" and e.values["organisation"] in scope}
        for eid, e in posts.items():
            if wanted in {self._post_form(n, e.values["organisation"]) for n in [e.label, *e.aliases]}:
                return Link(eid, 0.95)
        same = [e for e in posts.values() if e.values["role"] == role_kind]
        if len(same) == 1 and role_kind not in MULTI_HOLDER:
            return Link(same[0].id, 0.85)
        scored = sorted(((self._overlap(wanted, e), e.id) for e in same), reverse=True)
        if scored and scored[0][0] >= 0.34 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return Link(scored[0][1], 0.75)
        for pid, p in self.proposed.items():
            if (
                p["_kind"] == "post"
                and p["role"] == role_kind
                and p["organisation"] == organisation
                and self._post_form(str(p.get("_wording", p["label"]))) == wanted
            ):
                return Link(pid, 0.6, True)
        pid = self._new_id(slug(f"{organisation} {role_kind}"))
        # "Its chief fire officer" -> "Chief fire officer", "The council's leader" -> "Council leader"
        label = re.sub(r"^(?:its|their)\s+", "", phrase.strip().rstrip(","), flags=re.IGNORECASE)
        generic = r"^(?:the\s+)?(council|trust|force|service|school|authority|board)['\u2019]s\s+"
        label = re.sub(generic, r"\1 ", label, flags=re.IGNORECASE)
        self.proposed[pid] = {
            "_kind": "post",
            "_wording": phrase,  # matched against later wordings, as written
            "id": pid,
            "label": label[:1].upper() + label[1:],
            "organisation": organisation,
            "role": role_kind,
            "single_holder": role_kind not in MULTI_HOLDER,
        }
        return Link(pid, 0.6, True)

    def _post_form(self, text: str, organisation: str | None = None) -> str:
        """_post_form with abbreviations spelt out ("HMI") and, for a known post's label, the name of its body
        and of the bodies above it removed."""
        form = " " + _post_form(text) + " "
        for short, long in self.abbreviations.items():
            form = form.replace(f" {short} ", f" {_post_form(long)} ")
        oid = organisation
        while oid and (org := self.entities.get(oid)) is not None:
            for name in sorted({org.label, *org.aliases}, key=len, reverse=True):
                n = _post_form(name)
                if len(n) > 3:
                    form = form.replace(f" {n} ", " ")
            oid = org.values.get("unit_of")
        return " ".join(form.split())

    def _overlap(self, wanted: str, post: Entity) -> float:
        """Share of words in common between a wording and a post's best-matching label or alias."""
        words = set(wanted.split()) - STOP
        best = 0.0
        for form in [post.label, *post.aliases]:
            other = set(self._post_form(form, post.values["organisation"]).split()) - STOP
            if words and other:
                best = max(best, len(words & other) / len(words | other))
        return best

    def _new_id(self, base: str) -> str:
        pid, n = base, 2
        while pid in self.entities or pid in self.proposed:
            pid, n = f"{base}-{n}", n + 1
        return pid

    def proposed_entities(self, used: set[str]) -> dict[str, list[dict[str, object]]]:
        """The proposed entities the claims use, with those they refer to in turn (a post's body, a unit's parent),
        so that no proposal names an id that is neither known nor proposed."""
        out: dict[str, list[dict[str, object]]] = {"people": [], "organisations": [], "posts": []}
        section = {"person": "people", "organisation": "organisations", "post": "posts"}
        used = set(used) | {pid for pid, p in self.proposed.items() if p["_kind"] == "person"}  # everyone named
        todo = [pid for pid in used if pid in self.proposed]
        while todo:
            record = self.proposed[todo.pop()]
            for key in ("organisation", "unit_of"):
                ref = record.get(key)
                if isinstance(ref, str) and ref in self.proposed and ref not in used:
                    used.add(ref)
                    todo.append(ref)
        for pid in sorted(self.proposed):
            if pid in used:
                fields = {k: v for k, v in self.proposed[pid].items() if not k.startswith("_") and v not in ([], None)}
                out[section[str(self.proposed[pid]["_kind"])]].append(fields)
        return out


MULTI_HOLDER = {"councillor", "inspector", "director"}  # several people hold such posts in one body at once


STOP = {"of", "and", "the", "for", "at", "in"}


def _post_form(text: str) -> str:
    """A post's wording without the words that do not change which post it is."""
    words = normalise(text).replace(" for ", " of ").split()
    drop = {"the", "new", "permanent", "former", "interim", "acting", "strategic", "a", "her", "his"}
    return " ".join(w for w in words if w not in drop)
