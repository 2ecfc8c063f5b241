"""ILACS and SIF reports read into candidate claims: the judgement table by area, the dates, the lead inspector, the
council named in the title, 'What needs to improve', the previous judgement and 'in post since' statements; the
report's inspection is the register's (one node). Synthetic report texts written here, and the shared reports
(Ofsted, licensed under the Open Government Licence v3.0) where ../shared is present."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.data.model import Corpus, Entity
from kg.data.paths import Paths
from kg.errors import Location
from kg.extract.documents import ilacs, sif
from kg.extract.documents.pdf import DocumentText, read_pdf
from kg.extract.documents.report_tables import AREA_WORDS, area_of, judgement_table
from kg.extract.known import KnownEvents
from kg.graph.build import build
from kg.registers import load_project
from kg.store.backend import StoreSpec

ROOT = Path(__file__).resolve().parent.parent
REPORTS = [p / "data" / "ofsted-reports" for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")]


def doc(*pages: str) -> DocumentText:
    return DocumentText(tuple(pages), "0" * 64, "test", "1")


ILACS = """Inspection of Exampleshire local authority
children\u2019s services
Inspection dates: 7 to 18 November 2022
Lead inspector: Jo Example, His Majesty\u2019s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement
to be good
The experiences and progress of
children who need help and protection
Inadequate
The experiences and progress of
children in care and care leavers
Good
Overall effectiveness Requires improvement
to be good
Since the previous inspection in 2019, when services were judged to be good, leaders have
not kept pace. The director of children\u2019s services (DCS) has been in post since March 2021.
"""
PAGE2 = """Inspection of Exampleshire local authority children\u2019s services
7 to 18 November 2022 2
What needs to improve?
\u25fc The timeliness of strategy meetings for children at risk of significant harm.
\u25fc The quality of supervision and management oversight of
social workers\u2019 plans.
The experiences and progress of children who need help and
protection: inadequate
1. Children wait too long.
"""


def _entities() -> dict[str, Entity]:
    here = Location("test")
    council = Entity("exampleshire-council", "organisation",
                     {"id": "exampleshire-council", "name": "Exampleshire County Council", "kind": "council"}, here)  # fmt: skip
    unit = Entity("exampleshire-childrens-services", "organisation", {
        "id": "exampleshire-childrens-services", "name": "Exampleshire children's services", "kind": "department",
        "unit_of": "exampleshire-council", "identifiers": {"ofsted-urn": "1"}}, here)  # fmt: skip
    ofsted = Entity("ofsted", "organisation", {"id": "ofsted", "name": "Ofsted", "kind": "inspectorate"}, here)
    return {e.id: e for e in (council, unit, ofsted)}


def by_rule(out: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [c for c in out["claims"] if c["extracted"]["rule"] == rule]


def test_ilacs_table_dates_lead_and_council() -> None:
    d = doc(ILACS, PAGE2)
    out = ilacs.read(d, "exampleshire-ilacs", _entities(), None)
    visit = by_rule(out, "report/ilacs-inspection")[0]
    assert visit["subject"] == "exampleshire-childrens-services"
    assert (visit["date"]["earliest"], visit["date"]["latest"]) == ("2022-11-07", "2022-11-18")
    assert visit["framework"] == "ilacs-standard"
    assert visit["lead_inspector"] == "jo-example"
    grades = {c.get("area", "overall"): c["grade"] for c in by_rule(out, "report/judgement-table")}
    assert grades == {"impact-of-leaders": "requires-improvement", "help-and-protection": "inadequate",
                      "children-in-care-and-care-leavers": "good", "overall": "requires-improvement"}  # fmt: skip
    for c in out["claims"]:  # every quote is the document's own text, where its offsets say
        quotes = c["quote"] if isinstance(c["quote"], list) else [c["quote"]]
        assert [d.text[s:e] for s, e in c["extracted"]["offsets"]] == quotes


def test_ilacs_improvements_previous_and_tenure() -> None:
    out = ilacs.read(doc(ILACS, PAGE2), "exampleshire-ilacs", _entities(), None)
    items = by_rule(out, "report/what-needs-to-improve")
    assert [c["quote"].split("\n")[0] for c in items] == [
        "The timeliness of strategy meetings for children at risk of significant harm.",
        "The quality of supervision and management oversight of",
    ]
    assert items[1]["quote"].endswith("plans.") and "management-oversight" in items[1]["theme"]
    assert all(c["by"] == "ofsted" and c["target"] == ["exampleshire-childrens-services"] for c in items)
    (prev,) = by_rule(out, "report/previous-judgement")
    assert (prev["grade"], prev["date"]["value"]) == ("good", "2019")
    (tenure,) = by_rule(out, "report/in-post-since")
    assert tenure["start"]["value"] == "2021-03" and tenure["extracted"]["needs"] == ["person"]


def test_ilacs_without_overall_grade() -> None:
    """From April 2026 the table has no overall effectiveness row: the next paragraph is not a row."""
    text = ILACS.replace("Overall effectiveness Requires improvement\nto be good\n", "")
    out = ilacs.read(doc(text), "x", _entities(), None)
    assert {c.get("area") for c in by_rule(out, "report/judgement-table")} == {
        "impact-of-leaders", "help-and-protection", "children-in-care-and-care-leavers"}  # fmt: skip


def test_table_rows_and_areas() -> None:
    text = "Judgement Grade\nThe experiences and progress of care\nleavers\nOutstanding\nSome summary text.\n"
    rows = judgement_table(text, len("Judgement Grade\n"))
    assert [(r.area, r.grade) for r in rows] == [("care-leavers", "outstanding")]
    assert area_of("The experiences and progress of\nchildren in care", AREA_WORDS) == "children-in-care"
    assert area_of("A paragraph about something else", AREA_WORDS) is None


SIF = """1
Exampleshire County Council
Re-inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection dates: 9\u201324 November 2017
Report published: 19 January 2018
Children\u2019s services in Exampleshire are inadequate
1. Children who need help and protection Inadequate
2. Children looked after and achieving
permanence
Requires
Improvement
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Inadequate
"""
SIF_END = """Local leadership
\uf0b7 The interim director of children\u2019s services has been in post since June 2017.
Lead inspector: Sam Sample
"""


def test_sif_report() -> None:
    out = sif.read(doc(SIF, SIF_END), "exampleshire-sif", _entities(), None)
    visit = by_rule(out, "report/sif-inspection")[0]
    assert visit["published"]["value"] == "2018-01-19" and visit["framework"] == "sif"
    assert visit["lead_inspector"] == "sam-sample" and visit["subject"] == "exampleshire-childrens-services"
    grades = {c.get("area", "overall"): c["grade"] for c in out["claims"] if c["type"] == "judgement"}
    assert grades == {"overall": "inadequate", "sif-help-and-protection": "inadequate",
                      "looked-after-and-permanence": "requires-improvement", "adoption": "good",
                      "sif-care-leavers": "requires-improvement", "leadership-management-governance": "inadequate"}  # fmt: skip
    (tenure,) = by_rule(out, "report/in-post-since")
    assert tenure["interim"] is True and tenure["start"]["value"] == "2017-06"


def test_not_a_report_gives_nothing() -> None:
    assert ilacs.read(doc("Dear Sir,\nA letter.\n"), "x", _entities(), None)["claims"] == []
    assert sif.read(doc("Dear Sir,\nA letter.\n"), "x", _entities(), None)["claims"] == []


@cache
def _project() -> tuple[Corpus, KnownEvents]:
    corpus = load_project(Paths(data=ROOT / "data"))
    return corpus, KnownEvents(corpus.claims, corpus.entities)


def _shared(kind: str) -> list[Path]:
    folder = next((p for p in REPORTS if p.is_dir()), None)
    if folder is None:
        pytest.skip("the shared Ofsted reports (../shared/data/ofsted-reports) are not here")
    return sorted(folder.glob(f"*_{kind}_*.pdf"))


def test_every_shared_ilacs_report() -> None:
    """Each gives its dates, lead inspector, an overall grade (or, from April 2026, none) and is the register's
    inspection of that council (one node)."""
    corpus, known = _project()
    files = _shared("ilacs")
    assert files
    for path in files:
        out = ilacs.read(read_pdf(path), path.stem.replace("_", "-"), corpus.entities, known)
        visit = by_rule(out, "report/ilacs-inspection")[0]
        assert visit["date"]["earliest"] and visit.get("lead_inspector"), path.name
        assert visit["event"].startswith("ofsted-"), path.name  # the register's event
        areas = {c.get("area") for c in by_rule(out, "report/judgement-table")}
        assert "impact-of-leaders" in areas and "help-and-protection" in areas, path.name
        after_reform = visit["date"]["earliest"] >= "2026-04-01"
        assert (None in areas) != after_reform, path.name


def test_every_shared_sif_report() -> None:
    corpus, known = _project()
    for path in _shared("sif"):
        out = sif.read(read_pdf(path), path.stem.replace("_", "-"), corpus.entities, known)
        visit = by_rule(out, "report/sif-inspection")[0]
        assert visit["date"]["earliest"] and visit.get("lead_inspector"), path.name
        assert visit["event"].startswith("ofsted-"), path.name  # the register's event
        assert by_rule(out, "report/sif-overall") and len(by_rule(out, "report/judgement-table")) == 5, path.name


BRADFORD = """1
City of Bradford Metropolitan District
Council
Inspection of children\u2019s social care services
Inspection dates: 17 September to 28 September 2018
Lead inspector: Neil Penswick
Her Majesty\u2019s Inspector
Judgement Grade
The impact of leaders on social work practice with children
and families Requires improvement
to be good
The experiences and progress of children who need help and
protection Good
Overall effectiveness Inadequate
"""


def test_a_report_is_the_registers_inspection_and_crosscheck_compares_its_grades(
    tmp_path: Path, kg: Callable[..., Any]
) -> None:
    """A report (synthetic text, with one grade changed) of Bradford's 2018 inspection, read into data/ and built:
    its judgements are the register's inspection's (one node), and `kg crosscheck` lists the changed grade as a
    disagreement beside the agreeing ones."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("pending"))
    sid = "2018-ofsted-report-bradford"
    text_path = data / "sources" / f"{sid}.txt"
    text_path.write_text(BRADFORD, encoding="utf-8")
    corpus, known = _project()
    out = ilacs.read(doc(BRADFORD), sid, corpus.entities, known)
    assert {c["inspection"] for c in out["claims"] if c["type"] == "judgement"} == {"ofsted-80449-2018-10-29"}
    meta = {"id": sid, "title": "Inspection of children's social care services", "kind": "inspection-report",
            "publisher": "ofsted", "published": "2018-10-29", "date_evidence": "a test",
            "sha256": hashlib.sha256(text_path.read_bytes()).hexdigest()}  # fmt: skip
    (data / "sources" / f"{sid}.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    (data / "claims" / f"{sid}.yaml").write_text(yaml.safe_dump({"source": sid, "claims": out["claims"]}))
    store = tmp_path / "out"
    build(Paths(data=data, output=store), store=StoreSpec("oxigraph", str(store / "store")), validate=True)
    result = kg("crosscheck", "--format", "json", "--out", str(store), "--store", f"oxigraph:{store / 'store'}")
    assert result.exit_code == 0, result.stderr
    grades = {(r["article_source"], r["register"], r["article"], r["status"]) for r in json.loads(result.stdout)
              if r["aspect"] == "grade" and r["article_source"] == sid}  # fmt: skip
    assert grades == {
        (sid, "requires-improvement", "requires-improvement", "agrees"),  # impact of leaders
        (sid, "inadequate", "good", "disagrees"),  # help and protection, changed in the text above
        (sid, "inadequate", "inadequate", "agrees"),  # overall effectiveness
    }
