"""Extraction rules for what happened: visits, judgements, organisational changes, figures and vacancies (what
was said about them, and who answered, is in statements.py)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import referents
from .rules import Candidate, Extraction, date_json

CLAUSE_RX = re.compile(r"\b(?:since|following|after)\b", re.IGNORECASE)
GENERIC_VISIT_RX = re.compile(r"\bvisit(?:ed)?\b", re.IGNORECASE)
# "the last inspection", "the previous full inspection", "its last CQC rating": one word of any kind between.
EARLIER_RX = re.compile(r"\b(?:last|previous|earlier|prior)\s+(?:\w+\s+)?(?:inspection|visit|rating)", re.IGNORECASE)


@cache
def _not_event_rx(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE)


def _visit_mentions(x: Extraction, start: int, end: int) -> list[tuple[str, int | None, Any, bool, int]]:
    """(kind, number, date, scheduled, where) for the visit words between start and end."""
    text = x.text[start:end]
    not_event = _not_event_rx(tuple(x.res.raw.get("visit_not_events", [])))
    found = [
        (kind, m)
        for kind, rx in x.res.rx_by("visits").items()
        if (m := rx.search(text)) and not not_event.match(text, m.end())
    ]  # "the previous Ofsted inspection framework" is no event
    if not found and (generic := GENERIC_VISIT_RX.search(text)):
        found = [("monitoring-visit" if "monitoring" in x.text.lower() else "inspection", generic)]
    if not found:
        return []
    kind, where = sorted(found, key=lambda f: (f[0] == "inspection", f[1].start()))[0]
    ordinal = x.res.rx("ordinals").search(text)
    if ordinal and re.match(r"\s+since\b", x.text[start + ordinal.end() : start + ordinal.end() + 12]):
        # "the fourth since the inadequate rating" counts visits; "the first since a commissioner was announced"
        # only says what came before
        rest = x.a.sentence_at(start + ordinal.end())
        counted_from_rating = re.search(
            r"\b(?:rating|rated|judged|inspection|inadequate)\b",
            x.text[start + ordinal.end() : rest.end],
            re.IGNORECASE,
        )
        if not counted_from_rating:
            ordinal = None
    number = x.res.raw["ordinals"].get(ordinal.group(0).lower()) if ordinal else None
    scheduled = bool(re.search(r"\b(?:next|scheduled|will take place|due)\b", text, re.IGNORECASE))
    return [(kind, number, x.date_in(start, end), scheduled, start + where.start())]


def _inspectorate_in(x: Extraction, start: int, end: int) -> str | None:
    """The inspectorate the sentence names ("following an Ofsted inspection"), else the article's."""
    named = (oid for s, oid in x.bodies if start <= s.start < end and x._kind(oid) == "inspectorate")
    return next(named, x.inspectorate)


def _same_family(x: Extraction, body: str | None) -> bool:
    """Whether a body is the article's subject, a body it is part of, or one of its units."""
    return bool(body and x.subject and (body in x._up(x.subject) or x.subject in x._up(body)))


def visits(x: Extraction) -> None:
    """Inspections and monitoring visits. A clause after "since" or "following" is a different, earlier event;
    later mentions of the article's visit add its number or date instead of making a new one."""
    if x.inspectorate is None or x.subject is None:
        return
    events: list[dict[str, Any]] = []
    for sent in x.a.sentences:
        clause = CLAUSE_RX.search(x.text, sent.start, sent.end)
        parts = [(sent.start, clause.start()), (clause.end(), sent.end)] if clause else [(sent.start, sent.end)]
        for i, (s, e) in enumerate(parts):
            for kind, number, when, scheduled, where in _visit_mentions(x, s, e):
                # the body the sentence names ("Leeds's third monitoring visit"), else the article's subject
                body = referents.body_of_clause(x, sent.start, sent.end, where) or x.subject
                body = x.subject if _same_family(x, body) else body  # "Northby Council's visit": the subject's
                back = EARLIER_RX.search(x.text, s, e)  # "its last inspection in 2019"
                # "last" alone is the visit reported ("what Ofsted saw on their last visit") unless dated or after
                # "since"; "since the last monitoring visit" and "the previous inspection" are earlier events
                most_recent = back is not None and back.group(0).lower().startswith("last") and when is None
                named_earlier = back is not None and (i == 1 or not most_recent)
                earlier = i == 1 or named_earlier
                match = next(
                    (
                        ev
                        for ev in events
                        if ev["scheduled"] == scheduled
                        and ev["subject"] == body
                        and not earlier
                        and (ev["kind"] == kind or kind == "inspection" or ev["kind"] == "inspection")
                        and (number is None or ev["number"] in (None, number))
                        and (when is None or ev["date"] is None or ev["date"].overlaps(when))
                    ),
                    None,
                )
                if earlier:
                    match = next(
                        (ev for ev in events if ev["earlier"] and ev["kind"] == kind and ev["subject"] == body), None
                    )
                if match is None:
                    if number is None and when is None and not named_earlier and not (not events and not earlier):
                        continue
                    match = {
                        "kind": kind,
                        "number": None,
                        "date": None,
                        "scheduled": scheduled,
                        "earlier": earlier,
                        "subject": body,
                        "inspectorate": _inspectorate_in(x, sent.start, sent.end),
                        "named_earlier": named_earlier,  # "the last monitoring visit": an event even undated
                        "spans": [],
                        "words": [],
                    }
                    events.append(match)
                match["number"] = match["number"] or number
                match["date"] = match["date"] or when
                match["spans"].append((sent.start, sent.end))
    for n, ev in enumerate(e for e in events if e["number"] is not None or e["date"] is not None or e["named_earlier"]):
        known = x.known.visit(ev["subject"], ev["kind"], ev["inspectorate"], ev["number"], ev["date"])
        event = known.event if known else f"{x.source}-{ev['kind']}-{n + 1}"
        fields: dict[str, Any] = {
            "event": event,
            "kind": ev["kind"],
            "inspectorate": ev["inspectorate"],
            "subject": ev["subject"],
        }
        if ev["number"]:
            fields["number"] = ev["number"]
        if ev["date"] is not None:
            fields["scheduled" if ev["scheduled"] else "date"] = date_json(ev["date"])
        spans = sorted(set(ev["spans"]))[:2]
        x.out.append(Candidate("visit", fields, spans, f"visit/{ev['kind']}", 0.8 if len(spans) > 1 else 0.7, {}))
        if x.visit is None and not ev["scheduled"] and not ev["earlier"] and _same_family(x, ev["subject"]):
            x.visit = event
        if (
            ev["kind"] == "inspection"
            and ev["date"] is not None
            and not ev["earlier"]
            and _same_family(x, ev["subject"])
        ):
            x.inspection_dates.append(ev["date"])


def changes(x: Extraction) -> None:
    for sent in x.a.sentences:
        for kind, rx in x.res.rx_by("changes").items():
            cue = rx.search(x.text, sent.start, sent.end)
            if not cue or x.subject is None:
                continue
            when = x.date_in(cue.end(), sent.end) or x.date_in(sent.start, sent.end)
            if when is None:
                continue
            fields: dict[str, Any] = {
                "change": f"{x.source}-change-{kind}",
                "kind": kind,
                "original": [x.subject],
                "date": date_json(when),
            }
            if kind == "transfer-of-services":
                trust = next(
                    (oid for span, oid in x.bodies if sent.start <= span.start < sent.end and x._kind(oid) == "trust"),
                    None,
                )
                if trust:
                    fields["resulting"] = [trust]
            x.out.append(Candidate("change", fields, [(sent.start, sent.end)], f"change/{kind}", 0.7, {}))
            break


def figures(x: Extraction) -> None:
    for measure, patterns in x.res.measures.items():
        for rx in patterns:
            for m in rx.finditer(x.text):
                sent = x.a.sentence_at(m.start())
                # a date right after the figure is its own ("from 380 in 2021 to 455 this year"); else the sentence's
                near = x.date_in(m.end("n"), min(m.end("n") + 25, sent.end))
                when = near or x.date_in(sent.start, sent.end) or x.published
                if when is None or x.subject is None:
                    continue
                x.out.append(
                    Candidate(
                        "observation",
                        {
                            "measure": measure,
                            "subject": x.subject,
                            "value": int(m.group("n").replace(",", "")),
                            "date": date_json(when),
                        },
                        [(m.start(), m.end())],
                        f"observation/{measure}",
                        0.75,
                        {},
                    )
                )


def vacancies(x: Extraction) -> None:
    for sent in x.a.sentences:
        m = x.res.rx("vacancy_cues").search(sent.text)
        if not m:
            continue
        kind = x.res.role_kind_of(sent.text[m.end() :]) or x.res.role_kind_of(sent.text)
        if kind is None:
            continue
        org = x._default_org(kind[0], kind[1])
        if org is None:
            continue
        post = x.linker.post(kind[1], kind[0], org, x._up(org))
        x.out.append(
            Candidate(
                "vacancy", {"post": post.entity_id}, [(sent.start, sent.end)], "vacancy/cue", 0.6, {"cue": m.group(0)}
            )
        )
