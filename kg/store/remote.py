"""Push the built dataset to any SPARQL 1.1 Graph Store Protocol server, so that the remote ends equal to the build.

Why the Graph Store Protocol rather than SPARQL Update: every triple store (Oxigraph, Fuseki, GraphDB, Virtuoso,
Stardog) implements it, a PUT replaces a graph whole (so pushing twice leaves the same data, not twice the data),
and the named graphs (one per source) arrive under their own names instead of merged.

The protocol has no transaction across graphs, so a push says what it is doing in a manifest graph on the remote
(`kgr:graph/push`, read by kg/store/endpoint.py): "in progress" before its first change, "complete" after its
last. Readers refuse a remote whose manifest is not complete, and every push syncs everything (PUT each graph,
DELETE the project's graphs the build lacks, PUT the union), so the next push repairs whatever an interrupted one
left. Graphs outside https://w3id.org/accountability-kg/ are never touched.

Each graph's N-Triples are spooled to a temporary file and sent with a Content-Length: memory stays at the size of
the dataset itself, and Virtuoso 7.2 drops the connection of a chunked body with thousands of chunks.
"""

from __future__ import annotations

import hashlib
import http.client
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..data.paths import ONTOLOGY_DIR
from ..errors import InputError
from .endpoint import MANIFEST_GRAPH, PUSH, UNION_GRAPH, select_from

NTRIPLES = "application/n-triples"
DEFAULT_GRAPH = ""  # PushReport.per_graph key of the default graph
GRAPHS_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "project-graphs.rq"
# Graph Store Protocol path -> the query path beside it, on the servers whose layout is known.
QUERY_PATHS = {
    "/store": "/query",  # Oxigraph
    "/sparql-graph-crud-auth": "/sparql",  # Virtuoso
    "/sparql-graph-crud": "/sparql",  # Virtuoso
    "/data": "/sparql",  # Fuseki (/dataset/data)
}


@dataclass
class PushReport:
    """What a push did: triples sent per graph, graphs removed, requests made, and where the union went."""

    endpoint: str
    per_graph: dict[str, int] = field(default_factory=dict)  # graph IRI ("" = default graph) -> triples sent
    removed: list[str] = field(default_factory=list)  # the project's graphs the build does not have
    requests: int = 0
    union_graph: str = DEFAULT_GRAPH  # where the union went: "" = the default graph, else a named graph
    dataset: str = ""  # sha256 of graph.trig

    @property
    def graphs(self) -> int:
        return len(self.per_graph)

    @property
    def triples(self) -> int:
        return sum(self.per_graph.values())


def push(
    trig: Path, endpoint: str, *, query_endpoint: str | None = None, timeout: float = 60, union: bool = True
) -> PushReport:
    """Make the remote at `endpoint` (Graph Store Protocol) hold what `trig` holds: each named graph PUT whole,
    the project's graphs `trig` lacks deleted, and (with `union`) the union of the named graphs as a set in the
    default graph, as in the store `kg build --store oxigraph:PATH` writes, so the project's queries answer the same
    there without any server option. On Virtuoso, whose Graph Store has no default graph and whose own default
    graph is every graph as a bag, the union goes to `kgr:graph/union` and readers name it as the default graph.
    `query_endpoint` (SPARQL) lists what the remote holds; it is found beside `endpoint` on known servers."""
    _check_endpoint(endpoint)
    if not trig.is_file():
        raise InputError(f"{trig} does not exist: run `kg build` first")
    query_url = query_endpoint or query_address(endpoint)
    _check_endpoint(query_url)
    from .sparql import read_query

    rows, server = select_from(query_url, read_query(GRAPHS_QUERY), timeout=timeout)
    remote = {row["g"] for row in rows}
    dataset = _load(trig)
    named = sorted(g.value for g in dataset.named_graphs())
    virtuoso = server.startswith("Virtuoso")
    report = PushReport(endpoint, union_graph=UNION_GRAPH if virtuoso and union else DEFAULT_GRAPH)
    report.dataset = "sha256:" + _sha256(trig)
    stated_default = next(_triples(dataset, ox.DefaultGraph()), None) is not None
    if virtuoso and stated_default and not union:
        raise InputError(
            f"{trig} has triples in its default graph, and Virtuoso's Graph Store has none: push it with "
            "the union (without --no-union)"
        )
    started = _now()
    sender = _Sender(endpoint, timeout, report)
    sender.put(MANIFEST_GRAPH, _manifest(report, named, "in progress", started), count=False)
    for graph in named:
        sender.put(graph, _triples(dataset, ox.NamedNode(graph)))
    if stated_default and not union:
        sender.put(DEFAULT_GRAPH, _triples(dataset, ox.DefaultGraph()))
    keep = {*named, MANIFEST_GRAPH, report.union_graph}
    for graph in sorted(remote - keep):
        sender.delete(graph)
        report.removed.append(graph)
    if union:
        from .backend import add_union

        add_union(dataset)
        sender.put(report.union_graph, _triples(dataset, ox.DefaultGraph()))
    sender.put(MANIFEST_GRAPH, _manifest(report, named, "complete", started), count=False)
    return report


def query_address(endpoint: str) -> str:
    """The SPARQL query address beside a Graph Store Protocol address, on Oxigraph, Virtuoso and Fuseki."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for store, query in QUERY_PATHS.items():
        if path.endswith(store):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(store)] + query))
    raise InputError(f"cannot tell the SPARQL query address that goes with {endpoint}: give it with --query-endpoint")


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


def _load(trig: Path) -> ox.Store:
    dataset = ox.Store()
    try:
        dataset.bulk_load(path=trig, format=ox.RdfFormat.TRIG)
    except SyntaxError as e:
        raise InputError(f"{trig} is not valid TriG: {e}") from e
    for graph in dataset.named_graphs():
        if isinstance(graph, ox.BlankNode):
            raise InputError("the dataset has a graph named by a blank node; the Graph Store Protocol needs an IRI")
        if graph.value in {MANIFEST_GRAPH, UNION_GRAPH}:
            raise InputError(f"the dataset has a graph named <{graph.value}>, which `kg push` keeps for itself")
    return dataset


def _triples(dataset: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Triple]:
    return (quad.triple for quad in dataset.quads_for_pattern(None, None, None, graph))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _manifest(report: PushReport, graphs: list[str], state: str, started: str) -> Iterator[ox.Triple]:
    """The manifest's triples: state, dataset, start (and finish), the build's graphs, and the union's graph."""
    me = ox.NamedNode(MANIFEST_GRAPH)
    yield ox.Triple(me, ox.NamedNode(PUSH + "state"), ox.Literal(state))
    yield ox.Triple(me, ox.NamedNode(PUSH + "dataset"), ox.Literal(report.dataset))
    date_time = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
    yield ox.Triple(me, ox.NamedNode(PUSH + "started"), ox.Literal(started, datatype=date_time))
    if state == "complete":
        yield ox.Triple(me, ox.NamedNode(PUSH + "finished"), ox.Literal(_now(), datatype=date_time))
    if report.union_graph:
        yield ox.Triple(me, ox.NamedNode(PUSH + "unionGraph"), ox.NamedNode(report.union_graph))
    for graph in graphs:
        yield ox.Triple(me, ox.NamedNode(PUSH + "graph"), ox.NamedNode(graph))


@dataclass
class _Sender:
    """The Graph Store Protocol requests of one push, counted into its report."""

    endpoint: str
    timeout: float
    report: PushReport

    def put(self, graph: str, triples: Iterable[ox.Triple], *, count: bool = True) -> None:
        counted = [0]

        def counting() -> Iterator[ox.Triple]:
            for triple in triples:
                counted[0] += 1
                yield triple

        with tempfile.TemporaryFile() as body:
            ox.serialize(counting(), body, format=ox.RdfFormat.N_TRIPLES)
            size = body.tell()
            body.seek(0)
            self.send(graph, "PUT", body, size)
        if count:
            self.report.per_graph[graph] = counted[0]

    def delete(self, graph: str) -> None:
        self.send(graph, "DELETE", None, 0)

    def send(self, graph: str, method: str, body: IO[bytes] | None, size: int) -> None:
        _send(self.endpoint, graph, method, body, size, self.timeout)
        self.report.requests += 1


def _send(endpoint: str, graph: str, method: str, body: IO[bytes] | None, size: int, timeout: float) -> None:
    url = graph_url(endpoint, graph)
    name = "the default graph" if graph == DEFAULT_GRAPH else f"graph <{graph}>"
    headers = {"Content-Type": NTRIPLES, "Content-Length": str(size)} if body is not None else {}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as e:
        if method == "DELETE" and e.code == 404:  # gone already: what was asked for
            return
        message = " ".join(e.read(2000).decode("utf-8", "replace").split()) or e.reason
        raise InputError(f"{endpoint} refused {name} ({method} {e.code} {e.reason}): {message}") from e
    except urllib.error.URLError as e:
        raise InputError(f"cannot reach {endpoint} to {method} {name}: {e.reason}") from e
    except TimeoutError as e:
        raise InputError(f"{endpoint} did not answer within {timeout:g} s while receiving {name}") from e
    except (ConnectionError, http.client.HTTPException) as e:
        raise InputError(f"the connection to {endpoint} failed while sending {name}: {e}") from e


__all__ = ["PushReport", "graph_url", "push", "query_address"]
