"""`kg who-held`, `kg roles`, `kg in-post`, `kg timeline`, `kg crosscheck`, `kg view`, `kg export`: the questions users ask of the
built graph, and the pages and files that answer them."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import KgError
from .common import EndpointOpt, Fmt, FmtOpt, OrgOpt, OutOpt, StoreOpt, _answer, _fail, _open, app, err, out


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
    from ..questions.who_held import who_held

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
    from ..questions.who_held import roles

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
    from ..questions.who_held import in_post

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
    from ..questions.timeline import timeline

    _answer(lambda ds: timeline(ds, org, start, end), fmt, out_dir, store, endpoint, timeline=True)


@app.command("crosscheck")
def crosscheck_cmd(
    org: OrgOpt = None,
    fmt: FmtOpt = Fmt.table,
    out_dir: OutOpt = Path("output"),
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Where articles and a register describe one inspection: disagreements with both quotes, then agreements."""
    from ..questions.crosscheck import crosscheck_text

    try:
        sys.stdout.write(crosscheck_text(_open(out_dir, store, endpoint), org, fmt.value))
    except KgError as exc:
        _fail(exc)


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
    from ..views.site import write_site

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
    from ..data.transaction import write_atomically
    from ..views.export import export_text

    try:
        text = export_text(_open(out_dir, store, endpoint), fmt.value)
        if to is None:
            sys.stdout.write(text)
        else:
            write_atomically({to: text})
            err.print(f"wrote {to}", markup=False)
    except KgError as exc:
        _fail(exc)
