"""Statutory directions and other interventions from the interventions seed: one `change` of kind intervention per
row (the council it was issued to, dated by its publication), linked to the inspection that triggered it where the
row's `ofsted_trigger` gives a date that only one of the council's register inspections fits. The rest of the row
(instrument, people named, trust or partner, what it replaced, how it ended, the trigger as written) is the claim's
note; the claim quotes the row.

A row without a council code the crosswalk knows, or without a publication date (a change needs one), is left out
and reported with file, line and column; a partial date ("2021-09") is kept as partial."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..data.dates import parse_date
from ..data.model import Claim
from ..errors import ProblemList
from .councils import Councils
from .files import Register, Row, require_columns, row_date

COLUMNS = (
    "id", "local_authority", "gss_code", "instrument", "published", "earlier_or_replaces",
    "closed_replaced_or_revoked", "people_named", "trust_or_partner", "ofsted_trigger", "source_url", "note",
)
NOTE_COLUMNS = (
    ("earlier_or_replaces", "earlier or replaces"), ("closed_replaced_or_revoked", "closed, replaced or revoked"),
    ("people_named", "people named"), ("trust_or_partner", "trust or partner"), ("ofsted_trigger", "Ofsted trigger"),
)
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
GSS = re.compile(r"E\d{8}")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])")


@dataclass(frozen=True)
class Inspection:
    """A register inspection of a council's children's services: its event id and its dates."""

    event: str
    first: date  # the first day on site, or the publication date when the register has no dates on site
    published: date


def services_of(councils: Councils) -> dict[str, str]:
    """Council id -> its children's services unit (the unit Ofsted inspects, by its URN)."""
    out: dict[str, str] = {}
    for unit in councils.by_urn.values():
        parent = councils.entities[unit].values.get("unit_of") if unit in councils.entities else None
        if parent:
            out.setdefault(str(parent), unit)
    return out


def inspections_by_unit(claims: list[Claim]) -> dict[str, list[Inspection]]:
    """The register's inspections (visit claims read before this register), by the unit inspected."""
    out: dict[str, list[Inspection]] = defaultdict(list)
    for c in claims:
        if c.type == "visit" and c.get("published") is not None:
            published = c.get("published").earliest
            first = c.get("date").earliest if c.get("date") is not None else published
            out[c.get("subject")].append(Inspection(c.get("event"), first, published))
    return out


def council_of(row: Row, column: str, councils: Councils, warnings: ProblemList) -> str | None:
    code = row[column]
    if not GSS.fullmatch(code):
        warnings.add(row.loc(column), f"not a GSS code: {code!r}; row skipped")
        return None
    council = councils.by_gss.get(code)
    if council is None:
        warnings.add(row.loc(column), f"unknown council code {code!r}; row skipped")
    return council


def row_id(row: Row, seen: dict[str, int], warnings: ProblemList) -> str | None:
    rid = row["id"]
    if not ID.fullmatch(rid):
        warnings.add(row.loc("id"), f"not an id (lowercase letters, digits and hyphens): {rid!r}; row skipped")
        return None
    if rid in seen:
        warnings.add(row.loc("id"), f"id {rid!r} is also on line {seen[rid]}; row skipped")
        return None
    seen[rid] = row.line
    return rid


def read_interventions(
    register: Register, councils: Councils, claims: list[Claim], problems: ProblemList, warnings: ProblemList
) -> list[Claim]:
    """One intervention change per usable row; `claims` are those read so far (the inspection register's)."""
    if not require_columns(register, COLUMNS, problems):
        return []
    services = services_of(councils)
    inspections = inspections_by_unit(claims)
    out: list[Claim] = []
    seen: dict[str, int] = {}
    for row in register.rows():
        rid = row_id(row, seen, warnings)
        council = council_of(row, "gss_code", councils, warnings) if rid else None
        if rid is None or council is None:
            continue
        published = row_date(row, "published", warnings)
        if published is None:
            if not row["published"]:
                warnings.add(row.loc("published"), "no publication date (an intervention needs one); row skipped")
            continue
        values: dict[str, Any] = {"change": f"intervention-{rid}", "kind": "intervention", "original": [council],
                                  "date": published}
        trigger, how = _trigger(row["ofsted_trigger"], inspections.get(services.get(council, ""), []))
        if trigger is not None:
            values["trigger"] = trigger
        values["note"] = _note(row, how)
        out.append(Claim(register.id, f"row{row.line}-intervention", "change", values, [row.quote], row.loc(),
                         [row.anchor()]))
    return out


def _trigger(text: str, inspections: list[Inspection]) -> tuple[str | None, str]:
    """The register inspection the trigger text names by a date, and how it was matched (for the note)."""
    if not text:
        return None, ""
    days = _DAY.findall(text)
    if days:
        if len(days) == 1:
            day = date.fromisoformat(days[0])
            hits = [i for i in inspections if i.published == day]
            if len(hits) == 1:
                return hits[0].event, f"the inspection published {day.isoformat()} in the register"
        return None, ""
    months = _MONTH.findall(text)
    years = [y for y in _YEAR.findall(text) if not any(y == m[1] for m in months)]
    if len(months) + len(years) != 1:
        return None, ""
    when = parse_date(f"{months[0][1]}-{MONTHS.index(months[0][0].lower()) + 1:02d}" if months else years[0])
    hits = [i for i in inspections if i.first <= when.latest and when.earliest <= i.published]
    if len(hits) == 1:
        return hits[0].event, f"the only register inspection of the council on site or published in {when.value}"
    return None, ""


def _note(row: Row, how: str) -> str:
    parts = [row["instrument"]] if row["instrument"] else []
    parts += [f"{label}: {row[column]}" for column, label in NOTE_COLUMNS if row[column]]
    if how:
        parts.append(f"trigger read as {how}")
    if row["note"]:
        parts.append(f"collector's note: {row['note']}")
    return "; ".join(parts) + f" (seed row {row['id']}, line {row.line})"
