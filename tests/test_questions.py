"""who-held, roles, in-post, timeline and export on the real data, through the CLI as a user runs them."""

from __future__ import annotations

import csv
import io
import json

import pytest

DCS = "Strategic Director, Children's Services"
TENURE_FIELDS = {
    "person",
    "person_id",
    "post",
    "post_id",
    "organisation",
    "organisation_id",
    "vacancy",
    "status",
    "start",
    "end",
    "certain_from",
    "certain_until",
    "interim",
    "acting",
    "previous_holder",
    "next_holder",
    "conflicts",
    "evidence",
}
TIMELINE_FIELDS = {"date", "kind", "summary", "node", "themes", "sources", "citations", "quote", "accountable"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from kg.data.paths import Paths
    from kg.graph.build import build
    from tests.conftest import DATA

    folder = tmp_path_factory.mktemp("out")
    build(Paths(data=DATA, output=folder))
    return folder


@pytest.fixture
def ask(kg, out):
    def run(*args):
        result = kg(*args, "--out", out, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run


@pytest.mark.parametrize(
    "wording",
    [
        "director of children's services",
        "Director of Children’s Services",
        "HEAD OF CHILDRENS SERVICES",
        "children's services boss",
        "strategic director for children's services",
    ],
)
def test_any_wording_of_the_post_finds_the_strategic_director(ask, wording):
    rows = ask("who-held", wording)
    assert {(r["post"], r["person"]) for r in rows} == {(DCS, "Mark Douglas")}


def test_who_held_rows_keep_their_documented_fields(ask):
    [row] = ask("who-held", "director of children's services")
    assert set(row) == TENURE_FIELDS
    assert set(row["start"]) == {"earliest", "latest", "earliest_basis", "latest_basis"}
    assert set(row["evidence"][0]) == {
        "kind", "date", "written", "earliest", "latest", "source", "source_title", "source_url", "source_retrieved",
        "claim", "quote",
    }  # fmt: skip
    assert row["start"] == {
        "earliest": "2019-06-01",
        "latest": "2019-08-31",
        "earliest_basis": "stated start 'last summer' (2019-summer, 2020-news-ofsted-fourth-monitoring-visit)",
        "latest_basis": "stated start 'last summer' (2019-summer, 2020-news-ofsted-fourth-monitoring-visit)",
    }
    assert (row["certain_from"], row["certain_until"]) == ("2019-08-31", "2021-07-01")
    assert {e["source"] for e in row["evidence"]} >= {
        "2020-news-ofsted-fourth-monitoring-visit",
        "2021-news-ofsted-monitoring-visit-children-in-care",
    }


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2020", {("Mark Douglas", "certain")}),
        ("2020-03-01", {("Mark Douglas", "certain")}),
        ("2019-07", {("Mark Douglas", "possible")}),  # "took up post last summer"
        ("2021-08", {("Mark Douglas", "possible"), (None, "possible")}),  # left between the visit and the report
        ("2022", {(None, "possible")}),  # nobody recorded after him: a possible vacancy
        ("2018", set()),
    ],
)
def test_who_held_on_a_date_says_certain_or_possible(ask, on, expected):
    rows = ask("who-held", "director of children's services", "--on", on)
    assert {(r["person"], r["status"]) for r in rows} == expected


def test_unnamed_holder_is_in_the_succession(ask):
    rows = ask("who-held", "chief executive")
    assert [r["person"] for r in rows] == ["Kersten England", "the new CEO at the council"]
    assert rows[1]["previous_holder"] == "Kersten England"
    assert rows[0]["end"]["latest"] == "2024-02-29"  # bounded by the next holder's latest start


def test_roles_finds_a_person_by_any_alias(ask):
    by_name = ask("roles", "Mark Douglas")
    assert ask("roles", "Marc Douglas") == by_name == ask("roles", "Mr Douglas")
    assert [r["post"] for r in by_name] == [DCS]
    assert {r["post"] for r in ask("roles", "Cllr Adrian Farley")} == {
        "Portfolio Holder for Children and Families",
        "Councillor for Keighley",
    }


def test_in_post_answers_who_was_accountable(ask):
    rows = ask("in-post", "--on", "2021-08/2021-09", "--org", "Bradford Council")
    status = {(r["post"], r["person"]): r["status"] for r in rows}
    assert status[("Chief Executive of Bradford Council", "Kersten England")] == "certain"
    assert status[("Leader of Bradford Council", "Susan Hinchcliffe")] == "certain"
    assert status[(DCS, "Mark Douglas")] == "possible"


def test_trust_posts_do_not_exist_before_the_trust(ask):
    assert ask("in-post", "--on", "2022", "--org", "Bradford Children and Families Trust") == []
    rows = ask("in-post", "--on", "2024-03", "--org", "the trust")
    assert {r["person"] for r in rows} == {"Eileen Milner"}
    [milner] = ask("roles", "Eileen Milner")
    assert milner["start"]["earliest"] == "2023-04-01"
    assert "the organisation exists from 2023-04-01" in milner["start"]["earliest_basis"]


def test_timeline_orders_events_and_shows_who_was_accountable(ask):
    rows = ask("timeline", "--org", "Bradford Council")
    assert rows and all(set(r) == TIMELINE_FIELDS for r in rows)
    starts = [r["date"]["earliest"] for r in rows]
    assert starts == sorted(starts)
    kinds = {r["kind"] for r in rows}
    assert {"judgement", "visit", "criticism", "praise", "response", "change", "tenure-start", "tenure-end"} <= kinds
    criticism = next(r for r in rows if r["node"].endswith("/slow-permanent-leadership"))
    assert {"post": DCS, "person": "Mark Douglas", "status": "certain"} in criticism["accountable"]


def test_timeline_period_and_body_filters(ask):
    rows = ask("timeline", "--org", "the trust", "--from", "2023", "--to", "2024")
    assert rows
    assert all(r["date"]["latest"] >= "2023-01-01" and r["date"]["earliest"] <= "2024-12-31" for r in rows)
    assert any(r["kind"] == "change" for r in rows)


def test_table_and_csv_formats(kg, out):
    table = kg("who-held", "chief executive", "--out", out)
    assert table.exit_code == 0 and "the new CEO at the council" in table.stdout
    rows = list(csv.DictReader(io.StringIO(kg("roles", "Kersten England", "--out", out, "-f", "csv").stdout)))
    assert rows[0]["post"] == "Chief Executive of Bradford Council" and rows[0]["start_latest"] == "2021-09-30"


def test_unknown_role_and_bad_date_are_clear_errors(kg, out):
    result = kg("who-held", "chief dragon keeper", "--out", out)
    assert result.exit_code == 4 and "no post matches 'chief dragon keeper'" in result.stderr
    result = kg("who-held", "chief executive", "--on", "2020-13", "--out", out)
    assert result.exit_code == 4 and "--on '2020-13'" in result.stderr


def test_export_popolo(kg, out, tmp_path):
    target = tmp_path / "popolo.json"
    assert kg("export", "--format", "popolo", "--to", target, "--out", out).exit_code == 0
    doc = json.loads(target.read_text())
    douglas = next(p for p in doc["persons"] if p["id"] == "mark-douglas")
    assert {"name": "Marc Douglas"} in douglas["other_names"]
    membership = next(m for m in doc["memberships"] if m["person_id"] == "mark-douglas")
    assert membership["post_id"] == "bradford-director-childrens-services"
    assert (membership["start_date"], membership["end_date"]) == ("2019", "2021")
    assert membership["start_date_earliest"] == "2019-06-01" and membership["end_date_latest"] == "2021-09-29"
    assert all(s["url"].startswith("https://w3id.org/accountability-kg/id/source/") for s in membership["sources"])
    assert {o["id"] for o in doc["organizations"]} >= {"bradford-council", "ofsted"}


def test_export_csv_has_a_row_per_tenure(kg, out, corpus):
    rows = list(csv.DictReader(io.StringIO(kg("export", "--format", "csv", "--out", out).stdout)))
    tenure_ids = {
        f"{c.get('person')}--{c.get('post') or c.get('organisation')}"
        for c in corpus.claims
        if c.type in ("tenure", "membership")
    }
    assert len(rows) == len(tenure_ids)
