"""People and their posts in the forms local news uses (purpose-made texts, no real article)."""

from __future__ import annotations

from kg.data.dates import parse_date
from kg.extract import extract_text


def _out(text: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    out = extract_text(text, "t", parse_date("2024-06"), {})
    people = {str(p["name"]) for p in out["entities"]["people"]}
    posts = {str(p["id"]): p for p in out["entities"]["posts"]}
    orgs = {str(o["id"]): str(o["name"]) for o in out["entities"]["organisations"]}
    tenures = [
        (c["person"], str(posts[c["post"]]["label"]), orgs.get(str(posts[c["post"]]["organisation"]), ""))
        for c in out["claims"]
        if c["type"] == "tenure" and c["post"] in posts
    ]
    return people, tenures


def test_wards_places_and_credits_are_no_people_and_surnames_are():
    people, tenures = _out(
        "Picture: Adobe Stock\n\nAt Northmoor Council, Councillor Jo Bloggs (Cons, Ashby Rural) said it was wrong. "
        "Troubleshooter Ann Smith was appointed. Smith said the North East needed help."
    )
    assert {"Jo Bloggs", "Ann Smith"} <= people
    assert not people & {"Ashby Rural", "Adobe Stock", "North East", "Troubleshooter Ann Smith"}
    assert any(p == "jo-bloggs" and "Ashby Rural" in label for p, label, _ in tenures)


def test_two_posts_in_one_sentence_at_their_bodies_the_earlier_ended():
    text = (
        "Northmoor Council named a director. Ms Jane Roe is chief executive of the Fenland Skills "
        "Agency and had previously been executive director at Wexley Borough Council."
    )
    out = extract_text(text, "t", parse_date("2024-06"), {})
    _, tenures = _out(text)
    assert ("jane-roe", "Chief executive of the Fenland Skills Agency", "Fenland Skills Agency") in tenures
    assert ("jane-roe", "Executive director at Wexley Borough Council", "Wexley Borough Council") in tenures
    ended = [c for c in out["claims"] if c["type"] == "tenure" and "end" in c]
    assert len(ended) == 1


def test_a_role_label_has_no_verb_or_date_and_a_role_in_another_clause_is_not_theirs():
    _, tenures = _out(
        "Northmoor Council said Jo Bloggs, who has been acting as Interim Strategic Director since November "
        "2018, will leave. Ann Smith ordered that the Wexley director of social services take control."
    )
    labels = {label for p, label, _ in tenures if p == "jo-bloggs"}
    assert labels == {"Interim Strategic Director"}
    assert not [t for t in tenures if t[0] == "ann-smith"]


def test_appointed_as_after_an_apposition_and_moves_and_the_same_post_elsewhere():
    _, tenures = _out(
        "Wexley Borough Council has news. Jo Bloggs, director of the Wexley families programme, has been "
        "appointed as commissioner for children's services at Northmoor Council. Ann Smith, chief executive of "
        "Fenwick Children's Trust, intends to move from chief executive to chair. Ann Smith joined in 2019. "
        "She previously held the same role at Dunmore City Council."
    )
    assert ("jo-bloggs", "Commissioner for children's services at Northmoor Council", "Northmoor Council") in tenures
    assert {
        ("ann-smith", "Chair", "Fenwick Children's Trust"),
        ("ann-smith", "Chief executive", "Dunmore City Council"),
    } <= {(p, label, org) for p, label, org in tenures}


def test_a_cue_about_someone_else_dates_no_post():
    out = extract_text(
        "Northmoor Council chief executive Jo Bloggs thanked Ann Smith for the work she has done since she "
        "joined the council in 2019.",
        "t",
        parse_date("2024-06"),
        {},
    )
    assert not [c for c in out["claims"] if c["type"] == "tenure" and "start" in c]


def test_national_posts_and_bodies_not_named_are_not_the_subject_council():
    people, tenures = _out(
        "Northmoor Borough Council's children's services were rated inadequate.\n\n"
        "The children's commissioner for England, Dame Rachel de Souza, said children had been let down.\n\n"
        "Tim Rice, chair of the Northmoor Safeguarding Children Partnership, said the partnership would act.\n\n"
        "Jane Roe, Director of Public Health, said sorry. Mark Green, the council's corporate director for "
        "children and families since 2021, will leave."
    )
    assert {"Rachel de Souza", "Tim Rice"} <= people
    assert {p for p, _, _ in tenures} == {"jane-roe", "mark-green"}
    assert (
        "mark-green",
        "Council corporate director for children and families",
        "Northmoor Borough Council",
    ) in tenures


def test_a_byline_and_a_titled_first_name_are_people_with_no_post():
    out = extract_text(
        "Dame Lorna Pettifer was named. Dame Lorna will start soon.\n\nBy Helen Ward", "t", parse_date("2024-06"), {}
    )
    assert sorted(p["name"] for p in out["entities"]["people"]) == ["Helen Ward", "Lorna Pettifer"]
    assert not [c for c in out["claims"] if c["type"] == "tenure"]


def test_a_list_of_people_after_a_plural_role_each_hold_it():
    _, tenures = _out(
        "Northmoor Borough Council's children's services were rated inadequate.\n\n"
        "Opposition councillors Jo Bloggs, Ann Smith and Tim Rice said it was damning. "
        "Ofsted said Jane Roe and Mark Green had improved things."
    )
    holders = {p for p, label, _ in tenures if label == "Opposition councillor"}
    assert holders == {"jo-bloggs", "ann-smith", "tim-rice"}
    assert not {"jane-roe", "mark-green"} & {p for p, _, _ in tenures}


def test_a_modifier_starts_no_name_and_a_role_before_another_name_is_that_names():
    people, tenures = _out(
        "Wexley Council's children's services were criticised.\n\n"
        "Former Wexley director of children's services Pat Roe, who left in 2020, declined to comment. "
        "Emma Tustin, 32, was jailed at Coventry Crown Court."
    )
    assert people == {"Pat Roe", "Emma Tustin"}
    assert [p for p, _, _ in tenures] == ["pat-roe"]


def test_a_post_held_until_a_date_or_previously_is_ended():
    out = extract_text(
        "Northmoor Council named Jo Bloggs, who was previously director of children's services at Wexley Council, "
        "as its chief executive. Until May Ann Smith was chief executive of Dunmore City Council.",
        "t",
        parse_date("2024-06"),
        {},
    )
    ends = {c["person"]: c.get("end", {}).get("value") for c in out["claims"] if c["type"] == "tenure"}
    assert ends == {"jo-bloggs": "2024-06", "ann-smith": "2024-05"}


def test_a_trust_named_without_its_services_word_is_the_one_known_trust() -> None:
    from kg.data.model import Entity
    from kg.errors import Location
    from kg.extract.linker import Linker

    def trust(eid: str, name: str) -> Entity:
        return Entity(eid, "organisation", {"id": eid, "name": name, "kind": "trust"}, Location("test"))

    one = Linker({"x": trust("x", "Northby Children's Services Trust")})
    assert one.organisation("Northby Children's Trust", "trust").entity_id == "x"
    two = Linker({"x": trust("x", "Northby Children's Services Trust"), "y": trust("y", "Northby Children's Trust")})
    assert two.organisation("Northby Children's Trust", "trust").entity_id == "y"  # its own name first
    other = Linker({"x": trust("x", "Southby Children's Services Trust")})
    assert other.organisation("Northby Children's Trust", "trust").new  # another place's trust is no match


def test_accented_and_double_barrelled_names_are_whole_names() -> None:
    from kg.extract.reader import read
    from kg.extract.resources import load_resources

    res = load_resources()
    for name in ("Siobhán Ní Bhriain", "María José García", "Sarah Smith-Jones", "Tom Hughes-Hallett"):
        text = f"The council's director of children's services, {name}, said the long-standing service – at last – had improved."
        assert [n.text for n in read(text, res).names] == [name]
