"""`kg crosscheck` on the national graph: the seed articles agree with Ofsted's register about Bradford's 2018
inspection (no disagreement; each vaguer article date narrowed to the register's dates, and why); an article made
to disagree (another grade, a date outside the register's dates) is listed with both quotes. Also the intervention
triggered by that inspection, as a kgo:triggeredBy edge in the built graph."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.data.paths import Paths
from kg.graph.build import build
from kg.store.backend import StoreSpec
from tests.conftest import NATIONAL

EVENT = "ofsted-80449-2018-10-29"


def _build(data: Path, out: Path) -> list[str]:
    build(Paths(data=data, output=out), store=StoreSpec("oxigraph", str(out / "store")), validate=True)
    return ["--out", str(out), "--store", f"oxigraph:{out / 'store'}"]


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _build(NATIONAL, tmp_path_factory.mktemp("crosscheck"))


@pytest.fixture(scope="module")
def disagreeing(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A copy of data/ where one article gives Bradford's 2018 inspection another grade (a judgement of its own)
    and another dates its judgement after the register's publication."""
    root = tmp_path_factory.mktemp("disagree")
    data = root / "data"
    shutil.copytree(NATIONAL, data, ignore=shutil.ignore_patterns("pending"))
    trust = data / "claims" / "2024-news-ofsted-monitoring-visit-trust.yaml"
    text = trust.read_text()
    text = text.replace("judgement: bradford-cs-2018-inadequate\n", "judgement: bradford-cs-2018-other-grade\n", 1)
    trust.write_text(text.replace("grade: inadequate\n", "grade: requires-improvement\n", 1))
    care = data / "claims" / "2021-news-ofsted-monitoring-visit-children-in-care.yaml"
    text = care.read_text()
    head, _, tail = text.partition("  - id: judgement-2018-inadequate")
    care.write_text(head + "  - id: judgement-2018-inadequate" + tail.replace('date: "2018"', "date: 2019-03", 1))
    return _build(data, root / "out")


def _rows(kg: Callable[..., Any], store: list[str], *args: str) -> list[dict[str, Any]]:
    result = kg("crosscheck", *args, "--format", "json", *store)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_the_seed_articles_agree_and_their_dates_are_narrowed(national: list[str], kg: Callable[..., Any]) -> None:
    rows = _rows(kg, national)
    assert rows and all(r["status"] == "agrees" for r in rows)
    assert {r["event"] for r in rows} == {EVENT}
    october = next(r for r in rows if r["aspect"] == "date" and r["article"] == "October, 2018")
    assert october["narrowed"] == {"earliest": "2018-10-01", "latest": "2018-10-29"}
    assert "first day on site (2018-09-17)" in october["why"] and "publication (2018-10-29)" in october["why"]
    assert october["article_quote"] == "Bradford Council was given an ‘inadequate’ rating in October, 2018"
    assert october["register_quote"].startswith("80449,bradford,") and "Neil Penswick" in october["register_quote"]
    years = [r for r in rows if r["aspect"] == "date" and r["article"] == "2018"]
    assert years and all(r["narrowed"] == {"earliest": "2018-09-17", "latest": "2018-10-29"} for r in years)
    grades = [r for r in rows if r["aspect"] == "grade"]
    assert len(grades) >= 3 and all(r["article"] == r["register"] == "inadequate" for r in grades)


def test_org_filter_and_table(national: list[str], kg: Callable[..., Any]) -> None:
    assert _rows(kg, national, "--org", "Leeds") == []
    assert {r["event"] for r in _rows(kg, national, "--org", "Bradford")} == {EVENT}
    table = kg("crosscheck", "--org", "Bradford", *national)
    assert table.exit_code == 0 and "narrowed to 2018-10-01..2018-10-29" in table.stdout
    missing = kg("crosscheck", "--org", "Atlantis", *national)
    assert missing.exit_code != 0 and "'Atlantis'" in missing.stderr


def test_the_intervention_is_linked_to_the_inspection_that_triggered_it(national: list[str], kg: Callable[..., Any]) -> None:
    result = kg("query", "SELECT ?c WHERE { ?c kgo:triggeredBy ?e FILTER(STRENDS(STR(?e), '/event/ofsted-80449-2018-10-29')) }", *national)
    assert result.exit_code == 0, result.stderr
    assert "change/intervention-bradford-2021-09" in result.stdout


def test_an_article_that_disagrees_is_listed_with_both_quotes(disagreeing: list[str], kg: Callable[..., Any]) -> None:
    rows = _rows(kg, disagreeing)
    wrong = [r for r in rows if r["status"] == "disagrees"]
    assert {r["aspect"] for r in wrong} == {"grade", "date"}, wrong
    assert rows[: len(wrong)] == wrong  # disagreements first
    grade = next(r for r in wrong if r["aspect"] == "grade")
    assert (grade["article"], grade["register"]) == ("requires-improvement", "inadequate")
    assert grade["article_source"] == "2024-news-ofsted-monitoring-visit-trust"
    assert grade["article_quote"] == "The service was judged 'inadequate' in 2018"
    assert grade["register_quote"].startswith("80449,bradford,") and "both kept" in grade["why"]
    date = next(r for r in wrong if r["aspect"] == "date")
    assert date["article"] == "2019-03" and date["narrowed"] is None
    assert date["article_quote"] == "almost three years after the service was judged inadequate"
    assert "outside the register's dates" in date["why"]
    assert any(r["status"] == "agrees" and r["article"] == "October, 2018" for r in rows)  # the rest still agree


@pytest.fixture(scope="module")
def other_lead(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A copy of data/ where one article says Bradford's 2018 inspection was led by another inspector."""
    root = tmp_path_factory.mktemp("other-lead")
    data = root / "data"
    shutil.copytree(NATIONAL, data, ignore=shutil.ignore_patterns("pending"))
    trust = data / "claims" / "2024-news-ofsted-monitoring-visit-trust.yaml"
    text = trust.read_text()
    head, sep, tail = text.partition("claims:\n")
    visit = (
        "  - id: made-up-2018-visit\n    type: visit\n    event: bradford-cs-2018-inspection\n    kind: inspection\n"
        "    inspectorate: ofsted\n    subject: bradford-childrens-services\n    date: \"2018\"\n"
        "    lead_inspector: jan-edwards\n    quote: \"The service was judged 'inadequate' in 2018\"\n"
    )
    trust.write_text(head + sep + visit + tail)
    return _build(data, root / "out")


def test_another_lead_inspector_is_a_disagreement(other_lead: list[str], kg: Callable[..., Any]) -> None:
    rows = _rows(kg, other_lead, "--org", "Bradford")
    [lead] = [r for r in rows if r["aspect"] == "lead inspector"]
    assert lead["status"] == "disagrees", lead
    assert "Jan Edwards" in lead["article"] and "Neil Penswick" in lead["register"]
    assert lead["article_quote"] == "The service was judged 'inadequate' in 2018"
    assert lead["register_quote"].startswith("80449,bradford,")
