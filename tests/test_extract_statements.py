"""Who said it: speakers' words are theirs (responses or a critic's criticism), never the inspectorate's finding;
critics beyond the inspectorate (the government, a commissioner's review); negated praise reads as criticism."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.data.dates import parse_date
from kg.extract import extract_text
from kg.extract.reader import read
from kg.extract.resources import load_resources
from kg.extract.rules import Extraction
from kg.extract.speech import speaker_of, speakers

# ../shared/real-articles beside the project (or beside the folder of worktrees it is checked out in)
REAL = next(
    (p / "shared" / "real-articles" for p in Path(__file__).resolve().parents[1:4] if (p / "shared").is_dir()),
    Path("/nonexistent"),
)


def claims_of(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [c for c in result["claims"] if c["type"] in kind.split(",")]


# Invented: no body, place or person in it is real.
TRUST_ANSWERS = """Fernmoor Children's Trust rated 'inadequate' by Ofsted

Fernmoor Children's Trust, which runs services for Fernmoor Council, has been rated inadequate by Ofsted after an
inspection in March 2024.

Inspectors found that too many children waited too long for help.

Fernmoor Children's Trust chief executive Dana Whitlow said today she knows there 'is still a lot to do'.

He said: "The inspectors confirmed the challenges we had already identified.

"We are making strong progress against our improvement plan and we are on track.

"Today's Ofsted report shows we are heading in the right direction."

The council said it was working to address all the issues raised.

It was set up after the Government deemed the council's services to have a 'legacy of failure'.
"""


def test_a_speakers_quoted_words_are_their_response_not_the_inspectorates_finding() -> None:
    result = extract_text(TRUST_ANSWERS, "t", parse_date("2024-05-02"), {})
    findings = claims_of(result, "criticism,praise")
    assert not any("inspectors confirmed" in c["quote"] for c in findings)
    assert not any("right direction" in c["quote"] for c in findings)
    assert any("waited too long" in c["quote"] and c["by"] == "ofsted" for c in findings)
    [answer] = [r for r in claims_of(result, "response") if r["by"] == "dana-whitlow"]
    # "He said:" goes back to the speaker; the quote is her words, over the paragraphs, not the introduction
    assert answer["quote"].startswith("The inspectors confirmed") and "right direction" in answer["quote"]
    events = {c.get("event") or c.get("inspection") for c in claims_of(result, "visit,judgement")}
    assert answer["capacity"] and answer["to"] in events
    assert answer["stance"] == "welcomes"


def test_a_body_speaks_for_itself_and_the_government_criticises() -> None:
    result = extract_text(TRUST_ANSWERS, "t", parse_date("2024-05-02"), {})
    council = [r for r in claims_of(result, "response") if "issues raised" in r["quote"]]
    assert council and council[0]["extracted"]["rule"] == "response/body"
    [legacy] = [c for c in claims_of(result, "criticism") if "legacy of failure" in c["quote"]]
    assert legacy["by"] == "government" and legacy["theme"]


NOTICE = """Marlow Vale Council issued with direction notice

The government has issued a direction notice to Marlow Vale Council after an Ofsted monitoring visit in May 2023.

The direction notice says that despite "significant investment" the "breadth and depth of inadequacy" at the
department has meant that measures taken by the council have "not led to sufficient positive change for some
children".

In July, an independent review into the abuse of children in the town found that some "remain unprotected".

A serious case review found that agencies had "failed to share information".

The announcement followed a review that concluded the council "lacked the capacity to improve services at pace".

Councillor Rhona Baxter (Con, Eastfield) said: "It shouldn't have taken an Ofsted inspection for the Council to
realise these issues existed."
"""


def test_critics_beyond_the_inspectorate_and_negated_praise() -> None:
    result = extract_text(NOTICE, "n", parse_date("2023-09-16"), {})
    criticisms = claims_of(result, "criticism")
    [notice] = [c for c in criticisms if "breadth and depth" in c["quote"]]
    assert notice["by"] == "government"  # "not led to sufficient positive change" is criticism, not praise
    assert not any("breadth and depth" in c["quote"] for c in claims_of(result, "praise"))
    # a review the article gives no author for is nobody's: not independent reviewers', nor the government's
    assert not any("remain unprotected" in c["quote"] or "failed to share" in c["quote"] for c in criticisms)
    assert not any("lacked the capacity" in c["quote"] for c in criticisms)
    # an opposition councillor criticises; with no visit answered, that is no response
    assert any(c["by"] == "rhona-baxter" for c in criticisms)
    assert "rhona-baxter" not in {r["by"] for r in claims_of(result, "response")}


STATEMENT = """Leader responds to commissioner's report on Ashcombe

Ashcombe Council's children's services were rated inadequate by Ofsted in June 2022.

Council Leader Cllr Morris Penhale has released a statement.

He said:

The report was completed in March but its publication was delayed.

Whilst the outcome is very much what we anticipated, a great deal has changed since then.

"We now need to move on and make sure we get a grip on children's services," said Cllr Tessa Crane, the
Liberal Democrat group leader.
"""


def test_a_statement_given_in_full_after_said_is_the_speakers() -> None:
    result = extract_text(STATEMENT, "s", parse_date("2022-09-01"), {})
    [answer] = [r for r in claims_of(result, "response") if r["by"] == "morris-penhale"]
    assert "what we anticipated" in answer["quote"] and "He said" not in answer["quote"]
    # a critic's call to act ("we now need to ...") is no criticism of anyone
    assert not any(c["by"] == "tessa-crane" for c in claims_of(result, "criticism"))


@pytest.mark.skipif(not REAL.exists(), reason="the real articles are not here")
def test_on_a_real_article_the_chief_executives_words_are_his_response() -> None:
    text = (REAL / "10_doncaster_trust_inadequate.txt").read_text().split("\n\n", 1)[1]
    result = extract_text(text, "real-10", None, {})
    findings = claims_of(result, "criticism,praise")
    assert not any("inspectors confirmed" in c["quote"] or "right direction" in c["quote"] for c in findings)
    responses = claims_of(result, "response")
    assert any("inspectors confirmed" in r["quote"] and "right direction" in r["quote"] for r in responses)
    assert any("legacy of failure" in c["quote"] for c in claims_of(result, "criticism"))


DEPARTURE = """Kestonbury children's services chief steps down

Rosa Hale, executive director of children's services at Kestonbury Council, departed last week after an Ofsted
report in January 2024 found serious failures.

Kestonbury Council chief executive, Owen Marsh, thanked Mrs Hale for her work but added "the serious failures
identified by Ofsted make it clear that it is time for a change".

Councillor Ian Pryor, leader of Kestonbury Independent Councillors' Association, said the outcome was expected.

"What does need answering is why the chief executive remains in post," he added.
"""


def test_a_leader_criticises_a_colleague_and_a_critic_a_post() -> None:
    result = extract_text(DEPARTURE, "d", parse_date("2024-03-01"), {})
    criticisms = claims_of(result, "criticism")
    [colleague] = [c for c in criticisms if c["by"] == "owen-marsh"]
    assert colleague["target"] == "rosa-hale"
    # the leader of an association of councillors criticises; "the chief executive" is the post the article names
    [post] = [c for c in criticisms if c["by"] == "ian-pryor" and "remains in post" in c["quote"]]
    assert post["target"] == next(c["post"] for c in claims_of(result, "tenure") if c["person"] == "owen-marsh")


UNDATED = """Wexcombe Council leaders criticised over Ofsted report

Wexcombe Council's leaders have been criticised for their response to a highly critical Ofsted review of the
council's children's services.

Cllr Nora Fell, portfolio holder for children, said: "I want to say sorry. The Ofsted report was hugely
disappointing."

Mrs Fell said she had been proud to join the council in 2019 and looked forward to working with staff.
"""


def test_an_answer_to_an_undated_report_has_an_event_to_answer() -> None:
    result = extract_text(UNDATED, "u", None, {})
    [answer] = claims_of(result, "response")
    [visit] = [v for v in claims_of(result, "visit") if v["event"] == answer["to"]]
    assert visit["inspectorate"] == "ofsted" and "Ofsted report" in visit["quote"]
    assert answer["by"] == "nora-fell" and answer["stance"] == "accepts" and "sorry" in answer["quote"]


PROBE = """Harwick children's services rated inadequate

Harwick Council's children's services were rated inadequate by Ofsted in October 2024.

Inspectors found that leaders had not acted quickly enough to tackle weaknesses in practice, that plans were
vague and that too many children waited too long for help.

"We are deeply sorry that we have let children down," said Carol Benning, the council's leader. "We accept the
findings in full."

Local MP Tom Rudd said the report was "deeply worrying" and called for change.
"""


def test_listed_findings_negated_remedies_and_an_mp() -> None:
    result = extract_text(PROBE, "p", parse_date("2024-11-20"), {})
    criticisms = claims_of(result, "criticism")
    # "found that A, that B and that C": three findings; a remedy not taken ("not acted ... to tackle") is none
    report = [c["quote"] for c in criticisms if c["by"] == "ofsted"]
    assert any(q.startswith("Inspectors found that leaders had not acted") for q in report)
    assert any("too many children waited" in q and "not acted" not in q for q in report)
    assert any(c["by"] == "tom-rudd" for c in criticisms)  # an MP's words are criticism, not a response
    assert "tom-rudd" not in {r["by"] for r in claims_of(result, "response")}
    [answer] = [r for r in claims_of(result, "response") if r["by"] == "carol-benning"]
    assert answer["quote"].startswith("We are deeply sorry") and "said Carol Benning" not in answer["quote"]
    assert answer["stance"] == "accepts"


THANKS = """Brindlow children's services boss quits

Ofsted judged Brindlow's children's services inadequate in 2022.

Announcing his departure, Mr Carl Voss said: "I am proud of what we achieved."

According to the Local Democracy Reporting Service, the council's chief executive Ruth Amble thanked Mr Voss.

"Carl has led the service through a very difficult time and made progress," she said.

Ms Amble added that a successor would be found.
"""


def test_she_said_is_not_the_man_named_last_and_according_to_the_press_is_not_the_inspectorate() -> None:
    result = extract_text(THANKS, "k", parse_date("2023-05-01"), {})
    # "according to the news service" does not make the next paragraphs (or the one before) Ofsted's findings
    assert not any(c["by"] == "ofsted" and "Voss" in c["quote"] for c in claims_of(result, "criticism,praise"))
    x = Extraction(read(THANKS, load_resources()), "k", None, {}, load_resources())
    x.find_bodies()
    x.find_people()
    said = {b.text[:12]: speaker_of(x, b.speaker)[0] for b in speakers(x)}
    assert said['"Carl has le'] == "ruth-amble" and said["Announcing h"] == "carl-voss"


CHALLENGE = """Penwick council to challenge Ofsted's inadequate rating

Penwick City Council's children's services were rated inadequate by Ofsted following an inspection in February 2025.

The report said social workers had "unmanageable caseloads" and that managers did not have a grip on practice.

Inspectors praised the council's fostering service, which they described as "strong and well led".

Responding to the report, Cllr Hana Sorel, cabinet member for children's services, said: "We do not accept the judgement and we will challenge it."

"Our staff have worked tirelessly," she added.

In response, a spokesman for the council said it had already appointed 20 new social workers.

The Department for Education said the council's progress had been "far too slow".

Children's minister Jane Doyle said the findings were "deeply concerning".

The commissioner's report said leaders had "failed to grip" the service.

Sir Alan Prout, the government-appointed commissioner, said: "There is a lack of leadership capacity in Penwick."

Cllr Lee Marsh, who chairs the scrutiny committee, said: "This report is unacceptable and the cabinet must answer for it."
"""


def test_government_commissioner_minister_and_a_disputed_rating() -> None:
    result = extract_text(CHALLENGE, "c", parse_date("2025-04-01"), {})
    criticisms = {c["quote"][:30]: c["by"] for c in claims_of(result, "criticism")}
    assert criticisms["The Department for Education s"] == "department-for-education"
    assert criticisms["The commissioner's report said"] == "alan-prout"  # the commissioner the article names
    assert "jane-doyle" in criticisms.values()  # a minister criticises
    responses = {r["by"]: r for r in claims_of(result, "response")}
    assert responses["hana-sorel"]["stance"] == "disputes"
    assert responses["penwick-city-council"]["extracted"]["rule"] == "response/body"  # "a spokesman for the council"
    assert "jane-doyle" not in responses


def test_a_statement_in_full_does_not_run_on_after_a_quotation() -> None:
    text = (
        "Ofsted rated Holme Council's children's services inadequate in May 2021.\n\n"
        "Cllr Ada Crane, the council's leader, said:\n\n"
        '"We are sorry that we let children down."\n\n'
        "Inspectors found that too many children waited too long for help.\n"
    )
    x = Extraction(read(text, load_resources()), "h", None, {}, load_resources())
    x.find_bodies()
    x.find_people()
    said = {b.text[:10]: b.speaker for b in speakers(x)}
    assert said['"We are so'].startswith("person@") and said["Inspectors"] == "inspectorate"


OVERSPEND = """Children's services overspend hits £12m

Dunmere Council's children's services department is on course to overspend by £12m this year.

The service was rated "requires improvement" by Ofsted in 2022.

A report to the council's cabinet says the pressures are driven by rising demand and a shortage of foster carers.

The report said the department had failed to control the cost of agency staff.

Cllr Joan Abbot, cabinet member for finance, said: "These are national pressures. We are not alone in this."

Union rep Gary Hine said staff were "exhausted and demoralised".

Opposition leader Cllr Pete Rhys said the administration had "lost control of the budget".
"""


def test_the_report_to_the_councils_cabinet_is_not_the_inspectorates() -> None:
    result = extract_text(OVERSPEND, "o", parse_date("2024-10-01"), {})
    criticisms = claims_of(result, "criticism")
    assert not any(c["by"] == "ofsted" for c in criticisms)
    assert any(c["by"] == "pete-rhys" and "lost control" in c["quote"] for c in criticisms)
