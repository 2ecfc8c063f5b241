"""Between the RDF graph and the time reasoning: read tenure evidence out, write derived intervals back in."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD

from ..data.dates import PartialDate
from ..data.paths import ONTOLOGY_DIR
from ..rdf.vocab import GRAPH_DERIVED, KGO, KGR, ORG
from ..store.catalogue import catalogue_of
from ..store.sparql import read_query, run_rows, select
from .reasoning import Bound, Evidence, EvidenceKind, Tenure, Timeline, reason

EVIDENCE_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "tenure-evidence.rq"
POST_EVIDENCE_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "tenure-evidence-of-posts.rq"


def _day(value: object) -> date:
    return value.toPython() if hasattr(value, "toPython") else date.fromisoformat(str(value))


def _evidence_rows(
    ds: Dataset | Graph, posts: list[str] | None, people: list[str] | None, orgs: list[str] | None = None
) -> list[Any]:
    if posts is None and people is None and orgs is None:
        return list(select(ds, read_query(EVIDENCE_QUERY)))
    rows: dict[tuple[str, ...], Any] = {}

    def keep(result: Any) -> None:
        for row in result:
            rows[tuple(str(v) for v in row)] = row

    every = read_query(EVIDENCE_QUERY)
    if people:
        keep(run_rows(ds, every, "person", [URIRef(p) for p in sorted(set(people))]))
    if orgs:  # every membership of these bodies, in a post or not (a councillor's seat has none)
        keep(run_rows(ds, every, "org", [URIRef(o) for o in sorted(set(orgs))]))
    wanted = set(posts or []) | {str(r.post) for r in rows.values() if r.post is not None}
    if wanted:  # everyone's tenures in those posts: a post's holders bound each other
        keep(run_rows(ds, read_query(POST_EVIDENCE_QUERY), "post", [URIRef(p) for p in sorted(wanted)]))
    return list(rows.values())


def load_tenures(
    ds: Dataset | Graph,
    posts: list[str] | None = None,
    people: list[str] | None = None,
    orgs: list[str] | None = None,
) -> list[Tenure]:
    """Every tenure in the graph with all its evidence, in a stable order; or only those in the given posts, of
    the given people and of the given bodies (posts or not), with everyone else's in those posts (a post's tenures
    bound each other, other posts' do not, so the answer is the same as from the whole graph)."""
    items = catalogue_of(ds).items  # the post's and the body's facts, read once, not joined into every row
    tenures: dict[str, Tenure] = {}
    seen: set[tuple[str, str, str, str]] = set()
    # In a fixed order, so "the first quote" below is the same whichever engine answered.
    rows = sorted(_evidence_rows(ds, posts, people, orgs), key=lambda r: tuple("" if v is None else str(v) for v in r))
    for row in rows:
        tid = str(row.m)
        t = tenures.get(tid)
        if t is None:
            post = str(row.post) if row.post is not None else None
            body = items.get(str(row.org))
            t = tenures[tid] = Tenure(
                id=tid,
                person=str(row.person),
                person_label=str(row.name),
                organisation=str(row.org),
                post=post,
                single_holder=post in items and items[post].single_holder,
                interim=row.interim is not None and bool(row.interim.toPython()),
                acting=row.acting is not None and bool(row.acting.toPython()),
                exists_from=body.exists_from if body else None,
                exists_to=body.exists_to if body else None,
            )
        source = str(row.src).rsplit("/", 1)[-1]
        key = (str(row.kind), source, str(row.claim), str(row.value))
        if key in seen:  # one date supported by several quotes: keep the first quote
            continue
        seen.add(key)
        d = PartialDate(_day(row.e), _day(row.l), str(row.value), "range", str(row.text) if row.text else None)
        kind = cast(EvidenceKind, str(row.kind))  # the queries' VALUES bind ?kind to "start", "end" or "attested" only
        t.evidence.append(Evidence(kind, d, source, str(row.claim), str(row.quote)))
    for t in tenures.values():
        t.evidence.sort(key=lambda e: (e.date.earliest, e.date.latest, e.kind, e.source, e.claim))
    return [tenures[k] for k in sorted(tenures)]


def timeline_of(
    ds: Dataset | Graph,
    posts: list[str] | None = None,
    people: list[str] | None = None,
    orgs: list[str] | None = None,
) -> Timeline:
    return reason(load_tenures(ds, posts, people, orgs))


def _bound(g: Graph, node: URIRef, bound: Bound, start: bool) -> None:
    g.add((node, RDF.type, KGO.DerivedBound))
    g.add((node, RDF.type, TIME.Instant))
    if bound.earliest is not None:
        g.add((node, KGO.earliest, Literal(bound.earliest, datatype=XSD.date)))
    if bound.latest is not None:
        g.add((node, KGO.latest, Literal(bound.latest, datatype=XSD.date)))
    side = "start" if start else "end"
    g.add((node, KGO.basis, Literal(f"earliest {side}: {bound.earliest_basis}; latest {side}: {bound.latest_basis}")))


def add_derived_time(ds: Dataset) -> Timeline:
    """Write org:memberDuring intervals, kgo:succeeded, conflicts and vacancy periods into the derived graph."""
    timeline = timeline_of(ds)
    g = ds.graph(GRAPH_DERIVED)
    for tid, span in timeline.spans.items():
        tenure = URIRef(tid)
        slug = tid.rsplit("/", 1)[-1]
        interval = KGR[f"interval/{slug}"]
        g.add((tenure, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        begin, end = KGR[f"interval/{slug}/beginning"], KGR[f"interval/{slug}/end"]
        g.add((interval, TIME.hasBeginning, begin))
        g.add((interval, TIME.hasEnd, end))
        _bound(g, begin, span.start, start=True)
        _bound(g, end, span.end, start=False)
        if span.has_certain_days:
            g.add((interval, KGO.certainFrom, Literal(span.certain_from, datatype=XSD.date)))
            g.add((interval, KGO.certainUntil, Literal(span.certain_until, datatype=XSD.date)))
        if span.previous:
            g.add((tenure, KGO.succeeded, URIRef(span.previous)))
        for note in span.conflicts:
            g.add((tenure, KGO.conflict, Literal(note)))
    for i, gap in enumerate(timeline.vacancies):
        node = KGR[f"vacancy/{gap.post.rsplit('/', 1)[-1]}/{i}"]
        g.add((node, RDF.type, KGO.VacancyPeriod))
        g.add((node, KGO.vacancyIn, URIRef(gap.post)))
        if gap.possible_from is not None:
            g.add((node, KGO.possibleFrom, Literal(gap.possible_from, datatype=XSD.date)))
        if gap.possible_until is not None:
            g.add((node, KGO.possibleUntil, Literal(gap.possible_until, datatype=XSD.date)))
        if gap.certain_from is not None:
            g.add((node, KGO.certainFrom, Literal(gap.certain_from, datatype=XSD.date)))
            g.add((node, KGO.certainUntil, Literal(gap.certain_until, datatype=XSD.date)))
        for prop, neighbour in ((KGO.afterTenure, gap.after), (KGO.beforeTenure, gap.before)):
            if neighbour:
                g.add((node, prop, URIRef(neighbour)))
    return timeline
