"""The SPARQL endpoint. Enters: a built Oxigraph store (or the output files) and HTTP requests. Leaves: answers
from a supervised, read-only Oxigraph server behind a front that caps rows and time, and serves the views.
"""
