"""Stage 3, the questions users ask. Enters: a built graph (any store). Leaves: answers as rows (who held a
post, a person's roles, who was in post on a date, a body's timeline), each saying how sure it is and citing its
sources, rendered as a table, CSV or JSON.
"""
