"""Exports for the tools civic-data users already have: Popolo JSON and a tenures CSV."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rdflib import Dataset, Graph

from ..questions.citations import Citation, citations_of
from ..questions.render import TENURE_CSV, render
from ..questions.who_held import Graphs, local_id
from ..tenure.reasoning import Bound


def popolo_date(earliest: date | None, latest: date | None) -> str | None:
    """The most precise ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) that covers both bounds, as Popolo wants."""
    if earliest is None or latest is None:
        return None
    if earliest == latest:
        return earliest.isoformat()
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return earliest.isoformat()[:7]
    if earliest.year == latest.year:
        return str(earliest.year)
    return None


def _bound_fields(prefix: str, b: Bound) -> dict[str, Any]:
    return {
        f"{prefix}_date": popolo_date(b.earliest, b.latest),
        f"{prefix}_date_earliest": b.earliest.isoformat() if b.earliest else None,
        f"{prefix}_date_latest": b.latest.isoformat() if b.latest else None,
    }


def popolo_source(source: str, note: str, cited: Citation | None) -> dict[str, Any]:
    """A Popolo source (link) object: the source's own address where it has an http(s) one, else its IRI here;
    its title, publisher and dates beside the evidence note, so the export cites it as the pages do."""
    url = cited.link if cited and cited.link else f"https://w3id.org/accountability-kg/id/source/{source}"
    out: dict[str, Any] = {"url": url, "note": note, "id": source}
    if cited:
        out |= {k: v for k, v in cited.panel().items() if k in ("title", "publisher", "published", "retrieved")}
    return out


def popolo(ds: Dataset | Graph) -> dict[str, Any]:
    """persons, organizations, posts and memberships (with dates and sources), ids as in data/entities."""
    g = Graphs.of(ds)
    cited = citations_of(ds)
    cat = g.catalogue
    persons = [
        {"id": i.id, "name": i.label, "other_names": [{"name": a} for a in sorted(i.aliases)]}
        for i in sorted(cat.of_kind("person").values(), key=lambda i: i.id)
    ]
    organizations = [
        {
            "id": i.id,
            "name": i.label,
            "parent_id": local_id(i.parent),
            "other_names": [{"name": a} for a in sorted(i.aliases)],
        }
        for i in sorted(cat.of_kind("organisation").values(), key=lambda i: i.id)
    ]
    posts = [
        {
            "id": i.id,
            "label": i.label,
            "organization_id": local_id(i.organisation),
            "role": i.role_label,
            "other_label": sorted(i.aliases),
        }
        for i in sorted(cat.of_kind("post").values(), key=lambda i: i.id)
    ]
    memberships = []
    for tid, span in sorted(g.timeline.spans.items()):
        t = span.tenure
        memberships.append(
            {
                "id": local_id(tid),
                "person_id": local_id(t.person),
                "organization_id": local_id(t.organisation),
                "post_id": local_id(t.post),
                "role": cat.items[t.post].role_label if t.post and t.post in cat.items else None,
                **_bound_fields("start", span.start),
                **_bound_fields("end", span.end),
                "sources": [popolo_source(e.source, f"{e.kind}: {e.quote}", cited.get(e.source)) for e in t.evidence],
            }
        )
    for records in (persons, organizations, posts, memberships):
        for record in records:
            for key in [k for k, v in record.items() if v in (None, [])]:
                del record[key]
    return {"persons": persons, "organizations": organizations, "posts": posts, "memberships": memberships}


def cite_sources(graph: Any, cited: dict[str, Citation]) -> Any:
    """Each node and edge that cites sources (a node by its quotes, an edge by its `sources`) gets a `sources`
    attribute naming them by title, publisher, dates and address, as GraphML and GEXF readers show text."""

    def text(ids: set[str]) -> str:
        return " | ".join(cited[s].byline() if s in cited else s for s in sorted(ids) if s)

    for _, attrs in graph.nodes(data=True):
        ids = {q["source"] for q in attrs.get("quotes", [])}
        if ids - {""}:
            attrs["sources"] = text(ids)
    for _, _, attrs in graph.edges(data=True):
        if attrs.get("sources"):
            attrs["sources"] = text(set(attrs["sources"]))
    return graph


def export_text(ds: Dataset | Graph, fmt: str) -> str:
    """popolo, csv (tenures), graphml or gexf (the overview graph, for Gephi)."""
    if fmt in ("graphml", "gexf"):
        import io

        import networkx as nx

        from .projections import flat_for_export, overview_graph

        graph = flat_for_export(cite_sources(overview_graph(Graphs.of(ds)), citations_of(ds)))
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "popolo":
        return json.dumps(popolo(ds), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        g = Graphs.of(ds)
        spans = sorted(g.timeline.spans.values(), key=lambda s: (s.tenure.person_label, s.tenure.id))
        return render([g.tenure_row(s, None) for s in spans], "csv", TENURE_CSV, TENURE_CSV)
    raise ValueError(fmt)
