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
    publisher: str | None = None
    published: str | None = None

    @property
    def link(self) -> str | None:
        """The address, if it is one a page may link to."""
        return self.url if self.url and self.url.lower().startswith(("https://", "http://")) else None

    def text(self) -> str:
        """`id <url>` where there is an address, else the id: short enough for a table cell."""
        return f"{self.id} <{self.url}>" if self.url else self.id

    def fields(self) -> dict[str, str | None]:
        return {"title": self.title, "url": self.url, "retrieved": self.retrieved}

    def byline(self) -> str:
        """`Title, Publisher, published D, retrieved D <url>`: the whole citation as one line of plain text, for
        a tooltip or an export attribute (the caller escapes it for where it goes)."""
        dates = [f"{word} {d}" for word, d in (("published", self.published), ("retrieved", self.retrieved)) if d]
        line = ", ".join(p for p in (self.title, self.publisher, *dates) if p)
        return f"{line} <{self.url}>" if self.url else line

    def panel(self) -> dict[str, str]:
        """What a page's script shows of a source; `link` only when it is an http(s) address."""
        out = {"title": self.title, "publisher": self.publisher, "published": self.published}
        out |= {"retrieved": self.retrieved, "url": self.url, "link": self.link}
        return {k: v for k, v in out.items() if v is not None and v != ""}


def citations_of(ds: Dataset | Graph) -> dict[str, Citation]:
    """Every source in the graph by its id."""
    out: dict[str, Citation] = {}
    for r in rows_of(ds.query(read_query(QUERY))):
        sid = str(r.source).rsplit("/", 1)[-1]
        url, retrieved, publisher, published = (
            str(v) if v is not None else None for v in (r.url, r.retrieved, r.publisher, r.published)
        )
        out[sid] = Citation(sid, str(r.title), url, retrieved, publisher, published)
    return out


def cite(citations: dict[str, Citation], source: str) -> str:
    c = citations.get(source)
    return c.text() if c else source
