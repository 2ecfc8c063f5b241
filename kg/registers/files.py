"""A register file: its metadata (data/registers/<id>.yaml), its CSV text, and its rows, each with its line and its
offsets in the text, so a claim can quote a row exactly and say which line it is."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.dates import DateParseError, PartialDate, parse_date
from ..data.model import Source
from ..data.quotes import Anchor
from ..data.schema import Checker, Schema
from ..data.yaml_strict import LocatedDict, load_yaml, read_text_utf8
from ..errors import DataError, Location, ProblemList

BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    """One record of a register: its values by column, its line number, and where its line sits in the text."""

    values: dict[str, str]
    line: int
    start: int
    end: int
    register: Register

    def loc(self, column: str | None = None) -> Location:
        col = 1 if column is None else self.register.columns.index(column) + 1
        return Location(self.register.csv_path, self.line, col, column)

    def anchor(self) -> Anchor:
        """The row as a quote: its whole line, by offsets (the build checks the text is there)."""
        text = self.register.source.text
        return Anchor(self.start, self.end, text[self.start : self.end], "", "")

    @property
    def quote(self) -> str:
        return self.register.source.text[self.start : self.end]

    def __getitem__(self, column: str) -> str:
        return self.values[column].strip()


@dataclass
class Register:
    """A register as loaded: metadata, the source it is, its columns and its rows."""

    id: str
    reader: str
    meta: dict[str, Any]
    csv_path: Path
    source: Source
    columns: list[str]

    def rows(self) -> Iterator[Row]:
        """Every record with its line and offsets. A record spanning lines (a quoted line break) is one row."""
        text = self.source.text
        offset = text.index("\n") + 1 if "\n" in text else len(text)  # the header is one line
        rest = text[offset:]
        reader = csv.reader(io.StringIO(rest, newline=""))
        line, pos = 2, 0
        for record in reader:
            # csv gives no offsets: find the record's extent by re-reading its lines (quoted newlines counted)
            end = _record_end(rest, pos)
            raw_end = end - 1 if rest[end - 1 : end] == "\n" else end
            if raw_end > pos and rest[raw_end - 1] == "\r":
                raw_end -= 1
            values = dict(zip(self.columns, record, strict=False))
            if any(cell.strip() for cell in record):
                yield Row(values, line, offset + pos, offset + raw_end, self)
            line += rest.count("\n", pos, end)
            pos = end


def _record_end(text: str, start: int) -> int:
    """The offset just past the record that begins at `start` (its newline included), honouring quotes."""
    quoted = False
    i = start
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            return i + 1
        i += 1
    return len(text)


def load_register(meta_path: Path, schema: Schema, checker: Checker, problems: ProblemList) -> Register | None:
    """The register described by `meta_path`, or None with its problems reported (file, line, column)."""
    try:
        raw = load_yaml(meta_path)
    except DataError as exc:  # the strict loader names file, line and column
        problems.problems.extend(exc.problems)
        return None
    where = Location(meta_path, 1)
    values = checker.record(raw, schema.register_fields.fields, where, "register metadata")
    if not values.get("file") or not values.get("id") or values.get("published") is None:
        return None
    if values["id"] != meta_path.stem:
        problems.add(raw.loc("id") if isinstance(raw, LocatedDict) else where,
                     f"id {values['id']!r} must match the file name {meta_path.stem!r}")
        return None
    csv_path = meta_path.with_name(values["file"])
    if not csv_path.is_file():
        problems.add(raw.loc("file") if isinstance(raw, LocatedDict) else where, f"no register file {csv_path.name}")
        return None
    try:
        text = read_text_utf8(csv_path)
    except DataError as exc:  # not UTF-8, or too large
        problems.problems.extend(exc.problems)
        return None
    text = text.removeprefix(BOM)  # the lookup starts with a byte-order mark: not part of its first column's name
    if not text.strip():
        problems.add(Location(csv_path, 1), "register file is empty")
        return None
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    if values.get("sha256") != digest:
        problems.add(raw.loc("sha256") if isinstance(raw, LocatedDict) else where,
                     f"{csv_path.name} has changed since it was recorded (sha256 {digest}); a register is kept as "
                     "published: record the new copy's sha256, origin and retrieval date")
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    source = Source(values["id"], text, values["published"], values, csv_path, where)
    return Register(values["id"], values["reader"], values, csv_path, source, [h.strip() for h in header])


def row_date(row: Row, column: str, warnings: ProblemList) -> PartialDate | None:
    """A cell's partial date ("2014-10", "2015", "2019-10-01") with the text as written; blank is unknown, and a
    cell that is no date is a warning naming its line and column."""
    text = row[column]
    if not text:
        return None
    try:
        return parse_date(text).with_text(text)
    except DateParseError as exc:
        warnings.add(row.loc(column), f"not a date: {text!r} ({exc}); left out")
        return None


def require_columns(register: Register, needed: tuple[str, ...], problems: ProblemList) -> bool:
    """A register missing a column its reader needs cannot be read at all: one problem naming the columns."""
    missing = [c for c in needed if c not in register.columns]
    if missing:
        problems.add(
            Location(register.csv_path, 1, 1, "header"),
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the {register.reader} reader needs {', '.join(needed)}; found {', '.join(register.columns)})",
        )
    return not missing
