"""An ILACS report (Ofsted's inspection of local authority children's services, 2018-): its first page gives the
council, the inspection dates, the lead inspector and the judgement table; then 'What needs to improve' and the
numbered findings. The report's inspection is the register's (same council, overlapping days): one node."""

from __future__ import annotations

import re
from typing import Any

from ...data.model import Entity
from ..known import KnownEvents
from ..linker import Linker
from ..resources import load_resources
from .pdf import DocumentText
from .report_findings import improvements, previous_judgements, tenure_statements
from .report_tables import (
    INSPECTORATE,
    Claims,
    Span,
    add_lead_inspector,
    date_fields,
    inspection_dates,
    judgement_table,
    known_event,
    known_judgement,
    span_of,
    subject,
)

# "Inspection of Dorset local authority children's services", "Inspection of Buckinghamshire Council children's
# services"; until 2020 the council's name comes first ("Rochdale Borough Council" on the lines before "Inspection of
# local authority children's services", "Inspection of children's social care services")
TITLE_RX = re.compile(
    r"Inspection\s+of\s+(?:(?P<name>[^\n]+?(?:\n[^\n]+?)?)\s+)??(?:local\s+authority\s+)?"
    r"children['\u2019]s\s+(?:social\s+care\s+)?services"
)
TABLE_RX = re.compile(r"^Judgement\s+Grade\s*$", re.MULTILINE)
SHORT_DAYS = 5  # a short inspection is a week on site, a standard one two


def place(text: str) -> Span | None:
    m = TITLE_RX.search(text[:1500])
    if m is None:
        return None
    if m.group("name"):
        name = re.sub(r"\s+local\s+authority$", "", m.group("name"))
        return span_of(text, m.start("name"), m.start("name") + len(name))
    start = re.match(r"\s*(?:\d+\s*\n)?", text)  # a page number above the name
    where = span_of(text, start.end() if start else 0, m.start())
    return where if where.text and where.text.count("\n") <= 2 else None


def read(doc: DocumentText, source_id: str, entities: dict[str, Entity], known: KnownEvents | None) -> dict[str, Any]:
    text = doc.text
    linker = Linker(entities, load_resources().raw.get("abbreviations", {}))
    out = Claims(text)
    where = place(text)
    dates = inspection_dates(text)
    if where is None or dates is None:
        return {"source": source_id, "entities": {}, "claims": []}
    when, dates_span = dates
    body, body_conf = subject(where, entities, linker)
    event = known_event(known, body, when) or f"{source_id}-inspection"
    visit: dict[str, Any] = {
        "event": event,
        "kind": "inspection",
        "inspectorate": INSPECTORATE,
        "subject": body,
        "date": date_fields(when),
    }
    days = (when.latest - when.earliest).days + 1
    visit["framework"] = "ilacs-short" if days <= SHORT_DAYS else "ilacs-standard"
    visit["framework_inferred"] = True
    spans = [where, dates_span]
    add_lead_inspector(out, linker, entities, text, visit, spans, when)
    out.add(
        "visit",
        visit,
        spans,
        "report/ilacs-inspection",
        min(body_conf, 0.95),
        {"subject": where.text, "date": dates_span.text},
    )
    table = TABLE_RX.search(text)
    if table is not None:
        for row in judgement_table(text, table.end()):
            jid = known_judgement(known, event, row.area, row.grade) or f"{event}-{row.area}" + (
                "" if event.startswith(source_id) else f"-{source_id}"
            )
            fields = {
                "judgement": jid,
                "inspection": event,
                "inspectorate": INSPECTORATE,
                "subject": body,
                "grade": row.grade,
                "date": date_fields(when),
            }
            if row.area != "overall-effectiveness":
                fields["area"] = row.area
            out.add(
                "judgement",
                fields,
                [row.label, row.written],
                "report/judgement-table",
                0.95,
                {"area": row.label.text, "grade": row.written.text},
            )
    previous_judgements(text, body, known, source_id, out)
    council = entities[body].values.get("unit_of") if body in entities else None
    tenure_statements(text, str(council or body), linker, when, out)
    improvements(text, body, event, when, out)
    used = {
        str(v)
        for c in out.records
        for k, v in c.items()
        if k in ("person", "post", "subject", "target", "lead_inspector")
    }
    return {"source": source_id, "entities": linker.proposed_entities(used), "claims": out.records}
