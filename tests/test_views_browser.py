"""Every page opened in headless Chromium with the network blocked: no console errors, no request to any host,
the expected nodes and edges drawn, the slider changes what is shown, a click opens the details panel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser import browser_page, build_site, require_browser, wait_until_drawn
from tests.conftest import DATA

NETWORK_PAGES = [
    "overview.html",
    "leadership.html",
    "accountability.html",
    "person/mark-douglas.html",
    "org/ofsted.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(DATA, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_browser()


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    if path.name not in ("index.html", "tenures.html"):
        wait_until_drawn(page, path.name)


def _payload(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="kg-data">') + len(
        '<script type="application/json" id="kg-data">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("name", ["index.html", "tenures.html", *NETWORK_PAGES])
def test_page_loads_offline_without_errors(site, chromium, name):
    shots = Path(__file__).resolve().parent.parent / "output" / "screenshots"  # output/ is not committed
    shots.mkdir(parents=True, exist_ok=True)
    with browser_page(chromium) as (page, visit):
        _open(page, site / name)
        page.screenshot(path=str(shots / (name.replace("/", "-").replace(".html", ".png"))), full_page=False)
    assert visit.errors == []
    assert visit.requests == [], "pages must not request anything outside file://"
    assert visit.dialogs == []


def test_overview_draws_every_node_and_edge(site, chromium):
    data = _payload(site / "overview.html")
    with browser_page(chromium) as (page, _):
        _open(page, site / "overview.html")
        drawn = page.evaluate("[kgView.network.body.nodeIndices.length, kgView.network.body.edgeIndices.length]")
    assert drawn == [len(data["nodes"]), len(data["edges"])]
    assert len(data["nodes"]) > 30 and len(data["edges"]) > 100


def test_a_click_opens_the_details_panel(site, chromium):
    with browser_page(chromium) as (page, _):
        _open(page, site / "overview.html")
        assert page.is_hidden("#details")
        box = page.locator("#network").bounding_box()
        x, y = page.evaluate(
            "(() => { const p = kgView.network.canvasToDOM(kgView.network.getPosition('person/mark-douglas'));"
            " return [p.x, p.y]; })()"
        )
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_selector("#details:not([hidden])")
        assert page.text_content("#details-name") == "Mark Douglas"
        body = page.text_content("#details-body")
        assert "Marc Douglas" in body and "Strategic Director, Children's Services" in body
        assert page.get_attribute("#details-body a.page-link", "href") == "person/mark-douglas.html"


def test_the_slider_changes_what_is_shown(site, chromium):
    with browser_page(chromium) as (page, _):
        _open(page, site / "leadership.html")
        steps = page.evaluate("kgView.data.steps.length")
        assert steps > 4

        def state(i: int) -> dict:
            page.evaluate(
                f"(() => {{ const s = document.getElementById('date-slider'); s.value = {i};"
                " s.dispatchEvent(new Event('input')); })()"
            )
            return page.evaluate(
                "({label: document.getElementById('date-label').textContent,"
                " visible: kgView.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort(),"
                " holds: kgView.edges.get().filter(e => String(e.id).includes('#')).map(e => e.from + '>' + e.to).sort(),"
                " changes: Array.from(document.querySelectorAll('#change-list li')).map(li => li.textContent)})"
            )

        first, last = state(0), state(steps - 1)
        assert first["label"] != last["label"]
        assert first["visible"] != last["visible"]
        assert "person/mark-douglas>post/bradford-director-childrens-services" in state(4)["holds"]
        assert "org/bradford-children-and-families-trust" not in first["visible"]  # the trust exists only from 2023
        assert "org/bradford-children-and-families-trust" in last["visible"]
        changes = [c for i in range(steps) for c in state(i)["changes"]]
        assert any(c.startswith("new holder: the new CEO at the council") for c in changes)


def test_accountability_filters_by_theme_and_period(site, chromium):
    with browser_page(chromium) as (page, _):
        _open(page, site / "accountability.html")
        everything = page.evaluate("kgView.edges.length")
        page.select_option("#theme", "Corporate parenting")
        by_theme = page.evaluate("kgView.edges.length")
        page.select_option("#theme", "")
        page.select_option("#from-year", "2024")
        late = page.evaluate("kgView.edges.get().map(e => e.from + '>' + e.to)")
    assert 0 < by_theme < everything
    assert late and all("mark-douglas" not in e for e in late)
