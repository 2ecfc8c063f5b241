"""The real graph, checked for what a reader of the five articles would check."""

from __future__ import annotations

from collections import Counter

from kg.data.quotes import fold
from kg.graph.validate import validate_built
from kg.store.sparql import run_query

KGR = "https://w3id.org/accountability-kg/id/"


def _rows(built, query, **params):
    return [tuple(str(v) if v is not None else None for v in row) for row in run_query(built.dataset, query, params)]


def test_the_named_people_are_all_there(built):
    names = {
        r[0]
        for r in _rows(
            built, "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n FILTER NOT EXISTS { ?p kgo:unnamed true } }"
        )
    }
    assert names == {
        "Mark Douglas",
        "Jan Edwards",
        "Adrian Farley",
        "Eileen Milner",
        "Kersten England",
        "Susan Hinchcliffe",
        "Kyle Green",
        "Mike Pollard",
        "Rebecca Poulsen",
    }


def test_unnamed_holders_are_kept_in_their_posts(built):
    rows = _rows(built, "SELECT ?post WHERE { ?p kgo:unnamed true ; org:holds/skos:prefLabel ?post }")
    assert ("Chief Executive of Bradford Council",) in rows


def test_people_and_their_posts(built):
    holds = set(_rows(built, "SELECT ?n ?post WHERE { ?p foaf:name ?n ; org:holds/skos:prefLabel ?post }"))
    expected = {
        ("Mark Douglas", "Strategic Director, Children's Services"),
        ("Jan Edwards", "Her Majesty's Inspector"),
        ("Adrian Farley", "Portfolio Holder for Children and Families"),
        ("Adrian Farley", "Councillor for Keighley"),
        ("Eileen Milner", "Chair of Bradford Children and Families Trust"),
        ("Kersten England", "Chief Executive of Bradford Council"),
        ("Susan Hinchcliffe", "Leader of Bradford Council"),
        ("Kyle Green", "Conservative Group Spokesman for Children's Services"),
        ("Mike Pollard", "Deputy Chair of the Children's Services Scrutiny Committee"),
        ("Mike Pollard", "Councillor for Baildon"),
        ("Rebecca Poulsen", "Leader of the Conservative Group"),
        ("the new CEO at the council", "Chief Executive of Bradford Council"),
    }
    assert expected <= holds
    assert not {h for h in holds if h[0] == "Mark Douglas"} - {
        ("Mark Douglas", "Strategic Director, Children's Services")
    }


def test_two_spellings_are_one_person(built, corpus):
    rows = _rows(built, 'SELECT DISTINCT ?p WHERE { ?p foaf:name "Mark Douglas" ; skos:altLabel "Marc Douglas" }')
    assert rows == [(f"{KGR}person/mark-douglas",)]
    # and the 2021 report, which spells him Marc, is evidence on the same tenure as the others
    sources = {c.source for c in corpus.claims if c.type == "tenure" and c.get("person") == "mark-douglas"}
    assert "2021-news-ofsted-monitoring-visit-children-in-care" in sources
    assert len(sources) >= 4


def test_the_trust_chair(built):
    rows = _rows(
        built,
        """SELECT ?n WHERE { ?m kgo:post ?post ; org:member/foaf:name ?n .
        ?post org:role role:board-chair ; org:postIn/skos:prefLabel "Bradford Children and Families Trust" }""",
    )
    assert set(rows) == {("Eileen Milner",)}


def test_distinct_monitoring_visits(built):
    rows = _rows(
        built,
        """SELECT ?e (COUNT(DISTINCT ?src) AS ?n) WHERE {
        ?e kgo:inspectionKind inspection:monitoring-visit ; prov:wasDerivedFrom ?src } GROUP BY ?e""",
    )
    visits = {e.rsplit("/", 1)[1]: int(n) for e, n in rows}
    assert set(visits) == {
        "bradford-cs-mv3",
        "bradford-cs-mv4",
        "bradford-cs-mv5",
        "bradford-cs-mv6",
        "bradford-cs-mv-2024-02",
    }
    # the third visit is described by the news report and the council's statement: one node, two sources
    assert visits["bradford-cs-mv3"] == 2


def test_one_inadequate_judgement_reported_by_three_sources(built):
    rows = _rows(
        built,
        """SELECT ?j (COUNT(DISTINCT ?src) AS ?n) WHERE {
        ?j a kgo:Judgement ; kgo:grade grade:inadequate ; prov:wasDerivedFrom ?src } GROUP BY ?j""",
    )
    assert len(rows) == 1 and int(rows[0][1]) >= 3


def test_who_responded_to_which_report(built):
    pairs = set(
        _rows(
            built,
            """SELECT ?who ?e WHERE { ?r a kgo:Response ; kgo:speaker/skos:prefLabel ?who ;
        kgo:respondsTo ?ev . BIND(STRAFTER(STR(?ev), "/event/") AS ?e) }""",
        )
    )
    assert {
        ("Mark Douglas", "bradford-cs-mv3"),
        ("Adrian Farley", "bradford-cs-mv3"),
        ("Bradford Council", "bradford-cs-mv3"),
        ("Mark Douglas", "bradford-cs-mv4"),
        ("Adrian Farley", "bradford-cs-mv4"),
        ("Kersten England", "bradford-cs-mv6"),
        ("Susan Hinchcliffe", "bradford-cs-mv6"),
        ("Kyle Green", "bradford-cs-mv6"),
        ("Rebecca Poulsen", "bradford-cs-mv6"),
        ("Eileen Milner", "bradford-cs-mv-2024-02"),
    } <= pairs


def test_responders_speak_in_their_capacity(built):
    rows = set(
        _rows(
            built,
            """SELECT ?who ?post WHERE { ?r kgo:speaker/skos:prefLabel ?who ; kgo:inCapacityOf/skos:prefLabel ?post }""",
        )
    )
    assert ("Kersten England", "Chief Executive of Bradford Council") in rows
    assert ("Eileen Milner", "Chair of Bradford Children and Families Trust") in rows


def test_every_quote_is_found_verbatim_in_its_source(corpus):
    assert corpus.claims
    for claim in corpus.claims:
        text = corpus.sources[claim.source].text
        assert len(claim.anchors) == len(claim.quotes), claim.id
        for quote, anchor in zip(claim.quotes, claim.anchors, strict=True):
            assert text[anchor.start : anchor.end] == anchor.exact
            assert fold(anchor.exact) == fold(quote)


def test_every_claim_node_carries_its_source_and_evidence(built, corpus):
    from rdflib import URIRef
    from rdflib.namespace import PROV, RDF

    from kg.rdf.vocab import KGO, OA, source_iri

    checked = 0
    for source_id in corpus.sources:
        graph = built.dataset.graph(source_iri(source_id))
        for node in set(graph.subjects(KGO.evidence, None)):
            assert (node, PROV.wasDerivedFrom, URIRef(source_iri(source_id))) in graph, node
            checked += 1
    assert checked >= len({(c.source, c.id) for c in corpus.claims if c.type in ("criticism", "praise", "response")})
    ds = built.dataset
    evidence = set(ds.subjects(RDF.type, OA.SpecificResource))
    assert len(evidence) == sum(len(c.anchors) for c in corpus.claims)
    for ev in evidence:
        kinds = {ds.value(sel, RDF.type) for sel in ds.objects(ev, OA.hasSelector)}
        assert kinds == {OA.TextQuoteSelector, OA.TextPositionSelector}, ev


def test_claims_cover_every_kind_the_issue_names(corpus):
    kinds = Counter(c.type for c in corpus.claims)
    for kind in ("tenure", "visit", "judgement", "criticism", "praise", "response", "change", "observation", "vacancy"):
        assert kinds[kind] > 0, kind
    for source in corpus.sources:
        assert any(c.source == source for c in corpus.claims), source


def test_trust_takeover_and_commissioner_are_changes(built):
    rows = set(
        _rows(
            built,
            """SELECT ?kind ?to WHERE { ?c a org:ChangeEvent ; kgo:changeKind/skos:notation ?kind .
        OPTIONAL { ?c org:resultingOrganization/skos:prefLabel ?to } }""",
        )
    )
    assert ("transfer-of-services", "Bradford Children and Families Trust") in rows
    assert any(kind == "intervention" for kind, _ in rows)


def test_stated_figures_are_dated_observations(built):
    rows = set(
        _rows(
            built,
            """SELECT ?m ?v WHERE { ?o a kgo:Observation ; kgo:measure/skos:notation ?m ; rdf:value ?v ; kgo:date ?d }""",
        )
    )
    assert ("children-in-care", "1365") in rows
    assert ("children-placed-out-of-area", "368") in rows


def test_douglas_left_between_the_visit_and_the_report(built):
    rows = _rows(
        built,
        """SELECT ?e ?l WHERE { <https://w3id.org/accountability-kg/id/tenure/mark-douglas--bradford-director-childrens-services>
        kgo:statedEnd [ kgo:earliest ?e ; kgo:latest ?l ] }""",
    )
    assert len(rows) == 1
    earliest, latest = rows[0]
    assert "2021-06-01" <= earliest <= latest <= "2021-09-30"


def test_shacl_and_integrity_rules_hold(built, corpus, tmp_path):
    from kg.data.paths import ONTOLOGY_DIR

    report = validate_built(corpus, built, ONTOLOGY_DIR)
    assert report.ok, "\n".join(report.violations)
