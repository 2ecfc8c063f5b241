"""The extraction rules: from one read article to candidate claims, each with its quote, offsets, rule and
confidence. Rules work on patterns of local news ("Name, role of Org, said", "Org's role, Name",
"Cllr Name (Party, Ward)", "HMI Name", "the letter says: ...") and on the gazetteer; nothing here knows a place."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..data.dates import PartialDate, parse_date, resolve_relative
from ..data.model import Entity
from . import names, parties, roles, subject
from .known import KnownEvents
from .linker import Linker
from .reader import Article, Span
from .resources import Resources

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_RX = re.compile(
    rf"(?:(?:back |earlier )?in |at the end of |the end of |during |since )?(?:(?:{MONTHS}),? \d{{4}}|(?:{MONTHS})(?: next year| last year)?"
    r"|last (?:month|year|spring|summer|autumn|winter)|this (?:month|year)|the (?:spring|summer|autumn|winter)\b"
    r"|yesterday|in \d{4}|\b(?:19|20)\d{2}\b)",
    re.IGNORECASE,
)
# Kinds of body that run the services an article reports on (an inspection's subject is one of these).
SERVICE_KINDS = ("council", "trust", "police-force", "fire-and-rescue-service", "school", "other", "department")


@dataclass
class Candidate:
    type: str
    fields: dict[str, Any]
    spans: list[tuple[int, int]]
    rule: str
    confidence: float
    mentions: dict[str, str] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)  # required fields the text does not give: the reviewer adds them


def date_json(d: PartialDate) -> dict[str, Any]:
    """A date as data/claims writes it; one taken from a linked event has no wording of its own to quote."""
    text = {"text": d.text} if d.text else {}
    if d.precision == "range":
        return {**text, "earliest": d.earliest.isoformat(), "latest": d.latest.isoformat()}
    return {**text, "value": d.value}


class Extraction:
    """One article, its entities as linked so far, and the candidates found."""

    def __init__(
        self,
        article: Article,
        source_id: str,
        published: PartialDate | None,
        entities: dict[str, Entity],
        res: Resources,
        known: KnownEvents | None = None,
    ) -> None:
        self.a, self.text, self.source, self.published, self.res = article, article.text, source_id, published, res
        self.known = known or KnownEvents.empty()
        self.linker = Linker(entities, res.raw.get("abbreviations", {}))
        self.entities = entities
        self.out: list[Candidate] = []
        self.bodies: list[tuple[Span, str]] = []  # body mentions and the ids they link to
        self.inspectorate: str | None = None
        self.subject: str | None = None
        self.visit: str | None = None
        self.inspection_dates: list[PartialDate] = []  # dated full inspections the article mentions
        self.inspector_people: set[str] = set()  # people the article names as the inspectorate's staff
        self.roles: dict[int, tuple[str, str | None]] = {}  # name start -> (person id, post id)

    def add(self, *args: Any) -> None:
        """A candidate (type, fields, spans, rule, confidence, mentions), for rules in other modules."""
        self.out.append(Candidate(*args))

    # -- bodies ---------------------------------------------------------------------------------------------
    def find_bodies(self) -> None:
        text = self.text
        kinds_of_body: list[Span] = []  # "children's services": the subject's, once the subject is known
        for e in self.entities.values():
            if e.kind != "organisation":
                continue
            for form in {e.label, *e.aliases}:
                generic = form[:1].islower() and (len(form.split()) < 2 or form.lower().startswith(("the ", "a ")))
                if len(form) < 4 or generic:
                    continue  # "the council" is not a name: it only refers back to one
                for m in re.finditer(subject.pattern(form), text):
                    span = Span(m.start(), m.end(), m.group(0))
                    if subject.is_generic(form, self.res):
                        kinds_of_body.append(span)
                    elif (span, e.id) not in self.bodies:  # "Children's Services" and "children's services"
                        self.bodies.append((span, e.id))
        for insp in self.res.raw["inspectorates"]:
            for m in re.finditer(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in insp["forms"]) + r")(?![\w])", text):
                link = self.linker.organisation(insp["name"], kind="inspectorate")
                known = next(
                    (
                        e.id
                        for e in self.entities.values()
                        if e.kind == "organisation" and m.group(0) in {e.label, *e.aliases}
                    ),
                    None,
                )
                self.bodies.append((Span(m.start(), m.end(), m.group(0)), known or link.entity_id))
        heads = "|".join(
            sorted(
                (re.escape(h) for hs in self.res.raw["body_heads"].values() for h in hs if h[:1].isupper()),
                key=len,
                reverse=True,
            )
        )
        lower = r"\b([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){0,2} council)\b(?!['\u2019]s\s+[a-z]+\s+[A-Z])"
        for m in itertools.chain(
            re.finditer(rf"\b((?:[A-Z][\w'\u2019&-]+ (?:and (?=[A-Z]))?){{1,5}}(?:{heads}))\b", text),
            re.finditer(lower, text),
        ):
            name = re.sub(
                r"^(?:The|A|An|In|At|By|For|From|With|Said|But|And|Until|Since|Its|Their|Our) ", "", m.group(1)
            )
            name = re.split(rf"\b(?:{heads}) and ", name)[-1]  # two bodies ("X Hospital and Y Hospital"), not one
            # a shouted lede ("NORTHMOOR Borough Council") gets its name in normal case (same length, same offsets)
            name = " ".join(
                w.capitalize() if (w.isupper() and len(w) > 2) or w == "council" else w for w in name.split()
            )
            if (m.re.pattern == lower and name.split()[0] in self.res.raw["name_stopwords"]) or any(
                s.start <= m.end() - len(name) and m.end() <= s.end for s, _ in self.bodies
            ):
                continue  # "Chief Executive council"; a name found already
            if subject.is_generic(name, self.res):
                kinds_of_body.append(Span(m.end() - len(name), m.end(), name))
                continue
            kind = self._body_kind(name)
            self.bodies.append(
                (Span(m.end() - len(name), m.end(), name), self.linker.organisation(name, kind).entity_id)
            )
        self.bodies.sort(key=lambda b: b[0].start)
        insp = Counter(oid for _, oid in self.bodies if self._kind(oid) == "inspectorate")
        self.inspectorate = insp.most_common(1)[0][0] if insp else None
        self.subject = subject.find_subject(self, SERVICE_KINDS)
        subject.link_generic(self, kinds_of_body)

    def _body_kind(self, name: str) -> str:
        for kind, heads in self.res.raw["body_heads"].items():
            if any(name.endswith(h) for h in heads if h[:1].isupper()):
                return "council" if kind == "other" else kind
        return "council"

    def _kind(self, oid: str) -> str:
        if oid in self.entities:
            return str(self.entities[oid].values.get("kind"))
        return str(self.linker.proposed.get(oid, {}).get("kind", "council"))

    def _parent(self, oid: str) -> str | None:
        if oid in self.entities:
            return self.entities[oid].values.get("unit_of")
        return self.linker.proposed.get(oid, {}).get("unit_of")

    def _up(self, oid: str) -> list[str]:
        out = [oid]
        while (parent := self._parent(out[-1])) and parent not in out:
            out.append(parent)
        return out

    def _body_for_role(self, phrase: str, words: str, p_start: int, where: tuple[int, int]) -> str | None:
        """The body a role phrase names: a name, not a kind of body inside the role's own words ("director of
        children's services"), the longest where names nest ("Doncaster" in "Doncaster Children's Trust")."""
        at = phrase.lower().find(words.lower())
        own = (p_start + at, p_start + at + len(words)) if at >= 0 else (p_start, p_start)
        start, end = where
        found = [
            (span, oid)
            for span, oid in self.bodies
            if start <= span.start < end and not (own[0] <= span.start and span.end <= own[1])
        ]
        named = [b for b in found if not subject.is_generic(b[0].text, self.res)] or found
        outer = [
            b for b in named if not any(o[0].start <= b[0].start and b[0].end <= o[0].end and o != b for o in named)
        ]
        return outer[0][1] if outer else None

    def _unknown_body_in(self, phrase: str) -> bool:
        """'chair of the Northmoor Safeguarding Children Partnership': a body named that is not one the article's
        bodies include; its post is not the subject's, and its kind is not known."""
        for m in re.finditer(r"\b(?:of|at|for|with)\s+(?:the\s+)?((?:[A-Z][\w'\u2019&-]+\s*){2,6})", phrase):
            run = m.group(1).strip()
            words = {w.lower().strip("'\u2019s") for w in run.split()}
            if not words - roles.role_vocabulary(self.res):
                continue  # "Director of Public Health", "Strategic Director of Children's Services"
            if not any(run in span.text or span.text in run for span, _ in self.bodies):
                return True
        return False

    def body_in(self, start: int, end: int, exclude: set[str] | None = None) -> str | None:
        for span, oid in self.bodies:
            if start <= span.start < end and oid not in (exclude or set()):
                return oid
        return None

    # -- people and their posts -----------------------------------------------------------------------------
    def find_people(self) -> None:
        places = frozenset(s.text for s, _ in self.bodies if " " not in s.text and s.text[:1].isupper())
        self.a.names = names.people(self.a, self.res, places)
        titled: list[tuple[Span, Any]] = []  # "Cllr Jo Bloggs", with no post named: a councillor
        for name in self.a.names:
            honour = name.text.startswith(("Sir ", "Dame "))
            link = self.linker.person(names.bare(name.text, self.res), honour)
            post, held = None, False
            first = roles.after(self, name)
            found = [*first, roles.appointed(self, name, first), roles.before(self, name), roles.runs(self, name)]
            found += [] if found[2] else [roles.listed(self, name)]
            found += [*roles.past_as(self, name), roles.from_body(self, name), roles.moves(self, name, first)]
            for role in [*found, roles.left_post(self, name)]:
                if role is not None and (tenure := self._tenure(name, link, role)) is not None:
                    held = True
                    post = post if role.ended or role.planned else tenure  # the post they speak in: now
            if (
                not held
                and re.match(r"(?:Councillor|Cllr|Clr)\s", name.text)
                and self.text[name.end : name.end + 2] != " ("
            ):
                titled.append((name, link))
            self.roles[name.start] = (link.entity_id, post)
            parties.party(self, name, link.entity_id)
        holders = {c.fields["person"] for c in self.out if c.type in ("tenure", "membership")}
        for name, link in titled:
            if link.entity_id not in holders:
                holders.add(link.entity_id)
                self.roles[name.start] = (
                    link.entity_id,
                    self._tenure(name, link, roles.Role("Councillor", name.start, name.start)),
                )
        self._unnamed_holders()

    def _tenure(self, name: Span, link: Any, role: roles.Role) -> str | None:
        phrase, p_start, p_end = role.phrase, role.start, role.end
        kind = ("chief-executive", phrase) if role.head_of else self.res.role_kind_of(phrase)
        if kind is None or roles.national(self.res, phrase) or self._unknown_body_in(phrase):
            return None
        org = (
            role.head_of
            or self._body_for_role(phrase, kind[1], p_start, role.body_at or (p_start, p_end))
            or self._group_in(phrase)
            or self._its_body(phrase, p_start)
            or self._default_org(kind[0], phrase)
        )
        if not org:
            return None
        post_link = self.linker.post(phrase, kind[0], org, self._up(org))
        if kind[0] == "inspector" or org == self.inspectorate:
            self.inspector_people.add(link.entity_id)
        s, e = min(name.start, p_start), max(name.end, p_end)
        fields: dict[str, Any] = {"person": link.entity_id, "post": post_link.entity_id}
        mods = self.res.rx_by("modifiers")
        fields.update({f: True for f in ("interim", "acting") if mods[f].search(role.raw or phrase)})
        if role.ended or self.res.rx_by("modifiers")["former"].search(phrase):
            end = self._tenure_date(s) or self.published
            if end:
                fields["end"] = date_json(end.with_text(end.text or "by the source's date"))
        conf = round(min(link.confidence, post_link.confidence) * (0.85 if role.head_of else 1.0), 2)
        rule = "tenure/runs-body" if role.head_of else "tenure/name-and-role"
        same = next((c for c in self.out if c.type == "tenure" and c.fields == fields and c.rule == rule), None)
        if same is not None:  # the same post named again: one candidate, with both quotes
            same.spans.append((s, e))
        else:
            self.out.append(Candidate("tenure", fields, [(s, e)], rule, conf, {"person": name.text, "role": phrase}))
        if self._kind(org) == "political-group":  # a post in a party group makes its holder a member
            self.out.append(
                Candidate(
                    "membership",
                    {"person": link.entity_id, "organisation": org},
                    [(s, e)],
                    "membership/post-in-group",
                    round(conf * 0.9, 2),
                    {"role": phrase},
                )
            )
        return str(post_link.entity_id)

    def _unnamed_holders(self) -> None:
        """Known holders the sources describe but do not name ("the new CEO at the council")."""
        for e in self.entities.values():
            if e.kind != "person" or not e.values.get("unnamed"):
                continue
            for form in sorted({e.label, *e.aliases}, key=len, reverse=True):
                m = re.search(re.escape(form).replace("'", "['\u2019]"), self.text, re.IGNORECASE)
                kind = self.res.role_kind_of(form)
                future = m and re.search(r"\b(?:would|will|to be)\b", self.a.sentence_at(m.start()).text)
                if m and kind and not future:
                    org = self._default_org(kind[0], form)
                    if org:
                        post = self.linker.post(form, kind[0], org, self._up(org))
                        self.out.append(
                            Candidate(
                                "tenure",
                                {"person": e.id, "post": post.entity_id},
                                [(m.start(), m.end())],
                                "tenure/unnamed-holder",
                                0.7,
                                {"holder": form},
                            )
                        )
                    break

    def _its_body(self, phrase: str, start: int) -> str | None:
        """'Its chief fire officer': the body named last before, in this sentence or the one before."""
        if not re.match(r"its\b", phrase, re.IGNORECASE):
            return None
        earliest = self.a.sentence_before_start(start)
        named = [
            oid for span, oid in self.bodies if earliest <= span.start < start and self._kind(oid) != "inspectorate"
        ]
        return named[-1] if named else None

    def _default_org(self, role_kind: str, phrase: str) -> str | None:
        if role_kind == "inspector":
            return self.inspectorate
        for word, kinds in (("council", ("council",)), ("trust", ("trust",)), ("school", ("school", "council"))):
            # "the new CEO at the council", "(the) council's leader"
            if re.search(rf"\bthe {word}\b|^{word}['\u2019]s\b", phrase, re.IGNORECASE):
                named = Counter(oid for _, oid in self.bodies if self._kind(oid) in kinds)
                if named:
                    return named.most_common(1)[0][0]
        kinds = self.res.raw.get("role_bodies", {}).get(role_kind)
        main = self.subject
        while main and self._kind(main) == "department" and self._parent(main):
            main = self._parent(main)
        own = ("board-chair", "headteacher", "chief-constable", "chief-fire-officer")
        if role_kind in own and self.subject and (not kinds or self._kind(main or self.subject) in kinds):
            return self.subject  # a school's chair of governors; not a council's (a trust's, where one is named)
        if kinds and main and self._kind(main) not in kinds:  # a council's post, in an article about a trust
            named = Counter(oid for _, oid in self.bodies if self._kind(oid) in kinds)
            if named:
                return named.most_common(1)[0][0]
        return main

    def _group_in(self, phrase: str) -> str | None:
        return parties.group_in(self, phrase)

    # -- time -----------------------------------------------------------------------------------------------
    def date_in(self, start: int, end: int) -> PartialDate | None:
        for m in DATE_RX.finditer(self.text, start, end):
            phrase = m.group(0).strip()
            if re.search(r"published\s*$", self.text[max(start, m.start() - 12) : m.start()]):
                continue  # "published yesterday" dates the report, not the event
            if y := re.fullmatch(
                rf"(?:in |since )?(?:the end of |at the end of )?(?P<m>{MONTHS}),? (?P<y>\d{{4}})", phrase, re.I
            ):
                month = re.search(MONTHS, y.group("m"), re.I)
                assert month is not None
                index = [x.lower() for x in MONTHS.split("|")].index(month.group(0).lower()) + 1
                return parse_date(f"{y.group('y')}-{index:02d}").with_text(phrase)
            if y := re.fullmatch(r"(?:in |since )?((?:19|20)\d{2})", phrase):
                return parse_date(y.group(1)).with_text(phrase)
            if self.published is not None and (d := resolve_relative(phrase, self.published)) is not None:
                return d
        return None

    def _tenure_date(self, start: int) -> PartialDate | None:
        sent = self.a.sentence_at(start)
        return self.date_in(sent.start, sent.end)
