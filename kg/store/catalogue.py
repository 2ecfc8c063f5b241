"""Who and what the graph knows about, by name: people, bodies (and their units), posts (and their kinds)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from weakref import WeakKeyDictionary

from rdflib import Dataset, Graph

from ..data.paths import ONTOLOGY_DIR
from ..errors import QueryError
from .matching import best_matches, normalise, strip_title
from .sparql import python_value, read_query, rows_of

CATALOGUE_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "catalogue.rq"


@dataclass
class Item:
    iri: str
    kind: str
    label: str
    aliases: set[str] = field(default_factory=set)
    organisation: str | None = None  # a post's body
    parent: str | None = None  # a unit's parent body
    role: str | None = None
    role_label: str | None = None
    lead: bool = False
    single_holder: bool = True
    exists_from: date | None = None
    exists_to: date | None = None

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def names(self) -> list[str]:
        extra = [self.id, self.id.replace("-", " ")]
        return [self.label, *sorted(self.aliases), *extra, *([self.role_label] if self.role_label else [])]


@dataclass
class Catalogue:
    items: dict[str, Item]

    @classmethod
    def of(cls, ds: Dataset | Graph) -> Catalogue:
        items: dict[str, Item] = {}
        for row in rows_of(ds.query(read_query(CATALOGUE_QUERY))):
            iri = str(row.node)
            item = items.setdefault(iri, Item(iri, str(row.kind), str(row.label)))
            if row.alias is not None:
                item.aliases.add(str(row.alias))
            if row.org is not None:
                item.organisation = str(row.org)
            if row.parent is not None:
                item.parent = str(row.parent)
            if row.role is not None:
                item.role = str(row.role)
                item.role_label = str(row.roleLabel) if row.roleLabel is not None else None
            if row.lead is not None:
                item.lead = bool(python_value(row.lead))
            if row.born is not None:
                item.exists_from = python_value(row.born)
            if row.dies is not None:
                item.exists_to = python_value(row.dies)
            if row.single is not None:
                item.single_holder = bool(python_value(row.single))
        return cls(items)

    def of_kind(self, kind: str) -> dict[str, Item]:
        """Items of one kind, computed once (the catalogue does not change once read)."""
        cache: dict[str, dict[str, Item]] = self.__dict__.setdefault("_kind_cache", {})
        if kind not in cache:
            cache[kind] = {k: v for k, v in self.items.items() if v.kind == kind}
        return dict(cache[kind])

    def label(self, iri: str | None) -> str:
        return self.items[iri].label if iri and iri in self.items else (iri or "")

    def _exact(self, kind: str) -> dict[str, list[str]]:
        """Normalised name -> items of `kind`, built once: most questions name a post or body exactly, and a
        national catalogue is too big to scan for every question."""
        cache: dict[str, dict[str, list[str]]] = self.__dict__.setdefault("_exact_cache", {})
        if kind not in cache:
            index: dict[str, list[str]] = {}
            for key, item in self.of_kind(kind).items():
                for name in item.names():
                    form = normalise(strip_title(name) if kind == "person" else name)
                    if key not in index.setdefault(form, []):
                        index[form].append(key)
            cache[kind] = index
        return cache[kind]

    def find(self, kind: str, query: str) -> list[Item]:
        """Items of `kind` matching `query` by id, name or alias; raises when nothing matches."""
        exact = self._exact(kind).get(normalise(strip_title(query) if kind == "person" else query))
        if exact:
            return [self.items[k] for k in sorted(exact)]
        pool = self.of_kind(kind)
        keys = best_matches(query, {k: v.names() for k, v in pool.items()}, person=kind == "person")
        if not keys:
            raise QueryError(f"no {kind} matches {query!r}")
        return [pool[k] for k in keys]

    def units(self, org: str) -> set[str]:
        """The body and every unit below it, at any depth."""
        children: dict[str, set[str]] = self.__dict__.get("_children") or defaultdict(set)
        if "_children" not in self.__dict__:
            for item in self.of_kind("organisation").values():
                if item.parent:
                    children[item.parent].add(item.iri)
            self.__dict__["_children"] = children
        out, todo = set(), [org]
        while todo:
            current = todo.pop()
            if current not in out:
                out.add(current)
                todo.extend(children[current])
        return out

    def ancestors(self, org: str) -> list[str]:
        """The body and the bodies above it, nearest first."""
        out: list[str] = []
        current: str | None = org
        while current and current not in out:
            out.append(current)
            current = self.items[current].parent if current in self.items else None
        return out

    def org_scope(self, query: str | None) -> set[str] | None:
        """Bodies matching `query`, with their units; None means no filter."""
        if not query:
            return None
        scope: set[str] = set()
        for item in self.find("organisation", query):
            scope |= self.units(item.iri)
        return scope


_CATALOGUES: WeakKeyDictionary[Dataset | Graph, Catalogue] = WeakKeyDictionary()


def catalogue_of(ds: Dataset | Graph) -> Catalogue:
    """The catalogue of a dataset, read once per open dataset (a notebook or server asks many questions)."""
    found = _CATALOGUES.get(ds)
    if found is None:
        found = _CATALOGUES[ds] = Catalogue.of(ds)
    return found
