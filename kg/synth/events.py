"""Inspections, monitoring visits, their findings, and the interventions and trusts that follow failure.

Each council runs an inspection cycle: a graded full inspection every few years, monitoring visits every few
months while it is inadequate, focused visits in between otherwise. Findings are chosen once per visit, so every
source that reports a visit quotes the same findings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .world import DAY, Council, Person, World, add_months, month_start

GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
GRADE_WORDS = {
    "outstanding": "outstanding",
    "good": "good",
    "requires-improvement": "requires improvement to be good",
    "inadequate": "inadequate",
}
# The grade after "judged": "judged to require improvement to be good", "judged inadequate".
JUDGED = {
    "outstanding": "outstanding",
    "good": "good",
    "requires-improvement": "to require improvement to be good",
    "inadequate": "inadequate",
}
# Next full inspection's grade, given the last one (weights in GRADES order).
NEXT_GRADE = {
    "outstanding": (50, 45, 5, 0),
    "good": (12, 58, 25, 5),
    "requires-improvement": (4, 40, 36, 20),
    "inadequate": (0, 22, 53, 25),
}
# How many criticisms and praise findings a visit has, by mood.
MIX = {"bad": ((3, 5), (0, 2)), "mixed": ((2, 3), (1, 3)), "good": ((0, 2), (2, 4))}
# How often a council judged inadequate has a commissioner sent in and its service moved to a trust.
P_TRUST = 0.25
MOOD_OF_GRADE = {"outstanding": "good", "good": "good", "requires-improvement": "mixed", "inadequate": "bad"}


@dataclass
class Finding:
    """One criticism or praise in a report, with the bodies it is about."""

    polarity: str
    themes: list[str]
    targets: list[str]
    sentences: list[str]


@dataclass
class Visit:
    """A full inspection, monitoring visit or focused visit, and the report it led to."""

    id: str
    council: Council
    kind: str
    start: date
    end: date
    published: date
    mood: str
    number: int | None = None
    grade: str | None = None
    judgement: str | None = None
    focus: str | None = None
    previous: Visit | None = None
    inspectors: list[Person] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Change:
    """An intervention (a commissioner sent in) or a transfer of the service to a trust."""

    id: str
    kind: str
    day: date
    council: Council
    original: list[str]
    resulting: list[str] = field(default_factory=list)
    agent: list[str] = field(default_factory=list)


class Inspections:
    """Runs each council's inspection cycle and decides which councils lose their service to a trust."""

    def __init__(self, world: World, phrases: dict[str, Any], inspectors: list[Person]) -> None:
        self.world = world
        self.rng: random.Random = world.rng
        self.phrases = phrases
        self.inspectors = inspectors

    def track(self, c: Council, forced_trust: bool) -> tuple[list[Visit], list[Change]]:
        """Every visit whose report is published in the corpus's years, and any intervention and transfer."""
        rng, w = self.rng, self.world
        grade = "inadequate" if forced_trust else rng.choices(GRADES, weights=(8, 42, 35, 15))[0]
        back = rng.randint(3, 10) if grade == "inadequate" else rng.randint(2, 40)
        last_end = add_months(w.start, -back)
        prior = self._visit(c, "inspection", last_end - 16 * DAY, last_end, grade=grade, previous=None)
        visits: list[Visit] = []
        changes: list[Change] = []
        graded, since, number = prior, last_end, 0
        while True:
            if graded.grade == "inadequate":
                due_full = add_months(graded.end, rng.randint(26, 34))
                gap = rng.randint(5, 8) if number == 0 else rng.randint(5, 7)
                start = add_months(since, gap)
                kind = "inspection" if start >= due_full else "monitoring-visit"
            else:
                cycle = 32 if graded.grade == "requires-improvement" else 44
                due_full = add_months(graded.end, cycle + rng.randint(-3, 4))
                focused = add_months(since, rng.randint(16, 24))
                kind, start = (
                    ("focused-visit", focused)
                    if focused < due_full and rng.random() < 0.5
                    else ("inspection", due_full)
                )
            start = max(start, since + 35 * DAY)  # 35 days: never the month of the last visit, so ids differ
            length = rng.randint(12, 18) if kind == "inspection" else 1
            end = start + length * DAY
            if kind == "inspection":
                assert graded.grade is not None  # `graded` is always a full inspection, and every one has a grade
                new = rng.choices(GRADES, weights=NEXT_GRADE[graded.grade])[0]
                v = self._visit(c, kind, start, end, grade=new, previous=graded)
                number = 0
            else:
                number += kind == "monitoring-visit"
                mood = rng.choices(
                    ("bad", "mixed", "good"), weights=(45, 45, 10) if graded.grade == "inadequate" else (20, 50, 30)
                )[0]
                v = self._visit(c, kind, start, end, mood=mood, previous=graded, number=number or None)
            if v.published > w.end:
                break
            if v.published >= w.start:  # earlier visits shape the story but are not reported
                visits.append(v)
            since = end
            if kind == "inspection":
                graded = v
        failed = any(v.grade == "inadequate" for v in [prior, *visits])
        if forced_trust or (failed and rng.random() < P_TRUST):
            changes = self._takeover(c, prior, visits, forced_trust)
        for v in visits:
            self._findings(v)
        return visits, changes

    def _visit(
        self, c: Council, kind: str, start: date, end: date, *, grade: str | None = None, mood: str | None = None,
        previous: Visit | None, number: int | None = None,
    ) -> Visit:  # fmt: skip
        rng = self.rng
        lag = rng.randint(40, 65) if kind == "inspection" else rng.randint(25, 45)
        stem = {"inspection": "inspection", "monitoring-visit": "mv", "focused-visit": "focused-visit"}[kind]
        vid = f"{c.slug}-cs-{stem}-{start.year}-{start.month:02d}"
        v = Visit(vid, c, kind, start, end, end + lag * DAY, mood or MOOD_OF_GRADE[grade or "good"], number=number)
        v.previous = previous
        if grade:
            v.grade, v.judgement = grade, f"{c.slug}-cs-{start.year}-{start.month:02d}-{grade}"
        if kind != "inspection":
            v.focus = rng.choice(self.phrases["focus"])
        v.inspectors = rng.sample(self.inspectors, 2 if kind == "inspection" else 1)
        return v

    def _takeover(self, c: Council, prior: Visit, visits: list[Visit], forced: bool) -> list[Change]:
        """A commissioner some months after an inadequate judgement, then the service moves to a new trust."""
        rng, w = self.rng, self.world
        graded = [v for v in [prior, *visits] if v.grade]
        last = month_start(add_months(w.end, -2))
        for i, judged in enumerate(graded):  # the first inadequate judgement with time to act before the next one
            if judged.grade != "inadequate":
                continue
            intervene = max(judged.published + rng.randint(60, 200) * DAY, w.start + 20 * DAY)
            transfer = month_start(add_months(intervene, rng.randint(12, 20)))
            regraded = graded[i + 1].published if i + 1 < len(graded) else None
            if transfer <= last and (regraded is None or transfer < regraded):
                break
        else:
            if not forced:
                return []
            span = (w.end - w.start).days
            intervene = w.start + (span // 5) * DAY
            transfer = month_start(w.start + (span * 3 // 5) * DAY)
        w.add_commissioner(c)
        w.add_trust(c, transfer)
        c.intervention_on = intervene
        s, cid = c.orgs["service"].id, c.orgs["council"].id
        return [
            Change(
                f"{c.slug}-cs-commissioner", "intervention", intervene, c, [s, cid], agent=[c.posts["commissioner"].id]
            ),
            Change(
                f"{c.slug}-cs-transfer-to-trust", "transfer-of-services", transfer, c, [s, cid], [c.orgs["trust"].id]
            ),
        ]

    def _findings(self, v: Visit) -> None:
        """Pick the visit's criticisms and praise from the templates, with the bodies they are about."""
        rng, c = self.rng, v.council
        trust = c.runs_service(v.end)
        (clo, chi), (plo, phi) = MIX[v.mood]
        values = {
            "place": c.place,
            "council": c.name,
            "service": c.orgs["service"].name,
            "leaders": "Trust leaders" if trust else "Senior leaders",
            "social_care": "social work teams",
            "early_help": "early help service",
            "residential": "residential services",
            "front_door": "multi-agency safeguarding hub",
            "trust": c.orgs["trust"].name if trust else "",
            "n": rng.randint(22, 35),
            "m": rng.randint(3, 12),
        }
        keys = {
            "service": c.orgs["service"].id,
            "council": c.orgs["council"].id,
            "leaders": c.orgs["trust-leaders" if trust else "leaders"].id,
            "trust": c.orgs["trust"].id if trust else "",
        }
        for polarity, count in (("criticism", rng.randint(clo, chi)), ("praise", rng.randint(plo, phi))):
            templates = self.phrases["criticisms" if polarity == "criticism" else "praise"]
            pool = [t for t in templates if trust or "trust" not in t["target"]]
            for t in rng.sample(pool, min(count, len(pool))):
                texts = t["text"] if isinstance(t["text"], list) else [t["text"]]
                targets = [keys.get(k) or c.orgs[k].id for k in t["target"]]
                v.findings.append(Finding(polarity, list(t["themes"]), targets, [s.format(**values) for s in texts]))
