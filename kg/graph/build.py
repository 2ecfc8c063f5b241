"""The build: data/ -> checked corpus -> RDF dataset -> output files, all or nothing."""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import RDF
from rdflib.query import ResultRow

from ..data.model import Corpus
from ..data.paths import ONTOLOGY_DIR, Paths
from ..data.transaction import Transaction, locked, write_atomically
from ..errors import KgError, ValidationFailed
from ..rdf.vocab import GRAPH_ENTITIES, GRAPH_ONTOLOGY, KGO, ORG
from ..registers import load_project as load_corpus
from ..store.backend import StoreSpec, new_dataset, store_lock
from ..store.sparql import read_query
from .output import serialise_dataset
from .triples import Built, build_dataset
from .validate import Report, validate_built

COUNTS_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "build-counts.rq"


@dataclass
class BuildReport:
    """What a build produced: counts for the summary, and the files written."""

    corpus: Corpus
    built: Built
    files: list[Path]
    counted: dict[str, int] | None = None  # the counts, when taken before the graph moved to disk

    def counts(self) -> dict[str, int]:
        if self.counted is not None:
            return dict(self.counted)
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
        totals = next(iter(ds.query(read_query(COUNTS_QUERY))))
        if not isinstance(totals, ResultRow):  # rdflib types a result's items as rows, triples or booleans
            raise TypeError(f"{COUNTS_QUERY.name} gave {totals!r}: expected the row of a SELECT")
        out["triples"] = int(totals.triples)
        out["derived edges"] = int(totals.derived)
        if int(totals.pending):  # only with --include-pending: unreviewed claims and what follows from them
            out["pending triples"] = int(totals.pending)
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
    if store is not None and store.kind not in ("memory", "oxigraph"):
        raise KgError(f"cannot build into {store}: build writes to memory or oxigraph:PATH (then `kg push`)")
    # One build per output folder and per store; data/ is read under a shared lock (no review or ingest meanwhile).
    with locked(paths.output, "building the graph"), store_lock(store, paths.output):
        with locked(paths.data, shared=True):
            corpus = load_corpus(paths, include_pending=include_pending)
        if store is None or store.kind == "memory":
            built = build_dataset(corpus, paths.ontology)
            if validate:
                _check(built, paths)
            texts: dict[str, str | bytes] = dict(serialise_dataset(built.dataset))
            files = {paths.output / f"graph.{ext}": text for ext, text in texts.items()}
            write_atomically(files, root=paths.output)
            return BuildReport(corpus, built, list(files))
        return _build_oxigraph(paths, corpus, store, validate)


def _build_oxigraph(paths: Paths, corpus: Corpus, store: StoreSpec, validate: bool) -> BuildReport:
    """Derive in an in-memory Oxigraph store, then take the graph out of it as sorted text, once: the output files
    are serialised from that text and the on-disk store bulk-loaded from it (both in Oxigraph). Validation (in
    Rust, which lets go of Python's lock) runs in a second thread meanwhile, and must pass before anything is
    swapped in: the files are written beside their targets and the store in a staged folder, and both are removed
    if validation fails."""
    import pyoxigraph as ox

    from ..store.backend import check_store_target, open_oxigraph, oxigraph_dataset, staged_store
    from .build_oxigraph import build_in_oxigraph, serialise_text, sorted_graphs, sorted_union

    check_store_target(store.path)  # before the work, not after it
    built, memory = build_in_oxigraph(corpus, paths.ontology)
    counted = BuildReport(corpus, built, []).counts()
    union = sorted_union(memory)
    gc.collect()  # query results made in this thread are freed in it (pyo3 refuses to free them in another)
    txn = Transaction(paths.output)  # the three files and the store commit together, or none of them
    try:
        temps = {ext: txn.temp_beside(paths.output / f"graph.{ext}") for ext in ("trig", "ttl", "jsonld")}
        with ThreadPoolExecutor(max_workers=1) as pool:
            checked = pool.submit(_check, built, paths, "turbo", union) if validate else None
            nquads = sorted_graphs(memory)
            # Nothing reads the in-memory store from here on (about 1 GB at a million triples); the report reads
            # the store on disk once it is written.
            del memory
            built.dataset = new_dataset()
            _give_back_memory()
            serialise_text(nquads, union, temps)
            for ext, temp in temps.items():
                txn.write(paths.output / f"graph.{ext}", temp)
            with staged_store(store.path, txn) as disk:
                disk.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
                del nquads
                disk.bulk_load(union, format=ox.RdfFormat.N_TRIPLES)
                del disk  # not kept alive by a traceback: a store that is still open cannot be removed
            if checked is not None:
                checked.result()  # a broken rule raises here: nothing is written, the staged store is removed
        txn.commit()
    except BaseException:
        txn.abort()
        raise
    built.dataset = oxigraph_dataset(open_oxigraph(store.path))
    return BuildReport(corpus, built, [*(paths.output / f"graph.{ext}" for ext in temps), store.path], counted)


def _give_back_memory() -> None:
    """Free what is unreachable now, and hand freed memory back to the system: glibc keeps it for this thread's own
    allocations, and the validating thread allocates from another arena, so at a million triples the peak was
    0.9 GB higher without."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back this way
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def validate_data(paths: Paths, store: StoreSpec | None = None, engine: str | None = None) -> Report:
    """Build data/ as `kg build` would for this store (in memory, nothing written) and validate it; the SHACL
    engine defaults to pySHACL in memory and pyshacl-turbo when the graph is built in Oxigraph."""
    if store is not None and store.kind == "oxigraph":
        from .build_oxigraph import build_in_oxigraph

        built, _ = build_in_oxigraph(load_corpus(paths), paths.ontology)
        return validate_built(built.corpus, built, paths.ontology, engine)
    built = build_graph(paths)
    return validate_built(built.corpus, built, paths.ontology, engine)


def _check(built: Built, paths: Paths, engine: str | None = None, union: bytes | None = None) -> None:
    report = validate_built(built.corpus, built, paths.ontology, engine, union)
    if not report.ok:
        raise ValidationFailed(report.violations)


__all__ = ["GRAPH_ENTITIES", "GRAPH_ONTOLOGY", "BuildReport", "build", "build_graph", "validate_data"]
