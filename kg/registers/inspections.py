"""Inspections from an inspection register: one inspection event per row (kind, framework, dates, publication,
report, lead inspector), one judgement per area column (a grade, or why there is none), and the lead inspector's
post attested on the inspection's dates. A row's claims quote the row.

Known defects are found by checks, not by a list of rows: a cell that is not a grade word, an area graded on an
inspection before that judgement existed, an overall grade missing beside graded areas, a lead inspector missing or
with a stray space before a hyphen. Each is reported with file, line and column, and what is sound is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..data.dates import PartialDate, bounds
from ..data.model import Claim, Entity
from ..errors import ProblemList
from .councils import Councils, slug
from .files import Register, Row, require_columns

COLUMNS = (
    "urn", "local_authority", "inspection_link", "publication_date", "inspection_framework", "inspector_name",
    "inspection_start_date", "inspection_end_date", "overall_effectiveness_grade", "impact_of_leaders_grade",
    "help_and_protection_grade", "in_care_grade", "care_leavers_grade",
)
AREA_COLUMNS = {
    "overall_effectiveness_grade": "overall-effectiveness",
    "impact_of_leaders_grade": "impact-of-leaders",
    "help_and_protection_grade": "help-and-protection",
    "in_care_grade": "children-in-care",
    "care_leavers_grade": "care-leavers",
}
GRADES = {"outstanding": "outstanding", "good": "good", "requires improvement": "requires-improvement",
          "requires improvement to be good": "requires-improvement", "inadequate": "inadequate"}
NOT_JUDGED = {"inspection_pre_dates_judgement": "inspection-pre-dates-judgement",
              "not_reported_post_reform": "not-reported-post-reform", "data_unreadable": "data-unreadable"}
FRAMEWORKS = {"standard": "ilacs-standard", "short": "ilacs-short",
              "inspection duration longer than standard framework": "ilacs-longer"}
_SPACED_HYPHEN = re.compile(r"\s+-\s*")


@dataclass(frozen=True)
class AreaUse:
    """When an area of judgement was in use (ontology/schemes/areas.ttl)."""

    start: date | None
    end: date | None


def read_inspections(
    register: Register,
    councils: Councils,
    areas: dict[str, AreaUse],
    problems: ProblemList,
    warnings: ProblemList,
) -> list[Claim]:
    if not require_columns(register, COLUMNS, problems):
        return []
    inspectorate = register.meta.get("inspectorate")
    post = register.meta.get("inspector_post")
    if not inspectorate:
        problems.add(register.source.location, "an inspection register names its `inspectorate`")
        return []
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for row in register.rows():
        key = row.quote.strip()
        if key in seen:
            warnings.add(row.loc(), f"duplicate of line {seen[key]}; skipped")
            continue
        seen[key] = row.line
        unit = councils.by_urn.get(row["urn"])
        if unit is None:
            warnings.add(row.loc("urn"), f"unknown council code (Ofsted URN) {row['urn']!r}; row skipped")
            continue
        claims += _row_claims(row, register.id, unit, str(inspectorate), post, councils, areas, warnings)
    return claims


def _day(row: Row, column: str, fmt: str, warnings: ProblemList) -> date | None:
    text = row[column]
    if not text:
        return None
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        warnings.add(row.loc(column), f"not a date ({fmt.replace('%', '')}): {text!r}; left out")
        return None


def _row_claims(
    row: Row, source: str, unit: str, inspectorate: str, post: Any, councils: Councils,
    areas: dict[str, AreaUse], warnings: ProblemList,
) -> list[Claim]:
    published = _day(row, "publication_date", "%d/%m/%y", warnings)
    start = _day(row, "inspection_start_date", "%d/%m/%Y", warnings)
    end = _day(row, "inspection_end_date", "%d/%m/%Y", warnings)
    if published is None:
        warnings.add(row.loc("publication_date"), "no publication date; row skipped")
        return []
    if start and end and start > end:
        warnings.add(row.loc("inspection_end_date"), f"ends ({end}) before it starts ({start}); dates left out")
        start = end = None
    if start and end and end > published:
        warnings.add(row.loc("publication_date"), f"published ({published}) before the inspection ended ({end})")
    event = f"ofsted-{row['urn']}-{published.isoformat()}"
    when = (bounds(start.isoformat(), end.isoformat(), f"{row['inspection_start_date']} to {row['inspection_end_date']}")
            if start and end else None)
    pub = bounds(published.isoformat(), published.isoformat(), row["publication_date"])
    visit: dict[str, Any] = {"event": event, "kind": "inspection", "inspectorate": inspectorate, "subject": unit,
                             "published": pub}
    if when is not None:
        visit["date"] = when
    framework = FRAMEWORKS.get(row["inspection_framework"].lower())
    if framework:
        visit["framework"], visit["framework_inferred"] = framework, True
    elif row["inspection_framework"]:
        warnings.add(row.loc("inspection_framework"), f"unknown framework {row['inspection_framework']!r}; left out")
    if row["inspection_link"].startswith("https://") and " " not in row["inspection_link"]:
        visit["report"] = row["inspection_link"]
    out: list[Claim] = []
    graded = _judgements(row, source, event, unit, inspectorate, when or pub, areas, warnings, out)
    lead = _lead_inspector(row, source, councils, graded, warnings)
    if lead is not None:
        visit["lead_inspector"] = lead
        if post:
            out.append(_claim(row, source, "lead", "tenure", {"person": lead, "post": str(post), "attested": when or pub}))
    out.insert(0, _claim(row, source, "inspection", "visit", visit))
    return out


def _judgements(
    row: Row, source: str, event: str, unit: str, inspectorate: str, when: PartialDate,
    areas: dict[str, AreaUse], warnings: ProblemList, out: list[Claim],
) -> bool:
    """One judgement per area cell; returns whether any area was graded."""
    # One judgement of children in care and care leavers together: the register says the separate one did not exist
    # yet, or the inspection came before it did (then a care-leavers grade in the row is suspicious, below).
    separate = areas.get("children-in-care")
    together = row["care_leavers_grade"].lower() == "inspection_pre_dates_judgement" or bool(
        separate and separate.start and when.latest < separate.start
    )
    graded = False
    for column, named in AREA_COLUMNS.items():
        value = row[column].lower()
        # before January 2023 the in-care column is one judgement of children in care and care leavers together
        area = "children-in-care-and-care-leavers" if named == "children-in-care" and together else named
        if not value:
            if area == "overall-effectiveness" and any(row[c].lower() in GRADES for c in AREA_COLUMNS if c != column):
                use = areas.get(area)
                if use is None or use.end is None or when.earliest <= use.end:
                    warnings.add(row.loc(column), "no overall effectiveness grade beside graded areas (suspicious row)")
            continue
        values: dict[str, Any] = {"judgement": f"{event}-{area}", "inspection": event, "inspectorate": inspectorate,
                                  "subject": unit, "area": area, "date": when}
        if value in GRADES:
            use = areas.get(area)
            if use is not None and ((use.start and when.latest < use.start) or (use.end and when.earliest > use.end)):
                warnings.add(row.loc(column), f"a {area} grade on an inspection when that judgement was not given "
                             f"(in use {use.start or '...'} to {use.end or '...'}); left out")
                continue
            values["grade"] = GRADES[value]
            graded = True
        elif value in NOT_JUDGED:
            values["not_judged"] = NOT_JUDGED[value]
        else:
            warnings.add(row.loc(column), f"not a grade word: {row[column]!r}; left out (suspicious row)")
            continue
        out.append(_claim(row, source, area, "judgement", values))
    return graded


def _lead_inspector(row: Row, source: str, councils: Councils, graded: bool, warnings: ProblemList) -> str | None:
    name = " ".join(row["inspector_name"].split())
    if not name:
        if graded:
            warnings.add(row.loc("inspector_name"), "no lead inspector for a graded inspection")
        return None
    fixed = _SPACED_HYPHEN.sub("-", name)
    if fixed != name:
        warnings.add(row.loc("inspector_name"), f"{name!r} read as {fixed!r} (a space before a hyphen)")
    pid = slug(fixed)
    if pid not in councils.entities:
        councils.entities[pid] = Entity(pid, "person", {"id": pid, "name": fixed, "derived_from": source}, row.loc("inspector_name"))
    elif councils.entities[pid].kind != "person":
        warnings.add(row.loc("inspector_name"), f"{fixed!r} is also the id of a {councils.entities[pid].kind}; left out")
        return None
    return pid


def _claim(row: Row, source: str, suffix: str, kind: str, values: dict[str, Any]) -> Claim:
    return Claim(source, f"row{row.line}-{suffix}", kind, values, [row.quote], row.loc(), [row.anchor()])
