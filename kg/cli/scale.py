"""The `kg` commands for scale and sharing: synth, push, serve. Registered on the app of kg/cli/common.py; like it,
they only parse arguments and call the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..data.paths import Paths
from ..errors import KgError
from .common import OutOpt, StoreOpt, _fail, app, err, out


@app.command("synth")
def synth_cmd(
    councils: Annotated[int, typer.Option("--councils", help="How many invented councils.")],
    years: Annotated[int, typer.Option("--years", help="How many years of articles for each.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same files, byte for byte.")] = 1,
    target: Annotated[Path, typer.Option("--out", help="A new or empty folder for the data.")] = Path("synth-data"),
    start_year: Annotated[int, typer.Option("--start-year", help="The first year.")] = 2015,
) -> None:
    """Write an invented corpus in the data/ format for benchmarks (152 councils x 10 years: ~1M triples)."""
    from ..synth.corpus import synthesize

    try:
        report = synthesize(target, councils, years, seed, start_year)
    except KgError as exc:
        _fail(exc)
        return
    out.print(
        f"wrote {report.files} files to {report.out}: {report.councils} councils, {report.sources} sources, "
        f"{report.people} people, {report.posts} posts, {report.total_claims} claims",
        markup=False,
    )


@app.command("push")
def push_cmd(
    endpoint: Annotated[str, typer.Option("--endpoint", help="A SPARQL 1.1 Graph Store Protocol URL (…/store).")],
    out_dir: OutOpt = Path("output"),
    query_endpoint: Annotated[
        str | None,
        typer.Option("--query-endpoint", help="Its SPARQL query URL, if not beside it (…/query, …/sparql)."),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for each request.")] = 60,
    union: Annotated[
        bool, typer.Option(help="Also put the union of the named graphs, as a set, in the default graph.")
    ] = True,
) -> None:
    """Make a SPARQL 1.1 Graph Store hold the build: PUT each graph and the union, delete graphs it lacks.

    A manifest graph on the server says whether the push finished; readers refuse one that did not."""
    from ..store.remote import push

    try:
        report = push(
            Paths(output=out_dir).graph_trig, endpoint, query_endpoint=query_endpoint, timeout=timeout, union=union
        )
    except KgError as exc:
        _fail(exc)
        return
    out.print(f"pushed {report.triples} triples in {report.graphs} graphs to {endpoint}", markup=False)
    for graph in report.removed:
        out.print(f"removed <{graph}>: the build does not have it", markup=False)


@app.command("serve")
def serve_cmd(
    out_dir: OutOpt = Path("output"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on; loopback unless you say otherwise.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port (0 picks a free one).")] = 8000,
    timeout_s: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before it is stopped.")] = 30,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Results are cut to this many rows, and say so.")
    ] = 10_000,
    store: StoreOpt = None,
    memory_limit: Annotated[
        int, typer.Option("--memory-limit", help="MiB of address space for the SPARQL engine; past it, it restarts.")
    ] = 4096,
    max_concurrent: Annotated[
        int, typer.Option("--max-concurrent", help="Queries run at once; the next waits a second, then gets 503.")
    ] = 4,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Let queries use SERVICE (the server then fetches any URL).")
    ] = False,
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint (at /sparql) and the HTML views (at /)."""
    from ..serve.server import serve
    from ..store.backend import configured

    try:
        spec = configured(store)
        paths = Paths(output=out_dir)
        serve(
            paths.graph_trig,
            out_dir,
            host=host,
            port=port,
            timeout_s=timeout_s,
            max_rows=max_rows,
            store=spec.path if spec.kind == "oxigraph" else None,
            memory_limit=memory_limit << 20,
            max_concurrent=max_concurrent,
            allow_service=allow_service,
            on_ready=lambda server: err.print(
                f"serving the views at {server.url} and SPARQL at {server.sparql_url}; Ctrl-C stops", markup=False
            ),
        )
    except KgError as exc:
        _fail(exc)
