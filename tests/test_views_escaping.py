"""Text from sources cannot run script in any page: names, aliases, labels, titles and quotes full of markup
(tests/fixtures/hostile-data) are shown as text."""

from __future__ import annotations

import re
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


def test_an_iri_with_dot_dot_writes_nothing_outside_out(tmp_path, kg):
    """A graph from an untrusted file or endpoint names a person `person/../../../escaped`: its page is still
    written under --out, with a name made of safe characters."""
    from kg.data.paths import Paths
    from kg.graph.build import build

    out = tmp_path / "a" / "b" / "out"
    build(Paths(data=HOSTILE, output=out))
    trig = out / "graph.trig"
    trig.write_text(trig.read_text(encoding="utf-8").replace("person/hostile-person>", "person/../../../escaped>"))
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)}
    result = kg("view", "--out", out)
    assert result.exit_code == 0, result.output
    assert {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)} == before
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "person").glob("*.html"))
    assert [p for p in pages if p.startswith("person/escaped_")], pages
    assert "person/formula-person.html" in pages  # an id from data/ keeps its page name


def test_every_page_is_checked_to_be_inside_out(tmp_path):
    from kg.errors import KgError
    from kg.views.site import inside

    out = tmp_path / "out"
    (out / "person").mkdir(parents=True)
    assert inside(out, {"person/jo.html": "x"}) == {out / "person" / "jo.html": "x"}
    for rel in ("../x.html", "person/../../x.html", str(tmp_path / "abs.html"), "."):
        with pytest.raises(KgError, match="not inside"):
            inside(out, {rel: "x"})
    (out / "org").symlink_to(tmp_path)  # a link left in --out does not lead the writer out of it
    with pytest.raises(KgError, match="not inside"):
        inside(out, {"org/x.html": "x"})


def test_page_names_are_safe_and_distinct():
    from kg.views.payload import page_link, page_slug

    assert page_link("person/jo-bloggs", "../") == "../person/jo-bloggs.html"
    ids = ["../../etc/passwd", "..", "Jo Bloggs", "jo bloggs", "jo-bloggs_x", "%2e%2e", "a" * 500]
    slugs = [page_slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9-]*_[0-9a-f]{16}", s) and len(s) <= 80 for s in slugs), slugs
