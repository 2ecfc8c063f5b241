"""What a query may be before the engine sees it: its size, its nesting, how many clauses, and no SERVICE.

Why before the engine: Oxigraph's parser and evaluator recurse, so 3,000 nested groups (6 KB), or a chain of
4,000 MINUS, BIND or UNION clauses, overflows its stack and the whole engine aborts; and `SERVICE <url>` makes it
send requests wherever the query says (a loopback admin port included). Why a lexical scan and not a parser:
rdflib's parser itself raises RecursionError at 30 nested parentheses, and pyoxigraph does not expose Oxigraph's.
The scan knows SPARQL's terminals (strings, IRIs, comments, variables, prefixed names, language tags), so a
bracket or a word inside a literal or an IRI never counts; anything it cannot classify counts, so it errs towards
refusing. Limits measured on Oxigraph 0.5.13 (see README "The endpoint under hostile queries").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_BYTES = 256 << 10
MAX_DEPTH = 100  # brackets of all kinds: Oxigraph survived 2,000 nested groups and aborted at 3,000
MAX_CLAUSES = 2_000  # keywords, operators and brackets: chains of 4,000 clauses aborted Oxigraph

_TOKEN = re.compile(
    r"""(?P<space>\s++|\#[^\n\r]*+)
    |(?P<term>
        '''(?:[^'\\]++|\\.|'(?!''))*+'''
        |\"\"\"(?:[^"\\]++|\\.|"(?!""))*+\"\"\"
        |'(?:[^'\\\n\r]++|\\.)*+'
        |"(?:[^"\\\n\r]++|\\.)*+"
        |<[^<>"{}|^`\\\x00-\x20]*+>
        |[?$]\w++
        |@[A-Za-z]++(?:-[A-Za-z0-9]++)*+
        |\d++(?:\.\d*+)?(?:[eE][+-]?\d++)?
        |(?i:true|false|undef|a)(?![\w:])
    )
    |(?P<name>(?P<prefix>[^\W\d][\w.-]*+)?:(?:[\w:%.-]++|\\.)*+)
    |(?P<word>[^\W\d]\w*+)
    |(?P<open>[{(\[])
    |(?P<close>[})\]])
    |(?P<other>[|&!=<>]=?|.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Refusal:
    """Why a query is refused: the HTTP status and a one-line message for the client."""

    status: int
    message: str


_SERVICE = Refusal(403, "federated queries (SERVICE) are not allowed on this endpoint (kg serve --allow-service)")


def check_query(
    text: str,
    *,
    allow_service: bool = False,
    max_bytes: int = MAX_QUERY_BYTES,
    max_depth: int = MAX_DEPTH,
    max_clauses: int = MAX_CLAUSES,
) -> Refusal | None:
    """None if the query may go to the engine, else why not (413 too large, 400 too deep or long, 403 SERVICE)."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return Refusal(413, f"the query is {size} bytes; this endpoint takes at most {max_bytes}")
    depth = clauses = 0
    declared: set[str] = set()
    previous = ""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in {"space", "term"}:
            continue
        if kind == "name":
            prefix = m.group("prefix") or ""
            if previous.upper() == "PREFIX":
                declared.add(prefix)
            elif not allow_service and _names_service(m.group(), prefix, declared):
                return _SERVICE
            previous = m.group()
            continue
        previous = m.group()
        clauses += 1
        if clauses > max_clauses:
            return Refusal(400, f"the query has more than {max_clauses} keywords, operators and brackets")
        if kind == "open":
            depth += 1
            if depth > max_depth:
                return Refusal(400, f"the query nests brackets more than {max_depth} deep")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word" and not allow_service and "SERVICE" in m.group().upper():
            return _SERVICE
    return None


def _names_service(name: str, prefix: str, declared: set[str]) -> bool:
    """Whether Oxigraph may read SERVICE in a prefixed name.

    Its parser matches keywords as prefixes of words and backtracks when a prefix is not declared, so `SERVICEx:y`
    and `trueSERVICE:x` both call x: as a service; the local part of a declared prefix's name is read whole.
    """
    if "SERVICE" in prefix.upper():
        return True
    return prefix not in declared and "SERVICE" in name.upper()
