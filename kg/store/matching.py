"""Matching what a user (or an article) writes against names, aliases and post titles.

"director of children's services", "Director of Children’s Services" and "DIRECTOR OF CHILDRENS SERVICES" are
the same words: matching folds case, apostrophes and punctuation, and strips titles from people's names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TITLES = ("cllr", "councillor", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor", "lord", "lady")
_TITLE_RX = re.compile(rf"^(?:(?:{'|'.join(TITLES)})\.?\s+)+", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)  # the same names are compared on every question
def normalise(text: str) -> str:
    """Lowercase, accents and apostrophes removed, every other punctuation mark a space, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['\u2018\u2019\u02bc`]", "", text.lower())
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1 << 16)
def strip_title(name: str) -> str:
    """'Cllr Jo Bloggs' -> 'Jo Bloggs'; possessive 's removed."""
    name = _TITLE_RX.sub("", name.strip())
    return re.sub(r"['\u2019]s$", "", name)


def best_matches(query: str, candidates: dict[str, list[str]], person: bool = False) -> list[str]:
    """Ids whose names match `query`: exact (normalised) matches if there are any, else names containing it."""
    wanted = normalise(strip_title(query) if person else query)
    if not wanted:
        return []
    exact, partial = [], []
    for key, names in candidates.items():
        forms = {normalise(strip_title(n) if person else n) for n in names}
        if wanted in forms:
            exact.append(key)
        elif any(re.search(rf"\b{re.escape(wanted)}\b", form) for form in forms):
            partial.append(key)
    return sorted(exact) if exact else sorted(partial)
