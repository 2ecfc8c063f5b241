"""The extractor's vocabulary, read from ontology/extraction/gazetteer.yaml: role words, kinds of body,
inspectorates, grades and the cues of findings, compiled once into regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..data.paths import ONTOLOGY_DIR
from ..data.yaml_strict import load_yaml

GAZETTEER = ONTOLOGY_DIR / "extraction" / "gazetteer.yaml"
QUOTE_CHARS = "\"\u201c\u201d\u2018\u2019'"


def phrase_rx(phrases: list[str], word_end: bool = True) -> re.Pattern[str]:
    """One case-insensitive alternation, longest phrase first, tolerant of curly apostrophes and line breaks."""
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        esc = re.escape(p).replace("'", "['\u2019]").replace(r"\ ", r"\s+")
        parts.append(esc)
    tail = r"(?![\w])" if word_end else ""
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + ")" + tail, re.IGNORECASE)


@dataclass(frozen=True, eq=False)  # hashed by identity: one compiled set per loaded file
class Resources:
    raw: dict[str, Any]

    @property
    def titles(self) -> list[str]:
        return list(self.raw["titles"])

    def role_kind_of(self, phrase: str) -> tuple[str, str] | None:
        """The role kind of the longest role phrase inside `phrase`, and the words matched."""
        best: tuple[int, str, str] | None = None
        for kind, rx in self.role_rx.items():
            for m in rx.finditer(phrase):
                if best is None or len(m.group(0)) > best[0]:
                    best = (len(m.group(0)), kind, m.group(0))
        lead = re.search(r"\bleader of (?:the )?(?P<what>[\w'\u2019 -]+)", phrase, re.IGNORECASE)
        if lead and (best is None or best[1] in ("councillor",)):
            kind = "group-leader" if re.search(r"\bgroup\b", lead.group("what"), re.IGNORECASE) else "council-leader"
            return kind, lead.group(0)
        if best and best[1] == "board-chair" and re.search(r"\bcommittee\b", phrase, re.IGNORECASE):
            return "committee-chair", best[2]  # "who chairs the scrutiny committee", "chair of the X committee"
        return (best[1], best[2]) if best else None

    @property
    def role_rx(self) -> dict[str, re.Pattern[str]]:
        return _compiled(self).keyed["roles"]

    @property
    def any_role_rx(self) -> re.Pattern[str]:
        return _compiled(self).single["any_role"]

    def any_body_head_after(self, text: str, end: int) -> bool:
        """Whether a body's head word (Council, Trust, Hospital ...) follows position `end` directly."""
        m = _compiled(self).single["body_heads"].match(text, end + 1) if text[end : end + 1] == " " else None
        return m is not None and not text[m.end() : m.end() + 1].isalpha()

    def rx(self, name: str) -> re.Pattern[str]:
        """One compiled phrase list: "criticism", "speech", "end_cues" ..."""
        return _compiled(self).single[name]

    def rx_by(self, name: str) -> dict[str, re.Pattern[str]]:
        """A family of compiled phrase lists by their key: "themes", "visits", "changes", "modifiers" ..."""
        return _compiled(self).keyed[name]

    @property
    def measures(self) -> dict[str, list[re.Pattern[str]]]:
        """The measures' regular expressions, several per measure."""
        return _compiled(self).measures


@dataclass(frozen=True)
class _Compiled:
    single: dict[str, re.Pattern[str]]
    keyed: dict[str, dict[str, re.Pattern[str]]]
    measures: dict[str, list[re.Pattern[str]]]


@cache
def _compiled(res: Resources) -> _Compiled:
    r = res.raw
    keyed = {
        "roles": {k: phrase_rx(v) for k, v in r["role_kinds"].items()},
        "grades": {g: phrase_rx(v) for g, v in r["grades"].items()},
        "visits": {k: phrase_rx(v) for k, v in r["visit_words"].items()},
        "themes": {t: phrase_rx(v, word_end=False) for t, v in r["themes"].items()},
        "changes": {k: phrase_rx(v) for k, v in r["change_cues"].items()},
        "modifiers": {k: phrase_rx(v) for k, v in r["role_modifiers"].items()},
    }
    single = {
        "any_role": phrase_rx([p for v in r["role_kinds"].values() for p in v] + list(r["leader_of"])),
        "criticism": phrase_rx(r["criticism_cues"], word_end=False),
        "praise": phrase_rx(r["praise_cues"], word_end=False),
        "finding_subjects": phrase_rx(r["finding_subjects"]),
        "inspector_refs": phrase_rx(r["inspector_references"]),
        "finding_verbs": phrase_rx(r["finding_verbs"]),
        "strong_praise": phrase_rx(r["strong_praise_cues"], word_end=False),
        "strong_criticism": phrase_rx(r["strong_criticism_cues"], word_end=False),
        "meta": phrase_rx(r["meta_cues"]),
        # a remedy verb and the few words it acts on, to the end of the clause: "reducing the drift and delay"
        "remedied": re.compile(
            phrase_rx(r["remedy_verbs"]).pattern + r"(?:\s+[\w'\u2019]+){1,6}?(?=[,.;:]|\s+(?:and|but|so|which)\b|$)",
            re.IGNORECASE,
        ),
        "speech": phrase_rx(r["speech_verbs"]),
        "grade_cues": phrase_rx(r["grade_cues"]),
        "start_cues": phrase_rx(r["tenure_start_cues"]),
        "end_cues": phrase_rx(r["tenure_end_cues"]),
        "vacancy_cues": phrase_rx(r["vacancy_cues"]),
        "titles": phrase_rx(r["titles"]),
        "ordinals": phrase_rx(list(r["ordinals"])),
        "body_heads": phrase_rx([h for hs in r["body_heads"].values() for h in hs]),
    }
    measures = {k: [re.compile(p, re.IGNORECASE) for p in v] for k, v in r["measures"].items()}
    return _Compiled(single, keyed, measures)


@cache
def load_resources(path: Path = GAZETTEER) -> Resources:
    return Resources(_freeze(load_yaml(path)))


def _freeze(value: Any) -> Any:
    """Plain, hashable-by-identity data for the cache (LocatedDict -> dict, LocatedList -> list)."""
    if isinstance(value, dict):
        return {str(k): _freeze(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_freeze(v) for v in value]
    return value
