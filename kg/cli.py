"""The `kg` command: parses arguments, calls the library, turns KgError into exit codes. Nothing else."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rdflib import Dataset
from rich.console import Console
from rich.table import Table

from . import build as build_mod
from . import sparql
from .errors import DataError, InputError, KgError, QueryError, ValidationFailed
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
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store", help="memory (default) or oxigraph:PATH, an on-disk Oxigraph store; also `store = ...` in kg.toml."
    ),
]
EndpointOpt = Annotated[
    str | None, typer.Option("--endpoint", help="Read from this SPARQL 1.1 endpoint instead (read-only).")
]


def _open(out_dir: Path, store: str | None, endpoint: str | None = None) -> Dataset:
    from .store import configured, open_built

    return open_built(Paths(output=out_dir), configured(store, endpoint))


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(exc: KgError) -> None:
    label = {
        DataError: "data error",
        ValidationFailed: "validation failed",
        QueryError: "query error",
        InputError: "input error",
    }.get(type(exc), "error")
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
    store: StoreOpt = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Validate first (as `kg validate`); write nothing if it fails.")
    ] = False,
) -> None:
    """Build the RDF dataset from data/: output/graph.trig, graph.ttl and graph.jsonld (and the store, if chosen)."""
    from .store import configured

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
    from .store import configured
    from .validate import validate_data

    try:
        report = validate_data(Paths(data=data), configured(store), engine.value if engine else None)
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


FmtOpt = Annotated[
    Fmt, typer.Option("--format", "-f", help="table for people, csv for spreadsheets, json for programs.")
]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Only this body (id, name or alias) and its units.")]


def _answer(
    compute: Callable[[Dataset], list[dict[str, object]]],
    fmt: Fmt,
    out_dir: Path,
    store: str | None,
    endpoint: str | None,
    timeline: bool = False,
) -> None:
    from . import render

    try:
        rows = compute(_open(out_dir, store, endpoint))
    except KgError as exc:
        _fail(exc)
        return
    table, flat = (render.TIMELINE_TABLE, render.TIMELINE_CSV) if timeline else (render.TENURE_TABLE, render.TENURE_CSV)
    sys.stdout.write(render.render(rows, fmt.value, table, flat))


@app.command("who-held")
def who_held_cmd(
    role: Annotated[str, typer.Argument(help="A post's title, an alias, or a kind of role, any case or punctuation.")],
    org: OrgOpt = None,
    on: Annotated[str | None, typer.Option("--on", help="A date: 2020, 2020-03 or 2020-03-01.")] = None,
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Who held a post: every holder in order, or with --on, who was certainly or possibly in post then."""
    from .questions import who_held

    _answer(lambda ds: who_held(ds, role, org, on), fmt, out_dir, store, endpoint)


@app.command("roles")
def roles_cmd(
    person: Annotated[str, typer.Argument(help="A person's name or any alias (titles such as Cllr are ignored).")],
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Every post a person held, with the interval and the sources."""
    from .questions import roles

    _answer(lambda ds: roles(ds, person), fmt, out_dir, store, endpoint)


@app.command("in-post")
def in_post_cmd(
    on: Annotated[str, typer.Option("--on", help="A date: 2020, 2020-03 or 2020-03-01.")],
    org: OrgOpt = None,
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Everyone in post at a body on a date: who was accountable then."""
    from .questions import in_post

    _answer(lambda ds: in_post(ds, on, org), fmt, out_dir, store, endpoint)


@app.command("timeline")
def timeline_cmd(
    org: OrgOpt = None,
    start: Annotated[str | None, typer.Option("--from", help="First date (2019, 2019-10, 2019-10-01).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last date.")] = None,
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Events in order; each judgement and criticism shows who held the target's lead posts on its date."""
    from .timeline import timeline

    _answer(lambda ds: timeline(ds, org, start, end), fmt, out_dir, store, endpoint, timeline=True)


@app.command("view")
def view_cmd(
    out_dir: OutOpt = Path("output"),
    org: Annotated[
        str | None, typer.Option("--org", help="Only this body, its units, posts and holders, and events about them.")
    ] = None,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Write the HTML views to output/: index.html and the pages it links to (offline, no server)."""
    from .views.site import write_site

    try:
        files = write_site(_open(out_dir, store, endpoint), out_dir, org)
    except KgError as exc:
        _fail(exc)
        return
    pages = [f for f in files if f.suffix == ".html"]
    out.print(
        f"wrote {len(pages)} pages and {len(files) - len(pages)} assets; open {out_dir / 'index.html'}", markup=False
    )


class ExportFmt(StrEnum):
    popolo = "popolo"
    csv = "csv"
    graphml = "graphml"
    gexf = "gexf"


@app.command("export")
def export_cmd(
    fmt: Annotated[
        ExportFmt,
        typer.Option(
            "--format",
            "-f",
            help="popolo: Popolo JSON; csv: one row per tenure; graphml, gexf: the overview graph for Gephi.",
        ),
    ],
    to: Annotated[Path | None, typer.Option("--to", help="Write to this file instead of standard output.")] = None,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Export people, bodies, posts and tenures for other civic-data tools."""
    from .export import export_text
    from .output import write_atomically

    try:
        text = export_text(_open(out_dir, store, endpoint), fmt.value)
        if to is None:
            sys.stdout.write(text)
        else:
            write_atomically({to: text})
            err.print(f"wrote {to}", markup=False)
    except KgError as exc:
        _fail(exc)


def _split_param(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise QueryError(f"--param {raw!r}: use NAME=VALUE")
    name, value = raw.split("=", 1)
    return name.strip().lstrip("?"), value


def main() -> None:
    app()


# The article-reading and the scale commands live in their own modules; importing them registers them on `app`.
from . import cli_reading, cli_scale  # noqa: E402, F401

if __name__ == "__main__":
    main()
