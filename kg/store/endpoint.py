"""Reading a built graph from a SPARQL 1.1 endpoint: rdflib's SPARQLStore, with every request made here so that
a result the server cut short, a push left half done and any HTTP failure become a QueryError naming the endpoint.

Why not rdflib's own request: SPARQLConnector reads the body and drops the response headers, and the headers are
where servers say they cut a result (`kg serve`: `X-Results-Truncated`; Virtuoso: `X-SPARQL-MaxRows`, and
`X-SQL-State: S1TAT` for a query stopped at its time limit with partial results). An answer from a cut result
looks complete and is wrong, so it is refused rather than paged: the library's queries are not all totally ordered,
and LIMIT/OFFSET over a partial order can skip or repeat rows.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from ..data.paths import ONTOLOGY_DIR
from ..errors import QueryError
from ..rdf.vocab import BASE

MANIFEST_GRAPH = BASE + "id/graph/push"  # the push manifest (see kg/store/remote.py)
UNION_GRAPH = BASE + "id/graph/union"  # the union, on servers whose Graph Store has no default graph (Virtuoso)
PUSH = BASE + "push#"  # the manifest's own terms
MANIFEST_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "push-manifest.rq"
GRAPHS_QUERY = ONTOLOGY_DIR / "queries" / "internal" / "push-graphs.rq"
LONGEST_GET = 2000  # characters of URL; a longer request (many named graphs) is POSTed as a form
RESULTS_JSON = "application/sparql-results+json"
TIMEOUT = 300.0  # seconds for one query: the longest a reading command should wait on a shared server


@dataclass(frozen=True)
class PushState:
    """The remote's push manifest: the last push's state, dataset (sha256 of graph.trig), start, the union's graph
    and (where the union is a named graph) the build's graphs."""

    state: str
    dataset: str
    started: str
    union_graph: str | None
    graphs: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.state == "complete"


def fetch(
    url: str,
    query: str,
    accept: str,
    *,
    default_graph: str | None = None,
    named_graphs: tuple[str, ...] = (),
    timeout: float = TIMEOUT,
) -> Any:
    """Send `query` to the endpoint (naming its dataset if given); the open response, refused if the server failed
    or says it cut the result."""
    params = [("query", query)]
    if default_graph:
        params.append(("default-graph-uri", default_graph))
    params += [("named-graph-uri", graph) for graph in named_graphs]
    form = urllib.parse.urlencode(params)
    headers = {"Accept": accept}
    if len(form) + len(url) < LONGEST_GET:
        separator = "&" if urllib.parse.urlsplit(url).query else "?"
        request = urllib.request.Request(url + separator + form, headers=headers)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=form.encode(), headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        message = " ".join(exc.read(500).decode("utf-8", "replace").split()) or exc.reason
        raise QueryError(f"the SPARQL endpoint {url} failed: HTTP {exc.code} {exc.reason}: {message}") from None
    except urllib.error.URLError as exc:
        raise QueryError(f"the SPARQL endpoint {url} failed: {exc.reason}") from None
    except TimeoutError:
        raise QueryError(f"the SPARQL endpoint {url} did not answer within {timeout:g} s") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise QueryError(f"the SPARQL endpoint {url} failed: {exc}") from None
    check_complete(url, response.headers)
    return response


def check_complete(url: str, headers: Any) -> None:
    """Refuse a result the server says it cut, whichever way it says so."""
    if headers.get("X-Results-Truncated", "").strip().lower() == "true":
        limit = headers.get("X-Results-Limit") or headers.get("X-Results-Rows") or "?"
        raise QueryError(
            f"the endpoint {url} cut the result at {limit} rows (X-Results-Truncated); ask its operator to raise "
            "--max-rows, or use a smaller --org/--from/--to"
        )
    if headers.get("X-SPARQL-MaxRows"):
        raise QueryError(
            f"the endpoint {url} cut the result at {headers['X-SPARQL-MaxRows']} rows (X-SPARQL-MaxRows); ask its "
            "operator to raise ResultSetMaxRows, or use a smaller --org/--from/--to"
        )
    if headers.get("X-SQL-State", "").strip() == "S1TAT":
        raise QueryError(
            f"the endpoint {url} stopped the query at its time limit and sent partial results (X-SQL-State: S1TAT); "
            "ask its operator to raise MaxQueryExecutionTime, or use a smaller --org/--from/--to"
        )


def select(url: str, query: str, *, timeout: float = TIMEOUT) -> list[dict[str, str]]:
    """A SELECT's rows as {variable: lexical value}, unbound variables left out; refused if cut."""
    return select_from(url, query, timeout=timeout)[0]


def select_from(url: str, query: str, *, timeout: float = TIMEOUT) -> tuple[list[dict[str, str]], str]:
    """A SELECT's rows, and the server's name (its `Server` header: how `kg push` tells Virtuoso apart)."""
    with fetch(url, query, RESULTS_JSON, timeout=timeout) as response:
        server = response.headers.get("Server", "")
        try:
            bindings = json.load(response)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise QueryError(f"the SPARQL endpoint {url} sent no SPARQL JSON results: {exc}") from None
    return [{name: term["value"] for name, term in row.items()} for row in bindings], server


def push_state(url: str, *, timeout: float = TIMEOUT) -> PushState | None:
    """The manifest the last `kg push` left at this query endpoint, or None if nothing was pushed there (a server
    such as `kg serve` that loaded graph.trig itself)."""
    from .sparql import read_query

    rows = select(url, read_query(MANIFEST_QUERY), timeout=timeout)
    if not rows:
        return None
    if len(rows) > 1:
        raise QueryError(f"the push manifest at {url} has {len(rows)} states: run `kg push` again to repair it")
    row = rows[0]
    union = row.get("union")
    graphs = tuple(sorted(r["graph"] for r in select(url, read_query(GRAPHS_QUERY), timeout=timeout))) if union else ()
    return PushState(row["state"], row["dataset"], row["started"], union, graphs)


def check_pushed(url: str, state: PushState | None) -> None:
    """Refuse to read a dataset a push left half old, half new."""
    if state is not None and not state.complete:
        raise QueryError(
            f"the last `kg push` to {url} (started {state.started}, dataset {state.dataset}) did not finish: its "
            "graphs may be part old, part new; run `kg push` again to repair it"
        )


def endpoint_store(url: str, *, timeout: float = TIMEOUT) -> Any:
    """rdflib's SPARQLStore reading `url`: the push manifest checked before the first query, the union graph a push
    named used as the default graph (and its graphs as the named graphs), and a cut or failed result a QueryError naming the endpoint."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from rdflib.query import Result
    from rdflib.term import BNode

    class EndpointStore(SPARQLStore):
        union_graph: str | None = None
        named_graphs: tuple[str, ...] = ()
        checked = False

        def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
            self._queries += 1
            if not self.checked:
                state = push_state(url, timeout=timeout)
                check_pushed(url, state)
                if state is not None:
                    self.union_graph, self.named_graphs = state.union_graph, state.graphs
                self.checked = True
            graph = self.union_graph if default_graph is None or isinstance(default_graph, BNode) else default_graph
            accept = self.response_mime_types()
            named = self.named_graphs if graph else ()
            with fetch(url, query, accept, default_graph=graph, named_graphs=named, timeout=timeout) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", RESULTS_JSON).split(";")[0].strip()
            try:
                return Result.parse(BytesIO(body), content_type=content_type)
            except Exception as exc:  # rdflib's parsers raise whatever their format's library raises
                raise QueryError(f"the SPARQL endpoint {url} sent a result rdflib cannot read: {exc}") from None

    return EndpointStore(query_endpoint=url, returnFormat="json")
