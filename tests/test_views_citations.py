"""Wherever the views and exports cite a source they cite it as the answers do: title, publisher, dates and the
address, linked only when it is http(s), and source text always escaped (or set as text by the page's script)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kg.data.paths import Paths
from kg.store.backend import load_built
from kg.views.export import export_text
from tests.browser import browser_page, build_site, require_browser, wait_until_drawn
from tests.conftest import DATA

GOOD = "2024-news-ofsted-monitoring-visit-trust"
URL = "https://news.example.org/bradford/2024/visit?id=1&page=2"
BAD = "2019-12-council-statement-third-monitoring-visit"  # Mark Douglas's quotes come from it
HOSTILE = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>'


def _add(meta: Path, title: str | None, extra: str) -> None:
    text = meta.read_text(encoding="utf-8")
    if title is not None:
        text = re.sub(r"(?m)^title: .*$", "title: " + json.dumps(title), text)
    meta.write_text(text + extra, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed data with one source given an address and a retrieval day, another a hostile title and a
    javascript: address; built, with every view written."""
    root = tmp_path_factory.mktemp("cited-views")
    data = root / "data"
    shutil.copytree(DATA, data)
    _add(data / "sources" / f"{GOOD}.yaml", None, f"url: {URL}\nretrieved: 2024-03-01\n")
    _add(data / "sources" / f"{BAD}.yaml", HOSTILE, "url: javascript:alert(1)\n")
    return build_site(data, root / "out")


def _export(site: Path, fmt: str) -> str:
    return export_text(load_built(Paths(output=site)), fmt)


def test_popolo_sources_carry_the_address_title_and_retrieval_day(site):
    memberships = json.loads(_export(site, "popolo"))["memberships"]
    cited = [s for m in memberships for s in m.get("sources", [])]
    good = [s for s in cited if s["id"] == GOOD]
    assert good and all(s["url"] == URL and s["retrieved"] == "2024-03-01" and s["title"] for s in good)
    assert all(s["note"] for s in good)
    bad = [s for s in cited if s["id"] == BAD]
    assert bad and all(s["title"] == HOSTILE and s["publisher"] == "Bradford Council" for s in bad)
    assert all(s["url"] == f"https://w3id.org/accountability-kg/id/source/{BAD}" for s in bad), "javascript: kept out"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_cite_sources_by_title_and_address(site, fmt):
    import io

    import networkx as nx

    text = _export(site, fmt)
    assert "<script" not in text and "&lt;script&gt;" in text, "the hostile title is XML-escaped"
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(text.encode("utf-8")))
    nodes = [str(a.get("sources", "")) for _, a in graph.nodes(data=True)]
    edges = [str(a.get("sources", "")) for _, _, a in graph.edges(data=True)]
    assert any(f"<{URL}>" in s and "retrieved 2024-03-01" in s for s in nodes)
    assert any(f"<{URL}>" in s for s in edges), "a tenure edge cites the sources of its evidence"
    assert any(HOSTILE in s and "Bradford Council" in s for s in nodes + edges)


def test_the_tenure_chart_cites_and_links_its_sources(site):
    html = (site / "tenures.html").read_text(encoding="utf-8")
    assert 'href="https://news.example.org/bradford/2024/visit?id=1&amp;page=2"' in html
    assert "Bradford Council" in html and "retrieved 2024-03-01" in html
    assert "<script>window" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', html))
    tip = re.search(r"<title>([^<]*)</title>", html[html.index('data-person="mark-douglas"') :])
    assert tip and "Bradford Council" in tip.group(1) and "&lt;script&gt;" in tip.group(1)


def _payload(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    start = html.index('id="kg-data">') + len('id="kg-data">')
    return json.loads(html[start : html.index("</script>", start)])


def test_network_pages_carry_each_quoted_sources_citation(site):
    sources = _payload(site / "overview.html")["sources"]
    assert sources[GOOD]["link"] == URL and sources[GOOD]["retrieved"] == "2024-03-01"
    assert sources[BAD]["title"] == HOSTILE and "link" not in sources[BAD]
    assert "<script>window" not in (site / "overview.html").read_text(encoding="utf-8")
    assert BAD in _payload(site / "person" / "mark-douglas.html")["sources"]


def _details(page, path: Path, node: str) -> tuple[list[str], list[str]]:
    page.goto(path.as_uri())
    wait_until_drawn(page, path.name)
    page.evaluate(f"kgView.showDetails({json.dumps(node)})")
    page.wait_for_selector("#details:not([hidden])")
    cites = page.eval_on_selector_all("#details-body cite", "cs => cs.map(c => c.textContent)")
    hrefs = page.eval_on_selector_all("#details-body cite a", "as => as.map(a => a.getAttribute('href'))")
    return cites, hrefs


def test_the_details_panel_cites_as_text_and_links_only_http(site):
    chromium = require_browser()
    nodes = _payload(site / "overview.html")["nodes"]
    quoting = next(n["id"] for n in nodes if any(q["source"] == GOOD for q in n["info"]["quotes"]))
    with browser_page(chromium) as (page, visit):
        cites, hrefs = _details(page, site / "overview.html", quoting)
        assert any("retrieved 2024-03-01" in c for c in cites) and URL in hrefs
        cites, hrefs = _details(page, site / "person" / "mark-douglas.html", "person/mark-douglas")
        assert any(HOSTILE in c and "Bradford Council" in c for c in cites), cites
        assert hrefs == [] or all(h.startswith("http") for h in hrefs)
        page.goto((site / "overview.html").as_uri())
        wait_until_drawn(page, "overview.html")
        tips = page.evaluate("kgView.edges.get().map(e => e.title ? e.title.textContent : '')")
        assert any(f"<{URL}>" in t and "retrieved 2024-03-01" in t for t in tips), "a tenure edge's tooltip cites"
        assert any(HOSTILE in t for t in tips)
        clean = page.evaluate("window.__pwned === undefined && !document.querySelector('#details-body img')")
    assert clean and visit.errors == [] and visit.dialogs == []
