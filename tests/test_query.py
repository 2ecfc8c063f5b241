"""kg query: SPARQL text, .rq files and named queries; parameters are bound, never pasted."""

from __future__ import annotations

import json

import pytest

from kg.errors import QueryError
from kg.sparql import format_result, named_queries, run_query

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
    required_free = {"person-posts": {"person": f"{KGR}person/mark-douglas"}}
    for name, q in named_queries().items():
        assert q.description, f"{name}.rq needs a header comment"
        rows = list(run_query(built.dataset, name, required_free.get(name, {})))
        assert rows, f"{name} returns nothing on the seed data"


def test_query_from_rq_file(built, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a kgo:Source }\n")
    [row] = list(run_query(built.dataset, str(path)))
    assert int(row.n) == 5
