"""`kg timeline`: tenures starting and ending, visits, judgements, findings, responses and changes in date order;
each judgement and criticism shows who held the lead posts of its target on its date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import Dataset, Graph, URIRef

from ..data.dates import PartialDate
from ..data.paths import ONTOLOGY_DIR
from ..store.catalogue import Catalogue, catalogue_of
from ..store.sparql import python_value, read_query, run_rows, select
from ..tenure.evidence import timeline_of
from ..tenure.reasoning import Evidence, Span, Timeline
from .who_held import EVENTS_QUERY, KIND_ORDER, Graphs, iso_day, local_id, parse_when

EVENT_NODES_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "event-nodes-about.rq"
ACCOUNTABLE = ("judgement", "criticism")  # the events that show who held the lead posts of their target


@dataclass
class Event:
    node: str
    kind: str
    when: PartialDate
    title: str = ""
    number: str = ""
    who: set[str] = field(default_factory=set)
    related: set[str] = field(default_factory=set)
    about: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    grade: str = ""
    gap: str = ""  # why a judgement has no grade (a judgement-gaps label)
    area: str = ""  # what a judgement is about (an areas label)
    stance: str = ""
    to: set[str] = field(default_factory=set)
    capacity: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    quote: str = ""
    summary: str = ""
    person: str = ""


def events_of(g: Graphs, nodes: list[str] | None = None) -> list[Event]:
    """Dated visits, judgements, findings, responses and changes, one per node, kind and date (of the given nodes
    only, when given)."""
    events: dict[tuple[str, str, str], Event] = {}
    query = read_query(EVENTS_QUERY)
    result = select(g.ds, query) if nodes is None else run_rows(g.ds, query, "node", [URIRef(n) for n in nodes], True)
    for row in result:
        when = PartialDate(
            python_value(row.e),
            python_value(row.l),
            str(row.value),
            "range",
            str(row.text) if row.text is not None else None,
        )
        key = (str(row.node), str(row.kind), when.value)
        ev = events.get(key)
        if ev is None:
            ev = events[key] = Event(str(row.node), str(row.kind), when, quote=str(row.quote))
        elif (when.text or "", str(row.quote)) < (ev.when.text or "", ev.quote):
            # several sources or quotes for one event: keep the same one every run, whatever the row order
            ev.when, ev.quote = when, str(row.quote)
        ev.title = str(row.title) if row.title is not None else ev.title
        ev.number = str(row.number) if row.number is not None else ev.number
        ev.grade = str(row.grade) if row.grade is not None else ev.grade
        ev.gap = str(row.gap) if row.gap is not None else ev.gap
        ev.area = str(row.area) if row.area is not None else ev.area
        ev.stance = str(row.stance) if row.stance is not None else ev.stance
        for attr, value in (
            ("who", row.who),
            ("related", row.related),
            ("about", row.about),
            ("themes", row.theme),
            ("to", row.to),
            ("capacity", row.capacity),
        ):
            if value is not None:
                getattr(ev, attr).add(str(value))
        ev.sources.add(str(row.src).rsplit("/", 1)[-1])
    return sorted(events.values(), key=lambda e: (e.when.earliest, e.when.latest, e.kind, e.node))


def events_naming(ds: Dataset | Graph, cat: Catalogue, nodes: set[str]) -> list[Event]:
    """The events that name any of these nodes as their subject, speaker, target or topic (and possibly a few
    more: callers keep the ones they want, as they would from the whole graph), read without a whole-graph scan."""
    found = {
        str(r.node)
        for r in run_rows(ds, read_query(EVENT_NODES_QUERY), "body", [URIRef(n) for n in sorted(nodes)], True)
    }
    no_tenures = Graphs(ds, cat, Timeline({}, []))  # events_of reads the graph only
    return events_of(no_tenures, sorted(found)) if found else []


def _tenure_events(g: Graphs) -> list[Event]:
    out = []
    for span in g.timeline.spans.values():
        t = span.tenure
        post = g.catalogue.label(t.post) if t.post else g.catalogue.label(t.organisation)
        firsts: dict[str, Evidence | None] = {"start": None, "end": None}
        for e in t.evidence:
            if e.kind in firsts and firsts[e.kind] is None:
                firsts[e.kind] = e
        first_seen = t.evidence[0] if t.evidence else None
        for kind, ev in (("tenure-start", firsts["start"]), ("tenure-end", firsts["end"])):
            if ev is not None:
                verb = "started as" if kind == "tenure-start" else "left"
                out.append(
                    Event(
                        t.id,
                        kind,
                        ev.date,
                        sources={ev.source},
                        quote=ev.quote,
                        person=t.person_label,
                        related={t.organisation},
                        summary=f"{t.person_label} {verb} {post}",
                    )
                )
        if firsts["start"] is None and first_seen is not None and first_seen.kind == "attested":
            out.append(
                Event(
                    t.id,
                    "first-attested",
                    first_seen.date,
                    sources={first_seen.source},
                    quote=first_seen.quote,
                    related={t.organisation},
                    person=t.person_label,
                    summary=f"{t.person_label} first described as {post}",
                )
            )
    return out


def _summary(g: Graphs, ev: Event) -> str:
    label = g.catalogue.label

    def names(iris: Iterable[str]) -> str:
        return ", ".join(sorted(label(i) for i in iris))

    if ev.kind in ("visit", "visit-scheduled", "report-published"):
        number = f" {ev.number}" if ev.number else ""
        text = f"{ev.title}{number} of {names(ev.related)} by {names(ev.who)}"
        return (
            text + {"visit": "", "visit-scheduled": " (scheduled)", "report-published": ": report published"}[ev.kind]
        )
    if ev.kind == "judgement":
        area = f" ({ev.area})" if ev.area else ""
        if not ev.grade and ev.gap:
            return f"{names(ev.who)} on {names(ev.related)}{area}: not judged: {ev.gap[:1].lower()}{ev.gap[1:]}"
        return f"{names(ev.who)} judged {names(ev.related)} {ev.grade.lower()}{area}"
    if ev.kind in ("criticism", "praise"):
        verb = "criticised" if ev.kind == "criticism" else "praised"
        return f"{names(ev.who)} {verb} {names(ev.related)} ({'; '.join(sorted(ev.themes))})"
    if ev.kind == "response":
        capacity = f" ({names(ev.capacity)})" if ev.capacity else ""
        stance = f", {ev.stance}" if ev.stance else ""
        return (
            f"{names(ev.who)}{capacity} responded to {', '.join(sorted(local_id(a) or '' for a in ev.about))}{stance}"
        )
    if ev.kind == "change":
        return f"{ev.title}: {names(ev.related)}" + (f" -> {names(ev.to)}" if ev.to else "")
    return ev.summary


def _bodies(cat: Catalogue, spans: list[Span], ev: Event) -> list[str]:
    """The bodies an event holds to account: each target's body (a post's, a person's first tenure's) and the
    bodies above it, nearest first."""
    bodies: list[str] = []
    for target in sorted(ev.related):
        item = cat.items.get(target)
        org = item.organisation if item and item.kind == "post" else target
        if item and item.kind == "person":
            org = next((s.tenure.organisation for s in spans if s.tenure.person == target), None)
        for body in cat.ancestors(org) if org else []:
            if body not in bodies:
                bodies.append(body)
    return bodies


def _accountable(g: Graphs, ev: Event) -> list[dict[str, Any]]:
    """Holders of the lead posts (kgo:accountableLead roles) of the target's bodies, on the event's date."""
    cat = g.catalogue
    bodies = _bodies(cat, list(g.timeline.spans.values()), ev)
    out = []
    held = {s.tenure.post for s in g.timeline.spans.values()}
    posts = [p for p in cat.of_kind("post").values() if p.lead and p.organisation in bodies and p.iri in held]
    for post in sorted(posts, key=lambda p: (bodies.index(p.organisation or ""), p.label)):
        holders = [r for r in g.holders([post.iri], ev.when) if not r["vacancy"]]
        if not holders:
            out.append({"post": post.label, "person": None, "status": "no recorded holder"})
        for r in holders:
            out.append({"post": post.label, "person": r["person"], "status": r["status"]})
    return out


def _about(ds: Dataset | Graph, scope: set[str]) -> tuple[Graphs, list[Event]]:
    """What one body's timeline reads, and no more: the events that name the body or its units, and the tenures
    of those bodies (in a post or not), of the people those events criticise or judge and of the bodies they hold
    to account (what _accountable reads). Every post's holders come whole, so the rows are the ones the whole graph
    gives (a test compares them)."""
    cat = catalogue_of(ds)
    events = [ev for ev in events_naming(ds, cat, scope) if (ev.related | ev.who | ev.to) & scope]
    judged = [ev for ev in events if ev.kind in ACCOUNTABLE]
    people = sorted({t for ev in judged for t in ev.related if t in cat.items and cat.items[t].kind == "person"})
    first = list(timeline_of(ds, people=people).spans.values()) if people else []
    orgs = set(scope).union(*(_bodies(cat, first, ev) for ev in judged))
    return Graphs(ds, cat, timeline_of(ds, people=people, orgs=sorted(orgs))), events


def timeline(
    ds: Dataset | Graph, org: str | None = None, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """Every dated event, in order, optionally for one body (and its units) and a period."""
    scope = catalogue_of(ds).org_scope(org)
    if scope is None:
        g = Graphs.of(ds)
        events = events_of(g)
    else:
        g, events = _about(ds, scope)
    lo, hi = parse_when(start, "--from"), parse_when(end, "--to")
    rows: list[dict[str, Any]] = []
    for ev in events + _tenure_events(g):
        if scope is not None and not (ev.related | ev.who | ev.to) & scope:
            continue
        if (lo and ev.when.latest < lo.earliest) or (hi and ev.when.earliest > hi.latest):
            continue
        rows.append(
            {
                "date": {
                    "value": ev.when.value,
                    "written": ev.when.text,
                    "earliest": iso_day(ev.when.earliest),
                    "latest": iso_day(ev.when.latest),
                },
                "kind": ev.kind,
                "summary": _summary(g, ev),
                "node": ev.node,
                "themes": sorted(ev.themes),
                "sources": sorted(ev.sources),
                "citations": [{"source": sid, **g.cited(sid)} for sid in sorted(ev.sources)],
                "quote": ev.quote,
                "accountable": _accountable(g, ev) if ev.kind in ACCOUNTABLE else [],
            }
        )
    rows.sort(
        key=lambda r: (
            r["date"]["earliest"] or date.min.isoformat(),
            r["date"]["latest"] or "",
            KIND_ORDER.get(r["kind"], 9),
            r["summary"],
        )
    )
    return rows
