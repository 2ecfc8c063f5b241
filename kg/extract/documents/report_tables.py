"""What Ofsted's graded reports (ILACS and SIF) share: the inspection dates line, grade words, area headings read
into the areas scheme, the council named in the title, and the register's inspection the report is. Rules are
about the reports' structure (labelled lines, the judgement table's rows), never about one council's report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ...data.dates import MONTHS, PartialDate, bounds
from ...data.model import Entity
from ...store.matching import normalise
from ..known import KnownEvents
from ..linker import Linker

INSPECTORATE = "ofsted"
INSPECTOR_POST = "ofsted-hmi"
PUBLISHED_WITHIN = 120  # days from an inspection's last day to its report, at most
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "8 July to 19 July 2019", "6 to 10 July 2026", "3 February 2020 to 14 February 2020", "9–24 November 2017"
DATES_RX = re.compile(
    rf"(\d{{1,2}})(?:\s+({_MONTH}))?(?:\s+(\d{{4}}))?\s*(?:to|–|-)\s*(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})"
)
DAY_RX = re.compile(rf"(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})")
# a grade as the judgement tables print it, longest first; the words may break over lines
GRADE_RX = re.compile(
    r"(Requires\s+improvement\s+to\s+be\s+good|Requires\s+improvement|Outstanding|Good|Inadequate)(?![\w-])",
    re.IGNORECASE,
)
# an area's heading words, most specific first: (pattern, area notation)
AREA_WORDS: tuple[tuple[str, str], ...] = (
    (r"overall\s+effectiveness", "overall-effectiveness"),
    (r"impact\s+of\s+leaders", "impact-of-leaders"),
    (r"children\s+in\s+care\s+and\s+care\s+leavers", "children-in-care-and-care-leavers"),
    (r"children\s+who\s+need\s+help\s+and\s+protection", "help-and-protection"),
    (r"children\s+in\s+care", "children-in-care"),
    (r"care\s+leavers", "care-leavers"),
)


@dataclass(frozen=True)
class Span:
    """A piece of the document's text: its words and where they are."""

    start: int
    end: int
    text: str


def grade_notation(words: str) -> str:
    w = " ".join(words.lower().split())
    return "requires-improvement" if w.startswith("requires improvement") else w


def area_of(label: str, rules: tuple[tuple[str, str], ...] = AREA_WORDS) -> str | None:
    """The area a table row or heading names, by its words."""
    text = " ".join(label.lower().replace("\u2019", "'").split())
    return next((area for rx, area in rules if re.search(rx, text)), None)


def day(d: str, month: str, year: str) -> date:
    return date(int(year), MONTHS[month.lower()], int(d))


def labelled(text: str, label: str, limit: int = 6000) -> re.Match[str] | None:
    """The line "Label: value" near the start of the report (the first page's facts)."""
    return re.compile(rf"^{label}\s*:?\s*(.+)$", re.MULTILINE | re.IGNORECASE).search(text[:limit])


def inspection_dates(text: str, label: str = r"Inspection\s+dates?") -> tuple[PartialDate, Span] | None:
    m = labelled(text, label)
    if m is None:
        return None
    d = DATES_RX.search(m.group(1))
    if d is None:
        return None
    day1, month1, year1, day2, month2, year2 = d.groups()
    end = day(day2, month2, year2)
    start = day(day1, month1 or month2, year1 or year2)
    if start > end:
        return None
    s = m.start(1) + d.start()
    return bounds(start.isoformat(), end.isoformat(), d.group(0)), Span(s, s + len(d.group(0)), d.group(0))


def lead_inspector(text: str) -> Span | None:
    """The name on the "Lead inspector:" line, without ", His Majesty's Inspector" or "HMI"."""
    m = labelled(text, r"Lead\s+inspector", limit=len(text))
    if m is None:
        return None
    name = re.split(r",|\s+(?:HMI|Her Majesty|His Majesty)\b", m.group(1))[0].strip()
    if not re.fullmatch(r"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,3}", name):
        return None
    return Span(m.start(1), m.start(1) + len(name), name)


def council_unit(place: str, entities: dict[str, Entity]) -> tuple[str | None, str | None]:
    """(council, its children's services unit) whose name is the place the title names, with or without the
    council's own words ("Dorset" is Dorset Council; "Bristol City of" is City of Bristol Council)."""
    wanted = _core(place)
    if not wanted:
        return None, None
    councils = [
        e
        for e in entities.values()
        if e.kind == "organisation"
        and e.values.get("kind") == "council"
        and wanted in {_core(n) for n in [e.label, *e.aliases]}
    ]
    if len(councils) != 1:
        return None, None
    cid = councils[0].id
    units = [
        e.id
        for e in entities.values()
        if e.values.get("unit_of") == cid and (e.values.get("identifiers") or {}).get("ofsted-urn")
    ]
    return cid, units[0] if len(units) == 1 else None


def _core(name: str) -> str:
    words = normalise(name).replace(",", " ").split()
    drop = {"council", "county", "borough", "city", "of", "the", "metropolitan", "district", "royal", "london"}
    return " ".join(sorted(w for w in words if w not in drop))


def subject(place: Span, entities: dict[str, Entity], linker: Linker) -> tuple[str, float]:
    """The body inspected: the register's children's services of the council the title names, else the council,
    else a proposed council of that name."""
    council, unit = council_unit(place.text, entities)
    if unit or council:
        return str(unit or council), 0.95
    return linker.organisation(f"{place.text} Council", "council").entity_id, 0.6


def known_event(known: KnownEvents | None, body: str, when: PartialDate, published: str | None = None) -> str | None:
    """The register's inspection of the same body whose days overlap the report's; where the register has only a
    publication day (its SIF rows), the one published on the report's day, or, when the report does not print it,
    the only one published within PUBLISHED_WITHIN days after the inspection ended: one node per inspection."""
    if known is None:
        return None
    related = known._related(body)
    mine = [v for v in known.visits if v.subject in related and v.inspectorate == INSPECTORATE and v.date is not None]
    found = {v.event for v in mine if v.date is not None and v.date.overlaps(when)}
    if found:
        return found.pop() if len(found) == 1 else None
    days = {v.event: v.date.earliest for v in mine if v.date is not None and v.date.earliest == v.date.latest}
    if published:
        found = {e for e, d in days.items() if d.isoformat() == published}
    else:
        found = {e for e, d in days.items() if 0 < (d - when.latest).days <= PUBLISHED_WITHIN}
    return found.pop() if len(found) == 1 else None


def known_judgement(known: KnownEvents | None, event: str, area: str, grade: str) -> str | None:
    """The register's judgement of that inspection and area when it gives the same grade (else a judgement of
    its own: crosscheck lists both)."""
    if known is None:
        return None
    want = None if area == "overall-effectiveness" else area
    return next(
        (j.judgement for j in known.judgements if j.inspection == event and j.area == want and j.grade == grade), None
    )


def date_fields(d: PartialDate) -> dict[str, Any]:
    return {"text": d.text, "earliest": d.earliest.isoformat(), "latest": d.latest.isoformat()}


class Claims:
    """The claims of one report, numbered as kg extract numbers them, each quoting the document's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.records: list[dict[str, Any]] = []

    def add(
        self,
        kind: str,
        fields: dict[str, Any],
        spans: list[Span],
        rule: str,
        confidence: float,
        mentions: dict[str, str] | None = None,
        needs: list[str] | None = None,
    ) -> dict[str, Any]:
        for s in spans:
            assert self.text[s.start : s.end] == s.text, "a quote is the document's own text"
        quotes = [s.text for s in spans]
        extracted: dict[str, Any] = {
            "rule": rule,
            "confidence": confidence,
            "offsets": [[s.start, s.end] for s in spans],
        }
        if mentions:
            extracted["mentions"] = mentions
        if needs:
            extracted["needs"] = needs
        record = {
            "id": f"x{len(self.records) + 1:03d}-{kind}",
            "type": kind,
            **fields,
            "quote": quotes[0] if len(quotes) == 1 else quotes,
            "extracted": extracted,
        }
        self.records.append(record)
        return record


def span_of(text: str, start: int, end: int) -> Span:
    """The span trimmed of blanks at both ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


@dataclass(frozen=True)
class Row:
    """One row of a judgement table: the area's words and the grade's."""

    area: str
    grade: str
    label: Span
    written: Span


TABLE_GRADE_RX = re.compile(
    r"(Requires\s+[Ii]mprovement(?:\s+to\s+be\s+good)?|Outstanding|Good|Inadequate)[ \t]*(?=\n|$)"
)


def judgement_table(text: str, start: int, rules: tuple[tuple[str, str], ...] = AREA_WORDS) -> list[Row]:
    """The rows after a table's heading: an area's words (a few lines) then a grade at the end of a line; the
    table ends at the first stretch that is not an area's words followed by a grade."""
    rows: list[Row] = []
    pos = start
    while True:
        m = TABLE_GRADE_RX.search(text, pos)
        if m is None:
            break
        label = span_of(text, pos, m.start())
        area = area_of(label.text, rules)
        if area is None or label.text.count("\n") > 3 or len(label.text) > 200:
            break
        written = span_of(text, m.start(1), m.end(1))
        rows.append(Row(area, grade_notation(m.group(1)), label, written))
        pos = m.end()
    return rows


def add_lead_inspector(
    out: Claims, linker: Linker, entities: dict[str, Entity], text: str, visit: dict[str, Any], spans: list[Span],
    when: PartialDate,
) -> None:
    """The lead inspector the report names: the visit's `lead_inspector`, and a tenure of the inspectorate's
    inspector post attested on the inspection's dates (where data/ has that post)."""
    lead = lead_inspector(text)
    if lead is None:
        return
    person = linker.person(lead.text)
    visit["lead_inspector"] = person.entity_id
    spans.append(lead)
    if INSPECTOR_POST in entities:
        out.add("tenure", {"person": person.entity_id, "post": INSPECTOR_POST, "attested": date_fields(when)},
                [lead], "report/lead-inspector", 0.9, {"person": lead.text})  # fmt: skip
