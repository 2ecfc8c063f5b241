"""`kg serve` against what the internet sends it (issue 15): every query that took it down, and the next ordinary
query answered after each. Bounded: small time and memory limits, loopback only, a few seconds a test."""

from __future__ import annotations

import http.client
import logging
import selectors
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.data.transaction import Transaction
from kg.serve import front
from kg.serve.server import Server
from kg.store.backend import add_union

pytest_plugins = ["tests.oxigraph_server"]

ORDINARY = "ASK { ?s ?p ?o }"
RUNAWAY = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # sorts 12,925² rows
DEEP = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000  # 6 KB; overflowed Oxigraph's stack


@pytest.fixture(scope="module", autouse=True)
def no_oxigraph_left() -> Iterator[None]:
    yield
    from tests.oxigraph_server import oxigraph_children

    assert oxigraph_children() == [], "an oxigraph process was left running"


@pytest.fixture(scope="module")
def guarded(seed_site: Path) -> Iterator[Server]:
    """1 second per query, 1 second to send a request, 40 connections."""
    server = Server(
        seed_site / "graph.trig", seed_site, port=0, timeout_s=1, connection_timeout_s=1, max_connections=40
    )
    server.start()
    yield server
    server.stop()


def ask(server: Server, query: str, *, port: int | None = None, path: str = "/sparql") -> tuple[int, dict, bytes]:
    """POST a query (to the front, or to `port`): status, headers (lower-case names), body."""
    conn = http.client.HTTPConnection("127.0.0.1", port or server.port, timeout=60)
    try:
        headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
        conn.request("POST", path, body=query.encode(), headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def answers_again(server: Server, within: float = 10) -> float:
    """Seconds until an ordinary query is answered 200 (503 while the engine restarts is fine, nothing else)."""
    started = time.monotonic()
    while True:
        status, headers, body = ask(server, ORDINARY)
        if status == 200:
            assert b"true" in body
            return time.monotonic() - started
        assert status == 503 and headers["retry-after"] == "1", (status, body)
        assert time.monotonic() - started < within, "the endpoint did not come back"
        time.sleep(0.05)


def gone(pid: int, within: float = 5) -> bool:
    deadline = time.monotonic() + within
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not Path(f"/proc/{pid}").exists()


def test_runaway_order_by_is_killed_and_the_engine_restarted(guarded: Server) -> None:
    assert guarded.process is not None
    engine = guarded.process.pid
    started = time.monotonic()
    status, _, body = ask(guarded, RUNAWAY)
    stopped = time.monotonic() - started
    assert status == 504, body
    assert b"exceeded the time limit of 1 second and was stopped (the engine running it was restarted)" in body
    assert stopped < 4
    assert gone(engine), "the runaway query's engine is still running"
    recovery = answers_again(guarded)
    assert recovery < 5
    print(f"runaway ORDER BY: 504 after {stopped:.2f} s, next query answered {recovery:.2f} s later")


def test_two_runaway_queries_at_once(guarded: Server) -> None:
    assert guarded.engine is not None and guarded.process is not None
    restarts, engine = guarded.engine.restarts, guarded.process.pid
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(ask(guarded, RUNAWAY)[0])) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) in ([503, 504], [504, 504]), statuses
    assert gone(engine)
    answers_again(guarded)
    assert guarded.engine.restarts > restarts


def test_memory_limit_stops_a_runaway_before_its_time_limit(seed_site: Path, caplog: pytest.LogCaptureFixture) -> None:
    with Server(seed_site / "graph.trig", seed_site, port=0, timeout_s=60, memory_limit=384 << 20) as server:
        assert server.engine is not None and server.process is not None
        engine = server.process.pid
        started = time.monotonic()
        status, headers, body = ask(server, RUNAWAY)
        assert (status, headers.get("retry-after")) == (503, "1"), body
        assert b"stopped while answering" in body
        assert time.monotonic() - started < 30  # long before the 60 s time limit
        assert gone(engine)
        answers_again(server)
        assert "the SPARQL engine stopped (signal SIG" in caplog.text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        (DEEP, 400, b"nests brackets more than 100 deep"),
        ("ASK { FILTER(" + "(" * 8000 + "1" + ")" * 8000 + ") }", 400, b"nests brackets more than 100 deep"),
        (
            "SELECT * { ?s ?p ?o " + " ".join(f"MINUS {{ ?s <http://x/p{i}> ?o }}" for i in range(4000)) + " }",
            400,
            b"more than 2000 keywords, operators and brackets",
        ),
        ("SELECT * { BIND(" + "+".join(["1"] * 8000) + " AS ?x) }", 400, b"more than 2000 keywords"),
        ('ASK { ?s ?p "' + "x" * (300 << 10) + '" }', 413, b"this endpoint takes at most 262144"),
    ],
    ids=["3000-groups", "8000-parentheses", "4000-minus", "8000-plus", "300-KiB"],
)
def test_queries_that_overflow_the_engine_are_refused_before_it(
    guarded: Server, query: str, status: int, message: bytes
) -> None:
    assert guarded.process is not None
    engine = guarded.process.pid
    got, _, body = ask(guarded, query)
    assert (got, message in body) == (status, True), body
    assert guarded.process.pid == engine and guarded.process.poll() is None
    assert ask(guarded, ORDINARY)[0] == 200


def test_an_engine_that_dies_is_restarted_and_its_cause_kept(guarded: Server, caplog: pytest.LogCaptureFixture) -> None:
    """A local user can reach the engine's port (loopback) and crash it; the supervisor restarts it."""
    assert guarded.engine is not None and guarded.process is not None
    engine = guarded.process.pid
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        ask(guarded, DEEP, port=guarded.upstream_port, path="/query")
    assert gone(engine)
    answers_again(guarded)
    assert "has overflowed its stack" in caplog.text  # the cause, in kg serve's own log
    log = guarded.engine.log_path.read_text(encoding="utf-8")
    assert "has overflowed its stack" in log
    assert log.count("Listening for requests") == guarded.engine.restarts + 1  # every start's output, kept


class Listener:
    """A loopback port that records whatever connects to it (the `internal-admin` a SERVICE query could reach)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(4096))
                except OSError:
                    self.received.append(b"")


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * { service silent <{url}> { ?s ?p ?o } }",
    "PREFIX x: <{url}> SELECT * { ?a ?b ?c FILTER(?a<?b&&EXISTS{SERVICE x:{?s?p?o}}) }",
    "PREFIX x: <{url}> SELECT * { SERVICEx: { ?s ?p ?o } }",  # Oxigraph reads SERVICE, then x:
    "PREFIX : <{url}> SELECT * { ?s ?p trueSERVICE: { ?s ?p ?o } }",  # ... and here true, SERVICE, :
]


def test_service_is_refused_unless_the_operator_allows_it(guarded: Server, seed_site: Path) -> None:
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}/internal-admin?token=x"
    for template in SERVICE_QUERIES:
        status, _, body = ask(guarded, template.replace("{url}", url))
        assert (status, b"federated queries (SERVICE) are not allowed" in body) == (403, True), template
    for harmless in [
        "SELECT ?service { ?service ?p ?o } LIMIT 1",
        'SELECT * { ?s ?p "children\'s services" }',
        "PREFIX role: <http://x/> SELECT * { ?s role:director-of-childrens-services ?o }",
    ]:
        assert ask(guarded, harmless)[0] == 200, harmless
    time.sleep(0.3)
    assert listener.received == []

    with Server(seed_site / "graph.trig", seed_site, port=0, timeout_s=5, allow_service=True) as open_server:
        ask(open_server, SERVICE_QUERIES[1].replace("{url}", url))
    assert any(b"/internal-admin?token=x" in request for request in listener.received)  # what the flag allows
    listener.socket.close()


def test_a_burst_of_400_connections_is_answered(seed_site: Path) -> None:
    """Non-blocking clients from one thread: the listen queue, not client threads, is what is tested."""
    with Server(seed_site / "graph.trig", seed_site, port=0, timeout_s=10) as server:
        request = (
            f"GET /sparql?{urllib.parse.urlencode({'query': ORDINARY})} HTTP/1.1\r\n"
            "Host: x\r\nAccept: application/sparql-results+json\r\nConnection: close\r\n\r\n"
        ).encode()
        selector = selectors.DefaultSelector()
        started = time.monotonic()
        replies: dict[socket.socket, bytearray] = {}
        for _ in range(400):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(("127.0.0.1", server.port))
            selector.register(client, selectors.EVENT_WRITE)
            replies[client] = bytearray()
        connected: list[float] = []
        open_clients = 400
        while open_clients and time.monotonic() - started < 20:
            for key, events in selector.select(timeout=1):
                client = key.fileobj
                assert isinstance(client, socket.socket)
                if events & selectors.EVENT_WRITE:
                    connected.append(time.monotonic() - started)
                    client.sendall(request)
                    selector.modify(client, selectors.EVENT_READ)
                    continue
                data = client.recv(65536)
                replies[client] += data
                if not data:
                    selector.unregister(client)
                    client.close()
                    open_clients -= 1
        statuses = [bytes(reply[9:12]) for reply in replies.values()]
        assert statuses.count(b"200") == 400, {s: statuses.count(s) for s in set(statuses)}
        assert max(connected) < 1, "some connections waited for a SYN retransmit: the listen queue overflowed"


def test_half_sent_requests_time_out_and_excess_connections_get_503(guarded: Server) -> None:
    clients = [socket.create_connection(("127.0.0.1", guarded.port)) for _ in range(50)]
    try:
        for client in clients:
            client.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")  # never finished
            client.settimeout(5)
        time.sleep(0.3)
        refused = [c for c in clients[40:] if c.recv(4096).startswith(b"HTTP/1.1 503")]
        assert len(refused) == 10  # past max_connections: answered at once, no thread
        started = time.monotonic()
        assert all(c.recv(4096) == b"" for c in clients[:40])  # closed by the server after connection_timeout_s
        assert time.monotonic() - started < 3
    finally:
        for client in clients:
            client.close()
    assert ask(guarded, ORDINARY)[0] == 200


def raw_request(server: Server, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
        client.sendall(request)
        reply = b""
        while chunk := client.recv(65536):
            reply += chunk
            if b"\r\n\r\n" in reply and b"Connection: close" not in reply and len(reply) > 200:
                break
        return reply


def test_bad_content_length_is_a_400_without_traceback(guarded: Server, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="kg.serve"):
        reply = raw_request(guarded, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nquery=ASK{}")
    assert reply.startswith(b"HTTP/1.1 400")
    assert b"Content-Length must be a whole number of bytes, not 'abc'" in reply
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_chunked_body_is_read(guarded: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=30)
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    conn.request("POST", "/sparql", body=iter([b"ASK { ", b"?s ?p ?o }"]), headers=headers, encode_chunked=True)
    response = conn.getresponse()
    assert (response.status, b"true" in response.read()) == (200, True)
    conn.close()

    monkeypatch.setattr(front, "MAX_BODY", 100)
    # one write of the whole request: the server may answer 413 and close before a client writing chunk by chunk
    # has finished (a broken pipe on a loaded machine), which is the server's right
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (b"ASK {", b" " * 200, b"}")) + b"0\r\n\r\n"
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Accept: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks
    )
    with socket.create_connection(("127.0.0.1", guarded.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413") or answer.startswith(b"HTTP/1.0 413"), answer[:80]
    assert b"larger than 100 bytes" in answer


def test_head_sparql_is_get_without_a_body(guarded: Server) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=30)
    conn.request("HEAD", "/sparql?" + urllib.parse.urlencode({"query": ORDINARY}))
    response = conn.getresponse()
    assert response.status == 200 and int(response.getheader("Content-Length", "0")) > 0
    assert response.read() == b""
    conn.request("HEAD", "/sparql")
    response = conn.getresponse()
    assert response.status == 400  # as GET without a query
    response.read()
    conn.close()


def test_the_store_is_never_served_through_the_front(guarded: Server) -> None:
    """Only POST /query goes to the engine; its /store (the whole dataset, past the row cap) stays behind."""
    for path in ["/store", "/store?default", "/store?graph=http://x", "/sparql/../store", "/query/../store"]:
        conn = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=30)
        conn.request("GET", path, headers={"Accept": "application/n-quads"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status in {400, 403, 404} and b"<http" not in body, path


def test_rebuilding_the_store_under_a_running_server(seed_site: Path, tmp_path: Path) -> None:
    """`kg build --store` renames a new folder into place; the server notices and answers from the new build."""
    store = tmp_path / "store"
    added = "ASK { <http://example.org/rebuilt> ?p ?o }"
    with Server(seed_site / "graph.trig", seed_site, port=0, store=store) as server:
        assert ask(server, added)[2].count(b"false") == 1
        change = Transaction(root=tmp_path)
        staged = change.temp_beside(store, folder=True)
        rebuilt = ox.Store(str(staged))
        rebuilt.bulk_load(path=seed_site / "graph.trig", format=ox.RdfFormat.TRIG)
        rebuilt.add(ox.Quad(ox.NamedNode("http://example.org/rebuilt"), ox.NamedNode("http://x/p"), ox.Literal("1")))
        add_union(rebuilt)
        rebuilt.flush()
        del rebuilt
        change.replace_folder(store, staged)
        change.commit()
        deadline = time.monotonic() + 10
        while b"true" not in ask(server, added)[2]:
            assert time.monotonic() < deadline, "SPARQL still answers from the deleted store"
            time.sleep(0.1)
        assert ask(server, ORDINARY)[0] == 200


def test_the_engine_keeps_few_threads_under_sustained_load(guarded: Server) -> None:
    """Oxigraph's --timeout-s kept a thread per query for the whole limit (1,400 in a burst, then EAGAIN)."""
    for _ in range(300):
        assert ask(guarded, ORDINARY)[0] == 200
    assert guarded.process is not None
    status = Path(f"/proc/{guarded.process.pid}/status").read_text()
    threads = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))
    assert threads < 50
