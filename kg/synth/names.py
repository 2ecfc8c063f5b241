"""Invented names for the synthetic corpus, put together from the parts in ontology/synth/names.yaml.

Names are built from parts (never taken whole from an article), and each one is handed out once, so two people,
two councils or two wards of one council never share a name, and a generated id never clashes with another.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.paths import ONTOLOGY_DIR
from ..data.yaml_strict import load_yaml

SYNTH_DIR = ONTOLOGY_DIR / "synth"


def slug(text: str) -> str:
    """An id from a name: lowercase letters and digits, single hyphens (apostrophes dropped, not split on)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("’", "")).strip("-")


@dataclass(frozen=True)
class Parts:
    """The name parts and patterns, as read from names.yaml."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    surname_heads: tuple[str, ...]
    surname_tails: tuple[str, ...]
    place_heads: tuple[str, ...]
    place_tails: tuple[str, ...]
    ward_words: tuple[str, ...]
    parties: tuple[dict[str, str], ...]
    councils: tuple[dict[str, str], ...]
    trusts: tuple[str, ...]
    inspectorate: dict[str, Any]
    exclude: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> Parts:
        raw = load_yaml(path or SYNTH_DIR / "names.yaml")
        return cls(
            female=tuple(raw["first_names"]["female"]),
            male=tuple(raw["first_names"]["male"]),
            surname_heads=tuple(raw["surname_heads"]),
            surname_tails=tuple(raw["surname_tails"]),
            place_heads=tuple(raw["place_heads"]),
            place_tails=tuple(raw["place_tails"]),
            ward_words=tuple(raw["ward_words"]),
            parties=tuple(dict(p) for p in raw["parties"]),
            councils=tuple(dict(c) for c in raw["councils"]),
            trusts=tuple(raw["trusts"]),
            inspectorate=dict(raw["inspectorate"]),
            exclude=frozenset(n.lower() for n in raw["exclude"]),
        )


@dataclass(frozen=True)
class PersonName:
    """A generated person's name and the honorific a news report would use for them."""

    first: str
    surname: str
    female: bool

    @property
    def full(self) -> str:
        return f"{self.first} {self.surname}"

    @property
    def honorific(self) -> str:
        return "Ms" if self.female else "Mr"


def _join(head: str, tail: str) -> str:
    """Head and tail without a doubled letter at the seam (Hal + ley, not Hall + ley; Fen + ney stays)."""
    if head[-1].lower() == tail[0].lower():
        tail = tail[1:]
    return head + tail


class Namer:
    """Hands out unique invented names in a fixed order, so the same seed gives the same names."""

    def __init__(self, parts: Parts, rng: random.Random) -> None:
        self.parts = parts
        self.rng = rng
        self.people: set[str] = set()
        self.places: set[str] = set()

    def _fresh(self, make: Any, taken: set[str], what: str) -> str:
        for _ in range(10_000):
            name = make()
            if name.lower() not in taken and name.lower() not in self.parts.exclude:
                taken.add(name.lower())
                return str(name)
        raise RuntimeError(f"ran out of {what} names: add parts to ontology/synth/names.yaml")

    def place(self) -> str:
        """A town or county name no other council in the corpus has."""

        def make() -> str:
            return _join(self.rng.choice(self.parts.place_heads), self.rng.choice(self.parts.place_tails))

        return self._fresh(make, self.places, "place")

    def ward(self, taken: set[str]) -> str:
        """A ward name unique within one council (and never a council's own name)."""

        def make() -> str:
            return f"{self.rng.choice(self.parts.place_heads)} {self.rng.choice(self.parts.ward_words)}"

        return self._fresh(make, taken, "ward")

    def person(self) -> PersonName:
        """A full name no other person in the corpus has."""
        female = self.rng.random() < 0.5
        first = self.rng.choice(self.parts.female if female else self.parts.male)

        def make() -> str:
            surname = _join(self.rng.choice(self.parts.surname_heads), self.rng.choice(self.parts.surname_tails))
            if surname.lower() in self.parts.exclude:
                return first  # rejected below: a bare first name is in no one's taken set but fails the check
            return f"{first} {surname}"

        for _ in range(10_000):
            full = make()
            if " " in full and full.lower() not in self.people:
                self.people.add(full.lower())
                return PersonName(first, full.split(" ", 1)[1], female)
        raise RuntimeError("ran out of person names: add parts to ontology/synth/names.yaml")
