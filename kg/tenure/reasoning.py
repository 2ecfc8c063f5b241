"""Who was in post when: tenure intervals from partial, conflicting evidence, said as *certain* or *possible*.

A tenure is an unknown interval [T0, T1]. Each piece of evidence constrains it:

- a stated start S: S.earliest <= T0 <= S.latest
- a stated end E:   E.earliest <= T1 <= E.latest
- an attestation A (the person described in the post on some day of A): T0 <= A.latest and T1 >= A.earliest
- the organisation's existence: T0 >= exists_from, T1 <= exists_to
- in a single-holder post, the neighbouring holders: T0 >= previous holder's earliest end, T1 <= next holder's
  latest start.

So T0 lies in [start.earliest, start.latest] and T1 in [end.earliest, end.latest] (None where nothing bounds
it). The holder was *certainly* in post on every day from start.latest to end.earliest, and *possibly* on every
day from start.earliest to end.latest. When start.latest falls after end.earliest (one attestation on an uncertain
day), the holder was in post on at least one day between them, so a question about a period that contains them
all is answered *certain*. "Certain" is relative to the evidence: a holder the sources never name
cannot be ruled out, so gaps between recorded holders are reported as possible vacancies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal, Protocol

from ..data.dates import PartialDate

ONE_DAY = timedelta(days=1)
EvidenceKind = Literal["start", "end", "attested"]
Status = Literal["certain", "possible"]


@dataclass(frozen=True)
class Evidence:
    """One statement about a tenure, from one claim in one source."""

    kind: EvidenceKind
    date: PartialDate
    source: str
    claim: str = ""
    quote: str = ""


@dataclass
class Tenure:
    """A person's spell in a post (or membership of a body), with all the evidence about it."""

    id: str
    person: str
    organisation: str
    person_label: str = ""
    post: str | None = None
    single_holder: bool = False
    interim: bool = False
    acting: bool = False
    exists_from: date | None = None
    exists_to: date | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Bound:
    """Where one end of an interval can lie, and what set each side."""

    earliest: date | None
    latest: date | None
    earliest_basis: str = "nothing bounds it"
    latest_basis: str = "nothing bounds it"


@dataclass
class Span:
    """A tenure's derived interval: where it can start and end, when it is certain, what conflicts."""

    tenure: Tenure
    start: Bound
    end: Bound
    previous: str | None = None
    next: str | None = None
    conflicts: list[str] = field(default_factory=list)

    @property
    def certain_from(self) -> date | None:
        return self.start.latest

    @property
    def certain_until(self) -> date | None:
        return self.end.earliest

    @property
    def has_certain_days(self) -> bool:
        return (
            self.certain_from is not None and self.certain_until is not None and self.certain_from <= self.certain_until
        )

    def status_on(self, when: PartialDate) -> Status | None:
        """`certain` if the evidence proves the holder was in post on at least one day of `when` (on that day, for
        a single day); `possible` if the evidence allows it; None if it rules it out."""
        sl, ee = self.start.latest, self.end.earliest
        if sl is not None and ee is not None:
            if sl <= ee and sl <= when.latest and when.earliest <= ee:
                return "certain"  # in post every day from sl to ee
            if sl > ee and when.earliest <= ee and sl <= when.latest:
                return "certain"  # in post on some day between ee and sl, all of which lie inside `when`
        after_start = self.start.earliest is None or self.start.earliest <= when.latest
        before_end = self.end.latest is None or when.earliest <= self.end.latest
        return "possible" if after_start and before_end else None


@dataclass(frozen=True)
class Vacancy:
    """A gap between consecutive recorded holders of a single-holder post."""

    post: str
    after: str | None
    before: str | None
    possible_from: date | None
    possible_until: date | None
    certain_from: date | None = None
    certain_until: date | None = None

    def status_on(self, when: PartialDate) -> Status | None:
        if (
            self.certain_from is not None
            and self.certain_until is not None
            and self.certain_from <= when.latest
            and when.earliest <= self.certain_until
        ):
            return "certain"
        after = self.possible_from is None or self.possible_from <= when.latest
        before = self.possible_until is None or when.earliest <= self.possible_until
        return "possible" if after and before else None


@dataclass
class Timeline:
    spans: dict[str, Span]
    vacancies: list[Vacancy]

    def of_post(self, post: str | None) -> list[Span]:
        """Holders of a post in succession order (None: the memberships that hold no post)."""
        return _ordered([s for s in self.spans.values() if s.tenure.post == post])


Candidate = tuple[date, str]


class _PickOne(Protocol):
    """`min` or `max` over an iterable of candidates, by date."""

    def __call__(self, items: Iterable[Candidate], /, *, key: Callable[[Candidate], date]) -> Candidate: ...


class _PickOfTwo(Protocol):
    """`min` or `max` of two candidates, by date."""

    def __call__(self, a: Candidate, b: Candidate, /, *, key: Callable[[Candidate], date]) -> Candidate: ...


def _widest(pick: _PickOne, items: list[Candidate]) -> Candidate | None:
    return pick(items, key=lambda c: c[0]) if items else None


def _tighter(pick: _PickOfTwo, current: Candidate | None, other: Candidate | None) -> Candidate | None:
    if other is None:
        return current
    if current is None:
        return other
    return pick(current, other, key=lambda c: c[0])


def _combine(items: list[Evidence], what: str) -> tuple[Candidate | None, Candidate | None]:
    """Several stated starts (or ends): if they agree (all overlap) each constrains the date, so they narrow it;
    if they conflict, one of them is true, so the range widens to cover every statement. Nothing is overwritten."""
    if not items:
        return None, None
    lows = [(e.date.earliest, f"stated {what} {_said(e)}") for e in items]
    highs = [(e.date.latest, f"stated {what} {_said(e)}") for e in items]
    if _disagreements(items, what):
        return _widest(min, lows), _widest(max, highs)
    return _widest(max, lows), _widest(min, highs)


def _own_bounds(t: Tenure) -> tuple[Bound, Bound, list[str]]:
    """Bounds from the tenure's own evidence and its organisation's existence (no neighbours yet)."""
    starts = [e for e in t.evidence if e.kind == "start"]
    ends = [e for e in t.evidence if e.kind == "end"]
    atts = [e for e in t.evidence if e.kind == "attested"]
    conflicts = _disagreements(starts, "start") + _disagreements(ends, "end")
    born = (t.exists_from, f"the organisation exists from {t.exists_from.isoformat()}") if t.exists_from else None
    dies = (t.exists_to, f"the organisation exists until {t.exists_to.isoformat()}") if t.exists_to else None
    stated_start_lo, stated_start_hi = _combine(starts, "start")
    stated_end_lo, stated_end_hi = _combine(ends, "end")

    start_lo = _tighter(max, stated_start_lo, born)
    start_hi = stated_start_hi
    for e in atts:
        start_hi = _tighter(min, start_hi, (e.date.latest, f"in post by {_said(e)}"))
    if stated_end_hi:  # the holder started no later than the latest day they can have left
        start_hi = _tighter(min, start_hi, (stated_end_hi[0], f"left by {stated_end_hi[1]}"))

    end_hi = _tighter(min, stated_end_hi, dies)
    end_lo = stated_end_lo
    for e in atts:
        end_lo = _tighter(max, end_lo, (e.date.earliest, f"still in post at {_said(e)}"))
    if stated_start_lo:  # the holder left no earlier than the earliest day they can have started
        end_lo = _tighter(max, end_lo, stated_start_lo)

    if start_lo and start_hi and start_hi[0] < start_lo[0]:
        conflicts.append(f"in post ({start_hi[1]}) before the earliest possible start ({start_lo[1]})")
        start_hi = start_lo
    if end_lo and end_hi and end_lo[0] > end_hi[0]:
        conflicts.append(f"in post ({end_lo[1]}) after the latest possible end ({end_hi[1]})")
        end_lo = end_hi
    return Bound(*_pair(start_lo, start_hi)), Bound(*_pair(end_lo, end_hi)), conflicts


def _pair(lo: Candidate | None, hi: Candidate | None) -> tuple[date | None, date | None, str, str]:
    return (
        lo[0] if lo else None,
        hi[0] if hi else None,
        lo[1] if lo else "nothing bounds it",
        hi[1] if hi else "nothing bounds it",
    )


def _said(e: Evidence) -> str:
    text = f"'{e.date.text}' " if e.date.text and e.date.text != "the source's date" else ""
    return f"{text}({e.date.value}, {e.source})"


def _disagreements(items: list[Evidence], what: str) -> list[str]:
    out = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if not a.date.overlaps(b.date):
                out.append(f"sources disagree on the {what}: {_said(a)} and {_said(b)}")
    return out


def _sort_key(span: Span) -> tuple[date, date, str]:
    far = date.max
    first = span.start.latest or span.end.earliest or far
    second = span.end.earliest or span.start.latest or far
    return (first, second, span.tenure.id)


def _ordered(spans: list[Span]) -> list[Span]:
    return sorted(spans, key=_sort_key)


def reason(tenures: list[Tenure]) -> Timeline:
    """Derive every tenure's span; for single-holder posts, order the holders, bound them by their neighbours,
    and report the gaps between them."""
    spans: dict[str, Span] = {}
    for t in tenures:
        start, end, conflicts = _own_bounds(t)
        spans[t.id] = Span(t, start, end, conflicts=conflicts)
    vacancies: list[Vacancy | None] = []
    by_post: dict[str, list[Span]] = {}
    for span in spans.values():
        if span.tenure.post and span.tenure.single_holder:
            by_post.setdefault(span.tenure.post, []).append(span)
    for post, group in sorted(by_post.items()):
        ordered = _ordered(group)
        own = {s.tenure.id: (s.start, s.end) for s in ordered}
        for prev, nxt in pairwise(ordered):
            prev.next, nxt.previous = nxt.tenure.id, prev.tenure.id
            p_end, n_start = own[prev.tenure.id][1], own[nxt.tenure.id][0]
            # Neighbours bound each other, unless that would contradict a holder's own evidence (an overlap,
            # reported below as a conflict rather than squeezed into an impossible interval).
            if (
                p_end.earliest is not None
                and (nxt.start.earliest is None or p_end.earliest > nxt.start.earliest)
                and (nxt.start.latest is None or p_end.earliest <= nxt.start.latest)
            ):
                nxt.start = Bound(
                    p_end.earliest,
                    nxt.start.latest,
                    f"the previous holder ({_name(prev.tenure)}) was in post until at least {p_end.earliest}",
                    nxt.start.latest_basis,
                )
            if (
                n_start.latest is not None
                and (prev.end.latest is None or n_start.latest < prev.end.latest)
                and (prev.end.earliest is None or n_start.latest >= prev.end.earliest)
            ):
                prev.end = Bound(
                    prev.end.earliest,
                    n_start.latest,
                    prev.end.earliest_basis,
                    f"the next holder ({_name(nxt.tenure)}) was in post by {n_start.latest}",
                )
            # has_certain_days implies both dates are set; the `is not None` tests only say so to the type checker
            p_until, n_from = prev.certain_until, nxt.certain_from
            if (
                prev.has_certain_days
                and nxt.has_certain_days
                and p_until is not None
                and n_from is not None
                and p_until > n_from
            ):
                note = f"{_name(prev.tenure)} and {_name(nxt.tenure)} are both certainly in this single-holder post"
                prev.conflicts.append(note)
                nxt.conflicts.append(note)
            vacancies.append(_gap(post, prev, nxt))
        if ordered and (last := ordered[-1]).end.latest is not None and last.end.earliest is not None:
            vacancies.append(Vacancy(post, last.tenure.id, None, last.end.earliest + ONE_DAY, None))
    return Timeline(spans, [v for v in vacancies if v is not None])


def _name(t: Tenure) -> str:
    return t.person_label or t.person


def _gap(post: str, prev: Span, nxt: Span) -> Vacancy | None:
    """Days between two holders. Possibly empty from the day after the first could have left to the day before the
    second must have started; certainly empty (as far as the recorded holders go) from the day after the first
    certainly left to the day before the second could have started. None when no day can be empty."""
    lo = prev.end.earliest + ONE_DAY if prev.end.earliest else None
    hi = nxt.start.latest - ONE_DAY if nxt.start.latest else None
    if lo and hi and lo > hi:
        return None
    certain_from = certain_until = None
    if prev.end.latest and nxt.start.earliest and prev.end.latest + ONE_DAY <= nxt.start.earliest - ONE_DAY:
        certain_from, certain_until = prev.end.latest + ONE_DAY, nxt.start.earliest - ONE_DAY
    return Vacancy(post, prev.tenure.id, nxt.tenure.id, lo, hi, certain_from, certain_until)
