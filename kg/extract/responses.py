"""Responses: what the criticised body, or the people who answer for it, said about the report, visit or review
the article is about. The quote is the speaker's own words (not the sentence that introduces them); `capacity` is
the post they spoke in; `stance` comes from the gazetteer's response cues when only one kind is present.

Critics from outside (an opposition councillor, a commissioner) make criticisms; their words are a response too
only where what they said is about the report itself ("said the findings were 'a sobering reminder'")."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .resources import Resources, phrase_rx
from .rules import Candidate, Extraction
from .speech import Block, blocks, body_speaker_at, quotations, speaker_of, speaker_role

# Those who assess a body rather than answer for it: their words are findings, never responses.
ASSESSORS = {"inspector", "commissioner"}
# Those who criticise from outside the body's leadership: a response only when they speak about the report.
OUTSIDERS = {
    "outside-critic",
    "spokesperson",
    "group-leader",
    "committee-chair",
    "committee-deputy-chair",
    "councillor",
}
MAX_SENTENCES = 3  # of a statement, quoted as the response


def responses(x: Extraction, paragraphs: list[Block]) -> None:
    i = 0
    while i < len(paragraphs):
        key = paragraphs[i].speaker
        j = i + 1
        while j < len(paragraphs) and paragraphs[j].speaker == key:
            j += 1  # one statement: the speaker's consecutive paragraphs
        if key and (key.startswith("person@") or key.startswith("body@")):
            _statement(x, key, paragraphs[i].start, paragraphs[j - 1].end)
        i = j


def _statement(x: Extraction, key: str, start: int, end: int) -> None:
    who, post = speaker_of(x, key)
    if who is None or who == x.inspectorate:
        return
    role = speaker_role(x, key)
    if role in ASSESSORS or who in x.inspector_people:
        return
    spans = _own_words(x, start, end)
    if not spans:
        return
    words = " ".join(x.text[s:e] for s, e in spans)
    intro = x.text[_mention(x, key, start) : spans[0][0]]
    to = _answered(x, intro + words)
    if to is None:
        return
    if role in OUTSIDERS and to != x.visit and not _about_the_report(x, x.text[start : spans[0][0]]):
        return  # a critic's words about something else than the report: criticism only
    if to != x.visit and not _refers_to_event(x, x.text[start : spans[0][0]] + words):
        return  # with no visit reported, a statement about something else (an appointment, a departure)
    fields: dict[str, Any] = {"by": who, "to": to}
    if post:
        fields["capacity"] = post
    stance = _stance(x, words)
    if stance:
        fields["stance"] = stance
    span = spans[0]
    for s, e in spans[1:]:  # the quotation goes on over paragraphs; it stops where the reporter's words come in
        if x.text[span[1] : s].strip(' \n"\u201c\u201d.,') or len(x.text[span[0] : e]) > 600:
            break
        span = (span[0], e)
    rule = "response/body" if key.startswith("body@") else "response/named-speaker"
    x.out.append(Candidate("response", fields, [span], rule, 0.8 if post or key.startswith("body@") else 0.7, {}))


def _mention(x: Extraction, key: str, start: int) -> int:
    """Where the speaker is named in the statement's first block: the name, or the body's words."""
    if key.startswith("person@"):
        at = int(key.split("@")[1])
        return at if at >= start else start
    return body_speaker_at(x, start) or start


def _with_what_qualifies(x: Extraction, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """A short quotation inside reported speech ('said the authority had "accepted from the outset" that it had
    let children down') is quoted with the sentence it sits in."""
    sent = x.a.sentence_at(s)
    if len(x.text[s:e].split()) >= 8 or not x.res.rx("speech").search(x.text, sent.start, s):
        return s, e
    return max(sent.start, start), min(sent.end, end)


def _own_words(x: Extraction, start: int, end: int) -> list[tuple[int, int]]:
    """The speaker's words: quoted passages, else what follows "said (that)", else the paragraphs of a statement
    given in full; at most MAX_SENTENCES sentences of them."""
    spans = [(s, e) for s, e in quotations(x, start, end, single=False) if len(x.text[s:e].split()) >= 4]
    spans = spans or [(s, e) for s, e in quotations(x, start, end) if len(x.text[s:e].split()) >= 4]
    spans = [_with_what_qualifies(x, s, e, start, end) for s, e in spans]
    if not spans:
        reported = re.search(r"\b(?:said|says|added|confirmed|stated)\b(?:\s+(?:that|it))?\s+", x.text[start:end])
        if reported and not x.text[start + reported.end() :].lstrip().startswith(("\n",)):
            sent = x.a.sentence_at(start + reported.start())
            spans = [(sent.start, sent.end)]
        elif x.text[start:end].strip():
            spans = [(p.start, p.end) for p in blocks(x) if start <= p.start < end]
            spans = [s for s in spans if not re.search(r":\s*$", x.text[s[0] : s[1]])]  # not "He said:"
    out: list[tuple[int, int]] = []
    count = 0
    for s, e in spans:
        for sent in x.a.sentences:
            a, b = max(sent.start, s), min(sent.end, e)
            if b - a >= 12 and count < MAX_SENTENCES:
                out.append((a, b))
                count += 1
    return out


def _refers_to_event(x: Extraction, text: str) -> bool:
    """The statement (with its introduction) names the report, the visit, the findings or the intervention."""
    if re.search(r"\b(?:in response|responding|in reply|reacting)\b", text, re.IGNORECASE):
        return True  # "In response, a spokesman for the council said ..."
    if x.res.rx("inspector_refs").search(text) or _rx(x.res, "response_references").search(text):
        return True
    return any(span.text in text for span, oid in x.bodies if oid == x.inspectorate)


def _about_the_report(x: Extraction, text: str) -> bool:
    """'said the findings were ...', 'In response to the latest Ofsted findings': the report is what they speak of."""
    refs = _rx(x.res, "response_references").pattern
    return bool(
        re.search(r"\b(?:in response to|responding to|reacting to)\b", text, re.IGNORECASE)
        or re.search(
            rf"\b(?:said|says|added)\s+(?:that\s+)?(?:the|this|today's|the latest)\s+(?:[\w'\u2019]+\s+){{0,3}}?{refs}",
            text,
            re.IGNORECASE,
        )
    )


def _answered(x: Extraction, text: str) -> str | None:
    """The event answered: an intervention or transfer the statement names, else the visit the article reports,
    else the inspection of a judgement, else any change."""
    changes = {c.fields["kind"]: c.fields["change"] for c in x.out if c.type == "change"}
    for kind, rx in x.res.rx_by("changes").items():
        if kind in changes and rx.search(text):
            return str(changes[kind])
    if x.visit:
        return x.visit
    judged = [c for c in x.out if c.type == "judgement"]
    rated = sorted((str(c.fields["date"]), str(c.fields["inspection"])) for c in judged if "date" in c.fields)
    if rated:
        return rated[-1][1]  # the latest rating's inspection
    if judged:  # undated (the reviewer is to give the date): the first rating the article tells of
        return str(judged[0].fields["inspection"])
    if changes:
        return str(next(iter(changes.values())))
    return _reported_report(x) if REPORT_RX.search(text) or _inspectorate_rx(x.res).search(text) else None


# A statement about the inspectorate's report itself, when the article dates no visit of it.
REPORT_RX = re.compile(r"\b(?:report|rating|inspection|inspectors|findings|verdict|issues raised|judgement)\b", re.I)


def _reported_report(x: Extraction) -> str | None:
    """The inspectorate's report the article is about, when the article gives it no date or number (so no visit
    was proposed): declared here as an undated visit of the subject, quoting where the article names it, so that
    answers to it have an event to answer."""
    done = next((c for c in x.out if c.type == "visit" and c.rule == "visit/answered-report"), None)
    if done is not None:
        return str(done.fields["event"])
    if x.inspectorate is None or x.subject is None:
        return None
    names = [span for span, oid in x.bodies if oid == x.inspectorate]
    for sent in x.a.sentences:
        named = any(sent.start <= n.start < sent.end for n in names) or x.res.rx("inspector_refs").search(sent.text)
        if named and REPORT_RX.search(sent.text):
            kind = next(
                (k for k, rx in x.res.rx_by("visits").items() if k != "inspection" and rx.search(sent.text)), ""
            )
            kind = kind or "inspection"
            event = f"{x.source}-{kind}-1"
            fields = {"event": event, "kind": kind, "inspectorate": x.inspectorate, "subject": x.subject}
            x.out.append(Candidate("visit", fields, [(sent.start, sent.end)], "visit/answered-report", 0.5, {}))
            return event
    return None


def _stance(x: Extraction, words: str) -> str | None:
    found = {s for s, rx in _stances(x.res).items() if rx.search(words)}
    if "disputes" in found:
        return "disputes"
    if found == {"accepts", "welcomes"}:
        return "mixed"
    return found.pop() if len(found) == 1 else None


@cache
def _inspectorate_rx(res: Resources) -> re.Pattern[str]:
    """Any inspectorate's name or the press's forms of it ("Ofsted has recognised our progress")."""
    return re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(f) for i in res.raw["inspectorates"] for f in i["forms"]) + r")(?![\w])"
    )


@cache
def _stances(res: Resources) -> dict[str, re.Pattern[str]]:
    return {k: phrase_rx(v, word_end=False) for k, v in res.raw["response_stances"].items()}


@cache
def _rx_cached(res: Resources, key: str) -> re.Pattern[str]:
    return phrase_rx(res.raw[key])


def _rx(res: Resources, key: str) -> re.Pattern[str]:
    return _rx_cached(res, key)
