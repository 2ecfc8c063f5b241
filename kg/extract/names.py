"""Which capitalised runs the reader found are people, and where else the article names them.

A run is no person when it is a ward in a councillor's brackets ("(Con, Bingley Rural)"), a place before
"councillor" ("Baildon councillor Jo Bloggs"), a place name ("North East"), or a photo credit ("Picture: Adobe
Stock"). A surname alone after the full name ("Curryer's record", "Christie is to retire") is the same person.
Titles and descriptors ("Clr", "Troubleshooter", "Education Secretary") are not part of a person's name."""

from __future__ import annotations

import re
from functools import cache

from .reader import Article, Span
from .resources import Resources

CREDIT_RX = re.compile(r"(?:Picture|Photo|Photograph|Image|Credit|Pic)s?\s*:\s*$", re.IGNORECASE)
PLACE_BEFORE_ROLE_RX = re.compile(r"\s+(?:ward\s+)?(?:councillor|councillors|MP|ward)\b")
IN_A_PLACE_RX = re.compile(r"\b(?:in|across|throughout|of|from|to|for|at|around)\s+$", re.IGNORECASE)


@cache
def _title_rx(res: Resources) -> re.Pattern[str]:
    titles = "|".join(re.escape(t.rstrip(".")) for t in sorted(res.titles, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{titles})\.?\s+)+")


@cache
def _party_rx(res: Resources) -> re.Pattern[str]:
    forms = sorted((f for fs in res.raw["parties"].values() for f in fs), key=len, reverse=True)
    return re.compile(r"\(\s*(?:" + "|".join(re.escape(f) for f in forms) + r")\W[^()]*$")


def bare(text: str, res: Resources) -> str:
    """The name without titles or a possessive: 'Clr David Sheard' -> 'David Sheard'."""
    return re.sub(r"['\u2019]s?$", "", _title_rx(res).sub("", text.strip())).strip()


def people(article: Article, res: Resources, places: frozenset[str] = frozenset()) -> list[Span]:
    """The reader's names that are people, plus later mentions of a person by surname alone. `places` are the
    one-word names of known bodies ("Northby"): a run starting with one is a body's or a place's name."""
    text = article.text
    starts = set(res.raw.get("place_name_starts", [])) | {w.capitalize() for w in res.raw["ordinals"]} | places
    titled = _title_rx(res)
    kept: list[Span] = []
    for name in article.names:
        is_titled = bool(titled.match(name.text))
        if not is_titled and name.text.split()[0] in starts:
            continue  # "North East", "Central Bedfordshire"
        line_start = text.rfind("\n", 0, name.start) + 1
        if _party_rx(res).search(text[line_start : name.start]):
            continue  # the ward in "(Con, Bingley Rural)"
        if not is_titled and PLACE_BEFORE_ROLE_RX.match(text, name.end):
            continue  # "Bingley Rural councillor Jo Bloggs": a ward
        if CREDIT_RX.search(text[line_start : name.start]):
            continue  # "Picture: Adobe Stock": an agency as often as a person, and never a post-holder
        kept.append(name)
    kept = _with_particles(text, kept, res)
    return sorted(kept + _surnames(text, kept, res), key=lambda s: s.start)


@cache
def _particle_rx(res: Resources) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in res.raw.get("name_particles", []))
    return re.compile(rf"\b([A-Z][a-z]+) (?:{words}) [A-Z][\w'\u2019-]+")


def _with_particles(text: str, names: list[Span], res: Resources) -> list[Span]:
    """'Rachel de Souza', 'Dame Rachel de Souza': a lower-case particle inside a name (the reader stops at it)."""
    out = list(names)
    for m in _particle_rx(res).finditer(text):
        inside = [n for n in out if n.start < m.end() and m.start() < n.end]
        if any(n.end != m.end(1) for n in inside):
            continue  # part of a longer name or a body's name
        start = min([m.start(), *(n.start for n in inside)])
        out = [n for n in out if n not in inside] + [Span(start, m.end(), text[start : m.end()])]
    return out


def _surnames(text: str, names: list[Span], res: Resources) -> list[Span]:
    """'Curryer', 'Christie's': a surname alone, after the full name, outside any name already found."""
    out: list[Span] = []
    first_seen: dict[str, int] = {}
    for n in names:
        parts = bare(n.text, res).split()
        if len(parts) >= 2 and len(parts[-1]) > 2:
            first_seen.setdefault(parts[-1], n.end)
    taken = [(n.start, n.end) for n in names]
    for surname, after in first_seen.items():
        for m in re.finditer(rf"(?<![\w'\u2019-]){re.escape(surname)}(?![\w-])", text[after:]):
            s, e = after + m.start(), after + m.end()
            if any(a <= s < b for a, b in taken) or IN_A_PLACE_RX.search(text[max(0, s - 20) : s]):
                continue  # part of a name, or "in England": a place that is also a surname
            if re.match(r"\s+[A-Z][a-z]", text[e : e + 3]):
                continue  # "Walker Street": the start of another name
            out.append(Span(s, e, surname))
    return out
