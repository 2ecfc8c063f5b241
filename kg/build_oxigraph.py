"""The build for large graphs: the same graphs as the in-memory build, but derived, serialised and stored by
Oxigraph, whose parsers, serialisers and SPARQL engine are 10-2,000x faster than rdflib's at a million triples
(see bench/bench_scale.py). Claims still become triples in rdflib (one small graph per source); everything that
reads the whole dataset runs in Oxigraph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from .model import Corpus
from .rdf_build import Built, build_dataset
from .store import oxigraph_dataset
from .vocab import GRAPH_DERIVED, GRAPH_PENDING, PREFIXES

DEFAULT = ox.DefaultGraph()


class _Converter:
    """rdflib terms to Oxigraph terms, with the (few, much repeated) IRIs and datatypes cached."""

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self.iris.get(value)
        if node is None:
            node = self.iris[value] = ox.NamedNode(value)
        return node

    def term(self, t: Any) -> Any:
        if isinstance(t, URIRef):
            return self.iri(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return ox.Literal(str(t), datatype=self.iri(str(t.datatype)))
            return ox.Literal(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        raise TypeError(f"cannot store {t!r}")


def to_oxigraph(ds: Dataset) -> ox.Store:
    """Copy every quad of an rdflib dataset into an in-memory Oxigraph store."""
    store = ox.Store()
    conv = _Converter()
    quads = (
        ox.Quad(conv.term(s), conv.term(p), conv.term(o), conv.term(g))
        for s, p, o, g in ds.quads((None, None, None, None))
        if g is not None and not str(g).startswith("urn:x-rdflib:default")
    )
    store.extend(quads)  # in memory, extend is 2x faster than bulk_extend (which writes files)
    return store


def build_in_oxigraph(corpus: Corpus, ontology_dir: Path) -> tuple[Built, ox.Store]:
    """Assert each source's graph in rdflib, move them all into Oxigraph, then derive there."""
    from .derive import derive

    built = build_dataset(corpus, ontology_dir, rules=False)
    store = to_oxigraph(built.dataset)
    add_union(store)
    built.dataset = oxigraph_dataset(store)
    built.timeline = derive(built.dataset, ontology_dir)
    add_union(store, GRAPH_DERIVED, GRAPH_PENDING)
    return built, store


def add_union(store: ox.Store, *graphs: URIRef) -> None:
    """Copy the named graphs' triples into the default graph, which then is their union as a set.

    Oxigraph's own union default graph is a bag: a triple stated by four sources is matched four times, so
    counts and joins would differ from rdflib's and from the SPARQL spec's RDF-merge. Storing the union once
    (twice the quads) gives the same answers everywhere, also through `oxigraph serve` without options."""
    names = [ox.NamedNode(str(g)) for g in graphs] or [None]
    quads = [q for name in names for q in store.quads_for_pattern(None, None, None, name) if q.graph_name != DEFAULT]
    store.extend(ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in quads)


def _sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """The named graphs (not the union kept in the default graph), graph by graph, triple by triple, in N-Quads
    text order: the same data always gives the same bytes."""
    return sorted(
        (q for q in store if q.graph_name != DEFAULT),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )


def serialise_store(store: ox.Store) -> dict[str, bytes]:
    """TriG with the named graphs, merged Turtle and JSON-LD, written by Oxigraph in a stable order."""
    prefixes = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    quads = _sorted_quads(store)
    triples = sorted(
        (q.triple for q in store.quads_for_pattern(None, None, None, DEFAULT)),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    return {
        "trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b"",
        "ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"",
        "jsonld": ox.serialize(quads, format=ox.RdfFormat.JSON_LD, prefixes=prefixes) or b"",
    }


__all__ = ["build_in_oxigraph", "serialise_store", "to_oxigraph"]
