"""Joint targeted area inspection (JTAI) letters: the letter's date, one tenure attested on that date for each
named addressee (person, post, body), and the inspection itself (its inspectorates, dates, theme and the council
it concerns). The letter's first page is regular: a date line, the addressees, "Dear ...", the title and the
sentence giving the dates and the inspectorates; the rules read that structure, not any one letter."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ...data.model import Entity
from ..known import KnownEvents
from ..linker import Linker
from ..resources import load_resources
from .addressees import MONTH, Addressee, block, body_kind, letter_date, post_and_body, role_of, split_entries
from .improvements import criticisms
from .pdf import DocumentText

KIND = "joint-targeted-area-inspection"
MONTHS = {m: i for i, m in enumerate(MONTH.strip("(?:)").split("|"), start=1)}
# "took place from 23 to 27 May 2022", "Between 27 February and 3 March 2017", "between 8 October 2018 and 12 ..."
DATES = re.compile(
    rf"(?:took\s+place\s+from|[Bb]etween)\s+(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{MONTH}))?(?:\s+(?P<y1>\d{{4}}))?"
    rf"\s+(?:to|and)\s+(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})(?:\s+(?P<y2>\d{{4}}))?"
)
# The title runs from its heading to the first sentence of the letter ("This letter ...", "Between ...").
TITLE = re.compile(
    r"^Joint targeted area inspection\s+(?:of\s+)?(?:the\s+)?(?P<what>.+?)\n(?=This\b|Between\b|On\b)", re.M | re.S
)
# "the multi-agency response to abuse and neglect in X", "multi-agency responses to children's mental health in X"
THEME = re.compile(
    r"multi-agency\s+(?:identification\s+and\s+)?responses?\s+to\s+(?P<theme>[^.]+?)"
    r"(?:\s+in\s+(?:the\s+)?(?P<place>[A-Z][^.]*?))?(?:\.|\s+(?=Between\b|This\b)|$)"
)
INTERIM = re.compile(r"\b(interim)\b", re.IGNORECASE)
ACTING = re.compile(r"\b(acting|temporary)\b", re.IGNORECASE)


def read(doc: DocumentText, source_id: str, entities: dict[str, Entity], known: KnownEvents | None) -> dict[str, Any]:
    """Candidate claims of a JTAI letter, in the shape of `kg.extract.extract_text` (docs/candidates.md)."""
    res = load_resources()
    cfg = res.raw
    linker = Linker(entities, cfg.get("abbreviations", {}))
    page = doc.pages[0]
    claims: list[dict[str, Any]] = []
    used: set[str] = set()
    day = letter_date(page)
    when = _iso(day.group(1), day.group(2), day.group(3)) if day else None
    subject, place = _subject(page, linker)
    span = block(page)
    entries = split_entries(page, span, cfg) if span else []
    dear = re.search(r"^Dear\s+(?P<who>[^\n]+)", page, re.MULTILINE)
    partnership = dear.group("who").strip(" ,") if dear and body_kind(dear.group("who"), cfg) else None
    force_area = _force_area(page, entries, cfg)
    for a in entries:
        claim = _tenure(page, a, cfg, linker, when, subject, partnership, force_area)
        if claim and not any(c["person"] == claim["person"] and c["post"] == claim["post"] for c in claims):
            claim["id"] = f"d{len(claims) + 1:03d}-tenure"
            used |= {claim["person"], claim["post"]}
            claims.append(claim)
    visits = _visits(page, cfg, linker, subject, place, when, known)
    for visit in visits:
        visit["id"] = f"d{len(claims) + 1:03d}-visit"
        used |= {visit["inspectorate"], visit["subject"]}
        claims.append(visit)
    if visits:  # what needs to improve: said by the inspectorates (Ofsted first) of the partnership written to
        target = linker.organisation(partnership, "safeguarding-partnership").entity_id if partnership else subject
        said = {"by": "the inspectorates", "target": partnership or place or ""}
        for c in criticisms(doc.text, res, visits[0]["inspectorate"], [str(target)], visits[0]["event"], said):
            c["id"] = f"d{len(claims) + 1:03d}-criticism"
            used.add(str(target))
            claims.append(c)
    return {"source": source_id, "entities": linker.proposed_entities(used), "claims": claims}


def _iso(d: str, m: str, y: str) -> str:
    return date(int(y), MONTHS[m], int(d)).isoformat()


def _quote(page: str, start: int, end: int, rule: str, confidence: float, mentions: dict[str, str]) -> dict[str, Any]:
    return {
        "quote": page[start:end],
        "extracted": {"rule": rule, "confidence": confidence, "offsets": [[start, end]], "mentions": mentions},
    }


def _known_org(linker: Linker, name: str, kind: str) -> str | None:
    """The known (or already proposed) body with this name; proposes nothing."""
    before = set(linker.proposed)
    link = linker.organisation(name, kind)
    if link.new and link.entity_id not in before:
        del linker.proposed[link.entity_id]
        return None
    return link.entity_id


def _council(linker: Linker, written: str) -> str | None:
    """A council the letter names, as written or by its place ("Barnsley", "York local authority")."""
    base = re.sub(r"\s+local authority$|\s+council$", "", " ".join(written.split()), flags=re.IGNORECASE)
    for name in (written, f"{base} Council", base):
        if (found := _known_org(linker, " ".join(name.split()), "council")) is not None:
            return found
    return None


def _subject(page: str, linker: Linker) -> tuple[str | None, str | None]:
    """The council the letter concerns, from its title ("Joint targeted area inspection of Barnsley", or "... of
    the multi-agency response to abuse and neglect in Northby Metropolitan District Council")."""
    title = TITLE.search(page)
    if not title:
        return None, None
    what = " ".join(title.group("what").split())
    if "multi-agency" in what:
        theme = THEME.search(what)
        if theme is None or not theme.group("place"):
            return None, None
        what = theme.group("place")
    what = re.sub(r"^the\s+", "", what.strip(" ."), flags=re.IGNORECASE)
    found = _council(linker, what)
    if found is None:
        link = linker.organisation(what if re.search(r"\bCouncil$", what) else f"{what} Council", "council")
        found = link.entity_id
    return found, what


def _force_area(page: str, entries: list[Addressee], cfg: dict[str, Any]) -> str | None:
    """The police area the letter's chief constable serves ("Chief Constable of Devon and Cornwall Police"):
    the police and crime commissioner's area when the letter names none."""
    for a in entries:
        if a.post and role_of(page[a.post[0] : a.post[1]], cfg) == "chief-constable":
            _, body, kind = post_and_body(page[a.post[0] : a.post[1]], cfg)
            if body and kind == "police-force":
                area = re.sub(r"\s+(?:police force|police|constabulary|police service)$", "", body, flags=re.I)
                return re.sub(r"^the\s+", "", area, flags=re.IGNORECASE)
    return None


def _tenure(
    page: str, a: Addressee, cfg: dict[str, Any], linker: Linker, when: str | None, subject: str | None,
    partnership: str | None, force_area: str | None,
) -> dict[str, Any] | None:  # fmt: skip
    """The tenure one addressee line attests, or None for an unnamed addressee, a post of no known kind, or a post
    whose body neither the line nor the letter names."""
    if not a.named or a.post is None or when is None:
        return None
    words = page[a.post[0] : a.post[1]]
    post, body, kind = post_and_body(words, cfg)
    role = role_of(post, cfg) or role_of(" ".join(words.split()), cfg)  # "Deputy Mayor, X Police and Crime ..."
    if role is None:
        return None
    org: str | None = None
    if role == "police-and-crime-commissioner":
        area = _pcc_area(" ".join(words.split()))
        area = area or (None if re.search(r"\bmayor\b", words, re.IGNORECASE) else force_area)
        if area is None:
            return None
        body, kind = f"Police and Crime Commissioner for {area}", "policing-body"
        org = _known_org(linker, body, kind) or linker.organisation(body, kind).entity_id
    elif role in ("independent-scrutineer", "board-chair") and kind in (None, "safeguarding-partnership"):
        body = body if kind else partnership
        if body is None:
            return None
        kind = "safeguarding-partnership"
        org = linker.organisation(body, kind).entity_id
    elif role == "director-of-childrens-services":
        org = (_council(linker, body) if body else None) or subject
    elif body and kind:
        if kind == "council":
            org = _council(linker, body)
        org = org or linker.organisation(re.sub(r"^the\s+", "", body, flags=re.IGNORECASE), kind).entity_id
        if role in ("chief-executive", "board-chair") and kind in cfg.get("letter_accountable_bodies", []):
            role = "accountable-officer" if role == "chief-executive" else role
    if org is None:
        return None
    name = page[a.name[0] : a.name[1]]
    person = linker.person(name)
    ups = [org]
    post_link = linker.post(post, role, org, ups)
    claim: dict[str, Any] = {
        "type": "tenure",
        "person": person.entity_id,
        "post": post_link.entity_id,
        "attested": when,
    }
    if INTERIM.search(post):
        claim["interim"] = True
    if ACTING.search(post):
        claim["acting"] = True
    confidence = round(min(person.confidence, 0.9) if not person.new else 0.8, 2)
    mentions = {"person": name, "role": post, **({"organisation": body} if body else {})}
    claim.update(_quote(page, a.entry[0], a.entry[1], "jtai/addressee", confidence, mentions))
    return claim


def _pcc_area(text: str) -> str | None:
    """The area of a police and crime commissioner: "for South Yorkshire", "Lancashire Police and Crime
    Commissioner", "Police and Crime Commissioner, Hampshire"."""
    rx = r"police,?\s+(?:fire\s+)?and\s+crime\s+commissioner"
    if m := re.search(rf"{rx}(?:\s+for|,)\s+(?P<area>[A-Z][^,]*)$", text, re.IGNORECASE):
        return m.group("area").strip()
    if m := re.match(
        rf"(?P<area>[A-Z][\w'\u2019 -]*?)\s+{rx}", text.rsplit(",", maxsplit=1)[-1].strip(), re.IGNORECASE
    ):
        area = m.group("area")
        return None if area.split()[-1].lower() in {"deputy", "mayor"} else area
    return None


def _visits(
    page: str, cfg: dict[str, Any], linker: Linker, subject: str | None, place: str | None, when: str | None,
    known: KnownEvents | None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The inspection: one visit claim per inspectorate that carried it out, all with one event id (the
    register's when it knows the inspection)."""
    m = DATES.search(page)
    if m is None or subject is None:
        return []
    m2, y2 = m.group("m2"), m.group("y2") or _year_before(when, m.group("m2"))
    if y2 is None:
        return []
    start = _iso(m.group("d1"), m.group("m1") or m2, m.group("y1") or y2)
    end = _iso(m.group("d2"), m2, y2)
    q_end = _sentence_end(page, m.end())
    if "Ofsted" not in page[m.start() : q_end]:  # "... took place from D1 to D2. It was carried out by ..."
        q_end = _sentence_end(page, q_end)
    para = page[m.start() : q_end]
    if not any(f in para for forms in cfg["letter_inspectorates"].values() for f in forms):
        title = TITLE.search(page)  # named before the dates: "... requested that HMCI, together with the CQC, ..."
        para = page[title.start() if title else 0 : m.start()]
    para = para.replace("\u2019", "'")
    names: list[str] = []
    for name, forms in cfg["letter_inspectorates"].items():
        if any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", para) for f in forms):
            names.append(str(name))
    if not names:
        return []
    orgs = [_known_org(linker, n, "inspectorate") or linker.organisation(n, "inspectorate").entity_id for n in names]
    from ...data.dates import bounds

    dates = bounds(start, end)
    event = None
    if known is not None:
        hit = known.visit(subject, KIND, None, None, dates)
        event = hit.event if hit else None
    event = event or f"jtai-{subject}-{start}"
    theme = THEME.search(" ".join(page[: m.start()].split()))
    out = []
    for org in orgs:
        visit: dict[str, Any] = {
            "type": "visit", "event": event, "kind": KIND, "inspectorate": org, "subject": subject,
            "date": dates.value,
        }  # fmt: skip
        if when:
            visit["published"] = when
        if theme:
            visit["focus"] = [theme.group("theme")]
        mentions = {"date": " ".join(page[m.start() : m.end()].split()), **({"subject": place} if place else {})}
        visit.update(_quote(page, m.start(), q_end, "jtai/inspection", 0.9, mentions))
        out.append(visit)
    return out


def _sentence_end(page: str, start: int) -> int:
    """Just after the full stop that ends the sentence running on from `start` (a stop before a space or line)."""
    m = re.compile(r"\.(?=\s|$)").search(page, start)
    return m.end() if m else len(page)


def _year_before(when: str | None, month: str) -> str | None:
    """The year of a month written without one ("Between 20 and 24 June"): the last such month before the letter."""
    if when is None:
        return None
    year, letter_month = int(when[:4]), int(when[5:7])
    return str(year if MONTHS[month] <= letter_month else year - 1)
