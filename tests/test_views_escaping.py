"""Text from sources cannot run script in any page: names, aliases, labels, titles and quotes full of markup
(tests/fixtures/hostile-data) are shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import browser_page, build_site, require_browser, wait_until_drawn

HOSTILE = Path(__file__).parent / "fixtures" / "hostile-data"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_site(HOSTILE, tmp_path_factory.mktemp("hostile"))


def test_no_raw_markup_from_data_in_any_page(hostile_site):
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in ("<script>window.__pwned", "<img src=x", "<svg onload", "<iframe", "<b onmouseover"):
            assert needle not in html, f"{page.name} contains raw {needle!r}"
        # the only script elements are ours: the vendored library, our script, and the JSON data block
        assert html.count("<script") <= 3, page.name


def test_hostile_pages_run_nothing(hostile_site):
    chromium = require_browser()
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        with browser_page(chromium) as (page, visit):
            page.goto(path.as_uri())
            if path.name not in ("index.html", "tenures.html"):
                wait_until_drawn(page, path.name)
                # open every node's details panel and hover every node: tooltips and panels are built as text
                for node in page.evaluate("kgView.data.nodes.map(n => n.id)"):
                    page.evaluate(f"kgView.showDetails({node!r})")
                page.mouse.move(300, 300)
            assert page.evaluate("window.__pwned === undefined"), f"script from the data ran in {path.name}"
            assert visit.dialogs == [], path.name
            assert visit.requests == [], path.name
            if path.name.startswith("hostile-person"):
                page.evaluate("kgView.showDetails('person/hostile-person')")
                assert "<script>window.__pwned = 1</script> Smith" in page.text_content("#details-name")
                assert '<img src=x onerror="window.__pwned = 3">' in page.text_content("#details-body")
