"""The build for large graphs: the same graphs as the in-memory build, but parsed, derived, serialised and stored
by Oxigraph, whose parsers, serialisers and SPARQL engine are 10-2,000x faster than rdflib's at a million triples
(see bench/bench_scale.py). Claims become N-Triples text (kg/rdf/quads.py, as for the in-memory build), which Oxigraph
parses straight into its store; everything that reads the whole dataset runs in Oxigraph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..data.model import Corpus
from ..rdf.quads import iri, ntriples
from ..rdf.vocab import GRAPH_DERIVED, GRAPH_ONTOLOGY, GRAPH_PENDING, PREFIXES
from ..store.backend import add_union, oxigraph_dataset
from .triples import Built, asserted, ontology

DEFAULT = ox.DefaultGraph()


def build_in_oxigraph(corpus: Corpus, ontology_dir: Path) -> tuple[Built, ox.Store]:
    """Write each source's graph as text, load it all into an in-memory Oxigraph store, then derive there."""
    from .derive import derive

    store = ox.Store()
    built = Built(oxigraph_dataset(store), corpus)
    quads = asserted(corpus, built)
    quads.graph(iri(GRAPH_ONTOLOGY)).extend(ntriples(ontology(ontology_dir)))
    text = quads.nquads()
    del quads
    store.load(text, format=ox.RdfFormat.N_QUADS)  # in memory, load is faster than bulk_load (which writes files)
    del text
    add_union(store)
    built.timeline = derive(built.dataset, ontology_dir)
    add_union(store, GRAPH_DERIVED, GRAPH_PENDING)
    return built, store


def sorted_graphs(store: ox.Store) -> bytes:
    """The named graphs as N-Quads, graph by graph and line by line: the same data always gives the same bytes.
    Sorting lines of text gives the order of sorting the terms' N-Triples forms (an IRI ends with `>`, and a space
    sorts before any character that can continue a term), and costs far less than sorting term objects."""
    parts = []
    for graph in sorted(store.named_graphs(), key=str):
        lines = (store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b"").splitlines()
        lines.sort()
        tail = f" {graph} .\n".encode()
        parts.append(b"".join(line.removesuffix(b" .") + tail for line in lines))
    return b"".join(parts)


def sorted_union(store: ox.Store) -> bytes:
    """The default graph (the union of the named graphs) as N-Triples, line by line."""
    lines = (store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=DEFAULT) or b"").splitlines()
    lines.sort()
    lines.append(b"")
    return b"\n".join(lines)


def serialise_text(nquads: bytes, ntriples: bytes, into: dict[str, Path] | None = None) -> dict[str, bytes]:
    """TriG with the named graphs, merged Turtle and JSON-LD, written by Oxigraph in the order of `sorted_graphs`
    and `sorted_union`; with `into` (format -> file), straight into those files instead (none held in memory)."""
    prefixes = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}

    def quads() -> ox.QuadParser:
        return ox.parse(nquads, format=ox.RdfFormat.N_QUADS)

    def triples() -> Iterator[ox.Triple]:
        return (q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))

    texts = {}
    for ext, items, fmt in (
        ("trig", quads, ox.RdfFormat.TRIG),
        ("ttl", triples, ox.RdfFormat.TURTLE),
        ("jsonld", quads, ox.RdfFormat.JSON_LD),
    ):
        written = ox.serialize(items(), into[ext] if into else None, fmt, prefixes=prefixes)
        if into is None:
            texts[ext] = written or b""
    return texts


def serialise_store(store: ox.Store) -> dict[str, bytes]:
    """TriG, Turtle and JSON-LD of a store, in a stable order."""
    return serialise_text(sorted_graphs(store), sorted_union(store))


__all__ = ["build_in_oxigraph", "serialise_store", "serialise_text", "sorted_graphs", "sorted_union"]
