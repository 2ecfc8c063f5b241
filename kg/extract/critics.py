"""Critics beyond the inspectorate whose words the article reports without a speaker: the government and its
direction notices, a commissioner's review or report. "The direction notice says ...", "a review that concluded
the council 'lacked ...'", "the Government deemed them to have a 'legacy of failure'": the sentence is the
critic's finding when it reads as criticism.

The critic is a body or person the article names: a named government body (or "the Government", which names one),
the commissioner the article names (or whose post it describes). A review whose author the article does not
give ("an independent review") is nobody's here."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .resources import Resources, phrase_rx
from .rules import Candidate, Extraction
from .speech import Block, post_record
from .statements import finding_stance, finding_themes

OTHER_REVIEW_RX = re.compile(
    r"\b(?:independent|serious case|case|practice|safeguarding|learning|judicial|peer|internal)\s+$", re.IGNORECASE
)
GOVERNMENT_WORD_RX = re.compile(r"\b[Gg]overnment\b(?!-)")


def critics(x: Extraction, paragraphs: list[Block]) -> None:
    taken = [s for c in x.out if c.type in ("criticism", "praise") for s in c.spans]
    for para in paragraphs:
        if para.speaker and para.speaker.startswith(("person@", "body@")):
            continue  # a speaker's own words
        for sent in (t for t in x.a.sentences if t.start < para.end and para.start < t.end):
            s, e = max(sent.start, para.start), min(sent.end, para.end)
            if any(a < e and s < b for a, b in taken):
                continue
            source = _source(x, s, e)
            if source is None:
                continue
            kind, at = source
            chunk = x.text[at:e] if at > s else x.text[s:e]
            if finding_stance(x, chunk) != "criticism":
                continue
            by = _critic(x, kind, s)
            if by is None:
                continue
            target = x.body_in(s, e, {by, x.inspectorate or ""}) or x.subject
            if target is None:
                continue
            fields: dict[str, Any] = {"by": by, "target": target, "theme": finding_themes(x, chunk)}
            x.out.append(Candidate("criticism", fields, [(s, e)], f"finding/{kind}-criticism", 0.6, {}))
            taken.append((s, e))


def _source(x: Extraction, start: int, end: int) -> tuple[str, int] | None:
    """The kind of critic that speaks in the sentence ("government", "review") and where it is named: its words
    followed by a finding verb, or after "according to"."""
    verbs = _rx(x.res, "critic_verbs")
    for kind, rx in _sources(x.res).items():
        for m in rx.finditer(x.text, start, end):
            before = x.text[max(start, m.start() - 24) : m.start()]
            if re.search(r"according\s+to\s+(?:the\s+|a\s+|its\s+)?$", before, re.IGNORECASE):
                return kind, start
            if verbs.search(x.text[m.end() : min(end, m.end() + 60)]):
                if kind == "review" and OTHER_REVIEW_RX.search(x.text[max(start, m.start() - 24) : m.start()]):
                    return None  # "an independent review", "a serious case review": no author the article names
                return kind, m.start()
    return None


def _critic(x: Extraction, kind: str, at: int) -> str | None:
    if kind == "review":  # the commissioner's; the government's only where the sentence says so
        sent = x.a.sentence_at(at)
        return _commissioner(x) or (_government(x) if GOVERNMENT_WORD_RX.search(sent.text) else None)
    return _government(x)


def _commissioner(x: Extraction) -> str | None:
    """The commissioner the article names, or the holder of a commissioner's post it describes."""
    for who, post in x.roles.values():
        if post and post_record(x, post).get("role") == "commissioner":
            return who
    for c in x.out:
        if c.type == "tenure" and post_record(x, c.fields.get("post")).get("role") == "commissioner":
            return str(c.fields["person"])
    return None


def _government(x: Extraction) -> str | None:
    """A government body the article names; "the Government" names one too."""
    named = next((oid for _, oid in x.bodies if x._kind(oid) == "government"), None)
    if named:
        return named
    department = _department_rx(x.res).search(x.text)
    if department:  # "the Department for Education": a name, though its words are those of a kind of body
        return x.linker.organisation(department.group(0), "government").entity_id
    if GOVERNMENT_WORD_RX.search(x.text):
        return x.linker.organisation("Government", "government").entity_id
    return None


@cache
def _department_rx(res: Resources) -> re.Pattern[str]:
    """The names of government departments (the gazetteer's government body heads, "Government" aside)."""
    names = [n for n in res.raw["body_heads"]["government"] if n != "Government"]
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@cache
def _sources(res: Resources) -> dict[str, re.Pattern[str]]:
    return {k: phrase_rx(v) for k, v in res.raw["critic_sources"].items()}


@cache
def _rx(res: Resources, key: str) -> re.Pattern[str]:
    return phrase_rx(res.raw[key])
