"""kg validate: a broken rule exits non-zero and names the node, the rule and where it came from in data/."""

from __future__ import annotations

import copy
import re

from rdflib import URIRef

from kg.data.paths import ONTOLOGY_DIR
from kg.graph.validate import validate_built
from kg.rdf.vocab import KGO

CLAIMS = "2021-news-ofsted-monitoring-visit-children-in-care.yaml"


def test_valid_data_passes(kg, data_copy):
    result = kg("validate", "--data", data_copy)
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stdout


def test_tenure_attested_after_it_ended_is_a_violation(kg, data_copy):
    path = data_copy / "claims" / "2024-news-ofsted-monitoring-visit-trust.yaml"
    text = path.read_text(encoding="utf-8")
    # Claim that Mark Douglas, who left in 2021, was still strategic director in 2024.
    text += (
        "  - id: planted-douglas-in-2024\n"
        "    type: tenure\n"
        "    person: mark-douglas\n"
        "    post: bradford-director-childrens-services\n"
        '    quote: "Eileen Milner, chair of Bradford Children and Families Trust"\n'
    )
    path.write_text(text, encoding="utf-8")
    result = kg("validate", "--data", data_copy)
    assert result.exit_code == 3
    assert re.search(
        r"tenure mark-douglas--bradford-director-childrens-services: attested \(2024-02-01/2024-06-30, "
        r".*2024-news-ofsted-monitoring-visit-trust.yaml:\d+ claim 'planted-douglas-in-2024'\) after it ended",
        result.stderr,
    ), result.stderr


def test_event_after_its_source_is_a_violation(kg, data_copy):
    path = data_copy / "claims" / CLAIMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("earliest: 2021-07-01, latest: 2021-08-31", "value: 2022-03", 1), encoding="utf-8")
    result = kg("validate", "--data", data_copy)
    assert result.exit_code == 3
    assert "is after the source's own date" in result.stderr
    assert CLAIMS in result.stderr


def test_post_held_before_its_body_existed(kg, data_copy):
    path = data_copy / "entities" / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("exists_from: 2023-04\n    note: Took over", "exists_from: 2025-01\n    note: Took over")
    )
    result = kg("validate", "--data", data_copy)
    assert result.exit_code == 3
    assert "which exists only from 2025-01" in result.stderr


def test_shacl_violation_names_node_rule_and_data_location(built):
    broken = copy.copy(built)
    ds = copy.deepcopy(built.dataset)
    broken.dataset = ds
    victim = URIRef(
        "https://w3id.org/accountability-kg/id/claim/2021-news-ofsted-monitoring-visit-children-in-care/"
        "criticism-caseloads-too-high"
    )
    assert (victim, KGO.speaker, None) in ds
    for quad in list(ds.quads((victim, KGO.speaker, None, None))):
        ds.remove(quad)
    report = validate_built(built.corpus, broken, ONTOLOGY_DIR)
    assert not report.ok
    [line] = [v for v in report.violations if "criticism-caseloads-too-high" in v]
    assert "kgr:claim/2021-news-ofsted-monitoring-visit-children-in-care/criticism-caseloads-too-high" in line
    assert f"{CLAIMS}:" in line  # where it came from in data/
    assert "kgo:speaker" in line  # which rule


def test_both_shacl_engines_report_the_same_violations(built):
    """pyshacl-turbo (the fast engine used for Oxigraph builds) finds exactly what pySHACL finds."""
    from rdflib.namespace import RDF

    broken = copy.copy(built)
    ds = copy.deepcopy(built.dataset)
    broken.dataset = ds
    claims = sorted(set(ds.subjects(RDF.type, KGO.Criticism)))[:3]
    for claim in claims:
        for quad in list(ds.quads((claim, KGO.speaker, None, None))):
            ds.remove(quad)
    ds.add((claims[0], KGO.stance, URIRef("https://example.org/not-a-stance")))
    reference = validate_built(built.corpus, broken, ONTOLOGY_DIR, "pyshacl")
    fast = validate_built(built.corpus, broken, ONTOLOGY_DIR, "turbo")
    assert len(reference.violations) >= 3
    assert fast.violations == reference.violations
    assert validate_built(built.corpus, built, ONTOLOGY_DIR, "turbo").ok


def test_validate_in_oxigraph(kg, data_copy):
    ok = kg("validate", "--data", data_copy, "--store", "oxigraph:unused")
    assert ok.exit_code == 0, ok.stderr
    path = data_copy / "claims" / CLAIMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("earliest: 2021-07-01, latest: 2021-08-31", "value: 2022-03", 1), encoding="utf-8")
    for engine in ("pyshacl", "turbo"):
        result = kg("validate", "--data", data_copy, "--store", "oxigraph:unused", "--engine", engine)
        assert result.exit_code == 3
        assert "is after the source's own date" in result.stderr


def test_both_shacl_engines_agree_on_an_oxigraph_build():
    """The Oxigraph path hands pyshacl-turbo a store and pySHACL N-Triples: same planted violations from both."""
    import pyoxigraph as ox

    from kg.data.loading import load_corpus
    from kg.data.paths import Paths
    from kg.graph.build_oxigraph import build_in_oxigraph
    from kg.graph.validate import shacl_problems

    from .conftest import DATA

    paths = Paths(data=DATA)
    built, store = build_in_oxigraph(load_corpus(paths), paths.ontology)
    speaker = ox.NamedNode(str(KGO.speaker))
    stance = ox.NamedNode(str(KGO.stance))
    victims = sorted({q.subject.value for q in store.quads_for_pattern(None, speaker, None, None)})[:2]
    for victim in victims:
        for quad in list(store.quads_for_pattern(ox.NamedNode(victim), speaker, None, None)):
            store.remove(quad)
    store.add(ox.Quad(ox.NamedNode(victims[0]), stance, ox.Literal("shrugs"), ox.DefaultGraph()))
    reference, _ = shacl_problems(built, ONTOLOGY_DIR / "shapes.ttl", "pyshacl")
    fast, _ = shacl_problems(built, ONTOLOGY_DIR / "shapes.ttl", "turbo")
    assert len(reference) >= 3
    assert fast == reference
    assert any("kgo:stance must be one of" in v for v in fast)
