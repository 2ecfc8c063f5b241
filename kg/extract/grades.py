"""Judgements: every grade a sentence gives ("rated 'inadequate'", "a 'good' rating for its adoption services",
"requiring improvement in three out of five areas - A, B and C", "from an Inadequate rating in 2014 to a Good
rating in 2017"), each with the body its clause names (referents.py), the area judged (ontology/schemes/areas.ttl)
and the date the text gives it. A rating with no usable date is still proposed, without `date` and with
`needs: [date]` in `extracted` (docs/candidates.md): the reviewer gives the date; nothing here invents one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cache
from typing import Any

from ..data.dates import PartialDate
from . import grade_areas, referents
from .reader import Span
from .resources import Resources, phrase_rx
from .rules import DATE_RX, Candidate, Extraction, date_json

Q_OPEN, Q_CLOSE = "['\u2018\"\u201c]", "['\u2019\"\u201d]"
CLAUSE_RX = re.compile(r"\b(?:since|following|after)\b", re.IGNORECASE)
# Where the clause of a grade starts, looking back from it: punctuation or a word that opens another clause.
CLAUSE_START_RX = re.compile(
    r"[,;:()\u2013\u2014]|\s-\s|\b(?:and|but|while|whereas|because|although|after|since|following|which|who|that|"
    r"when|where)\b",
    re.IGNORECASE,
)
# Between two grades of one list: "'adequate' at preventing crime and 'good' at", "'inadequate' at investigating
# crime and told it 'requires improvement'" (at most a dozen words, no full stop).
LIST_JOIN_RX = re.compile(r"['\u2019\"\u201d]?(?=[^.;!?]*(?:,|\band\b))[^.;!?]{0,100}?(?:\s|['\u2018\"\u201c])", re.I)
# After the body a sentence opens with, an aside before its verb: "The school, which is part of the X Trust, was
# judged", "An independent trust set up after ... has today been rated".
TOPIC_ASIDE_RX = re.compile(r"\s*,?\s*(?:which|who|that|set up|created|formed|established|founded|part of)\b", re.I)
# A rating noun, then a copula right before the grade: "Its previous rating, following an inspection in 2018, was".
COPULA_RX = re.compile(
    r"\b(?:rating|judgement|judgment|grade)\b[^.;!?]{0,80}?\b(?:was|is|remains|remained)\s+['\u2018\"\u201c]?$", re.I
)
# The owner of a rating right before it: "the department's 'inadequate' rating", "its previous rating".
OWNER_RX = re.compile(
    r"(?:['\u2019]s)?\s+(?:(?:overall|previous|last|latest|current|new|former)\s+)*['\u2018\"\u201c]?", re.I
)
# The inspection a rating came from, in a clause before it: "following an Ofsted inspection in 2018, was".
FROM_INSPECTION_RX = re.compile(
    r"\b(?:following|after)\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,2}inspection\b[^.;!?]{0,30}", re.I
)
# A subject that is no body right before a passive rating verb: "the maternity unit was", "its homes have been".
PART_RX = re.compile(
    r"\b(?:the|its|their|an?|these|those|some|all)\s+(?:[\w'\u2019-]+\s+){1,5}?(?:was|were|is|are|has|have|had)\s+"
    r"(?:(?:also|today|now|then|been|since|previously|once|again)\s+)*$",
    re.IGNORECASE,
)
SPEECH_OPEN_RX = re.compile(r"(?:(?P<lead>^\s*|:\s*)|,\s*)[\"\u201c]")
RELATIVE_RX = re.compile(r"\b(?:today|this week|last week|yesterday)\b", re.IGNORECASE)
EARLIER_RX = re.compile(
    r"\b(?:(?:previous|earlier|prior|last)\s+(?:[\w-]+\s+)?(?:inspection|visit|rating|judgement|report)|previously|"
    r"had been)\b",
    re.IGNORECASE,
)


@dataclass
class Mention:
    grade: str
    start: int
    end: int
    sent: Span
    subject: str
    area: str | None
    area_text: str | None
    date: PartialDate | None
    date_text: str | None
    inspectorate: str | None
    earlier: bool
    wording: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    moved: bool = False  # the grade a rating moved from


@dataclass(frozen=True)
class Vocabulary:
    grade_rx: re.Pattern[str]
    grades: dict[str, str]
    cues: re.Pattern[str]
    nouns: re.Pattern[str]
    followers: frozenset[str]
    aspirations: re.Pattern[str]
    counts: re.Pattern[str]


@cache
def vocabulary(res: Resources) -> Vocabulary:
    r = res.raw
    grades = {p.lower(): g for g, ps in r["grades"].items() for p in ps}
    alternation = "|".join(sorted((re.escape(p).replace(r"\ ", r"\s+") for p in grades), key=len, reverse=True))
    return Vocabulary(
        re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE),
        grades,
        phrase_rx(r["grade_cues"]),
        re.compile(
            rf"^{Q_CLOSE}?\s*(?:[A-Z][A-Za-z]+\s+)?(?:overall\s+)?(?:{'|'.join(r['grade_nouns'])})\b", re.IGNORECASE
        ),
        frozenset(w.lower() for w in r["grade_followers"]),
        phrase_rx(r["grade_aspirations"]),
        phrase_rx(r["grade_counts"]),
    )


def judgements(x: Extraction) -> None:
    """One candidate per (body, grade, area, date) the article gives; mentions without a date join a dated one
    of the same body, grade and area."""
    if x.subject is None:
        return
    v = vocabulary(x.res)
    speech = _speech(x)
    mentions: list[Mention] = []
    last: str | None = None
    for sent in x.a.sentences:
        found = [m for m in v.grade_rx.finditer(x.text, sent.start, sent.end) if not _inside(m.start(), speech)]
        previous: Mention | None = None
        for i, m in enumerate(found):
            nxt = found[i + 1].start() if i + 1 < len(found) else sent.end
            mention = _mention(x, v, sent, m, found[i - 1].end() if i else None, nxt, last)
            listed = previous is not None and LIST_JOIN_RX.fullmatch(x.text, previous.end, m.start()) is not None
            if mention is None and previous is not None and listed and _grade_ends(v, x.text, m):
                # "graded the force 'adequate' at preventing crime and 'good' at treating the public fairly"
                grade = v.grades[re.sub(r"\s+", " ", m.group(0).lower())]
                mention = replace(previous, grade=grade, start=m.start(), end=m.end(), wording=m.group(0))
            previous = mention
            if mention is None:
                continue
            for area, area_text in _areas(x, v, m.end(), nxt, mention):
                mentions.append(_with_area(mention, area, area_text))
            last = mention.subject
    _emit(x, _merged(mentions))


def _speech(x: Extraction) -> list[tuple[int, int]]:
    """Quoted speech: from a double quote mark that opens a paragraph or follows a colon or a speech verb ("He
    said: \u201cToday's Ofsted report shows ..."), to the closing mark or the paragraph's end. Single quotes and
    quotes inside a sentence are the press's own ('inadequate') and stay."""
    out = []
    for p in x.a.paragraphs:
        for m in SPEECH_OPEN_RX.finditer(p.text):
            if m.group("lead") is None and not x.res.rx("speech").search(p.text, max(0, m.start() - 25), m.start()):
                continue
            close = re.search(r"[\"\u201d]", p.text[m.end() :])
            out.append((p.start + m.end(), p.start + m.end() + (close.start() if close else len(p.text) - m.end())))
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _mention(
    x: Extraction, v: Vocabulary, sent: Span, m: re.Match[str], prev_end: int | None, nxt: int, last: str | None
) -> Mention | None:
    text = x.text
    after = text[m.end() : min(nxt, m.end() + 40)]
    noun = v.nouns.match(after)
    cue = None
    for c in v.cues.finditer(text, max(sent.start, m.start() - 80), m.start()):
        between = text[c.end() : m.start()]
        if len(re.findall(r"[\w'\u2019]+", between)) <= 5 and not re.search(r"[.;!?]", between):
            cue = c  # the nearest cue before the grade
    if cue is None and noun is None:  # "Its previous rating, following an inspection in 2018, was 'inadequate'"
        cue = COPULA_RX.search(text, max(sent.start, m.start() - 120), m.start())
    if cue is None and noun is None:
        return None
    if cue is not None and noun is None and not _grade_ends(v, text, m):
        return None  # "rated good practice": an adjective, not a rating
    clause = _clause_start(text, sent.start, (cue or m).start())
    if v.aspirations.search(text, clause, m.start()):
        return None  # "set targets of securing a 'good' rating"
    if v.counts.search(text, clause, m.start()):
        return None  # "three retained their 'good' rating": part of the body, not the body
    body = _body(x, sent, cue, m, clause, last)
    if body is None:
        return None
    if x.subject and (body in x._up(x.subject) or x.subject in x._up(body)):
        body = x.subject  # "Northby Council was rated" in an article about its children's services: theirs
    grade = v.grades[re.sub(r"\s+", " ", m.group(0).lower())]
    moved = bool(  # "downgraded from 'good' to ...": the grade before "from" was an earlier rating's
        re.search(
            rf"\bfrom\s+(?:an?\s+|the\s+|its\s+)?{Q_OPEN}?$", text[max(sent.start, m.start() - 20) : m.start()], re.I
        )
    )
    # "At its previous inspection, in 2019, it was rated good"; not "since its last inspection, it has been rated"
    earlier = moved or any(
        not re.search(r"\b(?:since|after|following)\s+\S+\s*$", text[max(sent.start, e.start() - 20) : e.start()])
        for e in EARLIER_RX.finditer(text, sent.start, m.start())
    )
    when, when_text = _date(x, sent, m, prev_end, nxt, clause)
    insp = next(
        (oid for s, oid in x.bodies if sent.start <= s.start < sent.end and x._kind(oid) == "inspectorate"), None
    )
    close = re.match(Q_CLOSE, text[m.end() : m.end() + 1])
    wording = text[(cue or m).start() : m.end() + (noun.end() if noun else 1 if close else 0)]
    return Mention(grade, m.start(), m.end(), sent, body, None, None, when, when_text, insp or x.inspectorate,
                   earlier, wording, [(sent.start, sent.end)], moved)  # fmt: skip


def _grade_ends(v: Vocabulary, text: str, m: re.Match[str]) -> bool:
    """Whether the grade word ends the phrase: a quote mark, punctuation, the end, or a following word that is no
    noun ("rated inadequate by Ofsted"); "good and outstanding services" is read up to its last grade."""
    rest = text[m.end() : m.end() + 60]
    if re.match(rf"{Q_CLOSE}|\s*[,.;:!?)\u2013\u2014-]|\s*$", rest):
        return True
    word = re.match(r"\s+([A-Za-z]+)", rest)
    if word is None:
        return True
    if word.group(1).lower() in ("and", "or"):
        second = v.grade_rx.match(text, m.end() + word.end() + 1)
        if second is not None:
            return _grade_ends(v, text, second)
    return word.group(1).lower() in v.followers


def _clause_start(text: str, floor: int, pos: int) -> int:
    starts = [c.end() for c in CLAUSE_START_RX.finditer(text, floor, pos)]
    return starts[-1] if starts else floor


def _body(
    x: Extraction, sent: Span, cue: re.Match[str] | None, m: re.Match[str], clause: int, last: str | None
) -> str | None:
    """The body rated: the object of a rating verb ("branded the trust inadequate"), the owner of the rating ("the
    department's 'inadequate' rating"), the body right before the verb ("the trust has today been rated"), the
    sentence's opening mention ("That trust has overseen ... an Inadequate rating"), else one in the clause."""
    text = x.text
    if cue is not None:  # the object between the verb and the grade
        obj = referents.refs_in(x, cue.end(), m.start())
        if obj:
            return referents.resolve(x, obj[0], last)
    head = cue.start() if cue is not None else m.start()
    before = referents.refs_in(x, sent.start, head)
    near = [r for r in before if referents.LINK_WORDS_RX.fullmatch(text, r.end, head)]
    owner = [r for r in before if OWNER_RX.fullmatch(text, r.end, head)]
    opening = before[0] if before and re.fullmatch(r"\W*", text[sent.start : before[0].start]) else None
    if opening is not None and re.match(r"['\u2019]s\b", text[opening.end : opening.end + 2]):
        opening = before[1] if len(before) > 1 and before[1].start <= opening.end + 3 else None  # "X's services"
    if opening is not None and TOPIC_ASIDE_RX.match(text, opening.end):
        return referents.resolve(x, opening, last)  # "The school, which is part of the X Trust, was judged"
    for pick in (owner, near):
        if pick:
            return referents.resolve(x, pick[-1], last)
    if opening is not None:
        return referents.resolve(x, opening, last)  # the sentence opens with the body it is about
    in_clause = [r for r in before if r.start >= clause]
    if in_clause:
        return referents.resolve(x, in_clause[-1], last)
    if PART_RX.search(text, clause, head):
        return None  # "The maternity unit was rated inadequate": a part the text names, not the body
    return last or x.subject


def _date(
    x: Extraction, sent: Span, m: re.Match[str], prev_end: int | None, nxt: int, clause: int
) -> tuple[PartialDate | None, str | None]:
    """The rating's date: one right after it ("a Good rating in 2017"), else before it in its clause ("in 2018 the
    service was rated", not "since its formation last year, Ofsted branded"); a relative one ("today", "last
    month's report") needs the publication date, and is returned as text when that is unknown."""
    spans = [(m.end(), nxt)]
    if prev_end is None and not CLAUSE_RX.search(x.text, sent.start, m.start()):
        spans.append((sent.start, m.start()))
    elif prev_end is None and (source := FROM_INSPECTION_RX.search(x.text, sent.start, m.start())):
        spans.append((source.start(), source.end()))  # "following an inspection in 2018": the rating's own
    for s, e in spans:
        for d in DATE_RX.finditer(x.text, s, e):
            if re.search(
                r"(?:published|since|formation|founded|set up|established)\s*$",
                x.text[max(s, d.start() - 25) : d.start()],
                re.I,
            ):
                continue
            when = x.date_in(d.start(), d.end())
            if when is not None:
                return when, None
            return None, d.group(0).strip()
    rel = RELATIVE_RX.search(x.text, clause, nxt)  # "has today been rated", "published this week"
    if rel:
        return _relative(x, rel.group(0)), rel.group(0)
    return None, None


def _relative(x: Extraction, word: str) -> PartialDate | None:
    if x.published is None:
        return None
    p = x.published
    if word.lower() == "today":
        return p.with_text("today")
    if word.lower() == "yesterday":
        day = p.earliest - timedelta(days=1)
        return PartialDate(day, day, day.isoformat(), "day", word)
    days = 7 if word.lower() == "this week" else 14
    lo = p.earliest - timedelta(days=days - 1)
    hi = p.latest if days == 7 else p.latest - timedelta(days=7)
    return PartialDate(lo, hi, f"{lo.isoformat()}/{hi.isoformat()}", "range", word)


def _areas(x: Extraction, v: Vocabulary, start: int, end: int, mention: Mention) -> list[tuple[str | None, str | None]]:
    """The areas of the grade ending at `start` (grade_areas.py), read after its rating noun or closing quote."""
    seg = x.text[start:end]
    noun = v.nouns.match(seg)
    return grade_areas.areas_in(x.res, seg[noun.end() :] if noun else re.sub(rf"^{Q_CLOSE}", "", seg), mention.date)


def _with_area(m: Mention, area: str | None, area_text: str | None) -> Mention:
    return Mention(m.grade, m.start, m.end, m.sent, m.subject, area, area_text, m.date, m.date_text, m.inspectorate,
                   m.earlier, m.wording, list(m.spans), m.moved)  # fmt: skip


def _merged(mentions: list[Mention]) -> list[Mention]:
    """One mention per judgement: the same body, grade and area in the same year; an undated mention joins the one
    dated judgement of its body, grade and area (and is dropped if there are several)."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.date is None):
        key = (m.subject, m.grade, m.area, m.area_text)
        same = [o for o in out if (o.subject, o.grade, o.area, o.area_text) == key]
        if m.date is None:  # the current rating is not the previous inspection's, dated or not
            dated = [o for o in same if o.date is not None and (m.earlier or not o.earlier)]
            same = [o for o in same if o.date is None or o in dated]
            if len(dated) == 1 or (same and not dated):
                same[0].spans = sorted(set(same[0].spans + m.spans))
                same[0].date_text = same[0].date_text or m.date_text
                same[0].earlier = same[0].earlier and m.earlier
            elif not same and not m.moved:  # "not to have kept our 'good' rating": undated, an earlier one's
                out.append(m)
            continue
        twin = next((o for o in same if o.date is not None and o.date.value[:4] == m.date.value[:4]), None)
        if twin is not None:
            twin.spans = sorted(set(twin.spans + m.spans))
        else:
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def _emit(x: Extraction, mentions: list[Mention]) -> None:
    overall: dict[str, str] = {}  # inspection id -> the overall grade given there: one inspection gives one
    for m in mentions:
        when, confidence, needs = m.date, 0.8 if m.area_text is None else 0.6, []
        known = x.known.judgement(
            m.subject, m.grade, m.inspectorate, when, x.published if when is None and not m.earlier else None, m.area
        )
        if known is not None and when is None:  # the rating other sources recorded gives its date
            when, confidence = known.date, 0.6
        family = x._up(m.subject) + (x._up(x.subject) if x.subject else [])
        reported = x.inspection_dates[:1] if x.subject in family[: len(x._up(m.subject))] or m.subject in family else []
        if when is None and not m.earlier and reported:  # the rating the article reports: its inspection's date
            when, confidence = reported[0], 0.6
        if when is None:
            needs, confidence = ["date"], 0.5
        year = when.value[:4] if when is not None else "undated"
        tag = "-".join(
            p for p in (year, None if m.subject == x.subject else m.subject, m.area or "overall", m.grade) if p
        )
        inspection = "-".join(
            p for p in (x.source, "inspection", year, None if m.subject == x.subject else m.subject) if p
        )
        if m.area is None and m.area_text is None and overall.setdefault(inspection, m.grade) != m.grade:
            inspection = f"{inspection}-{m.grade}"  # "rated good last month ... after years judged inadequate"
        fields: dict[str, Any] = {
            "judgement": known.judgement if known else f"{x.source}-judgement-{tag}",
            "inspection": known.inspection if known else inspection,
            "inspectorate": m.inspectorate or "",
            "subject": m.subject,
            "grade": m.grade,
        }
        if m.area:
            fields["area"] = m.area
        if when is not None:
            fields["date"] = date_json(when)
        mentions_out = {"grade": m.wording}
        if m.area_text:
            mentions_out["area"] = m.area_text
        if m.date_text and when is None:
            mentions_out["date"] = m.date_text
        rule = "judgement/linked" if known else "judgement/graded"
        x.out.append(Candidate("judgement", fields, m.spans[:2], rule, confidence, mentions_out, needs))
