"""The named queries about every council, asked of the national graph (registers and articles) in Oxigraph, with
facts from the real registers; and the timeline's judgements naming their area or why there is no grade."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from kg.data.paths import Paths
from kg.store.backend import StoreSpec, open_built
from kg.store.sparql import run_query

KGR = "https://w3id.org/accountability-kg/id/"
BRADFORD = f"{KGR}org/bradford-council"
RI = "Requires improvement to be good"


@pytest.fixture(scope="module")
def ds(national_store: Path) -> Dataset:
    return open_built(Paths(output=national_store), StoreSpec("oxigraph", str(national_store / "store")))


def rows(ds: Dataset, name: str, **params: str) -> list[dict[str, str]]:
    result = run_query(ds, name, params)
    names = [str(v) for v in result.vars or []]
    return [{n: "" if r[n] is None else str(r[n]) for n in names} for r in result]


def test_a_councils_inspections_and_grades_by_area(ds: Dataset) -> None:
    found = rows(ds, "council-inspections", council=BRADFORD)
    overall = [(r["published"], r["lead_inspector"], r["judgement"]) for r in found if r["area"] == "Overall effectiveness"]
    assert overall == [
        ("2018-10-29", "Neil Penswick", "Inadequate"),
        ("2023-01-31", "Matt Reed", "Inadequate"),
        ("2026-05-21", "Catherine Heron", RI),
    ]
    leaders = "The impact of leaders on social work practice with children and families"
    assert ("2026-05-21", "Good") in {(r["published"], r["judgement"]) for r in found if r["area"] == leaders}
    # an area without a grade says why, from the judgement-gaps scheme
    assert {"2018-10-29", "not judged: The inspection came before the judgement existed"} <= {
        v for r in found if r["area"] == "The experiences and progress of care leavers" for v in r.values()
    }
    assert {r["body"] for r in found} == {"Bradford Council"}
    assert [r["published"] for r in found if r["published"]] == sorted(r["published"] for r in found if r["published"])


def test_councils_judged_inadequate_and_how_long_until_better(ds: Dataset) -> None:
    found = rows(ds, "inadequate-then-better")
    bradford = [(r["inadequate_on"], r["next_judged"], r["judged_better"], r["days_until_better"])
                for r in found if r["body"] == "Bradford Council"]
    assert bradford == [
        ("2018-10-29", "2023-01-31 Inadequate", f"2026-05-21 {RI}", "2761"),
        ("2023-01-31", f"2026-05-21 {RI}", f"2026-05-21 {RI}", "1206"),
    ]
    assert all(r["inadequate_on"] >= "2018-01-01" for r in found) and len({r["body"] for r in found}) >= 25
    later = rows(ds, "inadequate-then-better", since="2023-01-01")
    assert ("Bradford Council", "2023-01-31") in {(r["body"], r["inadequate_on"]) for r in later}
    assert ("Bradford Council", "2018-10-29") not in {(r["body"], r["inadequate_on"]) for r in later}


def test_latest_grade_beside_statistical_neighbours(ds: Dataset) -> None:
    found = rows(ds, "neighbours-latest-grades", council=BRADFORD)
    assert found[0] == {"council_name": "Bradford Council", "relation": "council", "body": "Bradford Council",
                        "latest_grade": RI, "judged": "2026-05-21"}
    neighbours = {r["body"]: (r["latest_grade"], r["judged"]) for r in found[1:]}
    assert {r["relation"] for r in found[1:]} == {"neighbour"} and len(neighbours) == 10
    assert {"Sheffield Council", "Birmingham Council", "Kirklees Council", "Oldham Council"} <= set(neighbours)
    assert all(grade and judged for grade, judged in neighbours.values())
    every = rows(ds, "neighbours-latest-grades")
    assert len({r["council_name"] for r in every}) >= 153


def test_lead_inspectors_and_the_inspections_each_led(ds: Dataset) -> None:
    found = rows(ds, "inspectors", inspector=f"{KGR}person/neil-penswick")
    assert {r["role"] for r in found} == {"lead"} and {r["led"] for r in found} == {str(len(found))}
    assert ("2018-10-29", "Bradford Council Children's Services") in {(r["published"], r["inspected"]) for r in found}
    every = rows(ds, "inspectors")
    assert ("Catherine Heron", "lead", "ofsted-80449-2026-05-21") in {(r["name"], r["role"], r["inspection"]) for r in every}
    assert ("Jan Edwards", "inspector", "bradford-cs-mv3") in {(r["name"], r["role"], r["inspection"]) for r in every}
    assert len({r["name"] for r in every if r["role"] == "lead"}) >= 40


def test_interventions_and_trusts_with_the_judgement_before_and_after(ds: Dataset) -> None:
    found = rows(ds, "interventions-and-judgements", council=BRADFORD)
    trust = next(r for r in found if r["kind"] == "Transfer of services")
    assert trust["resulting"] == "Bradford Children and Families Trust"
    assert (trust["judgement_before"], trust["judgement_after"]) == ("2023-01-31 Inadequate", f"2026-05-21 {RI}")
    assert {r["body"] for r in found} == {"Bradford Council"}


def test_interventions_and_trusts_from_the_registers(ds: Dataset) -> None:
    found = rows(ds, "interventions-and-judgements")
    kinds = {(r["body"], r["kind"]) for r in found}
    assert ("Doncaster Council", "Government intervention") in kinds
    assert ("Doncaster Council", "Transfer of services") in kinds
    wakefield = next(r for r in found if r["change"] == "intervention-wakefield-2018-12")
    assert (wakefield["date"], wakefield["judgement_before"], wakefield["judgement_after"]) == (
        "2018-12-13", "2018-07-17 Inadequate", "2022-01-05 Good")
    assert len({r["body"] for r in found}) >= 20


def test_the_timeline_names_the_area_and_why_there_is_no_grade(national_store: Path, kg: Callable[..., Any]) -> None:
    leeds = kg("timeline", "--org", "Leeds", "--out", national_store,
               "--store", f"oxigraph:{national_store / 'store'}", "--format", "json")
    assert leeds.exit_code == 0, leeds.stderr
    import json

    said = [r["summary"] for r in json.loads(leeds.stdout) if r["kind"] == "judgement"]
    assert "Ofsted judged Leeds children's services outstanding (Overall effectiveness)" in said
    assert ("Ofsted on Leeds children's services (The experiences and progress of care leavers): not judged: "
            "the inspection came before the judgement existed") in said
    assert all("(" in s for s in said)  # every register judgement names its area
