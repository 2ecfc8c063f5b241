"""The HTTP front of `kg serve`: protocol checks, query guard, time limit, row cap and the views (see server.py).

Standard library (http.server), one thread per connection, bounded: at most `max_connections` at once (the
next is answered 503 at once, with no thread), each idle or half-sent one dropped after `connection_timeout_s`,
a listen queue of 1,024, and at most `max_concurrent` queries at the engine (the next waits up to a second for a
slot, then gets 503). Why not another server library: the front mostly waits on the engine, and the load test
(bench/bench_serve.py) shows the engine, not the front, sets the pace; see README "The endpoint under hostile
queries".
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import mimetypes
import re
import shutil
import socket
import socketserver
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from .answers import Reply, Upstream, busy, read_answer, text, timed_out
from .engine import Engine, Unavailable
from .guard import check_query

log = logging.getLogger("kg.serve")

GRACE_S = 0.5  # past its time limit plus this, a query's engine is killed and restarted
SLOT_WAIT_S = 1.0  # how long a query waits for a free slot at the engine
RESTART_WAIT_S = 5.0  # how long a query waits for an engine being restarted
MAX_BODY = 10 << 20  # largest POST body accepted
SPARQL_PATHS = {"/sparql", "/query"}
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
_FULL = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
_FULL += b"Connection: close\r\nContent-Length: 45\r\n\r\nthe server has too many connections; retry\r\n\r\n"


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or an update keyword (INSERT, ...): the first word after the prologue."""
    pos = 0
    while (m := _PROLOGUE.match(query, pos)) and m.end() > pos:
        pos = m.end()
    m = _KEYWORD.match(query, pos)
    return m.group().upper() if m else None


@dataclass
class FrontConfig:
    views: Path  # resolved
    timeout_s: float
    max_rows: int
    engine: Engine | None = None
    allow_service: bool = False
    max_concurrent: int = 4
    max_connections: int = 512
    connection_timeout_s: float = 10.0
    slots: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.max_concurrent)


class Front(ThreadingHTTPServer):
    """The listening socket: a deep listen queue, daemon threads, at most `max_connections` of them."""

    daemon_threads = True
    request_queue_size = 1024  # the kernel caps it at net.core.somaxconn (4,096 on current Linux)

    def __init__(self, address: tuple[str, int], config: FrontConfig) -> None:
        self.config = config
        self._connections = threading.BoundedSemaphore(config.max_connections)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def server_bind(self) -> None:  # skip HTTPServer's reverse DNS lookup of the host
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        """One thread per connection while there are fewer than max_connections; past that, 503 and close."""
        if not self._connections.acquire(blocking=False):
            try:
                request.setblocking(False)
                request.send(_FULL)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up or stalls is routine (debug); anything else is a bug worth a traceback."""
        error = sys.exc_info()[1]
        level = logging.DEBUG if isinstance(error, ConnectionError | TimeoutError) else logging.ERROR
        log.log(level, "request from %s failed", client_address, exc_info=True)


class Handler(BaseHTTPRequestHandler):
    server: Front
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.config.connection_timeout_s)  # each read and write; idle keep-alive
        with contextlib.suppress(OSError):  # headers and body go in two writes: without this, 40 ms of delayed ACK
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

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
        if path in SPARQL_PATHS:
            self._reply(self._sparql(method))
        elif path == "/update" or (path == "/store" and method != "GET"):
            self._refuse_write()
        elif method == "POST":
            body = self._read_body()
            self._reply(
                body
                if isinstance(body, tuple)
                else text(405, "POST is only accepted at /sparql (queries only: this server is read-only)")
            )
        else:
            self._static(unquote(path), head=method == "HEAD")

    # --- SPARQL -------------------------------------------------------------------------------------------------

    def _sparql(self, method: str) -> Reply:
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if method == "POST":
            body = self._read_body()
            if isinstance(body, tuple):
                return body
            kind = self.headers.get_content_type()
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError:
                return text(400, "the request body is not UTF-8")
            if kind == "application/x-www-form-urlencoded":
                for key, values in parse_qs(decoded, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                params.setdefault("query", []).append(decoded)
            elif kind == "application/sparql-update":
                return _read_only()
            else:
                return text(
                    415, "POST a query as application/x-www-form-urlencoded (query=...) or application/sparql-query"
                )
        if "update" in params:
            return _read_only()
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return text(
                400,
                "give exactly one SPARQL query: GET /sparql?query=... or POST it (query=... or application/sparql-query)",
            )
        form = query_form(queries[0])
        if form in UPDATE_FORMS:
            return _read_only()
        config = self.server.config
        refusal = check_query(queries[0], allow_service=config.allow_service)
        if refusal is not None:
            return text(refusal.status, refusal.message)
        graphs = {k: v for k, v in params.items() if k in GRAPH_PARAMS}
        if not config.slots.acquire(timeout=SLOT_WAIT_S):
            return busy(f"all {config.max_concurrent} query slots of this endpoint are busy")
        try:
            return self._ask_engine(queries[0], form, graphs)
        finally:
            config.slots.release()

    def _ask_engine(self, query: str, form: str | None, graphs: dict[str, list[str]]) -> Reply:
        config = self.server.config
        assert config.engine is not None
        try:
            lease = config.engine.current(RESTART_WAIT_S)
        except Unavailable as e:
            return busy(str(e))
        deadline = time.monotonic() + config.timeout_s + GRACE_S
        headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
        if accept := self.headers.get("Accept"):
            headers["Accept"] = accept
        target = "/query" + ("?" + urlencode(graphs, doseq=True) if graphs else "")  # the only path ever sent
        conn, reused = config.engine.connection(lease, config.timeout_s + GRACE_S)
        kept = False
        try:
            try:
                conn.request("POST", target, body=query.encode("utf-8"), headers=headers)
                reader = Upstream(conn, deadline)
            except (ConnectionError, http.client.RemoteDisconnected):
                if not reused:
                    raise
                conn.close()  # the engine had closed the kept connection: once more on a new one
                conn = http.client.HTTPConnection("127.0.0.1", lease.port, timeout=config.timeout_s + GRACE_S)
                conn.request("POST", target, body=query.encode("utf-8"), headers=headers)
                reader = Upstream(conn, deadline)
            reply = read_answer(reader, form, config.max_rows, config.timeout_s)
            if reader.response.isclosed() and not reader.response.will_close:  # read to its end: reusable
                config.engine.keep(lease, conn)
                kept = True
            return reply
        except TimeoutError:
            config.engine.overran(lease, query)
            return timed_out(config.timeout_s, restarted=True)
        except (OSError, http.client.HTTPException) as e:
            if config.engine.lost(lease):
                return busy("the SPARQL engine stopped while answering (another query overran its limits)")
            return text(502, f"the SPARQL engine (Oxigraph) is not answering: {e}")
        finally:
            if not kept:
                conn.close()

    # --- views and plumbing -------------------------------------------------------------------------------------

    def _static(self, path: str, *, head: bool) -> None:
        root = self.server.config.views
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return self._reply(text(403, "forbidden path"))
        target = root.joinpath(*parts)
        if target.is_dir():
            target = target / "index.html"
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return self._reply(text(404, f"not found: {path}"))
        if not resolved.is_relative_to(root):
            return self._reply(text(403, "forbidden path"))
        if not resolved.is_file():
            return self._reply(text(404, f"not found: {path}"))
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
        body = self._read_body()
        self._reply(body if isinstance(body, tuple) else _read_only())

    def _read_body(self) -> bytes | Reply:
        """The request body (b"" if none), plain or chunked; or the error to answer (the connection then closes)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        declared = self.headers.get("Content-Length", "0").strip() or "0"
        if not (declared.isascii() and declared.isdigit()):
            self.close_connection = True
            return text(400, f"Content-Length must be a whole number of bytes, not {declared[:40]!r}")
        length = int(declared)
        if length > MAX_BODY:
            self.close_connection = True
            return text(413, f"the request body is larger than {MAX_BODY} bytes")
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes | Reply:
        """A `Transfer-Encoding: chunked` body (RFC 9112 7.1), at most MAX_BODY bytes; trailers are skipped."""
        body = bytearray()
        self.close_connection = True  # unless it ends properly
        while True:
            line = self.rfile.readline(1024)
            size_text = line.split(b";", 1)[0].strip()
            if not re.fullmatch(rb"[0-9A-Fa-f]{1,16}", size_text):
                return text(400, "the chunked request body is malformed")
            size = int(size_text, 16)
            if len(body) + size > MAX_BODY:
                return text(413, f"the request body is larger than {MAX_BODY} bytes")
            if size == 0:
                break
            body += self.rfile.read(size)
            if self.rfile.readline(3).strip():
                return text(400, "the chunked request body is malformed")
        while (trailer := self.rfile.readline(8192)) and trailer.strip():
            pass
        self.close_connection = False
        return bytes(body)

    def _reply(self, reply: Reply) -> None:
        status, ctype, body, extra = reply
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        if self.close_connection:
            self.send_header("Connection", "close")
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _read_only() -> Reply:
    return text(403, "this SPARQL endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused")
