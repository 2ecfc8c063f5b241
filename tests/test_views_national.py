"""The national page and the council pages, on the national graph (registers and articles) in Oxigraph, opened
in headless Chromium with the network blocked: every council drawn, the region and grade filters change what is
shown, a council's page lists its inspections with their lead inspectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import browser_page, require_browser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def national_site(tmp_path_factory) -> Path:
    from kg.data.paths import Paths
    from kg.graph.build import build
    from kg.store.backend import StoreSpec, open_built
    from kg.views.site import write_site

    out = tmp_path_factory.mktemp("national")
    spec = StoreSpec("oxigraph", str(out / "store"))
    build(Paths(data=ROOT / "data", output=out), store=spec)
    write_site(open_built(Paths(output=out), spec), out)
    return out


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_browser()


def _shown(page) -> int:
    return int(page.evaluate("document.querySelectorAll('#councils tbody tr:not([hidden])').length"))


def test_the_national_page_shows_every_council_offline(national_site, chromium):
    with browser_page(chromium) as (page, visit):
        page.goto((national_site / "national.html").as_uri())
        assert _shown(page) >= 153
        assert page.text_content("#shown-count") == str(_shown(page))
        assert page.evaluate("document.querySelectorAll('#councils svg.strip g.cell').length") > 1400
        shots = ROOT / "output" / "screenshots"  # output/ is not committed
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "national.png"))
    assert visit.errors == []
    assert visit.requests == [], "pages must not request anything outside file://"
    assert visit.dialogs == []


def test_region_and_grade_filters_change_what_is_shown(national_site, chromium):
    with browser_page(chromium) as (page, _):
        page.goto((national_site / "national.html").as_uri())
        everything = _shown(page)
        page.select_option("#region", "Yorkshire and the Humber")
        region = _shown(page)
        regions = set(
            page.evaluate(
                "Array.from(document.querySelectorAll('#councils tbody tr:not([hidden])')).map(tr => tr.dataset.region)"
            )
        )
        page.select_option("#grade", "requires-improvement")
        both = _shown(page)
        names = page.evaluate(
            "Array.from(document.querySelectorAll('#councils tbody tr:not([hidden]) th a')).map(a => a.textContent)"
        )
        page.select_option("#region", "")
        grade = _shown(page)
        page.select_option("#grade", "inadequate")
        inadequate = _shown(page)
    assert 10 <= region < everything and regions == {"Yorkshire and the Humber"}
    assert 0 < both < region and "Bradford Council" in names  # 2026: overall requires improvement
    assert both < grade < everything and 0 < inadequate < everything


def test_a_council_link_opens_its_page_with_inspections_and_lead_inspectors(national_site, chromium):
    with browser_page(chromium) as (page, visit):
        page.goto((national_site / "national.html").as_uri())
        page.click("#councils a:text-is('Bradford Council')")
        page.wait_for_load_state("load")
        assert page.url.endswith("/council/bradford-council.html")
        rows = page.evaluate(
            "Array.from(document.querySelectorAll('#inspections tbody tr'))"
            ".map(tr => Array.from(tr.cells).map(td => td.textContent.trim()))"
        )
        grades = page.text_content("#grades")
        articles = page.text_content("#articles")
    leads = {(r[0][:4], r[4]) for r in rows if r[4]}
    assert {("2018", "Neil Penswick"), ("2023", "Matt Reed"), ("2026", "Catherine Heron")} <= leads
    assert "Inadequate" in grades and "Good" in grades
    assert "No article" not in articles  # the five seed articles are about Bradford
    assert visit.errors == [] and visit.requests == []


def test_every_council_page_is_written(national_site):
    pages = sorted((national_site / "council").glob("*.html"))
    assert len(pages) >= 153
    html = (national_site / "council" / "leeds-council.html").read_text(encoding="utf-8")
    assert "Inspections and visits" in html and "files.ofsted.gov.uk" in html
    index = (national_site / "index.html").read_text(encoding="utf-8")
    assert 'href="national.html"' in index
