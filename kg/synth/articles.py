"""Articles about inspections and visits: the inspectorate's letter, a news report, the council's statement.

Each source states what a real one would (the visit, the judgement, the findings, who answered, a figure or two),
and its claims quote the sentences it was built from. Several sources describe one visit under one event id.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .desk import Desk
from .events import GRADE_WORDS, JUDGED, Finding, Visit
from .text import MONTHS, Article, long_date, ordinal_word, said
from .world import Council

KIND_WORDS = {"inspection": "inspection", "monitoring-visit": "monitoring visit", "focused-visit": "focused visit"}
# How often a visit gets each kind of source, calibrated so that 152 councils over 10 years build to about a
# million triples (see tests/test_synth.py and the calibration notes in kg/synth/corpus.py).
P_REPORT_INSPECTION, P_REPORT_VISIT, P_NEWS, P_STATEMENT = 0.5, 0.25, 0.9, 0.15
P_OPPOSITION = {"bad": 0.5, "mixed": 0.3, "good": 0.15}
STANCE_OF_MOOD = {"bad": ("accepts", "accepts", "disputes"), "mixed": ("mixed", "accepts"), "good": ("welcomes",)}


class InspectionDesk(Desk):
    """Desk plus the three kinds of source about one inspection or visit."""

    # --- inspections and visits ---------------------------------------------------------------------

    def visit_sources(self, v: Visit) -> None:
        """The letter or report (usually), a news report (nearly always), the council's statement (sometimes)."""
        rng = self.rng
        if rng.random() < (P_REPORT_INSPECTION if v.kind == "inspection" else P_REPORT_VISIT):
            self.report(v)
        if rng.random() < P_NEWS:
            self.news(v)
        if rng.random() < P_STATEMENT:
            self.press_release(v)

    def _visit_claim(self, a: Article, v: Visit, quote: str | list[str], **fields: Any) -> None:
        a.claim(
            f"visit-{v.kind}", "visit", quote, event=v.id, kind=v.kind, inspectorate=self.inspectorate.id,
            subject=v.council.orgs["service"].id, number=v.number, **fields,
        )  # fmt: skip

    def _previous(self, a: Article, v: Visit, words: str, spec: Any) -> None:
        prev = v.previous
        assert prev is not None and prev.grade is not None and prev.judgement is not None
        a.claim(
            f"judgement-{prev.start.year}-{prev.grade}", "judgement", words, judgement=prev.judgement,
            inspection=prev.id, inspectorate=self.inspectorate.id, subject=v.council.orgs["service"].id,
            grade=prev.grade, date=spec,
        )  # fmt: skip

    def _judgement(self, a: Article, v: Visit, words: str, spec: Any) -> None:
        a.claim(
            f"judgement-{v.start.year}-{v.grade}", "judgement", words, judgement=v.judgement, inspection=v.id,
            inspectorate=self.inspectorate.id, subject=v.council.orgs["service"].id, grade=v.grade, date=spec,
        )  # fmt: skip

    def _finding(self, a: Article, v: Visit, f: Finding, frame: str = "{}") -> str:
        a.para(frame.format(" ".join(f.sentences)))
        quote: str | list[str] = f.sentences if len(f.sentences) > 1 else f.sentences[0]
        return a.claim(
            f"{f.polarity}-{f.themes[0]}", f.polarity, quote, by=self.inspectorate.id, target=f.targets,
            theme=f.themes, about=v.id,
        )  # fmt: skip

    def report(self, v: Visit) -> None:
        c = v.council
        service = c.orgs["service"].name
        title = f"{KIND_WORDS[v.kind].capitalize()} of {service}"
        a = self.article(c, v.published, "inspection-report", v.kind, title, publisher=self.inspectorate.id)
        if v.kind == "inspection":
            span = f"from {long_date(v.start, year=False)} to {long_date(v.end)}"
            first = f"This report sets out the findings of the inspection of {service}, carried out {span}."
        else:
            span = f"on {v.start.day} and {long_date(v.end)}" if v.start != v.end else f"on {long_date(v.end)}"
            which = f"{ordinal_word(v.number)} monitoring visit" if v.number else KIND_WORDS[v.kind]
            first = f"This letter summarises the findings of the {which} to {service}, which took place {span}."
        names = " and ".join(p.full for p in v.inspectors)
        what = "inspection" if v.kind == "inspection" else "visit"
        role = "inspectors" if len(v.inspectors) > 1 else "an inspector"
        who = f"The {what} was carried out by {names}, {role} for the {self.inspectorate.name}."
        a.para(first, who)
        quotes = [first, who]
        if v.focus:
            looked = f"Inspectors looked at the experiences and progress of {v.focus}."
            a.para(looked)
            quotes.append(looked)
        date_spec = {"text": span, "earliest": v.start.isoformat(), "latest": v.end.isoformat()}
        self._visit_claim(
            a, v, quotes, date=date_spec, published=v.published.isoformat(), focus=v.focus,
            inspector=[p.id for p in v.inspectors],
        )  # fmt: skip
        for p in v.inspectors:
            a.claim(f"{p.id}-inspector", "tenure", who, person=p.id, post=self.inspector_post)
        if v.previous is not None and v.kind != "inspection" and v.previous.end < v.start:
            prev = v.previous
            words = f"At the last inspection, in {MONTHS[prev.end.month]} {prev.end.year}, services for children were judged {JUDGED[prev.grade or 'good']}."
            a.para(words)
            self._previous(
                a,
                v,
                words,
                {
                    "text": f"in {MONTHS[prev.end.month]} {prev.end.year}",
                    "value": f"{prev.end.year}-{prev.end.month:02d}",
                },
            )
        for polarity, heading in (("praise", "What is working well"), ("criticism", "What needs to improve")):
            found = [f for f in v.findings if f.polarity == polarity]
            if found:
                a.para(heading)
            for f in found:
                self._finding(a, v, f)
        if v.grade:
            words = (
                f"The overall effectiveness of children's services in {c.place} is judged to be {GRADE_WORDS[v.grade]}."
            )
            a.para(words)
            self._judgement(a, v, words, v.published.isoformat())
        self.close(a)

    def news(self, v: Visit) -> None:
        c, rng = v.council, self.rng
        day = v.published + timedelta(days=rng.choice((0, 1, 1, 2, 3)))
        lede = rng.choice(self.phrases["ledes"][v.mood])
        title = {
            "bad": "Inspectors find children still at risk in {place}",
            "mixed": "Slow progress for {place} children's services",
            "good": "Inspectors praise {place} children's services",
        }[v.mood]
        a = self.article(c, day, "news-report", v.kind, title.format(place=c.place))
        first = lede["text"].format(place=c.place)
        a.para(first)
        polarity = "criticism" if v.mood == "bad" else "praise"
        a.claim(
            f"{polarity}-lede",
            polarity,
            first,
            by=self.inspectorate.id,
            target=c.orgs["service"].id,
            theme=list(lede["themes"]),
            about=v.id,
            note="The journalist's summary of the report, attributed to the inspectors.",
        )
        when, when_spec = a.when(v.start, "month")
        pub, pub_spec = a.when(v.published, "day")
        if v.kind == "inspection":
            sentence = f"The {self.inspectorate.name} inspected the service {when}, and published its report {pub}."
        elif v.number:
            sentence = f"The {self.short} carried out its {ordinal_word(v.number)} monitoring visit to the service {when}, and published its findings {pub}."
        else:
            sentence = (
                f"Inspectors made a focused visit {when}, looking at {v.focus}, and published their letter {pub}."
            )
        quotes = [sentence]
        led = None
        if rng.random() < 0.3:
            led = v.inspectors[0]
            quotes.append(f"The visit was led by inspector {led.full}.")
        a.para(*quotes)
        self._visit_claim(
            a,
            v,
            quotes if len(quotes) > 1 else sentence,
            date=when_spec,
            published=pub_spec,
            focus=v.focus if not v.number and v.kind != "inspection" else None,
            inspector=[led.id] if led else None,
        )
        if led:
            a.claim(f"{led.id}-inspector", "tenure", quotes[1], person=led.id, post=self.inspector_post)
        prev = v.previous
        if v.grade:
            words = f"Inspectors rated the service {GRADE_WORDS[v.grade]} overall."
            a.para(words)
            self._judgement(a, v, words, pub_spec)
        if prev is not None and prev.grade and prev.published < a.earliest:
            pwords, pspec = a.when(prev.published, rng.choice(("year", "month")))
            words = (
                f"The service was judged {JUDGED[prev.grade]} {pwords}."
                if not v.grade
                else f"At its previous inspection, {pwords}, it was judged {JUDGED[prev.grade]}."
            )
            a.para(words)
            self._previous(a, v, words, pspec)
        picked = rng.sample(v.findings, min(len(v.findings), rng.randint(1, 3)))
        ids: dict[str, list[str]] = {"criticism": [], "praise": []}
        for f in picked:
            frame = rng.choice(("The report said: “{}”", "Inspectors found: “{}”", "According to the inspectors: “{}”"))
            ids[f.polarity].append(self._finding(a, v, f, frame))
        if rng.random() < 0.35:
            self._figures(a, c)
        self._answers(a, v, ids)
        self.close(a)

    def _figures(self, a: Article, c: Council) -> None:
        """Children in care at the end of last month (and how many live outside the area), as a reporter gives them."""
        end = a.earliest.replace(day=1) - timedelta(days=1)
        c.children_in_care = max(120, c.children_in_care + self.rng.randint(-40, 45))
        spec = {
            "text": f"at the end of {MONTHS[end.month]}",
            "earliest": end.replace(day=22).isoformat(),
            "latest": end.isoformat(),
        }
        words = f"There were {c.children_in_care} children in care in {c.place} at the end of {MONTHS[end.month]}."
        quotes = [words]
        away = None
        if self.rng.random() < 0.5:
            away = c.children_in_care * self.rng.randint(8, 30) // 100
            quotes.append(f"Of those, {away} were living outside {c.place}.")
        a.para(*quotes)
        a.claim(
            "children-in-care",
            "observation",
            words,
            measure="children-in-care",
            subject=c.orgs["council"].id,
            value=c.children_in_care,
            date=spec,
        )
        if away is not None:
            a.claim(
                "children-placed-out-of-area",
                "observation",
                quotes,
                measure="children-placed-out-of-area",
                subject=c.orgs["council"].id,
                value=away,
                date=spec,
            )

    def _answers(self, a: Article, v: Visit, ids: dict[str, list[str]]) -> None:
        """The service's leader, the lead member, perhaps the trust's chair, and the opposition answer."""
        c, rng, day = v.council, self.rng, a.day
        trust = c.runs_service(day)
        lead = c.holder("trust-ceo" if trust else "dcs", day)
        if lead is None and a.precision == "day" and not trust:
            gone = max((t for t in c.tenures["dcs"] if t.end and t.end < day), key=lambda t: t.start, default=None)
            words = "The council is still recruiting a permanent director of children's services."
            a.para(words)
            a.claim(
                "dcs-vacant",
                "vacancy",
                words,
                post=c.posts["dcs"].id,
                note=f"No one held the post on the article's date{'; ' + gone.person.full + ' had left' if gone else ''}.",
            )
        for t, p in (
            (lead, 1.0),
            (c.holder("portfolio", day), 0.4),
            (c.holder("trust-chair", day), 0.5),
            (c.holder("leader", day), 0.2),
        ):
            if t is None or rng.random() > p:
                continue
            stance = rng.choice(STANCE_OF_MOOD[v.mood])
            answers = {"accepts": ids["criticism"], "disputes": ids["criticism"], "welcomes": ids["praise"]}.get(
                stance, ids["criticism"] + ids["praise"]
            )
            intro = (
                self.councillor(a, t) if t.person.ward_post else self.officer(a, c, t, start_words=rng.random() < 0.35)
            )
            self.respond(a, intro, t, v.id, stance, answers, self.statement(a, stance, c))
        if rng.random() < P_OPPOSITION[v.mood]:
            self._opposition(a, v)

    def _opposition(self, a: Article, v: Visit) -> None:
        c, day = v.council, a.day
        leader = c.holder("leader", day)
        voices = [
            t for k in sorted(c.posts) if k.startswith(("group-leader:", "spokesperson:")) and (t := c.holder(k, day))
        ]
        voices = [t for t in voices if leader is None or t.person.group != leader.person.group]
        if not voices:
            return
        t = self.rng.choice(voices)
        line = self.rng.choice(self.phrases["opposition_praise" if v.mood == "good" else "opposition"])
        ruling = leader.person.group if leader and leader.person.group else c.orgs["council"]
        words = line["text"].format(
            place=c.place, ruling_group=f"{leader.person.party} group" if leader else "ruling group"
        )
        intro = self.councillor(a, t)
        a.para(f"{intro}, said: {said(words + '.')}")
        keys = {
            "ruling-group": ruling.id,
            "council": c.orgs["council"].id,
            "service": c.orgs["service"].id,
            "portfolio": c.posts["portfolio"].id,
        }
        polarity = "praise" if v.mood == "good" else "criticism"
        cid = a.claim(
            f"{polarity}-{t.person.id}",
            polarity,
            words,
            by=t.person.id,
            target=[keys[k] for k in line["target"]],
            theme=list(line["themes"]),
            about=v.id,
        )
        a.claim(
            f"response-{t.person.id}", "response", words, by=t.person.id, capacity=t.post.id, to=v.id, to_claims=[cid]
        )

    def press_release(self, v: Visit) -> None:
        c, rng = v.council, self.rng
        title = f"{c.name} responds to {KIND_WORDS[v.kind]} of children's services"
        a = self.article(c, v.published, "council-press-release", v.kind, title, publisher=c.orgs["council"].id)
        pub, pub_spec = a.when(v.published, "day")
        first = f"{c.name} has responded to the findings of the {KIND_WORDS[v.kind]} of its children's services, published {pub} by the {self.inspectorate.name}."
        a.para(first)
        self._visit_claim(a, v, first, published=pub_spec)
        if v.grade:
            words = f"The service has been judged {JUDGED[v.grade]}."
            a.para(words)
            self._judgement(a, v, words, pub_spec)
        ids: dict[str, list[str]] = {"criticism": [], "praise": []}
        praise = [f for f in v.findings if f.polarity == "praise"] or v.findings
        for f in rng.sample(praise, min(2, len(praise))):
            ids[f.polarity].append(self._finding(a, v, f, "The letter says: “{}”"))
        for key in ("leader", "trust-ceo" if c.runs_service(a.day) else "dcs"):
            t = c.holder(key, a.day)
            if t is None:
                continue
            stance = rng.choice(STANCE_OF_MOOD[v.mood])
            intro = self.councillor(a, t) if t.person.ward_post else self.officer(a, c, t)
            self.respond(a, intro, t, v.id, stance, ids["praise"] or ids["criticism"], self.statement(a, stance, c))
        self.close(a)
