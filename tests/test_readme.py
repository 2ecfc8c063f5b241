"""The README's examples and CLI help are generated from the real CLI; this fails when they drift."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("readme_tool", ROOT / "tools" / "readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_opens_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "make demo" in head and "make test" in head


def test_readme_examples_match_real_output():
    tool = _tool()
    current = tool.README.read_text(encoding="utf-8")
    blocks = tool.BLOCK.findall(current)
    assert len(blocks) >= 8
    fresh = tool.render(current)
    for old, new in zip(tool.BLOCK.finditer(current), tool.BLOCK.finditer(fresh), strict=True):
        assert old["body"] == new["body"], f"README block `{old['cmd']}` is stale: run python tools/readme.py"


def test_every_command_has_its_help_in_the_readme():
    from kg.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"<!-- run: kg {re.escape(name)} --help -->", readme), name
