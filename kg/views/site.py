"""`kg view`: the landing page and every view, written to output/ as static files that work offline from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from rdflib import Dataset, Graph

from ..data.paths import ONTOLOGY_DIR
from ..data.transaction import write_atomically
from ..errors import KgError
from ..questions.who_held import Graphs
from ..store.sparql import read_query, rows_of
from .national import national_pages
from .payload import network_payload, page_link
from .projections import KGR_PREFIX, key, leadership_steps, neighbourhood, overview_graph, speech_acts

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"
COUNTS_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "counts.rq"
ASSETS = {
    "assets/views.js": STATIC / "views.js",
    "assets/views.css": STATIC / "views.css",
    "assets/national.js": STATIC / "national.js",
    "assets/national.css": STATIC / "national.css",
    "assets/vis-network/vis-network.min.js": STATIC / "vendor" / "vis-network" / "vis-network.min.js",
    "assets/vis-network/vis-network.min.css": STATIC / "vendor" / "vis-network" / "vis-network.min.css",
    "assets/vis-network/LICENSE-MIT": STATIC / "vendor" / "vis-network" / "LICENSE-MIT",
    "assets/vis-network/LICENSE-APACHE-2.0": STATIC / "vendor" / "vis-network" / "LICENSE-APACHE-2.0",
}
QUESTIONS = [
    ("Who has led children's services, and for how long?", 'kg who-held "director of children\'s services"'),
    ("Who was in post, and so accountable, on a date?", "kg in-post --on 2021-08 --org ORG"),
    ("What posts has someone held?", 'kg roles "NAME"'),
    ("What happened, in order, and who was in post each time?", "kg timeline --org ORG"),
    ("Which criticisms keep coming back?", "kg query criticism-themes"),
    ("Who answered which report?", "kg query responses"),
]


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def counts(ds: Dataset | Graph) -> list[tuple[str, int]]:
    found = {str(r.what): int(r.n) for r in rows_of(ds.query(read_query(COUNTS_QUERY)))}
    order = [
        "sources",
        "people",
        "bodies",
        "units and teams",
        "posts",
        "tenures",
        "inspections and visits",
        "judgements",
        "criticisms",
        "praise",
        "responses",
        "organisational changes",
    ]
    return [(label, found.get(label, 0)) for label in order]


def leadership_graph(g: Graphs, overview: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Single-holder lead posts, the bodies they belong to, and everyone who ever held them (details as in the
    overview). The `holds` edges place people beside their posts; the page draws holders per period instead."""
    cat = g.catalogue
    graph = nx.MultiDiGraph()

    def add(node: str) -> None:
        graph.add_node(node, **overview.nodes[node]) if node in overview else graph.add_node(node, label=node)

    for iri, post in sorted(cat.of_kind("post").items()):
        if not (post.lead and post.single_holder and post.organisation):
            continue
        add(key(iri))
        for body in cat.ancestors(post.organisation):
            add(key(body))
        graph.add_edge(key(iri), key(post.organisation), kind="post in", label="post in")
        for span in g.timeline.of_post(iri):
            add(key(span.tenure.person))
            graph.add_edge(key(span.tenure.person), key(iri), kind="holds", label="layout only")
    for iri, item in cat.of_kind("organisation").items():
        if item.parent and key(iri) in graph and key(item.parent) in graph:
            graph.add_edge(key(iri), key(item.parent), kind="unit of", label="unit of")
    return graph


def _steps_json(g: Graphs) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    previous: dict[str, set[str]] = {}
    for step in leadership_steps(g):
        now = {post: {h for h, _ in holders if h} for post, holders in step.holders.items()}
        fresh = sorted(p for p, people in now.items() if people - previous.get(p, set())) if out else []
        out.append(
            {
                "label": step.label,
                "earliest": step.earliest,
                "latest": step.latest,
                "holders": {p: [list(h) for h in hs] for p, hs in sorted(step.holders.items())},
                "bodies": step.bodies,
                "changes": step.changes,
                "new_holders": fresh,
            }
        )
        previous = now
    return out


def _accountability(g: Graphs, events: list[Any]) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    acts = speech_acts(g, events)
    graph = nx.MultiDiGraph()
    for act in acts:
        for node in (act.speaker, act.target):
            item = g.catalogue.items.get(KGR_PREFIX + node)
            graph.add_node(
                node,
                label=item.label if item else node,
                kind=item.kind if item else "organisation",
                aliases=sorted(item.aliases) if item else [],
                posts=[],
                quotes=[],
            )
        graph.add_edge(act.speaker, act.target, kind=act.kind)  # for the layout only
    years = sorted({y for a in acts for y in range(int(a.earliest[:4]), int(a.latest[:4]) + 1)})
    extra = {
        "acts": [vars(a) for a in acts],
        "years": [str(y) for y in years],
        "themes": sorted({t for a in acts for t in a.themes}),
    }
    return graph, extra


def render_site(ds: Dataset | Graph, org: str | None = None) -> dict[str, str]:
    """Every page and asset, as relative path -> text (nothing written); with `org`, only that body's part."""
    from ..questions.scope import scoped
    from .tenure_chart import chart_sources, tenure_chart

    env = _env()
    g, events = scoped(ds, org)
    overview = overview_graph(g, events)
    cited = g.citations  # read once: every page's details panel cites from it
    n_sources = dict(counts(ds))["sources"]
    base = {"source_count": n_sources, "subtitle": ""}
    pages: dict[str, str] = {}

    def network_page(path: str, title: str, payload: dict[str, Any], **more: Any) -> None:
        root = payload["root"]
        pages[path] = env.get_template("network.html").render(
            title=title, page=payload["page"], root=root, payload=payload, **{**base, **more}
        )

    network_page(
        "overview.html",
        "Overview",
        network_payload(overview, "overview", "", cited),
        subtitle="Every person, body, post, inspection, judgement and change, and how they relate.",
    )
    steps = _steps_json(g)
    network_page(
        "leadership.html",
        "Leadership over time",
        network_payload(leadership_graph(g, overview), "leadership", "", cited, steps=steps),
        step_count=max(1, len(steps)),
        subtitle="Who held the lead posts in each period: solid when certain, dashed when possible; "
        "a red dashed border is a post with no recorded holder; green marks a new holder.",
    )
    acc_graph, acc_extra = _accountability(g, events)
    network_page(
        "accountability.html",
        "Accountability",
        network_payload(acc_graph, "accountability", "", cited, **acc_extra),
        subtitle="Who criticised, praised and answered whom; edge width counts the statements.",
    )
    entities = []
    for node, attrs in sorted(overview.nodes(data=True)):
        kind = node.split("/", 1)[0]
        if kind not in ("person", "org"):
            continue
        path = page_link(node, "")
        if path is None:
            continue  # "person/" with nothing after it: no id to name a page by
        if path in pages:
            raise KgError(f"{node!r} and another entity would share the page {path}")
        local = neighbourhood(overview, node, radius=1)
        entities.append((kind, str(attrs.get("label", node)), path))
        network_page(
            path,
            str(attrs.get("label", node)),
            network_payload(local, "entity", "../", cited, focus=node),
            subtitle="Everything directly connected; click a neighbour for its details, double-click to go to its page.",
        )
    pages["tenures.html"] = env.get_template("tenures.html").render(
        title="Tenure timeline",
        page="tenures",
        root="",
        svg=tenure_chart(g, events),
        chart_sources=chart_sources(g, events),
        cited=cited,
        **{
            **base,
            "subtitle": "A bar per tenure: solid where certain, light where possible, open where nothing bounds it.",
        },
    )
    national = national_pages(ds, env, base, events, set(pages))
    pages.update(national)
    pages["index.html"] = env.get_template("index.html").render(
        title="Who ran the services, who inspected them, who answered",
        page="index",
        root="",
        counts=counts(ds),
        questions=QUESTIONS,
        people=[(label, path) for kind, label, path in entities if kind == "person"],
        bodies=[(label, path) for kind, label, path in entities if kind == "org"],
        council_count=len(national) - 1,
        **base,
    )
    for target, source in ASSETS.items():
        pages[target] = source.read_text(encoding="utf-8")
    return pages


def inside(out_dir: Path, pages: dict[str, str]) -> dict[Path, str]:
    """Each page's file, refused (KgError, nothing written) unless it resolves inside out_dir: page names come
    from the graph, and a graph from an untrusted file or endpoint must not choose where files go."""
    root = out_dir.resolve()
    files: dict[Path, str] = {}
    for rel, text in pages.items():
        target = out_dir / rel
        if Path(rel).is_absolute() or not target.resolve().is_relative_to(root) or target.resolve() == root:
            raise KgError(f"refusing to write {rel!r}: it is not inside {out_dir}")
        files[target] = text
    return files


def write_site(ds: Dataset | Graph, out_dir: Path, org: str | None = None) -> list[Path]:
    """Write the site under out_dir, all files or none."""
    files = inside(out_dir, render_site(ds, org))
    write_atomically(files, root=out_dir)
    return sorted(files)
