"""From NetworkX graphs to the JSON each page embeds: nodes with fixed positions, edges, and the details panel."""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

import networkx as nx

from ..questions.citations import Citation
from .style import EDGE_KINDS, NODE_KINDS, node_kind

NODE_SPACING = 110  # pixels between neighbouring nodes at zoom 1
KAMADA_KAWAI_MAX = 150  # Kamada-Kawai reads best but is quadratic: spring layout beyond this many nodes
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions computed once in Python (physics stays off in the browser), deterministic for a given graph.

    Each connected component is laid out on its own (Kamada-Kawai for small components, spring layout beyond)
    and the components are placed side by side, largest first, so a lone node cannot crush the rest."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    # Each edge as a sorted pair: the layout must not depend on which way round, or in which order, edges came.
    simple.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in graph.edges() if u != v}))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    out: dict[str, tuple[float, float]] = {}
    x_offset = 0.0
    for nodes in components:
        sub = nx.Graph()  # not simple.subgraph(): a view iterates its nodes in set order, which varies by run
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in simple.subgraph(nodes).edges()))
        radius = NODE_SPACING * math.sqrt(len(nodes))
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        elif len(nodes) <= KAMADA_KAWAI_MAX:
            local = nx.kamada_kawai_layout(sub, pos=nx.circular_layout(sub), scale=radius)
        else:
            iterations = 50 if len(nodes) <= 1000 else 20 if len(nodes) <= 3000 else 10
            local = nx.spring_layout(sub, seed=seed, iterations=iterations, scale=radius, k=2 / math.sqrt(len(nodes)))
        xs = [float(p[0]) for p in local.values()]
        shift = x_offset - min(xs)
        for node, (x, y) in local.items():
            out[node] = (round(float(x) + shift, 1), round(float(y), 1))
        x_offset = max(xs) + shift + NODE_SPACING * 1.5
    return out


def page_slug(ident: str) -> str:
    """A safe file name for an entity's page. An id from data/ is already one ([a-z0-9-], up to 100 characters)
    and stays as it is; anything else (an IRI from an untrusted graph may hold `../`) is cut down to those
    characters plus `_` and a hash of the whole id, so it cannot leave its folder and two ids never share a page."""
    if _SLUG.fullmatch(ident) and len(ident) <= 100:  # a file name has 255 bytes at most
        return ident
    readable = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")[:60].strip("-")
    return f"{readable}_{hashlib.sha256(ident.encode('utf-8')).hexdigest()[:16]}"


def page_link(node: str, root: str) -> str | None:
    """Person and body nodes have a page of their own."""
    kind, _, ident = node.partition("/")
    if kind in ("person", "org") and ident:
        return f"{root}{kind}/{page_slug(ident)}.html"
    return None


def node_json(node: str, attrs: dict[str, Any], pos: dict[str, tuple[float, float]], root: str) -> dict[str, Any]:
    x, y = pos.get(node, (0.0, 0.0))
    return {
        "id": node,
        "label": str(attrs.get("label", node)),
        "kind": node_kind(str(attrs.get("kind", ""))),
        "x": x,
        "y": y,
        "link": page_link(node, root),
        "info": {
            "aliases": list(attrs.get("aliases", [])),
            "posts": list(attrs.get("posts", [])),
            "quotes": list(attrs.get("quotes", []))[:8],
            "date": attrs.get("date", ""),
        },
    }


def edges_json(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    out = []
    for i, (u, v, attrs) in enumerate(
        sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("kind"))))
    ):
        kind = str(attrs.get("kind", ""))
        out.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "kind": kind if kind in EDGE_KINDS else "post in",
                "label": str(attrs.get("label", kind)),
                "themes": list(attrs.get("themes", [])),
                "quote": str(attrs.get("quote", "")),
                "date": str(attrs.get("date", "")),
                "sources": [str(x) for x in attrs.get("sources", [])],
            }
        )
    return out


def cited_sources(graph: nx.MultiDiGraph, cited: dict[str, Citation], acts: list[Any]) -> dict[str, dict[str, str]]:
    """The sources the page's quotes come from, each as its title, publisher, dates and address (`link` only when
    http(s)), for the details panel to cite; the script puts them in the page as text."""
    ids = {q["source"] for _, attrs in graph.nodes(data=True) for q in attrs.get("quotes", [])}
    ids |= {s for _, _, attrs in graph.edges(data=True) for s in attrs.get("sources", [])}
    ids |= {str(a["source"]) for a in acts}
    return {s: cited[s].panel() for s in sorted(ids) if s in cited}


def network_payload(
    graph: nx.MultiDiGraph, page: str, root: str, cited: dict[str, Citation] | None = None, **extra: Any
) -> dict[str, Any]:
    """pyvis assembles the vis-network node and edge records (its HTML templates are not used: they load
    Bootstrap from a CDN and insert titles as HTML); the page template is ours."""
    from pyvis.network import Network

    pos = layout(graph)
    net = Network(directed=True)
    for node, attrs in sorted(graph.nodes(data=True)):
        record = node_json(node, attrs, pos, root)
        net.add_node(record.pop("id"), physics=False, **record)
    for record in edges_json(graph):
        net.add_edge(record.pop("from"), record.pop("to"), **record)
    nodes, edges, *_ = net.get_network_data()
    return {
        "page": page,
        "root": root,
        "kinds": NODE_KINDS,
        "edgeKinds": EDGE_KINDS,
        "nodes": nodes,
        "edges": edges,
        "sources": cited_sources(graph, cited or {}, extra.get("acts", [])),
        **extra,
    }
