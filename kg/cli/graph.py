"""`kg build`, `kg validate`, `kg query`, `kg queries`: make the graph from data/, check it, ask it in SPARQL."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..data.paths import Paths
from ..errors import KgError, ValidationFailed
from ..graph import build as build_mod
from ..store import sparql
from .common import DataOpt, EndpointOpt, Fmt, OutOpt, StoreOpt, _fail, _open, _split_param, app, err, out


@app.command("build")
def build_cmd(
    data: DataOpt = Path("data"),
    out_dir: OutOpt = Path("output"),
    include_pending: Annotated[
        bool, typer.Option(help="Also build unreviewed claims from data/pending, into their own named graph.")
    ] = False,
    store: StoreOpt = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Validate first (as `kg validate`); write nothing if it fails.")
    ] = False,
) -> None:
    """Build the RDF dataset from data/: output/graph.trig, graph.ttl and graph.jsonld (and the store, if chosen)."""
    from ..store.backend import configured

    try:
        report = build_mod.build(
            Paths(data=data, output=out_dir),
            include_pending=include_pending,
            store=configured(store),
            validate=validate,
        )
    except KgError as exc:
        _fail(exc)
        return
    table = Table(title="Built", show_header=False)
    for label, count in report.counts().items():
        table.add_row(label, str(count))
    out.print(table)
    for path in report.files:
        out.print(f"wrote {path}", markup=False)
    if report.corpus.warnings:
        err.print(f"{len(report.corpus.warnings)} register rows or cells left out as suspicious: `kg validate` "
                  "lists each with its file, line and column", markup=False)


class Engine(StrEnum):
    pyshacl = "pyshacl"
    turbo = "turbo"


@app.command("validate")
def validate_cmd(
    data: DataOpt = Path("data"),
    store: StoreOpt = None,
    engine: Annotated[
        Engine | None,
        typer.Option(
            help="SHACL engine: pyshacl (the reference; default in memory) or turbo (Rust; default in Oxigraph)."
        ),
    ] = None,
) -> None:
    """Check data/ and the graph it builds: SHACL shapes in ontology/ plus integrity rules."""
    from ..store.backend import configured

    try:
        report = build_mod.validate_data(Paths(data=data), configured(store), engine.value if engine else None)
    except KgError as exc:
        _fail(exc)
        return
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if not report.ok:
        _fail(ValidationFailed(report.violations))
    out.print(f"valid: SHACL conforms and integrity rules hold ({len(report.warnings)} warnings)", markup=False)


@app.command("query")
def query_cmd(
    query: Annotated[str, typer.Argument(help="A named query (see `kg queries`), a .rq file, or SPARQL text.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, bound as ?NAME (repeatable).")
    ] = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Run SPARQL over the built graph."""
    try:
        params = dict(_split_param(p) for p in param or [])
        ds = _open(out_dir, store, endpoint)
        result = sparql.run_query(ds, query, params)
        sys.stdout.write(sparql.format_result(result, fmt.value))
    except KgError as exc:
        _fail(exc)


@app.command("queries")
def queries_cmd() -> None:
    """List the named queries and their parameters."""
    for q in sparql.named_queries().values():
        params = " ".join(
            f"[--param {p}=...]" if "optional" in doc else f"--param {p}=..." for p, doc in q.params.items()
        )
        out.print(f"{q.name} {params}".rstrip(), markup=False)
        out.print(f"    {q.description}", markup=False)
