"""`timeline --org` and `view --org` read only the body's part of the graph (its events, and the tenures they need), and must give
exactly the rows the whole graph gives: on the seed data in memory and on a synthetic corpus in Oxigraph, for every
body, including memberships with no post (a councillor's seat in a party group)."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Dataset

from kg.data.paths import Paths
from kg.questions import timeline as timeline_mod
from kg.questions.scope import scoped
from kg.questions.timeline import events_of, timeline
from kg.questions.who_held import Graphs, catalogue_of
from kg.store.backend import StoreSpec, open_built


def _whole_graph(ds: Dataset, scope: set[str]) -> tuple[Graphs, list[Any]]:
    """The reference: every event and every tenure of the graph (the filter by body comes after)."""
    g = Graphs.of(ds)
    return g, events_of(g)


def _compare(ds: Dataset, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[dict[str, Any]]]:
    bodies = sorted(item.id for item in catalogue_of(ds).of_kind("organisation").values())
    scoped = {body: timeline(ds, body) for body in bodies}
    with monkeypatch.context() as patch:
        patch.setattr(timeline_mod, "_about", _whole_graph)
        for body in bodies:
            assert timeline(ds, body) == scoped[body], body
    return scoped


def test_scoped_timeline_is_the_whole_graphs_on_the_seed_data(built, monkeypatch):
    scoped = _compare(built.dataset, monkeypatch)
    assert sum(len(rows) for rows in scoped.values()) > 100
    assert any(r["accountable"] for rows in scoped.values() for r in rows)


def test_scoped_timeline_is_the_whole_graphs_on_a_synthetic_corpus_in_oxigraph(synth_store, monkeypatch):
    ds = open_built(Paths(output=synth_store / "out"), StoreSpec("oxigraph", str(synth_store / "store")))
    scoped = _compare(ds, monkeypatch)
    # memberships with no post (a councillor in a party group) are in their body's timeline
    seats = [r for rows in scoped.values() for r in rows if r["kind"].startswith("tenure") and "group" in r["node"]]
    assert seats
    assert any(r["accountable"] for rows in scoped.values() for r in rows)


def _view_compare(ds: Dataset) -> int:
    """`kg view --org` (kg/questions/scope.py) must draw the body's part of the whole graph: the same tenures (of its posts
    and its post-less memberships) and the same events as the whole graph, filtered afterwards."""
    cat = catalogue_of(ds)
    whole = Graphs.of(ds)
    every_event = events_of(whole)
    seats = 0
    for body in sorted(item.id for item in cat.of_kind("organisation").values()):
        g, events = scoped(ds, body)
        scope = cat.org_scope(body) or set()
        posts = {iri for iri, item in cat.of_kind("post").items() if item.organisation in scope}
        named = scope | posts

        def mine(span: Any, scope: set[str] = scope, posts: set[str] = posts) -> bool:
            return span.tenure.organisation in scope or span.tenure.post in posts

        want = {tid: s for tid, s in whole.timeline.spans.items() if mine(s)}
        assert {tid: s for tid, s in g.timeline.spans.items() if mine(s)} == want, body
        assert [ev for ev in every_event if (ev.related | ev.who | ev.to | ev.about) & named] == events, body
        seats += sum(1 for s in want.values() if s.tenure.post is None)
    return seats


def test_scoped_view_is_the_whole_graphs_on_the_seed_data(built):
    _view_compare(built.dataset)


def test_scoped_view_is_the_whole_graphs_on_a_synthetic_corpus_in_oxigraph(synth_store):
    ds = open_built(Paths(output=synth_store / "out"), StoreSpec("oxigraph", str(synth_store / "store")))
    assert _view_compare(ds) > 0  # councillors' seats in party groups are drawn in their council's view
