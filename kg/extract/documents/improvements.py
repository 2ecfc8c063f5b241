"""The "What needs to improve?" list of an inspection letter or report: each bulleted item, as written, is one
criticism by the inspectorate of the body inspected, with the themes its words name (ontology/schemes/themes.ttl,
as for a finding in an article)."""

from __future__ import annotations

import re
from typing import Any

from ..resources import Resources

HEADING = re.compile(r"^What needs to improve\??[ \t]*$", re.MULTILINE | re.IGNORECASE)
BULLET = re.compile(r"^[\u25fc\u25aa\u25a0\u2022\uf0b7\u25cf]\s*")  # the square, round and private-use bullets
PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def items(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each item's words after its bullet, in `text`; an item runs over the lines after its
    bullet until it ends with a full stop; the list ends at the first line that is neither an item nor a page's
    number or break."""
    head = HEADING.search(text)
    if head is None:
        return []
    out: list[tuple[int, int]] = []
    pos = head.end() + 1
    current: list[int] | None = None
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].lstrip("\f")
        start = pos + (end - pos - len(line))
        if m := BULLET.match(line):
            current = [start + m.end(), end]
            out.append((current[0], current[1]))
        elif current is not None and not text[current[0] : current[1]].rstrip().endswith((".", ":")) and line:
            current[1] = end  # the item wrapped onto this line
            out[-1] = (current[0], current[1])
        elif not (PAGE_NUMBER.match(line.strip()) or not line.strip()):
            break
        pos = end + 1
    return [(s, e) for s, e in out if e > s]


def themes(res: Resources, words: str) -> list[str]:
    """The themes whose words the item has most of (at most two); the quality of practice when none matches."""
    scored = [(len(rx.findall(words)), t) for t, rx in res.rx_by("themes").items()]
    return [t for n, t in sorted(scored, key=lambda s: (-s[0], s[1])) if n][:2] or ["quality-of-practice"]


def criticisms(
    text: str, res: Resources, by: str, targets: list[str], event: str | None, mentions: dict[str, str]
) -> list[dict[str, Any]]:
    """One criticism claim per item, quoting the item."""
    out = []
    for start, end in items(text):
        words = text[start:end]
        claim: dict[str, Any] = {"type": "criticism", "by": by, "target": targets, "theme": themes(res, words)}
        if event:
            claim["about"] = event
        claim["quote"] = words
        claim["extracted"] = {
            "rule": "document/what-needs-to-improve",
            "confidence": 0.85,
            "offsets": [[start, end]],
            "mentions": mentions,
        }
        out.append(claim)
    return out
