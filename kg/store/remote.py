"""Push the built dataset to any SPARQL 1.1 Graph Store Protocol server, one named graph per request.

Why the Graph Store Protocol rather than SPARQL Update: every triple store (Oxigraph, Fuseki, GraphDB, Virtuoso,
Stardog) implements it, a PUT replaces a graph whole (so pushing twice leaves the same data, not twice the data),
and the named graphs (one per source) arrive under their own names instead of merged.

The TriG is read as a stream with pyoxigraph, and each graph's triples are sent as N-Triples in a chunked request
body while the parser is still reading, so memory stays flat however big the dataset is. The first block of a graph
is sent with PUT (replace); should the same graph appear again later in the file, that block is sent with POST
(append), which is also why blank nodes are only kept together within one block: the protocol has no way to share a
blank node between requests (nor between graphs), and the built graph has none.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError

NTRIPLES = "application/n-triples"
BATCH = 20_000  # triples per chunk of the request body: big enough to be fast, small enough to stream
DEFAULT_GRAPH = ""  # PushReport.per_graph key of the default graph


@dataclass
class PushReport:
    """What a push sent: how many graphs and triples, per graph, to which endpoint."""

    endpoint: str
    per_graph: dict[str, int] = field(default_factory=dict)  # graph IRI ("" = default graph) -> triples sent
    requests: int = 0

    @property
    def graphs(self) -> int:
        return len(self.per_graph)

    @property
    def triples(self) -> int:
        return sum(self.per_graph.values())


def push(trig: Path, endpoint: str, *, timeout: float = 60, union: bool = True) -> PushReport:
    """PUT each graph of `trig` to `endpoint?graph=IRI` (the default graph, if any, to `endpoint?default`); with
    `union`, the default graph is then replaced by the union of the named graphs as a set, as in the store
    `kg build --store oxigraph:PATH` writes, so the project's queries answer the same there without any
    server option (a server's own union default graph, such as Oxigraph's, may count a triple once per graph)."""
    _check_endpoint(endpoint)
    if not trig.is_file():
        raise InputError(f"{trig} does not exist: run `kg build` first")
    report = PushReport(endpoint)
    try:
        quads = ox.parse(path=trig, format=ox.RdfFormat.TRIG)
        for graph, triples in _blocks(quads):
            key = DEFAULT_GRAPH if isinstance(graph, ox.DefaultGraph) else graph.value
            counter = [0]
            method = "POST" if key in report.per_graph else "PUT"
            _send(endpoint, key, method, _ntriples(triples, counter), timeout)
            report.per_graph[key] = report.per_graph.get(key, 0) + counter[0]
            report.requests += 1
        if union:
            from .backend import add_union

            whole = ox.Store()
            whole.bulk_load(path=trig, format=ox.RdfFormat.TRIG)
            add_union(whole)
            counter = [0]
            triples = (q.triple for q in whole.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            _send(endpoint, DEFAULT_GRAPH, "PUT", _ntriples(triples, counter), timeout)
            report.per_graph[DEFAULT_GRAPH] = counter[0]
            report.requests += 1
    except SyntaxError as e:
        raise InputError(f"{trig} is not valid TriG: {e}") from e
    return report


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol address of one graph: `?graph=<percent-encoded IRI>`, or `?default`."""
    query = "default" if graph == DEFAULT_GRAPH else "graph=" + urllib.parse.quote(graph, safe="")
    return endpoint + ("&" if urllib.parse.urlsplit(endpoint).query else "?") + query


def _check_endpoint(endpoint: str) -> None:
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(
            f"endpoint {endpoint!r} is not an http:// or https:// URL "
            "(give the server's Graph Store Protocol address, e.g. http://localhost:7878/store)"
        )


def _blocks(quads: Iterator[ox.Quad]) -> Iterator[tuple[ox.NamedNode | ox.DefaultGraph, Iterator[ox.Triple]]]:
    """Split the quad stream into runs of one graph each, without reading ahead more than one quad."""
    pending = next(quads, None)

    def run(graph: object) -> Iterator[ox.Triple]:
        nonlocal pending
        while pending is not None and pending.graph_name == graph:
            yield pending.triple
            pending = next(quads, None)

    while pending is not None:
        graph = pending.graph_name
        if isinstance(graph, ox.BlankNode):
            raise InputError("the dataset has a graph named by a blank node; the Graph Store Protocol needs an IRI")
        block = run(graph)
        yield graph, block
        for _ in block:  # whatever the request did not read (it failed): skip to the next graph
            pass


def _ntriples(triples: Iterator[ox.Triple], counter: list[int]) -> Iterator[bytes]:
    """N-Triples in chunks of BATCH triples, counting them as they go."""
    batch: list[ox.Triple] = []
    for triple in triples:
        batch.append(triple)
        if len(batch) == BATCH:
            counter[0] += len(batch)
            yield _serialized(batch)
            batch = []
    if batch:
        counter[0] += len(batch)
        yield _serialized(batch)


def _serialized(batch: list[ox.Triple]) -> bytes:
    data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # given no output, pyoxigraph returns the bytes
    return data


def _send(endpoint: str, graph: str, method: str, body: Iterator[bytes], timeout: float) -> None:
    url = graph_url(endpoint, graph)
    name = "the default graph" if graph == DEFAULT_GRAPH else f"graph <{graph}>"
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": NTRIPLES})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as e:
        message = e.read(2000).decode("utf-8", "replace").strip() or e.reason
        raise InputError(f"{endpoint} refused {name} ({method} {e.code} {e.reason}): {message}") from e
    except urllib.error.URLError as e:
        raise InputError(f"cannot reach {endpoint} to send {name}: {e.reason}") from e
    except TimeoutError as e:
        raise InputError(f"{endpoint} did not answer within {timeout:g} s while receiving {name}") from e
    except (ConnectionError, http.client.HTTPException) as e:
        raise InputError(f"the connection to {endpoint} failed while sending {name}: {e}") from e
