"""YAML written for people to review in a diff: block records, short lists inline, and appends that keep the file.

Files in data/ carry curators' comments, so new records are appended as text into the right section instead
of re-serialising the whole file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import InputError


class _Dumper(yaml.SafeDumper):
    """Short lists of plain values inline (`aliases: [A, B]`, `offsets: [[1, 9]]`); records in indented blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `  - id:` under its key, as the hand-written files are


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    leaves = [j for i in items for j in (i if isinstance(i, list) else [i])]
    inline = bool(items) and not any(isinstance(j, dict | list) for j in leaves) and len(str(leaves)) <= 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=inline)


_Dumper.add_representer(list, _represent_list)


def plain(value: Any) -> Any:
    """Plain dicts, lists and scalars (strict-loader results are subclasses the dumper does not know)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dump(value: Any) -> str:
    """One YAML document; long strings stay on one line so a quote is never folded."""
    return yaml.dump(plain(value), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9)


def items_text(items: list[dict[str, Any]], indent: str) -> str:
    """Records as block sequence items at `indent`, a blank line before each, as the hand-written files do."""
    out = []
    for item in items:
        body = dump([item])
        out.append("\n" + "".join(indent + line if line.strip() else line for line in body.splitlines(True)))
    return "".join(out)


_TOP_KEY = re.compile(r"^[^\s#\-][^:]*:")
_ITEM = re.compile(r"^(\s*)- ")


def append_to_section(text: str, key: str, items: list[dict[str, Any]], where: str) -> str:
    """`text` with `items` added at the end of the top-level block list `key` (created at the end if missing)."""
    if not items:
        return text
    if text and not text.endswith("\n"):
        text += "\n"
    lines = text.splitlines(True)
    head = re.compile(rf"^{re.escape(key)}:\s*(?P<rest>[^#\s][^#]*?)?\s*(#.*)?$")
    at = next((i for i, line in enumerate(lines) if head.match(line.rstrip("\n"))), None)
    if at is None:
        return text + f"\n{key}:\n" + items_text(items, "  ").lstrip("\n")
    match = head.match(lines[at].rstrip("\n"))
    assert match is not None
    rest = (match["rest"] or "").strip()
    if rest == "[]":
        lines[at] = f"{key}:\n"
    elif rest:
        raise InputError(f"{where}: `{key}:` is written inline; make it a block list (one `- ` item a line) to append")
    end = next((i for i in range(at + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
    if end < len(lines):  # comments and blank lines just above the next key belong to that key
        while end - 1 > at and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
    indent = next((m[1] for line in lines[at + 1 : end] if (m := _ITEM.match(line))), "  ")
    block = items_text(items, indent)
    if end - 1 == at:
        block = block.lstrip("\n")
    elif lines[end - 1].strip() == "":
        block = block.removeprefix("\n")
    return "".join(lines[:end]) + block + "".join(lines[end:])
