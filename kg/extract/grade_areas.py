"""The areas a grade is given in (ontology/schemes/areas.ttl), from the words after it: "in three out of five
inspected areas - A, B and C" (one area each), "for the services it provides to children who need help and
protection", "a 'good' rating for its adoption services"; none is the overall judgement. An area the scheme has no
concept for ("'inadequate' at investigating crime") comes back as its wording, for the reviewer."""

from __future__ import annotations

import re
from functools import cache

from ..data.dates import PartialDate
from .resources import Resources, phrase_rx
from .rules import DATE_RX

AREA_LIST_RX = re.compile(r"\bin\s+(?:[\w-]+\s+){0,5}?areas?\s*(?:[\u2013\u2014:-]|,\s*(?:namely|including))\s*", re.I)
AREA_END_RX = re.compile(r"[.;]|\s[\u2013\u2014-]\s|\b(?:but|by|after|following|since|because|when|while)\b", re.I)
LIST_END_RX = re.compile(r"[.;]|\s[\u2013\u2014-]\s|\bbut\b", re.IGNORECASE)
LIST_SPLIT_RX = re.compile(r",\s*(?:and\s+)?|\s+and\s+the\s+|\s+and\s+(?=[\w'\u2019]+\s+(?:of|being|the)\b)")
NOT_AREA_RX = re.compile(
    r"^(?:(?:the|its|their|an?)\s+)?(?:first|second|third|last|latest|previous|\d|time|years?|months?)\b"
    r"|\b(?:inspection|visit|report|framework|time)\b",
    re.IGNORECASE,
)


@cache
def _area_rx(res: Resources) -> dict[str, re.Pattern[str]]:
    return {a: phrase_rx(ws) for a, ws in res.raw["judgement_areas"].items()}


def areas_in(res: Resources, seg: str, when: PartialDate | None) -> list[tuple[str | None, str | None]]:
    """(area, wording) pairs for the text after a grade: [(None, None)] for the overall judgement."""
    listed = AREA_LIST_RX.search(seg)
    if listed:
        stop = LIST_END_RX.search(seg, listed.end())
        items = LIST_SPLIT_RX.split(seg[listed.end() : stop.start() if stop else len(seg)])
        found = [area_of(res, item, when) for item in items if item.strip()]
        return [(a, None) for a in found if a is not None]  # a list item no scheme area names is left to the reviewer
    phrase = re.match(r"\s*(?:overall\s+)?(?:for|in|at|on)\s+(?P<what>.+)", seg, re.DOTALL)
    if phrase is None or NOT_AREA_RX.match(phrase.group("what")) or DATE_RX.match(phrase.group("what")):
        return [(None, None)]
    stop = AREA_END_RX.search(phrase.group("what"))
    what = phrase.group("what")[: stop.start() if stop else len(phrase.group("what"))].strip()
    area = area_of(res, what, when)
    if area is not None:
        return [(area, None)]
    if not re.match(r"\s*(?:at|for)\b", seg):
        return [(None, None)]  # "rated inadequate in the previous framework": no area
    return [(None, re.split(r",|\band\b", what)[0].strip())]  # its wording, up to the next clause


def area_of(res: Resources, words: str, when: PartialDate | None) -> str | None:
    """The scheme's area the words name (the longest match), as it was judged at the date: children in care were
    judged with care leavers until December 2022 (the gazetteer's `judgement_areas_before`)."""
    plain = re.sub(r"['\u2018\u2019\"\u201c\u201d]", "", words)
    best: tuple[int, str] | None = None
    for area, rx in _area_rx(res).items():
        for m in rx.finditer(plain):
            if best is None or len(m.group(0)) > best[0]:
                best = (len(m.group(0)), area)
    if best is None:
        return None
    since = res.raw.get("judgement_areas_before", {}).get(best[1])
    if since and (when is None or when.latest.isoformat() < since[0]):
        return str(since[1])
    return best[1]
