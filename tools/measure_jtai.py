"""Addressee precision and recall of the JTAI letter reader against the hand-read gold file.

    PYTHONPATH=. python tools/measure_jtai.py [--reports ../shared/data/ofsted-reports] [--gold FILE] [--show]

A predicted addressee is right when its person's name and its post's role kind are a gold entry's (a gold entry
may allow two kinds); only predictions of the gold's leader kinds are scored (a nurse or a manager read as a
"director" is neither right nor wrong here). Bodies and interim/acting are reported for the matched pairs."""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.data.paths import Paths  # noqa: E402
from kg.extract.documents import jtai  # noqa: E402
from kg.extract.documents.pdf import read_pdf  # noqa: E402
from kg.extract.known import KnownEvents  # noqa: E402
from kg.registers import load_project  # noqa: E402


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower()).split())


def predicted(out: dict[str, Any], entities: dict[str, Any]) -> list[dict[str, Any]]:
    posts = {p["id"]: p for p in out["entities"].get("posts", [])}
    orgs = {o["id"]: o["name"] for o in out["entities"].get("organisations", [])}
    rows = []
    for c in out["claims"]:
        if c["type"] != "tenure":
            continue
        post = posts.get(c["post"]) or {
            "role": entities[c["post"]].values["role"],
            "organisation": entities[c["post"]].values["organisation"],
        }
        org = post["organisation"]
        org_name = orgs.get(org) or (entities[org].label if org in entities else org)
        m = c["extracted"]["mentions"]
        rows.append({"person": m["person"], "role": post["role"], "body": f"{m.get('organisation', '')} | {org_name}",
                     "interim": bool(c.get("interim")), "acting": bool(c.get("acting"))})  # fmt: skip
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    here = [p / "shared" / "data" / "ofsted-reports" for p in (ROOT.parent, ROOT.parent.parent)]
    ap.add_argument("--reports", type=Path, default=next((p for p in here if p.is_dir()), here[0]))
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "jtai-addressees.yaml")
    ap.add_argument("--show", action="store_true", help="list every miss and every wrong addressee")
    args = ap.parse_args()
    gold: dict[str, list[dict[str, Any]]] = yaml.safe_load(args.gold.read_text())
    corpus = load_project(Paths(data=ROOT / "data"))
    known = KnownEvents(corpus.claims, corpus.entities)
    kinds = {
        k for rows in gold.values() for g in rows for k in ([g["role"]] if isinstance(g["role"], str) else g["role"])
    }
    tp = fp = fn = body_ok = flags_ok = 0
    started = time.perf_counter()
    for name, rows in gold.items():
        doc = read_pdf(args.reports / name)
        out = jtai.read(doc, Path(name).stem, corpus.entities, known)
        pred = [p for p in predicted(out, corpus.entities) if p["role"] in kinds]
        left = list(rows)
        for p in pred:
            hit = next((g for g in left if norm(g["person"]) == norm(p["person"])
                        and p["role"] in ([g["role"]] if isinstance(g["role"], str) else g["role"])), None)  # fmt: skip
            if hit is None:
                fp += 1
                if args.show:
                    print(f"WRONG {name}: {p['person']} as {p['role']} ({p['body']})")
                continue
            left.remove(hit)
            tp += 1
            body_ok += not hit.get("body") or norm(hit["body"]) in norm(p["body"])
            flags_ok += p["interim"] == bool(hit.get("interim")) and p["acting"] == bool(hit.get("acting"))
            if args.show and hit.get("body") and norm(hit["body"]) not in norm(p["body"]):
                print(f"BODY  {name}: {p['person']}: {p['body']!r}, gold {hit['body']!r}")
        fn += len(left)
        for g in left if args.show else []:
            print(f"MISS  {name}: {g['person']} as {g['role']}")
    took = time.perf_counter() - started
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"letters {len(gold)}  gold {tp + fn}  predicted {tp + fp}  right {tp}")
    print(
        f"precision {precision:.3f}  recall {recall:.3f}  body as written {body_ok}/{tp}  interim/acting {flags_ok}/{tp}"
    )
    print(f"{len(gold) / took:.1f} letters/s (PDF reading included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
