"""Where a built graph lives and how it is asked. Enters: a store the user chose (memory, an on-disk Oxigraph
folder, a SPARQL endpoint) and SPARQL text from ontology/queries. Leaves: an rdflib `Dataset` over that store, query
results, the catalogue of named things (who and what the graph knows, matched by name), and pushes to endpoints.
"""
