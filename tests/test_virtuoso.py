"""`kg push` and `--endpoint` against Virtuoso Open Source (the engine behind DBpedia), started on loopback for
this module: every reading command answers through it as in memory. Skipped where `virtuoso-t` is not installed
(.ci/run installs Debian's virtuoso-opensource, so CI runs it)."""

from __future__ import annotations

import filecmp
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store.endpoint import MANIFEST_GRAPH, UNION_GRAPH, push_state
from kg.store.remote import push
from tests.test_remote import FOREIGN, PENDING, WITHDRAWN, counts_in, variant
from tests.virtuoso_server import VIRTUOSO, VirtuosoServer, running_virtuoso

pytest_plugins = ["tests.oxigraph_server"]  # seed_site
pytestmark = pytest.mark.skipif(
    VIRTUOSO is None, reason="virtuoso-t not installed (apt-get install virtuoso-opensource)"
)

POST = "https://w3id.org/accountability-kg/id/post/bradford-director-childrens-services"
COMMANDS = [
    ["who-held", "director of children's services"],
    ["who-held", "director of children's services", "--on", "2020"],
    ["roles", "Mark Douglas", "--format", "json"],
    ["in-post", "--on", "2021"],
    ["in-post", "--on", "2023-06", "--org", "Bradford Council"],
    ["timeline"],
    ["export", "-f", "csv"],
    ["export", "-f", "popolo"],
    ["export", "-f", "graphml"],
    ["export", "-f", "gexf"],
    ["query", "criticism-themes"],
    ["query", "holders-when-criticised"],
    ["query", "judgements"],
    ["query", "leadership-and-judgements"],
    ["query", "leadership-changes"],
    ["query", "person-posts", "--param", "person=https://w3id.org/accountability-kg/id/person/mark-douglas"],
    ["query", "responses"],
    ["query", "visits"],
    ["query", "who-held-on", "--param", f"post={POST}", "--param", "date=2020-01-01"],
    ["query", "who-held-on", "--param", f"post={POST}", "--param", "date=2020-01-01", "-f", "json"],
]
PARTLY_ORDERED = {"holders-when-criticised"}  # ORDER BY date and criticism only: tied rows come in any order


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
    assert server.process.poll() is not None


@pytest.fixture(scope="module")
def pushed(virtuoso: VirtuosoServer, seed_site: Path) -> VirtuosoServer:
    push(seed_site / "graph.trig", virtuoso.store)
    return virtuoso


def test_push_puts_the_union_in_a_named_graph(pushed: VirtuosoServer, seed_site: Path) -> None:
    """Virtuoso's Graph Store has no default graph, so the union of the named graphs goes to kgr:graph/union."""
    expected = counts_in(seed_site / "graph.trig")
    union = expected.pop("")
    counts = pushed.project_graph_counts()
    assert counts.pop(MANIFEST_GRAPH) > 0
    assert counts == {**expected, UNION_GRAPH: union}
    state = push_state(pushed.sparql)
    assert state is not None and state.complete and state.union_graph == UNION_GRAPH
    assert set(state.graphs) == set(expected)
    # Virtuoso's own default graph is every graph as a bag: the reason readers name the union graph instead
    bag = int(pushed.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    assert bag > 2 * union


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) + f" {i}" for i, c in enumerate(COMMANDS)])
def test_every_command_answers_as_in_memory(kg, seed_site: Path, pushed: VirtuosoServer, args: list[str]) -> None:
    expected = kg(*args, "--out", seed_site)
    got = kg(*args, "--endpoint", pushed.sparql)
    assert expected.exit_code == 0, expected.stderr
    assert got.exit_code == 0, got.stderr
    if PARTLY_ORDERED & set(args):
        assert sorted(got.stdout.splitlines()) == sorted(expected.stdout.splitlines())
    elif args[-1] == "json":  # SPARQL JSON results: a binding's keys come in the engine's order
        assert json.loads(got.stdout) == json.loads(expected.stdout)
    else:
        assert got.stdout == expected.stdout


def test_views_are_the_same_page_for_page(kg, seed_site: Path, pushed: VirtuosoServer, tmp_path: Path) -> None:
    assert kg("view", "--out", tmp_path, "--endpoint", pushed.sparql).exit_code == 0
    pages = [p.relative_to(tmp_path) for p in tmp_path.rglob("*.html")]
    assert len(pages) > 10
    _, mismatch, errors = filecmp.cmpfiles(seed_site, tmp_path, [str(p) for p in pages], shallow=False)
    assert (mismatch, errors) == ([], [])


def test_withdrawn_graphs_are_removed_and_no_others(
    virtuoso: VirtuosoServer, seed_site: Path, tmp_path: Path, kg
) -> None:
    before = variant(seed_site, tmp_path / "before.trig", pending=True)
    after = variant(seed_site, tmp_path / "after.trig", drop=WITHDRAWN)
    push(before, virtuoso.store)
    virtuoso.select(f"INSERT DATA {{ GRAPH <{FOREIGN}> {{ <{FOREIGN}> a <{FOREIGN}> }} }}")
    system = {g: n for g, n in virtuoso.graph_counts().items() if not g.startswith("https://w3id.org/")}

    report = push(after, virtuoso.store)

    assert report.removed == [PENDING, WITHDRAWN]
    expected = counts_in(after)
    union = expected.pop("")
    counts = virtuoso.project_graph_counts()
    counts.pop(MANIFEST_GRAPH)
    assert counts == {**expected, UNION_GRAPH: union}
    assert {g: n for g, n in virtuoso.graph_counts().items() if not g.startswith("https://w3id.org/")} == system
    assert FOREIGN in system
    push(seed_site / "graph.trig", virtuoso.store)  # as the other tests expect it


def test_a_result_virtuoso_cut_is_refused(kg, seed_site: Path, tmp_path: Path) -> None:
    """Virtuoso cuts a result at ResultSetMaxRows and says so only in `X-SPARQL-MaxRows`."""
    with running_virtuoso(tmp_path / "capped", max_rows=20) as capped:
        push(seed_site / "graph.trig", capped.store)
        got = kg("in-post", "--on", "2021", "--endpoint", capped.sparql)
    assert got.exit_code == 4
    assert "cut the result at 20 rows (X-SPARQL-MaxRows)" in got.stderr and "ResultSetMaxRows" in got.stderr
