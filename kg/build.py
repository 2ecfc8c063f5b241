"""The build: data/ -> checked corpus -> RDF dataset -> output files, all or nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset
from rdflib.namespace import RDF

from .errors import KgError
from .loading import load_corpus
from .model import Corpus
from .output import serialise_dataset, write_atomically
from .paths import Paths
from .rdf_build import Built, build_dataset
from .store import StoreSpec
from .vocab import GRAPH_DERIVED, GRAPH_ENTITIES, GRAPH_ONTOLOGY, GRAPH_PENDING, KGO, ORG


@dataclass
class BuildReport:
    """What a build produced: counts for the summary, and the files written."""

    corpus: Corpus
    built: Built
    files: list[Path]

    def counts(self) -> dict[str, int]:
        ds = self.built.dataset
        kinds = {
            "sources": KGO.Source,
            "people": None,
            "organisations": None,
            "posts": ORG.Post,
            "tenures": ORG.Membership,
            "inspection events": KGO.InspectionEvent,
            "judgements": KGO.Judgement,
            "criticisms": KGO.Criticism,
            "praise": KGO.Praise,
            "responses": KGO.Response,
            "organisational changes": ORG.ChangeEvent,
            "observations": KGO.Observation,
        }
        out: dict[str, int] = {}
        by_kind = Counter(e.kind for e in self.corpus.entities.values())
        for label, cls in kinds.items():
            if label == "people":
                out[label] = by_kind["person"]
            elif label == "organisations":
                out[label] = by_kind["organisation"]
            else:
                out[label] = len(set(ds.subjects(RDF.type, cls)))
        out["claims"] = len(self.corpus.claims)
        out["named graphs"] = sum(1 for _ in ds.graphs()) - 1  # minus the default graph
        out["triples"] = len(ds)
        out["derived edges"] = len(ds.graph(GRAPH_DERIVED))
        if len(ds.graph(GRAPH_PENDING)):  # only with --include-pending: unreviewed claims and what follows from them
            out["pending triples"] = len(ds.graph(GRAPH_PENDING))
        return out


def build_graph(paths: Paths, include_pending: bool = False) -> Built:
    """Load and check data/, then build the dataset in memory (nothing written)."""
    corpus = load_corpus(paths, include_pending=include_pending)
    return build_dataset(corpus, paths.ontology)


def build(
    paths: Paths, include_pending: bool = False, store: StoreSpec | None = None, validate: bool = False
) -> BuildReport:
    """Build and write output/graph.trig, graph.ttl and graph.jsonld (and the Oxigraph store, if one is chosen);
    nothing is replaced on failure. With `validate`, the graph is checked as `kg validate` would before anything
    is written (one build instead of two), and a graph that breaks a rule is not written at all."""
    corpus = load_corpus(paths, include_pending=include_pending)
    if store is None or store.kind == "memory":
        built = build_dataset(corpus, paths.ontology)
        if validate:
            _check(built, paths)
        texts: dict[str, str | bytes] = dict(serialise_dataset(built.dataset))
        files = {paths.output / f"graph.{ext}": text for ext, text in texts.items()}
        write_atomically(files)
        return BuildReport(corpus, built, list(files))
    if store.kind != "oxigraph":
        raise KgError(f"cannot build into {store}: build writes to memory or oxigraph:PATH (then `kg push`)")
    from .build_oxigraph import build_in_oxigraph, serialise_store
    from .store import oxigraph_dataset, staged_store

    built, memory = build_in_oxigraph(corpus, paths.ontology)
    if validate:
        _check(built, paths)
    texts = dict(serialise_store(memory))
    files = {paths.output / f"graph.{ext}": text for ext, text in texts.items()}
    with staged_store(store.path) as disk:
        disk.bulk_extend(iter(memory))
        write_atomically(files)
    built.dataset = oxigraph_dataset(memory)
    return BuildReport(corpus, built, [*files, store.path])


def _check(built: Built, paths: Paths) -> None:
    from .errors import ValidationFailed
    from .validate import validate_built

    report = validate_built(built.corpus, built, paths.ontology)
    if not report.ok:
        raise ValidationFailed(report.violations)


def load_built(paths: Paths) -> Dataset:
    """The dataset as last built, read from output/graph.trig."""
    from .errors import KgError
    from .rdf_build import new_dataset

    if not paths.graph_trig.exists():
        raise KgError(f"{paths.graph_trig} does not exist: run `kg build` first")
    ds = new_dataset()
    ds.parse(paths.graph_trig, format="trig")
    return ds


__all__ = ["GRAPH_ENTITIES", "GRAPH_ONTOLOGY", "BuildReport", "build", "build_graph", "load_built"]
