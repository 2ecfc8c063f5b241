"""Reading a built graph from a SPARQL 1.1 endpoint: rdflib's SPARQLStore, with HTTP and protocol failures turned
into a QueryError that names the endpoint."""

from __future__ import annotations

from typing import Any

from ..errors import QueryError


def endpoint_store(url: str) -> Any:
    """rdflib's SPARQLStore, with its HTTP and protocol failures turned into a QueryError naming the endpoint."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    class EndpointStore(SPARQLStore):
        def _query(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super()._query(*args, **kwargs)
            except Exception as exc:  # urllib, http.client and rdflib's own ValueError for any HTTP error
                detail = exc.__cause__ or exc.__context__ or exc  # rdflib's ValueError hides the HTTP reason
                raise QueryError(f"the SPARQL endpoint {url} failed: {detail}") from None

    return EndpointStore(query_endpoint=url, returnFormat="json")
