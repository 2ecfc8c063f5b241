"""Reading the engine's answer for the front: whole, against one deadline, rows capped (see kg/serve/server.py).

Every answer is read whole (at most N + 1 rows) before the client sees a status, so a query Oxigraph cancels
midway becomes a 504, not a cut-off 200.
"""

from __future__ import annotations

import http.client
import io
import time
from typing import IO, cast

import pyoxigraph as ox

from .limits import Incomplete, cutter_for

CHUNK = 1 << 16
CANCELLED = b"The SPARQL operation has been cancelled"  # Oxigraph 0.5's text when --timeout-s stops a query
TEXT = "text/plain; charset=utf-8"

Reply = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, extra headers


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return status, TEXT, (message + "\n").encode("utf-8"), headers or {}


def busy(message: str) -> Reply:
    """503 with Retry-After: the engine is restarting or every query slot is taken."""
    return text(503, f"{message}; retry in a second", {"Retry-After": "1"})


def timed_out(limit: float, *, restarted: bool = False) -> Reply:
    unit = "second" if limit == 1 else "seconds"
    how = "the engine running it was restarted" if restarted else "it was stopped"
    return text(
        504,
        f"the query exceeded the time limit of {limit:g} {unit} and was stopped ({how}); "
        "add a LIMIT or narrow the patterns, or restart the server with a longer timeout",
    )


def read_answer(reader: Upstream, form: str | None, max_rows: int, timeout_s: float) -> Reply:
    """The engine's response as the client gets it: capped, complete, or an error saying why not."""
    response = reader.response
    ctype = response.getheader("Content-Type", "application/octet-stream")
    media = ctype.split(";")[0].strip().lower()
    if response.status != 200:
        body = reader.readall()
        if CANCELLED in body:
            return timed_out(timeout_s)
        return response.status, ctype, body, {}
    if form == "ASK":
        return 200, ctype, reader.readall(), {}
    if form in {"CONSTRUCT", "DESCRIBE"} or cutter_for(media, 1) is None:
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is None:  # a type we cannot count in: pass it on as it is
            return 200, ctype, reader.readall(), {}
        return _cap_triples(reader, rdf, ctype, max_rows, timeout_s)
    cutter = cutter_for(media, max_rows)
    assert cutter is not None
    while (data := reader.read(CHUNK)) and not cutter.feed(data):
        pass
    try:
        body = cutter.body()
    except Incomplete as e:
        return _broken(e.tail, timeout_s)
    return 200, ctype, body, limit_headers(max_rows, cutter.rows, cutter.truncated)


def _cap_triples(reader: Upstream, rdf: ox.RdfFormat, ctype: str, limit: int, timeout_s: float) -> Reply:
    """Parse the triples as they stream; past `limit`, serialise the first `limit` again in the same format."""
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
        return _broken(reader.tail, timeout_s)
    body = _serialized(kept, rdf) if truncated else bytes(reader.tee)
    return 200, ctype, body, limit_headers(limit, len(kept), truncated)


def limit_headers(limit: int, rows: int, truncated: bool) -> dict[str, str]:
    return {
        "X-Results-Limit": str(limit),
        "X-Results-Truncated": "true" if truncated else "false",
        "X-Results-Rows": str(rows),
    }


def _broken(tail: bytes, timeout_s: float) -> Reply:
    if CANCELLED in tail:
        return timed_out(timeout_s)
    message = tail.decode("utf-8", "replace").strip()[-500:] or "no message"
    return text(502, f"Oxigraph stopped in the middle of the results: {message}")


def _serialized(quads: list[ox.Quad], rdf: ox.RdfFormat) -> bytes:
    data = ox.serialize(quads, format=rdf)
    assert data is not None  # given no output, pyoxigraph returns the bytes
    return data


class Upstream(io.RawIOBase):
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
