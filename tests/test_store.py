"""`--store oxigraph:PATH`: every command answers the same from the on-disk Oxigraph store as from memory, the
build writes the same graph, and bad stores, failed builds and hostile parameters are handled."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from kg.data.paths import Paths
from kg.errors import InputError, KgError, QueryError
from kg.graph.build import build
from kg.graph.output import merged_graph
from kg.rdf.vocab import KGR
from kg.store.backend import MARKER, StoreSpec, configured, open_built
from kg.store.sparql import run_text, with_values

from .conftest import DATA

POST = str(KGR["post/bradford-director-childrens-services"])


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The real data built twice: in memory (files only) and into an Oxigraph store."""
    root = tmp_path_factory.mktemp("stores")
    mem, oxo = root / "mem", root / "ox"
    build(Paths(data=DATA, output=mem))
    build(Paths(data=DATA, output=oxo), store=StoreSpec("oxigraph", str(oxo / "store")))
    return mem, oxo, oxo / "store"


COMMANDS = [
    ["who-held", "director of children's services", "--on", "2020"],
    ["who-held", "chief executive"],
    ["roles", "Marc Douglas", "--format", "json"],
    ["in-post", "--on", "2023-06"],
    ["timeline", "--format", "csv"],
    ["query", "criticism-themes"],
    ["query", "who-held-on", "--param", f"post={POST}", "--param", "date=2020-01-01"],
    ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    ["export", "--format", "popolo"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_commands_answer_the_same_from_oxigraph(kg, both, args):
    mem, oxo, store = both
    expected = kg(*args, "--out", mem)
    got = kg(*args, "--out", oxo, "--store", f"oxigraph:{store}")
    assert expected.exit_code == 0, expected.stderr
    assert got.exit_code == 0, got.stderr
    assert got.stdout == expected.stdout


def test_views_are_the_same_from_oxigraph(kg, both):
    mem, oxo, store = both
    assert kg("view", "--out", mem).exit_code == 0
    result = kg("view", "--out", oxo, "--store", f"oxigraph:{store}")
    assert result.exit_code == 0, result.stderr
    pages = sorted(p.relative_to(mem) for p in mem.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert (oxo / page).read_bytes() == (mem / page).read_bytes(), page


def test_oxigraph_build_writes_the_same_graph_reproducibly(both, tmp_path):
    mem, oxo, _ = both
    a, b = Dataset(), Dataset()
    a.parse(mem / "graph.trig", format="trig")
    b.parse(oxo / "graph.trig", format="trig")
    assert isomorphic(merged_graph(a), merged_graph(b))
    assert {str(g.identifier) for g in a.graphs() if len(g)} == {str(g.identifier) for g in b.graphs() if len(g)}
    again = tmp_path / "again"
    build(Paths(data=DATA, output=again), store=StoreSpec("oxigraph", str(again / "store")))
    for name in ("graph.trig", "graph.ttl", "graph.jsonld"):
        assert (again / name).read_bytes() == (oxo / name).read_bytes(), name


def test_default_graph_is_the_union_as_a_set(both):
    """Oxigraph's own union default graph repeats a triple stated by several sources; ours does not."""
    _, _, path = both
    store = ox.Store.read_only(str(path))
    name = ox.NamedNode("http://xmlns.com/foaf/0.1/name")
    douglas = ox.NamedNode(str(KGR["person/mark-douglas"]))
    in_graphs = list(store.quads_for_pattern(douglas, name, None, None))
    union = list(store.quads_for_pattern(douglas, name, None, ox.DefaultGraph()))
    assert len(union) == 1
    assert len(in_graphs) >= 2  # stated in the entities graph and kept once in the default graph


def test_build_refuses_a_folder_that_is_not_a_store(tmp_path):
    victim = tmp_path / "precious"
    victim.mkdir()
    (victim / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not an accountability-kg store"):
        build(Paths(data=DATA, output=tmp_path / "out"), store=StoreSpec("oxigraph", str(victim)))
    assert (victim / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_failed_build_leaves_the_old_store(kg, both, data_copy, tmp_path):
    _, oxo, _ = both
    out = tmp_path / "out"
    store = out / "store"
    assert kg("build", "--data", DATA, "--out", out, "--store", f"oxigraph:{store}").exit_code == 0
    before = sorted(p.name for p in store.iterdir())
    (data_copy / "claims" / "2021-news-ofsted-monitoring-visit-children-in-care.yaml").write_text(
        "claims: [", encoding="utf-8"
    )
    result = kg("build", "--data", data_copy, "--out", out, "--store", f"oxigraph:{store}")
    assert result.exit_code == 2
    assert sorted(p.name for p in store.iterdir()) == before
    assert (store / MARKER).is_file()
    (out / "graph.ttl").unlink()
    (out / "graph.ttl").mkdir()  # the files cannot be written after the new store is filled: it must not replace
    result = kg("build", "--data", DATA, "--out", out, "--store", f"oxigraph:{store}")
    assert result.exit_code == 1
    assert "is a directory" in result.stderr
    assert sorted(p.name for p in store.iterdir()) == before
    assert not any(p.name.startswith(".store.") for p in out.iterdir())
    again = kg("who-held", "chief executive", "--out", out, "--store", f"oxigraph:{store}")
    assert again.exit_code == 0
    assert again.stdout == kg("who-held", "chief executive", "--out", oxo).stdout


def test_store_settings(tmp_path, monkeypatch):
    assert configured() == StoreSpec() or (Path("kg.toml").is_file())
    config = tmp_path / "kg.toml"
    config.write_text('store = "oxigraph:built/store"\n', encoding="utf-8")
    assert configured(config=config) == StoreSpec("oxigraph", str(tmp_path / "built/store"))
    assert configured("memory", config=config) == StoreSpec()
    assert configured(None, "http://127.0.0.1:7878/query", config=config).kind == "endpoint"
    config.write_text("store = [", encoding="utf-8")
    with pytest.raises(InputError, match=r"kg\.toml: not valid TOML"):
        configured(config=config)
    for bad in ("oxigraph", "oxigraph:", "sqlite:x", ""):
        with pytest.raises(InputError, match="--store"):
            StoreSpec.parse(bad)
    with pytest.raises(InputError, match="--endpoint"):
        StoreSpec.endpoint("ftp://example.org/sparql")


def test_bad_store_on_the_command_line(kg, tmp_path):
    result = kg("who-held", "chief executive", "--store", "sqlite:x")
    assert result.exit_code == 5
    assert "--store 'sqlite:x'" in result.stderr
    missing = kg("who-held", "chief executive", "--store", f"oxigraph:{tmp_path / 'nothing'}")
    assert missing.exit_code == 1
    assert "is not a built store" in missing.stderr
    with pytest.raises(KgError, match="not a built store"):
        open_built(Paths(), StoreSpec("oxigraph", str(tmp_path)))


def test_parameters_are_values_never_syntax(both):
    """A hostile parameter stays one literal; an IRI that would end early is refused."""
    _, _, path = both
    ds = open_built(Paths(), StoreSpec("oxigraph", str(path)))
    query = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name . FILTER(?name = ?wanted) }"
    assert [str(r.name) for r in run_text(ds, query, {"wanted": Literal("Mark Douglas")})] == ["Mark Douglas"]
    hostile = Literal('x") } } ; DROP ALL ; SELECT * { ?s ?p ?o FILTER("')
    assert list(run_text(ds, query, {"wanted": hostile})) == []
    with pytest.raises(QueryError, match="not a valid IRI"):
        with_values(query, {"wanted": URIRef("http://x> } ?s ?p ?o . <http://y")})
    with pytest.raises(QueryError, match="parameter name"):
        with_values(query, {"a b": Literal("x")})
    # comments, strings and IRIs with braces or the word WHERE do not move the block
    tricky = '# WHERE {\nSELECT ?s WHERE { ?s <http://x/{where}> "WHERE {" }'
    assert with_values(tricky, {"s": URIRef("http://a")}).endswith(
        'SELECT ?s WHERE {\nVALUES (?s) { (<http://a>) }\n ?s <http://x/{where}> "WHERE {" }'
    )


def test_view_of_one_body(kg, both, tmp_path):
    """`kg view --org` draws one body's part: its units, posts and holders, and whoever its events name."""
    mem, _, _ = both
    out = tmp_path / "one"
    out.mkdir()
    (out / "graph.trig").write_bytes((mem / "graph.trig").read_bytes())
    result = kg("view", "--out", out, "--org", "Bradford Children and Families Trust")
    assert result.exit_code == 0, result.stderr
    people = {p.stem for p in (out / "person").iterdir()}
    bodies = {p.stem for p in (out / "org").iterdir()}
    assert "eileen-milner" in people  # the trust's chair
    assert "kyle-green" not in people  # a councillor who spoke about the council before the trust existed
    assert {"bradford-children-and-families-trust", "ofsted"} <= bodies
    everything = {p.stem for p in (mem / "person").iterdir()} if (mem / "person").exists() else set()
    assert not everything or people < everything
    bad = kg("view", "--out", out, "--org", "no such body")
    assert bad.exit_code == 4
    assert "no organisation matches 'no such body'" in bad.stderr


def test_build_with_validate_writes_nothing_invalid(kg, data_copy, tmp_path):
    path = data_copy / "claims" / "2021-news-ofsted-monitoring-visit-children-in-care.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("earliest: 2021-07-01, latest: 2021-08-31", "value: 2022-03", 1), encoding="utf-8")
    for store in ("memory", f"oxigraph:{tmp_path / 'store'}"):
        out = tmp_path / f"out-{store[:6]}"
        result = kg("build", "--data", data_copy, "--out", out, "--store", store, "--validate")
        assert result.exit_code == 3, result.stderr
        assert "is after the source's own date" in result.stderr
        assert not out.exists() or not any(out.iterdir())
    assert not (tmp_path / "store").exists()
    ok = kg(
        "build", "--data", DATA, "--out", tmp_path / "ok", "--store", f"oxigraph:{tmp_path / 'store'}", "--validate"
    )
    assert ok.exit_code == 0, ok.stderr
