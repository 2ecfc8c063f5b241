"""Stage 1, reading and checking data/. Enters: the files in data/ (sources and their metadata, entity files,
claims files) and the schema in ontology/schema.yaml. Leaves: a checked `Corpus` (entities, sources, claims, each
quote found in its source's text), or every problem found with its `file:line:column: field`. Also where data/ is
written back safely (strict YAML, staged changes).
"""
