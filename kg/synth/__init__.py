"""A synthetic national corpus for measuring scale. Enters: a seed, a number of councils and years, and the
name parts and phrases in ontology/synth. Leaves: data/ files (sources, entities, claims) the whole pipeline accepts,
byte-identical per seed. Imports nothing above kg.data: it writes data, it never reads a graph.
"""
