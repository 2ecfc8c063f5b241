"""`push` to a real Graph Store Protocol server (Oxigraph on loopback): every named graph arrives whole."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.store.remote import graph_url, push

if TYPE_CHECKING:  # imported at run time by pytest, as a plugin (so its asserts are rewritten)
    from tests.oxigraph_server import OxigraphServer

pytest_plugins = ["tests.oxigraph_server"]


def counts_in(trig: Path) -> dict[str, int]:
    """Distinct triples per graph as pyoxigraph reads the TriG, and "" for the default graph as pushed: the union
    of every graph's triples as a set."""
    quads = set(ox.parse(path=trig, format=ox.RdfFormat.TRIG))
    counts = dict(Counter(q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)))
    return {**counts, "": len({q.triple for q in quads})}


def test_push_sends_every_named_graph(seed_site: Path, oxigraph_server: OxigraphServer) -> None:
    trig = seed_site / "graph.trig"
    expected = counts_in(trig)
    assert len(expected) >= 9  # one graph per source, plus entities, ontology, derived, and the union

    report = push(trig, oxigraph_server.store)

    assert oxigraph_server.graph_counts() == expected
    assert report.per_graph == expected
    assert (report.graphs, report.triples, report.requests) == (len(expected), sum(expected.values()), len(expected))


def test_pushing_twice_replaces_rather_than_adds(seed_site: Path, oxigraph_server: OxigraphServer) -> None:
    trig = seed_site / "graph.trig"
    push(trig, oxigraph_server.store)
    push(trig, oxigraph_server.store)
    assert oxigraph_server.graph_counts() == counts_in(trig)


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
    assert oxigraph_server.graph_counts() == expected
    assert report.per_graph == expected
    assert report.requests == 5  # default, g1 (PUT), g?x=1#frag, g1 again (POST: appended), the union (PUT)
    plain = push(trig, oxigraph_server.store, union=False)
    assert plain.per_graph[""] == 2
    assert oxigraph_server.graph_counts()[""] == 2
    text = oxigraph_server.select("SELECT ?o WHERE { GRAPH <http://example.org/g1> { ?s <http://example.org/q> ?o } }")
    assert text == [{"o": 'é "quoted"\nnewline'}]


def test_graph_url_percent_encodes_the_iri() -> None:
    iri = "https://w3id.org/x?y=1#z"
    assert graph_url("http://h/store", iri) == "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fx%3Fy%3D1%23z"
    assert graph_url("http://h/ds/data?key=k", iri).startswith("http://h/ds/data?key=k&graph=https%3A")
    assert graph_url("http://h/store", "") == "http://h/store?default"


def test_connection_refused(seed_site: Path) -> None:
    from tests.oxigraph_server import free_port

    endpoint = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(InputError, match=r"cannot reach http://127\.0\.0\.1:\d+/store .*graph <https://w3id\.org/"):
        push(seed_site / "graph.trig", endpoint)


def test_wrong_path_names_endpoint_graph_and_the_servers_message(
    seed_site: Path, oxigraph_server: OxigraphServer
) -> None:
    endpoint = oxigraph_server.base + "/no-such-path"
    with pytest.raises(InputError) as caught:
        push(seed_site / "graph.trig", endpoint)
    message = str(caught.value)
    assert endpoint in message and "graph <https://w3id.org/accountability-kg/" in message
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
