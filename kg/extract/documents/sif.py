"""A SIF report (Ofsted's single inspection framework, 2013-2018): the council's name above the title, the
inspection dates, the publication date, the overall judgement in a sentence ("Children's services in X are
inadequate"), the numbered table of judgements, 'Local leadership' (who has been in post since when) and the lead
inspector in the note on the inspection team. Its inspection is the register's of the same council and
publication: one node."""

from __future__ import annotations

import re
from typing import Any

from ...data.model import Entity
from ..known import KnownEvents
from ..linker import Linker
from ..resources import load_resources
from .pdf import DocumentText
from .report_findings import previous_judgements, tenure_statements
from .report_tables import (
    DAY_RX,
    INSPECTORATE,
    Claims,
    add_lead_inspector,
    date_fields,
    day,
    inspection_dates,
    judgement_table,
    known_event,
    known_judgement,
    labelled,
    span_of,
    subject,
)

TITLE_RX = re.compile(r"^(?:Re-)?[Ii]nspection\s+of\s+services\s+for\s+children", re.MULTILINE)
_GRADE = r"good|outstanding|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?"
OVERALL_RX = re.compile(
    r"(?:The\s+overall\s+judgement\s+is\s+(?:that\s+children['\u2019]s\s+services\s+)?|"
    rf"Children['\u2019]s\s+services\s+in\s+[^\n]+?\s+)(?:are\s+|is\s+)?(?P<grade>{_GRADE})\b"
)
# the table's rows by their words, most specific first
SIF_AREAS: tuple[tuple[str, str], ...] = (
    (r"adoption", "adoption"),
    (r"care\s+leavers", "sif-care-leavers"),
    (r"looked\s+after", "looked-after-and-permanence"),
    (r"help\s+and\s+protection", "sif-help-and-protection"),
    (r"leadership,?\s+management\s+and\s+governance", "leadership-management-governance"),
)
LSCB_RX = re.compile(
    rf"effectiveness\s+of\s+the\s+Local\s+Safeguarding\s+Children\s+Board(?:\s+\(LSCB\))?\s+(?:is|are)\s+"
    rf"(?P<grade>{_GRADE})\b"
)


def _grade(words: str) -> str:
    w = " ".join(words.lower().split())
    return "requires-improvement" if w.startswith("require") else w


def read(doc: DocumentText, source_id: str, entities: dict[str, Entity], known: KnownEvents | None) -> dict[str, Any]:
    text = doc.text
    linker = Linker(entities, load_resources().raw.get("abbreviations", {}))
    out = Claims(text)
    title = TITLE_RX.search(text[:1500])
    dates = inspection_dates(text)
    if title is None or dates is None:
        return {"source": source_id, "entities": {}, "claims": []}
    top = re.match(r"\s*(?:\d+\s*\n)?", text)
    where = span_of(text, top.end() if top else 0, title.start())
    if not where.text or where.text.count("\n") > 2:
        return {"source": source_id, "entities": {}, "claims": []}
    when, dates_span = dates
    body, body_conf = subject(where, entities, linker)
    visit: dict[str, Any] = {"event": "", "kind": "inspection", "inspectorate": INSPECTORATE, "subject": body,
                             "date": date_fields(when), "framework": "sif"}  # fmt: skip
    spans = [where, dates_span]
    published = labelled(text, r"Report\s+published")
    pub = DAY_RX.search(published.group(1)) if published else None
    pub_date = None
    if published and pub:
        pub_date = day(*pub.groups()).isoformat()
        visit["published"] = {"text": pub.group(0), "value": pub_date}
        spans.append(span_of(text, published.start(1) + pub.start(), published.start(1) + pub.end()))
    event = known_event(known, body, when, pub_date) or f"{source_id}-inspection"
    visit["event"] = event
    add_lead_inspector(out, linker, entities, text, visit, spans, when)
    mentions = {"subject": where.text, "date": dates_span.text, "kind": title.group(0).split()[0]}
    out.add("visit", visit, spans, "report/sif-inspection", min(body_conf, 0.95), mentions)

    def judge(area: str | None, grade: str, quote: list[Any], rule: str) -> None:
        jid = known_judgement(known, event, area or "overall-effectiveness", grade) or (
            f"{event}-{area or 'overall-effectiveness'}" + ("" if event.startswith(source_id) else "-report")
        )
        fields = {"judgement": jid, "inspection": event, "inspectorate": INSPECTORATE, "subject": body,
                  "grade": grade, "date": date_fields(when), **({"area": area} if area else {})}  # fmt: skip
        out.add("judgement", fields, quote, rule, 0.9, {"grade": quote[-1].text})

    first = text[: len(doc.pages[0])] if doc.pages else text
    overall = OVERALL_RX.search(first)
    if overall:
        judge(
            None, _grade(overall.group("grade")), [span_of(text, overall.start(), overall.end())], "report/sif-overall"
        )
    table = re.search(r"^1\.?\s+Children\s+who\s+need", first, re.MULTILINE)
    if table:
        for row in judgement_table(text, table.start(), SIF_AREAS):
            judge(row.area, row.grade, [row.label, row.written], "report/judgement-table")
    lscb = LSCB_RX.search(text)
    if lscb:
        judge("safeguarding-board", _grade(lscb.group("grade")), [span_of(text, lscb.start(), lscb.end())],
              "report/sif-lscb")  # fmt: skip
    previous_judgements(text, body, known, source_id, out)
    council = entities[body].values.get("unit_of") if body in entities else None
    tenure_statements(text, str(council or body), linker, when, out)
    used = {str(v) for c in out.records for k, v in c.items() if k in ("person", "post", "subject", "lead_inspector")}
    return {"source": source_id, "entities": linker.proposed_entities(used), "claims": out.records}
