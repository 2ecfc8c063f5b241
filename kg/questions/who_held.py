"""The questions users ask most, answered from the graph: who held a post when, a person's posts, who was in post
on a date, and what happened in order. Each returns plain rows (dicts) with stable field names (see README)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from rdflib import Dataset, Graph

from ..data.dates import PartialDate, parse_date
from ..data.paths import ONTOLOGY_DIR
from ..errors import QueryError
from ..store.catalogue import Catalogue, catalogue_of
from ..tenure.evidence import timeline_of
from ..tenure.reasoning import Bound, Span, Timeline, Vacancy
from .citations import Citation, citations_of

EVENTS_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "timeline-events.rq"
KIND_ORDER = {
    "tenure-start": 0,
    "visit": 1,
    "visit-scheduled": 1,
    "judgement": 2,
    "criticism": 3,
    "praise": 4,
    "report-published": 5,
    "response": 6,
    "change": 7,
    "tenure-end": 8,
    "first-attested": 0,
}


def parse_when(text: str | None, option: str = "--on") -> PartialDate | None:
    """A DATE option: 2020, 2020-03 or 2020-03-01 (or any form kg dates accept)."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise QueryError(f"{option} {text!r}: {exc}") from None


def iso_day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def local_id(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else None


def _bound(b: Bound) -> dict[str, Any]:
    return {
        "earliest": iso_day(b.earliest),
        "latest": iso_day(b.latest),
        "earliest_basis": b.earliest_basis,
        "latest_basis": b.latest_basis,
    }


@dataclass
class Graphs:
    """The graph plus what the questions derive from it once: the catalogue and the tenure timeline."""

    ds: Dataset | Graph
    catalogue: Catalogue
    timeline: Timeline

    @cached_property
    def citations(self) -> dict[str, Citation]:
        """Each source's title and address, read once and only by the answers that cite sources."""
        return citations_of(self.ds)

    def cited(self, source: str) -> dict[str, str | None]:
        c = self.citations.get(source)
        return c.fields() if c else {"title": None, "url": None, "retrieved": None}

    @classmethod
    def of(cls, ds: Dataset | Graph) -> Graphs:
        return cls(ds, catalogue_of(ds), timeline_of(ds))

    @classmethod
    def for_posts(cls, ds: Dataset | Graph, posts: list[str], people: list[str] | None = None) -> Graphs:
        """Only the timeline of these posts (and people): a question about one post need not reason about a whole
        country."""
        return cls(ds, catalogue_of(ds), timeline_of(ds, posts, people))

    def tenure_row(self, span: Span, when: PartialDate | None) -> dict[str, Any]:
        t, cat = span.tenure, self.catalogue
        return {
            "person": t.person_label,
            "person_id": local_id(t.person),
            "post": cat.label(t.post) if t.post else None,
            "post_id": local_id(t.post),
            "organisation": cat.label(t.organisation),
            "organisation_id": local_id(t.organisation),
            "vacancy": False,
            "status": span.status_on(when) if when else None,
            "start": _bound(span.start),
            "end": _bound(span.end),
            "certain_from": iso_day(span.certain_from) if span.has_certain_days else None,
            "certain_until": iso_day(span.certain_until) if span.has_certain_days else None,
            "interim": t.interim,
            "acting": t.acting,
            "previous_holder": self._holder(span.previous),
            "next_holder": self._holder(span.next),
            "conflicts": list(span.conflicts),
            "evidence": [
                {
                    "kind": e.kind,
                    "date": e.date.value,
                    "written": e.date.text,
                    "earliest": iso_day(e.date.earliest),
                    "latest": iso_day(e.date.latest),
                    "source": e.source,
                    **{f"source_{k}": v for k, v in self.cited(e.source).items()},
                    "claim": e.claim,
                    "quote": e.quote,
                }
                for e in t.evidence
            ],
        }

    def vacancy_row(self, gap: Vacancy, when: PartialDate | None) -> dict[str, Any]:
        post = self.catalogue.items.get(gap.post)
        return {
            "person": None,
            "person_id": None,
            "post": self.catalogue.label(gap.post),
            "post_id": local_id(gap.post),
            "organisation": self.catalogue.label(post.organisation if post else None),
            "organisation_id": local_id(post.organisation if post else None),
            "vacancy": True,
            "status": gap.status_on(when) if when else None,
            "start": {
                "earliest": iso_day(gap.possible_from),
                "latest": iso_day(gap.certain_from),
                "earliest_basis": "the previous holder's earliest possible end",
                "latest_basis": "the previous holder's latest possible end",
            },
            "end": {
                "earliest": iso_day(gap.certain_until),
                "latest": iso_day(gap.possible_until),
                "earliest_basis": "the next holder's earliest possible start",
                "latest_basis": "the next holder's latest possible start",
            },
            "certain_from": iso_day(gap.certain_from),
            "certain_until": iso_day(gap.certain_until),
            "interim": False,
            "acting": False,
            "previous_holder": self._holder(gap.after),
            "next_holder": self._holder(gap.before),
            "conflicts": [],
            "evidence": [],
        }

    def _holder(self, tenure_iri: str | None) -> str | None:
        span = self.timeline.spans.get(tenure_iri) if tenure_iri else None
        return span.tenure.person_label if span else None

    def holders(self, posts: list[str], when: PartialDate | None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for post in posts:
            for span in self.timeline.of_post(post):
                row = self.tenure_row(span, when)
                if when is None or row["status"]:
                    rows.append(row)
            for gap in self.timeline.vacancies:
                if gap.post == post and when is not None and gap.status_on(when):
                    rows.append(self.vacancy_row(gap, when))
        return rows


def who_held(ds: Dataset | Graph, role: str, org: str | None = None, on: str | None = None) -> list[dict[str, Any]]:
    """Holders of every post matching ROLE (label, alias or kind of role), over time or on a date."""
    cat = catalogue_of(ds)
    when = parse_when(on)
    scope = cat.org_scope(org)
    posts = [p.iri for p in cat.find("post", role) if scope is None or p.organisation in scope]
    if not posts:
        raise QueryError(f"no post matching {role!r} in {org!r}")
    return Graphs.for_posts(ds, posts).holders(posts, when)


def roles(ds: Dataset | Graph, person: str) -> list[dict[str, Any]]:
    """Every post (and membership) of the people matching PERSON, in time order."""
    wanted = {p.iri for p in catalogue_of(ds).find("person", person)}
    g = Graphs.for_posts(ds, [], sorted(wanted))
    spans = [s for s in g.timeline.spans.values() if s.tenure.person in wanted]
    spans.sort(key=lambda s: (s.start.latest or s.end.earliest or date.max, s.tenure.id))
    return [g.tenure_row(s, None) for s in spans]


def in_post(ds: Dataset | Graph, on: str, org: str | None = None) -> list[dict[str, Any]]:
    """Everyone in post (certainly or possibly) on a date, at a body and its units."""
    cat = catalogue_of(ds)
    when = parse_when(on)
    scope = cat.org_scope(org)
    posts = sorted(
        (p for p in cat.of_kind("post").values() if scope is None or p.organisation in scope),
        key=lambda p: (not p.lead, cat.label(p.organisation), p.label),
    )
    g = Graphs.of(ds) if scope is None else Graphs.for_posts(ds, [p.iri for p in posts])
    return g.holders([p.iri for p in posts], when)
