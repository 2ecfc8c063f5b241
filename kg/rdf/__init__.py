"""The names of things in RDF, shared by every stage that reads or writes triples. Enters: nothing from the project
but ids. Leaves: namespaces and IRI minting (vocab), and terms written as N-Triples text (quads), the one form in
which triples reach either store.
"""
