"""Running SPARQL over the built graph: named queries from .rq files, parameters as bindings, never pasted."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result, ResultRow
from rdflib.term import IdentifiedNode, Identifier, Variable

from ..data.paths import ONTOLOGY_DIR
from ..errors import QueryError
from ..rdf.vocab import sparql_prefixes

QUERY_DIR = ONTOLOGY_DIR / "queries"


def read_query(path: Path) -> str:
    """A .rq file's text, with the project's prefixes added for any it does not declare itself (read once per
    version of the file: a question asked many times should not read and scan its query each time)."""
    return _read_query(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _read_query(path: Path, version: int) -> str:
    return with_prefixes(path.read_text(encoding="utf-8"))


def with_prefixes(text: str) -> str:
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
    extra = "".join(
        line
        for line in sparql_prefixes().splitlines(keepends=True)
        if line.split()[1].rstrip(":").lower() not in declared
    )
    return extra + text


@dataclass(frozen=True)
class NamedQuery:
    """A .rq file in ontology/queries, with the parameters its header documents."""

    name: str
    path: Path
    description: str
    params: dict[str, str]

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        description, params = [], {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            body = line.lstrip("#").strip()
            if m := re.match(r"@param\s+\??(\w+)\s*(.*)", body):
                params[m[1]] = m[2]
            elif body:
                description.append(body)
        return cls(path.stem, path, " ".join(description), params)


def named_queries(folder: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    return {p.stem: NamedQuery.from_file(p) for p in sorted(folder.glob("*.rq"))}


def resolve_query(query: str, folder: Path = QUERY_DIR) -> tuple[str, NamedQuery | None]:
    """QUERY may be a named query, a path to a .rq file, or SPARQL text."""
    known = named_queries(folder)
    if query in known:
        return read_query(known[query].path), known[query]
    if query.endswith(".rq"):
        path = Path(query)
        if not path.exists():
            raise QueryError(f"no such query file: {query}")
        return read_query(path), NamedQuery.from_file(path)
    if not re.search(r"(?i)\b(select|construct|ask|describe)\b", query):
        raise QueryError(f"{query!r} is neither a named query ({', '.join(known)}) nor SPARQL text")
    return with_prefixes(query), None


def _param_value(name: str, raw: str, kind: str) -> Any:
    """Turn a --param value into an RDF term: IRIs stay IRIs, dates become xsd:date. An IRI that is not one is
    refused here, before any engine sees it, so memory, a store and an endpoint all answer alike."""
    if kind.startswith("iri") or raw.startswith(("http://", "https://")):
        if _UNSAFE_IRI.search(raw) or not _SCHEME.match(raw):
            raise QueryError(f'--param {name}: {raw!r} is not a valid IRI (no spaces, none of <>"{{}}|^`\\)')
        return URIRef(raw)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        from rdflib.namespace import XSD

        return Literal(raw, datatype=XSD.date)
    return Literal(raw)


def run_query(ds: Dataset, query: str, params: dict[str, str] | None = None, folder: Path = QUERY_DIR) -> Result:
    """Run SPARQL with `params` bound as variables (initBindings), so user text is never spliced in."""
    text, named = resolve_query(query, folder)
    params = params or {}
    if named is not None:
        unknown = set(params) - set(named.params)
        if unknown:
            raise QueryError(
                f"unknown parameter(s) {sorted(unknown)} for {named.name}; it takes {sorted(named.params)}"
            )
        missing = [p for p, doc in named.params.items() if p not in params and "optional" not in doc]
        if missing:
            raise QueryError(f"{named.name} needs --param {missing[0]}=... ({named.params[missing[0]]})")
    kinds = named.params if named else {}
    bindings = {k: _param_value(k, v, kinds.get(k, "")) for k, v in params.items()}
    return run_text(ds, text, bindings)


def run_text(ds: Dataset, text: str, bindings: dict[str, Any] | None = None) -> Result:
    """Run SPARQL text with variables bound: rdflib's initBindings in memory; elsewhere a VALUES block at the top
    of the WHERE group (Oxigraph binds only projected variables, and remote endpoints take only text)."""
    from rdflib.plugins.stores.memory import Memory

    bindings = bindings or {}
    if isinstance(ds.store, Memory):
        try:
            prepared = prepareQuery(text)
        except Exception as exc:  # rdflib raises pyparsing errors of several classes
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        return ds.query(prepared, initBindings=bindings)
    try:
        return ds.query(with_values(text, bindings) if bindings else text)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:  # Oxigraph: SyntaxError; endpoints: HTTP errors
        raise QueryError(f"SPARQL query failed: {exc}") from None
    except Exception as exc:
        if type(exc).__module__.startswith(("rdflib", "urllib", "http")):
            raise QueryError(f"SPARQL query failed: {exc}") from None
        raise


_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\\x00-\x1f\x7f]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SCAN = re.compile(
    r"""(?P<skip>\#[^\n]*|"\"\"(?:[^\\]|\\.)*?\"\"\"|'\'\'(?:[^\\]|\\.)*?'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^\s<>"{}|^`\\]*>)"""
    r"|(?P<where>\bWHERE\b)|(?P<brace>\{)",
    re.IGNORECASE,
)


def with_values(text: str, bindings: dict[str, Any]) -> str:
    """`text` with `VALUES (?a ?b) { (term term) }` first in its WHERE group; terms are written by rdflib (which
    escapes literals), and an IRI that could end the term early is refused, so user text never becomes syntax."""
    return with_rows(text, list(bindings), [tuple(bindings.values())])


def with_rows(text: str, names: list[str], rows: list[tuple[Any, ...]]) -> str:
    """`text` with `VALUES (?a ?b) { (t1 t2) (t3 t4) ... }` first in its WHERE group: several rows of bindings
    (no rows: no answers), written as `with_values` writes one."""
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param {name!r}: a parameter name is letters, digits and _")
    for row in rows:
        for name, term in zip(names, row, strict=True):
            if isinstance(term, URIRef) and _UNSAFE_IRI.search(str(term)):
                raise QueryError(f"--param {name}: {str(term)!r} is not a valid IRI")
    block = "VALUES ({}) {{ {} }}\n".format(
        " ".join(f"?{n}" for n in names), " ".join("(" + " ".join(t.n3() for t in row) + ")" for row in rows)
    )
    at = _where_group(text)
    return text[:at] + "\n" + block + text[at:]


@functools.lru_cache(maxsize=256)
def _where_group(text: str) -> int:
    """Where the WHERE group's body starts (found once per query text: a question asks the same few queries)."""
    tokens = [m for m in _SCAN.finditer(text) if m.lastgroup != "skip"]
    seen_where = not any(m.lastgroup == "where" for m in tokens)  # SELECT/ASK may leave out the keyword
    for m in tokens:
        if m.lastgroup == "where":
            seen_where = True
        elif seen_where:
            return m.end()
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def run_rows(
    ds: Dataset | Graph, text: str, name: str, values: list[Any], together: bool = False
) -> Iterator[ResultRow]:
    """Run SPARQL text for each of `values` bound to one variable, so user text is never spliced in. By default one
    query per value: Oxigraph anchors a one-row VALUES block on its value, but evaluates the rest of a query once,
    unbound, and joins when the block has several rows (1.8 s instead of 0.05 s for the tenure evidence of a
    council's posts at a million triples). `together` asks for that one query with several rows: cheaper for a
    query whose answers are read in full anyway (the timeline's events). rdflib's in-memory store binds with
    initBindings, each value in turn."""
    from rdflib.plugins.stores.memory import Memory

    if not values:
        return  # no rows, no answers (and rdflib cannot read an empty VALUES block)
    try:
        if together:
            yield from select(ds, with_rows(text, [name], [(v,) for v in values]))
        elif isinstance(ds.store, Memory):
            prepared = prepareQuery(text)
            for value in values:
                yield from rows_of(ds.query(prepared, initBindings={name: value}))
        else:
            for value in values:
                yield from select(ds, with_values(text, {name: value}))
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"SPARQL query failed: {exc}") from None


def select(ds: Dataset | Graph, text: str) -> Iterator[ResultRow]:
    """The rows of a SELECT, as rdflib rows. From an Oxigraph store they are read straight from pyoxigraph and each
    distinct term becomes an rdflib term once per query (through oxrdflib every cell of every row is made anew, which
    took most of a `who-held` question's time and 4 s of a million-triple build's tenure reasoning)."""
    from oxrdflib import OxigraphStore
    from pyoxigraph import QuerySolutions

    from ..rdf.quads import to_rdflib

    if not isinstance(ds.store, OxigraphStore):
        yield from rows_of(ds.query(text))
        return
    solutions = ds.store._inner.query(text)
    if not isinstance(solutions, QuerySolutions):
        raise QueryError("expected the rows of a SELECT, not a boolean or triples")
    labels = [Variable(v.value) for v in solutions.variables]
    terms: dict[Any, Any] = {}
    for solution in solutions:
        values = {}
        for label, term in zip(labels, solution, strict=True):
            if term is not None:
                values[label] = terms[term] if term in terms else terms.setdefault(term, to_rdflib(term))
        yield ResultRow(values, labels)


def rows_of(result: Result) -> Iterator[ResultRow]:
    """The rows of a SELECT result. rdflib types a result's items as rows, triples or booleans, whatever the query's
    form; a SELECT's are always rows, so anything else is a caller's mistake."""
    for row in result:
        if not isinstance(row, ResultRow):
            raise QueryError("expected the rows of a SELECT, not a boolean or triples")
        yield row


def python_value(term: Identifier) -> Any:
    """A term's Python value (a literal's date, number or boolean; an IRI's text). rdflib types a row's cells as
    Identifier, which does not declare `toPython`; each kind of term does."""
    if not isinstance(term, Literal | IdentifiedNode | Variable):
        raise TypeError(f"{term!r} is not an RDF term with a Python value")
    return term.toPython()


def _serialized(result: Result, fmt: str) -> str:
    data = result.serialize(format=fmt)
    assert data is not None  # given no destination, rdflib returns the bytes
    return data.decode("utf-8")


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def result_rows(result: Result) -> tuple[list[str], list[list[Any]]]:
    if result.type != "SELECT":
        raise QueryError("only SELECT results can be shown as rows")
    names = [str(v) for v in result.vars or []]
    return names, [[row[i] for i in range(len(names))] for row in rows_of(result)]


def format_result(result: Result, fmt: str) -> str:
    """Render a SELECT/ASK as table, csv or json (SPARQL 1.1 results JSON), or a graph as Turtle."""
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return _serialized(result, "turtle") if result.graph is not None else ""
    if result.type == "ASK":
        return json.dumps({"boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    names, rows = result_rows(result)
    if fmt == "json":
        return _serialized(result, "json")
    if fmt == "csv":
        return csv_text(names, [[_cell(c) for c in row] for row in rows])
    return text_table(names, [[_short(c) for c in row] for row in rows])


def _short(value: Any) -> str:
    from ..rdf.vocab import PREFIXES

    if isinstance(value, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(value).startswith(str(ns)) and prefix in ("kgr", "kgo", "grade", "theme", "role"):
                return f"{prefix}:{str(value)[len(str(ns)) :]}"
    return _cell(value)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LAYOUT = re.compile(r"[\t\n\v\f\r\x85]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as the text it is: one a spreadsheet would run as a formula (a name such as
    `=HYPERLINK(...)` from a source) gets a leading single quote, as OWASP advises; a plain number is left alone.
    Control characters other than line breaks and tabs go too: CSV is often read on a terminal."""
    text = _CSV_CONTROL.sub("", text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(names: list[str], rows: list[list[str]]) -> str:
    """Every CSV the commands write: a header, then rows, each cell through csv_cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(n) for n in names])
    writer.writerows([[csv_cell(c) for c in row] for row in rows])
    return buf.getvalue()


def terminal_text(text: str) -> str:
    """Text that cannot drive a terminal: C0 and C1 control characters (an escape sequence in a name can retitle
    the window or hide what follows) are dropped, and line breaks and tabs become one space, keeping rows whole."""
    return _CONTROL.sub("", _LAYOUT.sub(" ", text))


def text_table(names: list[str], rows: list[list[str]]) -> str:
    """A plain aligned text table: stable for README examples and diffs (rich is used only on a terminal). Cells
    pass through terminal_text: they hold text from sources."""
    names = [terminal_text(n) for n in names]
    rows = [[terminal_text(c) for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
