"""How the network pages scale: a synthetic overview graph of N nodes, laid out in Python, written as a page,
then opened in headless Chromium (network blocked) until vis-network has drawn it.

Run: .venv/bin/python bench/bench_views.py [--nodes 200 2000 5000]
     .venv/bin/python bench/bench_views.py --nodes --national output/store   (the national page and council pages
     from a national graph in Oxigraph: `kg build --store oxigraph:output/store`)
Needs Debian's chromium and playwright (bash .ci/run installs both).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.views.payload import network_payload
from kg.views.site import ASSETS, _env
from tests.browser import browser_page, chromium_path

KINDS = ["person", "organisation", "post", "inspection"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """People, posts, bodies and visits, about two edges a node, shaped like the overview graph."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        g.add_node(
            f"{'org' if kind == 'organisation' else kind}/n{i}",
            label=f"{kind} {i}",
            kind=kind,
            aliases=[],
            posts=[],
            quotes=[{"text": f"quote {i}", "source": "synthetic"}],
        )
    nodes = list(g.nodes)
    for i, node in enumerate(nodes):
        for _ in range(2):
            other = nodes[min(len(nodes) - 1, max(0, i + rng.randint(-40, 40)))]
            if other != node:
                g.add_edge(node, other, kind=rng.choice(["holds", "criticised", "praised", "post in"]), label="x")
    return g


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, nargs="*", default=[200, 2000, 5000])
    parser.add_argument("--national", type=Path, help="an Oxigraph store holding the national graph")
    args = parser.parse_args()
    if args.national:
        national(args.national)
    chromium = chromium_path()
    env = _env()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for rel, src in ASSETS.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        for n in args.nodes:
            graph = synthetic(n)
            t0 = time.perf_counter()
            payload = network_payload(graph, "overview", "")
            t1 = time.perf_counter()
            html = env.get_template("network.html").render(
                title="bench", page="overview", root="", payload=payload, source_count=0, subtitle=""
            )
            page_path = out / f"bench-{n}.html"
            page_path.write_text(html, encoding="utf-8")
            t2 = time.perf_counter()
            line = (
                f"{n:6d} nodes {graph.number_of_edges():6d} edges: layout+payload {t1 - t0:6.2f} s, "
                f"page {t2 - t1:5.2f} s ({len(html) / 1e6:.1f} MB)"
            )
            if chromium:
                with browser_page(chromium) as (page, visit):
                    t3 = time.perf_counter()
                    page.goto(page_path.as_uri())
                    page.wait_for_function("window.kgView && window.kgView.drawn === true", timeout=120000)
                    t4 = time.perf_counter()
                    page.evaluate("kgView.network.moveTo({scale: 1.5})")
                    t5 = time.perf_counter()
                    page.evaluate("kgView.showDetails(kgView.data.nodes[0].id)")
                    t6 = time.perf_counter()
                line += (
                    f", browser: first draw {t4 - t3:5.2f} s, zoom {1000 * (t5 - t4):5.0f} ms,"
                    f" details {1000 * (t6 - t5):4.0f} ms, errors {len(visit.errors)}, requests {len(visit.requests)}"
                )
            print(line, flush=True)


def national(store: Path) -> None:
    """The national page and three council pages: written from the store, then drawn in Chromium."""
    from kg.questions.scope import scoped
    from kg.store.backend import open_oxigraph, oxigraph_dataset
    from kg.views.national import national_pages

    ds = oxigraph_dataset(open_oxigraph(store))
    t0 = time.perf_counter()
    _, events = scoped(ds, None)
    t1 = time.perf_counter()
    pages = national_pages(ds, _env(), {"source_count": 0, "subtitle": ""}, events, set())
    t2 = time.perf_counter()
    print(f"national: events {t1 - t0:.2f} s, {len(pages)} pages written in {t2 - t1:.2f} s", flush=True)
    chromium = chromium_path()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for rel, text in {**pages, **{k: v.read_text(encoding="utf-8") for k, v in ASSETS.items()}}.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text, encoding="utf-8")
        for rel in [
            "national.html",
            "council/bradford-council.html",
            "council/leeds-council.html",
            "council/kent-council.html",
        ]:
            if not chromium or not (out / rel).exists():
                continue
            with browser_page(chromium) as (page, visit):
                t3 = time.perf_counter()
                page.goto((out / rel).as_uri())  # returns once the page has loaded: its SVG is static
                page.evaluate("document.body.getBoundingClientRect().height")  # layout done
                t4 = time.perf_counter()
                if rel == "national.html":
                    page.select_option("#region", "London")
                    page.select_option("#grade", "good")
                t5 = time.perf_counter()
            print(
                f"  {rel}: {len(pages[rel]) / 1e6:.2f} MB, drawn in Chromium in {t4 - t3:.2f} s,"
                f" filters {1000 * (t5 - t4):.0f} ms, errors {len(visit.errors)}, requests {len(visit.requests)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
