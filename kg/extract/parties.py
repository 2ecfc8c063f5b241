"""Party words: "Cllr Jo Bloggs (Con, Baildon)" makes Jo Bloggs a member of the Conservative group on the
article's council and the councillor for Baildon; "leader of the Liberal Democrat group" names that group."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .reader import Span

if TYPE_CHECKING:
    from .rules import Extraction


def party_group(x: Extraction, party: str) -> str | None:
    """The party's group on the article's council: a known one if there is one, else proposed."""
    council = x._default_org("councillor", "the council")  # a council named in the article, else the subject
    for e in x.entities.values():
        if (
            e.kind == "organisation"
            and e.values.get("kind") == "political-group"
            and party.lower() in e.label.lower()
            and (council is None or e.values.get("unit_of") in (council, None))
        ):
            return e.id
    if council is None:
        return None
    return x.linker.organisation(f"{party} Group", "political-group", council).entity_id


def group_in(x: Extraction, phrase: str) -> str | None:
    """'leader of the Liberal Democrat group': the group named by its party."""
    if not re.search(r"\bgroup\b", phrase, re.IGNORECASE):
        return None
    for party, forms in x.res.raw["parties"].items():
        if re.search(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms if len(f) > 3) + r")(?!\w)", phrase, re.I):
            return party_group(x, party)
    return None


def party(x: Extraction, name: Span, person: str) -> None:
    m = re.match(r"\s*\((?P<in>[^)]{2,60})\)", x.text[name.end : name.end + 70])
    if not m:
        return
    for party, forms in x.res.raw["parties"].items():
        if re.search(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", m.group("in")):
            group = party_group(x, party)
            if group is None:
                return
            span = [(name.start, name.end + m.end())]
            x.add(
                "membership",
                {"person": person, "organisation": group},
                span,
                "membership/party-in-brackets",
                0.8,
                {"person": name.text, "party": m.group("in")},
            )
            longest_first = sorted(forms, key=len, reverse=True)  # "Conservative", not "Con" + "servative"
            party_rx = r"^\W*(?:" + "|".join(re.escape(f) for f in longest_first) + r")(?!\w)\W*"
            ward = re.sub(party_rx, "", m.group("in")).strip(" ,.")
            council = x._default_org("councillor", "")
            if ward and council and ward[:1].isupper():
                post = x.linker.post(f"Councillor for {ward}", "councillor", council, x._up(council))
                x.add(
                    "tenure",
                    {"person": person, "post": post.entity_id},
                    span,
                    "tenure/ward-in-brackets",
                    0.7,
                    {"ward": ward},
                )
                if x.roles.get(name.start, (None, None))[1] is None:  # the post they speak in, if no other
                    x.roles[name.start] = (person, str(post.entity_id))
            return
