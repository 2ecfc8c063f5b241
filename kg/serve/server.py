"""`kg serve`: the built graph as a read-only SPARQL 1.1 endpoint, and the HTML views, on one local port.

Oxigraph does the SPARQL: the TriG is bulk-loaded into an on-disk store (a temporary one unless `store` is given)
and `oxigraph serve-read-only` runs on a private loopback port, supervised (kg/serve/engine.py: a memory limit,
killed and restarted when a query overruns its time limit, restarted when it dies, restarted on a store that
`kg build` replaced). In front of it a small standard-library HTTP server (kg/serve/front.py) owns the public
port, so there is one address to give out, and adds what Oxigraph alone does not do:

- `/sparql` and `/query`: GET (or HEAD) `?query=`, or POST as `application/x-www-form-urlencoded` (`query=`) or
  `application/sparql-query`, plain or chunked; `default-graph-uri` / `named-graph-uri` are passed on. The
  client's Accept header is passed on too, so Oxigraph 0.5.13 negotiates the format: SELECT and ASK as
  `application/sparql-results+json` (also for `application/json`, `*/*` or no Accept),
  `application/sparql-results+xml`, `text/csv` (also for `text/plain`), `text/tab-separated-values`; CONSTRUCT
  and DESCRIBE as `text/turtle`, `application/ld+json` (also for `application/json`), `application/n-triples`
  (also for `text/plain`), `application/rdf+xml`, `application/n-quads` (for `*/*` or no Accept),
  `application/trig`, `text/n3`. Anything else gets Oxigraph's 406 and its text. Without GRAPH, a query sees
  the default graph, which holds the union of the named graphs as a set.
- Read-only twice over: Oxigraph opens the store read-only, and the front answers 403 (text/plain) to `/update`,
  to a POST with `update=` or `application/sparql-update`, to a query string that is an update (INSERT, DELETE,
  LOAD, CLEAR, ...), and to PUT, DELETE, PATCH and POST /store. Only `POST /query` ever reaches the engine.
- Guarded (kg/serve/guard.py): a query too large, nested too deep, too long a chain of clauses, or with SERVICE
  (unless `allow_service`) is refused before the engine sees it.
- Time limit: when a query has not been answered whole by T + 0.5 s, the front kills the engine and starts
  another (Oxigraph's own --timeout-s does not stop every query, and costs a thread per query: engine.py).
  The client gets `504 Gateway Timeout`, text/plain, saying the query exceeded T seconds, never a 200 with a
  cut-off body; other queries in flight get 503 with Retry-After.
- Row cap: SELECT results keep at most `max_rows` rows and CONSTRUCT/DESCRIBE at most `max_rows` triples.
  Every such response carries `X-Results-Limit: N`, `X-Results-Truncated: true|false` and
  `X-Results-Rows: n` (rows or triples in this body). A truncated body is still a complete, valid document
  in the requested format (see kg/serve/limits.py for how); the front stops reading from Oxigraph once it has
  N + 1 rows, so a huge result costs no more than its first N rows. ASK answers are never capped.
- Views: `/` is `views/index.html`, any other file under `views` is served read-only with its content type;
  `..`, hidden files and anything resolving outside `views` (symlinks included) get 403, the rest 404.
- Binds 127.0.0.1 unless told otherwise; stops Oxigraph and removes the temporary folder (temporary store and
  engine log) on exit, Ctrl-C, SIGTERM, SIGHUP or an exception. A `store` that already holds data is served as
  it is; an empty or missing one is loaded from the TriG and kept.
"""

from __future__ import annotations

import atexit
import errno
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..store.backend import add_union
from .engine import Engine
from .front import Front, FrontConfig

log = logging.getLogger("kg.serve")
DEFAULT_MEMORY_LIMIT = 4 << 30  # address space of the engine process; the runaway sort of issue 15 took 3-4 GB
MIN_MEMORY_LIMIT = 320 << 20  # Oxigraph's address space peaks at about 250 MB serving small queries


def serve(
    trig: Path,
    views: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    on_ready: Callable[[Server], object] | None = None,
    **options: Any,
) -> None:
    """Serve until Ctrl-C (returns) or SIGTERM/SIGHUP (SystemExit 128+n); then stop Oxigraph, remove the temp store.

    `on_ready` is called once the endpoint answers, e.g. for the CLI to print `server.url` and `server.sparql_url`;
    `options` are Server's (timeout_s, max_rows, store, memory_limit, max_concurrent, allow_service, ...).
    """
    server = Server(trig, views, host=host, port=port, **options)
    previous: dict[signal.Signals, _Handler] = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGTERM, signal.SIGHUP):  # their default would skip the clean-up below
            previous[number] = signal.signal(number, _exit_on_signal)
    try:
        server.start()
        log.info("serving %s (SPARQL at %s)", server.url, server.sparql_url)
        if on_ready is not None:
            on_ready(server)
        server.wait()
    except KeyboardInterrupt:
        log.info("stopped by Ctrl-C")
    finally:
        server.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)


_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None  # what signal.signal takes and returns


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def find_oxigraph() -> Path:
    """The `oxigraph` binary: the one installed beside this Python (the venv's), else the first on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise InputError(
        f"the oxigraph server binary is neither beside {sys.executable} nor on PATH: install it with `pip install oxigraph`"
    )


class Server:
    """One running endpoint: the supervised engine on a private port, the front on `host:port`; start(), stop()."""

    def __init__(
        self,
        trig: Path,
        views: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        timeout_s: float = 30,
        max_rows: int = 10_000,
        store: Path | None = None,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
        max_concurrent: int = 4,
        max_connections: int = 512,
        connection_timeout_s: float = 10.0,
        allow_service: bool = False,
    ) -> None:
        if max_rows < 1:
            raise InputError(f"max_rows must be at least 1, not {max_rows}")
        if timeout_s <= 0:
            raise InputError(f"timeout_s must be positive, not {timeout_s}")
        if max_concurrent < 1 or max_connections < 1 or connection_timeout_s <= 0:
            raise InputError("max_concurrent, max_connections and connection_timeout_s must be positive")
        if memory_limit is not None and memory_limit < MIN_MEMORY_LIMIT:
            raise InputError(
                f"the memory limit must be at least {MIN_MEMORY_LIMIT >> 20} MiB, not {memory_limit >> 20}"
            )
        self.trig, self.views, self.host, self.timeout_s, self.max_rows = trig, views, host, timeout_s, max_rows
        self.store, self.memory_limit, self.allow_service = store, memory_limit, allow_service
        self.max_concurrent, self.max_connections = max_concurrent, max_connections
        self.connection_timeout_s = connection_timeout_s
        self.port = port  # the actual port once started (port=0 picks a free one)
        self.location: Path | None = None  # the store being served (removed at stop() if temporary)
        self.engine: Engine | None = None
        self._front: Front | None = None
        self._thread: threading.Thread | None = None
        self._tempdir: Path | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def sparql_url(self) -> str:
        return self.url + "sparql"

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The engine process running now (another one after each restart)."""
        return self.engine.process if self.engine is not None else None

    @property
    def upstream_port(self) -> int | None:
        return self.engine.port if self.engine is not None else None

    @property
    def upstream_url(self) -> str:
        """Oxigraph's own query URL (loopback only), for comparison and diagnostics."""
        return f"http://127.0.0.1:{self.upstream_port}/query"

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> Server:
        """Bind the port, load the store, start the engine and the front; on any failure undo all of it."""
        if self._front is not None:
            return self
        views = self.views.resolve()
        if not views.is_dir():
            raise InputError(f"{self.views} is not a folder of views: run `kg view` first")
        try:
            self._front = self._bind(views)
            self.port = self._front.server_address[1]
            binary = find_oxigraph()
            self._tempdir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
            self.location = self._prepare_store()
            self.engine = Engine(
                binary,
                self.location,
                self._tempdir / "oxigraph.log",
                memory_limit=self.memory_limit,
                watch_store=self.store is not None,
            )
            self.engine.start()
            self._front.config.engine = self.engine
            self._thread = threading.Thread(
                target=self._front.serve_forever, args=(0.05,), name="kg-serve", daemon=True
            )
            self._thread.start()
        except BaseException:
            self.stop()
            raise
        atexit.register(self.stop)
        return self

    def wait(self) -> None:
        """Block until the engine cannot be restarted any more (an InputError) or the caller is interrupted."""
        while self.engine is not None and self.engine.failure is None:
            time.sleep(0.2)
        if self.engine is not None:
            raise InputError(str(self.engine.failure))

    def stop(self) -> None:
        """Stop the front, then the engine, then remove the temporary folder; safe to call more than once."""
        with self._lock:
            if self._front is not None:
                if self._thread is not None:
                    self._front.shutdown()
                    self._thread.join(5)
                self._front.server_close()
                self._front, self._thread = None, None
            if self.engine is not None:
                self.engine.stop()
            if self._tempdir is not None:
                shutil.rmtree(self._tempdir, ignore_errors=True)
                self._tempdir = None
            atexit.unregister(self.stop)

    def _bind(self, views: Path) -> Front:
        config = FrontConfig(
            views=views,
            timeout_s=self.timeout_s,
            max_rows=self.max_rows,
            allow_service=self.allow_service,
            max_concurrent=self.max_concurrent,
            max_connections=self.max_connections,
            connection_timeout_s=self.connection_timeout_s,
        )
        try:
            return Front((self.host, self.port), config)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise InputError(f"port {self.port} on {self.host} is already in use: choose another port") from e
            raise InputError(f"cannot listen on {self.host}:{self.port}: {e.strerror or e}") from e

    def _prepare_store(self) -> Path:
        """The store to serve: `store` as it is if it has data, else the TriG bulk-loaded (into the temp dir)."""
        if self.store is not None and _has_data(self.store):
            return self.store
        if not self.trig.is_file():
            raise InputError(f"{self.trig} does not exist: run `kg build` first")
        assert self._tempdir is not None
        target = self.store if self.store is not None else self._tempdir / "store"
        started = time.perf_counter()
        try:
            loading = ox.Store(str(target))
            loading.bulk_load(path=self.trig, format=ox.RdfFormat.TRIG)
            add_union(loading)  # the default graph is the union as a set, as in a store `kg build` writes
            loading.flush()
            del loading  # closes the store, so Oxigraph can open it
        except SyntaxError as e:
            raise InputError(f"{self.trig} is not valid TriG: {e}") from e
        except OSError as e:
            raise InputError(f"cannot load {self.trig} into an Oxigraph store at {target}: {e}") from e
        log.info("loaded %s into %s in %.2f s", self.trig, target, time.perf_counter() - started)
        return target


def _has_data(store: Path) -> bool:
    """Whether `store` is an Oxigraph store with at least one quad (read-only open, so no lock is kept)."""
    if not store.is_dir() or not any(store.iterdir()):
        return False
    try:
        existing = ox.Store.read_only(str(store))
    except OSError as e:
        raise InputError(f"{store} is not an Oxigraph store: {e}") from e
    found = next(iter(existing.quads_for_pattern(None, None, None, None)), None) is not None
    del existing
    return found
