"""Projections of the RDF graph into NetworkX graphs: what the views draw, and what Gephi reads (GraphML, GEXF).

Every function takes a `Graphs` (the dataset plus its catalogue and tenure timeline, see kg.questions) so it works
the same on any store, and returns plain NetworkX graphs whose nodes are keyed "person/<id>", "org/<id>",
"post/<id>", "event/<id>", ... with string, number or list attributes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ..data.dates import PartialDate, parse_date
from ..questions.render import span as span_text
from ..questions.timeline import Event, events_of
from ..questions.who_held import Graphs

KGR_PREFIX = "https://w3id.org/accountability-kg/id/"
SPEECH = ("criticism", "praise", "response")


def key(iri: str) -> str:
    """The node key for an IRI: its path after .../id/ ("person/jo-bloggs")."""
    return iri[len(KGR_PREFIX) :] if iri.startswith(KGR_PREFIX) else iri


def _bound_text(lo: date | None, hi: date | None) -> str:
    return span_text({"earliest": lo.isoformat() if lo else None, "latest": hi.isoformat() if hi else None})


def _add_entity(graph: nx.MultiDiGraph, g: Graphs, iri: str) -> str:
    node = key(iri)
    if node not in graph:
        item = g.catalogue.items.get(iri)
        kind = item.kind if item else node.split("/", 1)[0]
        graph.add_node(
            node,
            label=item.label if item else node,
            kind=kind,
            aliases=sorted(item.aliases) if item else [],
            posts=[],
            quotes=[],
        )
    return node


def overview_graph(g: Graphs, events: list[Event] | None = None) -> nx.MultiDiGraph:
    """Every entity and relation: people, bodies, posts, inspections, judgements, changes; holds, post in, unit of,
    member of, inspected, judged, criticised, praised, responded to, took over."""
    events = events_of(g) if events is None else events
    graph = nx.MultiDiGraph()
    cat = g.catalogue
    for iri in sorted(cat.items):
        _add_entity(graph, g, iri)
    for iri, item in sorted(cat.items.items()):
        if item.kind == "post" and item.organisation:
            graph.add_edge(key(iri), _add_entity(graph, g, item.organisation), kind="post in", label="post in")
        if item.kind == "organisation" and item.parent:
            graph.add_edge(key(iri), _add_entity(graph, g, item.parent), kind="unit of", label="unit of")
    for tid, span in sorted(g.timeline.spans.items()):
        t = span.tenure
        person = _add_entity(graph, g, t.person)
        target = _add_entity(graph, g, t.post or t.organisation)
        when = f"{_bound_text(span.start.earliest, span.start.latest)} to {_bound_text(span.end.earliest, span.end.latest)}"
        graph.add_edge(
            person,
            target,
            kind="holds" if t.post else "member of",
            label=when,
            tenure=key(tid),
            start_earliest=_iso(span.start.earliest),
            start_latest=_iso(span.start.latest),
            end_earliest=_iso(span.end.earliest),
            end_latest=_iso(span.end.latest),
            sources=sorted({e.source for e in t.evidence}),
        )
        graph.nodes[person]["posts"].append({"post": cat.label(t.post or t.organisation), "when": when})
        for e in t.evidence:
            graph.nodes[person]["quotes"].append({"text": e.quote, "source": e.source})
    inspectorates = _inspectorates(events)
    for ev in events:
        _add_event(graph, g, ev, inspectorates)
    for node in graph:
        graph.nodes[node]["quotes"] = _dedupe(graph.nodes[node]["quotes"])[:12]
    return graph


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _dedupe(items: list[dict[str, str]]) -> list[dict[str, str]]:
    seen, out = set(), []
    for item in items:
        marker = (item["text"], item["source"])
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out


def _add_event(graph: nx.MultiDiGraph, g: Graphs, ev: Event, inspectorates: dict[str, str]) -> None:
    quote = {"text": ev.quote, "source": sorted(ev.sources)[0] if ev.sources else ""}
    attrs = {"date": ev.when.value, "earliest": ev.when.earliest.isoformat(), "latest": ev.when.latest.isoformat()}
    if ev.kind in ("visit", "visit-scheduled", "report-published"):
        node = key(ev.node)
        if node not in graph:
            number = f" {ev.number}" if ev.number else ""
            graph.add_node(
                node, label=f"{ev.title}{number}", kind="inspection", aliases=[], posts=[], quotes=[], **attrs
            )
            for who in sorted(ev.who):
                graph.add_edge(_add_entity(graph, g, who), node, kind="carried out", label="carried out")
            for body in sorted(ev.related):
                graph.add_edge(node, _add_entity(graph, g, body), kind="inspected", label="inspected")
        graph.nodes[node]["quotes"].append(quote)
    elif ev.kind == "judgement":
        node = key(ev.node)
        if node not in graph:
            graph.add_node(
                node, label=f"{ev.grade} ({ev.when.value})", kind="judgement", aliases=[], posts=[], quotes=[], **attrs
            )
            for body in sorted(ev.related):
                graph.add_edge(node, _add_entity(graph, g, body), kind="judged", label=ev.grade)
            for about in sorted(ev.about):
                if key(about) in graph:
                    graph.add_edge(key(about), node, kind="gave", label="gave")
        graph.nodes[node]["quotes"].append(quote)
    elif ev.kind == "change":
        node = key(ev.node)
        if node not in graph:
            graph.add_node(node, label=ev.title, kind="change", aliases=[], posts=[], quotes=[], **attrs)
            for body in sorted(ev.related):
                graph.add_edge(_add_entity(graph, g, body), node, kind="changed", label="from")
            for body in sorted(ev.to):
                graph.add_edge(node, _add_entity(graph, g, body), kind="changed", label="to")
        graph.nodes[node]["quotes"].append(quote)
    elif ev.kind in SPEECH:
        for who in sorted(ev.who):
            speaker = _add_entity(graph, g, who)
            graph.nodes[speaker]["quotes"].append(quote)
            targets = (
                sorted(ev.related)
                if ev.kind != "response"
                else sorted(k for k in (inspectorates.get(a) for a in ev.about) if k)
            )
            for target in targets:
                graph.add_edge(
                    speaker,
                    _add_entity(graph, g, target),
                    kind=_verb(ev.kind),
                    label=_verb(ev.kind),
                    themes=sorted(ev.themes),
                    quote=ev.quote,
                    sources=sorted(ev.sources),
                    **attrs,
                )


def _verb(kind: str) -> str:
    return {"criticism": "criticised", "praise": "praised", "response": "responded to"}[kind]


def _inspectorates(events: list[Event]) -> dict[str, str]:
    """Each visit's inspectorate: the body whose report a response answers."""
    return {ev.node: sorted(ev.who)[0] for ev in events if ev.kind.startswith(("visit", "report")) and ev.who}


@dataclass
class SpeechAct:
    """One criticism, praise or response, as the accountability view filters them."""

    speaker: str
    target: str
    kind: str
    earliest: str
    latest: str
    themes: list[str]
    quote: str
    source: str


def speech_acts(g: Graphs, events: list[Event] | None = None) -> list[SpeechAct]:
    events = events_of(g) if events is None else events
    inspectorates = _inspectorates(events)
    out = []
    for ev in events:
        if ev.kind not in SPEECH:
            continue
        targets = (
            sorted(ev.related)
            if ev.kind != "response"
            else sorted(k for k in (inspectorates.get(a) for a in ev.about) if k)
        )
        for who in sorted(ev.who):
            for target in targets:
                out.append(
                    SpeechAct(
                        key(who),
                        key(target),
                        _verb(ev.kind),
                        ev.when.earliest.isoformat(),
                        ev.when.latest.isoformat(),
                        sorted(ev.themes),
                        ev.quote,
                        sorted(ev.sources)[0],
                    )
                )
    return sorted(out, key=lambda a: (a.earliest, a.speaker, a.target, a.kind, a.quote))


def accountability_graph(
    g: Graphs,
    start: str | None = None,
    end: str | None = None,
    theme: str | None = None,
    events: list[Event] | None = None,
) -> nx.DiGraph:
    """Who criticised, praised and answered whom, with edges weighted by how many times, in a period and theme."""
    lo = parse_date(start).earliest.isoformat() if start else None
    hi = parse_date(end).latest.isoformat() if end else None
    counts: Counter[tuple[str, str, str]] = Counter()
    for act in speech_acts(g, events):
        if (lo and act.latest < lo) or (hi and act.earliest > hi) or (theme and theme not in act.themes):
            continue
        counts[(act.speaker, act.target, act.kind)] += 1
    graph = nx.DiGraph()
    for (speaker, target, kind), n in sorted(counts.items()):
        for node in (speaker, target):
            if node not in graph:
                graph.add_node(node, label=g.catalogue.label(KGR_PREFIX + node), kind=node.split("/", 1)[0])
        if graph.has_edge(speaker, target):
            graph.edges[speaker, target]["weight"] += n
            graph.edges[speaker, target][kind] = n
        else:
            graph.add_edge(speaker, target, weight=n, **{kind: n})
    return graph


@dataclass
class Step:
    """The leadership network as it stood in one period: who held which post, with what certainty."""

    label: str
    earliest: str
    latest: str
    holders: dict[str, list[tuple[str, str]]]  # post key -> [(person key or "", status)]
    bodies: list[str]
    changes: list[str]


def leadership_steps(g: Graphs, periods: list[PartialDate] | None = None) -> list[Step]:
    """For each period (quarters by default, years beyond ten years of data): every single-holder lead post's
    holders, certain or possible, the bodies that existed then, and what changed since the previous period."""
    periods = periods if periods is not None else default_periods(g)
    lead_posts = sorted(k for k, p in g.catalogue.of_kind("post").items() if p.lead)
    born = {o: item.exists_from for o, item in g.catalogue.of_kind("organisation").items()}
    steps: list[Step] = []
    previous: dict[str, set[str]] = {}
    for period in periods:
        holders: dict[str, list[tuple[str, str]]] = {}
        for post in lead_posts:
            body = g.catalogue.items[post].organisation
            if body and born.get(body) and born[body] > period.latest:  # type: ignore[operator]
                continue  # the post's body does not exist yet
            rows = g.holders([post], period)
            holders[key(post)] = [("" if r["vacancy"] else f"person/{r['person_id']}", r["status"]) for r in rows]
        bodies = sorted(key(o) for o, start in born.items() if start is None or start <= period.latest)
        now = {p: {h for h, status in hs if h} for p, hs in holders.items()}
        changes = []
        if steps:
            for post, people in sorted(now.items()):
                label = g.catalogue.label(KGR_PREFIX + post)
                for person in sorted(people - previous.get(post, set())):
                    changes.append(f"new holder: {g.catalogue.label(KGR_PREFIX + person)} ({label})")
                for person in sorted(previous.get(post, set()) - people):
                    changes.append(f"departure: {g.catalogue.label(KGR_PREFIX + person)} ({label})")
                if not people and previous.get(post):
                    changes.append(f"vacancy: {label}")
            for body in sorted(set(bodies) - set(steps[-1].bodies)):
                changes.append(f"new body: {g.catalogue.label(KGR_PREFIX + body)}")
        steps.append(
            Step(period.value, period.earliest.isoformat(), period.latest.isoformat(), holders, bodies, changes)
        )
        previous = now
    return steps


def default_periods(g: Graphs) -> list[PartialDate]:
    """Quarters from the first to the last dated evidence; years when that spans more than ten years."""
    days = [d for s in g.timeline.spans.values() for e in s.tenure.evidence for d in (e.date.earliest, e.date.latest)]
    if not days:
        return []
    first, last = min(days), max(days)
    if last.year - first.year > 10:
        return [parse_date(str(y)) for y in range(first.year, last.year + 1)]
    out = []
    for year in range(first.year, last.year + 1):
        for q in range(1, 5):
            p = parse_date(f"{year}-Q{q}")
            if p.latest >= first and p.earliest <= last:
                out.append(p)
    return out


def neighbourhood(graph: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The node and everything within `radius` steps of it, in either direction. (networkx's ego_graph with
    undirected=True copies the whole graph into an undirected one on every call: 120 s for a national site.)"""
    nodes, frontier = {node}, {node}
    for _ in range(radius):
        reached = {m for n in frontier for m in (*graph.successors(n), *graph.predecessors(n))}
        frontier = reached - nodes
        nodes |= reached
    return graph.subgraph(nodes).copy()  # the original graph's order of nodes and edges, as ego_graph gave


def flat_for_export(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and GEXF take scalar attributes only: lists and dicts become text."""
    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, attrs in graph.edges(data=True):
        out.add_edge(u, v, **{k: _scalar(x) for k, x in attrs.items()})
    return out


def _scalar(value: Any) -> str | int | float:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, list):
        return " | ".join(_scalar_text(v) for v in value)
    return str(value)


def _scalar_text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


__all__ = ["accountability_graph", "leadership_steps", "neighbourhood", "overview_graph", "speech_acts"]
