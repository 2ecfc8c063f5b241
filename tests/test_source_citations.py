"""A source with an address is cited by it: in the answers (JSON fields, the table and CSV cell) and in the council
pages (a link, escaped; an address of another scheme never becomes one)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from kg.cli import app
from kg.questions.citations import Citation
from kg.views.site import _env
from tests.conftest import DATA

SOURCE = "2024-news-ofsted-monitoring-visit-trust"
URL = "https://news.example.org/bradford/2024/visit?id=1&page=2"


@pytest.fixture(scope="module")
def graph_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed data with an address and a retrieval date added to one source's metadata, built."""
    root = tmp_path_factory.mktemp("cited")
    data = root / "data"
    shutil.copytree(DATA, data)
    meta = data / "sources" / f"{SOURCE}.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"url: {URL}\nretrieved: 2024-03-01\n", encoding="utf-8")
    result = _run("build", "--data", data, "--out", root / "out")
    assert result.exit_code == 0, result.stderr
    return root / "out"


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def _ask(*args: str | Path) -> str:
    result = _run(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_who_held_cites_the_sources_address(graph_with_url):
    rows = json.loads(_ask("who-held", "chief executive", "--format", "json", "--out", graph_with_url))
    evidence = [e for r in rows for e in r["evidence"] if e["source"] == SOURCE]
    assert evidence and evidence[0]["source_url"] == URL and evidence[0]["source_retrieved"] == "2024-03-01"
    assert evidence[0]["source_title"]
    others = [e for r in rows for e in r["evidence"] if e["source"] != SOURCE]
    assert all(e["source_url"] is None for e in others)
    assert f"{SOURCE} <{URL}>" in _ask("who-held", "chief executive", "--out", graph_with_url)
    table = list(csv.DictReader(io.StringIO(_ask("who-held", "chief executive", "-f", "csv", "--out", graph_with_url))))
    assert any(f"{SOURCE} <{URL}>" in r["sources"] for r in table)


def test_the_timeline_cites_the_sources_address(graph_with_url):
    rows = json.loads(_ask("timeline", "--format", "json", "--out", graph_with_url))
    cited = [c for r in rows for c in r["citations"] if c["source"] == SOURCE]
    assert cited and all(c["url"] == URL for c in cited)
    table = list(csv.DictReader(io.StringIO(_ask("timeline", "-f", "csv", "--out", graph_with_url))))
    assert any(f"{SOURCE} <{URL}>" in r["sources"] for r in table)


def _cite(ids: list[str], cited: dict[str, Citation]) -> str:
    return str(_env().get_template("_cite.html").module.sources(ids, cited))  # type: ignore[attr-defined]


def test_a_page_cites_a_source_by_its_title_with_a_link_and_escapes_it():
    hostile = Citation("s1", '<script>window.__pwned=1</script> "Gazette"', URL, "2024-03-01")
    html = _cite(["s1", "s0"], {"s1": hostile, "s0": Citation("s0", "Plain title")})
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'href="https://news.example.org/bradford/2024/visit?id=1&amp;page=2"' in html
    assert 'title="s1, retrieved 2024-03-01"' in html
    assert html.index("Plain title") < html.index("Gazette"), "sorted by id"
    assert '<span title="s0">Plain title</span>' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", " javascript:alert(1)"])
def test_an_address_of_another_scheme_is_never_a_link(url):
    html = _cite(["s1"], {"s1": Citation("s1", "T", url)})
    assert "href" not in html and "<b>" not in html
    assert _cite(["nobody"], {}) == "nobody"
