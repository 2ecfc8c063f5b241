"""What every group of `kg` commands shares: the Typer app, the common options, opening the built graph, and
turning a KgError into its message and exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..data.paths import Paths
from ..errors import Busy, DataError, InputError, KgError, QueryError, ValidationFailed

if TYPE_CHECKING:
    from rdflib import Dataset

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
    from ..store.backend import configured, open_built

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
        Busy: "busy",
    }.get(type(exc), "error")
    problems = getattr(exc, "problems", None)
    lines = [str(p) for p in problems] if problems else [str(exc)]
    # Plain, unwrapped lines: each is `file:line:column: field: message`, for editors and grep.
    typer.echo(f"{label}: {len(lines)} problem{'s' if len(lines) != 1 else ''}", err=True)
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(exc.exit_code)


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
    from ..questions import render

    try:
        rows = compute(_open(out_dir, store, endpoint))
    except KgError as exc:
        _fail(exc)
        return
    table, flat = (render.TIMELINE_TABLE, render.TIMELINE_CSV) if timeline else (render.TENURE_TABLE, render.TENURE_CSV)
    sys.stdout.write(render.render(rows, fmt.value, table, flat))


def _split_param(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise QueryError(f"--param {raw!r}: use NAME=VALUE")
    name, value = raw.split("=", 1)
    return name.strip().lstrip("?"), value
