"""kg.synth: a synthetic corpus the whole pipeline accepts, byte-identical per seed, invented from name parts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from kg.data.paths import ONTOLOGY_DIR, PACKAGE_ROOT, Paths
from kg.data.quotes import fold
from kg.errors import InputError
from kg.graph.build import build_graph
from kg.graph.triples import Built
from kg.graph.validate import validate_built
from kg.rdf.vocab import KGO
from kg.synth.corpus import SynthReport, synthesize
from kg.synth.names import Parts

SEED_TEXTS = [*(PACKAGE_ROOT / "data" / "sources").glob("*.txt")]
SEED_TEXTS += [*(PACKAGE_ROOT / "tests" / "fixtures").rglob("*.txt")]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthReport, Built]:
    """A 3-council, 3-year corpus, generated and built once for the module."""
    out = tmp_path_factory.mktemp("synth") / "data"
    report = synthesize(out, councils=3, years=3, seed=11)
    return out, report, build_graph(Paths(data=out))


def test_small_corpus_builds_and_validates_clean(small: tuple[Path, SynthReport, Built]) -> None:
    out, report, built = small
    result = validate_built(built.corpus, built, ONTOLOGY_DIR)
    assert result.violations == []
    assert result.warnings == []
    assert report.councils == 3
    assert report.sources == len(built.corpus.sources) > 0
    assert report.total_claims == len(built.corpus.claims)
    assert report.files == len(_tree(out))
    assert {"tenure", "visit", "judgement", "criticism", "praise", "response", "change"} <= set(report.claims)


def test_every_quote_is_verbatim(small: tuple[Path, SynthReport, Built]) -> None:
    """The loader already refuses a quote it cannot find; here each is also the exact text, not a folded match."""
    _, _, built = small
    for claim in built.corpus.claims:
        assert len(claim.anchors) == len(claim.quotes) > 0
        for quote, anchor in zip(claim.quotes, claim.anchors, strict=True):
            assert anchor.exact == quote, (claim.source, claim.id, fold(quote))


def test_tenures_have_partial_dates_interims_and_succession(small: tuple[Path, SynthReport, Built]) -> None:
    _, _, built = small
    tenures = built.corpus.claims_of("tenure")
    precisions = {c.get(k).precision for c in tenures for k in ("start", "end") if c.get(k) is not None}
    assert {"year", "month", "day"} <= precisions
    assert precisions & {"season", "range"}
    assert any(c.get("interim") or c.get("acting") for c in tenures)
    succeeded = list(built.dataset.triples((None, KGO.succeeded, None)))
    assert succeeded


def test_a_trust_takes_over_and_councillors_criticise(small: tuple[Path, SynthReport, Built]) -> None:
    _, _, built = small
    corpus = built.corpus
    [transfer, *_] = [c for c in corpus.claims_of("change") if c.get("kind") == "transfer-of-services"]
    [trust] = transfer.get("resulting")
    assert corpus.entity(trust).values["kind"] == "trust"
    assert corpus.entity(trust).values["exists_from"] is not None
    trust_posts = {e.id for e in corpus.entities.values() if e.kind == "post" and e.values["organisation"] == trust}
    assert any(c.get("post") in trust_posts for c in corpus.claims_of("tenure"))
    councillors = {
        c.get("person")
        for c in corpus.claims_of("tenure")
        if corpus.entity(c.get("post")).values["role"] == "councillor"
    }
    assert any(c.get("by") in councillors for c in corpus.claims_of("criticism"))
    assert any(c.get("by") in councillors for c in corpus.claims_of("response"))
    assert len(set(built.dataset.subjects(RDF.type, KGO.InspectionEvent))) > 0


def test_same_arguments_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesize(first, councils=4, years=4, seed=5)
    synthesize(second, councils=4, years=4, seed=5)
    synthesize(other, councils=4, years=4, seed=6)
    assert _tree(first) == _tree(second)
    assert _tree(first) != _tree(other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]  # no temporary folders left behind


def test_names_are_invented_from_the_parts(small: tuple[Path, SynthReport, Built]) -> None:
    """No person or place of the seed or fixture articles; every surname and place made of the listed parts."""
    _, _, built = small
    parts = Parts.load()
    seed_text = "\n".join(p.read_text(encoding="utf-8") for p in SEED_TEXTS).lower()
    surname = re.compile(f"({'|'.join(parts.surname_heads)})[a-z]*", re.IGNORECASE)
    place = re.compile(f"({'|'.join(parts.place_heads)})[a-z]*", re.IGNORECASE)
    people = [e for e in built.corpus.entities.values() if e.kind == "person"]
    councils = [e for e in built.corpus.entities.values() if e.kind == "organisation" and e.values["kind"] == "council"]
    assert people
    assert councils
    for person in people:
        first, last = person.label.split(" ", 1)
        assert surname.fullmatch(last), person.label
        assert first in parts.female + parts.male
        assert person.label.lower() not in seed_text
        assert last.lower() not in parts.exclude
    for council in councils:
        name = council.label.split(" ")[0]
        assert place.fullmatch(name), council.label
        assert not re.search(rf"\b{name.lower()}\b", seed_text), name
        assert name.lower() not in parts.exclude


def test_sources_say_they_are_synthetic(small: tuple[Path, SynthReport, Built]) -> None:
    out, _, built = small
    for source in built.corpus.sources.values():
        assert "synthetic" in source.values["note"].lower()
        assert "Synthetic article generated by kg synth" in source.text
    assert "SYNTHETIC" in (out / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("councils", "years", "message"),
    [(0, 3, "--councils must be at least 1"), (2, 0, "--years must be at least 1"), (-1, 1, "--councils")],
)
def test_bad_counts_raise_input_error(tmp_path: Path, councils: int, years: int, message: str) -> None:
    with pytest.raises(InputError, match=message):
        synthesize(tmp_path / "out", councils=councils, years=years, seed=1)
    assert not (tmp_path / "out").exists()


def test_out_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not an empty folder"):
        synthesize(out, councils=1, years=1, seed=1)
    assert _tree(out) == {"keep.txt": b"mine"}
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        synthesize(a_file, councils=1, years=1, seed=1)


def test_empty_out_is_filled_and_a_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    report = synthesize(out, councils=1, years=1, seed=3)
    assert report.out == out
    assert (out / "sources").is_dir() and (out / "entities").is_dir() and (out / "claims").is_dir()

    import kg.synth.corpus

    def boom(*_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.synth.corpus._Generator, "_flush", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        synthesize(tmp_path / "never", councils=2, years=1, seed=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
