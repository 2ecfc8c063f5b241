"""The tenure timeline SVG: right rows and bars on the real data, honest about imprecise and open ends, and safe
with hostile names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from rdflib import Graph

from kg.data.dates import parse_date
from kg.data.paths import Paths
from kg.graph.build import build
from kg.questions.timeline import Event, events_of
from kg.questions.who_held import Graphs
from kg.store.backend import load_built
from kg.store.catalogue import Catalogue, Item
from kg.tenure.reasoning import Evidence, Tenure, reason
from kg.views.tenure_chart import tenure_chart
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
ID = "https://w3id.org/accountability-kg/id/"


def _graphs(out: Path) -> Graphs:
    return Graphs.of(load_built(Paths(data=DATA, output=out)))


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("chart")
    build(Paths(data=DATA, output=out))
    g = _graphs(out)
    return tenure_chart(g, events_of(g)), out


@pytest.fixture(scope="module")
def svg(real: tuple[str, Path]) -> ET.Element:
    return ET.fromstring(real[0])


def x_of(root: ET.Element, day: str) -> float:
    """Where a day starts on the chart's axis, from the axis attributes the chart emits."""
    lo, hi = date.fromisoformat(root.get("data-axis-start")), date.fromisoformat(root.get("data-axis-end"))
    x0, x1 = float(root.get("data-plot-x0")), float(root.get("data-plot-x1"))
    return x0 + (date.fromisoformat(day) - lo).days / (hi - lo).days * (x1 - x0)


def row(root: ET.Element, label: str) -> ET.Element:
    """The <a> wrapping a tenure's label and bar."""
    found = [a for a in root.iter(f"{SVG}a") if a.find(f"{SVG}text").get("data-label") == label]
    assert len(found) == 1, label
    return found[0]


def rects(bar: ET.Element, cls: str) -> list[ET.Element]:
    return [r for r in bar.iter(f"{SVG}rect") if cls in r.get("class", "").split()]


def section(root: ET.Element, org_id: str) -> ET.Element:
    return next(g for g in root.iter(f"{SVG}g") if g.get("data-organisation") == org_id)


def test_rows_and_links(svg: ET.Element) -> None:
    douglas = row(svg, "Strategic Director, Children's Services — Mark Douglas")
    assert douglas.get("href") == "person/mark-douglas.html"
    row(svg, "Chief Executive of Bradford Council — the new CEO at the council")
    titles = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "section-title"]
    assert titles[0] == "Bradford Children and Families Trust" and titles == sorted(titles, key=str.casefold)
    for bar in (g for g in svg.iter(f"{SVG}g") if "bar" in g.get("class", "").split()):
        assert bar[0].tag == f"{SVG}title" and bar[0].text
    assert all(a.get("href", "").startswith("person/") for a in svg.iter(f"{SVG}a"))


def test_douglas_certain_and_imprecise_ends(svg: ET.Element) -> None:
    bar = row(svg, "Strategic Director, Children's Services — Mark Douglas").find(f"{SVG}g")
    assert (bar.get("data-certain-from"), bar.get("data-certain-until")) == ("2019-08-31", "2021-07-01")
    [certain] = rects(bar, "certain")
    x, w = float(certain.get("x")), float(certain.get("width"))
    assert x == pytest.approx(x_of(svg, "2019-08-31"), abs=0.1)
    assert x + w == pytest.approx(x_of(svg, "2021-07-02"), abs=0.1)  # the last certain day is drawn whole
    possible = {(r.get("data-from"), r.get("data-until")) for r in rects(bar, "possible")}
    assert possible == {("2019-06-01", "2019-08-30"), ("2021-07-02", "2021-09-29")}
    assert not rects(bar, "open")
    title = bar.find(f"{SVG}title").text
    assert "last summer" in title and "2020-news-ofsted-fourth-monitoring-visit" in title


def test_open_end_runs_to_the_edge_and_is_never_certain(svg: ET.Element) -> None:
    bar = row(svg, "Chief Executive of Bradford Council — the new CEO at the council").find(f"{SVG}g")
    assert not rects(bar, "certain") and bar.get("data-certain-from") is None
    [open_end] = rects(bar, "open")
    assert "end" in open_end.get("class").split() and open_end.get("data-from") is None
    right = float(open_end.get("x")) + float(open_end.get("width"))
    assert right == pytest.approx(float(svg.get("data-plot-x1")), abs=0.1)


def test_trust_bars_start_no_earlier_than_the_trust(svg: ET.Element) -> None:
    trust = section(svg, "bradford-children-and-families-trust")
    bars = [r for a in trust.iter(f"{SVG}a") for r in a.iter(f"{SVG}rect")]
    assert bars
    assert min(float(r.get("x")) for r in bars) >= x_of(svg, "2023-04-01") - 0.1


def test_markers(svg: ET.Element) -> None:
    council = section(svg, "bradford-council")
    marks = {(m.get("data-kind"), m.get("data-event"), m.get("data-earliest")): m for m in council.iter(f"{SVG}g")}
    mv3 = marks[("visit", "bradford-cs-mv3", "2019-10-01")]
    assert mv3.get("data-latest") == "2019-10-31" and "October" in mv3.find(f"{SVG}title").text
    judgement = marks[("judgement", "bradford-cs-2018-inadequate", "2018-01-01")]
    assert judgement.get("data-grade") == "Inadequate"
    assert "Inadequate" in "".join(judgement.itertext())
    assert ("change", "bradford-cs-transfer-to-trust", "2023-04-01") in marks
    assert ("visit-scheduled", "bradford-cs-mv4", "2020-02-01") in marks
    for m in svg.iter(f"{SVG}g"):
        if "marker" in m.get("class", "").split() and m.get("data-kind"):
            assert m[0].tag == f"{SVG}title"
    # the trust's own section shows the transfer to it, not the council's inspections
    trust = {m.get("data-event") for m in section(svg, "bradford-children-and-families-trust").iter(f"{SVG}g")}
    assert "bradford-cs-transfer-to-trust" in trust and "bradford-cs-mv3" not in trust
    legend = "".join(next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend").itertext())
    assert all(word in legend for word in ("certain", "possible", "open", "visit", "judgement", "change"))


def test_deterministic(real: tuple[str, Path]) -> None:
    text, out = real
    g = _graphs(out)
    assert tenure_chart(g, events_of(g)) == text


HOSTILE_PERSON = "<script>alert(1)</script>"
HOSTILE_LABEL = '<img src=x onerror=alert(1)> & "Sons" \x01'


def _tiny(n: int = 1, name: str = HOSTILE_PERSON) -> tuple[Graphs, list[Event]]:
    """A hand-built catalogue and timeline: one body with a hostile name, n posts, one holder each."""
    org, person = ID + "org/evil", ID + 'person/x"<y>&z'
    items = {org: Item(org, "organisation", HOSTILE_LABEL), person: Item(person, "person", name)}
    tenures = []
    for i in range(n):
        post = f"{ID}post/p{i}"
        items[post] = Item(post, "post", f"{HOSTILE_LABEL} post {i}", organisation=org)
        evidence = [
            Evidence("start", parse_date("2019-summer").with_text("<b>last summer</b>"), "src-&-<1>", "c", "q"),
            Evidence("attested", parse_date("2021-03"), f"src-{i % 7}"),
        ]
        tenures.append(Tenure(f"{ID}tenure/t{i}", person, org, name, post, True, interim=i == 0, evidence=evidence))
    event = Event(ID + "event/<v>", "judgement", parse_date("2020-02"), title="<img src=x>", grade="<script>bad")
    event.related, event.sources = {org}, {"<script>"}
    return Graphs(Graph(), Catalogue(items), reason(tenures)), [event]


def test_hostile_text_is_escaped() -> None:
    text = tenure_chart(*_tiny())
    assert "<script" not in text and "<img" not in text
    root = ET.fromstring(text)  # still well-formed XML
    [a] = list(root.iter(f"{SVG}a"))
    assert a.get("href") == "person/x%22%3Cy%3E%26z.html"
    label = a.find(f"{SVG}text").get("data-label")
    assert label.startswith('<img src=x onerror=alert(1)> & "Sons" \ufffd post 0 — <script>alert(1)</script>')
    assert label.endswith("(interim)")
    assert "<b>last summer</b>" in a.find(f"{SVG}g/{SVG}title").text
    [marker] = [g for g in root.iter(f"{SVG}g") if g.get("data-kind") == "judgement"]
    assert marker.get("data-grade") == "<script>bad" and "<img src=x>" in marker.find(f"{SVG}title").text
    assert "Tenure timeline" in root.find(f"{SVG}title").text


def test_no_tenures_still_renders() -> None:
    g, _ = _tiny(0)
    ET.fromstring(tenure_chart(g, []))


def test_many_tenures_share_defs() -> None:
    g, events = _tiny(5000, "A Person")
    text = tenure_chart(g, events)
    root = ET.fromstring(text)
    assert text.count("<linearGradient") == 3 and text.count("<pattern") == 1
    assert sum(1 for _ in root.iter(f"{SVG}a")) == 5000
    assert len(text) < 5000 * 1500
    assert date.fromisoformat(root.get("data-axis-end")) - date.fromisoformat(root.get("data-axis-start")) < timedelta(
        days=3 * 366
    )
