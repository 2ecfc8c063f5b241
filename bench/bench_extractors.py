"""Which PDF text extractor reads Ofsted's documents best: speed and text fidelity on the shared sample.

Fidelity checks per document: the council's name (from manifest.csv) is in the text; a full date (day month year)
is on the first page; no ligature characters (U+FB00-FB06) or PDFium soft-hyphen marks left; for ILACS reports,
the judgement table's grade words appear on page 1 in the table's reading order (first grade after "Judgement").
Run: PYTHONPATH=. python bench/bench_extractors.py [DIR [EXTRACTOR ...]]  (default ../shared/data/ofsted-reports)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"
)
GRADES = re.compile(r"\b(Outstanding|Good|Requires improvement|Inadequate)\b")


def pypdfium2_pages(path: Path) -> list[str]:
    from kg.extract.documents.pdf import read_pdf

    return list(read_pdf(path).pages)


def pypdf_pages(path: Path) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(path).pages]


def pdfminer_pages(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(path).split("\f")


def pdftotext_pages(path: Path) -> list[str]:
    got = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return got.stdout.decode("utf-8").split("\f")


EXTRACTORS: dict[str, Callable[[Path], list[str]]] = {
    "pypdfium2": pypdfium2_pages,
    "pypdf": pypdf_pages,
    "pdfminer.six": pdfminer_pages,
    "pdftotext": pdftotext_pages,
}


def checks(pages: list[str], row: dict[str, str]) -> list[bool]:
    text = "\f".join(pages)
    flat = " ".join(text.split())
    council = row["council"].replace("_", " ")
    first = " ".join(pages[0].split()) if pages else ""
    if len(first) < 200 and len(pages) > 1:
        first += " " + " ".join(pages[1].split())
    result = [
        council.lower() in flat.lower(),
        bool(DATE.search(first)),
        not re.search("[\ufb00-\ufb06\ufffe\ufffd]", text),
    ]
    if row["kind"] == "ilacs":
        table = first.split("Judgement", 1)[-1]
        result.append(bool(GRADES.search(table[:600])))
    return result


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ofsted-reports")
    rows = list(csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")))
    print("| extractor | docs/s | fidelity checks passed |")
    print("|---|---|---|")
    wanted = sys.argv[2:] or list(EXTRACTORS)
    for name, read in ((n, EXTRACTORS[n]) for n in wanted):
        passed = total = 0
        start = time.perf_counter()
        for row in rows:
            try:
                ok = checks(read(folder / row["file"]), row)
            except Exception:  # an extractor that fails on a document fails all its checks
                ok = [False] * (4 if row["kind"] == "ilacs" else 3)
            passed += sum(ok)
            total += len(ok)
        took = time.perf_counter() - start
        print(f"| {name} | {len(rows) / took:.1f} | {passed}/{total} |", flush=True)


if __name__ == "__main__":
    main()
