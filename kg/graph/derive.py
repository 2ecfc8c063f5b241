"""Derived triples (tenure intervals, rule shortcuts) kept apart by evidence: reviewed claims or pending ones.

The rules and the tenure reasoning read the union of all graphs, so without care a pending candidate would
put its consequences into kgr:graph/derived, beside the reviewed ones. Deriving twice (once without the
pending graph, once with it) and putting only what is new into kgr:graph/pending keeps unreviewed evidence
and everything that follows from it in one graph that a reader can leave out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import BNode, Dataset, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from ..rdf.vocab import GRAPH_DERIVED, GRAPH_PENDING
from ..store.backend import new_dataset
from ..store.sparql import read_query
from ..tenure.evidence import add_derived_time
from ..tenure.reasoning import Timeline


def derive(ds: Dataset, ontology_dir: Path) -> Timeline:
    """Add derived triples to `ds`; returns the tenure timeline over all of its evidence."""
    pending = ds.graph(GRAPH_PENDING)
    if not len(pending):
        timeline = add_derived_time(ds)
        apply_rules(ds, ontology_dir)
        return timeline
    reviewed = _copy(ds, skip=GRAPH_PENDING)
    add_derived_time(reviewed)
    apply_rules(reviewed, ontology_dir)
    everything = _copy(ds)
    timeline = add_derived_time(everything)
    apply_rules(everything, ontology_dir)
    derived, from_reviewed = ds.graph(GRAPH_DERIVED), reviewed.graph(GRAPH_DERIVED)
    for triple in from_reviewed:
        derived.add(triple)
    for triple in everything.graph(GRAPH_DERIVED):
        if triple not in from_reviewed:
            pending.add(triple)
    return timeline


def _copy(ds: Dataset, skip: URIRef | None = None) -> Dataset:
    copy = new_dataset()
    for s, p, o, graph in ds.quads((None, None, None, None)):
        if graph != skip:
            copy.graph(graph).add((s, p, o))
    return copy


def apply_rules(ds: Dataset, ontology_dir: Path) -> int:
    """Run each CONSTRUCT in ontology/rules over the union graph; results go to the derived graph."""
    derived = ds.graph(GRAPH_DERIVED)
    added = 0
    for path in sorted((ontology_dir / "rules").glob("*.rq")):
        for triple in _constructed(ds.query(read_query(path))):
            if not any(isinstance(t, BNode) for t in triple):
                derived.add(triple)
                added += 1
    return added


def _constructed(result: Result) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of a CONSTRUCT. rdflib types a result's items as triples, rows or booleans whatever the query's
    form; every rule is a CONSTRUCT, so anything else is a mistake in the rule."""
    for item in result:
        if isinstance(item, bool | ResultRow):
            raise TypeError(f"a rule in ontology/rules gave {item!r}: expected the triples of a CONSTRUCT")
        yield item
