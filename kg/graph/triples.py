"""Turn a checked Corpus into an RDF dataset: one named graph per source, plus entities, ontology and derived edges."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib import namespace as rdfns
from rdflib.compare import to_canonical_graph

from ..data.dates import PartialDate
from ..data.model import Claim, Corpus, Entity
from ..errors import Location
from ..rdf import vocab
from ..rdf.quads import Names, Quads, Triples, iri, literal
from ..rdf.vocab import GRAPH_ENTITIES, GRAPH_ONTOLOGY, GRAPH_PENDING
from ..store.backend import new_dataset
from ..tenure.reasoning import Timeline

# Terms as N-Triples text (see kg/rdf/quads.py): KGO.post is "<https://w3id.org/accountability-kg/ontology#post>".
DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME = (
    Names(n) for n in (rdfns.DCTERMS, rdfns.FOAF, rdfns.OWL, rdfns.PROV, rdfns.RDF, rdfns.RDFS, rdfns.SKOS, rdfns.TIME)
)
KGO, KGR, OA, ORG, WD = (Names(n) for n in (vocab.KGO, vocab.KGR, vocab.OA, vocab.ORG, vocab.WD))
XSD_DATE, XSD_INTEGER = str(rdfns.XSD.date), str(rdfns.XSD.integer)


CONCEPT = Names(vocab.CONCEPT)


def entity_iri(kind: str, entity_id: str) -> str:
    """An entity's IRI as N-Triples text; the path segment per kind is vocab.ENTITY_SEGMENT."""
    return KGR[f"{vocab.ENTITY_SEGMENT[kind]}/{entity_id}"]


def concept_iri(scheme: str, notation: str) -> str:
    return CONCEPT[f"{scheme}/{notation}"]


PDF_FIELDS = {
    "pdf_sha256": KGO.pdfSha256,
    "extractor": KGO.extractor,
    "extractor_version": KGO.extractorVersion,
    "pages": KGO.pages,
    "document_kind": KGO.documentKind,
}


def source_iri(source_id: str) -> str:
    return KGR[f"source/{source_id}"]


UNIT_KINDS = {"department", "team", "committee"}
RFC7111 = "http://tools.ietf.org/rfc/rfc7111"  # URI fragment identifiers for text/csv (row=N: the file's Nth line)
# Identifier schemes with a property of their own (kg.ttl); others become dcterms:identifier "scheme:id".
IDENTIFIER_PROPERTIES = {
    "ons": "onsCode",
    "gss": "onsCode",
    "gss-former": "formerOnsCode",
    "ofsted-urn": "ofstedURN",
    "dfe-la-code": "dfeCode",
}


@dataclass
class Built:
    """The dataset and, for every node a claim made, where in data/ it came from."""

    dataset: Dataset
    corpus: Corpus
    origins: dict[URIRef, list[Location]] = field(default_factory=lambda: defaultdict(list))
    timeline: Timeline | None = None


def build_dataset(corpus: Corpus, ontology_dir: Path, rules: bool = True) -> Built:
    """Build every graph in rdflib (the in-memory build); derived edges come from the CONSTRUCT rules in
    ontology/rules. The triples are the ones `asserted` writes, parsed by rdflib."""
    built = Built(new_dataset(), corpus)
    ds = built.dataset
    onto = ds.graph(GRAPH_ONTOLOGY)
    for triple in ontology(ontology_dir):
        onto.add(triple)
    asserted(corpus, built).into_rdflib(ds)
    if rules:
        from .derive import derive  # reads the graph just built

        built.timeline = derive(ds, ontology_dir)
    return built


def ontology(ontology_dir: Path) -> Graph:
    """The vocabulary and the SKOS schemes, with blank nodes given content-derived labels, so the output does not
    change from build to build."""
    vocabulary = Graph()
    for path in [ontology_dir / "kg.ttl", *sorted((ontology_dir / "schemes").glob("*.ttl"))]:
        vocabulary.parse(path, format="turtle")
    return to_canonical_graph(vocabulary)


def asserted(corpus: Corpus, built: Built) -> Quads:
    """Every entity, source and claim as triples, one named graph per source (plus entities and pending), and
    where in data/ each node came from (into `built.origins`)."""
    quads = Quads()
    ents, pending = quads.graph(iri(GRAPH_ENTITIES)), quads.graph(iri(GRAPH_PENDING))
    for entity in corpus.entities.values():
        # Entities proposed by unreviewed candidates are as unreviewed as the candidates.
        _add_entity(pending if entity.pending else ents, entity, built)
    declared_kinds = {c.get("event"): c.get("kind") for c in corpus.claims_of("visit")}
    events = event_kinds(corpus)
    for source in corpus.sources.values():
        s = source_iri(source.id)
        g = quads.graph(s)
        v = source.values
        g.add(s, RDF.type, KGO.Source)
        g.add(s, DCTERMS.identifier, literal(source.id))
        g.add(s, DCTERMS.title, literal(v["title"]))
        g.add(s, KGO.sourceKind, concept_iri("source-kinds", v["kind"]))
        if v.get("publisher"):
            g.add(s, DCTERMS.publisher, entity_iri("organisation", v["publisher"]))
        g.add(s, KGO.published, _date(g, KGR[f"date/source/{source.id}/published"], source.published))
        g.add(s, KGO.dateEvidence, literal(v["date_evidence"]))
        if v.get("url"):
            g.add(s, FOAF.page, iri(v["url"]))
        if v.get("retrieved") is not None:
            g.add(s, KGO.retrieved, _date(g, KGR[f"date/source/{source.id}/retrieved"], v["retrieved"]))
        g.add(s, KGO.sha256, literal(v["sha256"]))
        for key, prop in PDF_FIELDS.items():  # an official document: what its text was read from, and how
            if v.get(key) is not None:
                g.add(s, prop, literal(v[key]))
        g.add(s, KGO.text, literal(source.text))
        _origin(built, s, source.location)
    for claim in corpus.claims:
        graph = pending if claim.pending else quads.graph(source_iri(claim.source))
        node = _add_claim(graph, claim, corpus, declared_kinds, events)
        _add_provenance(graph, node, claim)
        _origin(built, node, claim.location)
    return quads


def _origin(built: Built, node: str, location: Location) -> None:
    built.origins[URIRef(node[1:-1])].append(location)


def _date(g: Triples, node: str, d: PartialDate) -> str:
    g.add(node, RDF.type, TIME.Instant)
    if d.text:
        g.add(node, KGO.dateText, literal(d.text))
    g.add(node, KGO.dateValue, literal(d.value))
    g.add(node, KGO.precision, concept_iri("precision", d.precision))
    g.add(node, KGO.earliest, literal(d.earliest, XSD_DATE))
    g.add(node, KGO.latest, literal(d.latest, XSD_DATE))
    return node


def _add_entity(g: Triples, e: Entity, built: Built) -> None:
    node = entity_iri(e.kind, e.id)
    _origin(built, node, e.location)
    v = e.values
    g.add(node, SKOS.prefLabel, literal(e.label))
    g.add(node, RDFS.label, literal(e.label))
    for alias in e.aliases:
        g.add(node, SKOS.altLabel, literal(alias))
    if v.get("note"):
        g.add(node, SKOS.note, literal(v["note"]))
    for scheme, ident in (v.get("identifiers") or {}).items():
        if scheme == "wikidata":
            g.add(node, OWL.sameAs, WD[str(ident)])
        elif scheme in IDENTIFIER_PROPERTIES:
            for one in str(ident).split(";"):  # a register may list several former codes
                g.add(node, KGO[IDENTIFIER_PROPERTIES[scheme]], literal(one.strip()))
        else:
            g.add(node, DCTERMS.identifier, literal(f"{scheme}:{ident}"))
    if v.get("derived_from"):  # an entity read from a register row: the register is its source
        g.add(node, PROV.wasDerivedFrom, source_iri(v["derived_from"]))
    if e.kind == "person":
        g.add(node, RDF.type, FOAF.Person)
        g.add(node, RDF.type, PROV.Agent)
        g.add(node, FOAF.name, literal(e.label))
        if v.get("unnamed"):
            g.add(node, KGO.unnamed, literal(True))
    elif e.kind == "organisation":
        kind = v["kind"]
        g.add(node, RDF.type, ORG.OrganizationalUnit if kind in UNIT_KINDS else ORG.Organization)
        g.add(node, RDF.type, PROV.Agent)
        g.add(node, KGO.orgKind, concept_iri("org-kinds", kind))
        if v.get("unit_of"):
            g.add(node, ORG.unitOf, entity_iri("organisation", v["unit_of"]))
        for key, prop in (("exists_from", KGO.existsFrom), ("exists_to", KGO.existsTo)):
            if v.get(key):
                g.add(node, prop, _date(g, KGR[f"date/org/{e.id}/{key}"], v[key]))
        if v.get("region"):
            g.add(node, KGO.region, literal(v["region"]))
        if v.get("council_type"):
            g.add(node, KGO.councilType, literal(v["council_type"]))
        if v.get("website"):
            g.add(node, FOAF.homepage, iri(v["website"]))
        for other in v.get("neighbours") or []:
            g.add(node, KGO.statisticalNeighbour, entity_iri("organisation", other))
    elif e.kind == "post":
        g.add(node, RDF.type, ORG.Post)
        g.add(node, ORG.postIn, entity_iri("organisation", v["organisation"]))
        g.add(node, ORG.role, concept_iri("role-kinds", v["role"]))
        g.add(node, KGO.singleHolder, literal(bool(v.get("single_holder", True))))


def _ref(corpus: Corpus, entity_id: str) -> str:
    return entity_iri(corpus.entity(entity_id).kind, entity_id)


def _add_claim(g: Triples, c: Claim, corpus: Corpus, declared_kinds: dict[str, str], events: dict[str, str]) -> str:
    """Write one claim's triples; returns the node they describe."""
    base = f"date/claim/{c.source}/{c.id}"

    def date(prop: str, node: str, key: str) -> None:
        if c.get(key) is not None:
            date_node = _date(g, KGR[f"{base}/{key}"], c.get(key))
            g.add(node, prop, date_node)
            g.add(date_node, PROV.wasDerivedFrom, source_iri(c.source))
            for i in range(len(c.anchors)):  # the quotes that support this date
                g.add(date_node, KGO.evidence, KGR[f"evidence/{c.source}/{c.id}/{i}"])

    t = c.type
    if t in ("tenure", "membership"):
        person = c.get("person")
        if t == "tenure":
            post = corpus.entity(c.get("post"))
            org_id = post.values["organisation"]
            node = KGR[f"tenure/{c.get('tenure') or f'{person}--{post.id}'}"]
            g.add(node, KGO.post, entity_iri("post", post.id))
            g.add(node, ORG.role, concept_iri("role-kinds", post.values["role"]))
        else:
            org_id = c.get("organisation")
            node = KGR[f"tenure/{person}--{org_id}"]
        g.add(node, RDF.type, ORG.Membership)
        g.add(node, ORG.member, entity_iri("person", person))
        g.add(node, ORG.organization, entity_iri("organisation", org_id))
        for flag in ("interim", "acting"):
            if c.get(flag):
                g.add(node, KGO[flag], literal(True))
        date(KGO.statedStart, node, "start")
        date(KGO.statedEnd, node, "end")
        if c.get("attested") is None and c.get("start") is None and c.get("end") is None:
            c.values["attested"] = corpus.sources[c.source].published.with_text("the source's date")
        date(KGO.attestedOn, node, "attested")
        return node
    if t == "vacancy":
        node = KGR[f"claim/{c.source}/{c.id}"]
        g.add(node, RDF.type, KGO.Vacancy)
        g.add(node, KGO.post, entity_iri("post", c.get("post")))
        if c.get("attested") is None:
            c.values["attested"] = corpus.sources[c.source].published.with_text("the source's date")
        date(KGO.attestedOn, node, "attested")
        return node
    if t == "visit":
        node = KGR[f"event/{c.get('event')}"]
        _event_core(g, node, c.get("kind"), c.get("inspectorate"), c.get("subject"))
        if c.get("number") is not None:
            g.add(node, KGO.number, literal(c.get("number"), XSD_INTEGER))
        date(KGO.date, node, "date")
        date(KGO.scheduledFor, node, "scheduled")
        date(KGO.publishedOn, node, "published")
        for focus in c.get("focus", []):
            g.add(node, KGO.focus, literal(focus))
        for person in c.get("inspector", []):
            g.add(node, KGO.inspector, entity_iri("person", person))
            g.add(node, PROV.wasAssociatedWith, entity_iri("person", person))
        if c.get("lead_inspector"):
            g.add(node, KGO.leadInspector, entity_iri("person", c.get("lead_inspector")))
            g.add(node, PROV.wasAssociatedWith, entity_iri("person", c.get("lead_inspector")))
        if c.get("framework"):
            g.add(node, KGO.framework, concept_iri("inspection-frameworks", c.get("framework")))
            if c.get("framework_inferred"):
                g.add(node, KGO.frameworkInferred, literal(True))
        if c.get("report"):
            g.add(node, FOAF.page, iri(c.get("report")))
        return node
    if t == "judgement":
        node = KGR[f"judgement/{c.get('judgement')}"]
        event = KGR[f"event/{c.get('inspection')}"]
        # A graded judgement comes from a full inspection unless a visit claim says otherwise.
        _event_core(
            g, event, declared_kinds.get(c.get("inspection"), "inspection"), c.get("inspectorate"), c.get("subject")
        )
        g.add(node, RDF.type, KGO.Judgement)
        if c.get("grade"):
            g.add(node, KGO.grade, concept_iri("grades", c.get("grade")))
        if c.get("not_judged"):
            g.add(node, KGO.notJudgedBecause, concept_iri("judgement-gaps", c.get("not_judged")))
        if c.get("area"):
            g.add(node, KGO.area, concept_iri("areas", c.get("area")))
        g.add(node, KGO.judgementOf, entity_iri("organisation", c.get("subject")))
        g.add(node, PROV.wasGeneratedBy, event)
        g.add(node, PROV.wasAttributedTo, entity_iri("organisation", c.get("inspectorate")))
        date(KGO.date, node, "date")
        date(KGO.date, event, "date")
        _add_provenance(g, event, c)
        return node
    if t == "change":
        node = KGR[f"change/{c.get('change')}"]
        g.add(node, RDF.type, ORG.ChangeEvent)
        g.add(node, KGO.changeKind, concept_iri("change-kinds", c.get("kind")))
        for org_id in c.get("original", []):
            g.add(node, ORG.originalOrganization, entity_iri("organisation", org_id))
        for org_id in c.get("resulting", []):
            g.add(node, ORG.resultingOrganization, entity_iri("organisation", org_id))
        for agent in c.get("agent", []):
            g.add(node, KGO.agent, _ref(corpus, agent))
        if c.get("trigger"):
            g.add(node, KGO.triggeredBy, KGR[f"event/{c.get('trigger')}"])
        date(KGO.date, node, "date")
        return node
    node = KGR[f"claim/{c.source}/{c.id}"]
    if t in ("criticism", "praise", "response"):
        g.add(node, RDF.type, {"criticism": KGO.Criticism, "praise": KGO.Praise, "response": KGO.Response}[t])
        g.add(node, KGO.speaker, _ref(corpus, c.get("by")))
        for target in c.get("target", []):
            g.add(node, KGO.target, _ref(corpus, target))
        for theme in c.get("theme", []):
            g.add(node, KGO.theme, concept_iri("themes", theme))
        if c.get("about"):
            g.add(node, KGO.about, _event_iri(c.get("about"), events))
        if c.get("to"):
            g.add(node, KGO.respondsTo, _event_iri(c.get("to"), events))
        for other in c.get("to_claims", []):
            g.add(node, KGO.answers, KGR[f"claim/{c.source}/{other}"])
        if c.get("capacity"):
            g.add(node, KGO.inCapacityOf, entity_iri("post", c.get("capacity")))
        if c.get("stance"):
            g.add(node, KGO.stance, literal(c.get("stance")))
        if c.get("date") is None:
            c.values["date"] = corpus.sources[c.source].published.with_text("the source's date")
        date(KGO.date, node, "date")
        for quote in c.anchors:
            g.add(node, KGO.quote, literal(quote.exact))
        return node
    if t == "observation":
        g.add(node, RDF.type, KGO.Observation)
        g.add(node, KGO.measure, concept_iri("measures", c.get("measure")))
        g.add(node, KGO.observedBody, entity_iri("organisation", c.get("subject")))
        g.add(node, RDF.value, literal(c.get("value"), XSD_INTEGER))
        date(KGO.date, node, "date")
        return node
    raise ValueError(f"no RDF mapping for claim type {t!r}")


def event_kinds(corpus: Corpus) -> dict[str, str]:
    """Which node an event id names: a judgement, a change, or (by default) an inspection event. Built once."""
    kinds: dict[str, str] = {}
    for c in corpus.claims:
        if c.type == "judgement":
            kinds[c.get("judgement")] = "judgement"
        elif c.type == "change":
            kinds[c.get("change")] = "change"
    return kinds


def _event_iri(event_id: str, kinds: dict[str, str]) -> str:
    return KGR[f"{kinds.get(event_id, 'event')}/{event_id}"]


def _event_core(g: Triples, node: str, kind: str, inspectorate: str, subject: str) -> None:
    g.add(node, RDF.type, KGO.InspectionEvent)
    g.add(node, RDF.type, PROV.Activity)
    g.add(node, KGO.inspectionKind, concept_iri("inspection-kinds", kind))
    g.add(node, PROV.wasAssociatedWith, entity_iri("organisation", inspectorate))
    g.add(node, KGO.inspected, entity_iri("organisation", subject))


def _add_provenance(g: Triples, node: str, c: Claim) -> None:
    """prov:wasDerivedFrom the source, and a Web Annotation selector per quote."""
    src = source_iri(c.source)
    g.add(node, PROV.wasDerivedFrom, src)
    for i, a in enumerate(c.anchors):
        ev = KGR[f"evidence/{c.source}/{c.id}/{i}"]
        qs, ps = KGR[f"evidence/{c.source}/{c.id}/{i}/quote"], KGR[f"evidence/{c.source}/{c.id}/{i}/position"]
        g.add(node, KGO.evidence, ev)
        g.add(ev, RDF.type, OA.SpecificResource)
        g.add(ev, OA.hasSource, src)
        g.add(ev, KGO.claimId, literal(c.id))
        g.add(ev, KGO.claimType, literal(c.type))
        g.add(ev, OA.hasSelector, qs)
        g.add(ev, OA.hasSelector, ps)
        g.add(qs, RDF.type, OA.TextQuoteSelector)
        g.add(qs, OA.exact, literal(a.exact))
        g.add(qs, OA.prefix, literal(a.prefix))
        g.add(qs, OA.suffix, literal(a.suffix))
        g.add(ps, RDF.type, OA.TextPositionSelector)
        g.add(ps, OA.start, literal(a.start, XSD_INTEGER))
        g.add(ps, OA.end, literal(a.end, XSD_INTEGER))
        if str(c.location.path).endswith(".csv"):  # a register's row: also by its line, as RFC 7111 names a CSV row
            row = KGR[f"evidence/{c.source}/{c.id}/{i}/row"]
            g.add(ev, OA.hasSelector, row)
            g.add(row, RDF.type, OA.FragmentSelector)
            g.add(row, DCTERMS.conformsTo, iri(RFC7111))
            g.add(row, RDF.value, literal(f"row={c.location.line}"))
