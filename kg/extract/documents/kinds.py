"""What kind of Ofsted document a text is, and the date and title it gives itself.

Read from the words of the first pages only (the headings Ofsted prints on every document of a kind), never from
the file's name, so a renamed or newly published document is recognised by its structure."""

from __future__ import annotations

import re

from .pdf import DocumentText

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTHS}) (\d{{4}})\b")
_ONLY_DATE = re.compile(rf"^\s*\d{{1,2}} (?:{MONTHS}) \d{{4}}\s*$", re.MULTILINE)
_RANGE = re.compile(r"Inspection dates?:\s*(.{0,60}?\d{4})\s*$", re.MULTILINE)
_PUBLISHED = re.compile(rf"Report published:\s*(\d{{1,2}} (?:{MONTHS}) \d{{4}})", re.IGNORECASE)
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")

# The headings each kind prints on its first page (lower case, white space as single spaces).
_HEADINGS = (
    ("send", ("area send inspection", "joint local area send inspection", "local area send inspection")),
    ("jtai", ("joint targeted area inspection",)),
    ("sif", ("inspection of services for children in need of help and protection",)),
    ("ilacs", ("local authority children’s services", "local authority children's services",
               "inspection of children’s social care services", "inspection of children's social care services",
               "local authority children’s social care services", "local authority children's social care services")),
)  # fmt: skip


def _opening(doc: DocumentText, pages: int = 2) -> str:
    return " ".join(" ".join(doc.pages[:pages]).split()).lower()


def detect_kind(doc: DocumentText) -> str | None:
    """ "jtai" | "ilacs" | "sif" | "send", or None for a document of none of these kinds."""
    opening = _opening(doc)
    found = [(opening.find(h), kind) for kind, heads in _HEADINGS for h in heads if h in opening]
    return min(found)[1] if found else None


def _iso(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    return f"{year}-{MONTHS.split('|').index(month) + 1:02d}-{int(day):02d}"


def document_date(doc: DocumentText, kind: str | None, file_name: str) -> tuple[str, str] | None:
    """The document's own date and why: a letter's date line, a report's publication date or else its
    inspection's last day; else the date in the file's name; None when there is none."""
    first = doc.pages[0] if doc.pages else ""
    if kind == "jtai" and (line := _ONLY_DATE.search(first)):
        return _iso(DATE.search(line.group())), "the letter's date line"  # type: ignore[arg-type]
    if published := _PUBLISHED.search(first):
        return _iso(DATE.search(published.group(1))), "the report's publication date"  # type: ignore[arg-type]
    if span := _RANGE.search(first):
        last = list(DATE.finditer(span.group(1)))
        if last:
            return _iso(last[-1]), "the last day of the inspection, as the report gives it"
    if named := _FILE_DATE.search(file_name):
        return named.group(1), "the date in the file's name"
    return None


def document_title(doc: DocumentText, kind: str | None, fallback: str) -> str:
    """The document's heading: a letter's subject line, a report's title lines; else `fallback`."""
    lines = [line.strip() for line in (doc.pages[0] if doc.pages else "").splitlines() if line.strip()]
    for i, line in enumerate(lines):
        low = line.lower()
        if kind == "jtai" and low.startswith("joint targeted area inspection"):
            return _join(lines[i : i + 2], stop="inspection dates")
        if kind in ("ilacs", "sif", "send") and ("inspection" in low and not low.startswith("inspection date")):
            return _join(lines[i : i + 3], stop="inspection date")
    return fallback


def _join(lines: list[str], stop: str) -> str:
    kept: list[str] = []
    for line in lines:
        if line.lower().startswith((stop, "lead inspector", "this letter", "between", "dear")) or DATE.search(line):
            break
        kept.append(line)
    return " ".join(kept)[:200]
