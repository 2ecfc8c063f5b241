"""Regenerate the README's command examples and CLI help from the real CLI, or check they have not drifted.

Blocks look like this in README.md, and everything between the markers is replaced:

    <!-- run: kg query visits -->
    ```text
    ...output...
    ```
    <!-- end -->

Commands run in a scratch folder whose data/ is the project's data/, after a `kg build`, so the output is what a
user sees after `make demo`. Usage: `python tools/readme.py` (rewrite) or `python tools/readme.py --check`.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# `<!-- run national: ... -->` runs against the national graph (data/ with its registers, built into an on-disk
# Oxigraph store at output/store, as `make demo` builds it); `<!-- run: ... -->` against the five seed articles.
BLOCK = re.compile(r"(<!-- run(?P<national> national)?: (?P<cmd>.+?) -->\n)(?P<body>.*?)(?P<end><!-- end -->)", re.DOTALL)
ENV = {"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}


def run_command(command: str) -> str:
    """Run `kg ...` in-process and return what it printed (stdout then stderr), as a user would see it."""
    from kg.cli import app

    argv = shlex.split(command)
    assert argv[0] == "kg", command
    result = CliRunner(env=ENV).invoke(app, argv[1:], prog_name="kg")
    text = result.stdout + (result.stderr if result.stderr else "")
    if result.exit_code:
        text += f"[exit code {result.exit_code}]\n"
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def render(readme: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path.cwd()
        seeds, national = Path(tmp) / "seeds", Path(tmp) / "national"
        try:
            (seeds / "data").mkdir(parents=True)  # the five seed articles alone
            for part in ("sources", "entities", "claims"):
                (seeds / "data" / part).symlink_to(ROOT / "data" / part)
            (seeds / "tests").symlink_to(ROOT / "tests")
            os.chdir(seeds)
            run_command("kg build")
            if any(m["national"] for m in BLOCK.finditer(readme)):
                national.mkdir()
                (national / "data").symlink_to(ROOT / "data")
                os.chdir(national)
                run_command("kg build --store oxigraph:output/store")

            def fill(m: re.Match[str]) -> str:
                cmd = m["cmd"].strip()
                os.chdir(national if m["national"] else seeds)
                return f"{m.group(1)}```text\n$ {cmd}\n{run_command(cmd)}```\n{m['end']}"

            return BLOCK.sub(fill, readme)
        finally:
            os.chdir(here)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is out of date: run `python tools/readme.py`", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
