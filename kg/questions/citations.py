"""How answers and pages cite a source: by its id, its title and, where the source records one, the address it was
published at (with the day the copy was taken), so a reader can go and read it. Only an http(s) address becomes a
link: a hand-written `url` of another scheme (javascript:, data:) is shown as text, never followed."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from ..data.paths import ONTOLOGY_DIR
from ..store.sparql import read_query, rows_of

QUERY = ONTOLOGY_DIR / "queries" / "internal" / "source-citations.rq"


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    url: str | None = None
    retrieved: str | None = None

    @property
    def link(self) -> str | None:
        """The address, if it is one a page may link to."""
        return self.url if self.url and self.url.lower().startswith(("https://", "http://")) else None

    def text(self) -> str:
        """`id <url>` where there is an address, else the id: short enough for a table cell."""
        return f"{self.id} <{self.url}>" if self.url else self.id

    def fields(self) -> dict[str, str | None]:
        return {"title": self.title, "url": self.url, "retrieved": self.retrieved}


def citations_of(ds: Dataset | Graph) -> dict[str, Citation]:
    """Every source in the graph by its id."""
    out: dict[str, Citation] = {}
    for r in rows_of(ds.query(read_query(QUERY))):
        sid = str(r.source).rsplit("/", 1)[-1]
        url = str(r.url) if r.url is not None else None
        out[sid] = Citation(sid, str(r.title), url, str(r.retrieved) if r.retrieved is not None else None)
    return out


def cite(citations: dict[str, Citation], source: str) -> str:
    c = citations.get(source)
    return c.text() if c else source
