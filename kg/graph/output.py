"""Write outputs all-or-nothing and byte-for-byte reproducibly: serialise first, then rename into place."""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import Dataset, Graph

from ..rdf.vocab import PREFIXES

_PREFIX_LINE = re.compile(r"^@prefix [^\n]*\n", re.MULTILINE)


def _bound(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def merged_graph(ds: Dataset) -> Graph:
    """All named graphs as one graph (what a plain Turtle consumer sees)."""
    g = _bound(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _prefix_block() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


def _turtle_body(graph: Graph) -> str:
    """Turtle of one graph without its @prefix lines (rdflib sorts subjects, predicates, objects)."""
    copy = _bound(Graph())
    for triple in graph:
        copy.add(triple)
    return _PREFIX_LINE.sub("", copy.serialize(format="turtle")).strip("\n")


def trig(ds: Dataset) -> str:
    """TriG with the named graphs in IRI order, so two builds of the same data are identical."""
    parts = [_prefix_block()]
    for graph in sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier)):
        if str(graph.identifier).startswith("urn:x-rdflib:default"):
            continue
        # Not indented: a multi-line literal's text must stay exactly as it is.
        parts.append(f"\n<{graph.identifier}> {{\n{_turtle_body(graph)}\n}}\n")
    return "".join(parts)


def _canonical(value: Any) -> Any:
    """JSON-LD arrays are unordered sets here: sort them so output does not depend on hash order."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(ds: Dataset) -> str:
    context = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    raw = ds.serialize(format="json-ld", context=context, auto_compact=True)
    return json.dumps(_canonical(json.loads(raw)), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def serialise_dataset(ds: Dataset) -> dict[str, str]:
    """TriG with named graphs, merged Turtle, and JSON-LD with a readable @context."""
    ttl = _prefix_block() + "\n" + _turtle_body(merged_graph(ds)) + "\n"
    return {"trig": trig(ds), "ttl": ttl, "jsonld": jsonld(ds)}
