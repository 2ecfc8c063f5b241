"""`kg eval` scores reading: only sources that are texts count, so the national data's registers (whose rows are
claims with no text to read) must not turn into thousands of missed judgements."""

from __future__ import annotations

from kg.data.paths import Paths
from kg.extract.evaluate import evaluate

from .conftest import DATA, NATIONAL


def test_registers_are_not_scored_as_articles() -> None:
    seeds = evaluate(Paths(data=DATA))
    national = evaluate(Paths(data=NATIONAL))
    assert national.sources == seeds.sources == len(list((DATA / "sources").glob("*.yaml")))
    assert national.rows() == seeds.rows()  # and every council the registers add links no seed claim elsewhere
