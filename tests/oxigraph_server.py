"""Fixtures for the server tests: a writable Oxigraph on a free loopback port, the seed data built once.

Loaded by the test modules that need it with `pytest_plugins = ["tests.oxigraph_server"]`. Every server started
here is stopped after its test, and the finalizer fails the test if an Oxigraph process is left behind.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@dataclass
class OxigraphServer:
    """A running `oxigraph serve`: its Graph Store Protocol address, and a SPARQL helper to look inside."""

    base: str
    process: subprocess.Popen[bytes]

    @property
    def store(self) -> str:
        return self.base + "/store"

    def select(self, query: str) -> list[dict[str, str]]:
        """A SELECT's rows as {variable: value} (unbound variables left out)."""
        url = self.base + "/query?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            bindings = json.load(response)["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in bindings]

    def ask(self, query: str) -> bool:
        url = self.base + "/query?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return bool(json.load(response)["boolean"])

    def update(self, update: str) -> None:
        request = urllib.request.Request(
            self.base + "/update", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, and under "" the default graph's (if any)."""
        named = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        counts = {row["g"]: int(row["n"]) for row in named}
        default = int(self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
        if default:
            counts[""] = default
        return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_children(parent: int | None = None) -> list[int]:
    """Live (not zombie) `oxigraph` processes whose parent is `parent` (this process by default)."""
    parent = os.getpid() if parent is None else parent
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        mine = fields.get("Name", "").strip() == "oxigraph" and int(fields.get("PPid", "0")) == parent
        if mine and not fields.get("State", "").startswith("Z"):
            found.append(int(status.parent.name))
    return found


def wait_until_answers(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def running_oxigraph(location: Path) -> Iterator[OxigraphServer]:
    """`oxigraph serve --location LOCATION` (writable) on a free 127.0.0.1 port, until the block ends."""
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(base + "/query?query=ASK%7B%7D", process)
        yield OxigraphServer(base, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh, empty, writable Oxigraph for one test."""
    with running_oxigraph(tmp_path / "oxigraph-db") as server:
        yield server
    assert server.process.poll() is not None
    assert oxigraph_children() == [], "an oxigraph process was left running"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data/ built, with its views, as `make demo` does: graph.trig and index.html in one folder."""
    from tests.browser import build_site
    from tests.conftest import DATA

    return build_site(DATA, tmp_path_factory.mktemp("seed-site"))
