"""Outputs: reproducible byte for byte, and the three files say the same thing (compared as graphs)."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.data.paths import Paths
from kg.graph.build import build
from kg.graph.output import merged_graph


def test_two_builds_are_identical(data_copy, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(Paths(data=data_copy, output=first))
    build(Paths(data=data_copy, output=second))
    for name in ("graph.trig", "graph.ttl", "graph.jsonld"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_serialisations_round_trip(built, data_copy, tmp_path):
    out = tmp_path / "out"
    build(Paths(data=data_copy, output=out))
    expected = merged_graph(built.dataset)
    trig = Dataset()
    trig.parse(out / "graph.trig", format="trig")
    assert isomorphic(merged_graph(trig), expected)
    assert isomorphic(Graph().parse(out / "graph.ttl", format="turtle"), expected)
    jsonld = Dataset()
    jsonld.parse(out / "graph.jsonld", format="json-ld")
    assert isomorphic(merged_graph(jsonld), expected)


def test_one_named_graph_per_source(built, corpus):
    names = {str(g.identifier) for g in built.dataset.graphs() if len(g)}
    for source_id in corpus.sources:
        assert f"https://w3id.org/accountability-kg/id/source/{source_id}" in names
    assert "https://w3id.org/accountability-kg/id/graph/ontology" in names
    assert "https://w3id.org/accountability-kg/id/graph/derived" in names


def test_jsonld_context_is_readable(data_copy, tmp_path):
    import json

    out = tmp_path / "out"
    build(Paths(data=data_copy, output=out))
    doc = json.loads((out / "graph.jsonld").read_text())
    assert doc["@context"]["org"] == "http://www.w3.org/ns/org#"
    assert doc["@context"]["kgo"] == "https://w3id.org/accountability-kg/ontology#"
