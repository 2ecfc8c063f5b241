"""Official documents into data/: `kg ingest FILE.pdf`, `kg extract FILE.pdf` and `kg import reports DIR`, on the
real Ofsted reports of tests/fixtures/ofsted (Ofsted, licensed under the Open Government Licence v3.0) and on
broken inputs made here: a bad PDF is named, the others come in, nothing of it is written, the exit is non-zero."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.extract import documents
from kg.extract.documents.pdf import DocumentText, read_pdf
from tests.test_documents_pdf import ILACS, OFSTED, SIF, _pdf_bytes

Kg = Callable[..., Any]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".kg.lock"
    }


@pytest.fixture
def parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document read by a stand-in parser proposing one criticism quoting the report's first line of words."""

    def read(doc: DocumentText, source_id: str, entities: Any, known: Any) -> dict[str, Any]:
        quote = next(line for line in doc.pages[0].splitlines() if len(line) > 5)
        start = doc.text.index(quote)
        claim = {"id": "d001-criticism", "type": "criticism", "by": "ofsted",
                 "target": ["bradford-children-and-families-trust"], "theme": ["workforce"], "quote": quote,
                 "extracted": {"rule": "test/first-line", "confidence": 0.9, "offsets": [[start, start + len(quote)]]}}  # fmt: skip
        return {"source": source_id, "entities": {}, "claims": [claim]}

    monkeypatch.setattr(documents, "parser_for", lambda kind: read)


def test_ingest_of_a_pdf_keeps_its_text_and_what_read_it(data_copy: Path, kg: Kg, parser: None) -> None:
    got = kg("ingest", ILACS, "--url", "https://example.org/report", "--data", data_copy)
    assert got.exit_code == 0, got.output + got.stderr
    (meta_path,) = (data_copy / "sources").glob("*knowsley*.yaml")
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    doc = read_pdf(ILACS)
    assert meta_path.with_suffix(".txt").read_text(encoding="utf-8") == doc.text
    assert meta["pdf_sha256"] == doc.sha256 and meta["extractor"] == "pypdfium2" and meta["pages"] == 10
    assert meta["document_kind"] == "ilacs" and meta["kind"] == "inspection-report" and meta["publisher"] == "ofsted"
    assert meta["published"] == "2021-10-22" and meta["url"] == "https://example.org/report"
    assert "Open Government Licence" in meta["licence"]
    pending = yaml.safe_load((data_copy / "pending" / f"{meta['id']}.yaml").read_text(encoding="utf-8"))
    assert pending["claims"][0]["quote"] in doc.text
    before = _files(data_copy)
    again = kg("ingest", ILACS, "--data", data_copy)
    assert again.exit_code == 0 and "already have" in again.output and _files(data_copy) == before


def test_extract_reads_a_pdf_like_an_article(data_copy: Path, kg: Kg, parser: None) -> None:
    got = kg("extract", SIF, "--data", data_copy)
    assert got.exit_code == 0, got.output + got.stderr
    assert "d001-criticism" in got.stdout and "Lancashire County Council" in got.stdout


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The fixture reports and four bad PDFs beside them."""
    target = tmp_path / "reports"
    shutil.copytree(OFSTED, target)
    (target / "a_not_a_pdf.pdf").write_text("not a PDF\n", encoding="utf-8")
    (target / "b_empty.pdf").write_bytes(b"")
    (target / "c_truncated.pdf").write_bytes(ILACS.read_bytes()[:3000])
    (target / "d_encrypted.pdf").write_bytes(_pdf_bytes("Secret", password="pw"))
    (target / "e_scan.pdf").write_bytes(_pdf_bytes(None))
    return target


def test_import_brings_in_the_good_names_the_bad_and_fails_at_the_end(
    data_copy: Path, folder: Path, kg: Kg, parser: None
) -> None:
    before = set(_files(data_copy))
    got = kg("import", "reports", folder, "--data", data_copy)
    assert got.exit_code == 1
    for bad in ("a_not_a_pdf.pdf", "b_empty.pdf", "c_truncated.pdf", "d_encrypted.pdf", "e_scan.pdf"):
        assert bad in got.stderr
    new = set(_files(data_copy)) - before
    assert len([n for n in new if n.startswith("sources/") and n.endswith(".txt")]) == 2
    assert len([n for n in new if n.startswith("pending/")]) == 2
    assert not any(stem in n for n in new for stem in ("not-a-pdf", "empty", "truncated", "encrypted", "scan"))
    snapshot = _files(data_copy)
    again = kg("import", "reports", folder, "--data", data_copy)
    assert again.output.count("skipped 8") + again.output.count("already source") >= 2
    assert _files(data_copy) == snapshot


def test_import_with_accept_files_the_candidates_as_claims(
    data_copy: Path, tmp_path: Path, kg: Kg, parser: None
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(ILACS, good)
    (good / "manifest.csv").write_text(
        "file,url,origin_repository,origin_commit,origin_path\n"
        f"{ILACS.name},https://example.org/r,owner/repo,{'a' * 40},reports/knowsley.pdf\n",
        encoding="utf-8",
    )
    got = kg("import", "reports", good, "--accept", "--data", data_copy)
    assert got.exit_code == 0, got.output + got.stderr
    (claims,) = (data_copy / "claims").glob("*knowsley*.yaml")
    assert "d001-criticism" in claims.read_text(encoding="utf-8")
    assert not list((data_copy / "pending").glob("*knowsley*"))
    (meta,) = (data_copy / "sources").glob("*knowsley*.yaml")
    loaded = yaml.safe_load(meta.read_text(encoding="utf-8"))
    assert loaded["url"] == "https://example.org/r" and loaded["origin"].startswith("owner/repo at aaaa")


def test_import_of_a_folder_without_pdfs_is_refused(tmp_path: Path, data_copy: Path, kg: Kg) -> None:
    got = kg("import", "reports", tmp_path, "--data", data_copy)
    assert got.exit_code != 0 and "no *.pdf" in got.stderr


def test_a_pdf_source_builds_with_its_quotes_checked_and_its_pdf_in_the_graph(
    data_copy: Path, kg: Kg, parser: None
) -> None:
    from rdflib import Literal, URIRef

    from kg.data.paths import Paths
    from kg.graph.build import build_graph
    from kg.graph.triples import source_iri
    from kg.rdf.vocab import KGO

    assert kg("import", "reports", OFSTED, "--accept", "--data", data_copy).exit_code == 0
    built = build_graph(Paths(data=data_copy))  # refuses a quote that is not in the source text
    (meta,) = (data_copy / "sources").glob("*lancashire*.yaml")
    node = URIRef(source_iri(meta.stem)[1:-1])
    graph = built.dataset.graph(node)
    assert graph.value(node, KGO.pages) == Literal(29)
    assert graph.value(node, KGO.pdfSha256) == Literal(read_pdf(SIF).sha256)
    assert graph.value(node, KGO.documentKind) == Literal("sif")


def test_import_with_accept_leaves_what_needs_a_reviewer_pending(data_copy: Path, tmp_path: Path, kg: Kg) -> None:
    """The real readers: a report's "in post since" statement names no person (`needs: [person]`), so it stays
    pending while everything else is accepted; the import does not fail for it."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SIF, folder)
    got = kg("import", "reports", folder, "--accept", "--data", data_copy)
    assert got.exit_code == 0, got.output + got.stderr
    assert list((data_copy / "claims").glob("*lancashire*.yaml"))
    pending = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (data_copy / "pending").glob("*lancashire*")]
    left = [c for doc in pending for c in doc["claims"]]
    assert left and all((c.get("extracted") or {}).get("needs") for c in left)
