"""Council politics in the synthetic world: who led the council, held the children's portfolio, chaired scrutiny
and led and spoke for the opposition, changing at the annual meeting in May (and with control at elections)."""

from __future__ import annotations

import random
from datetime import date

from .world import DAY, Council, Person, Tenure, World


def councillor(world: World, c: Council, party: dict[str, str]) -> Person:
    """A councillor of a party group, for a ward."""
    p = world.person(c)
    p.group, p.party, p.party_short = c.groups[party["name"]], party["name"], party["short"]
    p.ward = world.rng.choice(sorted(c.wards))
    p.ward_post = c.wards[p.ward]
    return p


def politics(world: World, c: Council) -> list[date]:
    """Leaders, portfolio holders, group leaders, spokespeople and scrutiny chairs, changing at annual meetings
    in May (party control sometimes flips at an election). Returns the meeting days on which anything changed."""
    rng = world.rng
    ruling, opposition = c.parties[0], c.parties[1]
    offset = rng.randint(0, 3)
    pool: dict[str, list[Person]] = {p["name"]: [councillor(world, c, p) for _ in range(6)] for p in c.parties}

    def pick(party: dict[str, str], busy: set[str]) -> Person:
        free = [p for p in pool[party["name"]] if p.id not in busy]
        if not free or rng.random() < 0.3:
            fresh = councillor(world, c, party)
            pool[party["name"]].append(fresh)
            return fresh
        return rng.choice(free)

    first = _meeting(world.start.year - rng.randint(1, 6), rng)
    seats = {
        "leader": ruling,
        "portfolio": ruling,
        "scrutiny-chair": ruling,
        f"group-leader:{opposition['name']}": opposition,
        f"spokesperson:{opposition['name']}": opposition,
    }
    current: dict[str, Tenure] = {}
    busy: set[str] = set()
    for key, party in seats.items():
        person = pick(party, busy)
        busy.add(person.id)
        current[key] = Tenure(person, c.posts[key], _meeting(first.year - rng.randint(0, 4), rng))
    changed_days = []
    for year in range(world.start.year, world.end.year + 1):
        day = _meeting(year, rng)
        election = (year - offset) % 4 == 0
        changes: dict[str, dict[str, str]] = {}
        new_leader = None
        if election and rng.random() < 0.2:  # control flips: the opposition's group leader becomes leader
            ruling, opposition = opposition, ruling
            new_leader = current[f"group-leader:{ruling['name']}"].person
            changes = dict.fromkeys(("leader", "portfolio", "scrutiny-chair"), ruling)
            changes |= {f"group-leader:{opposition['name']}": opposition}
            changes |= {f"spokesperson:{opposition['name']}": opposition}
            for key in [k for k in current if k.startswith(("group-leader:", "spokesperson:"))]:
                current[key].end = day - DAY
                c.tenures.setdefault(key, []).append(current.pop(key))
        else:
            for key, p in (("leader", 0.25 if election else 0.08), ("portfolio", 0.2), ("scrutiny-chair", 0.2)):
                if rng.random() < p:
                    changes[key] = ruling
            for key, p in (
                (f"group-leader:{opposition['name']}", 0.12),
                (f"spokesperson:{opposition['name']}", 0.15),
            ):
                if rng.random() < p:
                    changes[key] = opposition
        if not changes:
            continue
        changed_days.append(day)
        busy = {t.person.id for t in current.values()}  # nobody replaces themselves or takes a second seat
        for key, party in changes.items():
            if key in current:
                current[key].end = day - DAY
                c.tenures.setdefault(key, []).append(current.pop(key))
            person = new_leader if key == "leader" and new_leader else pick(party, busy)
            busy.add(person.id)
            current[key] = Tenure(person, c.posts[key], day)
    for key, t in current.items():
        c.tenures.setdefault(key, []).append(t)
    return changed_days


def _meeting(year: int, rng: random.Random) -> date:
    """The annual council meeting, in the second half of May."""
    return date(year, 5, rng.randint(15, 27))
