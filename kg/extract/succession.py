"""Who came and went: "took up post last summer" and "has left the Council" in a post-holder's sentence, and
predecessors named in passing ("He replaced Janet Cowell, who retired last spring": a tenure of Janet Cowell in the
post of the person "he" is, ended then or, with no date, by the article's date)."""

from __future__ import annotations

import re

from ..data.dates import PartialDate, bounds
from .reader import Span
from .rules import Candidate, Extraction, date_json

REPLACED_RX = re.compile(r"\b(?:replac(?:ed|es|ing)|succeed(?:ed|s|ing))\s+$", re.IGNORECASE)


SAME_POST_RX = re.compile(
    r"\b(?:he|she|they)\s+(?:had\s+)?(?:previously\s+|formerly\s+|earlier\s+|once\s+)?(?:held|had|did|filled|"
    r"occupied)\s+the\s+same\s+(?:role|post|job|position)\s+(?:at|with|in|for)\s+",
    re.IGNORECASE,
)


def same_post_elsewhere(x: Extraction) -> None:
    """'He previously held the same role at Doncaster Council': the post of the person named last (in this
    sentence or the one before), at the body named after it, ended by the article's date."""
    for m in SAME_POST_RX.finditer(x.text):
        body = [(span, oid) for span, oid in x.bodies if span.start == m.end()]
        earliest = x.a.sentence_before_start(m.start())
        posts = {p: post for p, post in x.roles.values() if p and post}  # each person's post, from any mention
        named = [x.roles[n.start][0] for n in x.a.names if earliest <= n.start < m.start() and n.start in x.roles]
        if not body or not named or named[-1] not in posts:
            continue
        person, post = named[-1], posts[str(named[-1])]
        org = max(body, key=lambda b: b[0].end)[1]
        label, kind = _post_words(x, str(post))
        when = _by_the_source_date(x)
        if person is None or kind is None or org == _post_org(x, str(post)):
            continue
        words = x.res.role_kind_of(label)  # the role's own words: the old label names the other body
        link = x.linker.post(words[1] if words else label, kind, org, x._up(org))
        sent = x.a.sentence_at(m.start())
        fields = {"person": person, "post": link.entity_id, **({"end": date_json(when)} if when else {})}
        x.out.append(Candidate("tenure", fields, [(sent.start, sent.end)], "tenure/same-post-elsewhere", 0.6, {}))


def _post_words(x: Extraction, post: str) -> tuple[str, str | None]:
    e = x.entities.get(post)
    if e is not None:
        return e.label, e.values.get("role")
    p = x.linker.proposed.get(post, {})
    return str(p.get("label", "")), p.get("role")


def _post_org(x: Extraction, post: str) -> str | None:
    e = x.entities.get(post)
    return e.values.get("organisation") if e is not None else x.linker.proposed.get(post, {}).get("organisation")


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
            if not m or not _about(x, name, m.start(), m.end()):
                continue
            when = x.date_in(m.end(), sent.end) or x.date_in(sent.start, sent.end)
            if when is None and key == "end":
                when = _by_the_source_date(x)  # "has left": by the time the article was written
            if when is not None:
                _bound(x, person, post, key, when, (sent.start, sent.end), rule, 0.75, {"cue": m.group(0)})


NAMES_A_POST_RX = re.compile(r"\b(?:became|become|becomes|took over as|appointed as|started as|began as)$", re.I)


def _about(x: Extraction, name: Span, start: int, end: int) -> bool:
    """Whether a cue in a post-holder's sentence is about that person and post: not after "he" or another
    name ("thanked Mr Smith for the work he has done since he joined"), and, where the cue names the post
    taken ("became"), followed by role words ("became national vice-president of X" is another post)."""
    if start > name.end:
        between = x.text[name.end : start]
        if re.search(r"\b(?:he|she|they)\b", between, re.I):
            return False
        if any(name.end <= n.start < start and n.text != name.text for n in x.a.names):
            return False
    if NAMES_A_POST_RX.search(x.text[start:end]):
        after = re.sub(r"^\s*(?:(?:the|a|an|its|their|interim|acting|permanent|new)\s+)*", "", x.text[end : end + 80])
        return bool(x.res.any_role_rx.match(after))
    return True


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
