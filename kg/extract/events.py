"""Extraction rules for what inspectors did and said, and who answered: visits, judgements, findings (criticism
and praise, by stance cues and theme words), responses, organisational changes, figures and vacancies."""

from __future__ import annotations

import re
from typing import Any

from .reader import quoted_spans
from .rules import Candidate, Extraction, date_json

CRITIC_ROLES = {"spokesperson", "group-leader", "committee-chair", "committee-deputy-chair"}


def visits(x: Extraction) -> None:
    """Monitoring visits and inspections: one candidate per distinct (kind, number or date) in the article."""
    seen: dict[tuple[str, Any], str] = {}
    for sent in x.a.sentences:
        for kind, rx in x.res.rx("visits").items():
            m = rx.search(sent.text)
            if not m or x.inspectorate is None or x.subject is None:
                continue
            if re.search(r"\b(?:next|scheduled|will)\b", sent.text, re.I):
                continue  # a plan, not a visit that happened
            ordinal = x.res.rx("ordinals").search(sent.text)
            number = x.res.raw["ordinals"].get(ordinal.group(0).lower()) if ordinal else None
            when = x.date_in(sent.start, sent.end)
            if number is None and when is None:
                continue
            key = (kind, number or (when.value if when else None))
            if any(k[0] == kind and (k[1] == key[1] or (number is None and k[1] is not None)) for k in seen):
                continue
            event = f"{x.source}-{kind}-{len(seen) + 1}"
            seen[key] = event
            fields: dict[str, Any] = {"event": event, "kind": kind, "inspectorate": x.inspectorate, "subject": x.subject}
            if number:
                fields["number"] = number
            if when:
                fields["date"] = date_json(when)
            x.out.append(Candidate("visit", fields, [(sent.start, sent.end)], f"visit/{kind}", 0.8, {"visit": m.group(0)}))
            if x.visit is None or kind != "inspection":
                x.visit = event
            break


GRADE_RX_TEMPLATE = (r"(?:{cues})\W+(?:\w+\W+){{0,4}}?['\u2018\"\u201c]?(?P<grade>{grades})['\u2019\"\u201d]?"
                     r"|['\u2018\"\u201c](?P<grade2>{grades})['\u2019\"\u201d]\s+(?:rating|judgement|grade)")


def judgements(x: Extraction) -> None:
    grades = {p: g for g, ps in x.res.raw["grades"].items() for p in ps}
    alternation = "|".join(sorted((re.escape(p) for p in grades), key=len, reverse=True))
    rx = re.compile(GRADE_RX_TEMPLATE.format(cues="|".join(map(re.escape, x.res.raw["grade_cues"])), grades=alternation),
                    re.IGNORECASE)
    done: set[tuple[str, str]] = set()
    for sent in x.a.sentences:
        m = rx.search(sent.text)
        if not m or x.subject is None:
            continue
        grade = grades[(m.group("grade") or m.group("grade2")).lower()]
        when = x.date_in(sent.start, sent.end)
        if when is None or (grade, when.value[:4]) in done:
            continue
        done.add((grade, when.value[:4]))
        year = when.value[:4]
        x.out.append(Candidate("judgement", {
            "judgement": f"{x.source}-judgement-{year}", "inspection": f"{x.source}-inspection-{year}",
            "inspectorate": x.inspectorate or "", "subject": x.subject, "grade": grade, "date": date_json(when)},
            [(sent.start, sent.end)], "judgement/graded", 0.8, {"grade": m.group(0)}))


def _stance(x: Extraction, text: str) -> str | None:
    crit = len(x.res.rx("criticism").findall(text))
    praise = len(x.res.rx("praise").findall(text))
    if crit == praise:
        return None
    return "criticism" if crit > praise else "praise"


def _themes(x: Extraction, text: str) -> list[str]:
    scored = [(len(rx.findall(text)), t) for t, rx in x.res.rx("themes").items()]
    return [t for n, t in sorted(scored, key=lambda s: (-s[0], s[1])) if n][:2]


def speakers(x: Extraction) -> None:
    """Who speaks in each paragraph: a named person with a speech verb, the inspectorate's report, or the
    speaker of the paragraph before when a quotation simply continues."""
    previous: str | None = None
    for para in x.a.paragraphs:
        speaker = None
        first_quote = min((para.text.find(c) for c in "\"\u201c" if c in para.text), default=-1)
        names = [n for n in x.a.names if para.start <= n.start < para.end]
        for name in names:
            window = x.text[name.end : name.end + 160]
            before = x.text[max(para.start, name.start - 40) : name.start]
            if x.res.rx("speech").search(window[:120]) or x.res.rx("speech").search(before):
                speaker = f"person@{name.start}"
                break
        if speaker is None and (x.res.rx("finding_subjects").search(para.text) or
                                (x.inspectorate and first_quote >= 0 and x.res.rx("inspector_refs").search(para.text[:max(first_quote, 0)]))):
            speaker = "inspectorate"
        if speaker is None and para.text.lstrip()[:1] in "\"\u201c" and previous:
            speaker = previous
        para.speaker = speaker
        previous = speaker if first_quote >= 0 or speaker else None


def findings(x: Extraction) -> None:
    for para in x.a.paragraphs:
        if para.speaker is None:
            continue
        parts = quoted_spans(x.text, para.start, para.end)
        if para.speaker == "inspectorate" and x.res.rx("finding_subjects").search(para.text):
            parts = parts or [x.a.sentence_at(para.start)]
        person, post = (None, None)
        if para.speaker.startswith("person@"):
            person, post = x.roles.get(int(para.speaker.split("@")[1]), (None, None))
            kind = x.linker.entities.get(post).values["role"] if post in x.linker.entities else \
                x.linker.proposed.get(post or "", {}).get("role")
            if kind not in CRITIC_ROLES:
                continue  # officers and ruling members answer; their words are responses, not findings
        for part in parts:
            for sent in x.a.sentences:
                s, e = max(sent.start, part.start), min(sent.end, part.end)
                if e - s < 25:
                    continue
                chunk = x.text[s:e]
                stance = _stance(x, chunk)
                if stance is None or (person and stance != "criticism"):
                    continue
                by = person or x.inspectorate
                target = x.body_in(s, e, {x.inspectorate or ""}) or x.subject
                themes = _themes(x, chunk) or ["pace-of-improvement"]
                if not by or not target:
                    continue
                fields: dict[str, Any] = {"by": by, "target": target, "theme": themes}
                if x.visit:
                    fields["about"] = x.visit
                strength = abs(len(x.res.rx("criticism").findall(chunk)) - len(x.res.rx("praise").findall(chunk)))
                x.out.append(Candidate(stance, fields, [(s, e)], f"finding/{'critic' if person else 'report'}-{stance}",
                                       round(min(0.9, 0.5 + 0.1 * strength), 2), {}))


def responses(x: Extraction) -> None:
    done: set[str] = set()
    for para in x.a.paragraphs:
        if not (para.speaker or "").startswith("person@") or x.visit is None:
            continue
        start = int(str(para.speaker).split("@")[1])
        person, post = x.roles.get(start, (None, None))
        if not person or person in done:
            continue
        done.add(person)
        sent = x.a.sentence_at(start)
        fields: dict[str, Any] = {"by": person, "to": x.visit}
        if post:
            fields["capacity"] = post
        x.out.append(Candidate("response", fields, [(sent.start, sent.end)], "response/named-speaker", 0.8, {}))


def changes(x: Extraction) -> None:
    for sent in x.a.sentences:
        for kind, rx in x.res.rx("changes").items():
            if not rx.search(sent.text) or x.subject is None:
                continue
            when = x.date_in(sent.start, sent.end)
            if when is None:
                continue
            fields: dict[str, Any] = {"change": f"{x.source}-change-{kind}", "kind": kind, "original": [x.subject],
                                      "date": date_json(when)}
            if kind == "transfer-of-services":
                trust = next((oid for span, oid in x.bodies if sent.start <= span.start < sent.end and x._kind(oid) == "trust"), None)
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
                x.out.append(Candidate("observation", {"measure": measure, "subject": x.subject,
                                                       "value": int(m.group("n").replace(",", "")),
                                                       "date": date_json(when)},
                                       [(m.start(), m.end())], f"observation/{measure}", 0.75, {}))


def vacancies(x: Extraction) -> None:
    for sent in x.a.sentences:
        m = x.res.rx("vacancy_cues").search(sent.text)
        if not m:
            continue
        kind = x.res.role_kind_of(sent.text[m.end():]) or x.res.role_kind_of(sent.text)
        if kind is None:
            continue
        org = x._default_org(kind[0], kind[1])
        if org is None:
            continue
        post = x.linker.post(kind[1], kind[0], org, x._up(org))
        x.out.append(Candidate("vacancy", {"post": post.entity_id}, [(sent.start, sent.end)], "vacancy/cue", 0.6,
                               {"cue": m.group(0)}))
