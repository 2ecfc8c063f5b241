"""The national page (every council's grades by area over time, filtered by region and grade) and a page per
council (its inspections, lead inspectors, grades by area, changes and what the articles say about it).

The data comes from ontology/queries/internal/national-*.rq and council-*.rq; the heat map is static SVG laid out
here and drawn by the templates (Jinja escapes every text); kg/views/static/national.js only hides rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import Environment
from rdflib import Dataset, Graph

from ..data.paths import ONTOLOGY_DIR
from ..questions.citations import citations_of
from ..questions.timeline import Event
from ..store.sparql import read_query, rows_of
from .payload import page_link, page_slug
from .projections import key

QUERIES = ONTOLOGY_DIR / "queries" / "internal"
CONCEPT = "https://w3id.org/accountability-kg/concept/"
# Presentation order of the areas in a strip, and the short name each cell is labelled with in the legend.
AREAS = {
    "overall-effectiveness": "OE",
    "impact-of-leaders": "L",
    "help-and-protection": "HP",
    "children-in-care-and-care-leavers": "CC",
    "children-in-care": "CC",
    "care-leavers": "CL",
    "adoption": "A",
    "leadership-management-governance": "LMG",
    "safeguarding-board": "SB",
}
# Grade -> (letter, label); colours are in national.css (Okabe-Ito: safe for the common colour-blindnesses).
GRADES = {
    "outstanding": ("O", "Outstanding"),
    "good": ("G", "Good"),
    "adequate": ("A", "Adequate"),
    "requires-improvement": ("R", "Requires improvement"),
    "inadequate": ("I", "Inadequate"),
}
CELL = 10  # px per area cell in a strip
PX_PER_YEAR = 46
ROW_HEIGHT = 14


@dataclass
class Cell:
    area: str
    area_label: str
    grade: str  # a GRADES key, or "" when not judged
    letter: str
    label: str  # the grade's label, or why there is none
    x: int = 0


@dataclass
class Inspection:
    node: str
    kind: str
    framework: str = ""
    lead: str = ""
    lead_link: str | None = None
    report: str = ""
    number: str = ""
    dates: dict[str, tuple[str, str]] = field(default_factory=dict)  # "on site"/"published"/... -> (earliest, latest)
    cells: list[Cell] = field(default_factory=list)
    x: int = 0

    @property
    def day(self) -> str:
        """The day it is placed by: its publication, else its first day on site, else when it was scheduled."""
        for which in ("published", "on site", "scheduled"):
            if which in self.dates:
                return self.dates[which][0]
        return ""

    def when(self, which: str) -> str:
        lo, hi = self.dates.get(which, ("", ""))
        return lo if lo == hi else f"{lo} to {hi}"

    @property
    def overall(self) -> Cell | None:
        return next((c for c in self.cells if c.area == "overall-effectiveness" and c.grade), None)


@dataclass
class Council:
    iri: str
    name: str
    region: str = ""
    type: str = ""
    ons: str = ""
    wikidata: str = ""
    homepage: str = ""
    until: str = ""
    units: set[str] = field(default_factory=set)
    urns: list[str] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"council/{page_slug(key(self.iri).partition('/')[2] or key(self.iri))}.html"

    @property
    def latest(self) -> Cell | None:
        """The latest overall effectiveness grade given (Ofsted gives none from April 2026)."""
        return next((i.overall for i in reversed(self.inspections) if i.overall), None)

    @property
    def graded(self) -> list[Inspection]:
        return [i for i in self.inspections if i.cells]


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _rows(ds: Dataset | Graph, name: str) -> list[Any]:
    return list(rows_of(ds.query(read_query(QUERIES / f"{name}.rq"))))


def read_councils(ds: Dataset | Graph, existing: set[str] | frozenset[str] = frozenset()) -> list[Council]:
    """Every council with its units, neighbours, inspections (of it or a unit of it) and judgements by area, in
    name order; `existing` is the set of pages written, so a lead inspector links to a page only if it has one."""
    councils: dict[str, Council] = {}
    for r in _rows(ds, "national-councils"):
        c = councils.setdefault(str(r.council), Council(str(r.council), str(r.name)))
        c.region = c.region or _str(r.region)
        c.type = c.type or _str(r.type)
        c.ons = c.ons or _str(r.ons)
        c.wikidata = c.wikidata or _str(r.wikidata)
        c.homepage = c.homepage or _str(r.homepage)
        c.until = c.until or _str(r.until)
    owner = {iri: iri for iri in councils}
    for r in _rows(ds, "council-units"):
        if str(r.council) not in councils:
            continue
        c = councils[str(r.council)]
        if r.unit is not None:
            c.units.add(str(r.unit))
            owner.setdefault(str(r.unit), c.iri)
            if r.urn is not None and str(r.urn) not in c.urns:
                c.urns.append(str(r.urn))
        if r.neighbour is not None and str(r.neighbour) in councils and str(r.neighbour) not in c.neighbours:
            c.neighbours.append(str(r.neighbour))
    inspections: dict[str, Inspection] = {}
    spans: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for r in _rows(ds, "national-inspections"):
        whose = owner.get(str(r.inspected))
        if whose is None:
            continue
        node = str(r.inspection)
        ins = inspections.get(node)
        if ins is None:
            ins = inspections[node] = Inspection(node, str(r.kind))
            councils[whose].inspections.append(ins)
        ins.framework = ins.framework or _str(r.framework)
        ins.lead = ins.lead or _str(r.lead) or _str(r.inspector)
        if r.leadPerson is not None and ins.lead_link is None:
            link = page_link(key(str(r.leadPerson)), "../")
            ins.lead_link = link if link and link[3:] in existing else None
        ins.report = ins.report or _str(r.report)
        ins.number = ins.number or _str(r.number)
        spans[(node, str(r.which))].append((str(r.e), str(r.l)))
    for (node, which), found in spans.items():
        # several date nodes (the register's and the articles'): the narrowest, which the others agree with or not
        inspections[node].dates[which] = min(found, key=lambda s: (_days(s), s))
    for r in _rows(ds, "national-judgements"):
        ins = inspections.get(str(r.inspection))
        if ins is None:
            continue
        area = str(r.area).rsplit("/", 1)[-1]
        grade = str(r.grade).rsplit("/", 1)[-1] if r.grade is not None else ""
        letter, label = GRADES.get(grade, ("?", grade)) if grade else ("–", _str(r.gapLabel) or "not judged")
        if any(c.area == area for c in ins.cells):
            continue  # one cell per area: an article's judgement beside the register's is on the council page
        ins.cells.append(Cell(area, str(r.areaLabel), grade if grade in GRADES else "", letter, label))
    order = list(AREAS)
    for ins in inspections.values():
        ins.cells.sort(key=lambda c: (order.index(c.area) if c.area in order else len(order), c.area))
    for c in councils.values():
        c.inspections.sort(key=lambda i: (i.day, i.node))
    return sorted(councils.values(), key=lambda c: (c.name.lower(), c.iri))


def _days(span: tuple[str, str]) -> int:
    try:
        return (date.fromisoformat(span[1][:10]) - date.fromisoformat(span[0][:10])).days
    except ValueError:
        return 1 << 30


def lay_out(councils: list[Council]) -> dict[str, Any]:
    """x positions: each inspection's strip of area cells at its date, pushed right where it would overlap the
    one before (the cell titles keep the true dates); the years along the top."""
    days = [i.day for c in councils for i in c.graded if i.day]
    if not days:
        return {"years": [], "width": 200}
    first, last = int(min(days)[:4]), int(max(days)[:4])
    for c in councils:
        end = -1
        for ins in c.graded:
            d = date.fromisoformat(ins.day[:10]) if ins.day else date(first, 1, 1)
            x = round((d.year - first + (d.timetuple().tm_yday - 1) / 366) * PX_PER_YEAR)
            ins.x = max(x, end + 2)
            for n, cell in enumerate(ins.cells):
                cell.x = ins.x + n * CELL
            end = ins.x + len(ins.cells) * CELL
    width = max([(last - first + 1) * PX_PER_YEAR] + [i.x + len(i.cells) * CELL for c in councils for i in c.graded])
    years = [(y, (y - first) * PX_PER_YEAR) for y in range(first, last + 1)]
    return {"years": years, "width": width + 4}


def _article_events(council: Council, events: list[Event], registers: set[str]) -> list[Event]:
    mine = council.units | {council.iri}
    return [
        ev
        for ev in events
        if (ev.related | ev.who | ev.to | ev.about) & mine and ev.sources - registers and ev.kind != "change"
    ]


def national_pages(
    ds: Dataset | Graph, env: Environment, base: dict[str, Any], events: list[Event], existing: set[str]
) -> dict[str, str]:
    """national.html and council/<slug>.html for every council, as relative path -> text."""
    councils = read_councils(ds, existing)
    chart = lay_out(councils)
    registers = {
        str(r.source).rsplit("/", 1)[-1] for r in _rows(ds, "national-sources") if str(r.kind).endswith("/register")
    }
    by_iri = {c.iri: c for c in councils}
    regions = sorted({c.region for c in councils if c.region})
    cited = citations_of(ds)
    pages = {
        "national.html": env.get_template("national.html").render(
            title="Every council's grades by area over time",
            page="national",
            root="",
            councils=councils,
            chart=chart,
            regions=regions,
            grades=GRADES,
            areas=AREAS,
            cell=CELL,
            row_height=ROW_HEIGHT,
            **{
                **base,
                "subtitle": "A row per council; each inspection a strip of its area grades, placed at its date. "
                "Filter by region or by the latest overall grade; a council's name opens its page.",
            },
        )
    }
    for c in councils:
        if c.path in pages:
            continue  # page_slug keeps distinct ids apart; a repeated council IRI is one council
        changes = [ev for ev in events if ev.kind == "change" and (ev.related | ev.to) & (c.units | {c.iri})]
        pages[c.path] = env.get_template("council.html").render(
            title=c.name,
            page="council",
            root="../",
            council=c,
            neighbours=[by_iri[n] for n in c.neighbours if n in by_iri],
            chart=chart,
            grades=GRADES,
            cell=CELL,
            row_height=ROW_HEIGHT,
            areas=_area_rows(c),
            changes=changes,
            articles=_article_events(c, events, registers),
            cited=cited,
            org_page=page_link(key(c.iri), "../") if page_link(key(c.iri), "") in existing else None,
            **{**base, "subtitle": ", ".join(x for x in (c.type, c.region) if x)},
        )
    return pages


def _area_rows(c: Council) -> list[tuple[str, list[Cell | None]]]:
    """Grades by area: a row per area, a column per graded inspection."""
    labels: dict[str, str] = {}
    for ins in c.graded:
        for cell in ins.cells:
            labels.setdefault(cell.area, cell.area_label)
    order = list(AREAS)
    rows = []
    for area in sorted(labels, key=lambda a: (order.index(a) if a in order else len(order), a)):
        rows.append((labels[area], [next((x for x in ins.cells if x.area == area), None) for ins in c.graded]))
    return rows
