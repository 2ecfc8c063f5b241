"""Cap SPARQL results at N rows while they stream, keeping each body a valid document in its own format.

Why byte-level cutting instead of parsing and re-writing: pyoxigraph can parse SELECT results but cannot write a
list of solutions back out, and cutting keeps Oxigraph's exact output. Each cutter relies only on how the four
result formats are defined (and on Oxigraph writing the result rows last, as the specifications lay them out):

- JSON: rows are the objects directly inside `results.bindings`, found by tracking brackets outside strings;
  the cut body ends after row N and closes with `]}}`.
- XML: rows end at `</result>` (a literal's `<` is always escaped as `&lt;`, so that text is never data);
  the cut body closes with `</results></sparql>`.
- CSV: a row ends at a line break outside double quotes (RFC 4180 doubles a quote inside a value).
- TSV: a row ends at every line break (TSV escapes line breaks inside values as `\\n`).

Each cutter also knows when a body is complete, so a body that stops midway (Oxigraph writes its error text into
the stream when it cancels a query it had started answering) is recognised as an error, not passed on as data.
CONSTRUCT and DESCRIBE triples are capped by parsing with pyoxigraph and, only when cut, serialising again.
"""

from __future__ import annotations

import re
from typing import Protocol

JSON_TYPES = {"application/sparql-results+json", "application/json"}
XML_TYPES = {"application/sparql-results+xml", "application/xml"}
CSV_TYPES = {"text/csv"}
TSV_TYPES = {"text/tab-separated-values", "text/tsv"}

# skip everything but brackets outside strings, then stop at the next bracket (or an unfinished string, or the end)
_STRING = rb'"(?:[^"\\]++|\\.)*+"'
_JSON_SKIP = re.compile(rb'(?:[^"{}\[\]]++|' + _STRING + rb")*+", re.DOTALL)
# the common row at once: an object whose values are flat objects (a row with deeper nesting takes the slow path)
_JSON_ROW = re.compile(rb'\{(?:[^"{}\[\]]++|' + _STRING + rb'|\{(?:[^"{}\[\]]++|' + _STRING + rb")*+\})*+\}", re.DOTALL)
_XML_ROW_END = re.compile(rb"</result>|<result/>")
_ROW_DEPTH = b"{{["  # a row is an object opened inside {"results": {"bindings": [ ... ]}}


class Incomplete(Exception):
    """The body ended before its format says it may: `tail` is whatever followed the last complete row."""

    def __init__(self, tail: bytes) -> None:
        super().__init__(tail.decode("utf-8", "replace"))
        self.tail = tail


class Cutter(Protocol):
    rows: int
    truncated: bool

    def feed(self, data: bytes) -> bool:
        """Take the next bytes; True once row N + 1 is complete (stop reading: the result is truncated)."""
        ...

    def body(self) -> bytes:
        """The body to send: everything when complete, the first N rows closed off properly when truncated."""
        ...


def cutter_for(media_type: str, max_rows: int) -> Cutter | None:
    """The cutter for a SELECT results type, or None for anything else."""
    if media_type in JSON_TYPES:
        return JsonCutter(max_rows)
    if media_type in XML_TYPES:
        return XmlCutter(max_rows)
    if media_type in CSV_TYPES:
        return LineCutter(max_rows, quoted=True)
    if media_type in TSV_TYPES:
        return LineCutter(max_rows, quoted=False)
    return None


class JsonCutter:
    """SPARQL 1.1 Query Results JSON."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows, self.rows, self.truncated = max_rows, 0, False
        self._buf = bytearray()
        self._pos = 0  # where scanning resumes
        self._stack = bytearray()
        self._cut = 0  # end of row N
        self._last = 0  # just after the last bracket: where Oxigraph's error text would start
        self._ended = False

    def feed(self, data: bytes) -> bool:
        self._buf += data
        buf, size = self._buf, len(self._buf)
        while True:
            skip = _JSON_SKIP.match(buf, self._pos)
            assert skip is not None  # the pattern matches the empty string too
            at = skip.end()
            if at >= size or buf[at] == 0x22:  # the end, or a string not complete yet: wait for more bytes
                self._pos = at
                return False
            if self._stack == _ROW_DEPTH and (row := _JSON_ROW.match(buf, at)):
                self._pos = self._last = row.end()
                if self._row_done(row.end()):
                    return True
                continue
            token, self._pos = buf[at], at + 1
            self._last = self._pos
            if token in b"{[":
                self._stack.append(token)
            elif self._stack:
                self._stack.pop()
                if token == 0x7D and self._stack == _ROW_DEPTH and self._row_done(self._pos):  # 0x7D: }
                    return True
                self._ended = not self._stack

    def _row_done(self, end: int) -> bool:
        self.rows += 1
        if self.rows == self.max_rows:
            self._cut = end
        if self.rows > self.max_rows:
            self.rows, self.truncated = self.max_rows, True
        return self.truncated

    def body(self) -> bytes:
        if self.truncated:
            return bytes(self._buf[: self._cut]) + b"]}}"
        if not self._ended or self._buf[self._last :].strip():
            raise Incomplete(bytes(self._buf[self._last :]).lstrip(b", \r\n"))
        return bytes(self._buf)


class XmlCutter:
    """SPARQL Query Results XML."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows, self.rows, self.truncated = max_rows, 0, False
        self._buf = bytearray()
        self._pos = 0
        self._cut = 0

    def feed(self, data: bytes) -> bool:
        self._buf += data
        for m in _XML_ROW_END.finditer(self._buf, self._pos):
            self._pos = m.end()
            self.rows += 1
            if self.rows == self.max_rows:
                self._cut = m.end()
            if self.rows > self.max_rows:
                self.rows, self.truncated = self.max_rows, True
                return True
        self._pos = max(self._pos, len(self._buf) - len(b"</result>"))
        return False

    def body(self) -> bytes:
        if self.truncated:
            return bytes(self._buf[: self._cut]) + b"</results></sparql>"
        if not self._buf.rstrip().endswith(b"</sparql>"):
            raise Incomplete(bytes(self._buf[self._buf.rfind(b">") + 1 :]))
        return bytes(self._buf)


class LineCutter:
    """SPARQL 1.1 Query Results CSV (quoted=True) and TSV: the first line is the header."""

    def __init__(self, max_rows: int, *, quoted: bool) -> None:
        self.max_rows, self.rows, self.truncated = max_rows, 0, False
        self._quoted = quoted
        self._buf = bytearray()
        self._records = 0  # header included
        self._end = 0  # end of the last complete record
        self._scan = 0  # where the search for the next line break resumes
        self._odd = False  # inside a quoted CSV value
        self._cut = 0

    def feed(self, data: bytes) -> bool:
        self._buf += data
        while (newline := self._buf.find(b"\n", self._scan)) >= 0:
            if self._quoted and self._buf.count(b'"', self._scan, newline) % 2:
                self._odd = not self._odd
            self._scan = newline + 1
            if self._odd:
                continue
            self._end = newline + 1
            self._records += 1
            self.rows = self._records - 1
            if self.rows == self.max_rows:
                self._cut = self._end
            if self.rows > self.max_rows:
                self.rows, self.truncated = self.max_rows, True
                return True
        return False

    def body(self) -> bytes:
        if self.truncated:
            return bytes(self._buf[: self._cut])
        if self._records == 0 and bytes(self._buf.strip()) in (b"true", b"false"):  # an ASK answer
            return bytes(self._buf)
        if self._records == 0 or self._end != len(self._buf):
            raise Incomplete(bytes(self._buf[self._end :]))
        return bytes(self._buf)
