"""The tenure timeline as one inline SVG: who held which post when, how sure the sources are, and what inspectors
did meanwhile. Built as plain strings (every data value escaped) so the output is byte-for-byte reproducible."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from urllib.parse import quote

from ..questions.timeline import Event
from ..questions.who_held import Graphs, local_id
from ..tenure.reasoning import ONE_DAY, Span, Timeline

WIDTH, X0, X1 = 1280, 440, 1260  # plot area runs from X0 to X1; row labels end just left of X0
ROW_H, BAR_H, LANE_H, MAX_LABEL = 20, 12, 16, 64
MARKERS = {  # event kinds drawn on each body's track, and what a hover calls them
    "visit": "Inspection or visit",
    "visit-scheduled": "Scheduled visit",
    "judgement": "Judgement",
    "change": "Organisational change",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STYLE = """
.tenure-chart{font-family:system-ui,sans-serif;font-size:12px}
.tenure-chart .section-title{font-size:14px;font-weight:bold;fill:#222}
.tenure-chart .row-label,.tenure-chart .legend-label{fill:#222}
.tenure-chart .axis-label{fill:#555;font-size:11px}
.tenure-chart .grid{stroke:#e3e3e3}
.tenure-chart .track{fill:#f5f5f5}
.tenure-chart .certain{fill:#264653}
.tenure-chart .possible{fill:url(#tc-hatch)}
.tenure-chart .open.start{fill:url(#tc-fade-left)}
.tenure-chart .open.end{fill:url(#tc-fade-right)}
.tenure-chart .open.both{fill:url(#tc-fade-both)}
.tenure-chart .open-arrow{fill:#6c8f9b}
.tenure-chart .marker .range{fill-opacity:.35}
.tenure-chart .visit .shape,.tenure-chart .visit .range{fill:#6a994e}
.tenure-chart .visit.scheduled .shape{fill:#fff;stroke:#6a994e;stroke-width:1.5}
.tenure-chart .judgement .shape,.tenure-chart .judgement .range{fill:#e76f51}
.tenure-chart .change .shape,.tenure-chart .change .range{fill:#9b5de5}
.tenure-chart .grade{font-size:10px;fill:#b23a1e}
.tenure-chart a:hover .row-label{text-decoration:underline}
.tenure-chart a:hover .bar rect{stroke:#000;stroke-width:.6}
"""
_DEFS = (
    '<defs><pattern id="tc-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="5" height="5" fill="#bcd3da"/><rect width="1.6" height="5" fill="#4f7f8e"/></pattern>'
    + "".join(
        f'<linearGradient id="tc-fade-{name}">'
        + "".join(f'<stop offset="{o}" stop-color="#8fb3bf" stop-opacity="{a}"/>' for o, a in stops)
        + "</linearGradient>"
        for name, stops in (
            ("left", ((0, 0), (1, 1))),
            ("right", ((0, 1), (1, 0))),
            ("both", ((0, 0), (0.5, 1), (1, 0))),
        )
    )
    + "</defs>"
)


def esc(text: object) -> str:
    """Escape for XML text and attribute values alike; characters XML 1.0 cannot hold become U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", str(text)), quote=True)


def _f(v: float) -> str:
    return f"{v:.1f}"


def _iso(d: date | None) -> str:
    return d.isoformat() if d else "open"


@dataclass(frozen=True)
class Axis:
    """Days to x: day d covers [x(d), x(d + 1 day))."""

    lo: date
    hi: date

    @classmethod
    def around(cls, days: list[date]) -> Axis:
        first, last = (min(days), max(days) + ONE_DAY) if days else (date(2000, 1, 1), date(2001, 1, 1))
        pad = timedelta(days=max(30, (last - first).days // 30))
        return cls(first - pad, last + pad)

    def x(self, d: date) -> float:
        return X0 + (d - self.lo).days / max(1, (self.hi - self.lo).days) * (X1 - X0)

    def years(self) -> list[int]:
        first, last = self.lo.year + 1, self.hi.year
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10000) if (last - first) / s <= 16)
        return [y for y in range(first, last + 1) if y % step == 0]


def _sections(g: Graphs) -> list[tuple[str, list[Span]]]:
    """Bodies by name; within each, posts by name (memberships last) and each post's holders in succession."""
    label = g.catalogue.label
    groups: dict[str, dict[str | None, dict[str, Span]]] = {}
    for tid, span in g.timeline.spans.items():
        groups.setdefault(span.tenure.organisation, {}).setdefault(span.tenure.post, {})[tid] = span
    out = []
    for org in sorted(groups, key=lambda o: (label(o).casefold(), o)):
        posts = sorted(groups[org], key=lambda p: (p is None, label(p).casefold(), p or ""))
        # of_post compares with each tenure's post, None included (memberships with no post); kg/tenure types it str
        out.append((org, [s for p in posts for s in Timeline(groups[org][p], []).of_post(p)]))
    return out


def _related(g: Graphs, org: str, events: list[Event]) -> list[Event]:
    scope = g.catalogue.units(org) | set(g.catalogue.ancestors(org))
    return [ev for ev in events if ev.kind in MARKERS and (ev.related | ev.who | ev.to) & scope]


def _segments(span: Span, axis: Axis) -> list[tuple[str, date, date]]:
    """(classes, first day, day after last): certain core, possible ends, open ends that run to the axis edge."""
    a, b, c, d = span.start.earliest, span.start.latest, span.end.earliest, span.end.latest
    left, right = a or axis.lo, d + ONE_DAY if d else axis.hi
    if span.has_certain_days and b and c:
        core = ("certain", b, c + ONE_DAY)
    else:  # attested on some day between the two, or only one side bounded: possible, never certain
        known = [p for p in (b, c) if p]
        if not known:
            kind = "possible span" if a and d else "open " + ("both" if not (a or d) else "end" if a else "start")
            return [(kind, left, right)] if right > left else []
        core = ("possible window", min(known), max(known) + ONE_DAY)
    segs = [("possible start" if a else "open start", left, core[1]), core]
    segs.append(("possible end" if d else "open end", core[2], right))
    return [s for s in segs if s[2] > s[1]]


def _bar_title(g: Graphs, span: Span, label: str) -> str:
    t = span.tenure
    lines = [label, g.catalogue.label(t.organisation)]
    for name, b in (("start", span.start), ("end", span.end)):
        lines.append(
            f"{name}: {_iso(b.earliest)} .. {_iso(b.latest)} (earliest: {b.earliest_basis}; latest: {b.latest_basis})"
        )
    if span.has_certain_days:
        lines.append(f"certainly in post {_iso(span.certain_from)} .. {_iso(span.certain_until)}")
    else:
        lines.append("no day is certain from the evidence alone")
    lines += [f"conflict: {c}" for c in span.conflicts]
    lines += _cited(g, {e.source for e in t.evidence})
    return "\n".join(lines)


def _cited(g: Graphs, ids: Iterable[str]) -> list[str]:
    """A line per source: its id, then title, publisher, dates and address (the page lists them as links)."""
    cited = g.citations
    return [f"source {s}: {cited[s].byline()}" if s in cited else f"source {s}" for s in sorted(set(ids))]


def chart_sources(g: Graphs, events: list[Event]) -> list[str]:
    """The ids of every source the chart's bars and markers cite, for the list of sources under it."""
    ids = {e.source for span in g.timeline.spans.values() for e in span.tenure.evidence}
    ids |= {s for org, _ in _sections(g) for ev in _related(g, org, events) for s in ev.sources}
    return sorted(ids)


def _row(g: Graphs, span: Span, axis: Axis, y: float) -> str:
    t, cat = span.tenure, g.catalogue
    person = t.person_label or cat.label(t.person) or local_id(t.person) or "?"
    flags = "".join(f" ({f})" for f, on in (("interim", t.interim), ("acting", t.acting)) if on)
    post, rest = cat.label(t.post) if t.post else "Member", f" — {person}{flags}"
    label = post + rest
    room = MAX_LABEL - len(rest) - 1  # too long: shorten the post, keep the person
    short = label if len(label) <= MAX_LABEL else post[:room] + "…" + rest if room >= 12 else label[:MAX_LABEL] + "…"
    href = f"person/{quote(local_id(t.person) or '', safe='')}.html"
    cls = "bar" + "".join(f" {f}" for f, on in (("interim", t.interim), ("acting", t.acting)) if on)
    certain = (
        f' data-certain-from="{span.certain_from}" data-certain-until="{span.certain_until}"'
        if span.has_certain_days
        else ""
    )
    parts = [
        f'<a href="{esc(href)}"><text class="row-label" x="{X0 - 8}" y="{_f(y + BAR_H - 2)}" text-anchor="end" '
        f'data-label="{esc(label)}">{esc(short)}</text>',
        f'<g class="{cls}" data-tenure="{esc(local_id(t.id))}" data-person="{esc(local_id(t.person))}"{certain}>'
        f"<title>{esc(_bar_title(g, span, label))}</title>",
    ]
    for kind, first, after in _segments(span, axis):
        x0, x1 = axis.x(first), axis.x(after)
        dates = "" if "open" in kind else f' data-from="{first}" data-until="{after - ONE_DAY}"'
        parts.append(f'<rect class="{kind}" x="{_f(x0)}" y="{_f(y)}" width="{_f(x1 - x0)}" height="{BAR_H}"{dates}/>')
        if "open" in kind:
            for edge, sign in (("start", 1), ("end", -1)):
                if edge in kind or "both" in kind:
                    tip = X0 if sign == 1 else X1
                    parts.append(f'<path class="open-arrow" d="M{tip} {_f(y + BAR_H / 2)}l{6 * sign} -5v10z"/>')
    return "".join(parts) + "</g></a>"


def _marker_title(g: Graphs, ev: Event) -> str:
    def names(iris: Iterable[str]) -> str:
        return ", ".join(sorted(g.catalogue.label(i) for i in iris))

    written = f" (written '{ev.when.text}')" if ev.when.text else ""
    head = f"{MARKERS[ev.kind]}: {ev.title or local_id(ev.node)}{' ' + ev.number if ev.number else ''}"
    lines = [head, f"when: {ev.when.value}{written}, {ev.when.earliest} .. {ev.when.latest}"]
    lines += [f"grade: {ev.grade}"] if ev.grade else []
    lines += [f"{k}: {names(v)}" for k, v in (("of", ev.related), ("by", ev.who), ("to", ev.to)) if v]
    lines += [f"id: {local_id(ev.node)}", *_cited(g, ev.sources)]
    return "\n".join(lines)


def _markers(g: Graphs, events: list[Event], axis: Axis, y: float) -> tuple[str, int]:
    """Markers packed into as few lanes as keep them apart; returns the SVG and the number of lanes."""
    lanes: list[float] = []
    parts = []
    for ev in sorted(events, key=lambda e: (e.when.earliest, e.when.latest, e.kind, e.node)):
        x0, x1 = axis.x(ev.when.earliest), axis.x(ev.when.latest + ONE_DAY)
        cx = (x0 + x1) / 2
        text_w = 6.0 * len(ev.grade) + 4 if ev.kind == "judgement" and ev.grade else 0
        tx = max(cx + 7, x1 + 3)  # the grade reads beside the range, not over it
        lo, hi = min(x0, cx - 6), tx + text_w if text_w else max(x1, cx + 6)
        lane = next((i for i, end in enumerate(lanes) if end + 2 <= lo), len(lanes))
        lanes[lane : lane + 1] = [hi]
        my = y + lane * LANE_H + LANE_H / 2
        cls = "marker " + ("visit scheduled" if ev.kind == "visit-scheduled" else ev.kind)
        shape = {"judgement": "l5 5l-5 5l-5 -5z", "change": "m-4 1h8v8h-8z"}.get(ev.kind, "l5 9h-10z")
        parts.append(
            f'<g class="{cls}" data-kind="{ev.kind}" data-event="{esc(local_id(ev.node))}" '
            f'data-earliest="{ev.when.earliest}" data-latest="{ev.when.latest}" data-grade="{esc(ev.grade)}">'
            f"<title>{esc(_marker_title(g, ev))}</title>"
        )
        if x1 - x0 >= 8:
            parts.append(f'<rect class="range" x="{_f(x0)}" y="{_f(my - 2)}" width="{_f(x1 - x0)}" height="4"/>')
        parts.append(f'<path class="shape" d="M{_f(cx)} {_f(my - 5)}{shape}"/>')
        if text_w:
            parts.append(f'<text class="grade" x="{_f(tx)}" y="{_f(my + 3.5)}">{esc(ev.grade)}</text>')
        parts.append("</g>")
    return "".join(parts), len(lanes)


def _legend(y: float) -> tuple[str, float]:
    items = [
        ('<rect class="certain" width="22" height="10"/>', "certain: in post every day"),
        ('<rect class="possible start" width="22" height="10"/>', "possible: the start or end lies here"),
        ('<rect class="open start" width="22" height="10"/>', "open: nothing in the sources bounds it"),
        ('<g class="marker visit"><path class="shape" d="M11 0l5 9h-10z"/></g>', "inspection or visit"),
        ('<g class="marker visit scheduled"><path class="shape" d="M11 0l5 9h-10z"/></g>', "scheduled visit"),
        ('<g class="marker judgement"><path class="shape" d="M11 0l5 5l-5 5l-5 -5z"/></g>', "judgement (grade)"),
        ('<g class="marker change"><path class="shape" d="M7 1h8v8h-8z"/></g>', "organisational change"),
        ('<g class="marker visit"><rect class="range" y="3" width="22" height="4"/></g>', "event dated to a range"),
    ]
    parts, x = [], 10.0
    for swatch, text in items:
        width = 30 + 6.2 * len(text) + 18
        if x + width > WIDTH:
            x, y = 10.0, y + 18
        parts.append(
            f'<g class="legend-item" transform="translate({_f(x)} {_f(y)})">{swatch}'
            f'<text class="legend-label" x="28" y="9">{esc(text)}</text></g>'
        )
        x += width
    return '<g class="legend">' + "".join(parts) + "</g>", y + 18


def tenure_chart(g: Graphs, events: list[Event]) -> str:
    """The whole chart: a legend, a year axis shared by every body, and per body its markers and tenure bars."""
    sections = [(org, spans, _related(g, org, events)) for org, spans in _sections(g)]
    days = [d for _, spans, _ in sections for s in spans for b in (s.start, s.end) for d in (b.earliest, b.latest) if d]
    days += [d for _, _, evs in sections for ev in evs for d in (ev.when.earliest, ev.when.latest)]
    axis = Axis.around(days)
    legend, y = _legend(8)
    axis_y, y = y + 14, y + 26
    body = []
    if not sections:
        body.append(f'<text class="empty" x="10" y="{_f(y + 14)}">No tenures recorded.</text>')
        y += 24
    for org, spans, evs in sections:
        body.append(f'<g class="section" data-organisation="{esc(local_id(org))}">')
        body.append(f'<text class="section-title" x="10" y="{_f(y + 14)}">{esc(g.catalogue.label(org))}</text>')
        y += 22
        marks, lanes = _markers(g, evs, axis, y)
        if lanes:
            h = lanes * LANE_H
            body.append(f'<rect class="track" x="{X0}" y="{_f(y)}" width="{X1 - X0}" height="{h}"/>{marks}')
            y += h + 4
        for span in spans:
            body.append(_row(g, span, axis, y + (ROW_H - BAR_H) / 2))
            y += ROW_H
        body.append("</g>")
        y += 10
    height = y + 24
    ticks = []
    for year in axis.years():
        x = _f(axis.x(date(year, 1, 1)))
        ticks.append(f'<line class="grid" x1="{x}" x2="{x}" y1="{_f(axis_y - 12)}" y2="{_f(height - 20)}"/>')
        for ty in (axis_y, height - 6):
            ticks.append(f'<text class="axis-label" x="{x}" dx="3" y="{_f(ty)}">{year}</text>')
    if not ticks:  # under a year with no 1 January inside: label the ends instead
        for end_x, d, anchor in ((X0, axis.lo, "start"), (X1, axis.hi - ONE_DAY, "end")):
            ticks.append(f'<text class="axis-label" x="{end_x}" y="{_f(axis_y)}" text-anchor="{anchor}">{d}</text>')
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tenure-chart" viewBox="0 0 {WIDTH} {_f(height)}" '
        f'width="{WIDTH}" height="{_f(height)}" role="img" aria-labelledby="tc-title" data-axis-start="{axis.lo}" '
        f'data-axis-end="{axis.hi}" data-plot-x0="{X0}" data-plot-x1="{X1}">'
        f'<title id="tc-title">Tenure timeline</title><style>{_STYLE}</style>{_DEFS}'
    )
    return head + '<g class="axis">' + "".join(ticks) + "</g>" + legend + "".join(body) + "</svg>\n"
