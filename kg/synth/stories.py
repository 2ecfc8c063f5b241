"""Articles about people and control: new directors and chief executives, interims, departures and vacancies,
new council leaders after the annual meeting, a commissioner sent in, and a trust taking over the service."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from .articles import InspectionDesk
from .events import Change, Visit
from .text import Article, said
from .world import DAY, Council, Tenure

WELCOMES = (
    "I am delighted to welcome {first} to {place}.",
    "{first} brings a wealth of experience, and I look forward to working together.",
)


class Newsroom(InspectionDesk):
    """InspectionDesk plus the stories that are not about one inspection."""

    def officer_changes(self, c: Council, key: str, start: date, end: date) -> None:
        """A news report when someone takes up the post; a report of a departure when the post falls vacant."""
        tenures = c.tenures.get(key, [])
        for prev, nxt in pairwise(tenures):
            if start <= nxt.start <= end - timedelta(days=25) and self.rng.random() < 0.7:
                self.arrival(c, prev, nxt)
            gap = (nxt.start - prev.end).days if prev.end else 0
            if (
                prev.end is not None  # implied by gap > 20; said for the type checker
                and gap > 20
                and start <= prev.end + DAY
                and prev.end + timedelta(days=12) < min(nxt.start, end)
            ):
                self.departure(c, prev, nxt)

    def arrival(self, c: Council, prev: Tenure, t: Tenure) -> None:
        rng, post, p = self.rng, t.post, t.person
        day = t.start + timedelta(days=rng.randint(0, 20))
        flag = "interim " if t.interim else "acting " if t.acting else ""
        a = self.article(c, day, "news-report", f"new-{post.role}", f"New {flag}{post.text} for {c.place}")
        in_trust = "trust" in c.orgs and post.org == c.orgs["trust"].id
        org = c.orgs["trust"].name if in_trust else c.name
        fields = {
            "person": p.id,
            "post": post.id,
            "tenure": t.tenure_id,
            "interim": t.interim or None,
            "acting": t.acting or None,
        }
        if t.acting:
            words = f"{p.full} is covering the role of {post.text} at {org} on an acting basis."
            a.para(words)
            a.claim(f"{p.id}-acting", "tenure", words, **fields)
        else:
            when, spec = a.when(t.start, rng.choice(("day", "month")))
            words = f"{p.full} took up the post of {flag}{post.text} at {org} {when}."
            a.para(words)
            a.claim(f"{p.id}-start", "tenure", words, start=spec, attested="source", **fields)
        if prev.end is not None and prev.end < a.earliest:
            self._predecessor(a, prev, prev.end, t)
        boss = c.holder("trust-chair" if in_trust else "leader", day)
        if boss is not None and boss.person is not p:
            intro = self.councillor(a, boss) if boss.person.ward_post else self.officer(a, c, boss)
            a.para(f"{intro}, said: {said(rng.choice(WELCOMES).format(first=p.name.first, place=c.place))}")
        self.close(a)

    def _predecessor(self, a: Article, prev: Tenure, ended: date, t: Tenure) -> None:
        """What the article says about the previous holder: since when, until when."""
        p, post = prev.person, prev.post
        since, since_spec = a.when(prev.start, "season" if prev.interim else "year")
        until, until_spec = a.when(ended, "month")
        fields = {"person": p.id, "post": post.id, "tenure": prev.tenure_id, "interim": prev.interim or None}
        if p is t.person:  # interim, then appointed to the post: the interim spell is dated by its length
            months = max(2, round((ended - prev.start).days / 30.4))
            words = f"{p.name.first} was appointed after {months} months as interim {post.text}."
            since_spec = {
                "text": f"after {months} months as interim",
                "earliest": (prev.start - timedelta(days=45)).isoformat(),
                "latest": min(prev.start + timedelta(days=45), ended).isoformat(),
            }
            until_spec = {"text": "was appointed", "value": f"{t.start.year}-{t.start.month:02d}"}
        elif prev.interim or prev.acting:
            words = f"{p.full}, who had covered the role on an interim basis since {since.removeprefix('in ')}, left {until}."
            fields["interim"], fields["acting"] = prev.interim or None, prev.acting or None
        else:
            words = f"{p.full}, who had been in the role since {since.removeprefix('in ')}, left {until}."
        a.para(words)
        a.claim(f"{p.id}-spell", "tenure", words, start=since_spec, end=until_spec, **fields)

    def departure(self, c: Council, prev: Tenure, nxt: Tenure) -> None:
        rng, post, p = self.rng, prev.post, prev.person
        assert prev.end is not None
        day = prev.end + timedelta(days=rng.randint(3, 12))
        a = self.article(c, day, "news-report", f"{post.role}-leaves", f"{c.place} {post.text} leaves", dated=True)
        until, until_spec = a.when(prev.end, rng.choice(("day", "month")))
        since, since_spec = a.when(prev.start, "year")
        flag = "interim " if prev.interim else "acting " if prev.acting else ""
        body = c.orgs["trust"].name if "trust" in c.orgs and post.org == c.orgs["trust"].id else c.name
        words = f"{p.full}, {flag}{post.text} at {body} since {since.removeprefix('in ')}, left the post {until}."
        vacant = "The council said it would appoint a successor in due course, and no interim has yet been named."
        a.para(words, vacant)
        a.claim(
            f"{p.id}-left", "tenure", words, person=p.id, post=post.id, tenure=prev.tenure_id, start=since_spec,
            end=until_spec, interim=prev.interim or None, acting=prev.acting or None,
        )  # fmt: skip
        a.claim(f"{post.role}-vacant", "vacancy", vacant, post=post.id)
        self.close(a)

    # --- politics --------------------------------------------------------------------------------------

    def annual_meeting(self, c: Council, day: date) -> None:
        """Who took which political post at the annual meeting, and whom they replaced."""
        arrivals = [(k, t) for k, ts in sorted(c.tenures.items()) for t in ts if t.start == day and t.person.ward_post]
        if not arrivals:
            return
        a = self.article(
            c,
            day + timedelta(days=self.rng.randint(1, 6)),
            "news-report",
            "annual-meeting",
            f"Changes at the top of {c.name}",
            dated=True,
        )
        for key, t in arrivals:
            when, spec = a.when(day, "day")
            badge = self.councillor(a, None, t.person)
            words = f"{badge} became {t.post.text} at the council's annual meeting {when}."
            a.para(words)
            a.claim(
                f"{t.person.id}-{t.post.role}-start",
                "tenure",
                words,
                person=t.person.id,
                post=t.post.id,
                tenure=t.tenure_id,
                start=spec,
            )
            prev = next((x for x in c.tenures[key] if x.end == day - DAY), None)
            if prev is not None:
                since, since_spec = a.when(prev.start, "year")
                left, left_spec = a.when(day - DAY, "month")  # prev.end
                words = f"{prev.person.cllr}, {t.post.text} since {since.removeprefix('in ')}, stood down {left}."
                a.para(words)
                a.claim(
                    f"{prev.person.id}-{t.post.role}-end",
                    "tenure",
                    words,
                    person=prev.person.id,
                    post=t.post.id,
                    tenure=prev.tenure_id,
                    start=since_spec,
                    end=left_spec,
                )
        self.close(a)

    # --- intervention and transfer -------------------------------------------------------------------

    def intervention(self, c: Council, ch: Change, judged: Visit | None) -> None:
        rng = self.rng
        t = c.tenures["commissioner"][0]
        a = self.article(
            c,
            ch.day + timedelta(days=rng.randint(2, 10)),
            "news-report",
            "commissioner",
            f"Commissioner sent in to {c.place} children's services",
        )
        when, spec = a.when(ch.day, "day")
        words = (
            f"The government has appointed {t.person.full} as children's services commissioner for {c.place} {when}."
        )
        a.para(words)
        a.claim(
            "change-commissioner",
            "change",
            words,
            change=ch.id,
            kind=ch.kind,
            original=ch.original,
            agent=[*ch.agent, t.person.id],
            date=spec,
        )
        a.claim(
            f"{t.person.id}-commissioner",
            "tenure",
            words,
            person=t.person.id,
            post=t.post.id,
            start=spec,
            attested="source",
        )
        if judged is not None and judged.published < a.earliest:
            jw, jspec = a.when(judged.published, "month")
            jwords = f"The service was judged inadequate {jw}."
            a.para(jwords)
            self._previous_of(a, c, judged, jwords, jspec)
        self._reactions(a, c, ch)
        assert c.trust_from is not None  # an intervention is always followed by the move to a trust
        report_day = min(ch.day + timedelta(days=rng.randint(150, 240)), c.trust_from - timedelta(days=20))
        if report_day > a.day:
            self.commissioner_report(c, ch, t, report_day)
        self.close(a)

    def _previous_of(self, a: Article, c: Council, v: Visit, words: str, spec: object) -> None:
        a.claim(
            f"judgement-{v.start.year}-inadequate", "judgement", words, judgement=v.judgement, inspection=v.id,
            inspectorate=self.inspectorate.id, subject=c.orgs["service"].id, grade="inadequate", date=spec,
        )  # fmt: skip

    def commissioner_report(self, c: Council, ch: Change, t: Tenure, day: date) -> None:
        a = self.article(c, day, "news-report", "commissioner-report", f"Commissioner's verdict on {c.place}")
        intro = f"A report by the commissioner, {t.person.full}"
        line = self.rng.choice(self.phrases["commissioner_findings"])
        a.para(f"{intro}, has concluded that {c.name} lacks {said(line['text'])}.")
        a.para(f"{t.person.full} recommended that the service be run by a new trust.")
        a.claim(f"{t.person.id}-commissioner", "tenure", intro, person=t.person.id, post=t.post.id)
        a.claim(
            "criticism-commissioner", "criticism", [intro, line["text"]], by=t.person.id, target=c.orgs["council"].id,
            theme=list(line["themes"]), about=ch.id,
        )  # fmt: skip
        self.close(a)

    def transfer(self, c: Council, ch: Change) -> None:
        rng = self.rng
        a = self.article(
            c,
            ch.day + timedelta(days=rng.randint(0, 7)),
            "news-report",
            "trust",
            f"Trust takes over {c.place} children's services",
        )
        trust = c.orgs["trust"]
        when, spec = a.when(ch.day, "day")
        words = f"Responsibility for children's social care in {c.place} passed from {c.name} to {trust.name} {when}."
        a.para(words)
        a.claim(
            "change-transfer",
            "change",
            words,
            change=ch.id,
            kind=ch.kind,
            original=ch.original,
            resulting=ch.resulting,
            date=spec,
        )
        chair, ceo = c.holder("trust-chair", a.day), c.holder("trust-ceo", a.day)
        if ceo is not None:
            dcs = next((t for t in c.tenures["dcs"] if t.person is ceo.person and t.end == ch.day - DAY), None)
            if dcs is not None:
                lead = f"{ceo.person.full}, who was the council's {dcs.post.text} until the trust took over, will lead the trust as its acting chief executive."
                a.para(lead)
                a.claim(
                    f"{ceo.person.id}-dcs-end",
                    "tenure",
                    lead,
                    person=dcs.person.id,
                    post=dcs.post.id,
                    tenure=dcs.tenure_id,
                    end={"text": "until the trust took over", "value": (ch.day - DAY).isoformat()},
                )
            else:
                lead = f"{ceo.person.full} will lead the trust as its acting chief executive."
                a.para(lead)
            a.claim(
                f"{ceo.person.id}-trust-ceo",
                "tenure",
                lead,
                person=ceo.person.id,
                post=ceo.post.id,
                tenure=ceo.tenure_id,
                acting=ceo.acting or None,
                interim=ceo.interim or None,
            )
        if chair is not None:
            intro = f"{chair.person.full}, who has been appointed chair of the trust"
            a.claim(
                f"{chair.person.id}-chair",
                "tenure",
                intro,
                person=chair.person.id,
                post=chair.post.id,
                tenure=chair.tenure_id,
                start={"text": "has been appointed chair of the trust", "value": f"{ch.day.year}-{ch.day.month:02d}"},
                attested="source",
            )
            self.respond(a, intro, chair, ch.id, "welcomes", [], self._line("trust_chair", c))
        self._reactions(a, c, ch)
        self.close(a)

    def _reactions(self, a: Article, c: Council, ch: Change) -> None:
        """The leader accepts the change; an opposition group leader blames the ruling group."""
        leader = c.holder("leader", a.day)
        if leader is not None:
            self.respond(a, self.councillor(a, leader), leader, ch.id, "accepts", [], self._line(ch.kind, c))
        voices = [t for k in sorted(c.posts) if k.startswith("group-leader:") and (t := c.holder(k, a.day))]
        voices = [t for t in voices if leader is None or t.person.group is not leader.person.group]
        if voices and self.rng.random() < 0.7:
            t = voices[0]
            line = self.rng.choice(self.phrases["change_responses"]["opposition"])
            words = line["text"].format(place=c.place)
            intro = self.councillor(a, t)
            a.para(f"{intro}, said: {said(words + '.')}")
            cid = a.claim(
                f"criticism-{t.person.id}", "criticism", words, by=t.person.id, target=_targets(leader, c),
                theme=list(line["themes"]), about=ch.id,
            )  # fmt: skip
            a.claim(
                f"response-{t.person.id}",
                "response",
                words,
                by=t.person.id,
                capacity=t.post.id,
                to=ch.id,
                to_claims=[cid],
            )

    def _line(self, who: str, c: Council) -> str:
        return str(self.rng.choice(self.phrases["change_responses"][who])).format(place=c.place)


def _targets(leader: Tenure | None, c: Council) -> list[str]:
    """The ruling group (when known) and the council it runs."""
    group = leader.person.group if leader else None
    return [group.id, c.orgs["council"].id] if group else [c.orgs["council"].id]
