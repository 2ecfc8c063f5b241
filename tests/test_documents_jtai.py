"""JTAI letters: the addressees' tenures attested on the letter's date and the inspection, on a letter written
here in the letters' layout (invented people and places), and on the shared real letters where ../shared is
present (addressee precision and recall against the hand-read gold file)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.data.dates import parse_date
from kg.data.model import Claim, Entity
from kg.errors import Location
from kg.extract.documents import jtai
from kg.extract.documents.pdf import DocumentText
from kg.extract.known import KnownEvents

ROOT = Path(__file__).resolve().parents[1]
REPORTS = next(
    (p / "shared" / "data" / "ofsted-reports" for p in (ROOT.parent, ROOT.parent.parent)
     if (p / "shared" / "data" / "ofsted-reports").is_dir()),
    None,
)  # fmt: skip

PAGE = """1
4 March 2030
Jo Alder, Interim Executive Director of Children\u2019s Services, Wexham Metropolitan Borough
Council
Sam Birch, Accountable Officer, NHS Wexham Clinical Commissioning Group
Kit Cedar, Police and Crime Commissioner for Northshire
Lee Dunmore QPM, Chief Constable, Northshire Police
Ash Elmwood Manager, Wexham Youth Offending Team
Director of Public Health
Max Fenwick, Independent Scrutineer
Dear Wexham Safeguarding Children Partnership
Joint targeted area inspection of Wexham
This letter summarises the findings of the joint targeted area inspection (JTAI) of the
multi-agency response to serious youth violence in Wexham.
This inspection took place from 13 to 17 January 2030. It was carried out by inspectors
from Ofsted, the Care Quality Commission (CQC) and His Majesty\u2019s Inspectorate of
Constabulary and Fire & Rescue Services (HMICFRS).
Headline findings
Leaders know their area well.
What needs to improve?
◼ The timeliness of strategy meetings when children are at risk of
harm.
◼ Staffing capacity in the emergency duty team.
2
◼ The recording of children’s wishes and feelings.
Main findings
Partners work well together.
"""


def council(eid: str, name: str) -> Entity:
    return Entity(eid, "organisation", {"id": eid, "name": name, "kind": "council"}, Location("test"))


ENTITIES = {
    "wexham-council": council("wexham-council", "Wexham Metropolitan Borough Council"),
    "ofsted": Entity("ofsted", "organisation", {"id": "ofsted", "name": "Ofsted", "kind": "inspectorate"}, None),
}


def letter(page: str = PAGE) -> DocumentText:
    return DocumentText((page, "Page two\n"), "0" * 64, "test", "0")


def read(known: KnownEvents | None = None, page: str = PAGE) -> dict[str, Any]:
    return jtai.read(letter(page), "jtai-test", dict(ENTITIES), known)


def tenures(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    posts = {p["id"]: p for p in out["entities"]["posts"]}
    return {c["extracted"]["mentions"]["person"]: {**c, "_post": posts[c["post"]]} for c in out["claims"]
            if c["type"] == "tenure"}  # fmt: skip


def orgs_of(out: dict[str, Any]) -> dict[str, str]:
    return {o["id"]: o["name"] for o in out["entities"]["organisations"]}


def test_each_named_leader_is_a_tenure_attested_on_the_letters_date() -> None:
    got = tenures(read())
    assert set(got) == {"Jo Alder", "Sam Birch", "Kit Cedar", "Lee Dunmore", "Max Fenwick"}  # no manager, no post alone
    roles = {name: t["_post"]["role"] for name, t in got.items()}
    assert roles == {
        "Jo Alder": "director-of-childrens-services", "Sam Birch": "accountable-officer",
        "Kit Cedar": "police-and-crime-commissioner", "Lee Dunmore": "chief-constable",
        "Max Fenwick": "independent-scrutineer",
    }  # fmt: skip
    assert all(t["attested"] == "2030-03-04" for t in got.values())
    assert got["Jo Alder"]["interim"] is True and "interim" not in got["Sam Birch"]
    assert got["Jo Alder"]["_post"]["organisation"] == "wexham-council"  # the body wrapped onto the next line links


def test_bodies_are_proposed_with_their_kinds() -> None:
    out = read()
    orgs = {o["name"]: o["kind"] for o in out["entities"]["organisations"]}
    assert orgs["Northshire Police"] == "police-force"
    assert orgs["NHS Wexham Clinical Commissioning Group"] == "nhs-commissioner"
    assert (
        orgs["Wexham Safeguarding Children Partnership"] == "safeguarding-partnership"
    )  # the scrutineer's, from "Dear"
    assert orgs["Police and Crime Commissioner for Northshire"] == "policing-body"
    assert "Wexham Metropolitan Borough Council" not in orgs  # known: linked, not proposed


def test_quotes_are_the_letters_words_at_their_offsets() -> None:
    doc = letter()
    out = jtai.read(doc, "jtai-test", dict(ENTITIES), None)
    for c in out["claims"]:
        ((start, end),) = c["extracted"]["offsets"]
        assert doc.text[start:end] == c["quote"]
    alder = tenures(out)["Jo Alder"]
    assert alder["quote"].endswith("Borough\nCouncil")


def test_the_inspection_is_one_event_by_each_inspectorate() -> None:
    visits = [c for c in read()["claims"] if c["type"] == "visit"]
    assert {v["inspectorate"] for v in visits} == {
        "ofsted", "care-quality-commission", "his-majestys-inspectorate-of-constabulary-and-fire-rescue-se",
    }  # fmt: skip
    assert {v["event"] for v in visits} == {"jtai-wexham-council-2030-01-13"}
    v = visits[0]
    assert (v["kind"], v["subject"], v["date"], v["published"]) == (
        "joint-targeted-area-inspection", "wexham-council", "2030-01-13/2030-01-17", "2030-03-04",
    )  # fmt: skip
    assert v["focus"] == ["serious youth violence"]


def test_a_known_inspection_keeps_its_id() -> None:
    values = {"event": "ofsted-1-2030-03-04", "kind": "joint-targeted-area-inspection", "inspectorate": "ofsted",
              "subject": "wexham-council", "date": parse_date("2030-01-13/2030-01-17")}  # fmt: skip
    known = KnownEvents([Claim("register", "r1", "visit", values, [], Location("x", 1, 1))], ENTITIES)
    assert {c["event"] for c in read(known)["claims"] if c["type"] == "visit"} == {"ofsted-1-2030-03-04"}
    values["date"] = parse_date("2027-01-11/2027-01-15")  # another inspection of the same council
    known = KnownEvents([Claim("register", "r1", "visit", values, [], Location("x", 1, 1))], ENTITIES)
    assert {c["event"] for c in read(known)["claims"] if c["type"] == "visit"} == {"jtai-wexham-council-2030-01-13"}


def test_older_letters_layout() -> None:
    """2016-2019 letters: "Between D1 and D2 Month YYYY, Ofsted, ... undertook", the theme in the title, the chair
    of the local safeguarding children board, a chief constable "of X police force", a commissioner with no area."""
    page = """10 May 2017
Ms Pat Gale, Director of Children\u2019s Services, Wexham local authority
Mr Ray Hart, Police and Crime Commissioner
Dr Bo Kerr, Chief Officer NHS Wexham CCG
Mr Lou Irwin QPM, Chief Constable of Northshire police force
Mr Al Judd OBE, Chair of Wexham LSCB
Dear local partnership
Joint targeted area inspection of the multi-agency response to abuse and
neglect in Wexham
Between 27 February and 3 March 2017, Ofsted, the Care Quality Commission (CQC), HMI
Constabulary (HMIC) and HMI Probation (HMI Prob) undertook a joint inspection.
"""
    out = read(page=page)
    got = tenures(out)
    assert {n: t["_post"]["role"] for n, t in got.items()} == {
        "Pat Gale": "director-of-childrens-services", "Ray Hart": "police-and-crime-commissioner",
        "Lou Irwin": "chief-constable", "Al Judd": "board-chair", "Bo Kerr": "accountable-officer",
    }  # fmt: skip
    assert orgs_of(out)[got["Bo Kerr"]["_post"]["organisation"]] == "NHS Wexham CCG"  # no comma before the body
    orgs = orgs_of(out)
    assert orgs[got["Ray Hart"]["_post"]["organisation"]] == "Police and Crime Commissioner for Northshire"
    visits = [c for c in out["claims"] if c["type"] == "visit"]
    assert len(visits) == 4 and visits[0]["date"] == "2017-02-27/2017-03-03"
    assert visits[0]["focus"] == ["abuse and neglect"] and visits[0]["subject"] == "wexham-council"


def test_a_generic_addressee_is_no_person() -> None:
    page = PAGE.replace("Max Fenwick, Independent Scrutineer", "Independent Scrutineer")
    assert "Max Fenwick" not in tenures(read(page=page))
    assert not any(p["name"].startswith("Dear") for p in read()["entities"]["people"])


@pytest.mark.skipif(REPORTS is None, reason="the shared Ofsted documents (../shared/data/ofsted-reports) are not here")
def test_addressees_of_the_real_letters_against_the_hand_read_gold() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "measure_jtai.py"), "--reports", str(REPORTS)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    line = next(x for x in run.stdout.splitlines() if x.startswith("precision"))
    precision, recall = float(line.split()[1]), float(line.split()[3])
    assert precision >= 0.95 and recall >= 0.9, run.stdout


def test_proposed_ids_are_ids_when_a_long_name_is_cut() -> None:
    """A post's id is cut from its body's long name: the cut never leaves a hyphen at the end."""
    page = PAGE.replace("Commissioner for Northshire", "Commissioner for Greater Wexhamshire Moors")
    out = read(page=page)  # the post's id, the body's (59 characters) and its role's, is cut at 60: after a hyphen
    ids = [e["id"] for section in out["entities"].values() for e in section]
    assert "police-and-crime-commissioner-for-greater-wexhamshire-moors" in ids
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids), ids


def test_each_item_of_what_needs_to_improve_is_a_criticism_of_the_partnership() -> None:
    doc = letter()
    out = jtai.read(doc, "jtai-test", dict(ENTITIES), None)
    found = [c for c in out["claims"] if c["type"] == "criticism"]
    assert [c["quote"] for c in found] == [
        "The timeliness of strategy meetings when children are at risk of\nharm.",
        "Staffing capacity in the emergency duty team.",
        "The recording of children\u2019s wishes and feelings.",
    ]  # the list runs over a page's number and ends at the next heading
    assert {c["by"] for c in found} == {"ofsted"}
    assert {tuple(c["target"]) for c in found} == {("wexham-safeguarding-children-partnership",)}
    assert {c["about"] for c in found} == {"jtai-wexham-council-2030-01-13"}
    assert "child-safety" in found[0]["theme"] and "workforce" in found[1]["theme"]


def test_inspection_dates_without_a_year_are_the_last_before_the_letter() -> None:
    page = PAGE.replace("took place from 13 to 17 January 2030", "took place from 12 to 16 December")
    visits = [c for c in read(page=page)["claims"] if c["type"] == "visit"]
    assert visits[0]["date"] == "2029-12-12/2029-12-16"  # the letter is of 4 March 2030


def test_a_title_that_wraps_names_its_council() -> None:
    page = PAGE.replace(
        "Joint targeted area inspection of Wexham\n",
        "Joint targeted area inspection of the multi-agency response to children\u2019s\nmental health in Wexham\n",
    ).replace("multi-agency response to serious youth violence in Wexham.", "multi-agency response.")
    v = next(c for c in read(page=page)["claims"] if c["type"] == "visit")
    assert (v["subject"], v["focus"]) == ("wexham-council", ["children\u2019s mental health"])


def test_inspectorates_named_before_the_dates() -> None:
    page = PAGE.replace(
        "This inspection took place from 13 to 17 January 2030. It was carried out by inspectors\nfrom Ofsted, the "
        "Care Quality Commission (CQC) and His Majesty\u2019s Inspectorate of\nConstabulary and Fire & Rescue "
        "Services (HMICFRS).",
        "Ministers asked His Majesty\u2019s Chief Inspector of Education, Children\u2019s Services and Skills,\n"
        "together with the Care Quality Commission (CQC), to carry out a JTAI.\n"
        "This inspection took place from 13 to 17 January 2030.",
    )
    assert page != PAGE
    visits = [c for c in read(page=page)["claims"] if c["type"] == "visit"]
    assert {v["inspectorate"] for v in visits} == {"ofsted", "care-quality-commission"}
