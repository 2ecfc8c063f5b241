"""Time reasoning over tenures: who held which post when. Enters: tenure evidence read from a graph (starts,
ends, attestations, each a partial date with earliest and latest days). Leaves: per tenure a certain and a possible
interval, successions and vacancies, written back as derived triples.
"""
