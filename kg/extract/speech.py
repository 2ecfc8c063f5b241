"""Who is speaking in each paragraph: a named person (by their speech verb, or "he said" back to the last one
named), a body ("the council said", "a council spokesperson:"), the inspectorate's report, or the speaker of the
paragraph before when a quotation, or a statement introduced with "said:", simply goes on. A speaker's quoted
words are theirs, never the inspectorate's finding because they mention the inspectors."""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .resources import Resources, phrase_rx
from .rules import Extraction

# A line break that ends a paragraph where the source has no blank lines: before a capital or an opening quote.
LINE_END_RX = re.compile(r"(?<![,;])[ \t]*\n(?=[ \t]*[A-Z\"\u201c\u2018])")
# A report of the council's own: to its cabinet or a committee, by its officers, on its budget.
OWN_REPORT_RX = re.compile(
    r"\b(?:a|the|new|latest)\s+report\s+(?:to|for|before|going\s+to|presented\s+to|by\s+(?:council\s+)?officers)\b"
    r"|\b(?:cabinet|committee|council|budget|finance|scrutiny)\s+report\b",
    re.IGNORECASE,
)
TITLES_HE = {"Mr", "Sir", "Lord"}
TITLES_SHE = {"Mrs", "Ms", "Miss", "Dame", "Lady", "Baroness"}
PRONOUN_SPEECH_RX = re.compile(
    r"\b(?:he|she)\s+(?:said|says|added|adds|continued|explained|told|stated|warned|concluded|went on)\b", re.I
)
THEY_SPEECH_RX = re.compile(r"\bthey\s+(?:said|say|added|add|continued|concluded|warned)\b", re.IGNORECASE)
# A named body's own words: "X Council has welcomed the findings", "X Council said".
NAMED_BODY_SPEAKS_RX = re.compile(
    r"\s+(?:has\s+|have\s+)?(?:said|says|welcomed|welcomes|confirmed|responded|accepted|acknowledged|stated)\b"
)
# The leader of something other than the council: a party's group, an association of councillors, the opposition.
OPPOSITION_RX = re.compile(r"\b(?:group|association|opposition|party|independents?)\b", re.IGNORECASE)
# A statement given in full under "He said:" or "X said:" at a paragraph's end, without quotation marks.
OPENS_STATEMENT_RX = re.compile(r"\b(?:said|says|added|stated|statement)[^.\"\u201c\u201d]{0,40}:\s*$", re.IGNORECASE)


@dataclass
class Block:
    """A paragraph, or a line of one: some sources break paragraphs with a single line break."""

    start: int
    end: int
    text: str
    speaker: str | None = None  # "person@<offset of the name>", "body@<organisation id>", "inspectorate"


def blocks(x: Extraction) -> list[Block]:
    """The article's blocks (read once per article: speakers, findings and responses all ask)."""
    if x not in _BLOCKS:
        _BLOCKS[x] = _split(x)
    return _BLOCKS[x]


_BLOCKS: weakref.WeakKeyDictionary[Extraction, list[Block]] = weakref.WeakKeyDictionary()


def _split(x: Extraction) -> list[Block]:
    out = []
    for para in x.a.paragraphs:
        start = para.start
        for m in LINE_END_RX.finditer(x.text, para.start, para.end):
            out.append(Block(start, m.start(), x.text[start : m.start()]))
            start = m.end()
        if para.end > start:
            out.append(Block(start, para.end, x.text[start : para.end]))
    return [b for b in out if b.text.strip()]


def speakers(x: Extraction) -> list[Block]:
    """Each block with its speaker, or None."""
    previous: str | None = None
    carried = False  # a quotation left open at the end of the paragraph before (broken by a blank line)
    statement: str | None = None  # the speaker of a statement given in full after "said:"
    paragraphs = blocks(x)
    for i, para in enumerate(paragraphs):
        speaker = _named_speaker(x, para.start, para.end)
        first_quote = min((para.text.find(c) for c in '"\u201c' if c in para.text), default=-1)
        continues = para.text.lstrip()[:1] in '"\u201c' and previous is not None
        if speaker is None and continues and previous and previous != "inspectorate":
            speaker = previous  # a person's quotation goes on, even where it says "inspectors found"
        if speaker is None and (m := PRONOUN_SPEECH_RX.search(para.text)):
            speaker = _pronoun_speaker(x, para.start + m.start(), previous, m.group(0).split()[0].lower())
        if speaker is None and previous and THEY_SPEECH_RX.search(para.text) and first_quote >= 0:
            speaker = previous  # '"...," they added.' after the inspectors' words
        if speaker is None and statement and not _attributes(x, para.text):
            speaker = statement
        if speaker is None:
            speaker = body_speaker(x, para.start, para.end)
        if speaker is None and x.inspectorate and _inspectorate_speaks(x, para.start, para.end, first_quote):
            speaker = "inspectorate"
            if re.search(r"\b(?:according to|this was the finding)", para.text, re.IGNORECASE) and i:
                prior = paragraphs[i - 1]
                prior.speaker = prior.speaker or "inspectorate"  # "That's according to Ofsted" looks back
        if (
            speaker is None
            and previous == "inspectorate"
            and re.match(r"\s*(?:They|It|The report|Their report)\b", para.text)
            and reported(x, para.start, para.end, pronoun=True)
        ):
            speaker = "inspectorate"  # "They found that ...", after a paragraph of the inspectors' findings
        if speaker is None and (continues or (carried and previous)):
            speaker = previous
        para.speaker = speaker
        if OPENS_STATEMENT_RX.search(para.text.rstrip()) and speaker and speaker != "inspectorate":
            statement = speaker
        elif statement and (speaker != statement or first_quote >= 0):
            statement = None  # a quotation goes on by its own marks; a statement in full has none
        previous = speaker if first_quote >= 0 or speaker else None
        carried = _open_at_end(para.text, carried)
    return paragraphs


def _named_speaker(x: Extraction, start: int, end: int) -> str | None:
    """A named person with a speech verb in their own sentence ("Name, role of Org, said", "said Name"): the first
    such name, unless it has no post and a later one in the same sentence has ("The news service told how council
    leader Name said")."""
    found = []
    for name in (n for n in x.a.names if start <= n.start < end):
        # the speech verb of the name's own sentence, not of the next sentence or paragraph, unless the sentence
        # was cut inside brackets ("Cllr Name (Con." is not a sentence's end)
        sent = x.a.sentence_at(name.start)
        stop = sent.end if sent.text.count("(") <= sent.text.count(")") else end
        window = x.text[name.end : min(name.end + 160, stop, end)]
        before = x.text[max(start, name.start - 40) : name.start]
        # a verb before the name speaks for it only right before it ('," said Name'), not in 'He added that he had
        # asked Chief Constable Name'
        said_before = re.search(x.res.rx("speech").pattern + r"[\s,]*$", before, re.IGNORECASE)
        if x.res.rx("speech").search(window[:120]) or said_before:
            found.append((name.start, sent.start))
    if not found:
        return None
    first, sentence = found[0]
    if x.roles.get(first, (None, None))[1] is None:
        posted = [at for at, s in found[1:] if s == sentence and x.roles.get(at, (None, None))[1]]
        first = posted[0] if posted else first
    return person_key(x, first)


def person_key(x: Extraction, name_start: int) -> str:
    who, post = x.roles.get(name_start, (None, None))
    return "inspectorate" if is_inspector(x, post, who) else f"person@{name_start}"


def _pronoun_speaker(x: Extraction, at: int, previous: str | None, pronoun: str) -> str | None:
    """'He said:' speaks for the person who spoke last, or else the last person named before it whom a title
    elsewhere in the article does not give the other pronoun ("she said", after "thanked Mr Smith")."""
    if (
        previous
        and previous.startswith("person@")
        and _may_be(x, x.roles.get(int(previous[7:]), ("", None))[0], pronoun)
    ):
        return previous
    for name in reversed([n for n in x.a.names if n.start < at]):
        if _may_be(x, x.roles.get(name.start, ("", None))[0], pronoun):
            return person_key(x, name.start)
    return None


def _may_be(x: Extraction, who: str | None, pronoun: str) -> bool:
    """Whether 'he' or 'she' may refer to this person, by the titles the article gives them."""
    other = TITLES_SHE if pronoun == "he" else TITLES_HE
    for name in x.a.names:
        if x.roles.get(name.start, (None, None))[0] == who and name.text.split()[0].rstrip(".") in other:
            return False
    return True


def _attributes(x: Extraction, text: str) -> bool:
    """Whether a paragraph ends a statement given in full: someone else is reported speaking, or it is a heading
    (no full stop)."""
    return bool(x.res.rx("speech").search(text)) or not re.search(r"[.!?\"\u201d\u2019]\s*$", text)


def body_speaker(x: Extraction, start: int, end: int) -> str | None:
    """'The council said', 'a council spokesperson:', 'the local authority confirmed': the body named in the
    article that the words stand for, as "body@<id>"."""
    for span, oid in x.bodies:  # "Lowhaven Borough Council has welcomed the findings"
        speaks = NAMED_BODY_SPEAKS_RX.match(x.text, span.end, min(end, span.end + 40))
        if (
            speaks
            and start <= span.start < end
            and oid != x.inspectorate
            and x._kind(oid) in x.res.raw["speaking_bodies"]
        ):
            return f"body@{oid}"
    m = _body_speaker_rx(x.res).search(x.text, start, end)
    if m is None:
        return None
    word = (m.group("body") or m.group("body2")).lower()
    kinds = next((k for k, words in x.res.raw["speaking_bodies"].items() if word in (w.lower() for w in words)), None)
    if kinds is None:
        return None
    named = Counter(oid for _, oid in x.bodies if x._kind(oid) == kinds)
    if x.subject and x._kind(x.subject) == kinds:
        return f"body@{x.subject}"
    return f"body@{named.most_common(1)[0][0]}" if named else None


@cache
def _body_speaker_rx(res: Resources) -> re.Pattern[str]:
    words = phrase_rx([w for ws in res.raw["speaking_bodies"].values() for w in ws]).pattern
    verbs = phrase_rx(res.raw["speech_verbs"] + ["confirmed", "has said", "said in a statement"]).pattern
    spokes = r"(?:\s+spokes(?:person|man|woman))"
    return re.compile(
        rf"\b(?:the|a|an)\s+(?P<body>{words})(?:['\u2019]s)?(?:{spokes}?\s*(?:,[^,]{{1,60}},\s*)?{verbs}|{spokes}\s*:)"
        rf"|\bspokes(?:person|man|woman)\s+for\s+the\s+(?P<body2>{words})\s+{verbs}",
        re.IGNORECASE,
    )


def body_speaker_at(x: Extraction, start: int) -> int | None:
    """Where a body's words begin to be reported in the block at `start` ("The council said ...")."""
    block = next((b for b in blocks(x) if b.start <= start < b.end), None)
    if block is None:
        return None
    named = [span.start for span, _ in x.bodies if block.start <= span.start < block.end]
    named = [at for at in named if NAMED_BODY_SPEAKS_RX.match(x.text, x.text.find(" ", at + 1) - 1)]
    m = _body_speaker_rx(x.res).search(x.text, start, block.end)
    return min([*named, *([m.start()] if m else [])], default=None)


def _inspectorate_speaks(x: Extraction, start: int, end: int, first_quote: int) -> bool:
    text = x.text[start:end]
    subjects = [
        m
        for m in x.res.rx("finding_subjects").finditer(text)
        if not _according_to_another(x, start + m.end()) and not _another_report(x, m.group(0))
    ]
    refs = [
        m
        for m in x.res.rx("inspector_refs").finditer(text[: max(first_quote, 0)])
        if not _another_report(x, m.group(0))
    ]
    return bool(subjects or reported(x, start, end) or (first_quote >= 0 and refs))


def _another_report(x: Extraction, words: str) -> bool:
    """'The report' in an article that introduces a report of the council's own ("a report to the council's
    cabinet"): that report, not the inspectorate's, unless the words name the inspectorate's."""
    if not re.fullmatch(r"(?:the|a)\s+report(?:\s+\w+)?", words.strip(), re.IGNORECASE):
        return False
    return bool(OWN_REPORT_RX.search(x.text))


def _according_to_another(x: Extraction, at: int) -> bool:
    """'According to the Local Democracy Reporting Service': someone other than the inspectorate or its report."""
    if not re.search(r"according\s+to\s*$", x.text[max(0, at - 16) : at], re.IGNORECASE):
        return False
    after = x.text[at : at + 40]
    named = any(at <= span.start < at + 20 for span, oid in x.bodies if oid == x.inspectorate)
    return not named and not x.res.rx("inspector_refs").match(after.lstrip())


def reported(x: Extraction, start: int, end: int, pronoun: bool = False) -> bool:
    """ "Inspectors ... found", "Ofsted recognises", "the report says": the inspectorate is the one speaking."""
    if pronoun and x.res.rx("finding_verbs").search(x.text, start, min(end, start + 40)):
        return True
    for ref_end in (
        *(
            m.end()
            for m in x.res.rx("inspector_refs").finditer(x.text, start, end)
            if not _another_report(x, m.group(0))
        ),
        *(span.end for span, oid in x.bodies if oid == x.inspectorate and start <= span.start < end),
    ):
        if x.res.rx("finding_verbs").search(x.text, ref_end, min(end, ref_end + 80)):
            return True
    return False


def _open_at_end(text: str, carried: bool) -> bool:
    """Whether a quotation is still open at the end of this paragraph, given whether one was open before it. By
    the newspaper convention a quotation running over paragraphs reopens each with a quote mark and closes only
    at its end, so a leading mark after an open quotation continues it rather than closing it."""
    open_ = carried
    body = text.lstrip()
    if carried and body[:1] in '"\u201c':
        body = body[1:]
    for ch in body:
        if ch == "\u201c":
            open_ = True
        elif ch == "\u201d":
            open_ = False
        elif ch == '"':
            open_ = not open_
    return open_


def speaker_of(x: Extraction, key: str | None) -> tuple[str | None, str | None]:
    """(who, post) for a paragraph's speaker key: a person and the post they spoke in, or a body."""
    if key and key.startswith("person@"):
        who, post = x.roles.get(int(key.split("@")[1]), (None, None))
        who, post = _full_name(x, who, post)
        if who and post_record(x, post).get("role") in (None, "councillor"):
            # "Cllr Jones said", after "portfolio holder ... Councillor Alan Jones": the post the article
            # gives them elsewhere, before a seat as a ward's councillor
            held = [p for w, p in x.roles.values() if w == who and p]
            held += [str(c.fields["post"]) for c in x.out if c.type == "tenure" and c.fields.get("person") == who]
            post = next((p for p in held if post_record(x, p).get("role") not in (None, "councillor")), post)
        return who, post
    if key and key.startswith("body@"):
        return key.split("@", 1)[1], None
    return None, None


def _full_name(x: Extraction, who: str | None, post: str | None) -> tuple[str | None, str | None]:
    """ "Dame Patricia said", after "Dame Patricia Leverett": a first name alone is the person named in full."""
    proposal = x.linker.proposed.get(who or "", {})
    name = str(proposal.get("name", ""))
    if not name or " " in name:
        return who, post
    for other, other_post in x.roles.values():
        full = str(x.linker.proposed.get(other, {}).get("name", "")) or (
            x.entities[other].label if other in x.entities else ""
        )
        if other != who and full.split()[:1] == [name] and len(full.split()) > 1:
            return other, post or other_post
    return who, post


def speaker_role(x: Extraction, key: str | None) -> str | None:
    """The kind of post a speaker spoke in; "councillor" for a councillor by title whose post is not known."""
    _, post = speaker_of(x, key)
    record = post_record(x, post)
    role = record.get("role")
    wording = str(record.get("_wording") or record.get("label") or "")
    if role == "council-leader" and OPPOSITION_RX.search(wording):
        return "group-leader"  # "leader of Middlesbrough Independent Councillors' Association": not the council's
    if role is None and key and key.startswith("person@"):
        at = int(key.split("@")[1])
        if re.match(r"(?:Councillor|Cllr|Clr)\.?\s", x.text[at : at + 12]):
            return "councillor"
        name = next((n for n in x.a.names if n.start == at), None)
        sent = x.a.sentence_at(at)
        around = x.text[max(sent.start, at - 40) : min(sent.end, (name.end if name else at) + 40)]
        if _outsider_rx(x.res).search(around):
            return "outside-critic"  # "Local MP Tom Rudd said", "Jo Bloggs, the MP for ...,"
    return str(role) if role else None


@cache
def _outsider_rx(res: Resources) -> re.Pattern[str]:
    words = res.raw["outside_critics"]
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


def is_inspector(x: Extraction, post: str | None, person: str | None = None) -> bool:
    if person is not None and person in x.inspector_people:
        return True  # "Ms Okafor said", after "HMI Rachel Okafor"
    record = post_record(x, post)
    return record.get("role") == "inspector" or (post is not None and record.get("organisation") == x.inspectorate)


def post_record(x: Extraction, post: str | None) -> Mapping[str, Any]:
    """A post's fields, known or proposed ({} for none)."""
    if post is None:
        return {}
    return dict(x.linker.entities[post].values) if post in x.linker.entities else x.linker.proposed.get(post, {})


SINGLE_QUOTED_RX = re.compile(r"(?<![\w])\u2018([^\u2018\u2019\n]{3,}?)\u2019(?![\w])")


def quotations(x: Extraction, start: int, end: int, single: bool = True) -> list[tuple[int, int]]:
    """The quoted passages in [start, end): by the newspaper convention a quotation left open at the end of a
    paragraph goes on in the next one, which opens with a quote mark again, so each block's open quotation ends
    with the block. Single marks count only around words ('is still a lot to do')."""
    out: list[tuple[int, int]] = []
    for block in (b for b in blocks(x) if start <= b.start < end):
        opened: int | None = None
        for i in range(block.start, block.end):
            ch = x.text[i]
            if opened is None and (ch == "\u201c" or (ch == '"' and (i == 0 or not x.text[i - 1].isalnum()))):
                opened = i + 1
            elif opened is not None and ch in '"\u201d':
                out.append((opened, i))
                opened = None
        if opened is not None:
            out.append((opened, block.end))
        if single:
            out += [(m.start(1), m.end(1)) for m in SINGLE_QUOTED_RX.finditer(x.text, block.start, block.end)]
    return sorted((s, e) for s, e in out if len(x.text[s:e].strip()) >= 3)
