"""Validation: SHACL shapes from ontology/ plus integrity rules that shapes cannot say, reported in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..data.dates import PartialDate
from ..data.model import Corpus
from ..errors import KgError, Location
from ..rdf.vocab import GRAPH_ONTOLOGY, PREFIXES
from .output import merged_graph
from .triples import Built


@dataclass
class Report:
    """Every violation, each naming the node, the rule, and where the node came from in data/."""

    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def short(node: object) -> str:
    text = str(node)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return text


def _where(built: Built, node: URIRef) -> str:
    locations: list[Location] = built.origins.get(node, [])
    return "; ".join(str(loc) for loc in locations) if locations else "derived"


ENGINES = ("pyshacl", "turbo")


def _data_for(built: Built, engine: str, union: bytes | None = None) -> tuple[Any, dict[str, Any]]:
    """The union of the named graphs (the ontology graph included) as the engine reads it fastest, and the
    options that go with it. In memory: an rdflib graph. Built in Oxigraph (or given as N-Triples, `union`, for
    pyshacl-turbo): for pyshacl-turbo, an Oxigraph store holding just the union (it reads stores natively: 75k triples in 2 s against
    18 s as N-Triples text); for pySHACL, N-Triples written by Oxigraph (copying a million triples into rdflib would
    take longer than checking them, and oxrdflib gives simple literals an explicit xsd:string)."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    store = built.dataset.store
    if union is not None and engine == "turbo":
        only_union = ox.Store()
        only_union.load(union, format=ox.RdfFormat.N_TRIPLES)
        return only_union, {}
    if not isinstance(store, OxigraphStore):
        return merged_graph(built.dataset), {"ont_graph": _ontology(built)}
    union = store._inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    if engine == "turbo":
        only_union = ox.Store()
        only_union.load(union, format=ox.RdfFormat.N_TRIPLES)
        return only_union, {}
    return union.decode("utf-8"), {"data_graph_format": "nt", "ont_graph": _ontology(built)}


def _ontology(built: Built) -> Graph:
    ont = Graph()
    for triple in built.dataset.graph(GRAPH_ONTOLOGY):
        ont.add(triple)
    return ont


def shacl_problems(
    built: Built, shapes_path: Path, engine: str = "pyshacl", union: bytes | None = None
) -> tuple[list[str], list[str]]:
    """SHACL with pySHACL (the reference) or pyshacl-turbo (a Rust engine with the same API and report, several
    times faster; see bench/bench_scale.py); tests check both find the same violations."""
    if engine not in ENGINES:
        raise KgError(f"unknown SHACL engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "turbo":
        from pyshacl_turbo import validate as shacl_validate
    else:
        from pyshacl import validate as shacl_validate
    data, options = _data_for(built, engine, union)
    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True, **options
    )
    violations: list[str] = []
    warnings: list[str] = []
    if conforms:
        return violations, warnings
    # Only top-level results: nested sh:detail results from sh:node would repeat each problem.
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        value = results.value(result, SH.value)
        text = (
            f"{short(focus)} ({_where(built, focus)}): {message or 'breaks a shape'}"
            + (f" [property {short(path)}]" if path is not None else "")
            + (f" [value {short(value)}]" if value is not None and value != focus else "")
        )
        (violations if severity == SH.Violation else warnings).append(text)
    return sorted(violations), sorted(warnings)


def _said(loc: Location, claim_id: str) -> str:
    return f"{loc.path}:{loc.line} claim {claim_id!r}"


def integrity_problems(corpus: Corpus) -> tuple[list[str], list[str]]:
    """Rules about time and existence that need the partial-date bounds, checked in Python."""
    violations: list[str] = []
    warnings: list[str] = []
    by_tenure: dict[str, dict[str, list[tuple[PartialDate, Location, str]]]] = {}  # dated evidence, where said
    for c in corpus.claims:
        source = corpus.sources[c.source]
        for key in ("date", "start", "end", "attested", "published"):
            d = c.get(key)
            if d is not None and d.earliest > source.published.latest:
                violations.append(
                    f"{c.loc(key)}: claim {c.id!r}: {key} {d.value} is after the source's own date "
                    f"({source.published.value}): a source cannot report what had not yet happened "
                    "(use `scheduled` for plans)"
                )
        if c.type == "tenure":
            key = c.get("tenure") or f"{c.get('person')}--{c.get('post')}"
            entry = by_tenure.setdefault(key, {"start": [], "end": [], "attested": []})
            for k in ("start", "end", "attested"):
                if c.get(k) is not None:
                    entry[k].append((c.get(k), c.loc(k), c.id))
            post = corpus.entities[c.get("post")]
            org = corpus.entities[post.values["organisation"]]
            born = org.values.get("exists_from")
            for k in ("start", "attested"):
                d = c.get(k)
                if born is not None and d is not None and d.latest < born.earliest:
                    violations.append(
                        f"{c.loc(k)}: claim {c.id!r}: {post.label!r} is a post in {org.label!r}, which exists only from "
                        f"{born.value}, but the claim's {k} is {d.value}"
                    )
    for key, ev in by_tenure.items():
        # Each message starts where the later-read field is written (file:line:column: field), then names both.
        for start, sloc, sid in ev["start"]:
            started = f"({start.value}, {_said(sloc, sid)})"
            for end, eloc, eid in ev["end"]:
                if end.latest < start.earliest:
                    violations.append(
                        f"{eloc}: tenure {key}: ends ({end.value}, {_said(eloc, eid)}) before it starts {started}"
                    )
            for att, aloc, aid in ev["attested"]:
                if att.latest < start.earliest:
                    warnings.append(
                        f"{aloc}: tenure {key}: attested ({att.value}, {_said(aloc, aid)}) before its stated start "
                        + started
                    )
        for end, eloc, eid in ev["end"]:
            for att, aloc, aid in ev["attested"]:
                if att.earliest > end.latest:
                    violations.append(
                        f"{aloc}: tenure {key}: attested ({att.value}, {_said(aloc, aid)}) after it ended "
                        f"({end.value}, {_said(eloc, eid)})"
                    )
    return violations, warnings


def default_engine(built: Built) -> str:
    """pySHACL (the reference) for a graph built in memory; pyshacl-turbo for one built in Oxigraph."""
    from oxrdflib import OxigraphStore

    return "turbo" if isinstance(built.dataset.store, OxigraphStore) else "pyshacl"


def validate_built(
    corpus: Corpus, built: Built, ontology_dir: Path, engine: str | None = None, union: bytes | None = None
) -> Report:
    """SHACL and the integrity rules; `union` is the graph as N-Triples when the caller has it as text already."""
    report = Report()
    engine = engine or default_engine(built)
    v1, w1 = shacl_problems(built, ontology_dir / "shapes.ttl", engine, union)
    v2, w2 = integrity_problems(corpus)
    report.violations = v1 + v2
    report.warnings = w1 + w2 + [str(w) for w in corpus.warnings]  # rows a register reader left out
    return report


__all__ = ["ENGINES", "Report", "validate_built"]
