"""`push` to a real Graph Store Protocol server (Oxigraph on loopback): every named graph arrives whole, graphs the
build no longer has are removed, an interrupted push is refused by readers and repaired by the next; and readers
refuse a result `kg serve --max-rows` cut."""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest

from kg.errors import InputError, KgError, QueryError
from kg.serve.server import Server
from kg.store import remote
from kg.store.endpoint import MANIFEST_GRAPH, push_state
from kg.store.remote import graph_url, push, query_address

if TYPE_CHECKING:  # imported at run time by pytest, as a plugin (so its asserts are rewritten)
    from tests.oxigraph_server import OxigraphServer

pytest_plugins = ["tests.oxigraph_server"]

KGR = "https://w3id.org/accountability-kg/id/"
PENDING = KGR + "graph/pending"
WITHDRAWN = KGR + "source/2024-news-ofsted-monitoring-visit-trust"
FOREIGN = "http://example.org/someone-elses-graph"


def counts_in(trig: Path) -> dict[str, int]:
    """Distinct triples per graph as pyoxigraph reads the TriG, and "" for the default graph as pushed: the union
    of every graph's triples as a set."""
    quads = set(ox.parse(path=trig, format=ox.RdfFormat.TRIG))
    counts = dict(Counter(q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)))
    return {**counts, "": len({q.triple for q in quads})}


def remote_counts(server: OxigraphServer) -> dict[str, int]:
    """What the server holds, less the push manifest (checked on its own)."""
    counts = server.graph_counts()
    assert counts.pop(MANIFEST_GRAPH, 0) > 0, "the push left no manifest"
    return counts


def variant(seed: Path, target: Path, *, drop: str | None = None, pending: bool = False) -> Path:
    """The seed dataset less one graph, or with a `pending` graph of unreviewed claims, as TriG."""
    quads = [q for q in ox.parse(path=seed / "graph.trig", format=ox.RdfFormat.TRIG) if q.graph_name.value != drop]
    if pending:
        claim = ox.NamedNode(KGR + "claim/unreviewed")
        label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        quads.append(ox.Quad(claim, label, ox.Literal("not yet reviewed"), ox.NamedNode(PENDING)))
    ox.serialize(quads, target, format=ox.RdfFormat.TRIG)
    return target


def test_push_sends_every_named_graph(seed_site: Path, oxigraph_server: OxigraphServer) -> None:
    trig = seed_site / "graph.trig"
    expected = counts_in(trig)
    assert len(expected) >= 9  # one graph per source, plus entities, ontology, derived, and the union

    report = push(trig, oxigraph_server.store)

    assert remote_counts(oxigraph_server) == expected
    assert report.per_graph == expected
    assert (report.graphs, report.triples) == (len(expected), sum(expected.values()))
    assert report.requests == len(expected) + 2  # the manifest before ("in progress") and after ("complete")
    state = push_state(oxigraph_server.base + "/query")
    assert state is not None and state.complete and state.union_graph is None
    assert report.dataset == state.dataset and state.dataset.startswith("sha256:")


def test_pushing_twice_replaces_rather_than_adds(seed_site: Path, oxigraph_server: OxigraphServer) -> None:
    trig = seed_site / "graph.trig"
    push(trig, oxigraph_server.store)
    assert push(trig, oxigraph_server.store).removed == []
    assert remote_counts(oxigraph_server) == counts_in(trig)


def test_default_graph_and_a_graph_split_in_two_blocks(tmp_path: Path, oxigraph_server: OxigraphServer) -> None:
    trig = tmp_path / "small.trig"
    trig.write_text(
        """@prefix ex: <http://example.org/> .
        ex:a ex:p "default one" . ex:b ex:p "default two" .
        ex:g1 { ex:a ex:p 1 . ex:a ex:q "é \\"quoted\\"\\nnewline" . }
        <http://example.org/g?x=1#frag> { ex:b ex:p 2 . }
        ex:g1 { ex:c ex:p 3 . }
        """,
        encoding="utf-8",
    )
    report = push(trig, oxigraph_server.store)
    expected = {"": 6, "http://example.org/g1": 3, "http://example.org/g?x=1#frag": 1}  # "": 2 stated + 4 union
    assert remote_counts(oxigraph_server) == expected
    assert report.per_graph == expected
    assert report.requests == 5  # manifest, g1 (both blocks), g?x=1#frag, the union, manifest
    plain = push(trig, oxigraph_server.store, union=False)
    assert plain.per_graph[""] == 2
    assert remote_counts(oxigraph_server)[""] == 2
    text = oxigraph_server.select("SELECT ?o WHERE { GRAPH <http://example.org/g1> { ?s <http://example.org/q> ?o } }")
    assert text == [{"o": 'é "quoted"\nnewline'}]


def test_graph_url_percent_encodes_the_iri() -> None:
    iri = "https://w3id.org/x?y=1#z"
    assert graph_url("http://h/store", iri) == "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fx%3Fy%3D1%23z"
    assert graph_url("http://h/ds/data?key=k", iri).startswith("http://h/ds/data?key=k&graph=https%3A")
    assert graph_url("http://h/store", "") == "http://h/store?default"


def test_query_address_beside_the_graph_store() -> None:
    assert query_address("http://h:7878/store") == "http://h:7878/query"  # Oxigraph
    assert query_address("http://h:8890/sparql-graph-crud") == "http://h:8890/sparql"  # Virtuoso
    assert query_address("http://h:8890/sparql-graph-crud-auth") == "http://h:8890/sparql"
    assert query_address("http://h/ds/data?key=k") == "http://h/ds/sparql?key=k"  # Fuseki
    with pytest.raises(InputError, match="give it with --query-endpoint"):
        query_address("http://h/graphs")


def test_connection_refused(seed_site: Path) -> None:
    from tests.oxigraph_server import free_port

    endpoint = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(QueryError, match=r"the SPARQL endpoint http://127\.0\.0\.1:\d+/query failed: .*refused"):
        push(seed_site / "graph.trig", endpoint)


def test_wrong_path_names_endpoint_graph_and_the_servers_message(
    seed_site: Path, oxigraph_server: OxigraphServer
) -> None:
    endpoint = oxigraph_server.base + "/no-such-path"
    with pytest.raises(InputError) as caught:
        push(seed_site / "graph.trig", endpoint, query_endpoint=oxigraph_server.base + "/query")
    message = str(caught.value)
    assert endpoint in message and f"graph <{MANIFEST_GRAPH}>" in message
    assert "404" in message and "not supported by this server" in message  # Oxigraph's own words


@pytest.mark.parametrize("endpoint", ["ftp://example.org/store", "file:///tmp/store", "localhost:7878/store", ""])
def test_only_http_and_https(seed_site: Path, endpoint: str) -> None:
    with pytest.raises(InputError, match="not an http:// or https:// URL"):
        push(seed_site / "graph.trig", endpoint)


def test_missing_dataset(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run `kg build` first"):
        push(tmp_path / "graph.trig", "http://127.0.0.1:1/store")


def test_invalid_trig(tmp_path: Path, oxigraph_server: OxigraphServer) -> None:
    trig = tmp_path / "bad.trig"
    trig.write_text("<http://example.org/g> { <http://example.org/a> <http://example.org/p> . }", encoding="utf-8")
    with pytest.raises(InputError, match="is not valid TriG"):
        push(trig, oxigraph_server.store)


def test_withdrawn_graphs_are_removed_and_no_others(
    seed_site: Path, tmp_path: Path, oxigraph_server: OxigraphServer
) -> None:
    """A source taken out of data/ and the pending graph after `--include-pending` leave the remote on the next
    push, its default graph too; a graph outside the project's namespace stays."""
    before = variant(seed_site, tmp_path / "before.trig", pending=True)
    after = variant(seed_site, tmp_path / "after.trig", drop=WITHDRAWN)
    push(before, oxigraph_server.store)
    oxigraph_server.update(f"INSERT DATA {{ GRAPH <{FOREIGN}> {{ <{FOREIGN}> a <{FOREIGN}> }} }}")  # someone else's
    assert {PENDING, WITHDRAWN} <= set(remote_counts(oxigraph_server))

    report = push(after, oxigraph_server.store)

    assert report.removed == [PENDING, WITHDRAWN]
    assert remote_counts(oxigraph_server) == {**counts_in(after), FOREIGN: 1}
    pending_label = 'ASK { ?s ?p "not yet reviewed" }'
    assert oxigraph_server.ask(pending_label) is False  # not in the default graph (the union) either


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[Callable[[], OxigraphServer]]:
    """Start (and restart after a kill) an Oxigraph server on one database folder; stopped at the end."""
    from contextlib import ExitStack

    from tests.oxigraph_server import running_oxigraph

    with ExitStack() as stack:
        yield lambda: stack.enter_context(running_oxigraph(tmp_path / "db"))


# Requests of the second push: 1 the manifest ("in progress"), 2-9 the eight graphs, 10 DELETE pending, 11 the union,
# 12 the manifest ("complete").
@pytest.mark.parametrize("k", [1, 2, 6, 10, 11, 12])
def test_a_push_killed_midway_is_refused_by_readers_then_repaired(
    kg, seed_site: Path, tmp_path: Path, restartable: Callable[[], OxigraphServer], monkeypatch, k: int
) -> None:
    """The server is killed (SIGKILL) as the k-th request of a push starts: readers refuse the half-pushed remote
    with a clear message, and the next push leaves it equal to the build."""
    old = variant(seed_site, tmp_path / "old.trig", pending=True)
    new = seed_site / "graph.trig"
    server = restartable()
    push(old, server.store)
    sent = [0]
    real_send = remote._send

    def killing_send(*args: object) -> None:
        sent[0] += 1
        if sent[0] == k:
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait()
        real_send(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(remote, "_send", killing_send)
    with pytest.raises(KgError, match=r"cannot reach|connection .* failed"):
        push(new, server.store)
    monkeypatch.undo()
    assert sent[0] == k

    server = restartable()
    reading = ["who-held", "director of children's services", "--on", "2020"]
    got = kg(*reading, "--endpoint", server.base + "/query")
    if k == 1:  # killed before the manifest changed: the old push, whole
        assert got.exit_code == 0, got.stderr
        assert remote_counts(server) == counts_in(old)
    else:
        assert got.exit_code == 4
        assert "did not finish" in got.stderr and "run `kg push` again" in got.stderr
        assert len(got.stderr.strip().splitlines()) <= 2 and "Traceback" not in got.stderr

    report = push(new, server.store)

    assert remote_counts(server) == counts_in(new)
    assert report.removed == ([PENDING] if k <= 10 else [])  # from 11 on, pending was deleted before the kill
    got = kg(*reading, "--endpoint", server.base + "/query")
    assert got.exit_code == 0 and got.stdout == kg(*reading, "--out", seed_site).stdout


TRUNCATED = ["in-post", "--on", "2021"], ["timeline"], ["export", "-f", "csv"], ["query", "holders-when-criticised"]


@pytest.fixture(scope="module")
def capped_at_20(seed_site: Path) -> Iterator[Server]:
    server = Server(seed_site / "graph.trig", seed_site, port=0, max_rows=20).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def uncapped(seed_site: Path) -> Iterator[Server]:
    server = Server(seed_site / "graph.trig", seed_site, port=0, max_rows=100_000).start()
    yield server
    server.stop()


@pytest.mark.parametrize("args", TRUNCATED, ids=lambda a: a[-1])
def test_a_result_the_server_cut_is_refused(kg, capped_at_20: Server, args: list[str]) -> None:
    got = kg(*args, "--endpoint", capped_at_20.sparql_url)
    assert got.exit_code == 4
    assert f"the endpoint {capped_at_20.sparql_url} cut the result at 20 rows (X-Results-Truncated)" in got.stderr
    assert "raise --max-rows" in got.stderr and got.stdout == ""


@pytest.mark.parametrize("args", TRUNCATED, ids=lambda a: a[-1])
def test_with_room_the_rows_are_those_in_memory(kg, seed_site: Path, uncapped: Server, args: list[str]) -> None:
    got = kg(*args, "--endpoint", uncapped.sparql_url)
    expected = kg(*args, "--out", seed_site)
    assert got.exit_code == 0, got.stderr
    # holders-when-criticised orders by date and criticism only: rows tied on both may come in either order
    assert sorted(got.stdout.splitlines()) == sorted(expected.stdout.splitlines())
    assert expected.exit_code == 0 and got.stdout.strip()
