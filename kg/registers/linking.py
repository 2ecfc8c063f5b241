"""One real inspection (or change of who runs a service) is one node: an event an article describes is the register's event when they have the same
body, inspectorate and kind and the article's date falls within the register's dates (from the first day on site to
publication) — and only when exactly one register event fits. Its judgement is the register's judgement of the same
area when the grades agree; when they disagree both stay, for `kg crosscheck` to list. Never by a body's name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..data.dates import PartialDate
from ..data.model import Claim, Corpus

EVENT_FIELDS = ("event", "inspection", "about", "to")
OVERALL = "overall-effectiveness"


@dataclass(frozen=True)
class RegisterEvent:
    id: str
    kind: str
    subject: str
    inspectorate: str
    earliest: PartialDate
    latest: PartialDate


def link_events(corpus: Corpus) -> dict[str, str]:
    """Rename article event and judgement ids to the register's where they are the same; returns the renaming."""
    registers = {sid for sid, s in corpus.sources.items() if s.values.get("kind") == "register"}
    if not registers:
        return {}
    known: dict[tuple[str, str, str], list[RegisterEvent]] = defaultdict(list)
    grades: dict[str, str] = {}  # register judgement id -> grade
    for c in corpus.claims:
        if c.source not in registers:
            continue
        if c.type == "visit":
            first = c.get("date") or c.get("published")
            key = (c.get("subject"), c.get("inspectorate"), c.get("kind"))
            known[key].append(RegisterEvent(c.get("event"), c.get("kind"), *key[:2], first, c.get("published")))
        elif c.type == "judgement" and c.get("grade"):
            grades[c.get("judgement")] = c.get("grade")
    articles = [c for c in corpus.claims if c.source not in registers]
    kinds = {c.get("event"): c.get("kind") for c in articles if c.type == "visit"}
    renames: dict[str, str] = {}
    for c in articles:
        event = c.get("event") if c.type == "visit" else c.get("inspection") if c.type == "judgement" else None
        when = c.get("date") or c.get("published")
        if not event or when is None or event in renames:
            continue
        key = (c.get("subject"), c.get("inspectorate"), kinds.get(event, "inspection"))
        fits = [r for r in known.get(key, []) if _within(when, r)]
        if len(fits) == 1:
            renames[event] = fits[0].id
    for c in articles:
        if c.type == "judgement" and c.get("inspection") in renames and not c.get("area"):
            same = f"{renames[c.get('inspection')]}-{OVERALL}"
            if grades.get(same) == c.get("grade"):
                renames[c.get("judgement")] = same
    renames.update(_link_changes(corpus, registers, articles))
    for c in articles:
        for name in (*EVENT_FIELDS, "judgement", "change"):
            if c.get(name) in renames:
                c.values.setdefault("linked_from", {})[name] = c.values[name]
                c.values[name] = renames[c.values[name]]
    return renames


def _within(when: PartialDate, event: RegisterEvent) -> bool:
    """The article's date can fall between the register's first day on site and its publication."""
    return when.latest >= event.earliest.earliest and when.earliest <= event.latest.latest


def _link_changes(corpus: Corpus, registers: set[str], articles: list[Claim]) -> dict[str, str]:
    """An article's change is a register's when the kind is the same, the bodies overlap (a body it was taken from,
    and one it went to, when the article names one) and the dates overlap, and only one register change fits."""
    known = [c for c in corpus.claims if c.source in registers and c.type == "change"]
    renames: dict[str, str] = {}
    for c in articles:
        if c.type != "change" or c.get("change") in renames:
            continue
        fits = {
            r.get("change")
            for r in known
            if r.get("kind") == c.get("kind")
            and set(r.get("original", [])) & set(c.get("original", []))
            and (not c.get("resulting") or set(r.get("resulting", [])) & set(c.get("resulting", [])))
            and c.get("date").overlaps(r.get("date"))
        }
        if len(fits) == 1:
            renames[c.get("change")] = fits.pop()
    return renames
