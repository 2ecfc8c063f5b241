"""kg ingest's metadata: a publisher given by name (a newspaper need not be an entity first), the article's address
and retrieval date (kept with the source and in the graph), and a text nearly the same as a source's."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

import kg.extract as kg_extract
from kg.data.paths import Paths
from kg.rdf.vocab import KGO, source_iri

# Invented text; a near copy of it is made by each test that needs one.
ARTICLE = (
    "Council appoints new head of children's services\n\n"
    "The council has appointed a new director of children's services after a long search. "
    "She starts in the spring and will report to the chief executive. "
    'The "improvement board" will meet monthly until the next inspection, the council said. '
    "Councillors welcomed the news at a meeting on Tuesday evening and thanked the interim team.\n"
)


@pytest.fixture(autouse=True)
def no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor proposes nothing: these tests are about the source, not its candidates."""

    def fake(paths: Paths, text_path: Path, source_id: str) -> dict[str, Any]:
        return {"source": source_id, "entities": {}, "claims": []}

    monkeypatch.setattr(kg_extract, "extract_file", fake)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(kg: Callable[..., Any], data: Path, file: Path, *extra: str) -> Any:
    return kg("ingest", file, "--title", "T", "--date", "2024-05-01", "--data", data, *extra)


def _meta(data: Path, source: str) -> dict[str, Any]:
    return dict(yaml.safe_load((data / "sources" / f"{source}.yaml").read_text(encoding="utf-8")))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.name != ".kg.lock"
            and p.is_file()}  # fmt: skip


def test_a_publisher_by_name_becomes_a_news_publisher_with_the_source(data_copy, tmp_path, kg):
    article = _file(tmp_path, "a.txt", ARTICLE)
    result = _ingest(kg, data_copy, article, "--id", "s1", "--publisher", "The  Example Gazette",
                     "--url", "https://news.example.org/2024/05/new-director", "--retrieved", "2024-05-03")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "added organisation the-example-gazette (news-publisher)" in result.stdout
    meta = _meta(data_copy, "s1")
    assert meta["publisher"] == "the-example-gazette"
    assert meta["url"] == "https://news.example.org/2024/05/new-director"
    assert str(meta["retrieved"]) == "2024-05-03"
    added = yaml.safe_load((data_copy / "entities" / "ingested.yaml").read_text(encoding="utf-8"))["organisations"]
    assert [(o["id"], o["name"], o["kind"]) for o in added] == [
        ("the-example-gazette", "The Example Gazette", "news-publisher")
    ]
    second = _ingest(kg, data_copy, _file(tmp_path, "b.txt", "Another invented report about something else.\n"),
                     "--id", "s2", "--publisher", "the example gazette")  # fmt: skip
    assert second.exit_code == 0, second.stderr
    assert _meta(data_copy, "s2")["publisher"] == "the-example-gazette" and "added organisation" not in second.stdout
    out = tmp_path / "out"
    built = kg("build", "--data", data_copy, "--out", out)
    assert built.exit_code == 0, built.stderr
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    source = source_iri("s1")
    assert list(ds.quads((source, FOAF.page, URIRef("https://news.example.org/2024/05/new-director"), None)))
    retrieved = next(o for _, _, o, _ in ds.quads((source, KGO.retrieved, None, None)))
    assert list(ds.quads((retrieved, KGO.dateValue, Literal("2024-05-03"), None)))
    assert list(ds.quads((source, DCTERMS.publisher, None, None)))
    assert not list(ds.quads((source_iri("s2"), FOAF.page, None, None)))


@pytest.mark.parametrize(("given", "expected"), [("ofsted", "ofsted"), ("Bradford Council", "bradford-council"),
                                                 ("the local authority", "bradford-council")])  # fmt: skip
def test_a_known_organisation_is_found_by_id_name_or_alias(data_copy, tmp_path, kg, given, expected):
    before = (data_copy / "entities").iterdir()
    result = _ingest(kg, data_copy, _file(tmp_path, "a.txt", ARTICLE), "--id", "s1", "--publisher", given)
    assert result.exit_code == 0, result.stderr
    assert _meta(data_copy, "s1")["publisher"] == expected
    assert sorted(p.name for p in (data_copy / "entities").iterdir()) == sorted(p.name for p in before)


def test_retrieved_defaults_to_today(data_copy, tmp_path, kg):
    assert _ingest(kg, data_copy, _file(tmp_path, "a.txt", ARTICLE), "--id", "s1").exit_code == 0
    assert str(_meta(data_copy, "s1")["retrieved"]) == datetime.date.today().isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "news.example.org/a"], "--url 'news.example.org/a'"),
        (["--url", "https://news.example.org/a b"], "give the address the article was published at"),
        (["--url", "ftp://news.example.org/a"], "--url 'ftp://news.example.org/a'"),
        (["--retrieved", "yesterday"], "--retrieved 'yesterday'"),
        (["--retrieved", "2024-04-30"], "a copy is taken after the article is published (2024-05-01)"),
        (["--retrieved", "2999-01"], "not after today"),
        (["--publisher", "Eileen Milner"], "the id 'eileen-milner' it would get is a person's"),
        (["--publisher", "  "], "--publisher is empty"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_is_written(data_copy, tmp_path, kg, args, message):
    article = _file(tmp_path, "a.txt", ARTICLE)
    before = _snapshot(data_copy)
    result = _ingest(kg, data_copy, article, *args)
    assert result.exit_code != 0 and message in " ".join(result.stderr.split()), result.stderr
    assert _snapshot(data_copy) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace(". ", ".  \n"),  # quotes, spacing
        lambda t: t.replace("welcomed", "praised").replace("Tuesday", "Monday"),  # two words corrected
        lambda t: t.upper(),
    ],
)
def test_a_text_nearly_the_same_as_a_source_is_refused_unless_forced(data_copy, tmp_path, kg, change):
    assert _ingest(kg, data_copy, _file(tmp_path, "a.txt", ARTICLE), "--id", "first").exit_code == 0
    again = _file(tmp_path, "again.txt", change(ARTICLE))
    before = _snapshot(data_copy)
    refused = _ingest(kg, data_copy, again, "--id", "second")
    message = " ".join(refused.stderr.split())
    assert refused.exit_code != 0 and "nearly the same text as source first" in message, message
    assert "data/sources/first.txt" in message and "--force" in message
    assert _snapshot(data_copy) == before
    forced = _ingest(kg, data_copy, again, "--id", "second", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "nearly the same text as source first" in forced.stdout
    assert (data_copy / "sources" / "second.txt").read_bytes() == again.read_bytes()


def test_a_different_article_on_the_same_story_is_not_nearly_the_same(data_copy, tmp_path, kg):
    assert _ingest(kg, data_copy, _file(tmp_path, "a.txt", ARTICLE), "--id", "first").exit_code == 0
    other = ARTICLE.replace("The council has appointed", "After months without a permanent leader, the council named")
    other = other.replace("Councillors welcomed the news", "Opposition councillors questioned the cost")
    result = _ingest(kg, data_copy, _file(tmp_path, "b.txt", other), "--id", "second")
    assert result.exit_code == 0, result.stderr


def test_a_registers_council_is_found_by_its_official_name(data_copy, tmp_path, kg):
    import shutil

    from tests.conftest import NATIONAL

    shutil.copytree(NATIONAL / "registers", data_copy / "registers")
    result = _ingest(kg, data_copy, _file(tmp_path, "a.txt", ARTICLE), "--id", "s1", "--publisher", "Leeds City Council",
                     "--kind", "council-press-release")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _meta(data_copy, "s1")["publisher"] == "leeds-council"
    assert not (data_copy / "entities" / "ingested.yaml").exists()


@pytest.mark.parametrize(("answer", "added"), [("y", True), ("n", False)])
def test_on_a_terminal_a_new_publisher_is_proposed_first(data_copy, tmp_path, answer, added):
    from kg.errors import InputError
    from kg.extract.ingest import Meta, ingest

    asked: list[str] = []

    def ask(question: str, default: str | None) -> str:
        asked.append(question)
        return answer

    meta = Meta("s1", "T", publisher="Example Gazette", date="2024-05-01")
    before = _snapshot(data_copy)
    if added:
        assert ingest(Paths(data=data_copy), _file(tmp_path, "a.txt", ARTICLE), meta, ask=ask).publisher_added
    else:
        with pytest.raises(InputError, match="not added"):
            ingest(Paths(data=data_copy), _file(tmp_path, "a.txt", ARTICLE), meta, ask=ask)
        assert _snapshot(data_copy) == before
    assert asked == [
        "No organisation is called 'Example Gazette': add it as a news publisher, id example-gazette? (y/n)"
    ]
