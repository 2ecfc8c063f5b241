"""The `kg` command. Enters: the words a user types. Leaves: calls to the library, its answers printed, and a
KgError turned into a message and an exit code. Nothing else happens here (tests/test_layout.py checks it).

One module per group of commands; importing them registers their commands on `app` in the order `kg --help` lists.
"""

from __future__ import annotations

from . import graph, questions, reading, scale  # noqa: F401  (registers the commands)
from .common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
