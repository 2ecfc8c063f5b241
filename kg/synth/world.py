"""The synthetic world behind the articles: councils, their bodies and posts, and who truly held each post when.

Articles are written from this ground truth, so every statement they make (a start "last summer", an attestation,
an end "in March") is true of it, and the graph's tenure reasoning never meets a contradiction it did not ask for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .names import Namer, PersonName, slug

DAY = timedelta(days=1)


@dataclass
class Org:
    """A body: council, department, team, committee, political group, trust or the inspectorate."""

    id: str
    name: str
    kind: str
    unit_of: str | None = None
    aliases: list[str] = field(default_factory=list)
    exists_from: date | None = None
    note: str | None = None


@dataclass
class Post:
    """An office; `text` is how a report words it in running prose ("director of children's services")."""

    id: str
    label: str
    org: str
    role: str
    text: str
    aliases: list[str] = field(default_factory=list)
    single_holder: bool = True


@dataclass
class Person:
    """A generated person; councillors carry their party group and ward post."""

    id: str
    name: PersonName
    group: Org | None = None
    party: str | None = None
    party_short: str | None = None
    ward: str | None = None
    ward_post: Post | None = None
    unnamed: bool = False

    @property
    def full(self) -> str:
        return self.name.full

    @property
    def cllr(self) -> str:
        return f"Cllr {self.name.full}"


@dataclass
class Tenure:
    """A true spell in a post: first and last day (None: still in post after the corpus ends)."""

    person: Person
    post: Post
    start: date
    end: date | None = None
    interim: bool = False
    acting: bool = False
    tenure_id: str | None = None

    def on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Council:
    """One council, its children's services, its people, and everything that happens to it."""

    index: int
    slug: str
    place: str
    name: str
    orgs: dict[str, Org] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    tenures: dict[str, list[Tenure]] = field(default_factory=dict)
    groups: dict[str, Org] = field(default_factory=dict)
    wards: dict[str, Post] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    parties: list[dict[str, str]] = field(default_factory=list)
    trust_from: date | None = None
    intervention_on: date | None = None
    children_in_care: int = 500

    def holder(self, key: str, day: date) -> Tenure | None:
        """Who held the post on that day, if anyone."""
        return next((t for t in self.tenures.get(key, []) if t.on(day)), None)

    def org(self, key: str) -> Org:
        return self.orgs[key]

    def runs_service(self, day: date) -> bool:
        """True once the trust runs the council's children's services."""
        return self.trust_from is not None and day >= self.trust_from


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, min(day.day, 28))


class World:
    """Builds councils and their officers and politicians, deterministically from one random stream."""

    def __init__(self, namer: Namer, rng: random.Random, start: date, end: date) -> None:
        self.namer = namer
        self.rng = rng
        self.start = start
        self.end = end
        self.councils: list[Council] = []

    def person(self, council: Council | None = None) -> Person:
        name = self.namer.person()
        p = Person(slug(name.full), name)
        if council is not None:
            council.people.append(p)
        return p

    # --- bodies and posts -------------------------------------------------------------------------

    def council(self, index: int) -> Council:
        """A council with its children's services department, teams, committee, party groups and posts."""
        rng, parts = self.rng, self.namer.parts
        place = self.namer.place()
        style = rng.choice(parts.councils)
        name = style["pattern"].format(place=place)
        c = Council(index, slug(place), place, name, children_in_care=rng.randint(250, 1600))
        s = c.slug
        c.orgs["council"] = Org(f"{s}-council", name, "council", aliases=[f"{place} Council", "the council"])
        c.orgs["service"] = Org(
            f"{s}-childrens-services",
            f"{place} Children's Services",
            "department",
            unit_of=f"{s}-council",
            aliases=[f"{place} children's services", "children's services", "the service"],
        )
        for key, label in (
            ("leaders", f"{place} children's services senior leaders"),
            ("social-care", f"{place} social work teams"),
            ("early-help", f"{place} early help service"),
            ("residential", f"{place} Council residential services"),
            ("front-door", f"{place} multi-agency safeguarding hub"),
        ):
            c.orgs[key] = Org(f"{s}-{key}", label, "team", unit_of=f"{s}-childrens-services")
        c.orgs["scrutiny"] = Org(
            f"{s}-childrens-scrutiny-committee",
            f"{place} Children's Services Scrutiny Committee",
            "committee",
            unit_of=f"{s}-council",
        )
        c.parties = rng.sample(list(parts.parties), rng.choice((2, 2, 3)))
        for party in c.parties:
            c.groups[party["name"]] = Org(
                f"{s}-{slug(party['name'])}-group",
                f"{name} {party['name']} Group",
                "political-group",
                unit_of=f"{s}-council",
                aliases=[f"{party['name']} group"],
            )
        council_id = c.orgs["council"].id
        dcs_label = rng.choice(
            (
                "Director of Children's Services",
                "Strategic Director, Children's Services",
                "Corporate Director for Children and Families",
            )
        )
        portfolio = rng.choice(
            (
                "Cabinet Member for Children and Families",
                "Portfolio Holder for Children's Services",
                "Lead Member for Children and Young People",
            )
        )
        scrutiny = c.orgs["scrutiny"]
        for key, pid, label, org, role, text in (
            ("ceo", "chief-executive", f"Chief Executive of {name}", council_id, "chief-executive", "chief executive"),
            ("dcs", "director-childrens-services", dcs_label, council_id, "director-of-childrens-services", ""),
            ("leader", "council-leader", f"Leader of {name}", council_id, "council-leader", "leader of the council"),
            ("portfolio", "portfolio-holder-children", portfolio, council_id, "portfolio-holder", ""),
            (
                "scrutiny-chair",
                "scrutiny-chair",
                f"Chair of the {scrutiny.name}",
                scrutiny.id,
                "committee-chair",
                f"chair of the {scrutiny.name}",
            ),
        ):
            prose = text or label.lower()
            c.posts[key] = Post(f"{s}-{pid}", label, org, role, prose, aliases=[prose] if prose != label else [])
        for party in c.parties:
            group = c.groups[party["name"]]
            c.posts[f"group-leader:{party['name']}"] = Post(
                f"{group.id}-leader",
                f"Leader of the {party['name']} Group",
                group.id,
                "group-leader",
                f"leader of the {party['name']} group",
            )
            c.posts[f"spokesperson:{party['name']}"] = Post(
                f"{group.id}-childrens-spokesperson",
                f"{party['name']} Group Spokesperson for Children's Services",
                group.id,
                "spokesperson",
                f"the {party['name']} group's spokesperson for children's services",
            )
        taken = {place.lower()}
        for _ in range(rng.randint(5, 9)):
            ward = self.namer.ward(taken)
            c.wards[ward] = Post(
                f"{s}-councillor-{slug(ward)}",
                f"Councillor for {ward}",
                council_id,
                "councillor",
                f"councillor for {ward}",
                single_holder=False,
            )
        self.councils.append(c)
        return c

    def add_trust(self, c: Council, on: date) -> None:
        """The trust that takes over the council's children's services, with its own leaders and posts."""
        pattern = self.rng.choice(self.namer.parts.trusts)
        name = pattern.format(place=c.place)
        tid = slug(name)
        c.trust_from = on
        c.orgs["trust"] = Org(
            tid,
            name,
            "trust",
            aliases=["the trust"],
            exists_from=month_start(on),
            note=f"Synthetic: took over the running of {c.name}'s children's services.",
        )
        c.orgs["trust-leaders"] = Org(
            f"{tid}-senior-leaders",
            f"{name} senior leaders",
            "team",
            unit_of=tid,
            exists_from=month_start(on),
            aliases=["trust senior leaders"],
        )
        c.posts["trust-chair"] = Post(f"{tid}-chair", f"Chair of {name}", tid, "board-chair", f"chair of {name}")
        c.posts["trust-ceo"] = Post(
            f"{tid}-chief-executive", f"Chief Executive of {name}", tid, "chief-executive", f"chief executive of {name}"
        )

    def add_commissioner(self, c: Council) -> None:
        c.posts["commissioner"] = Post(
            f"{c.slug}-childrens-services-commissioner",
            f"Children's Services Commissioner for {c.place}",
            c.orgs["council"].id,
            "commissioner",
            "children's services commissioner",
        )

    # --- who held the officer posts -----------------------------------------------------------------

    def officers(
        self, c: Council, key: str, first_start: date, until: date, p_interim: float, years: tuple[float, float]
    ) -> list[Tenure]:
        """A succession of holders of a single-holder officer post: permanent holders, interims and acting
        holders between them (an interim sometimes appointed permanently), and the odd vacancy."""
        rng, post = self.rng, c.posts[key]
        out: list[Tenure] = []
        day, next_person = first_start, None
        while day <= until:
            person = next_person or self.person(c)
            next_person = None
            end = _not_first(day + rng.randint(int(years[0] * 365), int(years[1] * 365)) * DAY)
            out.append(Tenure(person, post, day, end))
            day = end + DAY
            roll = rng.random()
            if roll < p_interim:
                acting = rng.random() < 0.3
                cover = self.person(c)
                cover_end = _not_first(day + rng.randint(90, 320) * DAY)
                t = Tenure(cover, post, day, cover_end, interim=not acting, acting=acting)
                out.append(t)
                day = cover_end + DAY
                if not acting and rng.random() < 0.35:  # the interim is appointed to the post permanently
                    t.tenure_id = f"{cover.id}-{post.id}-interim"
                    next_person = cover
            elif roll < p_interim + 0.15:
                day = _not_first(add_months(day, rng.randint(1, 3)))
        if out and out[-1].end is not None and out[-1].end > until:
            out[-1].end = None
        return out


def _not_first(day: date) -> date:
    """A last day in post that is not the last of its month, so the next holder starts in the same month."""
    return day - DAY if (day + DAY).day == 1 else day


def distinct_spells(c: Council) -> None:
    """One person holding one post twice needs a tenure id per spell; the latest spell keeps the default id."""
    for tenures in c.tenures.values():
        seen: dict[str, list[Tenure]] = {}
        for t in tenures:
            seen.setdefault(t.person.id, []).append(t)
        for spells in seen.values():
            default = next((t for t in reversed(spells) if t.tenure_id is None), None)
            for i, t in enumerate(spells, 1):
                if t is not default and t.tenure_id is None:
                    t.tenure_id = f"{t.person.id}-{t.post.id}-spell-{i}"
