"""The addressees of a joint targeted area inspection letter: the lines between its date and "Dear ...", each
"Name, Post, Body" (a long one wraps onto the next line). Split here into name, post and body words, with
their offsets in the page, so that the letter's reader can link them and quote them as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE_LINE = re.compile(rf"^\s*(\d{{1,2}}) ({MONTH}) (\d{{4}})\s*$", re.MULTILINE)
DEAR = re.compile(r"^Dear\b", re.MULTILINE)
# A person's name at the start of a line: optional titles, then two to four capitalised words.
NAME_WORD = r"(?:[A-Z]['\u2019]|Ma?c)?[A-Z][a-zà-ÿ]+(?:[-'\u2019][A-Z]?[a-zà-ÿ]+)*"
PARTICLE = r"(?:de|da|di|du|van|von|der|den|la|le)"


@dataclass(frozen=True)
class Addressee:
    """One addressee: the whole entry and its parts, as (start, end) offsets in the page."""

    entry: tuple[int, int]
    name: tuple[int, int]
    post: tuple[int, int] | None  # the words after the name, post and body together
    named: bool  # False: no person's name opens the entry (a post alone)


def letter_date(page: str) -> re.Match[str] | None:
    """The first line that is only a date, within the lines before "Dear"."""
    end = DEAR.search(page)
    m = DATE_LINE.search(page, 0, end.start() if end else min(len(page), 400))
    return m


def block(page: str) -> tuple[int, int] | None:
    """The addressee lines: after the date line, up to "Dear"."""
    date = letter_date(page)
    dear = DEAR.search(page, date.end() if date else 0)
    if date is None or dear is None:
        return None
    return date.end() + 1, dear.start()


WORD = re.compile(r"[^\s,]+|,")


def _opening_name(line: str, cfg: dict[str, Any]) -> tuple[int, int, int, bool] | None:
    """The name that opens a line: (start, end, end of honours, a comma or dash follows), skipping titles; None
    when fewer than two name words open it."""
    titles = sorted([*cfg["titles"], *cfg.get("letter_name_titles", [])], key=len, reverse=True)
    stop = {*cfg["letter_post_words"], *cfg["letter_body_words"]}
    honours = set(cfg.get("letter_honours", []))
    pos = len(line) - len(line.lstrip())
    skipped = True
    while skipped:
        skipped = False
        for t in titles:
            if re.match(rf"{re.escape(t)}\.?\s", line[pos:]):
                pos += re.match(rf"{re.escape(t)}\.?\s+", line[pos:]).end()  # type: ignore[union-attr]
                skipped = True
                break
    start = pos
    words = 0
    end = pos
    for m in re.finditer(r"\S+", line[pos:]):
        word = m.group(0).rstrip(",")
        if words >= 4 or word in stop or not (re.fullmatch(NAME_WORD, word) or re.fullmatch(PARTICLE, word)):
            break
        words += 1
        end = pos + m.start() + len(word)
        if m.group(0).endswith(","):
            break
    if words < 2:
        return None
    after = end
    for m in re.finditer(r"[\s,]*(\S+?)(?=[\s,]|$)", line[end:]):
        if m.group(1) not in honours:
            break
        after = end + m.end()
    sep = line[after:].lstrip()[:1] in {",", "\u2013", "\u2014", "-"}
    return start, end, after, sep


def split_entries(page: str, span: tuple[int, int], cfg: dict[str, Any]) -> list[Addressee]:
    """The entries of the block: a line that opens with a name and a comma (or a post word) starts an entry,
    any other line continues the one before (a body's name that wrapped)."""
    post_words = set(cfg["letter_post_words"])
    starts: list[tuple[int, tuple[int, int, int, bool] | None]] = []
    pos = span[0]
    for line in page[span[0] : span[1]].split("\n"):
        found = _opening_name(line, cfg)
        if found:
            rest = line[found[2] :].split()
            if found[3] or (rest and rest[0].strip(",") in post_words):
                starts.append((pos, found))
                pos += len(line) + 1
                continue
        if line.strip() and not starts:
            starts.append((pos, None))  # a post with no name ("Director of Public Health")
        pos += len(line) + 1
    out: list[Addressee] = []
    for i, (start, f) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else span[1]
        while end > start and page[end - 1] in " \n.,":
            end -= 1
        if f is None:
            out.append(Addressee((start, end), (start, start), (start, end), False))
            continue
        post_start = start + f[2]
        while post_start < end and page[post_start] in " ,\u2013\u2014-\n":
            post_start += 1
        out.append(
            Addressee((start, end), (start + f[0], start + f[1]), (post_start, end) if post_start < end else None, True)
        )
    return out


def post_and_body(text: str, cfg: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """Split "Post, Body" ("Chief Constable, South Yorkshire Police", "Chief Constable of X police force",
    "Chair at NHS X ICB", "X Police and Crime Commissioner") into the post, the body and its kind."""
    flat = " ".join(text.split())
    titles = "|".join(re.escape(t) for t in cfg["titles"])
    flat = re.split(rf"\s(?:{titles})\s", flat)[0]  # a second addressee run into the line
    parts = [p.strip() for p in re.split(r",(?!\s*(?:and\b|&|fire\b))\s*|\s[\u2013\u2014-]\s", flat) if p.strip()]
    post = parts[0] if parts else flat
    body: str | None = None
    rest = parts[1:]
    splits = list(re.finditer(r"\s+(?:of|for|at)\s+(?=(?:the\s+)?[A-Z])", post))
    for m in reversed(splits):  # "Director of Nursing for NHS X CCG": the last "for" names the body
        if body_kind(post[m.end() :], cfg):
            post, body = post[: m.start()], re.sub(r"^the\s+", "", post[m.end() :])
            break
    for part in rest:  # the body is the first part after the post that names one; else a place alone
        if body_kind(part, cfg):
            body = part
            break
    if body is None and rest:
        body = rest[-1]
    if body is None:  # "Chief Officer NHS X CCG": the body follows the post with nothing between
        words = post.split()
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            if words[i][:1].isupper() and role_of(" ".join(words[:i]), cfg) and body_kind(tail, cfg):
                post, body = " ".join(words[:i]), tail
                break
    kind = body_kind(body, cfg) if body else None
    return post, body, kind


def body_kind(text: str | None, cfg: dict[str, Any]) -> str | None:
    """The kind of body a name's words make (letter_bodies), or None."""
    if not text:
        return None
    text = text.replace("\u2019", "'")
    for kind, words in cfg["letter_bodies"].items():
        for w in words:
            if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE if w.islower() else 0):
                return str(kind)
    return None


def role_of(post: str, cfg: dict[str, Any]) -> str | None:
    """The role kind of a post's words: the first kind whose patterns match (letter_roles)."""
    post = post.replace("\u2019", "'")
    for kind, patterns in cfg["letter_roles"].items():
        if any(re.search(p, post.strip(), re.IGNORECASE) for p in patterns):
            return str(kind)
    return None
