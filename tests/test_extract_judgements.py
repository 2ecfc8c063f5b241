"""Judgements and inspection events in extraction: every grade a sentence gives, with the body its clause names,
the area judged and the date the text gives (else `needs: [date]` for the reviewer); visits and links to known
events that keep to the body the sentence names. Purpose-made texts (invented bodies and people), the seed data
for linking, and the real articles where ../shared is present."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.data.dates import parse_date
from kg.data.paths import Paths
from kg.extract import extract_file, extract_text
from kg.registers import load_project
from tests.conftest import NATIONAL, ROOT


def judgements(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in result["claims"] if c["type"] == "judgement"]


AREAS = """Fenmoor Children's Trust rated inadequate by Ofsted

Fenmoor Children's Trust has been rated as 'inadequate' by Ofsted.

Ofsted branded the trust inadequate for the services it provides to children who need 'help and protection'.

The trust was also rated as requiring improvement in three out of five inspected areas - children looked after and achieving permanence, the experiences of care leavers and the trust's leadership, management and governance.

It received a 'good' rating for its adoption services, but the trust has been given an overall rating of 'inadequate' by inspectors.
"""
# Invented trust: a purpose-made article.


def test_a_list_of_graded_areas_is_one_judgement_per_area_and_the_overall_one_without():
    result = extract_text(AREAS, "a", None, {})
    trust = {j["subject"] for j in judgements(result)}
    assert len(trust) == 1 and "fenmoor" in next(iter(trust))
    assert sorted((j["grade"], j.get("area") or "") for j in judgements(result)) == [
        ("good", "adoption"),
        ("inadequate", ""),  # "rated as 'inadequate'" and "an overall rating of 'inadequate'": one judgement
        ("inadequate", "help-and-protection"),
        ("requires-improvement", "care-leavers"),
        ("requires-improvement", "children-in-care-and-care-leavers"),
        ("requires-improvement", "leadership-management-governance"),
    ]


def test_with_no_date_in_the_text_and_no_publication_date_the_reviewer_must_give_one():
    found = judgements(extract_text(AREAS, "a", None, {}))
    assert len(found) == 6
    for j in found:
        assert "date" not in j and j["extracted"]["needs"] == ["date"]


def test_today_is_the_publication_date_when_it_is_known():
    result = extract_text(AREAS.replace("has been rated", "has today been rated"), "a", parse_date("2015-11-27"), {})
    [overall] = [j for j in judgements(result) if j["grade"] == "inadequate" and "area" not in j]
    assert overall["date"]["value"] == "2015-11-27" and "needs" not in overall["extracted"]


FORMS = """Ravenby services improve

Ravenby City Council's children's services were judged to "require improvement" in 2019.

This followed last month's Ofsted report which rated the service as 'good'.

Corbridge Borough Council was rated inadequate in 2014, and Ofsted graded Ashdale Council "outstanding" in 2016.
"""
# Invented councils.


def test_each_rating_keeps_its_own_body_and_year():
    result = extract_text(FORMS, "a", parse_date("2023-05-10"), {})
    by = {(j["subject"], j["grade"]): j for j in judgements(result)}
    assert by[("corbridge-borough-council", "inadequate")]["date"]["value"] == "2014"
    assert by[("ashdale-council", "outstanding")]["date"]["value"] == "2016"
    ravenby = {g for (s, g) in by if s.startswith("ravenby")}
    assert ravenby == {"requires-improvement", "good"}
    good = next(j for (s, g), j in by.items() if g == "good")
    assert good["date"]["value"] == "2023-04"  # "last month's report", read against the publication date


def test_a_relative_date_without_a_publication_date_is_left_to_the_reviewer_with_its_wording():
    good = next(j for j in judgements(extract_text(FORMS, "a", None, {})) if j["grade"] == "good")
    assert "date" not in good and good["extracted"]["needs"] == ["date"]
    assert good["extracted"]["mentions"]["date"] == "last month"


NOT_RATINGS = """Holmbury Children's Trust's new chief

The chair and chief executive set targets of securing a 'good' rating by Ofsted.

Ofsted has inspected seven of the council's children's homes. It found three to be "inadequate" and the remaining three retained their "good" rating.

Inspectors found good practice in the front door team. The trust was rated inadequate, and good practice was rare.

The director said: "Today's Ofsted report shows we are heading in the right direction and were rated good for adoption."

The maternity unit was rated outstanding.
"""
# Invented.


def test_wishes_parts_adjectives_and_speakers_quotes_are_not_judgements():
    found = judgements(extract_text(NOT_RATINGS, "a", parse_date("2023-05-10"), {}))
    assert [(j["subject"], j["grade"]) for j in found] == [("holmbury-childrens-trust", "inadequate")]


MOVED = """Bexfield services downgraded

Bexfield Borough Council's children's services have been downgraded from "good" to "requires improvement to be good" by Ofsted.

The service had been rated "good" at its previous full inspection in 2019, and it retained its good rating in 2015.
"""
# Invented.


def test_a_change_of_grade_and_a_kept_grade():
    result = extract_text(MOVED, "a", parse_date("2024-07-10"), {})
    dated = sorted((j["grade"], j.get("date", {}).get("value")) for j in judgements(result))
    assert dated == [("good", "2015"), ("good", "2019"), ("requires-improvement", None)]


@pytest.fixture(scope="module")
def seed() -> Paths:
    return Paths(data=NATIONAL)


OTHER_COUNCIL = """Middlesbrough children's services still not improving, says Ofsted

Ofsted carried out its third monitoring visit to Middlesbrough Council's children's services in October 2019.

The service was rated inadequate in 2019.
"""

MENTIONS_ANOTHER = """Bradford Council's children's services improving

Bradford Council's children's services are making progress, Ofsted said.

Middlesbrough Council's children's services had their third monitoring visit in October 2019, when inspectors found little progress.
"""


def test_another_councils_visits_and_ratings_never_link_to_the_seed_councils_events(seed: Paths, tmp_path: Path):
    corpus = load_project(seed)
    bradford = {"bradford-council", "bradford-childrens-services"}
    theirs = {c.get("event") for c in corpus.claims if c.type == "visit" and c.get("subject") in bradford}
    theirs |= {c.get("inspection") for c in corpus.claims if c.type == "judgement" and c.get("subject") in bradford}
    theirs |= {c.get("judgement") for c in corpus.claims if c.type == "judgement" and c.get("subject") in bradford}
    assert "bradford-cs-mv3" in theirs  # the seed knows Bradford's third monitoring visit of October 2019
    for text in (OTHER_COUNCIL, MENTIONS_ANOTHER):
        article = tmp_path / "article.txt"
        article.write_text(text)
        result = extract_file(seed, article, "new-article", parse_date("2019-12"), corpus)
        visits = [c for c in result["claims"] if c["type"] == "visit"]
        assert visits and all(v["subject"] == "middlesbrough-childrens-services" for v in visits)
        for c in result["claims"]:
            assert not {c.get("event"), c.get("inspection"), c.get("judgement"), c.get("about"), c.get("to")} & theirs


def test_the_seed_councils_own_visit_still_links(seed: Paths, tmp_path: Path):
    corpus = load_project(seed)
    article = tmp_path / "article.txt"
    for text in (
        MENTIONS_ANOTHER.replace("Middlesbrough", "Bradford"),
        MENTIONS_ANOTHER.replace("Middlesbrough Council's", "Bradford Council's").replace(
            "little progress.", "little progress, said Jo Bloggs, formerly of Middlesbrough Council."
        ),
    ):
        article.write_text(text)
        result = extract_file(seed, article, "new-article", parse_date("2019-12"), corpus)
        assert "bradford-cs-mv3" in {c.get("event") for c in result["claims"] if c["type"] == "visit"}


REAL = [p / "real-articles" for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")]
REAL_DIR = next((p for p in REAL if (p / "gold.yaml").exists()), None)


def _real(name: str, seed: Paths) -> dict[str, Any]:
    if REAL_DIR is None:
        pytest.skip("the real articles (../shared/real-articles) are not here")
    found = sorted(REAL_DIR.glob(f"{name}*.txt"))
    if not found:
        pytest.skip(f"no real article {name}")
    corpus = load_project(seed)
    text = found[0].read_text().split("\n\n", 1)[1]
    return extract_text(text, "real", None, corpus.entities)


def test_real_trust_inspection_gives_its_areas_to_the_trust(seed: Paths):
    result = _real("10_", seed)
    assert {j["subject"] for j in judgements(result)} == {"doncaster-childrens-services-trust"}
    assert {(j["grade"], j.get("area")) for j in judgements(result)} >= {
        ("inadequate", None),
        ("inadequate", "help-and-protection"),
        ("good", "adoption"),
        ("requires-improvement", "leadership-management-governance"),
    }


def test_real_ratings_of_other_bodies_stay_with_them(seed: Paths):
    result = _real("02_", seed)
    subjects = {(j["subject"], j["grade"]) for j in judgements(result)}
    assert ("doncaster-childrens-services-trust", "good") in subjects
    assert ("northumberland-council", "outstanding") in subjects
    assert not any(s.startswith("bradford") and g in ("good", "outstanding") for s, g in subjects)


def test_real_target_of_a_rating_is_no_rating(seed: Paths):
    result = _real("20_", seed)
    assert sorted(j["grade"] for j in judgements(result)) == ["good", "inadequate"]


def test_two_overall_grades_without_dates_are_two_inspections():
    text = "Ravenby City Council services\n\nThis followed last month's Ofsted report which rated the service as 'good', after many years of Ofsted judging it as 'inadequate'.\n"
    found = judgements(extract_text(text, "a", None, {}))
    assert sorted(j["grade"] for j in found) == ["good", "inadequate"]
    assert len({j["inspection"] for j in found}) == 2 and all(j["extracted"]["needs"] == ["date"] for j in found)
