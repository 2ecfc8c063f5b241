"""Trusts and council-owned companies from the trusts seed: each an organisation (kind `trust`, or `company` where
its basis says the councils own it) with its start and end dates and its basis as a note, and, for each council it
serves, a `change` of kind transfer-of-services from the council's children's services to it, dated by its start
(or, for one council among several, by the date the row gives for that council, or the council's own first day).
The claims quote the row. A body data/entities already has is matched by the row's id, never by its name: the
seed adds what the curator did not say.

A row with an unknown council code, an end before its start, or no start date (a transfer needs one: the body is
still recorded) is reported with file, line and column."""

from __future__ import annotations

import re
from typing import Any

from ..data.dates import DateParseError, PartialDate, parse_date
from ..data.model import Claim, Entity
from ..errors import ProblemList
from .councils import Councils
from .files import Register, Row, require_columns, row_date
from .interventions import GSS, row_id, services_of

COLUMNS = ("id", "name", "serves", "gss_codes", "started", "ended", "basis", "source_url", "note")
COMPANY = re.compile(r"\bcompany\b|council-owned", re.IGNORECASE)
_FROM = re.compile(r"\(from (\d{4}-\d{2}(?:-\d{2})?)\)")


def read_trusts(register: Register, councils: Councils, problems: ProblemList, warnings: ProblemList) -> list[Claim]:
    if not require_columns(register, COLUMNS, problems):
        return []
    services = services_of(councils)
    out: list[Claim] = []
    seen: dict[str, int] = {}
    for row in register.rows():
        tid = row_id(row, seen, warnings)
        if tid is None:
            continue
        if not row["name"]:
            warnings.add(row.loc("name"), "no name; row skipped")
            continue
        served = _councils(row, councils, warnings)
        started, ended = row_date(row, "started", warnings), row_date(row, "ended", warnings)
        if started and ended and ended.latest < started.earliest:
            warnings.add(row.loc("ended"), f"ends ({ended.value}) before it starts ({started.value}); dates left out")
            started = ended = None
        trust = _body(row, tid, register.id, started, ended, councils, warnings)
        if trust is None or not served:
            continue
        if started is None:
            warnings.add(row.loc("started"), f"no start date: {row['name']} is recorded, its taking over "
                         f"{', '.join(c for c, _ in served)}'s children's services is not (a transfer needs a date)")
            continue
        for council, own in served:
            when = _transfer_date(row, started, own, councils.entities[council].values.get("exists_from"))
            if when is None:
                warnings.add(row.loc("gss_codes"), f"{council} ceased before {row['name']} started; no transfer")
                continue
            out.append(_transfer(row, register.id, council, services.get(council, council), tid, when))
    return out


def _councils(row: Row, councils: Councils, warnings: ProblemList) -> list[tuple[str, PartialDate | None]]:
    """The councils served, each with the start the row gives for it alone ("Windsor and Maidenhead (from
    2017-08-01)"): read only where `serves` names as many councils as there are codes, in the same order."""
    codes = [c.strip() for c in row["gss_codes"].split(";") if c.strip()]
    names = [n.strip() for n in row["serves"].split(";")]
    out: list[tuple[str, PartialDate | None]] = []
    for i, code in enumerate(codes):
        council = councils.by_gss.get(code) if GSS.fullmatch(code) else None
        if council is None:
            warnings.add(row.loc("gss_codes"), f"unknown council code {code!r}; that council left out")
            continue
        given = _FROM.search(names[i]) if len(names) == len(codes) else None
        out.append((council, seed_date_text(given[1]) if given else None))
    # a successor of another council served (a county replaced by unitaries) takes over on the one "(from ...)"
    # date the row gives, else on the day its predecessor's reorganisation is dated
    served = {c for c, _ in out}
    successors = {r: c for c in councils.claims if c.get("kind") == "reorganisation"
                  and set(c.get("original")) & served for r in c.get("resulting")}
    froms = _FROM.findall(row["serves"])
    for i, (council, date) in enumerate(out):
        if date is None and council in successors:
            out[i] = (council, seed_date_text(froms[0]) if len(froms) == 1 else successors[council].get("date"))
    if not codes:
        warnings.add(row.loc("gss_codes"), "no council code: whom it serves is not recorded")
    return out


def seed_date_text(text: str) -> PartialDate | None:
    try:
        return parse_date(text).with_text(text)
    except DateParseError:
        return None


def _transfer_date(row: Row, started: PartialDate, own: PartialDate | None, council_from: Any) -> PartialDate | None:
    """When the council's services went to the body: the row's date for that council, else the body's start, or
    the council's first day when it came into being later (a successor council's services move on its first day)."""
    if own is not None and own.earliest >= started.earliest:
        return own
    if isinstance(council_from, PartialDate) and council_from.earliest > started.latest:
        text = f"{council_from.value} (the council's first day; {row['name']} started {started.value})"
        return council_from.with_text(text)
    return started


def _body(
    row: Row, tid: str, source: str, started: PartialDate | None, ended: PartialDate | None, councils: Councils,
    warnings: ProblemList,
) -> str | None:
    facts: dict[str, Any] = {"exists_from": started, "exists_to": ended}
    basis = f"Basis: {row['basis']}." if row["basis"] else ""
    note = " ".join(p for p in (basis, f"Collector's note: {row['note']}" if row["note"] else "") if p)
    existing = councils.entities.get(tid)
    if existing is not None:
        if existing.kind != "organisation":
            warnings.add(row.loc("id"), f"{tid!r} is the id of a {existing.kind}; row skipped")
            return None
        for key, value in {**facts, "note": note or None}.items():
            if value is not None and existing.values.get(key) is None:
                existing.values[key] = value
        existing.values["aliases"] = list(dict.fromkeys([*(existing.values.get("aliases") or []), row["name"]]))
        return tid
    kind = "company" if COMPANY.search(row["basis"]) else "trust"
    values: dict[str, Any] = {"id": tid, "name": row["name"], "kind": kind, "derived_from": source,
                              **{k: v for k, v in facts.items() if v is not None}}
    if note:
        values["note"] = note
    councils.entities[tid] = Entity(tid, "organisation", values, row.loc())
    return tid


def _transfer(row: Row, source: str, council: str, unit: str, trust: str, when: PartialDate) -> Claim:
    values = {"change": f"transfer-{council.removesuffix('-council')}-to-{trust}", "kind": "transfer-of-services",
              "original": [unit], "resulting": [trust], "date": when,
              "note": f"{row['name']} takes over {council}'s children's services (seed row {row['id']}, line {row.line})"}
    return Claim(source, f"row{row.line}-transfer-{council}", "change", values, [row.quote], row.loc(), [row.anchor()])
