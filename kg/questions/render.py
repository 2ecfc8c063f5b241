"""Rows from the question commands as a table (people), CSV (spreadsheets) or JSON (programs); the table and
CSV writers in kg.store.sparql make cells from sources safe for a terminal and a spreadsheet."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

Row = dict[str, Any]
Column = tuple[str, Callable[[Row], Any]]


def span(b: dict[str, Any] | None) -> str:
    """A bound as text: '2019-06-01..2019-08-31', '..2021-09-30' (by then), '2023-04-01..' (not before), '?'."""
    if not b:
        return "?"
    lo, hi = b.get("earliest"), b.get("latest")
    if lo and hi:
        return lo if lo == hi else f"{lo}..{hi}"
    if lo:
        return f"{lo}.."
    if hi:
        return f"..{hi}"
    return "?"


def _cite(source: str, url: str | None) -> str:
    return f"{source} <{url}>" if url else source


def _sources(row: Row) -> str:
    """Each source by its id, and the address it was published at where it has one."""
    cited = {e["source"]: _cite(e["source"], e.get("source_url")) for e in row.get("evidence", [])}
    cited |= {c["source"]: _cite(c["source"], c.get("url")) for c in row.get("citations", [])}
    return "; ".join(cited.get(s, s) for s in sorted(set(cited) | set(row.get("sources", []))))


def _flags(row: Row) -> str:
    return " ".join(f for f in ("interim", "acting") if row.get(f))


def _certain(row: Row) -> str:
    lo, hi = row.get("certain_from"), row.get("certain_until")
    return f"{lo}..{hi}" if lo and hi else ""


TENURE_TABLE: list[Column] = [
    ("post", lambda r: r["post"] or r["organisation"]),
    ("holder", lambda r: "(vacant)" if r["vacancy"] else r["person"]),
    ("status", lambda r: r["status"] or ""),
    ("start", lambda r: span(r["start"])),
    ("end", lambda r: span(r["end"])),
    ("certain", _certain),
    ("flags", _flags),
    ("sources", _sources),
]
TENURE_CSV: list[Column] = [
    ("person", lambda r: r["person"]),
    ("person_id", lambda r: r["person_id"]),
    ("post", lambda r: r["post"]),
    ("post_id", lambda r: r["post_id"]),
    ("organisation", lambda r: r["organisation"]),
    ("organisation_id", lambda r: r["organisation_id"]),
    ("vacancy", lambda r: r["vacancy"]),
    ("status", lambda r: r["status"]),
    ("start_earliest", lambda r: r["start"]["earliest"]),
    ("start_latest", lambda r: r["start"]["latest"]),
    ("end_earliest", lambda r: r["end"]["earliest"]),
    ("end_latest", lambda r: r["end"]["latest"]),
    ("certain_from", lambda r: r["certain_from"]),
    ("certain_until", lambda r: r["certain_until"]),
    ("interim", lambda r: r["interim"]),
    ("acting", lambda r: r["acting"]),
    ("previous_holder", lambda r: r["previous_holder"]),
    ("next_holder", lambda r: r["next_holder"]),
    ("conflicts", lambda r: " | ".join(r["conflicts"])),
    ("sources", _sources),
]


def _accountable(row: Row) -> str:
    return "; ".join(f"{a['post']}: {a['person'] or '-'} ({a['status']})" for a in row.get("accountable", []))


TIMELINE_TABLE: list[Column] = [
    ("date", lambda r: r["date"]["value"]),
    ("kind", lambda r: r["kind"]),
    ("what", lambda r: r["summary"]),
    ("in post (lead posts of the target)", _accountable),
]
TIMELINE_CSV: list[Column] = [
    ("date", lambda r: r["date"]["value"]),
    ("written", lambda r: r["date"]["written"]),
    ("earliest", lambda r: r["date"]["earliest"]),
    ("latest", lambda r: r["date"]["latest"]),
    ("kind", lambda r: r["kind"]),
    ("summary", lambda r: r["summary"]),
    ("themes", lambda r: "; ".join(r["themes"])),
    ("accountable", _accountable),
    ("sources", _sources),
    ("quote", lambda r: r["quote"]),
    ("node", lambda r: r["node"]),
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(rows: list[Row], fmt: str, table: Sequence[Column], flat: Sequence[Column]) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    columns = flat if fmt == "csv" else table
    cells = [[_cell(fn(r)) for _, fn in columns] for r in rows]
    names = [name for name, _ in columns]
    from ..store.sparql import csv_text, text_table

    return csv_text(names, cells) if fmt == "csv" else text_table(names, cells)
