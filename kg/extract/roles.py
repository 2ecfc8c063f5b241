"""Where a named person's role is written: the role phrase next to a name ("Name, role of Org,", "Org's role
Name", "Name is currently the role at Org", "Name, ..., has been appointed as role at Place", "Name's record as
role, and then role, of Org", "a new role after Name stepped down", "Name will run the Org"), cut to the role's own
words: a role label never carries the sentence's verb, date or clause ("Interim Strategic Director since November
2018" is the post "Interim Strategic Director")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .reader import Span
from .resources import Resources, phrase_rx

if TYPE_CHECKING:
    from .rules import Extraction

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
AFTER_NAME_RX = re.compile(  # used with .match(text, pos): no "^", which would anchor at the string's start
    r"\s*(?:\((?P<paren>[^)]{1,60})\)\s*)?[,\u2013\u2014]?\s*(?P<phrase>[^,.;:\"\u201c\u201d()\u2013\u2014]{3,140}?)\s*(?=,|\b(?:said|says|added|"
    r"remarked|concluded|commented|told|explained|stated|warned)\b|\.|:|;|\(|[\u2013\u2014]|$)"
)
# What may come between a name and its role after it: nothing, or a link ending in a copula, "as" or a verb of
# holding a post ("who has been acting as", "is currently the", "is leaving his"); not any verb ("ordered that").
LEAD_IN_RX = re.compile(
    r"(?:(?:who|and)\s+)?(?:(?:has|have|had|will|would|is|was|also|currently|now|still|previously|already|recently|"
    r"been|being|be|then|later|just|formerly)\s+)*(?:(?:is|was|are|were|be|been|became|becomes|become|remains|"
    r"remained|as|joins|joined|leaving|leaves|left|held|holds|appointed|named)\s+)?"
    r"(?:(?:the|a|an|its|their|his|her|now|currently|also|still|as)\s+)*(?:[A-Z][\w-]*['\u2019]s?\s+)?"
    r"(?:(?:fellow|then|current|long-standing|previous)\s+)?"
    # "who joined Brindley as", "will serve as", "has returned to his role as", "is now in post as"
    r"|(?:who\s+)?(?:[\w'\u2019-]+\s+){0,7}?as\s+(?:(?:the|a|an|its|their|his|her)\s+)?"
    r"|(?:who\s+)?(?:[\w'\u2019-]+\s+){0,3}?(?:took|takes|take|taken|taking)\s+(?:up\s+)?(?:the\s+)?(?:post|role|job)\s+of\s+",
    re.IGNORECASE,
)
UNTIL_RX = re.compile(r"\s*(?:Until|Up until|Up to)\s+[^,]{2,30}?,?\s*", re.IGNORECASE)
# Words before role words that belong to the role: "interim strategic director", "corporate director".
MODIFIERS = (
    r"(?:\b(?:interim|acting|former|new|permanent|outgoing|long-standing|longstanding|strategic|executive|corporate|"
    r"senior|previous|deputy|assistant|associate|joint|vice)\s+)+$"
)
# Where a role phrase stops: a clause, a verb or a date after the role's own words.
CUT_RX = re.compile(
    rf"\s+(?:who|which|that|after|since|until|when|where|whose|while|pending|following|to\s+(?!the\b)[a-z]+|"
    rf"appointed\s+by|(?:has|have|had|is|was|will|would)\b|on\s+an?\s+\w+\s+basis|in\s+(?:19|20)\d\d|(?:in|from)\s+"
    rf"(?:{MONTHS})|(?:{MONTHS})\s+\d{{4}}|last\s+(?:week|month|year)|this\s+(?:week|month|year))\b.*$",
    re.IGNORECASE | re.DOTALL,
)
AFTER_NAME_AND_RX = re.compile(  # "Name was the role in Place and helped ...": the clause ends at "and <verb>"
    r"\s*,?\s*(?P<phrase>[^,.;:\"\u201c\u201d()\u2013\u2014]{3,140}?)\s+and\s+(?=(?:has|had|have|is|was|will|[a-z]+ed)\b)"
)
# "Name, <apposition>, has been appointed (by the DfE) as role": a second post in the same sentence.
APPOINTED_RX = re.compile(
    r"\b(?:has been|have been|was|is|will be|had been)\s+(?:appointed|named|confirmed|made)(?:\s+by\s+[^,.;]{1,40}?(?=\s+as\b))?"
    r"\s+(?:as\s+)?(?:the\s+|a\s+|an\s+|its\s+)?",
    re.IGNORECASE,
)
# "Name's record as role", "Name stepped down as role": a post held before.
PAST_AS_RX = re.compile(
    r"(?:['\u2019]s?\s+(?:record|time|tenure|spell|stint|years|career|work)|\s+(?:stepped down|stood down|resigned|"
    r"retired|quit|served))\s+as\s+",
    re.IGNORECASE,
)
# "..., and then chief executive, of Org": two posts at the body named after them.
AND_THEN_RX = re.compile(
    r"(?P<r1>[^,.;]{3,80}?),?\s+and\s+then\s+(?P<r2>[^,.;]{3,60}?),?\s+(?P<body>(?:of|at)\s+[^,.;]{3,80})"
)
# "chief executive of X and had previously been executive director at Y": the second an earlier post.
PREVIOUSLY_RX = re.compile(
    r",?\s+and\s+(?:had\s+)?(?:previously|before that|earlier|formerly)\s+(?:been|was|served as|worked as)\s+"
    r"(?:the\s+|a\s+|an\s+)?",
    re.IGNORECASE,
)
# "a new chair after Name stepped down": the post the named person left.
LEFT_POST_RX = re.compile(
    r"(?:new|replacement|permanent|successor as)\s+(?P<role>[a-z][\w'\u2019 -]{2,40}?)\s+(?:after|since|following)\s+$",
    re.IGNORECASE,
)
LEFT_VERB_RX = re.compile(r"\s+(?:stepped down|stood down|resigned|quit|left|departed|retired)\b", re.IGNORECASE)
# "Name will run the new Org": the head of that body.
RUNS_RX = re.compile(
    r"\s+(?:will|is to|is set to|is going to)\s+(?:run|head|lead)\s+(?:the\s+)?(?:new\s+)?(?=[A-Z])", re.IGNORECASE
)


@cache
def _national(res: Resources) -> re.Pattern[str]:
    return phrase_rx(res.raw.get("national_scope", []))


def national(res: Resources, phrase: str) -> bool:
    """'The children's commissioner for England', 'national vice-president': no post of a local body."""
    return bool(_national(res).search(phrase))


@cache
def role_vocabulary(res: Resources) -> frozenset[str]:
    """The words of role phrases and kinds of body, lower-cased: a capitalised run made only of these is a role's
    own words ("Director of Public Health"), not a body's name."""
    phrases = [p for v in res.raw["role_kinds"].values() for p in v]
    phrases += [h for v in res.raw["body_heads"].values() for h in v]
    return frozenset(w.lower().strip("'\u2019s") for p in phrases for w in p.split())


@dataclass(frozen=True)
class Role:
    """A role phrase for a named person: where it is, and what the sentence says about its time."""

    phrase: str
    start: int
    end: int
    ended: bool = False  # held before ("had previously been", "record as", "stepped down")
    head_of: str | None = None  # "will run Org": the body whose head post it is
    raw: str = ""  # the words before they were cut, which may say "interim" ("on an interim basis")
    body_at: tuple[int, int] | None = None  # where the body is named, when not inside the phrase
    planned: bool = False  # to be taken ("intends to move ... to chair"): not the post the person speaks in


def after(x: Extraction, name: Span) -> list[Role]:
    """'Name, role of Org,' / 'Name is currently the role at Org' / 'Name (party) role'; two posts where the
    phrase names an earlier one ("... and had previously been role at Org")."""
    end = min(len(x.text), name.end + 200)
    m = AFTER_NAME_RX.match(x.text, name.end, end) or AFTER_NAME_AND_RX.match(x.text, name.end, end)
    role = x.res.any_role_rx.search(m.group("phrase")) if m else None
    if m is None or role is None:
        return []
    phrase = m.group("phrase")
    start = role.start()
    modifier = re.search(MODIFIERS, phrase[:start], re.I)
    if modifier:  # "who became interim director of ...": the modifier is part of the role
        start = modifier.start()
    lead = re.search(
        r"(?:(?:\bthe\s+)?(?:[A-Z][\w'\u2019-]*\s+){0,4}[\w-]+['\u2019]s?|(?:[A-Z][\w'\u2019-]*\s*){1,4})\s+$",
        phrase[:start],
    )
    if lead and not re.fullmatch(r"(?:the\s+)?(?:his|her|their|its)\s+", lead.group(0), re.I):
        start = lead.start()
    gap = (m.start("phrase"), m.start("phrase") + start)
    if re.match(r"['\u2019]s?\b|(?:on|of|in|at|by|with|for|from|about|over|into|to)\s", phrase) or any(
        gap[0] <= n.start < gap[1] and not re.match(r"['\u2019]", x.text[n.end : n.end + 1]) for n in x.a.names
    ):
        return []  # "Curryer's record as ...", "on Curryer's record as ...": another construction
    if not LEAD_IN_RX.fullmatch(phrase[:start]):
        return []  # "ordered that the Leeds director ...": a role in another clause is not this person's
    if any(m.start("phrase") + start <= n.start < m.end("phrase") for n in x.a.names):
        return []  # "X director of children's services Pat Roe": the role is the next name's
    found = split_earlier(x, phrase[start:], m.start("phrase") + start)
    sent = x.a.sentence_at(name.start)
    if re.search(r"\b(?:previously|formerly|until recently)\b", phrase[:start], re.I) or UNTIL_RX.fullmatch(
        x.text, sent.start, name.start
    ):  # "who was previously director of X", "Until October Ms Smith was chief executive of X": held before
        found = [Role(r.phrase, r.start, r.end, True, r.head_of, r.raw, r.body_at, r.planned) for r in found]
    return found


def _cut(x: Extraction, phrase: str, start: int, ended: bool = False) -> Role | None:
    basis = re.search(r"\bon an? (\w+) basis\b", phrase)  # "director on an interim basis": an interim post
    phrase = CUT_RX.sub("", phrase).rstrip(" ,")
    raw = f"{basis.group(1)} {phrase}" if basis else phrase
    if not x.res.any_role_rx.search(phrase):
        return None
    return Role(phrase, start, start + len(phrase), ended=ended, raw=raw)


def appointed(x: Extraction, name: Span, roles: list[Role]) -> Role | None:
    """'Name, <apposition>, has been appointed as role at Place': the post named after the appointing verb, in
    the sentence of a name that no other name stands before."""
    if x.text[name.end : name.end + 1] in "'\u2019":
        return None  # "Christie's fellow commissioner ... has been appointed": not Christie
    sent = x.a.sentence_at(name.start)
    begin = roles[-1].end if roles else name.end
    m = APPOINTED_RX.search(x.text, begin, sent.end)
    if m is None or m.start() - name.end > 160:
        return None
    between = [n for n in x.a.names if name.end <= n.start < m.start()]
    if any(not re.match(r"['\u2019]", x.text[n.end : n.end + 1]) for n in between):
        return None  # another person is the verb's subject; "Christie's fellow commissioner" is not one
    rest = re.match(r"[^,.;:()\u2013\u2014]{3,120}", x.text[m.end() : sent.end])
    if rest is None or (
        not x.res.any_role_rx.match(rest.group(0)) and not re.match(r"(?:interim|acting)\s", rest.group(0))
    ):
        return None
    return _cut(x, rest.group(0), m.end())


def past_as(x: Extraction, name: Span) -> list[Role]:
    """'Name's record as director of children's services, and then chief executive, of Org': posts held before."""
    m = PAST_AS_RX.match(x.text, name.end)
    if m is None:
        return []
    sent = x.a.sentence_at(name.start)
    rest = x.text[m.end() : sent.end]
    both = AND_THEN_RX.match(rest)
    if both:
        body = both.group("body")
        out = []
        for key in ("r1", "r2"):
            phrase = both.group(key).strip()
            if x.res.any_role_rx.search(phrase):
                s = m.end() + both.start(key)
                out.append(Role(f"{phrase} {body}", s, m.end() + both.end("body"), ended=True))
        return out
    one = re.match(r"[^,.;:()]{3,120}", rest)
    role = _cut(x, one.group(0), m.end(), ended=True) if one else None
    return [role] if role else []


def split_earlier(x: Extraction, phrase: str, start: int) -> list[Role]:
    """'chief executive of X and had previously been executive director at Y': two posts, the second ended."""
    m = PREVIOUSLY_RX.search(phrase)
    if m is None:
        return [r] if (r := _cut(x, phrase, start)) else []
    first = _cut(x, phrase[: m.start()], start)
    second = _cut(x, phrase[m.end() :], start + m.end(), ended=True)
    return [r for r in (first, second) if r]


FROM_BODY_RX = re.compile(
    r",?\s+(?:who\s+)?(?:joins|joined|comes|came|moves|moved|arrives|arrived)\s+from\s+(?P<body>[^,.;]{3,60}?),?\s+"
    r"where\s+(?:he|she|they)\s+(?:has|have|had)\s+(?:been|served as|worked as)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<role>[^,.;:()]{3,80})",
    re.IGNORECASE,
)


def from_body(x: Extraction, name: Span) -> Role | None:
    """'Name, who joins from Org where he has been role': a post at the body left, ending."""
    m = FROM_BODY_RX.match(x.text, name.end)
    role = _cut(x, m.group("role"), m.start("role"), ended=True) if m else None
    if m is None or role is None:
        return None
    return Role(role.phrase, role.start, role.end, ended=True, raw=role.raw, body_at=m.span("body"))


def left_post(x: Extraction, name: Span) -> Role | None:
    """'looking for a new chair after Name stepped down': Name held that post."""
    if not LEFT_VERB_RX.match(x.text, name.end):
        return None
    sent = x.a.sentence_at(name.start)
    m = LEFT_POST_RX.search(x.text[sent.start : name.start])
    if m is None or not x.res.any_role_rx.fullmatch(m.group("role")):
        return None
    s = sent.start + m.start("role")
    return Role(m.group("role"), s, s + len(m.group("role")), ended=True)


MOVE_RX = re.compile(
    r"\s+(?:intends to|will|is to|is set to|is due to|plans to|is expected to)\s+(?:move|step up|switch)\s+from\s+"
    r"(?P<old>[^,.;]{3,60}?)\s+to\s+(?:become\s+)?(?:the\s+)?(?P<new>[^,.;]{3,60}?)(?=[,.;]|\s+(?:and|with|while)\b)",
    re.IGNORECASE,
)


def moves(x: Extraction, name: Span, roles: list[Role]) -> Role | None:
    """'Couldrick intends to move from chief executive to chair': the post the person is to take (after the
    person's apposition, if any: "Name, chief executive of X, intends to move ...")."""
    m = MOVE_RX.match(x.text, roles[0].end if roles else name.end)
    if m is None and roles:
        m = re.compile(r",?" + MOVE_RX.pattern, re.I).match(x.text, roles[0].end)
    if m is None or not x.res.any_role_rx.search(m.group("old")):
        return None
    new = _cut(x, m.group("new"), m.start("new"))
    return Role(new.phrase, new.start, new.end, raw=new.raw, planned=True) if new else None


def runs(x: Extraction, name: Span) -> Role | None:
    """'Name will run the new Org': the head of a body named right after."""
    m = RUNS_RX.match(x.text, name.end)
    if m is None:
        return None
    at = [(span, oid) for span, oid in x.bodies if span.start == m.end()]
    body = max(at, key=lambda b: b[0].end) if at else None  # "Northby Children's Company", not "Northby"
    if body is None:
        return None
    return Role(f"Head of {body[0].text}", m.start(), body[0].end, head_of=body[1])


LIST_GAP_RX = re.compile(r"\s*(?:\([^)]{1,40}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")


def listed(x: Extraction, name: Span) -> Role | None:
    """'Councillors Jo Bloggs, Ann Smith and Tim Rice': each name of a list after a plural role word holds it."""
    sent = x.a.sentence_at(name.start)
    first = name
    for prev in reversed([n for n in x.a.names if sent.start <= n.start < name.start]):
        if not LIST_GAP_RX.fullmatch(x.text, prev.end, first.start):
            break
        first = prev
    m = re.search(r"([A-Za-z' -]{0,40}?\b[a-z]*[A-Za-z]+)s\s+$", x.text[sent.start : first.start])
    if m is None:
        return None
    singular = m.group(1).strip()
    role = x.res.any_role_rx.search(singular)
    if role is None or role.end() != len(singular):
        return None  # the plural word must be a role's last word: "councillors", "cabinet members"
    s = sent.start + m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
    return Role(singular, s, s + len(singular))


def before(x: Extraction, name: Span) -> Role | None:
    """'Org's role Name', 'role of Org, Name', 'Place councillor Name'."""
    sent = x.a.sentence_at(name.start)
    head = x.text[sent.start : name.start]
    trimmed = head.rstrip(" ,\u2013\u2014-")
    last = None
    for m in x.res.any_role_rx.finditer(trimmed):
        last = m
    if last is None or not ROLE_COMPLEMENT_RX.fullmatch(trimmed, last.end()):
        return None  # the role ends just before the name, or only its "of/for ..." part comes between
    start = last.start()
    rank = re.search(r"\b(?:deputy|assistant|associate|joint)\s+$", trimmed[:start], re.IGNORECASE)
    if rank:  # "The deputy director of public health": another post than the director's
        start = rank.start()
    if re.search(
        r"\b(?:to|after|before|from|since|until)\s+(?:his|her|their)\s+(?:role|post|job)\s+(?:as\s+)?$",
        trimmed[:start],
        re.I,
    ):
        return None  # "Prior to his role director of X, Name was ...": a post named in passing, not an apposition
    modifier = re.search(MODIFIERS, trimmed[:start], re.I)
    if modifier:
        start = modifier.start()
    for _ in range(3):  # place words before the role: "Keighley councillor", "Baildon ward councillor"
        word = re.search(r"([A-Z][\w'\u2019-]+)\s+$", trimmed[:start])
        sentence_start = word is not None and (word.start() == 0 or trimmed[word.start() - 1] in ".\n")
        if not word or (sentence_start and word.group(1) in SENTENCE_OPENERS):
            break
        start = word.start()
    lead = trimmed[:start].rstrip()
    if re.search(r"['\u2019]s$", lead):  # "the council's chief executive": the body is part of the phrase
        start = max(trimmed.rfind(c, 0, start) for c in ',.;:"\u201c\u201d\u2013(') + 1
    phrase = trimmed[start:].strip()
    if len(phrase.split()) > 12:
        return None
    offset = sent.start + start + (len(trimmed[start:]) - len(trimmed[start:].lstrip()))
    return Role(phrase, offset, offset + len(phrase))


# What may follow role words before a name: "deputy director of public health, Anita Rowe", "cabinet member for
# children and young people, Cllr Name", "HM Inspector of Constabulary Name" (no other comma or clause).
ROLE_COMPLEMENT_RX = re.compile(r"(?:\s+(?:of|for|on|at)\s+[\w'\u2019&-]+(?:\s+[\w'\u2019&-]+){0,7})?\s{0,2}")
SENTENCE_OPENERS = {"The", "A", "An", "In", "On", "At", "But", "And", "As", "After", "Since", "While", "Her", "His"}
