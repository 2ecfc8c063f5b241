"""kg review's second look at a wrong link: an event of another body, a proposed post that clashes with a known
one, and a candidate that needs a date; on a copy of data/ with a stand-in extractor and an invented article."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import kg.extract as kg_extract
from kg.data.paths import Paths
from kg.data.yaml_strict import read_text_utf8
from tests.conftest import NATIONAL

SOURCE = "2024-09-interim-director"
# Invented. Names the seed council and its children's services, so no "not named" warning muddies the ones tested.
ARTICLE = (
    "Bradford Council names interim director\n\n"
    "Sam Ellery will be interim director of children's services at Bradford Council from next month.\n\n"
    "Inspectors said Bradford children's services had been too slow to act on referrals.\n\n"
    "Inspectors said leaders at Bradford Children and Families Trust lacked grip.\n\n"
    "Bradford children's services were rated inadequate by Ofsted.\n\n"
    "Bradford Council said it accepted the findings in full.\n\n"
    "Dana Ward, a new councillor for Wibsey on Bradford Council, welcomed the appointment.\n"
)
LEEDS_EVENT = "ofsted-80481-2025-08-12"  # a register's inspection of another council's children's services
BRADFORD_EVENT = "ofsted-80449-2018-10-29"
TRUST_ERA_EVENT = "bradford-cs-mv-2024-02"  # a visit to the services the trust took over


def _quote(text: str, words: str, rule: str) -> dict[str, Any]:
    start = text.index(words)
    return {"quote": words, "extracted": {"rule": rule, "confidence": 0.7, "offsets": [[start, start + len(words)]]}}


def _candidates(text: str, source_id: str) -> dict[str, Any]:
    slow = "Bradford children's services had been too slow to act on referrals"
    grip = "leaders at Bradford Children and Families Trust lacked grip"
    criticism = {"type": "criticism", "by": "ofsted", "theme": ["leadership"]}
    return {
        "source": source_id,
        "entities": {
            "people": [{"id": "sam-ellery", "name": "Sam Ellery"}, {"id": "dana-ward", "name": "Dana Ward"}],
            "organisations": [],
            "posts": [
                {
                    "id": "bradford-interim-dcs",
                    "label": "Interim director of children's services",
                    "organisation": "bradford-council",
                    "role": "director-of-childrens-services",
                },
                {
                    "id": "bradford-councillor-wibsey",
                    "label": "Councillor for Wibsey",
                    "organisation": "bradford-council",
                    "role": "councillor",
                    "single_holder": False,
                },
            ],
        },
        "claims": [
            {"id": "c1", **criticism, "target": ["bradford-childrens-services"], "about": LEEDS_EVENT,
             **_quote(text, slow, "speech/inspectors-said")},
            {"id": "c2", **criticism, "target": ["bradford-childrens-services"], "about": BRADFORD_EVENT,
             **_quote(text, slow, "speech/inspectors-said")},
            {"id": "c3", **criticism, "target": ["bradford-children-and-families-trust"], "about": TRUST_ERA_EVENT,
             **_quote(text, grip, "speech/inspectors-said")},
            {"id": "t1", "type": "tenure", "person": "sam-ellery", "post": "bradford-interim-dcs", "interim": True,
             **_quote(text, "Sam Ellery will be interim director of children's services at Bradford Council",
                      "tenure/will-be")},
            {"id": "t2", "type": "tenure", "person": "dana-ward", "post": "bradford-councillor-wibsey",
             **_quote(text, "Dana Ward, a new councillor for Wibsey on Bradford Council", "tenure/name-comma-role")},
            {"id": "r1", "type": "response", "by": "bradford-council", "to": LEEDS_EVENT, "stance": "accepts",
             **_quote(text, "Bradford Council said it accepted the findings in full", "speech/response")},
            {"id": "j1", "type": "judgement", "judgement": "bradford-cs-undated-judgement",
             "inspection": "bradford-cs-undated-inspection", "inspectorate": "ofsted",
             "subject": "bradford-childrens-services", "grade": "inadequate",
             **_quote(text, "Bradford children's services were rated inadequate by Ofsted", "judgement/rated")},
        ],
    }  # fmt: skip


@pytest.fixture
def pending(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kg: Callable[..., Any]) -> Path:
    def fake(paths: Paths, text_path: Path, source_id: str) -> dict[str, Any]:
        return _candidates(read_text_utf8(text_path), source_id)

    monkeypatch.setattr(kg_extract, "extract_file", fake)
    shutil.copytree(NATIONAL / "registers", data_copy / "registers")  # the national inspections: other councils' events
    article = tmp_path / "interim.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = kg("ingest", article, "--id", SOURCE, "--title", "T", "--date", "2024-09-02", "--data", data_copy)
    assert result.exit_code == 0, result.stderr
    path = data_copy / "pending" / f"{SOURCE}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))  # the undated judgement, as the extractor marks it
    next(c for c in doc["claims"] if c["id"] == "j1")["extracted"]["needs"] = ["date"]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return data_copy


def _rows(kg: Callable[..., Any], data: Path) -> dict[str, list[str]]:
    result = kg("review", "--data", data, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"]: r["warnings"] for r in json.loads(result.stdout)}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.name != ".kg.lock"
            and p.is_file()}  # fmt: skip


def test_a_link_to_another_bodys_event_is_warned_of(pending, kg):
    rows = _rows(kg, pending)
    assert rows["c1"] == [
        f"about: event {LEEDS_EVENT} is about leeds-childrens-services, not bradford-childrens-services "
        "(the body this candidate is about)"
    ]
    assert [w for w in rows["r1"] if LEEDS_EVENT in w], "a response to another body's report"
    assert rows["c2"] == [], "the body's own inspection"
    assert rows["c3"] == [], "the trust answers for the services it took over"
    table = kg("review", "--data", pending).stdout
    assert "leeds-childrens-services" in table


def test_a_clashing_post_is_warned_of_and_not_accepted_silently(pending, kg):
    rows = _rows(kg, pending)
    clash = [w for w in rows["t1"] if "clash" in w or "known post" in w]
    assert clash and "bradford-interim-dcs" in clash[0] and "bradford-director-childrens-services" in clash[0]
    assert not any("known post" in w for w in rows["t2"]), "councillors' posts are many at one council"
    before = _snapshot(pending)
    refused = kg("review", "--data", pending, "--accept", "t1")
    assert refused.exit_code != 0
    message = " ".join(refused.stderr.split())
    for words in (
        "bradford-interim-dcs (Interim director of children's services)",
        "bradford-director-childrens-services",
        "--relink t1 post=bradford-director-childrens-services",
        "--accept t1 --new-post bradford-interim-dcs",
        f"pending/{SOURCE}.yaml",
    ):
        assert words in message, message
    assert _snapshot(pending) == before
    assert kg("review", "--data", pending, "--accept", "t2").exit_code == 0


def test_new_post_accepts_the_clashing_post_as_a_different_post(pending, kg):
    wrong = kg("review", "--data", pending, "--accept", "t1", "--new-post", "no-such-post")
    assert wrong.exit_code != 0 and "--new-post no-such-post" in wrong.stderr
    result = kg("review", "--data", pending, "--accept", "t1", "--new-post", "bradford-interim-dcs")
    assert result.exit_code == 0, result.stderr
    ingested = yaml.safe_load((pending / "entities" / "ingested.yaml").read_text(encoding="utf-8"))
    assert [p["id"] for p in ingested["posts"]] == ["bradford-interim-dcs"]


def test_relinking_to_the_known_post_accepts_without_a_new_post(pending, kg):
    result = kg("review", "--data", pending, "--relink", "t1", "post=bradford-director-childrens-services")
    assert result.exit_code == 0, result.stderr
    assert not any("known post" in w for w in _rows(kg, pending)["t1"])
    assert kg("review", "--data", pending, "--accept", "t1").exit_code == 0
    claims = yaml.safe_load((pending / "claims" / f"{SOURCE}.yaml").read_text(encoding="utf-8"))["claims"]
    assert claims[0]["post"] == "bradford-director-childrens-services"


def test_a_candidate_that_needs_a_date_is_accepted_only_once_it_is_set(pending, kg):
    assert any("needs a date" in w for w in _rows(kg, pending)["j1"])
    before = _snapshot(pending)
    refused = kg("review", "--data", pending, "--accept", "j1")
    assert refused.exit_code != 0 and "needs a date" in refused.stderr and "--set j1 date=" in refused.stderr
    bad = kg("review", "--data", pending, "--set", "j1", "date=2015-13")
    assert bad.exit_code != 0 and "'2015-13' is not a date" in bad.stderr
    assert _snapshot(pending) == before
    result = kg("review", "--data", pending, "--set", "j1", "date=2015-11")
    assert result.exit_code == 0, result.stderr
    assert "j1: date (none) -> 2015-11" in result.stdout
    assert not any("needs" in w for w in _rows(kg, pending)["j1"])
    accepted = kg("review", "--data", pending, "--accept", "j1")
    assert accepted.exit_code == 0, accepted.stderr
    claim = yaml.safe_load((pending / "claims" / f"{SOURCE}.yaml").read_text(encoding="utf-8"))["claims"][0]
    assert str(claim["date"]) == "2015-11" and "needs" not in claim["extracted"]


def test_set_refuses_a_field_that_is_neither_a_link_nor_a_date(pending, kg):
    result = kg("review", "--data", pending, "--set", "j1", "grade=good")
    assert result.exit_code != 0 and "no field 'grade' naming an entity or a date" in result.stderr


def test_needs_is_part_of_a_candidates_extracted_record(pending):
    from kg.errors import DataError
    from kg.registers import load_project

    path = pending / "pending" / f"{SOURCE}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    j1 = next(c for c in doc["claims"] if c["id"] == "j1")
    j1["date"] = "2024"  # a stand-in an extractor may give beside `needs`: the schema asks a judgement for a date
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    load_project(Paths(data=pending), include_pending=True)  # `needs` is no unknown key
    j1["extracted"]["needs"] = "date"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="extracted needs must be a list of field names"):
        load_project(Paths(data=pending), include_pending=True)
