"""Reading official documents (PDF): text page by page, the kind and date a document gives itself, the parser a
kind goes to, and a clear refusal of what cannot be read. On the real Ofsted reports in tests/fixtures/ofsted
(Ofsted, licensed under the Open Government Licence v3.0), and on the shared sample when it is present."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest

from kg.errors import DataError
from kg.extract import documents
from kg.extract.documents.kinds import detect_kind, document_date, document_title
from kg.extract.documents.pdf import DocumentText, read_pdf

ROOT = Path(__file__).resolve().parent.parent
OFSTED = ROOT / "tests" / "fixtures" / "ofsted"
ILACS = OFSTED / "80479_knowsley_ilacs_2021-12-03.pdf"
SIF = OFSTED / "80480_lancashire_sif_2018-08-17.pdf"
SHARED = next(
    (
        p / "shared" / "data" / "ofsted-reports"
        for p in ROOT.parents
        if (p / "shared" / "data" / "ofsted-reports").is_dir()
    ),
    None,
)


def test_pages_are_joined_by_form_feeds_and_offsets_give_pages() -> None:
    doc = read_pdf(ILACS)
    assert len(doc.pages) == 10 and doc.text.count("\f") == 9
    assert doc.sha256 == hashlib.sha256(ILACS.read_bytes()).hexdigest()
    assert doc.extractor == "pypdfium2" and doc.extractor_version
    at = doc.text.index("Open Government Licence")
    assert doc.page_of(at) == 10 and doc.page_of(0) == 1
    assert "\r" not in doc.text and "\ufffe" not in doc.text


def test_kind_date_and_title_come_from_the_documents_own_pages() -> None:
    ilacs, sif = read_pdf(ILACS), read_pdf(SIF)
    assert detect_kind(ilacs) == "ilacs" and detect_kind(sif) == "sif"
    assert document_date(ilacs, "ilacs", "x.pdf") == (
        "2021-10-22",
        "the last day of the inspection, as the report gives it",
    )
    assert document_date(sif, "sif", "x.pdf") == ("2018-08-17", "the report's publication date")
    assert document_title(ilacs, "ilacs", "x") == "Inspection of Knowsley Council local authority children’s services"


def _doc(*pages: str) -> DocumentText:
    return DocumentText(tuple(pages), "0" * 64, "test", "0")


def test_a_letter_is_dated_by_its_date_line_and_else_by_the_file_name() -> None:
    letter = _doc("1\n3 March 2023\nA Person, Director of Children’s Services, Some Council\n"
                  "Joint targeted area inspection of Some Place\nThis inspection took place from 6 to 10 February 2023.\n")  # fmt: skip
    assert detect_kind(letter) == "jtai"
    assert document_date(letter, "jtai", "x.pdf") == ("2023-03-03", "the letter's date line")
    other = _doc("A note with no date.\n")
    assert detect_kind(other) is None
    assert document_date(other, None, "1_place_jtai_2020-01-31.pdf") == ("2020-01-31", "the date in the file's name")
    assert document_date(other, None, "note.pdf") is None


def test_the_dispatcher_calls_the_parser_of_the_detected_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def parser(doc: DocumentText, source_id: str, entities: Any, known: Any) -> dict[str, Any]:
        calls.append(source_id)
        return {"source": source_id, "entities": {}, "claims": [{"id": "c1"}]}

    monkeypatch.setattr(documents, "parser_for", lambda kind: parser if kind == "ilacs" else None)
    assert documents.read_document(read_pdf(ILACS), "s1", {}, None)["claims"] == [{"id": "c1"}]
    assert documents.read_document(_doc("nothing known\n"), "s2", {}, None)["claims"] == []
    assert calls == ["s1"]


def test_a_kind_without_its_parser_module_reads_as_no_candidates() -> None:
    assert documents.parser_for("send") is None and documents.parser_for(None) is None


def _pdf_bytes(text: str | None, password: str | None = None) -> bytes:
    """A one-page PDF made here: with a line of text, or (text None) a blank page with no text layer."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(200, 200)
    if text is not None:
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})  # fmt: skip
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
    if password is not None:
        writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"plain text, not a PDF\n", "not a PDF"),
        (lambda: b"", "not a PDF"),
        (lambda: ILACS.read_bytes()[:2000], "broken PDF"),
        (lambda: _pdf_bytes("Secret letter", password="pw"), "encrypted"),
        (lambda: _pdf_bytes(None), "no text layer"),
    ],
    ids=["not-a-pdf", "empty", "truncated", "encrypted", "no-text"],
)
def test_what_cannot_be_read_is_a_data_error_naming_the_file(tmp_path: Path, make: Any, message: str) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make())
    with pytest.raises(DataError) as caught:
        read_pdf(bad)
    assert message in str(caught.value) and "bad.pdf" in str(caught.value)


def test_a_text_pdf_made_here_is_read() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "made.pdf"
        path.write_bytes(_pdf_bytes("Hello inspectors"))
        assert read_pdf(path).text.strip() == "Hello inspectors"


@pytest.mark.skipif(SHARED is None, reason="the shared Ofsted sample is not here")
def test_every_shared_document_is_read_recognised_and_dated() -> None:
    assert SHARED is not None
    rows = list(csv.DictReader((SHARED / "manifest.csv").open(encoding="utf-8")))
    wrong = []
    for row in rows:
        doc = read_pdf(SHARED / row["file"])
        kind = detect_kind(doc)
        if (
            kind != row["kind"]
            or document_date(doc, kind, "no-date.pdf") is None
            or len(doc.pages) != int(row["pages"])
        ):
            wrong.append(row["file"])
    assert len(rows) >= 100 and wrong == []
