"""No candidate links to a body the article does not name: the check itself, and the real articles."""

from __future__ import annotations

from typing import Any

import pytest

from kg.data.paths import Paths
from kg.extract import extract_text
from kg.extract.known import KnownEvents
from kg.extract.naming import unnamed_links
from kg.extract.resources import load_resources
from kg.registers import load_project

from .conftest import NATIONAL, ROOT

REAL = ROOT.parent / "shared" / "real-articles"
RECORDS: dict[str, dict[str, Any]] = {
    "kirklees-council": {"name": "Kirklees Council", "aliases": ["Kirklees", "the council"]},
    "kirklees-cs": {"name": "Kirklees children's services", "unit_of": "kirklees-council"},
    "leeds-council": {"name": "Leeds City Council", "aliases": ["Leeds", "the Council"]},
    "bedford": {"name": "Bedford Borough Council", "kind": "council"},
    "leeds-dcs": {"label": "Director of Children's Services", "organisation": "leeds-council"},
}
KINDS = {
    "bedford": "organisation",
    "kirklees-council": "organisation",
    "kirklees-cs": "organisation",
    "leeds-council": "organisation",
    "leeds-dcs": "post",
}


def _bad(text: str, **fields: Any) -> list[str]:
    return [u.message() for u in unnamed_links([{"id": "x1", **fields}], RECORDS, KINDS, text, load_resources())]


def test_a_body_is_named_by_its_name_an_alias_or_its_parent() -> None:
    text = "Kirklees was told its services for children need to improve, the council said."
    assert _bad(text, subject="kirklees-council") == []
    assert _bad(text, subject="kirklees-cs") == []  # a unit, named through its council


def test_a_council_is_named_without_its_type_words() -> None:
    assert _bad("He was director at Bedford council until May.", organisation="bedford") == []
    assert _bad("He was director at Bedford School until May.", organisation="bedford") == [
        "organisation: bedford is not named in the article"
    ]


def test_generic_aliases_and_lowercase_words_name_nothing() -> None:
    text = "The Council said its director of children's services would stay. Leeds-style reforms?"
    assert _bad("The Council said the director would stay.", post="leeds-dcs") == [
        "post: leeds-council (the body of post leeds-dcs) is not named in the article"
    ]
    assert _bad(text, post="leeds-dcs") == []  # "Leeds" as written names it
    assert _bad("the kirklees way of working", target=["kirklees-council"]) == [
        "target: kirklees-council is not named in the article"
    ]


@pytest.mark.skipif(not REAL.is_dir(), reason="the real articles are in ../shared")
def test_no_candidate_on_the_real_articles_links_to_a_body_they_do_not_name() -> None:
    corpus = load_project(Paths(data=NATIONAL))
    res = load_resources()
    problems = []
    for path in sorted(REAL.glob("[0-9]*.txt")):
        text = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
        out = extract_text(text, path.stem, None, corpus.entities, KnownEvents(corpus.claims, corpus.entities))
        records: dict[str, Any] = {k: e.values for k, e in corpus.entities.items()}
        kinds = {k: e.kind for k, e in corpus.entities.items()}
        for section, kind in (("people", "person"), ("organisations", "organisation"), ("posts", "post")):
            for e in out["entities"].get(section, []):
                records.setdefault(e["id"], e)
                kinds.setdefault(e["id"], kind)
        assert out["claims"], path.name
        problems += [
            f"{path.stem} {u.claim} {u.message()}" for u in unnamed_links(out["claims"], records, kinds, text, res)
        ]
    assert problems == []
