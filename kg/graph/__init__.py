"""Stage 2, claims become RDF. Enters: a checked `Corpus` from kg.data and the vocabulary, shapes and rules in
ontology/. Leaves: the RDF dataset (one named graph per source, derived shortcut edges and tenure intervals), checked
against the SHACL shapes and integrity rules, and written all-or-nothing as output/graph.trig, .ttl and .jsonld and,
if chosen, an Oxigraph store.
"""
