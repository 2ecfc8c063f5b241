"""What a graded report says besides its table: each 'What needs to improve' item (a criticism by the inspectorate
of the body inspected, with a theme by its words), the previous judgement it states ("judged requires improvement
in 2019"), and what it says of the director of children's services' tenure ("in post since August 2023")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ...data.dates import MONTHS, PartialDate, bounds, parse_date
from ..linker import Linker
from ..resources import load_resources
from .report_tables import GRADE_RX, INSPECTORATE, Claims, Span, date_fields, grade_notation, span_of

HEADING_RX = re.compile(r"^What\s+needs\s+to\s+improve\b[^\n]*$", re.MULTILINE | re.IGNORECASE)
BULLET_RX = re.compile(r"^[^\w\s'\u2018\u2019\"\u201c(\[]\s*(?=\S)")
# the end of the list: a judgement's heading, a numbered finding, a footnote at the foot of the page
END_RX = re.compile(r"^(?:The\s+(?:experiences|impact)\b|Overall\s+effectiveness|\d+\.\s|\d+\s+[A-Z])")
PAGE_HEAD_RX = re.compile(r"^(?:\d+|Inspection\s+of\b.*|.*\d{4}\s+\d+)$")
FALLBACK_THEME = "quality-of-practice"
_MONTH_YEAR = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+)?\d{4}"
)
_GRADE = GRADE_RX.pattern
PREVIOUS_RXS = (
    # "Since the previous inspection in 2021 when Dorset was judged to be good"
    re.compile(
        rf"(?:previous|last)\s+(?:[A-Z]+\s+|full\s+|standard\s+)?inspection,?\s+in\s+(?P<year>\d{{4}}),?"
        rf"[^.]{{0,80}}?\bjudged\s+(?:to\s+be\s+|as\s+)?(?P<grade>{_GRADE})",
        re.IGNORECASE,
    ),
    # "judged requires improvement in 2019", "judged to be inadequate at the last inspection in 2018"
    re.compile(
        rf"\bjudged\s+(?:to\s+be\s+|as\s+)?(?P<grade>{_GRADE})(?:\s+overall)?,?\s+(?:at\s+(?:the|its)\s+"
        rf"(?:last|previous)\s+(?:\w+\s+)?inspection\s+)?in\s+(?P<year>\d{{4}})",
        re.IGNORECASE,
    ),
)
DCS = r"(?:DCS|[Dd]irector\s+of\s+[Cc]hildren['\u2019]s\s+[Ss]ervices)(?:\s+\(DCS\))?"
CHIEF_EXECUTIVE = r"(?<!trust )(?<!the trust's )chief\s+executive(?:\s+of\s+[A-Z][\w ]+?Council)?"
# (the post's words, its role kind, its label): "The DCS has been in post since August 2023", "an experienced DCS,
# appointed in 2017", "The chief executive has been in post since May 2005"
POSTS = (
    (DCS, "director-of-childrens-services", "director of children's services"),
    (CHIEF_EXECUTIVE, "chief-executive", "chief executive"),
)
TENURE_FORMS = (
    r"(?:(?![Tt]rust\b)[^.]){{0,40}}?\bhas\s+been\s+in\s+post\s+since\s+(?P<when>{when})",
    r",?\s+(?:who\s+was\s+)?appointed\s+in\s+(?P<when>{when})",
)
TENURE_RXS = tuple(
    (re.compile(rf"\b(?P<interim>[Ii]nterim\s+)?(?P<post>{words})" + form.format(when=_MONTH_YEAR)), role, label)
    for words, role, label in POSTS
    for form in TENURE_FORMS
)


def improvements(text: str, body: str, event: str, when: PartialDate, out: Claims) -> None:
    """One criticism per item of the list, quoted whole (an item ends at the next bullet, a heading, a numbered
    paragraph, a footnote or the page's end)."""
    m = HEADING_RX.search(text)
    if m is None:
        return
    themes = load_resources().rx_by("themes")
    items: list[tuple[int, int]] = []
    pos = m.end() + 1
    open_item = False
    page_top = False
    for raw in text[pos:].split("\n"):
        start, pos, line = pos, pos + len(raw) + 1, raw
        if raw.startswith("\f"):
            open_item, page_top, line, start = False, True, raw[1:], start + 1
        stripped = line.strip()
        if page_top and (not stripped or PAGE_HEAD_RX.match(stripped)):
            continue
        page_top = False
        if not stripped or re.fullmatch(r"\d+", stripped):
            continue
        bullet = BULLET_RX.match(line)
        if bullet:
            items.append((start + bullet.end(), start + len(line)))
            open_item = True
        elif END_RX.match(stripped) or not open_item:
            break
        else:
            items[-1] = (items[-1][0], start + len(line))
    for s, e in items:
        item = span_of(text, s, e)
        words = " ".join(item.text.split())
        scored = sorted(((-len(rx.findall(words)), t) for t, rx in themes.items()))
        theme = [t for n, t in scored if n][:2] or [FALLBACK_THEME]
        out.add(
            "criticism",
            {"by": INSPECTORATE, "target": [body], "theme": theme, "about": event, "date": date_fields(when)},
            [item],
            "report/what-needs-to-improve",
            0.9,
        )


def previous_judgements(text: str, body: str, known: Any, source_id: str, out: Claims) -> None:
    """The overall grade the report says the body had at an earlier inspection, dated by its year; the register's
    judgement of that year and grade when there is one."""
    seen: set[tuple[str, str]] = set()
    for rx in PREVIOUS_RXS:
        for m in rx.finditer(text):
            year, grade = m.group("year"), grade_notation(m.group("grade"))
            if (year, grade) in seen or not 2000 < int(year) < 2100:
                continue
            seen.add((year, grade))
            when = bounds(f"{year}-01-01", f"{year}-12-31", year)
            found = known.judgement(body, grade, INSPECTORATE, when, None) if known is not None else None
            jid = found.judgement if found else f"{source_id}-previous-{year}-{grade}"
            inspection = found.inspection if found else f"{source_id}-previous-{year}-inspection"
            span = span_of(text, m.start(), m.end())
            out.add(
                "judgement",
                {
                    "judgement": jid,
                    "inspection": inspection,
                    "inspectorate": INSPECTORATE,
                    "subject": body,
                    "grade": grade,
                    "date": {"text": year, "value": year},
                },
                [span],
                "report/previous-judgement",
                0.75,
                {"grade": m.group("grade"), "date": year},
            )


def tenure_statements(text: str, council: str, linker: Linker, when: PartialDate, out: Claims) -> None:
    """The council's DCS or chief executive "in post since" a month: a tenure of the post whose holder the report does not name (the
    reviewer gives the person)."""
    for rx, role, label in TENURE_RXS:
        for m in rx.finditer(text):
            words = m.group("when").split()
            iso = words[-1] if len(words) == 1 else f"{words[1]}-{MONTHS[words[0].lower()]:02d}"
            start = parse_date(iso)
            if start.earliest > when.latest or start.earliest < date(1990, 1, 1):
                continue
            post = linker.post(label, role, council, [council])
            fields: dict[str, Any] = {
                "post": post.entity_id,
                "start": {"text": m.group("when"), "value": start.value},
                "attested": date_fields(when),
            }
            if m.group("interim"):
                fields["interim"] = True
            out.add(
                "tenure",
                fields,
                [Span(m.start(), m.end(), m.group(0))],
                "report/in-post-since",
                0.6,
                {"post": m.group("post"), "date": m.group("when")},
                needs=["person"],
            )
