"""Findings: criticism and praise, by stance cues and theme words, in the words of the inspectorate's report or
of a critic (who speaks in each paragraph is speech.py's; answers to a report are responses.py's)."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import Any

from .reader import BROKEN_END_RX, BROKEN_START_RX, quoted_spans
from .resources import Resources, phrase_rx
from .rules import Candidate, Extraction
from .speech import Block, post_record, quotations, reported, speaker_of, speaker_role

CRITIC_ROLES = {
    "outside-critic",
    "spokesperson",
    "group-leader",
    "committee-chair",
    "committee-deputy-chair",
    "councillor",
    "commissioner",
    "police-and-crime-commissioner",  # who holds a force to account: answers for it, and criticises it
}
# Those who assess a body rather than answer for it: their words are findings, never responses to the visit.
ASSESSORS = {"inspector", "commissioner"}
# A councillor may sit on either side: their words criticise others only when they do not speak as "we".
SIDE_UNKNOWN = {"councillor"}


# Words that turn the praise cue a few words after them into its opposite: "not led to sufficient positive change",
# "no improvement", "without effective oversight".
NEGATION_RX = re.compile(
    r"\b(?:not|no|never|without|nor|lacked|lacks|lacking|lack of|n['\u2019]t)\s+(?:[\w'\u2019]+\s+){0,4}$", re.I
)


def finding_stance(x: Extraction, text: str) -> str | None:
    """Cue words, decisive ones counted twice; praise only when it clearly outweighs criticism. What a remedy verb
    acts on ("reducing the drift and delay") is not counted as criticism; a praise cue under a negation counts as
    criticism ("not led to sufficient positive change")."""
    # a remedy not taken ("had not acted quickly enough to tackle widespread weaknesses") remedies nothing
    text = _remedied(x.res).sub(lambda m: m.group(0) if NEGATION_RX.search(text, 0, m.start()) else " ", text)
    crit = len(x.res.rx("criticism").findall(text)) + len(x.res.rx("strong_criticism").findall(text))
    praise = 0
    for rx in (x.res.rx("praise"), x.res.rx("strong_praise")):
        for m in rx.finditer(text):
            if NEGATION_RX.search(text, max(0, m.start() - 40), m.start()):
                crit += 1
            else:
                praise += 1
    if crit == 0 and praise == 0:
        return None
    return "criticism" if crit * 1.2 >= praise else "praise"


@cache
def _remedied(res: Resources) -> re.Pattern[str]:
    """A remedy verb and what it acts on, to the end of the clause ("to clear the backlog of digital devices by
    the end of the year")."""
    verbs = phrase_rx(res.raw["remedy_verbs"]).pattern
    return re.compile(verbs + r"(?:\s+[\w'\u2019]+){1,12}?(?=[,.;:]|\s+(?:and|but|so|which)\b|$)", re.IGNORECASE)


def finding_themes(x: Extraction, text: str) -> list[str]:
    """The best-matching themes by their words (at most two); the pace of improvement when none matches."""
    scored = [(len(rx.findall(text)), t) for t, rx in x.res.rx_by("themes").items()]
    return [t for n, t in sorted(scored, key=lambda s: (-s[0], s[1])) if n][:2] or ["pace-of-improvement"]


# A sentence whose subject points back at the one before and says more about it: one finding with it.
ELABORATION_RX = re.compile(
    r"\s*[\"\u201c]?(?:This|These|That)\s+(?:\w+\s+)?(?:is|was|are|were|has|have|had|means|meant|exposed|led|"
    r"resulted|leaves|left|shows|showed)\b"
)
SELF_ACTION_RX = re.compile(r"\bwe\s+(?:now\s+|all\s+)?(?:need|must|will|have\s+to|are\s+going\s+to)\b", re.I)
FIRST_PERSON_RX = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


ENUMERATION_RX = re.compile(r",\s+(?:and\s+)?that\s+(?!is\b|was\b|has\b|had\b)|\s+and\s+that\s+", re.IGNORECASE)
CONTRAST_RX = re.compile(r",\s+but\b|;\s+|\s+while\s+|,\s+however,?\s+|\s+although\s+|\bBut,?\s+", re.IGNORECASE)


def _joined(x: Extraction, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences the source broke with a blank line ("... children's plans," / "manager oversight ...") are one."""
    out: list[tuple[int, int]] = []
    for s, e in units:
        if out and BROKEN_END_RX.search(x.text[out[-1][0] : out[-1][1]]) and BROKEN_START_RX.match(x.text[s:e]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _clauses(x: Extraction, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence split where its stance may turn ("..., but ...", "while ...") and between the findings it lists
    ("found that ..., that ... and that ...")."""
    turns = [m.start() for rx in (CONTRAST_RX, ENUMERATION_RX) for m in rx.finditer(x.text, start, end)]
    cuts = [start, *sorted(set(turns)), end]
    opener = re.match(r"\W*(?:While|Although|Though|Despite|Whilst)\b[^,]{10,}?,", x.text[start:end])
    if opener:  # "While there were some examples of better practice, the overall conclusion was ..."
        cuts.insert(1, start + opener.end())
    return [(a, b) for a, b in pairwise(cuts) if b - a >= 25]


def findings(x: Extraction, paragraphs: list[Block]) -> None:
    for para in paragraphs:
        if para.speaker is None:
            continue
        person, kind = None, None
        if para.speaker.startswith("body@"):
            # a body speaking for itself answers (its words are a response); what it reports the inspectors found
            # is still their finding ("X Council has welcomed the findings of ..., which found that ...")
            for sent in (t for t in x.a.sentences if t.start < para.end and para.start < t.end):
                s, e = max(sent.start, para.start), min(sent.end, para.end)
                if x.inspectorate and reported(x, s, e):
                    _finding(x, s, e, None)
            continue
        if para.speaker.startswith("person@"):
            person = speaker_of(x, para.speaker)[0]
            kind = speaker_role(x, para.speaker)
            if kind not in CRITIC_ROLES:
                _of_a_colleague(x, para, person)
                continue  # officers and ruling members answer; their words are responses, not findings
            units = quotations(x, para.start, para.end, single=False)
            units += _reported_speech(x, para.start, para.end)
            # one finding for the same words: a quotation inside what was "said", or "stated that" inside a quote
            units = sorted({u for u in units if not any(o != u and o[0] <= u[0] and u[1] <= o[1] + 3 for o in units)})
        else:
            units = [
                (max(sent.start, para.start), min(sent.end, para.end))
                for sent in x.a.sentences
                if sent.start < para.end and para.start < sent.end
            ]
            units = _joined(x, units)
        chunks: list[tuple[int, int]] = []
        for u_start, u_end in units:
            for sent in x.a.sentences:
                s0, e0 = max(sent.start, u_start), min(sent.end, u_end)
                if e0 <= s0:
                    continue
                between = x.text[chunks[-1][1] : s0] if chunks else "x"
                if not between.strip(' "\u201c\u201d') and ELABORATION_RX.match(x.text, s0):
                    chunks[-1] = (chunks[-1][0], e0)  # "This is evidenced by ...": the same finding, continued
                    continue
                chunks += _clauses(x, s0, e0) if e0 - s0 >= 25 else []
        for s, e in chunks:
            if kind in SIDE_UNKNOWN and FIRST_PERSON_RX.search(x.text, s, e):
                continue  # "We need to ensure this investment ...": the council speaking of itself
            if person and SELF_ACTION_RX.search(x.text, s, e):
                continue  # "We now need to move on and ...": a call to act, not a finding against anyone
            _finding(x, s, e, person)


def _reported_speech(x: Extraction, start: int, end: int) -> list[tuple[int, int]]:
    """What a critic 'said' in reported speech, to the end of the sentence: 'said the downgrade was "entirely
    avoidable"' (a quotation that short is no finding alone; with what it qualifies it is)."""
    out = []
    for verb in x.res.rx("speech").finditer(x.text, start, end):
        sent = x.a.sentence_at(verb.start())
        rest = x.text[verb.end() : min(sent.end, end)]
        if re.match(r"\s+(?:that\s+)?(?:the|it|this|he|she|they|there|a|an)\b", rest, re.IGNORECASE):
            out.append((verb.start(), min(sent.end, end)))
    return out


def _post_named(x: Extraction, chunk: str) -> str | None:
    """'why the chief executive remains in post': a critic's words about a post the article names someone in."""
    kind = x.res.role_kind_of(chunk)
    if kind is None or not re.search(rf"\bthe\s+{re.escape(kind[1])}", chunk, re.IGNORECASE):
        return None
    posts = {post for _, post in x.roles.values() if post and post_record(x, post).get("role") == kind[0]}
    return posts.pop() if len(posts) == 1 else None


def _of_a_colleague(x: Extraction, para: Block, speaker: str | None) -> None:
    """An officer's or leader's words against someone the paragraph names ("thanked Mrs Watson for her work but
    added 'the shortcomings identified by Ofsted make it clear that it's time for a change'"): criticism of that
    person, when decisive criticism words say so."""
    named = [x.roles.get(n.start, (None, None))[0] for n in x.a.names if para.start <= n.start < para.end]
    others = [p for p in named if p and p != speaker and p not in x.inspector_people]
    if not speaker or not others:
        return
    for s, e in quotations(x, para.start, para.end, single=False):
        chunk = x.text[s:e]
        strong = x.res.rx("strong_criticism").search(chunk)
        if len(chunk.split()) >= 6 and strong and finding_stance(x, chunk) == "criticism":
            _finding(x, s, e, speaker, target=others[0])


def _finding(x: Extraction, s: int, e: int, person: str | None, target: str | None = None) -> None:
    chunk = x.text[s:e]
    if person is None and FIRST_PERSON_RX.search(chunk) and not quoted_spans(x.text, s, e):
        return  # "we need to ...": the body talking about itself, not the inspectors' finding
    if x.res.rx("meta").search(chunk):
        return  # about the visit or the report itself
    stance = finding_stance(x, chunk)
    if stance is None or (person and stance != "criticism"):
        return
    by = person or x.inspectorate
    target = target or (_post_named(x, chunk) if person else None)
    target = target or x.body_in(s, e, {x.inspectorate or ""}) or x.subject
    if not by or not target:
        return
    fields: dict[str, Any] = {"by": by, "target": target, "theme": finding_themes(x, chunk)}
    if x.visit:
        fields["about"] = x.visit
    strength = abs(len(x.res.rx("criticism").findall(chunk)) - len(x.res.rx("praise").findall(chunk)))
    x.out.append(
        Candidate(
            stance,
            fields,
            [(s, e)],
            f"finding/{'critic' if person else 'report'}-{stance}",
            round(min(0.9, 0.5 + 0.1 * strength), 2),
            {},
        )
    )
