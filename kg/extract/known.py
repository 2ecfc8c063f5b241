"""Events already in the curated data, so that a new article's mention of an inspection or a rating links to the
event the graph has instead of minting a second one ("the service's inadequate rating" is the 2018 judgement
other sources recorded). Only reviewed claims count; in `kg eval` the article's own claims are left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..data.dates import PartialDate
from ..data.model import Claim, Entity

OVERALL = "overall-effectiveness"  # a register's overall judgement is an article's judgement without an area


@dataclass(frozen=True)
class KnownJudgement:
    judgement: str
    inspection: str
    inspectorate: str | None
    subject: str
    grade: str
    date: PartialDate
    area: str | None = None  # None: the overall judgement


@dataclass(frozen=True)
class KnownVisit:
    event: str
    kind: str
    inspectorate: str | None
    subject: str
    number: int | None
    date: PartialDate | None


class KnownEvents:
    """Judgements and visits of the curated claims, looked up by body, grade, number and date."""

    def __init__(self, claims: list[Claim], entities: dict[str, Entity], leave_out: str | None = None) -> None:
        self.entities = entities
        self.judgements: list[KnownJudgement] = []
        self.visits: list[KnownVisit] = []
        seen: set[Any] = set()
        for c in claims:
            if c.source == leave_out or c.pending:
                continue
            if c.type == "judgement" and c.get("date") is not None:
                area = c.get("area")
                j = KnownJudgement(
                    c.get("judgement"), c.get("inspection"), c.get("inspectorate"), c.get("subject"), c.get("grade"),
                    c.get("date"), None if area in (None, OVERALL) else area,
                )  # fmt: skip
                if j not in seen:
                    seen.add(j)
                    self.judgements.append(j)
                if j.inspection:  # the inspection that gave a rating is known as a visit too
                    self._visit(KnownVisit(j.inspection, "inspection", j.inspectorate, j.subject, None, j.date), seen)
            elif c.type == "visit" and c.get("subject"):
                v = KnownVisit(
                    c.get("event"), c.get("kind"), c.get("inspectorate"), c.get("subject"), c.get("number"),
                    c.get("date"),
                )  # fmt: skip
                self._visit(v, seen)

    def _visit(self, v: KnownVisit, seen: set[Any]) -> None:
        if v not in seen:
            seen.add(v)
            self.visits.append(v)

    @classmethod
    def empty(cls) -> KnownEvents:
        return cls([], {})

    def _related(self, subject: str) -> set[str]:
        """The body, the bodies it is part of and its own units: a rating of "the council" in one article is the
        rating of its children's services in another."""
        out: set[str] = set()
        todo = [subject]
        while todo:
            oid = todo.pop()
            if oid in out:
                continue
            out.add(oid)
            e = self.entities.get(oid)
            if e and e.values.get("unit_of"):
                todo.append(e.values["unit_of"])
        return out | {e.id for e in self.entities.values() if e.values.get("unit_of") in out}

    def judgement(
        self,
        subject: str,
        grade: str,
        inspectorate: str | None,
        date: PartialDate | None,
        before: PartialDate | None,
        area: str | None = None,
    ) -> KnownJudgement | None:
        """The known judgement this mention is: same body (or its parent or unit), grade, area and inspectorate,
        and either a date overlapping the mention's or, undated, the latest one given before the article."""
        related = self._related(subject)
        found = [
            j
            for j in self.judgements
            if j.grade == grade
            and j.area == (None if area == OVERALL else area)
            and j.subject in related
            and (inspectorate is None or j.inspectorate == inspectorate)
        ]
        if date is not None:
            found = [j for j in found if j.date.overlaps(date)]
        elif before is not None:
            found = [j for j in found if j.date.earliest <= before.latest]
        else:
            return None
        ids = {j.judgement for j in found}
        if len(ids) != 1 and date is not None:
            return None  # two ratings fit the date: the reviewer decides
        return max(found, key=lambda j: (j.date.latest, j.date.precision != "year"), default=None)

    def visit(
        self, subject: str, kind: str, inspectorate: str | None, number: int | None, date: PartialDate | None
    ) -> KnownVisit | None:
        """The known visit with this body, kind and number, or with a date overlapping a dated mention; None if the
        mention is undated and unnumbered, or if more than one event fits."""
        if number is None and date is None:
            return None
        related = self._related(subject)
        found = {
            v.event: v
            for v in self.visits
            if v.kind == kind
            and v.subject in related
            and (inspectorate is None or v.inspectorate == inspectorate)
            and (v.number == number if number is not None and v.number is not None else True)
            and ((number is not None and v.number == number) or _overlaps(v.date, date))
        }
        return next(iter(found.values())) if len(found) == 1 else None


def _overlaps(a: PartialDate | None, b: PartialDate | None) -> bool:
    return a is not None and b is not None and a.overlaps(b)
