"""Namespaces and IRI minting: one place that decides what every node is called."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

BASE = "https://w3id.org/accountability-kg/"
KGO = Namespace(BASE + "ontology#")
KGR = Namespace(BASE + "id/")
CONCEPT = Namespace(BASE + "concept/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")

GRAPH_ONTOLOGY = KGR["graph/ontology"]
GRAPH_ENTITIES = KGR["graph/entities"]
GRAPH_DERIVED = KGR["graph/derived"]
GRAPH_PENDING = KGR["graph/pending"]

# rdflib's own vocabularies (FOAF, SKOS ...) are DefinedNamespace classes, not Namespace instances; both are used
# only through str() and Graph.bind here.
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kgo": KGO,
    "kgr": KGR,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
    "time": TIME,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
}
# One readable prefix per SKOS scheme in ontology/schemes (file name -> prefix).
SCHEME_PREFIXES = {
    "grades": "grade",
    "themes": "theme",
    "role-kinds": "role",
    "inspection-kinds": "inspection",
    "change-kinds": "change",
    "measures": "measure",
    "org-kinds": "orgkind",
    "precision": "precision",
    "source-kinds": "sourcekind",
    "areas": "area",
    "judgement-gaps": "notjudged",
    "inspection-frameworks": "framework",
}
PREFIXES.update({prefix: Namespace(f"{BASE}concept/{scheme}/") for scheme, prefix in SCHEME_PREFIXES.items()})

ENTITY_SEGMENT = {"person": "person", "organisation": "org", "post": "post"}


def source_iri(source_id: str) -> URIRef:
    return KGR[f"source/{source_id}"]


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries and rules read from .rq files."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
