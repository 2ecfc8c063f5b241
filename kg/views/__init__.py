"""Stage 4, what people look at. Enters: a built graph (any store) and the questions' answers. Leaves: networkx
projections of leadership and accountability, drawn as offline HTML pages (vis-network, vendored) under output/, and
the same projections and tenures exported for other tools (Popolo JSON, tenure CSV, GraphML and GEXF for Gephi).
"""
