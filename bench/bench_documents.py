"""Official documents per second on one core: read the PDF, detect its kind, parse it (read_document, with no
entities or known events), over the shared sample of Ofsted documents. Target: more than 5 documents a second.
Run: PYTHONPATH=. python bench/bench_documents.py [DIR]  (default: the shared folder ofsted-reports)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.extract.documents import read_document
from kg.extract.documents.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    default = next((p / "shared" / "data" / "ofsted-reports" for p in ROOT.parents if (p / "shared").is_dir()), None)
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    if folder is None or not folder.is_dir():
        sys.exit("no folder of Ofsted documents: give one")
    files = sorted(folder.glob("*.pdf"))
    start = time.perf_counter()
    claims = 0
    for file in files:
        claims += len(read_document(read_pdf(file), file.stem, {}, None)["claims"])
    took = time.perf_counter() - start
    print(f"{len(files)} documents in {took:.1f} s: {len(files) / took:.1f} documents/s ({claims} candidate claims)")


if __name__ == "__main__":
    main()
