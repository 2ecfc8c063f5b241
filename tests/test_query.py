"""kg query: SPARQL text, .rq files and named queries; parameters are bound, never pasted."""

from __future__ import annotations

import json

import pytest

from kg.errors import QueryError
from kg.store.sparql import format_result, named_queries, run_query

KGR = "https://w3id.org/accountability-kg/id/"


def test_named_query_with_bound_parameter(built):
    result = run_query(built.dataset, "person-posts", {"person": f"{KGR}person/mark-douglas"})
    posts = {str(row.post) for row in result}
    assert posts == {"Strategic Director, Children's Services"}


def test_parameter_text_cannot_change_the_query(built):
    hostile = '"} ?s ?p ?o . { ?s ?p "'
    result = run_query(built.dataset, "SELECT ?name WHERE { ?p foaf:name ?name }", {"name": hostile})
    assert list(result) == []  # bound as a literal: no such name, and the query was not altered


def test_unknown_and_missing_parameters(built):
    with pytest.raises(QueryError, match="needs --param person"):
        run_query(built.dataset, "person-posts", {})
    with pytest.raises(QueryError, match="unknown parameter"):
        run_query(built.dataset, "visits", {"colour": "red"})


def test_syntax_error_is_a_query_error(built):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        run_query(built.dataset, "SELECT ?x WHERE { ?x ?y }")


def test_not_a_query(built):
    with pytest.raises(QueryError, match="neither a named query"):
        run_query(built.dataset, "who is in charge")


def test_formats(built):
    query = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
    as_json = json.loads(format_result(run_query(built.dataset, query), "json"))
    names = [b["name"]["value"] for b in as_json["results"]["bindings"]]
    assert "Mark Douglas" in names
    csv_text = format_result(run_query(built.dataset, query), "csv")
    assert csv_text.splitlines()[0] == "name"
    assert len(csv_text.splitlines()) == len(names) + 1
    table = format_result(run_query(built.dataset, query), "table")
    assert table.rstrip().endswith(f"({len(names)} rows)")


def test_every_named_query_runs_and_documents_itself(built):
    required_free = {
        "person-posts": {"person": f"{KGR}person/mark-douglas"},
        "who-held-on": {"post": f"{KGR}post/bradford-director-childrens-services", "date": "2020-06-01"},
    }
    for name, q in named_queries().items():
        assert q.description, f"{name}.rq needs a header comment"
        rows = list(run_query(built.dataset, name, required_free.get(name, {})))
        assert rows, f"{name} returns nothing on the seed data"


def test_query_from_rq_file(built, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a kgo:Source }\n")
    [row] = list(run_query(built.dataset, str(path)))
    assert int(row.n) == 5


def test_who_held_on_reads_the_derived_intervals(built):
    post = f"{KGR}post/bradford-director-childrens-services"
    assert [
        (str(r.holder), str(r.status))
        for r in run_query(built.dataset, "who-held-on", {"post": post, "date": "2020-06-01"})
    ] == [("Mark Douglas", "certain")]
    # between the visit and the report he left: possible; after the report, nobody recorded
    assert [str(r.status) for r in run_query(built.dataset, "who-held-on", {"post": post, "date": "2021-08-15"})] == [
        "possible"
    ]
    assert list(run_query(built.dataset, "who-held-on", {"post": post, "date": "2021-12-01"})) == []


def test_holders_when_criticised(built):
    rows = {
        (str(r.criticism).split("/")[-1], str(r.holder), str(r.status))
        for r in run_query(
            built.dataset,
            "holders-when-criticised",
            {"theme": "https://w3id.org/accountability-kg/concept/themes/leadership"},
        )
    }
    # "too slow to secure permanent leadership arrangements" (December 2019): Douglas was certainly in post
    assert ("slow-permanent-leadership", "Mark Douglas", "certain") in rows


def test_criticism_themes_recur_across_visits(built):
    rows = [(str(r.theme_label), str(r.visit)) for r in run_query(built.dataset, "criticism-themes")]
    visits_per_theme: dict[str, set[str]] = {}
    for theme, visit in rows:
        visits_per_theme.setdefault(theme, set()).add(visit)
    assert len(visits_per_theme["Workforce stability and capacity"]) >= 3
    assert len(visits_per_theme["Pace of improvement"]) >= 3


def test_leadership_changes_per_organisation(built):
    rows = {(str(r.person), str(r.change)) for r in run_query(built.dataset, "leadership-changes")}
    assert {("Mark Douglas", "started"), ("Mark Douglas", "ended"), ("the new CEO at the council", "started")} <= rows


def test_judgements_over_time(built):
    [row] = list(run_query(built.dataset, "judgements"))
    assert str(row.grade) == "Inadequate" and "2018-10" in str(row.dates)


def test_responses_to_each_report(built):
    rows = {(str(r.visit), str(r.speaker)) for r in run_query(built.dataset, "responses")}
    assert ("bradford-cs-mv6", "Kersten England") in rows
    assert ("bradford-cs-mv-2024-02", "Eileen Milner") in rows


def _optional_groups(node: object) -> list[object]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found = []
    if isinstance(node, CompValue):
        if node.name == "OptionalGraphPattern":
            found.append(node.graph)
        for value in node.values():
            found += _optional_groups(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            found += _optional_groups(value)
    return found


def test_every_optional_in_the_queries_is_one_pattern():
    """Oxigraph evaluates an OPTIONAL group of several patterns over the whole store before joining it (30 ms
    instead of 0.3 ms for who-held-on at a million triples), so each OPTIONAL holds one triple pattern (a property
    path counts as one; a FILTER adds no join) or a subquery."""
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.data.paths import ONTOLOGY_DIR
    from kg.store.sparql import read_query

    files = sorted((ONTOLOGY_DIR / "queries").rglob("*.rq"))
    assert len(files) > 10
    wide = []
    for path in files:
        for group in _optional_groups(parseQuery(read_query(path))):
            if group.name == "SubSelect":
                continue
            patterns = [t for part in group.get("part", []) if part.name == "TriplesBlock" for t in part.triples]
            others = [part.name for part in group.get("part", []) if part.name not in ("TriplesBlock", "Filter")]
            if len(patterns) != 1 or others:
                wide.append(f"{path.name}: {len(patterns)} patterns {others}")
    assert wide == []


def test_leadership_and_judgements_on_the_seed_data(built):
    rows = [[str(v) for v in row] for row in run_query(built.dataset, "leadership-and-judgements")]
    assert rows == [["Bradford Council", "5", "1", "1", "2018-10 Inadequate", "2018-10 Inadequate"]]


def test_leadership_and_judgements_agrees_with_the_tenure_reasoning(synth_store):
    """Per council of a synthetic corpus in Oxigraph: the query's counts are the ones the library's catalogue,
    tenure timeline and timeline events give."""
    from kg.data.paths import Paths
    from kg.questions.timeline import events_of
    from kg.questions.who_held import Graphs
    from kg.store.backend import StoreSpec, open_built

    ds = open_built(Paths(output=synth_store / "out"), StoreSpec("oxigraph", str(synth_store / "store")))
    g = Graphs.of(ds)
    cat, spans = g.catalogue, list(g.timeline.spans.values())
    judged = [ev for ev in events_of(g) if ev.kind == "judgement"]
    rows = {str(r.body): r for r in run_query(ds, "leadership-and-judgements")}
    councils = [c for c in cat.of_kind("organisation").values() if c.parent is None and c.label in rows]
    assert len(councils) == 3
    for council in councils:
        units = cat.units(council.iri)
        lead = [s for s in spans if s.tenure.post and cat.items[s.tenure.post].lead and s.tenure.organisation in units]
        row = rows[council.label]
        assert int(row.lead_holders) == len({s.tenure.person for s in lead}), council.label
        assert int(row.successions) == sum(1 for s in lead if s.previous), council.label
        assert int(row.judgements) == len({ev.node for ev in judged if ev.related & units}), council.label
