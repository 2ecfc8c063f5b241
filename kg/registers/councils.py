"""Councils from the identifier registers: each English council (and the predecessors the registers name) with its
names, codes, Wikidata id, region, type, dates, website and statistical neighbours, and its children's services as a
unit of it. A council data/entities already has (matched by a code, never by name) is the same node: the register
adds what it lacks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..data.model import Claim, Entity
from ..errors import ProblemList
from .files import Register, Row, require_columns, row_date

CROSSWALK_COLUMNS = (
    "ofsted_urn", "dfe_la_code", "gss_code_current", "gss_code_2023", "name", "official_name", "ons_la_type",
    "region_name", "wikidata", "council_start_date", "council_end_date", "mysociety_code", "mysociety_replaced_by",
    "website",
)
LOOKUP_COLUMNS = ("urn", "la_code_new", "stat_neighbours_la_code", "also_known_as")
_GSS = re.compile(r"E\d{8}")
_QID = re.compile(r"Q\d+")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


@dataclass
class Councils:
    """The councils and units known after reading, indexed by the codes rows refer to them by."""

    entities: dict[str, Entity]
    by_gss: dict[str, str] = field(default_factory=dict)  # GSS code (current or former) -> council id
    curated: dict[str, str] = field(default_factory=dict)  # GSS code -> id of a council data/entities defines
    by_urn: dict[str, str] = field(default_factory=dict)  # Ofsted URN -> children's services unit id
    by_mysociety: dict[str, str] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)

    def index_existing(self) -> None:
        """Codes data/entities already gives (a curated council is matched by its code, never by its name)."""
        for e in self.entities.values():
            ids = e.values.get("identifiers") or {}
            for scheme in ("gss", "ons", "gss-former"):
                for code in str(ids.get(scheme, "")).split(";"):
                    if code.strip():
                        self.curated[code.strip()] = self.by_gss[code.strip()] = e.id
            if ids.get("ofsted-urn"):
                self.by_urn[str(ids["ofsted-urn"])] = e.id


def read_crosswalk(register: Register, councils: Councils, problems: ProblemList, warnings: ProblemList) -> None:
    if not require_columns(register, CROSSWALK_COLUMNS, problems):
        return
    replaced: list[tuple[Row, str, list[str]]] = []
    for row in register.rows():
        gss, urn, name = row["gss_code_current"], row["ofsted_urn"], row["name"]
        if not _GSS.fullmatch(gss):
            warnings.add(row.loc("gss_code_current"), f"not a GSS code: {gss!r}; row skipped")
            continue
        if not name:
            warnings.add(row.loc("name"), "no name; row skipped")
            continue
        council = _council(row, register, councils, warnings)
        if urn:
            _unit(row, urn, council, register, councils)
        if row["mysociety_code"]:
            councils.by_mysociety[row["mysociety_code"]] = council.id
        if row["council_end_date"] and row["mysociety_replaced_by"]:
            replaced.append((row, council.id, [c.strip() for c in row["mysociety_replaced_by"].split(",") if c.strip()]))
    for row, old, codes in replaced:  # after every council is known: successors are named by their codes
        successors = [councils.by_mysociety[c] for c in codes if c in councils.by_mysociety]
        end = row_date(row, "council_end_date", warnings)
        if successors and end is not None:
            councils.claims.append(Claim(
                register.id, f"row{row.line}-reorganisation", "change",
                {"change": f"reorganisation-{old}", "kind": "reorganisation", "original": [old],
                 "resulting": successors, "date": end},
                [row.quote], row.loc(), [row.anchor()],
            ))


def _council(row: Row, register: Register, councils: Councils, warnings: ProblemList) -> Entity:
    gss, former = row["gss_code_current"], row["gss_code_2023"]
    identifiers: dict[str, str] = {"gss": gss}
    if former and former != gss and _GSS.fullmatch(former):
        identifiers["gss-former"] = former
    if row["dfe_la_code"]:
        identifiers["dfe-la-code"] = row["dfe_la_code"]
    if _QID.fullmatch(row["wikidata"]):
        identifiers["wikidata"] = row["wikidata"]
    elif row["wikidata"]:
        warnings.add(row.loc("wikidata"), f"not a Wikidata id: {row['wikidata']!r}; left out")
    facts = {
        "region": row["region_name"] or None,
        "council_type": row["ons_la_type"] or None,
        "website": row["website"] if row["website"].startswith(("http://", "https://")) else None,
        "exists_from": row_date(row, "council_start_date", warnings),
        "exists_to": row_date(row, "council_end_date", warnings),
    }
    aliases = [a for a in dict.fromkeys([row["official_name"], row["name"]]) if a]
    # Only a curated council is matched, and by its current code first: a former code can be a predecessor's
    # (Cumberland's 2023 code was Cumbria's), so it never merges two rows of the register.
    existing = councils.curated.get(gss) or (councils.curated.get(former) if former else None)
    if existing is not None:  # curated: the register adds what the curator did not say
        e = councils.entities[existing]
        ids = dict(e.values.get("identifiers") or {})
        if ids.get("ons") == gss:
            del ids["ons"]  # the same code under its register name
        e.values["identifiers"] = {**identifiers, **ids}
        e.values["aliases"] = list(dict.fromkeys([*(e.values.get("aliases") or []), *aliases]))
        for key, value in facts.items():
            if value is not None and e.values.get(key) is None:
                e.values[key] = value
    else:
        cid = f"{slug(row['name'])}-council"
        if cid in councils.entities:
            cid = f"{cid}-{gss.lower()}"
        values = {"id": cid, "name": f"{_natural(row['name'])} Council", "kind": "council", "aliases": aliases,
                  "identifiers": identifiers, "derived_from": register.id,
                  **{k: v for k, v in facts.items() if v is not None}}
        e = councils.entities[cid] = Entity(cid, "organisation", values, row.loc())
    councils.by_gss[gss] = e.id
    if former:
        councils.by_gss.setdefault(former, e.id)
    return e


def _natural(name: str) -> str:
    """A register's index form read as people write it: "Bristol, City of" -> "City of Bristol"."""
    head, sep, tail = name.partition(", ")
    return f"{tail} {head}" if sep and tail[:1].isupper() and tail.split()[-1] == "of" else name


def _unit(row: Row, urn: str, council: Entity, register: Register, councils: Councils) -> None:
    """The council's children's services: the unit Ofsted inspects, identified by the council's Ofsted URN."""
    if urn in councils.by_urn:
        return
    base = council.id.removesuffix("-council")
    uid = f"{base}-childrens-services"
    if uid in councils.entities:  # a unit of that name that the curator did not give this URN: keep both apart
        uid = f"{uid}-{urn}"
    name = council.values["name"].removesuffix(" Council")
    councils.entities[uid] = Entity(uid, "organisation", {
        "id": uid, "name": f"{name} children's services", "kind": "department", "unit_of": council.id,
        "aliases": [f"{name}'s children's services", f"{name} Children's Services"],
        "identifiers": {"ofsted-urn": urn}, "derived_from": register.id,
    }, row.loc("ofsted_urn"))
    councils.by_urn[urn] = uid


def read_lookup(register: Register, councils: Councils, problems: ProblemList, warnings: ProblemList) -> None:
    """Statistical neighbours (GSS codes) and other names, from the Ofsted lookup."""
    if not require_columns(register, LOOKUP_COLUMNS, problems):
        return
    for row in register.rows():
        council_id = councils.by_gss.get(row["la_code_new"])
        if council_id is None:
            warnings.add(row.loc("la_code_new"), f"unknown council code {row['la_code_new']!r}; row skipped")
            continue
        council = councils.entities[council_id]
        neighbours = []
        for code in (c.strip() for c in row["stat_neighbours_la_code"].split(",")):
            if code and code in councils.by_gss:
                neighbours.append(councils.by_gss[code])
            elif code:
                warnings.add(row.loc("stat_neighbours_la_code"), f"unknown council code {code!r} among neighbours")
        if neighbours and not council.values.get("neighbours"):
            council.values["neighbours"] = neighbours
        if row["also_known_as"]:
            council.values["aliases"] = list(dict.fromkeys([*(council.values.get("aliases") or []),
                                                            row["also_known_as"]]))
