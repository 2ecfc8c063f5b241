"""`kg serve` as users reach it: a standard SPARQL client (SPARQLWrapper) against the real seed graph and views."""

from __future__ import annotations

import csv
import http.client
import inspect
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.errors import InputError
from kg.serve.server import Server, serve

pytest_plugins = ["tests.oxigraph_server"]

LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label }"
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 6,000³ rows: minutes, not 1 s
INSERT = "INSERT DATA { <http://example.org/s> <http://example.org/p> 'injected' }"
INSERTED = "ASK { <http://example.org/s> ?p ?o }"
RESULTS_FORMATS = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML, TSV: ox.QueryResultsFormat.TSV}


def finish(server: Server) -> None:
    """Stop the server and check nothing is left of it: no Oxigraph process, no temporary store."""
    temporary = server.location if server.store is None else None
    server.stop()
    assert server.process is not None and server.process.poll() is not None
    assert not Path(f"/proc/{server.process.pid}").exists(), "the oxigraph process was left running"
    assert temporary is None or not temporary.exists(), "the temporary store was not removed"


@pytest.fixture(scope="module", autouse=True)
def no_oxigraph_left() -> Iterator[None]:
    """Set up first, so torn down last: after every server of this module has stopped, none may be running."""
    yield
    from tests.oxigraph_server import oxigraph_children

    assert oxigraph_children() == [], "an oxigraph process was left running"


@pytest.fixture(scope="module")
def server(seed_site: Path) -> Iterator[Server]:
    running = Server(seed_site / "graph.trig", seed_site, port=0).start()
    yield running
    finish(running)


@pytest.fixture(scope="module")
def capped(seed_site: Path) -> Iterator[Server]:
    """At most 5 rows, and 1 second per query."""
    running = Server(seed_site / "graph.trig", seed_site, port=0, max_rows=5, timeout_s=1).start()
    yield running
    finish(running)


@pytest.fixture(scope="module")
def expected_labels(seed_site: Path) -> set[tuple[str, str]]:
    """The labels as pyoxigraph finds them in the TriG itself (all graphs), to compare with the server's."""
    store = ox.Store()
    store.bulk_load(path=seed_site / "graph.trig", format=ox.RdfFormat.TRIG)
    rows = store.query(LABELS, use_default_graph_as_union=True)
    return {(row["s"].value, row["label"].value) for row in rows}


def client(server: Server, query: str, fmt: str, *, post: bool = False) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql_url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if post:
        sparql.setMethod(POST)
    return sparql


def rows_of(fmt: str, converted: object) -> set[tuple[str, str]]:
    """(s, label) pairs from a SELECT result as SPARQLWrapper hands it back in each format."""
    if fmt == JSON:
        assert isinstance(converted, dict)
        return {(b["s"]["value"], b["label"]["value"]) for b in converted["results"]["bindings"]}
    if fmt == XML:
        assert isinstance(converted, Document)
        pairs = set()
        for result in converted.getElementsByTagName("result"):
            values = {
                b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")
            }
            pairs.add((values["s"], values["label"]))
        return pairs
    assert isinstance(converted, bytes)
    if fmt == CSV:
        return {(r["s"], r["label"]) for r in csv.DictReader(io.StringIO(converted.decode("utf-8"), newline=""))}
    return {(r["s"].value, r["label"].value) for r in ox.parse_query_results(converted, ox.QueryResultsFormat.TSV)}


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize("post", [False, True], ids=["GET", "POST"])
def test_select_in_each_format(server: Server, expected_labels: set, fmt: str, post: bool) -> None:
    result = client(server, LABELS, fmt, post=post).query()
    assert result.response.status == 200
    assert result.info()["x-results-truncated"] == "false"
    assert result.info()["x-results-limit"] == "10000"
    assert rows_of(fmt, result.convert()) == expected_labels


def test_post_as_sparql_query_body(server: Server, expected_labels: set) -> None:
    request = urllib.request.Request(
        server.sparql_url,
        data=LABELS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request) as response:
        assert rows_of(JSON, json.load(response)) == expected_labels


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(server: Server, fmt: str) -> None:
    yes = client(server, "ASK { ?s a ?type }", fmt).query().convert()
    no = client(server, "ASK { ?s a <http://example.org/Nothing> }", fmt).query().convert()
    if fmt == JSON:
        assert (yes["boolean"], no["boolean"]) == (True, False)
    else:
        assert [d.getElementsByTagName("boolean")[0].firstChild.data for d in (yes, no)] == ["true", "false"]


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_construct(server: Server, expected_labels: set, fmt: str, rdflib_format: str) -> None:
    query = LABELS.replace("SELECT ?s ?label WHERE", "CONSTRUCT { ?s rdfs:label ?label } WHERE")
    result = client(server, query, fmt).query()
    assert result.info()["content-type"].startswith("text/turtle" if fmt == TURTLE else "application/ld+json")
    graph = Graph().parse(data=result.response.read(), format=rdflib_format)
    assert {(str(s), str(o)) for s, _, o in graph} == expected_labels


RDF_TYPES = [
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
    "text/n3",
]
RESULTS_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


def fetch(server: Server, query: str, accept: str) -> tuple[int, str, bytes]:
    """GET a query with an Accept header: status, content type, body."""
    url = server.sparql_url + "?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept})) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read()


@pytest.mark.parametrize("media", RDF_TYPES)
def test_construct_in_every_format_oxigraph_writes(server: Server, expected_labels: set, media: str) -> None:
    query = LABELS.replace("SELECT ?s ?label WHERE", "CONSTRUCT { ?s rdfs:label ?label } WHERE")
    status, ctype, body = fetch(server, query, media)
    assert (status, ctype) == (200, media)
    rdf = ox.RdfFormat.from_media_type(media)
    assert rdf is not None
    assert {(q.subject.value, q.object.value) for q in ox.parse(body, format=rdf)} == expected_labels


@pytest.mark.parametrize("media", RESULTS_TYPES)
def test_ask_in_every_format_oxigraph_writes(server: Server, media: str) -> None:
    status, ctype, body = fetch(server, "ASK { ?s a ?type }", media)
    assert status == 200 and ctype.startswith(media)
    if media == "text/csv":
        assert body.strip() == b"true"
    else:
        fmt = ox.QueryResultsFormat.from_media_type(media)
        assert fmt is not None and bool(ox.parse_query_results(body, format=fmt)) is True


def test_a_format_oxigraph_cannot_write_gets_406(server: Server) -> None:
    status, ctype, body = fetch(server, LABELS, "text/html")
    assert (status, ctype) == (406, "text/plain; charset=utf-8") and b"accept" in body.lower()
    assert fetch(server, "SELECT ?x WHERE {", "application/sparql-results+json")[0] == 400  # Oxigraph's parse error


def raw(server: Server, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
    """A request exactly as written (no client-side path clean-up), to test what the server itself refuses."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_updates_are_refused_and_change_nothing(server: Server) -> None:
    before = client(server, COUNT, JSON).query().convert()["results"]["bindings"][0]["n"]["value"]

    through_query_endpoint = client(server, INSERT, JSON, post=True)  # SPARQLWrapper sends update=...
    through_update_endpoint = SPARQLWrapper(server.sparql_url, updateEndpoint=server.url + "update")
    through_update_endpoint.setMethod(POST)
    through_update_endpoint.setQuery(INSERT)
    for sparql in (through_query_endpoint, through_update_endpoint):
        with pytest.raises(urllib.error.HTTPError) as refused:
            sparql.query()
        assert refused.value.code == 403
        assert b"read-only" in refused.value.read()

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for method, path, body, headers in [
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": INSERT}), b"", {}),
        ("POST", "/sparql", urllib.parse.urlencode({"query": "PREFIX x: <http://x#>\n" + INSERT}).encode(), form),
        ("POST", "/sparql", INSERT.encode(), {"Content-Type": "application/sparql-update"}),
        ("POST", "/update", urllib.parse.urlencode({"update": INSERT}).encode(), form),
        ("PUT", "/store?default", b"<http://a> <http://b> <http://c> .", {"Content-Type": "application/n-triples"}),
        ("DELETE", "/store?default", b"", {}),
    ]:
        status, text = raw(server, method, path, body, headers)
        assert (status, b"read-only" in text) == (403, True), (method, path)

    conn = http.client.HTTPConnection("127.0.0.1", server.upstream_port, timeout=30)  # Oxigraph itself refuses too
    conn.request("POST", "/update", body=INSERT.encode(), headers={"Content-Type": "application/sparql-update"})
    assert conn.getresponse().status == 403
    conn.close()

    assert client(server, COUNT, JSON).query().convert()["results"]["bindings"][0]["n"]["value"] == before
    assert client(server, INSERTED, JSON).query().convert()["boolean"] is False


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_rows_capped_and_flagged(capped: Server, fmt: str) -> None:
    result = client(capped, ALL_TRIPLES, fmt).query()
    info = result.info()
    assert (info["x-results-truncated"], info["x-results-limit"], info["x-results-rows"]) == ("true", "5", "5")
    body = result.response.read()
    if fmt == CSV:  # pyoxigraph reads no CSV
        assert len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) == 1 + 5
    else:
        assert len(list(ox.parse_query_results(body, format=RESULTS_FORMATS[fmt]))) == 5  # a complete document

    exactly = client(capped, ALL_TRIPLES + " LIMIT 5", fmt).query().info()
    assert (exactly["x-results-truncated"], exactly["x-results-rows"]) == ("false", "5")


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_construct_capped(capped: Server, fmt: str, rdflib_format: str) -> None:
    result = client(capped, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", fmt).query()
    assert result.info()["x-results-truncated"] == "true"
    assert len(Graph().parse(data=result.response.read(), format=rdflib_format)) == 5


def test_query_past_the_time_limit_gets_a_clear_error(capped: Server) -> None:
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as stopped:
        client(capped, EXPENSIVE, JSON).query()
    elapsed = time.monotonic() - started
    assert stopped.value.code == 504
    assert "exceeded the time limit of 1 second and was stopped" in stopped.value.read().decode()
    assert 1 <= elapsed < 5
    assert client(capped, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True  # still serving


def test_views(server: Server, seed_site: Path) -> None:
    with urllib.request.urlopen(server.url) as index:
        assert index.headers["Content-Type"] == "text/html; charset=utf-8"
        assert index.read() == (seed_site / "index.html").read_bytes()
    with urllib.request.urlopen(server.url + "assets/views.css") as css:
        assert css.headers["Content-Type"].startswith("text/css")
    assert raw(server, "GET", "/no-such-page.html")[0] == 404
    assert raw(server, "HEAD", "/index.html")[0] == 200
    for path in ["/../README.md", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../../pyproject.toml", "/..%2f..%2fetc/passwd"]:
        status, body = raw(server, "GET", path)
        assert status in {403, 404} and b"root:" not in body and b"[project]" not in body, path


def test_symlink_out_of_the_views_is_refused(seed_site: Path, tmp_path: Path) -> None:
    views = tmp_path / "views"
    views.mkdir()
    (views / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (views / "leak.txt").symlink_to(tmp_path / "secret.txt")
    running = Server(seed_site / "graph.trig", views, port=0).start()
    try:
        assert raw(running, "GET", "/leak.txt")[0] == 403
        assert raw(running, "GET", "/")[0] == 200
    finally:
        finish(running)


def test_binds_loopback_by_default(server: Server) -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(Server).parameters["host"].default == "127.0.0.1"
    assert server.host == "127.0.0.1"
    assert server._front is not None and server._front.socket.getsockname()[0] == "127.0.0.1"
    assert server.process is not None and f"127.0.0.1:{server.upstream_port}" in server.process.args


def test_port_in_use(seed_site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = Server(seed_site / "graph.trig", seed_site, port=port)
        with pytest.raises(InputError, match=f"port {port} on 127.0.0.1 is already in use"):
            refused.start()
    assert refused.process is None and refused.location is None  # checked before anything was started


def test_missing_graph(seed_site: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"graph\.trig does not exist: run `kg build` first"):
        Server(tmp_path / "graph.trig", seed_site, port=0).start()


def test_binary_not_found(seed_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError, match="oxigraph server binary is neither beside"):
        Server(seed_site / "graph.trig", seed_site, port=0).start()


def test_given_store_is_loaded_once_then_reused(seed_site: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = Server(seed_site / "graph.trig", seed_site, port=0, store=store).start()
    count = client(first, COUNT, JSON).query().convert()["results"]["bindings"][0]["n"]["value"]
    finish(first)
    assert store.is_dir()  # a store the caller named is kept
    again = Server(tmp_path / "no-such.trig", seed_site, port=0, store=store).start()  # no TriG needed now
    try:
        assert client(again, COUNT, JSON).query().convert()["results"]["bindings"][0]["n"]["value"] == count
    finally:
        finish(again)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_signal_stops_oxigraph_and_removes_the_store(seed_site: Path, tmp_path: Path, stop_signal: int) -> None:
    from tests.oxigraph_server import free_port, oxigraph_children

    port, temp = free_port(), tmp_path / "tmp"
    temp.mkdir()
    code = f"from pathlib import Path; from kg.serve.server import serve; serve(Path({str(seed_site / 'graph.trig')!r}), Path({str(seed_site)!r}), port={port})"
    child = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "TMPDIR": str(temp)})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not oxigraph_children(child.pid):
            time.sleep(0.05)
        engines = oxigraph_children(child.pid)
        assert engines and list(temp.glob("kg-serve-*"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.status == 200
        child.send_signal(stop_signal)
        assert child.wait(30) == (0 if stop_signal == signal.SIGINT else 128 + signal.SIGTERM)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        survivors = [pid for pid in engines if Path(f"/proc/{pid}").exists()]
        for pid in survivors:  # clean up after a failure, then report it
            os.kill(pid, signal.SIGKILL)
    assert survivors == [], "oxigraph outlived kg serve"
    assert list(temp.glob("kg-serve-*")) == []


TRICKY = r"""SELECT ?x ?y WHERE { VALUES (?x ?y) {
    ("a,\"b\"\r\nc{}[]\\</result>\t}]}" <http://example.org/x?a=1&b=2#c>) (UNDEF UNDEF) ("x"@en 1) ("\"" "}") } }"""


@pytest.mark.parametrize(
    "media",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_row_cutting_is_sound_byte_by_byte(server: Server, media: str) -> None:
    """Oxigraph's own output with quotes, brackets, line breaks and markup in values, fed one byte at a time."""
    from kg.serve.limits import Incomplete, cutter_for

    url = server.upstream_url + "?" + urllib.parse.urlencode({"query": TRICKY})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": media})) as response:
        whole = response.read()
    for limit, rows, truncated in [(1, 1, True), (3, 3, True), (4, 4, False), (10, 4, False)]:
        cutter = cutter_for(media, limit)
        assert cutter is not None
        for i in range(len(whole)):
            if cutter.feed(whole[i : i + 1]):
                break
        body = cutter.body()
        assert (cutter.rows, cutter.truncated) == (rows, truncated), limit
        assert body == whole if not truncated else whole.startswith(body[: len(body) // 2])
        if media == "text/csv":
            assert len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) == 1 + rows
        else:
            fmt = ox.QueryResultsFormat.from_media_type(media)
            assert fmt is not None
            assert len(list(ox.parse_query_results(body, format=fmt))) == rows

    stopped = cutter_for(media, 10)
    assert stopped is not None
    cut_at = whole.index(b"<result>" if "xml" in media else b"[{" if "json" in media else b"\n") + 1
    stopped.feed(whole[:cut_at] + b"The SPARQL operation has been cancelled")
    with pytest.raises(Incomplete) as incomplete:
        stopped.body()
    assert b"cancelled" in incomplete.value.tail
