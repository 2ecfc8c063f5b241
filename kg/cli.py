"""The `kg` command: parses arguments, calls the library, turns KgError into exit codes. Nothing else."""

from __future__ import annotations

import operator
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
    compute: Callable[[Dataset], list[dict[str, object]]], fmt: Fmt, out_dir: Path, timeline: bool = False
) -> None:
    from . import render

    try:
        rows = compute(build_mod.load_built(Paths(output=out_dir)))
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
) -> None:
    """Who held a post: every holder in order, or with --on, who was certainly or possibly in post then."""
    from .questions import who_held

    _answer(lambda ds: who_held(ds, role, org, on), fmt, out_dir)


@app.command("roles")
def roles_cmd(
    person: Annotated[str, typer.Argument(help="A person's name or any alias (titles such as Cllr are ignored).")],
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
) -> None:
    """Every post a person held, with the interval and the sources."""
    from .questions import roles

    _answer(lambda ds: roles(ds, person), fmt, out_dir)


@app.command("in-post")
def in_post_cmd(
    on: Annotated[str, typer.Option("--on", help="A date: 2020, 2020-03 or 2020-03-01.")],
    org: OrgOpt = None,
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
) -> None:
    """Everyone in post at a body on a date: who was accountable then."""
    from .questions import in_post

    _answer(lambda ds: in_post(ds, on, org), fmt, out_dir)


@app.command("timeline")
def timeline_cmd(
    org: OrgOpt = None,
    start: Annotated[str | None, typer.Option("--from", help="First date (2019, 2019-10, 2019-10-01).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last date.")] = None,
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
) -> None:
    """Events in order; each judgement and criticism shows who held the target's lead posts on its date."""
    from .timeline import timeline

    _answer(lambda ds: timeline(ds, org, start, end), fmt, out_dir, timeline=True)


@app.command("view")
def view_cmd(out_dir: OutOpt = Path("output")) -> None:
    """Write the HTML views to output/: index.html and the pages it links to (offline, no server)."""
    from .views.site import write_site

    try:
        files = write_site(build_mod.load_built(Paths(output=out_dir)), out_dir)
    except KgError as exc:
        _fail(exc)
        return
    pages = [f for f in files if f.suffix == ".html"]
    out.print(
        f"wrote {len(pages)} pages and {len(files) - len(pages)} assets; open {out_dir / 'index.html'}", markup=False
    )


class CandidateFmt(StrEnum):
    yaml = "yaml"
    json = "json"


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Plain-text articles (UTF-8).")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write <stem>.yaml/.json here instead of printing.")
    ] = None,
    fmt: Annotated[CandidateFmt, typer.Option("--format", "-f")] = CandidateFmt.yaml,
    date: Annotated[
        str | None, typer.Option("--date", help="The articles' date, to read 'last month' against.")
    ] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Read articles and write candidate claims for review, linked to the entities in data/."""
    from .extract.output import extract_files

    try:
        for path, text in extract_files(Paths(data=data), files, fmt.value, date, out_dir):
            if out_dir is None:
                sys.stdout.write(text)
            else:
                err.print(f"wrote {path}", markup=False)
    except KgError as exc:
        _fail(exc)


@app.command("eval")
def eval_cmd(
    data: Annotated[
        list[Path] | None, typer.Option("--data", help="Data folders with curated claims (repeatable).")
    ] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Score extraction against curated claims: precision, recall and F1 per claim type."""
    from .extract.evaluate import evaluate
    from .render import render

    folders = data or [Path("data")]
    try:
        for folder in folders:
            result = evaluate(Paths(data=folder))
            columns = [
                (k, operator.itemgetter(k))
                for k in ("type", "gold", "predicted", "correct", "precision", "recall", "f1")
            ]
            if fmt is Fmt.table:
                out.print(f"{folder} ({result.sources} sources)", markup=False)
            sys.stdout.write(render(result.rows(), fmt.value, columns, columns))
    except KgError as exc:
        _fail(exc)


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
) -> None:
    """Export people, bodies, posts and tenures for other civic-data tools."""
    from .export import export_text
    from .output import write_atomically

    try:
        text = export_text(build_mod.load_built(Paths(output=out_dir)), fmt.value)
        if to is None:
            sys.stdout.write(text)
        else:
            write_atomically({to: text})
            err.print(f"wrote {to}", markup=False)
    except KgError as exc:
        _fail(exc)


class SourceKind(StrEnum):
    news_report = "news-report"
    council_press_release = "council-press-release"
    inspection_report = "inspection-report"


@app.command("ingest")
def ingest_cmd(
    file: Annotated[Path, typer.Argument(help="The article as UTF-8 text.")],
    source_id: Annotated[
        str | None, typer.Option("--id", help="The new source's id (default: a slug of the date and file name).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The article's title (asked for on a terminal).")] = None,
    kind: Annotated[SourceKind, typer.Option("--kind", help="What the article is.")] = SourceKind.news_report,
    publisher: Annotated[
        str | None, typer.Option("--publisher", help="Organisation id of the publisher, if the text shows it.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Publication date: 2024, 2024-06, 2024-06-12 (asked for on a terminal)."),
    ] = None,
    date_evidence: Annotated[str | None, typer.Option("--date-evidence", help="Why the date is what it is.")] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Add an article to data/sources and its candidate claims to data/pending, for `kg review`."""
    from .ingest import ingest

    ask = (lambda question, default: str(typer.prompt(question, default=default))) if sys.stdin.isatty() else None
    try:
        result = ingest(
            Paths(data=data),
            file,
            source_id=source_id,
            title=title,
            kind=kind.value,
            publisher=publisher,
            date=date,
            date_evidence=date_evidence,
            ask=ask,
        )
    except KgError as exc:
        _fail(exc)
        return
    for warning in result.warnings:
        typer.echo(f"warning: candidate that `kg build --include-pending` would refuse: {warning}", err=True)
    for line in result.summary():
        out.print(line, markup=False)


class ReviewFmt(StrEnum):
    table = "table"
    json = "json"


@app.command("review")
def review_cmd(
    data: DataOpt = Path("data"),
    source: Annotated[str | None, typer.Option("--source", help="Only the candidates of this source id.")] = None,
    accept: Annotated[str | None, typer.Option("--accept", help="`all` or candidate ids, comma-separated.")] = None,
    accept_type: Annotated[
        str | None, typer.Option("--accept-type", help="Accept every candidate of these claim types (comma-separated).")
    ] = None,
    reject: Annotated[str | None, typer.Option("--reject", help="`all` or candidate ids, comma-separated.")] = None,
    reject_type: Annotated[
        str | None, typer.Option("--reject-type", help="Reject every candidate of these claim types (comma-separated).")
    ] = None,
    fmt: Annotated[ReviewFmt, typer.Option("--format", "-f")] = ReviewFmt.table,
) -> None:
    """List pending candidates; --accept moves them into data/claims and data/entities, --reject drops them."""
    from . import render, review

    paths = Paths(data=data)
    try:
        accepting = review.Selection.parse(accept, accept_type)
        rejecting = review.Selection.parse(reject, reject_type)
        if not accepting and not rejecting:
            rows = review.list_candidates(paths, source)
            sys.stdout.write(render.render(rows, fmt.value, review.REVIEW_TABLE, review.REVIEW_TABLE))
            return
        result = review.review(paths, source, accepting, rejecting)
    except KgError as exc:
        _fail(exc)
        return
    for line in result.summary():
        out.print(line, markup=False)


def _split_param(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise QueryError(f"--param {raw!r}: use NAME=VALUE")
    name, value = raw.split("=", 1)
    return name.strip().lstrip("?"), value


def main() -> None:
    app()


if __name__ == "__main__":
    main()
