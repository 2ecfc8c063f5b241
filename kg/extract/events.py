"""Extraction rules for what inspectors did and said, and who answered: visits, judgements, findings (criticism
and praise, by stance cues and theme words), responses, organisational changes, figures and vacancies."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from .reader import BROKEN_END_RX, BROKEN_START_RX, quoted_spans
from .rules import Candidate, Extraction, date_json

CRITIC_ROLES = {"spokesperson", "group-leader", "committee-chair", "committee-deputy-chair"}


CLAUSE_RX = re.compile(r"\b(?:since|following|after)\b", re.IGNORECASE)
GENERIC_VISIT_RX = re.compile(r"\bvisit(?:ed)?\b", re.IGNORECASE)
# "the last inspection", "the previous full inspection", "its last CQC rating": one word of any kind between.
EARLIER_RX = re.compile(r"\b(?:last|previous|earlier|prior)\s+(?:\w+\s+)?(?:inspection|visit|rating)", re.IGNORECASE)


def _visit_mentions(x: Extraction, start: int, end: int) -> list[tuple[str, int | None, Any, bool]]:
    """(kind, number, date, scheduled) for the visit words between start and end."""
    text = x.text[start:end]
    found = [(kind, m) for kind, rx in x.res.rx("visits").items() if (m := rx.search(text))]
    if not found and GENERIC_VISIT_RX.search(text):
        found = [
            ("monitoring-visit" if "monitoring" in x.text.lower() else "inspection", GENERIC_VISIT_RX.search(text))
        ]
    if not found:
        return []
    kind = sorted(found, key=lambda f: (f[0] == "inspection", f[1].start()))[0][0]
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
    return [(kind, number, x.date_in(start, end), scheduled)]


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
            for kind, number, when, scheduled in _visit_mentions(x, s, e):
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
                        and not earlier
                        and (ev["kind"] == kind or kind == "inspection" or ev["kind"] == "inspection")
                        and (number is None or ev["number"] in (None, number))
                        and (when is None or ev["date"] is None or ev["date"].overlaps(when))
                    ),
                    None,
                )
                if earlier:
                    match = next((ev for ev in events if ev["earlier"] and ev["kind"] == kind), None)
                if match is None:
                    if number is None and when is None and not named_earlier and not (not events and not earlier):
                        continue
                    match = {
                        "kind": kind,
                        "number": None,
                        "date": None,
                        "scheduled": scheduled,
                        "earlier": earlier,
                        "named_earlier": named_earlier,  # "the last monitoring visit": an event even undated
                        "spans": [],
                        "words": [],
                    }
                    events.append(match)
                match["number"] = match["number"] or number
                match["date"] = match["date"] or when
                match["spans"].append((sent.start, sent.end))
    for n, ev in enumerate(e for e in events if e["number"] is not None or e["date"] is not None or e["named_earlier"]):
        known = x.known.visit(x.subject, ev["kind"], x.inspectorate, ev["number"], ev["date"])
        event = known.event if known else f"{x.source}-{ev['kind']}-{n + 1}"
        fields: dict[str, Any] = {
            "event": event,
            "kind": ev["kind"],
            "inspectorate": x.inspectorate,
            "subject": x.subject,
        }
        if ev["number"]:
            fields["number"] = ev["number"]
        if ev["date"] is not None:
            fields["scheduled" if ev["scheduled"] else "date"] = date_json(ev["date"])
        spans = sorted(set(ev["spans"]))[:2]
        x.out.append(Candidate("visit", fields, spans, f"visit/{ev['kind']}", 0.8 if len(spans) > 1 else 0.7, {}))
        if x.visit is None and not ev["scheduled"] and not ev["earlier"]:
            x.visit = event
        if ev["kind"] == "inspection" and ev["date"] is not None and ev is not None:
            x.inspection_dates.append(ev["date"])


GRADE_RX_TEMPLATE = (
    r"(?:{cues})\W+(?:\w+\W+){{0,4}}?['\u2018\"\u201c]?(?P<grade>{grades})['\u2019\"\u201d]?"
    r"|['\u2018\"\u201c](?P<grade2>{grades})['\u2019\"\u201d]\s+(?:rating|judgement|grade)"
    r"|\b(?:its|an?|the|their|\w+['\u2019]s)\s+(?P<grade3>{grades})\s+(?:rating|judgement|grade)\b"
)


def judgements(x: Extraction) -> None:
    grades = {p: g for g, ps in x.res.raw["grades"].items() for p in ps}
    alternation = "|".join(sorted((re.escape(p) for p in grades), key=len, reverse=True))
    rx = re.compile(
        GRADE_RX_TEMPLATE.format(cues="|".join(map(re.escape, x.res.raw["grade_cues"])), grades=alternation),
        re.IGNORECASE,
    )
    done: set[tuple[str, str]] = set()
    for sent in x.a.sentences:
        m = rx.search(sent.text)
        if not m or x.subject is None:
            continue
        grade = grades[(m.group("grade") or m.group("grade2") or m.group("grade3")).lower()]
        when = x.date_in(sent.start + m.start(), sent.end)  # the rating's date
        if when is None and not CLAUSE_RX.search(sent.text, 0, m.start()):
            # a date before the rating is its own ("in 2018 the service was rated"), unless the rating sits in a
            # "following ..." clause: "its third visit back in October following the service's inadequate rating"
            when = x.date_in(sent.start, sent.end)
        confidence = 0.8
        if when is None and x.inspection_dates:  # "judged inadequate" ... elsewhere "the main inspection in 2018"
            when, confidence = x.inspection_dates[0], 0.6
        known = x.known.judgement(x.subject, grade, x.inspectorate, when, x.published if when is None else None)
        if known is not None:  # the rating other sources recorded: its ids, and its date if this text gives none
            when = when or known.date
            confidence = confidence if when is not known.date else 0.6
        if when is None or (grade, when.value[:4]) in done:
            continue
        done.add((grade, when.value[:4]))
        year = when.value[:4]
        x.out.append(
            Candidate(
                "judgement",
                {
                    "judgement": known.judgement if known else f"{x.source}-judgement-{year}",
                    "inspection": known.inspection if known else f"{x.source}-inspection-{year}",
                    "inspectorate": x.inspectorate or "",
                    "subject": x.subject,
                    "grade": grade,
                    "date": date_json(when),
                },
                [(sent.start, sent.end)],
                "judgement/linked" if known else "judgement/graded",
                confidence,
                {"grade": m.group(0)},
            )
        )


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
    scored = [(len(rx.findall(text)), t) for t, rx in x.res.rx("themes").items()]
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
            window = x.text[name.end : name.end + 160]
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
                before = x.a.paragraphs[i - 1]
                before.speaker = before.speaker or "inspectorate"  # "That's according to Ofsted" looks back
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
    for ref in (
        *x.res.rx("inspector_refs").finditer(x.text, start, end),
        *(span for span, oid in x.bodies if oid == x.inspectorate and start <= span.start < end),
    ):
        ref_end = ref.end() if hasattr(ref, "end") and callable(ref.end) else ref.end  # type: ignore[union-attr]
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
        person, post = (None, None)
        if para.speaker.startswith("person@"):
            person, post = x.roles.get(int(para.speaker.split("@")[1]), (None, None))
            kind = (
                x.linker.entities.get(post).values["role"]
                if post in x.linker.entities
                else x.linker.proposed.get(post or "", {}).get("role")
            )
            if kind not in CRITIC_ROLES:
                continue  # officers and ruling members answer; their words are responses, not findings
            units = [(q.start, q.end) for q in quoted_spans(x.text, para.start, para.end)]
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
            _finding(x, s, e, person)


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
        if not person or person in done or _is_inspector(x, post, person):
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
    if post is None:
        return False
    record = x.linker.entities[post].values if post in x.linker.entities else x.linker.proposed.get(post, {})
    return record.get("role") == "inspector" or record.get("organisation") == x.inspectorate


def changes(x: Extraction) -> None:
    for sent in x.a.sentences:
        for kind, rx in x.res.rx("changes").items():
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
    for measure, patterns in x.res.rx("measures").items():
        for rx in patterns:
            for m in rx.finditer(x.text):
                sent = x.a.sentence_at(m.start())
                when = x.date_in(sent.start, sent.end) or x.published
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
