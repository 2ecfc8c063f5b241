"""Try a change to data/ on a throwaway copy first, so a change that would break the project is never written."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import DataError, Location, Problem
from .loading import Extension, load_corpus
from .paths import Paths

Changes = Mapping[Path, str | bytes | None]


@contextmanager
def staged(paths: Paths, changes: Changes) -> Iterator[Paths]:
    """A copy of data/ with `changes` (file -> new content, None to delete) applied; removed on exit."""
    with tempfile.TemporaryDirectory(prefix="kg-stage-") as tmp:
        copy = Path(tmp) / "data"
        if paths.data.is_dir():
            shutil.copytree(paths.data, copy, ignore=shutil.ignore_patterns(".kg.lock", ".kg-journal.json", ".kg-tmp-*"))
        for target, content in changes.items():
            staged_path = copy / target.relative_to(paths.data)
            if content is None:
                staged_path.unlink(missing_ok=True)
                continue
            staged_path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                staged_path.write_bytes(content)
            else:
                staged_path.write_text(content, encoding="utf-8")
        yield Paths(data=copy, output=paths.output, ontology=paths.ontology)


def check_loads(stage: Paths, real: Paths, include_pending: bool = False, extend: Extension | None = None) -> None:
    """Load the staged project; its problems are reported against the real files in data/."""
    try:
        load_corpus(stage, include_pending=include_pending, extend=extend)
    except DataError as exc:
        raise DataError([_unstage(p, stage.data, real.data) for p in exc.problems]) from None


def _unstage(problem: Problem, copy: Path, data: Path) -> Problem:
    loc = problem.location
    path = Path(loc.path)
    if path.is_relative_to(copy):
        path = data / path.relative_to(copy)
    message = problem.message.replace(str(copy), str(data))
    return Problem(Location(path, loc.line, loc.column, loc.field), message)
