"""Who came and went: "took up post last summer" and "has left the Council" in a post-holder's sentence, and
predecessors named in passing ("He replaced Janet Cowell, who retired last spring": a tenure of Janet Cowell in the
post of the person "he" is, ended then or, with no date, by the article's date)."""

from __future__ import annotations

import re

from ..data.dates import PartialDate, bounds
from .rules import Candidate, Extraction, date_json

REPLACED_RX = re.compile(r"\b(?:replac(?:ed|es|ing)|succeed(?:ed|s|ing))\s+$", re.IGNORECASE)


def predecessors(x: Extraction) -> None:
    holders = [n for n in x.a.names if x.roles.get(n.start, (None, None))[1]]
    for name in x.a.names:
        sent = x.a.sentence_at(name.start)
        if not REPLACED_RX.search(x.text, sent.start, name.start):
            continue
        # whom "he replaced": the last post-holder named before, in this sentence or the one before
        earliest = x.a.sentence_before_start(name.start)
        before = [n for n in holders if earliest <= n.start < name.start]
        person = x.roles.get(name.start, (None, None))[0]
        if not before or person is None:
            continue
        successor, post = x.roles[before[-1].start]
        if successor == person or post is None:
            continue
        cue = x.res.rx("end_cues").search(x.text, name.end, sent.end)
        when = (x.date_in(cue.end(), sent.end) if cue else None) or _by_the_source_date(x)
        if when is not None:
            _bound(
                x,
                person,
                post,
                "end",
                when,
                (sent.start, sent.end),
                "tenure/predecessor",
                0.7,
                {"predecessor": name.text},
            )


def tenure_changes(x: Extraction) -> None:
    """'took up post last summer' and 'has left the Council' in the sentence of a named post-holder."""
    for name in x.a.names:
        person, post = x.roles.get(name.start, (None, None))
        if not person or not post:
            continue
        sent = x.a.sentence_at(name.start)
        for cue, key, rule in (("start_cues", "start", "tenure/start"), ("end_cues", "end", "tenure/end")):
            m = x.res.rx(cue).search(x.text, sent.start, sent.end)
            if not m:
                continue
            when = x.date_in(m.end(), sent.end) or x.date_in(sent.start, sent.end)
            if when is None and key == "end":
                when = _by_the_source_date(x)  # "has left": by the time the article was written
            if when is not None:
                _bound(x, person, post, key, when, (sent.start, sent.end), rule, 0.75, {"cue": m.group(0)})


def _by_the_source_date(x: Extraction) -> PartialDate | None:
    p = x.published
    return bounds(p.earliest.isoformat(), p.latest.isoformat(), "by the source's date") if p is not None else None


def _bound(
    x: Extraction,
    person: str,
    post: str,
    key: str,
    when: PartialDate,
    span: tuple[int, int],
    rule: str,
    confidence: float,
    mentions: dict[str, str],
) -> None:
    """A tenure claim giving one end of the tenure (`key` is start or end)."""
    x.out.append(
        Candidate("tenure", {"person": person, "post": post, key: date_json(when)}, [span], rule, confidence, mentions)
    )
