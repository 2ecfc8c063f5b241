"""Partial dates: what was written, how precise it is, and the earliest and latest day it can mean.

Articles say "last summer", "in February", "2018". Keeping the bounds lets a
question about a date be answered *certainly* or *possibly* instead of guessing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 14)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})


class DateParseError(ValueError):
    """A date string that does not mean any day."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to lie between `earliest` and `latest` (inclusive)."""

    earliest: date
    latest: date
    value: str
    precision: str
    text: str | None = None

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise DateParseError(f"{self.value!r}: earliest {self.earliest} is after latest {self.latest}")

    def with_text(self, text: str | None) -> PartialDate:
        return PartialDate(self.earliest, self.latest, self.value, self.precision, text)

    def certainly_before(self, other: PartialDate) -> bool:
        return self.latest < other.earliest

    def overlaps(self, other: PartialDate) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest


def _month_end(year: int, month: int) -> date:
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _make_day(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateParseError(f"{raw!r} is not a real day: {exc}") from None


def parse_date(raw: str) -> PartialDate:
    """Parse `2019`, `2019-10`, `2019-10-15`, `2019-summer`, `2019-Q3` or `A/B` into bounds."""
    s = str(raw).strip()
    if "/" in s:
        left, right = (part.strip() for part in s.split("/", 1))
        a, b = parse_date(left), parse_date(right)
        if a.earliest > b.latest:
            raise DateParseError(f"{raw!r}: range ends before it starts")
        return PartialDate(a.earliest, b.latest, s, "range")
    if m := re.fullmatch(r"(\d{4})", s):
        y = int(m[1])
        return PartialDate(date(y, 1, 1), date(y, 12, 31), s, "year")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise DateParseError(f"{raw!r}: month {mo} does not exist")
        return PartialDate(date(y, mo, 1), _month_end(y, mo), s, "month")
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        d = _make_day(int(m[1]), int(m[2]), int(m[3]), s)
        return PartialDate(d, d, s, "day")
    if m := re.fullmatch(r"(\d{4})-(spring|summer|autumn|winter)", s, re.IGNORECASE):
        y, (first, last) = int(m[1]), SEASONS[m[2].lower()]
        return PartialDate(date(y, first, 1), _month_end(y, last), f"{y}-{m[2].lower()}", "season")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", s, re.IGNORECASE):
        y, q = int(m[1]), int(m[2])
        return PartialDate(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y}-Q{q}", "quarter")
    raise DateParseError(f"{raw!r} is not a date: use 2019, 2019-10, 2019-10-15, 2019-summer, 2019-Q3 or A/B")


def bounds(earliest: str, latest: str, text: str | None = None) -> PartialDate:
    """A date given only by explicit bounds (each a full day, month or year)."""
    a, b = parse_date(earliest), parse_date(latest)
    value = f"{a.value}/{b.value}"
    if a.earliest > b.latest:
        raise DateParseError(f"{value}: earliest is after latest")
    return PartialDate(a.earliest, b.latest, value, "range", text)


def resolve_relative(text: str, reference: PartialDate) -> PartialDate | None:
    """Read a relative phrase ("last summer", "in February", "next year") against a source's date.

    The reference date is itself a range; the answer is the union of readings
    at its earliest and latest day, so imprecision is carried through, never
    hidden. Returns None for a phrase no rule knows.
    """
    phrase = re.sub(r"\s+", " ", text.strip().lower())
    phrase = re.sub(r"^(back |earlier )?(in |on |during |at )?(the )?", "", phrase)
    readings = [r for r in (_resolve_at(phrase, day) for day in (reference.earliest, reference.latest)) if r]
    if len(readings) < 2:
        return None
    lo, hi = min(r[0] for r in readings), max(r[1] for r in readings)
    precision = readings[0][2] if lo == readings[0][0] and hi == readings[0][1] else "range"
    value = readings[0][3] if precision != "range" else f"{lo.isoformat()}/{hi.isoformat()}"
    return PartialDate(lo, hi, value, precision, text)


def _resolve_at(phrase: str, ref: date) -> tuple[date, date, str, str] | None:
    y = ref.year
    if phrase in ("yesterday",):
        d = date.fromordinal(ref.toordinal() - 1)
        return d, d, "day", d.isoformat()
    if phrase in ("last month", "previous month"):
        yy, mm = (y, ref.month - 1) if ref.month > 1 else (y - 1, 12)
        return date(yy, mm, 1), _month_end(yy, mm), "month", f"{yy}-{mm:02d}"
    if phrase in ("this month",):
        return date(y, ref.month, 1), _month_end(y, ref.month), "month", f"{y}-{ref.month:02d}"
    for word, offset in (("last year", -1), ("this year", 0), ("next year", 1)):
        if phrase == word:
            return date(y + offset, 1, 1), date(y + offset, 12, 31), "year", str(y + offset)
    if m := re.fullmatch(r"(last|this|next) (spring|summer|autumn|winter)", phrase):
        first, last = SEASONS[m[2]]
        start = date(y, first, 1)
        # "last summer" is the most recent summer that has ended; "this" the current or coming one.
        if m[1] == "last":
            yy = y if _month_end(y, last) < ref else y - 1
        elif m[1] == "next":
            yy = y + 1 if start <= ref else y
        else:
            yy = y
        return date(yy, first, 1), _month_end(yy, last), "season", f"{yy}-{m[2]}"
    if phrase in SEASONS:
        # "in the spring", in a report of what happened: the latest such season begun by the reference
        first, last = SEASONS[phrase]
        yy = y if date(y, first, 1) <= ref else y - 1
        return date(yy, first, 1), _month_end(yy, last), "season", f"{yy}-{phrase}"
    if m := re.fullmatch(r"(?:end of )?([a-z]+)( next year| last year)?", phrase):
        month = MONTHS.get(m[1])
        if month is None:
            return None
        if m[2] == " next year":
            yy = y + 1
        elif m[2] == " last year":
            yy = y - 1
        else:
            # A bare month in a report of what happened: the latest such month not after the reference.
            yy = y if month <= ref.month else y - 1
        first_day = date(yy, month, 1)
        if phrase.startswith("end of"):
            first_day = date(yy, month, max(1, _month_end(yy, month).day - 9))
        return first_day, _month_end(yy, month), "month", f"{yy}-{month:02d}"
    return None
