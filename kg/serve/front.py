"""The HTTP front of `kg serve`: SPARQL protocol checks, time limit, row cap and the views (see kg/serve/server.py).

Standard library only (http.server), one thread per request; every Oxigraph answer is read whole (at most N + 1
rows) before the client sees a status, so a query Oxigraph cancels midway becomes a 504, not a cut-off 200.
"""

from __future__ import annotations

import http.client
import io
import logging
import mimetypes
import re
import shutil
import socket
import socketserver
import sys
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, cast
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pyoxigraph as ox

from .limits import Incomplete, cutter_for

log = logging.getLogger("kg.serve")

GRACE_S = 0.5  # the front waits this much longer than Oxigraph's own time limit
CHUNK = 1 << 16
MAX_BODY = 10 << 20  # largest POST body accepted (a query with a big VALUES block)
CANCELLED = b"The SPARQL operation has been cancelled"  # Oxigraph 0.5's text when --timeout-s stops a query
TEXT = "text/plain; charset=utf-8"
SPARQL_PATHS = {"/sparql", "/query"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
GRAPH_PARAMS = ("default-graph-uri", "named-graph-uri")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
}
_PROLOGUE = re.compile(r"\s+|#[^\n\r]*|(?i:BASE)\s*<[^>]*>|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>")
_KEYWORD = re.compile(r"[A-Za-z]+")

Reply = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, extra headers


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or an update keyword (INSERT, ...): the first word after the prologue."""
    pos = 0
    while (m := _PROLOGUE.match(text, pos)) and m.end() > pos:
        pos = m.end()
    m = _KEYWORD.match(text, pos)
    return m.group().upper() if m else None


@dataclass
class FrontConfig:
    views: Path  # resolved
    timeout_s: float
    max_rows: int
    upstream: tuple[str, int] = ("127.0.0.1", 0)


class Front(ThreadingHTTPServer):
    """The listening socket and its settings; daemon threads, so a slow client never blocks shutdown."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], config: FrontConfig) -> None:
        self.config = config
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def server_bind(self) -> None:  # skip HTTPServer's reverse DNS lookup of the host
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up is routine (debug); anything else is a bug worth a traceback."""
        error = sys.exc_info()[1]
        level = logging.DEBUG if isinstance(error, ConnectionError) else logging.ERROR
        log.log(level, "request from %s failed", client_address, exc_info=True)


class Handler(BaseHTTPRequestHandler):
    server: Front
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._route("GET")

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._refuse_write()

    do_DELETE = do_PATCH = do_PUT

    def _route(self, method: str) -> None:
        path = urlsplit(self.path).path
        if path in SPARQL_PATHS and method != "HEAD":
            self._reply(self._sparql(method))
        elif path == "/update" or (path == "/store" and method != "GET"):
            self._refuse_write()
        elif method == "POST":
            self._read_body()
            self._reply(_text(405, "POST is only accepted at /sparql (queries only: this server is read-only)"))
        else:
            self._static(unquote(path), head=method == "HEAD")

    # --- SPARQL -------------------------------------------------------------------------------------------------

    def _sparql(self, method: str) -> Reply:
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if method == "POST":
            body = self._read_body()
            if body is None:
                return _text(413, f"the request body is larger than {MAX_BODY} bytes")
            kind = self.headers.get_content_type()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _text(400, "the request body is not UTF-8")
            if kind == "application/x-www-form-urlencoded":
                for key, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                params.setdefault("query", []).append(text)
            elif kind == "application/sparql-update":
                return _read_only()
            else:
                return _text(
                    415, "POST a query as application/x-www-form-urlencoded (query=...) or application/sparql-query"
                )
        if "update" in params:
            return _read_only()
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return _text(
                400,
                "give exactly one SPARQL query: GET /sparql?query=... or POST it (query=... or application/sparql-query)",
            )
        form = query_form(queries[0])
        if form in UPDATE_FORMS:
            return _read_only()
        graphs = {k: v for k, v in params.items() if k in GRAPH_PARAMS}
        return self._ask_oxigraph(queries[0], form, graphs)

    def _ask_oxigraph(self, query: str, form: str | None, graphs: dict[str, list[str]]) -> Reply:
        config = self.server.config
        deadline = time.monotonic() + config.timeout_s + GRACE_S
        conn = http.client.HTTPConnection(*config.upstream, timeout=config.timeout_s + GRACE_S)
        headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
        if accept := self.headers.get("Accept"):
            headers["Accept"] = accept
        target = "/query" + ("?" + urlencode(graphs, doseq=True) if graphs else "")
        try:
            conn.request("POST", target, body=query.encode("utf-8"), headers=headers)
            reader = _Upstream(conn, deadline)
            return self._read_answer(reader, form)
        except TimeoutError:
            return self._timed_out()
        except (OSError, http.client.HTTPException) as e:
            return _text(502, f"the SPARQL engine (Oxigraph) is not answering: {e}")
        finally:
            conn.close()

    def _read_answer(self, reader: _Upstream, form: str | None) -> Reply:
        response = reader.response
        ctype = response.getheader("Content-Type", "application/octet-stream")
        media = ctype.split(";")[0].strip().lower()
        if response.status != 200:
            body = reader.readall()
            if CANCELLED in body:
                return self._timed_out()
            return response.status, ctype, body, {}
        if form == "ASK":
            return 200, ctype, reader.readall(), {}
        if form in {"CONSTRUCT", "DESCRIBE"} or cutter_for(media, 1) is None:
            rdf = ox.RdfFormat.from_media_type(media)
            if rdf is None:  # a type we cannot count in: pass it on as it is
                return 200, ctype, reader.readall(), {}
            return self._cap_triples(reader, rdf, ctype)
        cutter = cutter_for(media, self.server.config.max_rows)
        assert cutter is not None
        while (data := reader.read(CHUNK)) and not cutter.feed(data):
            pass
        try:
            body = cutter.body()
        except Incomplete as e:
            return self._broken(e.tail)
        return 200, ctype, body, self._limit_headers(cutter.rows, cutter.truncated)

    def _cap_triples(self, reader: _Upstream, rdf: ox.RdfFormat, ctype: str) -> Reply:
        """Parse the triples as they stream; past max_rows, serialise the first max_rows again in the same format."""
        limit = self.server.config.max_rows
        reader.tee = bytearray()
        kept: list[ox.Quad] = []
        truncated = False
        try:
            # pyoxigraph reads any object with read(); its stub names IO[bytes], which a RawIOBase is not nominally
            for quad in ox.parse(cast(IO[bytes], reader), format=rdf):
                if len(kept) == limit:
                    truncated = True
                    break
                kept.append(quad)
        except SyntaxError:
            return self._broken(reader.tail)
        body = _serialized(kept, rdf) if truncated else bytes(reader.tee)
        return 200, ctype, body, self._limit_headers(len(kept), truncated)

    def _limit_headers(self, rows: int, truncated: bool) -> dict[str, str]:
        return {
            "X-Results-Limit": str(self.server.config.max_rows),
            "X-Results-Truncated": "true" if truncated else "false",
            "X-Results-Rows": str(rows),
        }

    def _timed_out(self) -> Reply:
        limit = self.server.config.timeout_s
        unit = "second" if limit == 1 else "seconds"
        return _text(
            504,
            f"the query exceeded the time limit of {limit:g} {unit} and was stopped; "
            "add a LIMIT or narrow the patterns, or restart the server with a longer timeout",
        )

    def _broken(self, tail: bytes) -> Reply:
        if CANCELLED in tail:
            return self._timed_out()
        message = tail.decode("utf-8", "replace").strip()[-500:] or "no message"
        return _text(502, f"Oxigraph stopped in the middle of the results: {message}")

    # --- views and plumbing -------------------------------------------------------------------------------------

    def _static(self, path: str, *, head: bool) -> None:
        root = self.server.config.views
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return self._reply(_text(403, "forbidden path"))
        target = root.joinpath(*parts)
        if target.is_dir():
            target = target / "index.html"
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return self._reply(_text(404, f"not found: {path}"))
        if not resolved.is_relative_to(root):
            return self._reply(_text(403, "forbidden path"))
        if not resolved.is_file():
            return self._reply(_text(404, f"not found: {path}"))
        ctype = CONTENT_TYPES.get(resolved.suffix.lower()) or mimetypes.guess_type(resolved.name)[0]
        with resolved.open("rb") as fh:
            self.send_response(200)
            self.send_header("Content-Type", ctype or "application/octet-stream")
            self.send_header("Content-Length", str(resolved.stat().st_size))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if not head:
                shutil.copyfileobj(fh, self.wfile)

    def _refuse_write(self) -> None:
        self._read_body()
        self._reply(_read_only())

    def _read_body(self) -> bytes | None:
        """The request body (b"" if none); None, and the connection marked to close, if it is too large."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _reply(self, reply: Reply) -> None:
        status, ctype, body, extra = reply
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _text(status: int, message: str) -> Reply:
    return status, TEXT, (message + "\n").encode("utf-8"), {}


def _read_only() -> Reply:
    return _text(403, "this SPARQL endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused")


def _serialized(quads: list[ox.Quad], rdf: ox.RdfFormat) -> bytes:
    data = ox.serialize(quads, format=rdf)
    assert data is not None  # given no output, pyoxigraph returns the bytes
    return data


class _Upstream(io.RawIOBase):
    """Oxigraph's response body, read against one deadline for the whole answer (not per read)."""

    def __init__(self, conn: http.client.HTTPConnection, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline
        self.sock = conn.sock
        self._limit()
        self.response = conn.getresponse()
        self.tee: bytearray | None = None  # a copy of every byte read, when asked for
        self.tail = b""  # the last bytes read: where Oxigraph's error text is

    def _limit(self) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        if self.sock is not None:
            self.sock.settimeout(remaining)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        self._limit()
        n = self.response.readinto(buffer)
        data = bytes(buffer[:n])
        if self.tee is not None:
            self.tee += data
        self.tail = (self.tail + data)[-1024:]
        return n
