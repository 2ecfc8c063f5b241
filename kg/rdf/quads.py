"""Triples as N-Triples text, graph by graph: what the build writes claims as, whichever store then holds them.

Writing terms as text is the cheapest way from Python to either store: Oxigraph parses a million N-Quads lines in
a few seconds (building rdflib terms and converting them took ten times as long), and rdflib parses the same text
for the in-memory build. So there is one way claims become triples, and the two builds cannot drift apart.
Literals are written as rdflib writes them (a bool is xsd:boolean, an int xsd:integer, a date xsd:date), so both
builds give the same graph as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DefinedNamespace

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_UNSAFE_IRI = frozenset('<>"{}|^`\\ \n\r\t')


class Names:
    """A namespace whose terms are N-Triples text: `Names(KGO).post` is `<...ontology#post>` (computed once)."""

    def __init__(self, namespace: str | type[DefinedNamespace]) -> None:
        self.base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        text = self.__dict__[name] = iri(self.base + name)
        return text

    def __getitem__(self, name: str) -> str:
        return iri(self.base + name)


def iri(value: str) -> str:
    """An IRI as N-Triples text; one that would end the term early is refused (rdflib only warned about it)."""
    if not _UNSAFE_IRI.isdisjoint(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def literal(value: Any, datatype: str | None = None) -> str:
    """A literal as rdflib makes it from a Python value: bool -> xsd:boolean, int -> xsd:integer, date -> xsd:date,
    anything else its text (a plain string, or of `datatype` when given)."""
    if isinstance(value, bool):
        text, datatype = ("true" if value else "false"), datatype or XSD + "boolean"
    elif isinstance(value, int):
        text, datatype = str(value), datatype or XSD + "integer"
    elif isinstance(value, date):
        text, datatype = value.isoformat(), datatype or XSD + "date"
    else:
        text = str(value)
    body = '"' + text.translate(_ESCAPES) + '"'
    return body if datatype is None or datatype == XSD + "string" else f"{body}^^<{datatype}>"


def term(t: Any) -> str:
    """An rdflib term (the ontology's, or a rule's result) as N-Triples text."""
    if isinstance(t, URIRef):
        return iri(str(t))
    if isinstance(t, BNode):
        return f"_:{t}"
    if isinstance(t, Literal):
        body = '"' + str(t).translate(_ESCAPES) + '"'
        if t.language:
            return f"{body}@{t.language}"
        return literal(str(t), str(t.datatype)) if t.datatype is not None else body
    raise TypeError(f"cannot write {t!r} as N-Triples")


class Triples(list[str]):
    """One graph's triples, each as `s p o` text."""

    def add(self, s: str, p: str, o: str) -> None:
        self.append(f"{s} {p} {o}")


class Quads:
    """Triples by graph (graph names as N-Triples text, like every term)."""

    def __init__(self) -> None:
        self.graphs: dict[str, Triples] = {}

    def graph(self, name: str) -> Triples:
        found = self.graphs.get(name)
        if found is None:
            found = self.graphs[name] = Triples()
        return found

    def lines(self) -> Iterator[str]:
        """N-Quads lines."""
        for name, triples in self.graphs.items():
            for t in triples:
                yield f"{t} {name} .\n"

    def nquads(self) -> bytes:
        return "".join(self.lines()).encode("utf-8")

    def into_rdflib(self, ds: Dataset) -> None:
        """Add the quads to an rdflib dataset (the in-memory build): parsed by Oxigraph, each distinct term made
        into an rdflib term once (rdflib's own N-Triples parser took a third longer than the whole build did)."""
        import pyoxigraph as ox

        terms: dict[Any, Any] = {}
        graphs = {name: ds.graph(URIRef(name[1:-1])) for name in self.graphs}
        store = ds.store
        for q in ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS):
            s, p, o = (terms[t] if t in terms else terms.setdefault(t, to_rdflib(t)) for t in q.triple)
            store.add((s, p, o), graphs[str(q.graph_name)])


def to_rdflib(t: Any) -> Any:
    """An Oxigraph term as the rdflib term rdflib's own parsers make of it (a simple literal has no datatype)."""
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    datatype = t.datatype.value
    return Literal(t.value) if datatype == XSD + "string" else Literal(t.value, datatype=URIRef(datatype))


def ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> Triples:
    """rdflib triples as text."""
    out = Triples()
    for s, p, o in triples:
        out.add(term(s), term(p), term(o))
    return out


__all__ = ["Names", "Quads", "Triples", "iri", "literal", "ntriples", "term", "to_rdflib"]
