"""The `kg` command: parses arguments, calls the library, turns KgError into exit codes. Nothing else."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import build as build_mod
from . import sparql
from .errors import DataError, KgError, QueryError, ValidationFailed
from .paths import Paths

app = typer.Typer(
    help="accountability-kg: who ran public services, who inspected them, who criticised whom and who answered.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

DataOpt = Annotated[Path, typer.Option("--data", help="Folder with sources/, entities/, claims/.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder for generated files.")]


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(exc: KgError) -> None:
    label = {DataError: "data error", ValidationFailed: "validation failed", QueryError: "query error"}.get(
        type(exc), "error"
    )
    problems = getattr(exc, "problems", None)
    lines = [str(p) for p in problems] if problems else [str(exc)]
    # Plain, unwrapped lines: each is `file:line:column: field: message`, for editors and grep.
    typer.echo(f"{label}: {len(lines)} problem{'s' if len(lines) != 1 else ''}", err=True)
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(exc.exit_code)


@app.command("build")
def build_cmd(
    data: DataOpt = Path("data"),
    out_dir: OutOpt = Path("output"),
    include_pending: Annotated[
        bool, typer.Option(help="Also build unreviewed claims from data/pending, into their own named graph.")
    ] = False,
) -> None:
    """Build the RDF dataset from data/: output/graph.trig, graph.ttl and graph.jsonld."""
    try:
        report = build_mod.build(Paths(data=data, output=out_dir), include_pending=include_pending)
    except KgError as exc:
        _fail(exc)
        return
    table = Table(title="Built", show_header=False)
    for label, count in report.counts().items():
        table.add_row(label, str(count))
    out.print(table)
    for path in report.files:
        out.print(f"wrote {path}", markup=False)


@app.command("validate")
def validate_cmd(data: DataOpt = Path("data")) -> None:
    """Check data/ and the graph it builds: SHACL shapes in ontology/ plus integrity rules."""
    from .validate import validate_built

    paths = Paths(data=data)
    try:
        built = build_mod.build_graph(paths)
        report = validate_built(built.corpus, built, paths.ontology)
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
) -> None:
    """Run SPARQL over the built graph."""
    try:
        params = dict(_split_param(p) for p in param or [])
        ds = build_mod.load_built(Paths(output=out_dir))
        result = sparql.run_query(ds, query, params)
        sys.stdout.write(sparql.format_result(result, fmt.value))
    except KgError as exc:
        _fail(exc)


@app.command("queries")
def queries_cmd() -> None:
    """List the named queries and their parameters."""
    for q in sparql.named_queries().values():
        params = " ".join(f"--param {p}=..." for p in q.params)
        out.print(f"{q.name} {params}".rstrip(), markup=False)
        out.print(f"    {q.description}", markup=False)


def _split_param(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise QueryError(f"--param {raw!r}: use NAME=VALUE")
    name, value = raw.split("=", 1)
    return name.strip().lstrip("?"), value


def main() -> None:
    app()


if __name__ == "__main__":
    main()
