# Copy the named graphs' triples into the default graph, which then is their union as a set (see
# kg/store/backend.py add_union). With ?g bound (a VALUES block), only that graph is copied.
INSERT { ?s ?p ?o }
WHERE {
  GRAPH ?g { ?s ?p ?o }
}
