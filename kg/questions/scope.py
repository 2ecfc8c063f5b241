"""One body's part of the graph: its units, posts and holders, and the events about them, with the people and
bodies those events name. A national graph is drawn one council at a time (`kg view --org`)."""

from __future__ import annotations

from rdflib import Dataset, Graph

from ..errors import QueryError
from ..store.catalogue import Catalogue, catalogue_of
from ..tenure.evidence import timeline_of
from .timeline import Event, events_naming, events_of
from .who_held import Graphs


def scoped(ds: Dataset | Graph, org: str | None) -> tuple[Graphs, list[Event]]:
    """The questions' view of the whole graph, or of one body: every item outside the body is dropped unless a
    kept event or tenure names it (an inspectorate, a critic, the trust that took over)."""
    if not org:
        g = Graphs.of(ds)
        return g, events_of(g)
    cat = catalogue_of(ds)
    scope = cat.org_scope(org)
    if not scope:
        raise QueryError(f"no body matching {org!r}")
    posts = sorted(iri for iri, item in cat.of_kind("post").items() if item.organisation in scope)
    # the holders of its posts, and its memberships with no post (a councillor's seat in a party group)
    timeline = timeline_of(ds, posts, orgs=sorted(scope))
    named = scope | set(posts)
    events = [ev for ev in events_naming(ds, cat, named) if (ev.related | ev.who | ev.to | ev.about) & named]
    keep = set(scope) | set(posts)
    keep |= {span.tenure.person for span in timeline.spans.values()}
    keep |= {span.tenure.organisation for span in timeline.spans.values()}
    for ev in events:
        keep |= ev.related | ev.who | ev.to | ev.capacity
    for iri in list(keep):  # a kept body's parents, so "unit of" edges have both ends
        if iri in cat.items and cat.items[iri].kind == "organisation":
            keep |= set(cat.ancestors(iri))
    items = {iri: item for iri, item in cat.items.items() if iri in keep}
    return Graphs(ds, Catalogue(items), timeline), events
