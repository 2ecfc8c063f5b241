"""Load on `kg serve`, on loopback, bounded: the seed graph served, then
1. 8 clients x 200 ordinary queries (each client one keep-alive connection), through the front and, to see what
   the front costs, straight to Oxigraph's private port;
2. a burst of 400 connections opened at once, each sending one query (non-blocking, from one thread);
3. a runaway ORDER BY with --timeout 2: when its client gets 504, and when the next ordinary query is answered.
Reports throughput and p50/p99 latency; nothing leaves 127.0.0.1.

Run: .venv/bin/python bench/bench_serve.py [--clients 8] [--queries 200] [--burst 400]
"""

from __future__ import annotations

import argparse
import http.client
import selectors
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.serve.server import Server
from tests.browser import build_site

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 50",
    "ASK { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
]
RUNAWAY = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
ACCEPT = {"Accept": "application/sparql-results+json"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def clients(port: int, path: str, n_clients: int, n_queries: int) -> tuple[float, list[float], int]:
    """Wall time, per-query latencies, and how many answers were not 200."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def run(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        for i in range(n_queries):
            query = QUERIES[(offset + i) % len(QUERIES)]
            started = time.perf_counter()
            conn.request("GET", f"{path}?{urllib.parse.urlencode({'query': query})}", headers=ACCEPT)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            bad += response.status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, failures[0]


def burst(port: int, n: int, limit_s: float = 60) -> tuple[float, list[float], dict[str, int]]:
    """n connections at once, one query each: wall time, latencies of the answered, statuses counted."""
    request = (
        f"GET /sparql?{urllib.parse.urlencode({'query': QUERIES[1]})} HTTP/1.1\r\n"
        "Host: x\r\nAccept: application/sparql-results+json\r\nConnection: close\r\n\r\n"
    ).encode()
    selector = selectors.DefaultSelector()
    replies: dict[socket.socket, bytearray] = {}
    done: list[float] = []
    started = time.perf_counter()
    for _ in range(n):
        client = socket.socket()
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", port))
        selector.register(client, selectors.EVENT_WRITE)
        replies[client] = bytearray()
    remaining = n
    while remaining and time.perf_counter() - started < limit_s:
        for key, events in selector.select(timeout=1):
            client = key.fileobj
            assert isinstance(client, socket.socket)
            if events & selectors.EVENT_WRITE:
                client.sendall(request)
                selector.modify(client, selectors.EVENT_READ)
                continue
            try:
                data = client.recv(65536)
            except ConnectionError:
                data = b""
            replies[client] += data
            if not data:
                done.append(time.perf_counter() - started)
                selector.unregister(client)
                client.close()
                remaining -= 1
    statuses: dict[str, int] = {}
    for reply in replies.values():
        status = bytes(reply[9:12]).decode() or "none"
        if status != "200" and status not in statuses:
            print(f"  a {status} answer: {bytes(reply[-300:])!r}")
        statuses[status] = statuses.get(status, 0) + 1
    for client in replies:
        client.close()
    return time.perf_counter() - started, done, statuses


def runaway(server: Server) -> tuple[int, float, float]:
    """Status and seconds of the runaway query, and seconds from then until an ordinary query is answered."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", f"/sparql?{urllib.parse.urlencode({'query': RUNAWAY})}", headers=ACCEPT)
    response = conn.getresponse()
    response.read()
    stopped = time.perf_counter()
    while True:
        conn.request("GET", f"/sparql?{urllib.parse.urlencode({'query': QUERIES[1]})}", headers=ACCEPT)
        answer = conn.getresponse()
        answer.read()
        if answer.status == 200:
            break
        time.sleep(0.02)
    conn.close()
    return response.status, stopped - started, time.perf_counter() - stopped


def report(name: str, wall: float, latencies: list[float], extra: str) -> None:
    print(
        f"{name:<34} {len(latencies):>5} answers in {wall:6.2f} s = {len(latencies) / wall:7.0f}/s  "
        f"p50 {percentile(latencies, 50) * 1000:7.1f} ms  p99 {percentile(latencies, 99) * 1000:7.1f} ms  {extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--burst", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        site = build_site(ROOT / "data", Path(tmp))
        with Server(site / "graph.trig", site, port=0, timeout_s=2) as server:
            assert server.upstream_port is not None
            for name, port, path in [
                ("kg serve", server.port, "/sparql"),
                ("Oxigraph directly", server.upstream_port, "/query"),
            ]:
                wall, latencies, bad = clients(port, path, args.clients, args.queries)
                report(f"{name}: {args.clients} x {args.queries}", wall, latencies, f"not 200: {bad}")
            wall, latencies, statuses = burst(server.port, args.burst)
            report(f"kg serve: burst of {args.burst}", wall, latencies, f"statuses: {statuses}")
            status, stopped, recovered = runaway(server)
            print(f"runaway ORDER BY (--timeout 2): {status} after {stopped:.2f} s; next query {recovered:.2f} s later")


if __name__ == "__main__":
    main()
