"""A throwaway Virtuoso Open Source server for the tests: a temporary database, free loopback ports, stopped after.

Virtuoso ships with an HTTP SPARQL endpoint (`/sparql`) and a Graph Store Protocol endpoint
(`/sparql-graph-crud`), but the anonymous SPARQL user may not write; `grant_updates` gives it the SPARQL_UPDATE
role over ISQL (the `dba` account's default password on a fresh database is `dba`), as an operator would.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
BASE = "https://w3id.org/accountability-kg/"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = ., {db}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


@dataclass
class VirtuosoServer:
    """A running Virtuoso: its SPARQL and Graph Store Protocol addresses, and a SPARQL helper to look inside."""

    base: str
    isql_port: int
    process: subprocess.Popen[bytes]
    folder: Path

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def store(self) -> str:
        return self.base + "/sparql-graph-crud"

    def select(self, query: str) -> list[dict[str, str]]:
        url = self.sparql + "?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            bindings = json.load(response)["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in bindings]

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, Virtuoso's own system graphs included."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"]: int(row["n"]) for row in rows}

    def project_graph_counts(self) -> dict[str, int]:
        """Triples per named graph under the project's namespace."""
        return {g: n for g, n in self.graph_counts().items() if g.startswith(BASE)}

    def isql(self, *statements: str) -> str:
        assert ISQL is not None
        script = "".join(s.rstrip(";") + ";\n" for s in statements)
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.isql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"],
            input=script.encode(),
            capture_output=True,
            timeout=60,
            check=True,
        )
        return done.stdout.decode("utf-8", "replace")

    def grant_updates(self) -> None:
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL"', "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_ready(server: VirtuosoServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = (server.folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso exited with {server.process.returncode}: {log}")
        try:
            server.select("SELECT (1 AS ?one) WHERE {}")
            return
        except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
            time.sleep(0.2)
    raise RuntimeError(f"{server.sparql} did not answer within {timeout} s")


@contextmanager
def running_virtuoso(folder: Path, *, max_rows: int = 100_000) -> Iterator[VirtuosoServer]:
    """`virtuoso-t` in the foreground on a fresh database in `folder`, until the block ends."""
    assert VIRTUOSO is not None
    folder.mkdir(parents=True, exist_ok=True)
    http, isql = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(db=folder, isql=isql, http=http, max_rows=max_rows))
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = VirtuosoServer(f"http://127.0.0.1:{http}", isql, process, folder)
    try:
        wait_until_ready(server)
        server.grant_updates()
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
