"""The SPARQL engine of `kg serve`, supervised: Oxigraph's read-only server, restarted whenever it must be.

Why supervise: Oxigraph cannot stop every query it starts (a runaway ORDER BY sorts for minutes at 100 % of a
core and gigabytes, past its own --timeout-s), and some queries abort it (a sort that panics, a stack overflow).
Its --timeout-s is not used at all: Oxigraph 0.5.13 starts a thread for each query that lives for the whole
timeout, so 600 queries a second with a 30 s limit would keep 18,000 threads (at 4 GB of address space, thread
creation failed with EAGAIN after 1,400). The store is opened read-only, so killing the process loses nothing
and a restart on the same folder is safe. So:
- a memory limit (RLIMIT_AS, set with prlimit on the started process: Python's preexec_fn is unsafe with threads);
- `overran()`: the front calls it when a query it sent is past its time limit plus a grace; the process that
  query went to is killed (SIGKILL) and a new one started; other queries in flight on it get 503 and Retry-After;
- a death of its own (a panic, the memory limit) is noticed within 0.1 s and the engine restarted the same way;
- each process gets a fresh random loopback port; its whole output is appended to one log file (rotated past
  LOG_MAX_BYTES), and a death's panic lines go to the `kg.serve` log, so the cause is never lost;
- `kg build --store` replaces the store folder by renaming; a folder with another inode is noticed (at most
  one stat a second, on requests) and the engine restarted on it, so SPARQL answers from the new build.
Starting fails for good only when the engine cannot start 3 times in a row; then `failure` says why.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import resource
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError

log = logging.getLogger("kg.serve")

READY_TIMEOUT_S = 30.0
LOG_MAX_BYTES = 8 << 20
STORE_CHECK_S = 1.0
START_ATTEMPTS = 3
POOL_SIZE = 16  # idle keep-alive connections kept to the engine
POOL_IDLE_S = 1.0  # Oxigraph drops an idle connection after a few seconds: reuse only fresher ones


class Unavailable(Exception):
    """The engine is restarting, or could not be started: the client should retry (503)."""


@dataclass(frozen=True)
class Lease:
    """Which engine process a query went to: its port and its generation (one per process started)."""

    port: int
    generation: int


class Engine:
    """One supervised `oxigraph serve-read-only` at a time on `location`; start(), current(), overran(), stop()."""

    def __init__(
        self,
        binary: Path,
        location: Path,
        log_path: Path,
        *,
        memory_limit: int | None = None,
        watch_store: bool = False,
    ) -> None:
        self.binary, self.location, self.log_path = binary, location, log_path
        self.memory_limit, self.watch_store = memory_limit, watch_store
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self.generation = 0
        self.restarts = 0  # processes started after the first
        self.failure: str | None = None  # why the supervisor gave up
        self._ready = False
        self._stopping = threading.Event()
        self._killed = 0  # the generation killed on purpose (its death is not a crash)
        self._reload = False  # the store folder was replaced: restart on it
        self._identity: tuple[int, int] | None = None
        self._checked = 0.0
        self._log_start = 0
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pool: list[tuple[int, float, http.client.HTTPConnection]] = []  # generation, idle since, connection

    def start(self) -> None:
        """Start the first process (an InputError if it cannot start), then supervise it in a thread."""
        self._launch()
        self._thread = threading.Thread(target=self._supervise, name="kg-serve-engine", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop supervising, then the process: SIGTERM, and SIGKILL after 5 s."""
        with self._cond:
            self._stopping.set()
            self._ready = False
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(READY_TIMEOUT_S + 5)
        with self._cond:
            for _generation, _since, conn in self._pool:
                conn.close()
            self._pool.clear()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def current(self, wait: float) -> Lease:
        """The engine to send a query to, waiting up to `wait` seconds for one being (re)started."""
        self._check_store()
        with self._cond:
            self._cond.wait_for(
                lambda: self._ready or self.failure is not None or self._stopping.is_set(), timeout=wait
            )
            if not self._ready or self.port is None:
                raise Unavailable(self.failure or "the SPARQL engine is restarting")
            return Lease(self.port, self.generation)

    def overran(self, lease: Lease, query: str) -> None:
        """A query sent to `lease` is past its limit: kill that process (once), the supervisor starts another."""
        with self._cond:
            if lease.generation != self.generation or self._killed == lease.generation or self.process is None:
                return
            self._killed, self._ready = lease.generation, False
            log.warning("a query ran past its time limit; restarting the engine: %s", " ".join(query.split())[:200])
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    def connection(self, lease: Lease, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        """A kept-alive connection to `lease`'s engine if there is a fresh one (True), else a new one (False).

        Why keep them: Oxigraph starts a thread for each connection and keeps it a few seconds after it closes,
        so a connection per query left 1,400 threads, and 3 GB of address space reserved for their stacks.
        """
        now = time.monotonic()
        with self._cond:
            while self._pool:
                generation, since, conn = self._pool.pop()
                if generation == lease.generation and now - since < POOL_IDLE_S:
                    conn.timeout = timeout
                    return conn, True
                conn.close()
        return http.client.HTTPConnection("127.0.0.1", lease.port, timeout=timeout), False

    def keep(self, lease: Lease, conn: http.client.HTTPConnection) -> None:
        """Put back a connection whose last answer was read to its end."""
        with self._cond:
            if lease.generation == self.generation and len(self._pool) < POOL_SIZE:
                self._pool.append((lease.generation, time.monotonic(), conn))
                return
        conn.close()

    def lost(self, lease: Lease, wait: float = 0.5) -> bool:
        """Whether the process of `lease` died or was replaced (waiting briefly: a reset comes before the exit)."""
        process = self.process
        if lease.generation != self.generation or process is None:
            return True
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            return lease.generation != self.generation
        return True

    def log_tail(self, since: int = 0, limit: int = 64 << 10) -> str:
        """The engine's output from byte `since` of the log (at most the last `limit` bytes of it)."""
        try:
            with self.log_path.open("rb") as fh:
                size = fh.seek(0, os.SEEK_END)
                fh.seek(max(since, size - limit))
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    # --- the supervisor thread ----------------------------------------------------------------------------------

    def _supervise(self) -> None:
        failures = 0
        while True:
            process = self.process
            assert process is not None
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(0.1)
            with self._cond:
                if self._stopping.is_set():
                    return
                reload, died = self._reload, process.poll() is not None
                if not (reload or died):
                    continue
                self._ready = False
                killed = self._killed == self.generation
            if reload and not died:
                log.info("the store at %s was replaced; restarting the engine on it", self.location)
                process.kill()
                process.wait()
            elif not killed and not reload:
                self._report_death(process)
            try:
                self._launch()
                failures = 0
            except InputError as e:
                failures += 1
                log.error("%s", e)
                if failures >= START_ATTEMPTS:
                    with self._cond:
                        self.failure = f"the SPARQL engine could not be restarted: {e}"
                        self._cond.notify_all()
                    return
                time.sleep(0.5 * failures)

    def _report_death(self, process: subprocess.Popen[bytes]) -> None:
        code = process.returncode
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}"
        lines = [line for line in self.log_tail(self._log_start).splitlines() if line.strip() and line[:1] != " "]
        cause = " | ".join(lines[-6:]) or "no message"
        log.error(
            "the SPARQL engine stopped (%s); restarting it. Its log (all of it in %s): %s", how, self.log_path, cause
        )

    def _launch(self) -> None:
        """Start a process on a free port and wait until it answers; an InputError if it cannot."""
        with self._cond:
            if self._stopping.is_set():
                return
            self._reload = False
        self._rotate_log()
        try:
            stat = self.location.stat()
        except OSError as e:
            raise InputError(f"the store {self.location} cannot be opened: {e.strerror or e}") from e
        identity = (stat.st_dev, stat.st_ino)
        for _attempt in range(3):  # the free port we picked may be taken before Oxigraph binds it
            port = _free_port()
            with self.log_path.open("ab") as out:
                self._log_start = out.tell()
                process = self._spawn(port, out)
            if self._wait_ready(process, port):
                with self._cond:
                    if self.process is not None:
                        self.restarts += 1
                    self.process, self.port, self._identity = process, port, identity
                    self.generation += 1
                    stopping = self._stopping.is_set()
                    self._ready = not stopping
                    self._cond.notify_all()
                if stopping:
                    process.kill()
                    process.wait()
                return
            if "in use" not in self.log_tail(self._log_start):
                break
        message = self.log_tail(self._log_start, 2000).strip() or "no message"
        raise InputError(f"Oxigraph did not start on {self.location}: {message} (log: {self.log_path})")

    def _spawn(self, port: int, out: IO[bytes]) -> subprocess.Popen[bytes]:
        command = [str(self.binary), "serve-read-only", "--location", str(self.location)]
        command += ["--bind", f"127.0.0.1:{port}"]  # no --timeout-s: see the module's docstring
        # No --union-default-graph: Oxigraph's union is a bag; the store's default graph holds the union as a set.
        # Its own process group: a Ctrl-C in the terminal reaches only Python, which then stops Oxigraph in order.
        # MALLOC_ARENA_MAX: fewer malloc arenas reserve less address space, so RLIMIT_AS measures data, not arenas.
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out, process_group=0, env=env)
        if self.memory_limit is not None:
            try:
                resource.prlimit(process.pid, resource.RLIMIT_AS, (self.memory_limit, self.memory_limit))
            except (OSError, ValueError) as e:
                process.kill()
                process.wait()
                raise InputError(f"cannot limit the engine's memory to {self.memory_limit} bytes: {e}") from e
        return process

    def _wait_ready(self, process: subprocess.Popen[bytes], port: int) -> bool:
        """True once the process answers a query; False if it exits first; an error if it never answers."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                try:
                    conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
                    if conn.getresponse().status == 200:
                        return True
                finally:
                    conn.close()
            time.sleep(0.02)
        process.kill()
        process.wait()
        raise InputError(f"Oxigraph did not answer within {READY_TIMEOUT_S:g} s (log: {self.log_path})")

    def _rotate_log(self) -> None:
        with contextlib.suppress(OSError):
            if self.log_path.stat().st_size > LOG_MAX_BYTES:
                self.log_path.replace(self.log_path.with_name(self.log_path.name + ".1"))

    def _check_store(self) -> None:
        """Notice (at most once a second) that `kg build` renamed a new store folder into place."""
        now = time.monotonic()
        if not self.watch_store or now - self._checked < STORE_CHECK_S:
            return
        self._checked = now
        try:
            stat = self.location.stat()
        except OSError:
            return  # between the two renames of a swap: look again next time
        with self._cond:
            if self._identity is not None and (stat.st_dev, stat.st_ino) != self._identity and not self._reload:
                self._reload, self._ready = True, False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
