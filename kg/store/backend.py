"""Where the built graph lives: rdflib in memory (the default, for small graphs), an on-disk Oxigraph store (for
national-scale graphs), or any SPARQL 1.1 endpoint (read-only).

Every reading command gets an rdflib `Dataset` whose default graph is the union of the named graphs, whatever the
backend: rdflib's own store, oxrdflib over a pyoxigraph store (queries run inside Oxigraph, parameters become
Oxigraph substitutions), or rdflib's SPARQLStore (parameters become a VALUES block). So the library code that
answers questions does not change with the store, and a notebook can open any of them the same way.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, URIRef

from ..data.paths import ONTOLOGY_DIR, Paths
from ..data.transaction import Transaction, locked, settle
from ..errors import InputError, KgError
from ..rdf.vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

CONFIG_FILE = Path("kg.toml")
UNION_UPDATE = ONTOLOGY_DIR / "queries" / "internal" / "union.ru"
MARKER = "accountability-kg-store"  # a file in the store folder, so `--store` never replaces a folder it did not make


@dataclass(frozen=True)
class StoreSpec:
    """A store as the user wrote it: `memory`, `oxigraph:PATH`, or a SPARQL endpoint URL (read-only)."""

    kind: str = "memory"
    location: str = ""

    @classmethod
    def parse(cls, text: str, base: Path | None = None) -> StoreSpec:
        kind, _, rest = text.partition(":")
        if text == "memory":
            return cls()
        if kind == "oxigraph" and rest:
            path = Path(rest)
            return cls("oxigraph", str(path if path.is_absolute() or base is None else base / path))
        raise InputError(f"--store {text!r}: expected `memory` or `oxigraph:PATH` (a folder for the on-disk store)")

    @classmethod
    def endpoint(cls, url: str) -> StoreSpec:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"--endpoint {url!r}: expected an http:// or https:// SPARQL endpoint URL")
        return cls("endpoint", url)

    @property
    def path(self) -> Path:
        return Path(self.location)

    def __str__(self) -> str:
        return self.kind if self.kind == "memory" else f"{self.kind}:{self.location}"


def configured(store: str | None = None, endpoint: str | None = None, config: Path = CONFIG_FILE) -> StoreSpec:
    """The store to use: `--endpoint`, then `--store`, then `store = "..."` in kg.toml, else memory."""
    if endpoint:
        return StoreSpec.endpoint(endpoint)
    if store:
        return StoreSpec.parse(store)
    if config.is_file():
        try:
            settings = tomllib.loads(config.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{config}: not valid TOML ({exc})") from None
        value = settings.get("store")
        if value is None:
            return StoreSpec()
        if not isinstance(value, str):
            raise InputError(f'{config}: store: expected a string such as "oxigraph:output/store"')
        return StoreSpec.parse(value, base=config.parent)
    return StoreSpec()


def oxigraph_dataset(store: pyoxigraph.Store) -> Dataset:
    """The rdflib API over a pyoxigraph store; queries given as text run inside Oxigraph. The store's default graph
    holds the union of the named graphs as a set (see build_oxigraph.add_union), so it is read as is."""
    from oxrdflib import OxigraphStore

    return Dataset(store=OxigraphStore(store=store), default_union=False)


def open_oxigraph(path: Path) -> pyoxigraph.Store:
    import pyoxigraph

    if not (path / MARKER).is_file():
        raise KgError(f"{path} is not a built store: run `kg build --store oxigraph:{path}` first")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise KgError(f"cannot open the Oxigraph store at {path}: {exc}") from None


def open_built(paths: Paths, spec: StoreSpec) -> Dataset:
    """The built dataset, read from the store the user chose (a build killed after its commit point is finished
    first)."""
    if spec.kind != "endpoint":
        settle(paths.output)
    if spec.kind == "oxigraph":
        return oxigraph_dataset(open_oxigraph(spec.path))
    if spec.kind == "endpoint":
        from .endpoint import endpoint_store

        return Dataset(store=endpoint_store(spec.location), default_union=True)
    return load_built(paths)


def new_dataset() -> Dataset:
    """An empty rdflib dataset with the project's prefixes bound: what the in-memory store starts from."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds


def load_built(paths: Paths) -> Dataset:
    """The dataset as last built in memory, read from output/graph.trig."""
    settle(paths.output)  # a build killed after its commit point is finished first
    if not paths.graph_trig.exists():
        raise KgError(f"{paths.graph_trig} does not exist: run `kg build` first")
    ds = new_dataset()
    ds.parse(paths.graph_trig, format="trig")
    return ds


def add_union(store: pyoxigraph.Store, *graphs: URIRef) -> None:
    """Copy the named graphs' triples (or just those of `graphs`) into the default graph, which then is their
    union as a set.

    Oxigraph's own union default graph is a bag: a triple stated by four sources is matched four times, so
    counts and joins would differ from rdflib's and from the SPARQL spec's RDF-merge. Storing the union once
    (twice the quads) gives the same answers everywhere, also through `oxigraph serve` without options."""
    from ..store.sparql import read_query, with_values

    update = read_query(UNION_UPDATE)
    for graph in graphs or [None]:
        store.update(update if graph is None else with_values(update, {"g": graph}))


def check_store_target(path: Path) -> None:
    """`kg build` may fill `path` only if it is missing, empty, or a store it made."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())) and not (path / MARKER).is_file():
        raise InputError(f"{path} exists and is not an accountability-kg store; choose an empty or new folder")


@contextmanager
def staged_store(path: Path, txn: Transaction) -> Iterator[pyoxigraph.Store]:
    """A fresh store in a temporary sibling folder to fill; when the block ends without error it is closed, marked
    as ours and staged in `txn` to replace `path` when the transaction commits (so the old store survives any
    failure, and a kill at any point leaves one whole store). Refuses a folder that is not a store this tool made."""
    import pyoxigraph

    check_store_target(path)
    fresh = txn.temp_beside(path, folder=True)
    store: pyoxigraph.Store | None = None
    try:
        store = pyoxigraph.Store(str(fresh))
        yield store
        store.flush()
        store.optimize()
        store = None  # closed, so the folder can move (the caller must not keep it either)
        (fresh / MARKER).write_text("An Oxigraph store written by `kg build`.\n", encoding="utf-8")
    except BaseException:
        store = None  # closed before it is removed: Oxigraph locks the folder while the store is open
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    txn.replace_folder(path, fresh)


def store_lock(spec: StoreSpec | None, output: Path) -> AbstractContextManager[None]:
    """The lock a build of `spec` holds besides output/'s: none for memory or a store inside output/ (output/'s lock
    covers it), else one beside the store folder, so two builds into one store are refused even with two outputs."""
    if spec is None or spec.kind != "oxigraph" or spec.path.absolute().is_relative_to(output.absolute()):
        return nullcontext()
    path = spec.path.absolute()
    return locked(path.parent, "building this store", lock_name=f".{path.name}.kg.lock", leftovers=f"{path.name}-")


__all__ = [
    "StoreSpec",
    "add_union",
    "check_store_target",
    "configured",
    "load_built",
    "new_dataset",
    "open_built",
    "open_oxigraph",
    "oxigraph_dataset",
    "staged_store",
    "store_lock",
]
