"""A PDF's text, page by page, with what read it: the source text of an official document.

Pages are joined by a form feed ("\f"), so every quote's offset says its page, and lines end in "\n". The PDF's
sha256 and the extractor's name and version are kept with the source, so the text can be read again and
compared. pypdfium2 (PDFium's text layer) was chosen by measurement: README "Official documents"."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ...errors import DataError, Location, Problem

PAGE_BREAK = "\f"


@dataclass(frozen=True)
class DocumentText:
    """What a PDF says, one string per page, and how it was read."""

    pages: tuple[str, ...]
    sha256: str
    extractor: str
    extractor_version: str

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(self.pages)

    def page_of(self, offset: int) -> int:
        """The page (from 1) that a character offset into `text` lies on."""
        return self.text.count(PAGE_BREAK, 0, max(offset, 0)) + 1


def read_pdf(path: Path) -> DocumentText:
    """The text of every page; a file that is no PDF, is encrypted, is broken or has no text layer is a
    DataError naming the file."""
    import pypdfium2 as pdfium

    where = Location(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(Problem(where, f"cannot read: {exc.strerror or exc}")) from None
    if not data.startswith(b"%PDF"):
        raise DataError(Problem(where, "not a PDF (it does not start with %PDF)"))
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "encrypted: give the decrypted file" if "password" in str(exc).lower() else f"broken PDF ({exc})"
        raise DataError(Problem(where, reason)) from None
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(_clean(textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        raise DataError(Problem(where, "the PDF has no text layer (a scan?): nothing to read"))
    return DocumentText(tuple(pages), hashlib.sha256(data).hexdigest(), "pypdfium2", metadata.version("pypdfium2"))


def _clean(page: str) -> str:
    """Line ends as "\n", no form feeds inside a page, no trailing spaces on a line; PDFium's mark for a hyphen
    that ended a line (U+FFFE) is the hyphen the page shows, so 'multi-agency' reads as printed."""
    lines = page.replace("\ufffe", "-").replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_BREAK, "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
