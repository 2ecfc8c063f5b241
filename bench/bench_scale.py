"""National-scale benchmark: synthetic corpora of about 10k, 100k and 1M triples through the whole pipeline.

For each size: `kg synth`, then `kg build` and `kg validate` into/with an on-disk Oxigraph store (and in memory
where that finishes in reasonable time), `who-held --on`, `roles`, `timeline --org` and `view --org` for one
council, each as a fresh process with its wall time and peak memory; then, in one process with the store open,
the median of the library's `who_held`, `roles` and `timeline` beside a hand-written SPARQL query asking the same
thing directly of pyoxigraph, and our build beside pyoxigraph's bulk load of the built triples.

    .venv/bin/python bench/bench_scale.py                      # 10k, 100k, 1M
    .venv/bin/python bench/bench_scale.py --sizes 10000 --memory-up-to 0
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KG = [str(Path(sys.executable).parent / "kg")]  # the installed console script (pip install -e .)
YEARS = 10

# The same question as `kg who-held POST --on DATE`, with the same columns (holder, status, bounds, certain
# interval, flags, sources), as a SPARQL user would write it over the derived intervals. One pattern per OPTIONAL:
# Oxigraph evaluates a larger optional group over the whole store before joining (30 ms instead of 0.3 ms).
WHO_HELD = """
PREFIX kgo: <https://w3id.org/accountability-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?postLabel ?holder ?status ?startEarliest ?startLatest ?endEarliest ?endLatest ?certainFrom ?certainUntil
       ?interim ?acting (GROUP_CONCAT(DISTINCT ?src; separator="; ") AS ?sources)
WHERE {
  ?m kgo:post ?post ; org:member ?person ; org:memberDuring ?i .
  ?person foaf:name ?holder .
  ?post skos:prefLabel ?postLabel .
  ?i time:hasBeginning ?b ; time:hasEnd ?e .
  ?m kgo:statedStart|kgo:statedEnd|kgo:attestedOn ?d .
  ?d kgo:evidence ?ev .
  ?ev oa:hasSource ?src .
  OPTIONAL { ?b kgo:earliest ?startEarliest }
  OPTIONAL { ?b kgo:latest ?startLatest }
  OPTIONAL { ?e kgo:earliest ?endEarliest }
  OPTIONAL { ?e kgo:latest ?endLatest }
  OPTIONAL { ?i kgo:certainFrom ?certainFrom }
  OPTIONAL { ?i kgo:certainUntil ?certainUntil }
  OPTIONAL { ?m kgo:interim ?interim }
  OPTIONAL { ?m kgo:acting ?acting }
  FILTER ((!BOUND(?startEarliest) || ?startEarliest <= ?date) && (!BOUND(?endLatest) || ?date <= ?endLatest))
  BIND(IF(BOUND(?certainFrom) && ?certainFrom <= ?date && ?date <= ?certainUntil, "certain", "possible") AS ?status)
}
GROUP BY ?postLabel ?holder ?status ?startEarliest ?startLatest ?endEarliest ?endLatest ?certainFrom ?certainUntil
         ?interim ?acting"""
ROLES = """
PREFIX kgo: <https://w3id.org/accountability-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?post ?start ?end WHERE {
  ?m org:member ?person ; kgo:post ?post ; org:memberDuring ?i .
  OPTIONAL { ?i time:hasBeginning/kgo:earliest ?start }
  OPTIONAL { ?i time:hasEnd/kgo:latest ?end }
} ORDER BY ?start"""
TIMELINE = """
PREFIX kgo: <https://w3id.org/accountability-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?event ?type ?earliest WHERE {
  { ?event kgo:subject ?org } UNION { ?event kgo:target ?org } UNION { ?event kgo:speaker ?org }
  ?event a ?type .
  OPTIONAL { ?event kgo:date/kgo:earliest ?earliest }
} ORDER BY ?earliest ?event"""


def run(args: list[str], cwd: Path) -> dict[str, Any]:
    """One command as a fresh process: wall seconds, peak resident memory (MB), exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args)} failed ({code}):\n{err[-2000:]}")
    return {"s": round(wall, 2), "peak_mb": round(usage.ru_maxrss / 1024)}


def median_ms(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 3)


def triples_in(out: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))


def in_process(work: Path, repeat: int) -> dict[str, Any]:
    """Library calls with the store open (the catalogue read once), beside hand-written pyoxigraph queries."""
    import pyoxigraph as ox

    sys.path.insert(0, str(ROOT))
    from kg.data.paths import ONTOLOGY_DIR, Paths
    from kg.questions.timeline import timeline
    from kg.questions.who_held import catalogue_of, roles, who_held
    from kg.store.backend import StoreSpec, open_built, open_oxigraph
    from kg.store.sparql import read_query
    from kg.tenure.evidence import timeline_of

    store_path = work / "out" / "store"
    ds = open_built(Paths(output=work / "out"), StoreSpec("oxigraph", str(store_path)))
    t = time.perf_counter()
    cat = catalogue_of(ds)
    catalogue_s = time.perf_counter() - t
    council = min(
        (i for i in cat.of_kind("organisation").values() if i.parent is None and "Council" in i.label),
        key=lambda i: i.iri,
    )
    scope = cat.units(council.iri)
    post = min((p for p in cat.of_kind("post").values() if p.organisation in scope and p.lead), key=lambda p: p.iri)
    person = min(s.tenure.person for s in timeline_of(ds, [post.iri]).spans.values())
    person_label = cat.items[person].label
    on = "2019-06-01"
    raw = open_oxigraph(store_path)
    date = ox.Literal(on, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))

    named = read_query(ONTOLOGY_DIR / "queries" / "who-held-on.rq")

    def hand(query: str, **bind: Any) -> list[Any]:
        text = query.replace(
            "WHERE {",
            "WHERE {\n VALUES ("
            + " ".join(f"?{k}" for k in bind)
            + ") { ("
            + " ".join(str(v) for v in bind.values())
            + ") }",
            1,
        )
        return list(raw.query(text))

    results = {
        "catalogue_load_s": round(catalogue_s, 2),
        "who_held_ms": median_ms(lambda: who_held(ds, post.label, council.id, on), repeat),
        "who_held_direct_ms": median_ms(lambda: hand(WHO_HELD, post=ox.NamedNode(post.iri), date=date), repeat),
        # the project's own named query: holder, status and bounds only (no sources, flags or neighbours)
        "who_held_named_ms": median_ms(lambda: hand(named, post=ox.NamedNode(post.iri), date=date), repeat),
        "roles_ms": median_ms(lambda: roles(ds, person_label), repeat),
        "roles_direct_ms": median_ms(lambda: hand(ROLES, person=ox.NamedNode(person)), repeat),
        "timeline_org_ms": median_ms(lambda: timeline(ds, council.id), max(3, repeat // 10)),
        "timeline_org_direct_ms": median_ms(
            lambda: hand(TIMELINE, org=ox.NamedNode(council.iri)), max(3, repeat // 10)
        ),
        "asked": {"post": post.label, "org": council.label, "on": on, "person": person_label},
    }
    for name in ("who_held", "roles", "timeline_org"):
        results[f"{name}_ratio"] = round(results[f"{name}_ms"] / max(results[f"{name}_direct_ms"], 1e-3), 1)
    return results


def bulk_load(work: Path) -> float:
    import pyoxigraph as ox

    target = work / "bulk"
    shutil.rmtree(target, ignore_errors=True)
    t = time.perf_counter()
    store = ox.Store(str(target))
    store.bulk_load(path=str(work / "out" / "graph.trig"), format=ox.RdfFormat.TRIG)
    store.flush()
    took = time.perf_counter() - t
    del store
    shutil.rmtree(target, ignore_errors=True)
    return round(took, 2)


def measure(target: int, per_council: float, work: Path, memory_up_to: int, repeat: int) -> dict[str, Any]:
    councils = max(1, round(target / per_council))
    data, out = work / "data", work / "out"
    for d in (data, out):
        shutil.rmtree(d, ignore_errors=True)
    row: dict[str, Any] = {"target": target, "councils": councils, "years": YEARS}
    row["synth"] = run(
        [*KG, "synth", "--councils", str(councils), "--years", str(YEARS), "--seed", "1", "--out", str(data)], ROOT
    )
    store = f"oxigraph:{out / 'store'}"
    row["build"] = run([*KG, "build", "--data", str(data), "--out", str(out), "--store", store], ROOT)
    row["quads"] = triples_in(out)  # in the named graphs of graph.trig (the store also keeps their union)
    row["validate"] = run([*KG, "validate", "--data", str(data), "--store", store], ROOT)
    both = work / "both"
    row["build_and_validate"] = run(
        [*KG, "build", "--validate", "--data", str(data), "--out", str(both), "--store", f"oxigraph:{both / 'store'}"],
        ROOT,
    )
    shutil.rmtree(both, ignore_errors=True)
    row["bulk_load_direct_s"] = bulk_load(work)
    row["build_ratio"] = round(row["build"]["s"] / max(row["bulk_load_direct_s"], 1e-3), 1)
    lib = in_process(work, repeat)
    row["library"] = lib
    asked = lib["asked"]
    common = ["--out", str(out), "--store", store]
    row["cli"] = {
        "who-held --on": run(
            [*KG, "who-held", asked["post"], "--org", asked["org"], "--on", asked["on"], *common], ROOT
        ),
        "roles": run([*KG, "roles", asked["person"], *common], ROOT),
        "timeline --org": run([*KG, "timeline", "--org", asked["org"], *common], ROOT),
        "view --org": run([*KG, "view", "--org", asked["org"], *common], ROOT),
    }
    if row["quads"] <= memory_up_to:
        mem_out = work / "mem"
        row["memory_build"] = run([*KG, "build", "--data", str(data), "--out", str(mem_out)], ROOT)
        row["memory_validate"] = run([*KG, "validate", "--data", str(data)], ROOT)
        shutil.rmtree(mem_out, ignore_errors=True)
    return row


def calibrate(work: Path) -> float:
    """Triples per council (over YEARS years), from a two-council corpus."""
    data, out = work / "cal-data", work / "cal-out"
    run([*KG, "synth", "--councils", "2", "--years", str(YEARS), "--seed", "1", "--out", str(data)], ROOT)
    run([*KG, "build", "--data", str(data), "--out", str(out), "--store", f"oxigraph:{out / 'store'}"], ROOT)
    n = triples_in(out)
    shutil.rmtree(data)
    shutil.rmtree(out)
    return n / 2


def table(results: dict[str, Any]) -> str:
    """The README's table from a --json file: each measure at each size, ours beside pyoxigraph's."""
    rows = results["results"]
    head = "| | " + " | ".join(f"{r['quads']:,} quads ({r['councils']} councils)" for r in rows) + " |"
    lines = [head, "|---" * (len(rows) + 1) + "|"]

    def add(label: str, cell: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")

    def proc(key: str) -> Any:
        return lambda r: f"{r[key]['s']} s, {r[key]['peak_mb']:,} MB" if key in r else "-"

    add("`kg synth`", proc("synth"))
    add("`kg build --store oxigraph:`", proc("build"))
    add("pyoxigraph bulk load of the built TriG", lambda r: f"{r['bulk_load_direct_s']} s (ours {r['build_ratio']}x)")
    add("`kg validate --store oxigraph:` (turbo)", proc("validate"))
    add("`kg build --validate --store oxigraph:`", proc("build_and_validate"))
    add("`kg build` in memory (rdflib)", proc("memory_build"))
    add("`kg validate` in memory (pySHACL)", proc("memory_validate"))
    for name, key in (("who-held --on", "who_held"), ("roles", "roles"), ("timeline --org", "timeline_org")):
        add(
            f"`{name}` in the library, median",
            lambda r, k=key: (
                f"{r['library'][k + '_ms']} ms (hand-written query {r['library'][k + '_direct_ms']} ms,"
                f" {r['library'][k + '_ratio']}x)"
            ),
        )
    add(
        "the named query `who-held-on` (fewer columns) in pyoxigraph, median",
        lambda r: f"{r['library'].get('who_held_named_ms', '-')} ms",
    )
    for name in ("who-held --on", "roles", "timeline --org", "view --org"):
        add(f"`kg {name}` end to end", lambda r, n=name: f"{r['cli'][n]['s']} s, {r['cli'][n]['peak_mb']:,} MB")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--memory-up-to", type=int, default=150_000, help="also build in memory up to this size")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the results here too")
    parser.add_argument("--table", type=Path, default=None, help="print the README table from a --json file")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))), end="")
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    per_council = calibrate(work)
    print(f"# {machine}; about {per_council:,.0f} triples per council over {YEARS} years", flush=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, per_council, work, args.memory_up_to, args.repeat)
        results.append(row)
        print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
