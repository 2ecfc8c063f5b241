"""Time each stage of the build on data/: load+check, RDF build, serialise, SHACL+integrity validation, query.

Run: .venv/bin/python bench/bench_build.py [--repeat N] [--data DIR]
Prints the median and min of N runs per stage, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.data.loading import load_corpus
from kg.data.paths import Paths
from kg.graph.output import serialise_dataset
from kg.graph.triples import build_dataset
from kg.graph.validate import validate_built
from kg.store.sparql import run_query


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("data"))
    args = parser.parse_args()
    paths = Paths(data=args.data)
    corpus, t_load = timed(lambda: load_corpus(paths), args.repeat)
    built, t_build = timed(lambda: build_dataset(corpus, paths.ontology), args.repeat)
    _, t_ser = timed(lambda: serialise_dataset(built.dataset), args.repeat)
    report, t_val = timed(lambda: validate_built(corpus, built, paths.ontology), args.repeat)
    _, t_query = timed(lambda: list(run_query(built.dataset, "visits")), args.repeat)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(
        f"data: {len(corpus.sources)} sources, {len(corpus.claims)} claims, {len(built.dataset)} triples; valid={report.ok}"
    )
    for label, times in (
        ("load + check data/", t_load),
        ("build RDF", t_build),
        ("serialise TriG/TTL/JSON-LD", t_ser),
        ("validate (SHACL + integrity)", t_val),
        ("query `visits`", t_query),
    ):
        print(f"{label:30s} median {statistics.median(times) * 1000:8.1f} ms   min {min(times) * 1000:8.1f} ms")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
