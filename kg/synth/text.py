"""One synthetic article: its text, built sentence by sentence, and the claims that quote those very sentences.

Dates in the text are worded as a reporter would, relative to the article's own date ("last month", "in March",
"last summer", "in 2016"), and each claim's date records the words and the bounds they mean, as a curator would.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

MONTHS = list(calendar.month_name)
SEASONS = {3: "spring", 4: "spring", 5: "spring", 6: "summer", 7: "summer", 8: "summer"}
SEASONS |= {9: "autumn", 10: "autumn", 11: "autumn"}
SEASON_END = {"spring": 5, "summer": 8, "autumn": 11}
CURLY = str.maketrans({"'": "’"})
STRAIGHT = str.maketrans({"“": '"', "”": '"'})
DateSpec = dict[str, Any] | str


def iso(d: date) -> str:
    return d.isoformat()


def long_date(d: date, year: bool = True) -> str:
    return f"{d.day} {MONTHS[d.month]} {d.year}" if year else f"{d.day} {MONTHS[d.month]}"


def ordinal_word(n: int) -> str:
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    return words[n - 1] if n <= len(words) else f"{n}th"


def said(statement: str) -> str:
    """A statement in quotation marks (curly; an article in straight style turns them straight)."""
    return f"“{statement}”"


@dataclass
class Article:
    """A source text and its claims. `day` is the true publication day; `precision` says how much of it the
    metadata admits (the day, only the month, or a range of days), as real articles are often undated."""

    id: str
    title: str
    kind: str
    day: date
    precision: str = "day"
    publisher: str | None = None
    curly: bool = True
    evidence: str = ""
    paragraphs: list[str] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    @property
    def earliest(self) -> date:
        if self.precision == "month":
            return self.day.replace(day=1)
        return self.day - timedelta(days=6) if self.precision == "range" else self.day

    @property
    def latest(self) -> date:
        if self.precision == "month":
            return self.day.replace(day=calendar.monthrange(self.day.year, self.day.month)[1])
        return self.day + timedelta(days=8) if self.precision == "range" else self.day

    def published(self) -> DateSpec:
        if self.precision == "day":
            return iso(self.day)
        if self.precision == "month":
            return f"{self.day.year}-{self.day.month:02d}"
        text = f"undated; between {long_date(self.earliest)} and {long_date(self.latest)}"
        return {"text": text, "earliest": iso(self.earliest), "latest": iso(self.latest)}

    def para(self, *sentences: str) -> None:
        self.paragraphs.append(" ".join(s for s in sentences if s))

    def claim(self, cid: str, ctype: str, quote: str | list[str], **fields: Any) -> str:
        """Add a claim (fields in the order given, None left out); returns its id, made unique in this file."""
        base, n = cid, 2
        while cid in self._ids:
            cid, n = f"{base}-{n}", n + 1
        self._ids.add(cid)
        record: dict[str, Any] = {"id": cid, "type": ctype}
        record |= {k: v for k, v in fields.items() if v is not None and k != "note"}
        record["quote"] = quote
        if fields.get("note"):
            record["note"] = fields["note"]
        self.claims.append(record)
        return cid

    def text(self) -> str:
        return "\n\n".join(self._styled(p) for p in self.paragraphs) + "\n"

    def styled_claims(self) -> list[dict[str, Any]]:
        """The claims with their quotes in the article's quotation style, so each is verbatim."""
        out = []
        for c in self.claims:
            q = c["quote"]
            out.append(c | {"quote": [self._styled(x) for x in q] if isinstance(q, list) else self._styled(q)})
        return out

    def _styled(self, s: str) -> str:
        return s.translate(CURLY) if self.curly else s.translate(STRAIGHT)

    # --- dates as a reporter words them ------------------------------------------------------------

    def when(self, d: date, want: str) -> tuple[str, DateSpec]:
        """Words for a past day `d` at precision `want` (day, month, season, year) and the claim date they mean."""
        if want == "season" and d.month not in SEASONS:
            want = "month"
        if self.precision != "day":  # an undated article: a curator reads absolute dates only
            return self._absolute(d, want)
        p = self.day
        if want == "day":
            if d == p - timedelta(days=1):
                return "yesterday", {"text": "yesterday", "value": iso(d)}
            if d == p:
                return "today", {"text": "today", "value": iso(d)}
            words = f"on {long_date(d, year=d.year != p.year)}"
            return words, {"text": words, "value": iso(d)}
        if want == "month":
            prev = p.replace(day=1) - timedelta(days=1)
            value = f"{d.year}-{d.month:02d}"
            if (d.year, d.month) == (prev.year, prev.month):
                return "last month", {"text": "last month", "value": value}
            if (d.year, d.month) == (p.year, p.month):
                return "this month", {"text": "this month", "value": value}
            words = f"in {MONTHS[d.month]}" + (f" {d.year}" if d.year != p.year else "")
            return words, {"text": words, "value": value}
        if want == "season":
            season = SEASONS[d.month]
            end = SEASON_END[season]
            ended_this_year = date(p.year, end, calendar.monthrange(p.year, end)[1]) < p
            last_year = p.year if ended_this_year else p.year - 1
            value = f"{d.year}-{season}"
            if d.year == last_year:
                return f"last {season}", {"text": f"last {season}", "value": value}
            if d.year == p.year:
                return f"this {season}", {"text": f"this {season}", "value": value}
            words = f"in the {season} of {d.year}"
            return words, {"text": words, "value": value}
        if d.year == p.year:
            return "earlier this year", {"text": "earlier this year", "earliest": f"{p.year}-01-01", "latest": iso(p)}
        if d.year == p.year - 1:
            return "last year", {"text": "last year", "value": str(d.year)}
        return f"in {d.year}", {"text": f"in {d.year}", "value": str(d.year)}

    def _absolute(self, d: date, want: str) -> tuple[str, DateSpec]:
        if want == "day":
            words, value = f"on {long_date(d)}", iso(d)
        elif want == "month":
            words, value = f"in {MONTHS[d.month]} {d.year}", f"{d.year}-{d.month:02d}"
        elif want == "season":
            words, value = f"in the {SEASONS[d.month]} of {d.year}", f"{d.year}-{SEASONS[d.month]}"
        else:
            words, value = f"in {d.year}", str(d.year)
        return words, {"text": words, "value": value}
