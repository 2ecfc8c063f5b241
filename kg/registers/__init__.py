"""Stage between reading data/ and building the graph: public registers. Enters: data/registers/<id>.yaml (each
register's origin, licence, retrieval date, sha256 and reader) beside its CSV file. Leaves: the councils and their
children's services units, inspections, judgements by area, lead inspectors and reorganisations, as entities and as
claims whose quote is the row they come from (its line in the file), in the same Corpus as the articles; and
warnings naming file, line and column for every row or cell left out as suspicious.

`load_project` is what every command that needs the whole of data/ calls: the articles' corpus plus the registers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import rdflib

from ..data.loading import load_corpus
from ..data.model import Claim, Corpus, Entity, Source
from ..data.paths import Paths
from ..data.schema import Checker, Schema
from ..errors import Problem, ProblemList
from .councils import Councils, read_crosswalk, read_lookup
from .files import Register, load_register
from .inspections import AreaUse, read_inspections
from .interventions import read_interventions
from .linking import link_events
from .trusts import read_trusts

KGO = rdflib.Namespace("https://w3id.org/accountability-kg/ontology#")
ORDER = ("council-identifiers", "council-lookup", "ofsted-inspections", "interventions", "trusts", "none")


def load_project(paths: Paths, include_pending: bool = False) -> Corpus:
    """data/ whole: sources, entities and claims, and the registers' rows as entities and claims; article events
    that are a register's events (same body, inspectorate, kind, overlapping dates) are made the same node."""
    corpus = load_corpus(paths, include_pending, extend=read_registers)
    link_events(corpus)
    return corpus


def read_registers(
    paths: Paths, schema: Schema, entities: dict[str, Entity], checker: Checker
) -> tuple[dict[str, Source], list[Claim], list[Problem]]:
    folder = paths.data / "registers"
    if not folder.is_dir():
        return {}, [], []
    problems = checker.problems
    warnings = ProblemList()
    registers: list[Register] = []
    for meta in sorted(folder.glob("*.yaml")):
        register = load_register(meta, schema, checker, problems)
        if register is not None:
            registers.append(register)
    registers.sort(key=lambda r: (ORDER.index(r.reader) if r.reader in ORDER else len(ORDER), r.id))
    councils = Councils(entities)
    councils.index_existing()
    claims: list[Claim] = []
    areas = area_use(paths.ontology)
    for register in registers:
        if register.reader == "council-identifiers":
            read_crosswalk(register, councils, problems, warnings)
        elif register.reader == "council-lookup":
            read_lookup(register, councils, problems, warnings)
        elif register.reader == "ofsted-inspections":
            claims += read_inspections(register, councils, areas, problems, warnings)
        elif register.reader == "interventions":
            claims += read_interventions(register, councils, claims, problems, warnings)
        elif register.reader == "trusts":
            claims += read_trusts(register, councils, problems, warnings)
    claims += councils.claims
    return {r.id: r.source for r in registers}, claims, warnings.problems


def area_use(ontology: Path) -> dict[str, AreaUse]:
    """When each area of judgement was in use, from the areas scheme (data, not code)."""
    g = rdflib.Graph().parse(ontology / "schemes" / "areas.ttl", format="turtle")
    out: dict[str, AreaUse] = {}
    for concept, notation in g.subject_objects(rdflib.SKOS.notation):
        start, end = g.value(concept, KGO.inUseFrom), g.value(concept, KGO.inUseUntil)
        out[str(notation)] = AreaUse(_as_date(start), _as_date(end))
    return out


def _as_date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value is not None else None


__all__ = ["load_project", "read_registers"]
