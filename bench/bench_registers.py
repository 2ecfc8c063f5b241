"""The national graph: reading the registers, then build and validate of registers plus articles, in memory and in
Oxigraph, with the graph's size; and one question end to end on the national store.

Run: .venv/bin/python bench/bench_registers.py [--repeat N] [--skip-memory]
Prints medians (and min) per step and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.data.loading import load_corpus
from kg.data.paths import Paths
from kg.graph.build import build
from kg.registers import load_project
from kg.store.backend import StoreSpec

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).parent / "kg")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def show(label: str, times: list[float]) -> None:
    print(f"{label:44} median {statistics.median(times):8.2f} s   min {min(times):8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true", help="skip the in-memory build (slow)")
    args = parser.parse_args()
    paths = Paths(data=ROOT / "data")
    articles, t_articles = timed(lambda: load_corpus(paths), args.repeat)
    national, t_national = timed(lambda: load_project(paths), args.repeat)
    registers = len(national.claims) - len(articles.claims)
    print(f"data: {len(national.sources)} sources, {len(national.entities)} entities, {len(national.claims)} claims "
          f"({registers} from registers), {len(national.warnings)} register warnings")
    show("load data/ without registers", t_articles)
    show("load data/ with registers", t_national)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def oxigraph() -> Any:
            return build(Paths(data=paths.data, output=out / "ox"), store=StoreSpec("oxigraph", str(out / "ox" / "store")),
                         validate=True)

        report, t_ox = timed(oxigraph, args.repeat)
        counts = report.counts()
        print(f"graph: {counts['triples']} triples, {counts['inspection events']} inspections, "
              f"{counts['judgements']} judgements, {counts['organisations']} organisations")
        show("build + validate in Oxigraph (store on disk)", t_ox)
        store = ["--out", str(out / "ox"), "--store", f"oxigraph:{out / 'ox' / 'store'}"]
        for question in (["timeline", "--org", "Leeds"], ["who-held", "director of children's services"],
                         ["view"]):
            _, t_q = timed(lambda q=question: subprocess.run([KG, *q, *store], check=True, capture_output=True),
                           args.repeat)
            show(f"kg {question[0]} end to end (national store)", t_q)
        if not args.skip_memory:
            _, t_mem = timed(lambda: build(Paths(data=paths.data, output=out / "mem")), 1)
            show("build in memory (rdflib), no validation", t_mem)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
