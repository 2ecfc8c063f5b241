"""One root exception, so callers (the CLI, a notebook) can catch everything the library raises on purpose."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class KgError(Exception):
    """Root of every error the library raises about its input or its state."""

    exit_code = 1


@dataclass(frozen=True)
class Location:
    """Where something came from in data/: file, line, column (1-based), field."""

    path: Path | str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        return f"{text}: {self.field}" if self.field else text


@dataclass
class Problem:
    """One thing wrong with the input, with its location."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class DataError(KgError):
    """The data files are wrong; carries every problem found, each with its location."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class ValidationFailed(KgError):
    """The built graph breaks a SHACL shape or an integrity rule."""

    exit_code = 3

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, or missing a parameter."""

    exit_code = 4


class Busy(KgError):
    """Another kg command is writing the same folder (or store) right now."""

    exit_code = 6


class InputError(KgError):
    """A command was asked for something it cannot do: a missing option, an unknown candidate, an id already taken."""

    exit_code = 5


@dataclass
class ProblemList:
    """Collects problems so a run reports all of them at once, not one per run."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)
