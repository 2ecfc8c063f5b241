"""Extraction rules for what was said and who answered: who speaks in each paragraph, findings (criticism and
praise, by stance cues and theme words) and responses to the visit the article reports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from .reader import BROKEN_END_RX, BROKEN_START_RX, quoted_spans
from .rules import Candidate, Extraction

CRITIC_ROLES = {
    "spokesperson",
    "group-leader",
    "committee-chair",
    "committee-deputy-chair",
    "councillor",
    "commissioner",
}
# Those who assess a body rather than answer for it: their words are findings, never responses to the visit.
ASSESSORS = {"inspector", "commissioner"}
# A councillor may sit on either side: their words criticise others only when they do not speak as "we".
SIDE_UNKNOWN = {"councillor"}


def _stance(x: Extraction, text: str) -> str | None:
    """Cue words, decisive ones counted twice; praise only when it clearly outweighs criticism. What a remedy verb
    acts on ("reducing the drift and delay") is not counted as criticism."""
    text = x.res.rx("remedied").sub(" ", text)
    crit = len(x.res.rx("criticism").findall(text)) + len(x.res.rx("strong_criticism").findall(text))
    praise = len(x.res.rx("praise").findall(text)) + len(x.res.rx("strong_praise").findall(text))
    if crit == 0 and praise == 0:
        return None
    return "criticism" if crit * 1.2 >= praise else "praise"


def _themes(x: Extraction, text: str) -> list[str]:
    scored = [(len(rx.findall(text)), t) for t, rx in x.res.rx_by("themes").items()]
    return [t for n, t in sorted(scored, key=lambda s: (-s[0], s[1])) if n][:2]


def speakers(x: Extraction) -> None:
    """Who speaks in each paragraph: a named person with a speech verb, the inspectorate's report, or the
    speaker of the paragraph before when a quotation simply continues."""
    previous: str | None = None
    carried = False  # a quotation left open at the end of the paragraph before (broken by a blank line)
    for i, para in enumerate(x.a.paragraphs):
        speaker = None
        first_quote = min((para.text.find(c) for c in '"\u201c' if c in para.text), default=-1)
        continues = para.text.lstrip()[:1] in '"\u201c' and previous is not None
        for name in (n for n in x.a.names if para.start <= n.start < para.end):
            # the speech verb of the name's own sentence ("Name, role of Org, said"), not of the next sentence or
            # paragraph, unless the sentence was cut inside brackets ("Cllr Name (Con." is not a sentence's end)
            sent = x.a.sentence_at(name.start)
            end = sent.end if sent.text.count("(") <= sent.text.count(")") else para.end
            window = x.text[name.end : min(name.end + 160, end, para.end)]
            before = x.text[max(para.start, name.start - 40) : name.start]
            if x.res.rx("speech").search(window[:120]) or x.res.rx("speech").search(before):
                who, post = x.roles.get(name.start, (None, None))
                speaker = "inspectorate" if _is_inspector(x, post, who) else f"person@{name.start}"
                break
        if speaker is None and continues and previous and previous.startswith("person@"):
            speaker = previous  # a person's quotation goes on, even where it says "inspectors found"
        if speaker is None and re.search(r"\b(?:he|she) (?:said|added|says)\b", para.text):
            earlier = [n for n in x.a.names if n.start < para.start + para.text.find(" said")]
            if earlier:  # '"...," he said.' after a named person
                who, post = x.roles.get(earlier[-1].start, (None, None))
                speaker = "inspectorate" if _is_inspector(x, post, who) else f"person@{earlier[-1].start}"
        if (
            speaker is None
            and x.inspectorate
            and (
                x.res.rx("finding_subjects").search(para.text)
                or _reported(x, para.start, para.end)
                or (first_quote >= 0 and x.res.rx("inspector_refs").search(para.text[: max(first_quote, 0)]))
            )
        ):
            speaker = "inspectorate"
            if re.search(r"\b(?:according to|this was the finding)", para.text, re.IGNORECASE) and i:
                prior = x.a.paragraphs[i - 1]
                prior.speaker = prior.speaker or "inspectorate"  # "That's according to Ofsted" looks back
        if (
            speaker is None
            and previous == "inspectorate"
            and re.match(r"\s*(?:They|It|The report|Their report)\b", para.text)
            and _reported(x, para.start, para.end, pronoun=True)
        ):
            speaker = "inspectorate"  # "They found that ...", after a paragraph of the inspectors' findings
        if speaker is None and (continues or (carried and previous)):
            speaker = previous
        para.speaker = speaker
        previous = speaker if first_quote >= 0 or speaker else None
        carried = _open_at_end(para.text, carried)


def _open_at_end(text: str, carried: bool) -> bool:
    """Whether a quotation is still open at the end of this paragraph, given whether one was open before it. By
    the newspaper convention a quotation running over paragraphs reopens each with a quote mark and closes only
    at its end, so a leading mark after an open quotation continues it rather than closing it."""
    open_ = carried
    body = text.lstrip()
    if carried and body[:1] in '"\u201c':
        body = body[1:]
    for ch in body:
        if ch == "\u201c":
            open_ = True
        elif ch == "\u201d":
            open_ = False
        elif ch == '"':
            open_ = not open_
    return open_


# A sentence whose subject points back at the one before and says more about it: one finding with it.
ELABORATION_RX = re.compile(
    r"\s*[\"\u201c]?(?:This|These|That)\s+(?:\w+\s+)?(?:is|was|are|were|has|have|had|means|meant|exposed|led|"
    r"resulted|leaves|left|shows|showed)\b"
)
FIRST_PERSON_RX = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


def _reported(x: Extraction, start: int, end: int, pronoun: bool = False) -> bool:
    """ "Inspectors ... found", "Ofsted recognises", "the report says": the inspectorate is the one speaking."""
    if pronoun and x.res.rx("finding_verbs").search(x.text, start, min(end, start + 40)):
        return True
    for ref_end in (
        *(m.end() for m in x.res.rx("inspector_refs").finditer(x.text, start, end)),
        *(span.end for span, oid in x.bodies if oid == x.inspectorate and start <= span.start < end),
    ):
        if x.res.rx("finding_verbs").search(x.text, ref_end, min(end, ref_end + 80)):
            return True
    return False


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
    """A sentence split where its stance may turn ("..., but ...", "while ...")."""
    cuts = [start] + [m.start() for m in CONTRAST_RX.finditer(x.text, start, end)] + [end]
    opener = re.match(r"\W*(?:While|Although|Though|Despite|Whilst)\b[^,]{10,}?,", x.text[start:end])
    if opener:  # "While there were some examples of better practice, the overall conclusion was ..."
        cuts.insert(1, start + opener.end())
    return [(a, b) for a, b in pairwise(cuts) if b - a >= 25]


def findings(x: Extraction) -> None:
    for para in x.a.paragraphs:
        if para.speaker is None:
            continue
        person, post, kind = None, None, None
        if para.speaker.startswith("person@"):
            person, post = x.roles.get(int(para.speaker.split("@")[1]), (None, None))
            kind = _post_record(x, post).get("role")
            if kind not in CRITIC_ROLES:
                continue  # officers and ruling members answer; their words are responses, not findings
            units = [(q.start, q.end) for q in quoted_spans(x.text, para.start, para.end)]
            units += _reported_speech(x, para.start, para.end)
            units = sorted(set(units))
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


def _finding(x: Extraction, s: int, e: int, person: str | None) -> None:
    chunk = x.text[s:e]
    if person is None and FIRST_PERSON_RX.search(chunk) and not quoted_spans(x.text, s, e):
        return  # "we need to ...": the body talking about itself, not the inspectors' finding
    if x.res.rx("meta").search(chunk):
        return  # about the visit or the report itself
    stance = _stance(x, chunk)
    if stance is None or (person and stance != "criticism"):
        return
    by = person or x.inspectorate
    target = x.body_in(s, e, {x.inspectorate or ""}) or x.subject
    if not by or not target:
        return
    fields: dict[str, Any] = {"by": by, "target": target, "theme": _themes(x, chunk) or ["pace-of-improvement"]}
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


def responses(x: Extraction) -> None:
    done: set[str] = set()
    for para in x.a.paragraphs:
        if not (para.speaker or "").startswith("person@") or x.visit is None:
            continue
        start = int(str(para.speaker).split("@")[1])
        person, post = x.roles.get(start, (None, None))
        if not person or person in done or _is_inspector(x, post, person) or _assesses(x, post):
            continue
        done.add(person)
        sent = x.a.sentence_at(start)
        fields: dict[str, Any] = {"by": person, "to": x.visit}
        if post:
            fields["capacity"] = post
        x.out.append(Candidate("response", fields, [(sent.start, sent.end)], "response/named-speaker", 0.8, {}))


def _is_inspector(x: Extraction, post: str | None, person: str | None = None) -> bool:
    if person is not None and person in x.inspector_people:
        return True  # "Ms Okafor said", after "HMI Rachel Okafor"
    record = _post_record(x, post)
    return record.get("role") == "inspector" or (post is not None and record.get("organisation") == x.inspectorate)


def _assesses(x: Extraction, post: str | None) -> bool:
    return _post_record(x, post).get("role") in ASSESSORS


def _post_record(x: Extraction, post: str | None) -> Mapping[str, Any]:
    """A post's fields, known or proposed ({} for none)."""
    if post is None:
        return {}
    return dict(x.linker.entities[post].values) if post in x.linker.entities else x.linker.proposed.get(post, {})
