"""Grades by area read from ILACS reports (kg/extract/documents/ilacs.py) against the inspection register's for the
same inspection (one node: the report's judgement reuses the register's event). Prints agreement per area and every
disagreement with the report's words, so a reader can say which side is right.

    PYTHONPATH=. python tools/measure_report_grades.py [REPORTS_DIR] [--data data]"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from kg.data.paths import Paths
from kg.extract.documents import ilacs
from kg.extract.documents.pdf import read_pdf
from kg.extract.known import OVERALL, KnownEvents
from kg.registers import load_project


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("reports", nargs="?", default="../shared/data/ofsted-reports")
    ap.add_argument("--data", default="data")
    args = ap.parse_args(argv)
    corpus = load_project(Paths(data=Path(args.data)))
    known = KnownEvents(corpus.claims, corpus.entities)
    register: dict[tuple[str, str], str] = {}
    for c in corpus.claims:
        if c.type == "judgement" and c.source.startswith("ofsted-ilacs"):
            register[(c.get("inspection"), c.get("area") or OVERALL)] = c.get("grade") or c.get("not_judged")
    raw = _raw_cells(Path(args.data) / "registers" / "ofsted_ilacs_inspection_history.csv")
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    problems: list[str] = []
    files = sorted(Path(args.reports).glob("*_ilacs_*.pdf"))
    for path in files:
        doc = read_pdf(path)
        out = ilacs.read(doc, path.stem.replace("_", "-"), corpus.entities, known)
        visit = next((c for c in out["claims"] if c["type"] == "visit"), None)
        if visit is None or visit["event"].endswith("-inspection"):
            problems.append(f"{path.name}: no register inspection matched")
            continue
        event = visit["event"]
        read = {
            c.get("area", OVERALL): c
            for c in out["claims"]
            if c["type"] == "judgement" and c["extracted"]["rule"] == "report/judgement-table"
        }
        areas = set(read) | {a for (e, a) in register if e == event and register[(e, a)] != "data-unreadable"}
        for area in sorted(areas):
            mine = read[area]["grade"] if area in read else None
            theirs = register.get((event, area))
            if area == "children-in-care-and-care-leavers" and theirs is None:
                theirs = register.get((event, "children-in-care"))
            if mine is None and theirs in (None, "not-reported-post-reform", "inspection-pre-dates-judgement"):
                continue
            total[area] += 1
            if mine == theirs:
                agree[area] += 1
            else:
                words = " ".join(" / ".join(read[area]["quote"]).split()) if area in read else "(no such row)"
                cell = raw.get((event, area), "")
                problems.append(
                    f"{path.name} {event} {area}: report {mine} ({words!r}), register {theirs} (cell {cell!r})"
                )
    print(f"{len(files)} ILACS reports\n\n| area | agree | compared | agreement |\n|---|---|---|---|")
    for area in sorted(total):
        print(f"| {area} | {agree[area]} | {total[area]} | {agree[area] / total[area]:.1%} |")
    n, a = sum(total.values()), sum(agree.values())
    print(f"| all | {a} | {n} | {a / n:.1%} |\n" if n else "")
    print("\n".join(f"- {p}" for p in problems) or "no disagreements")
    return 0


COLUMNS = {
    "overall_effectiveness_grade": OVERALL,
    "impact_of_leaders_grade": "impact-of-leaders",
    "help_and_protection_grade": "help-and-protection",
    "in_care_grade": "children-in-care",
    "care_leavers_grade": "care-leavers",
}


def _raw_cells(path: Path) -> dict[tuple[str, str], str]:
    """(event, area) -> the register's cell as written, to show what the register reader left out."""
    out: dict[tuple[str, str], str] = {}
    if not path.is_file():
        return out
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            published = datetime.strptime(row["publication_date"], "%d/%m/%y").date().isoformat()
            event = f"ofsted-{row['urn']}-{published}"
            for column, area in COLUMNS.items():
                out[(event, area)] = row[column]
                if area == "children-in-care":
                    out[(event, "children-in-care-and-care-leavers")] = row[column]
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
