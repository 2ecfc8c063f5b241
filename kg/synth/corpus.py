"""`kg synth`: a synthetic national-scale corpus in the project's own data format, to measure the whole pipeline.

`synthesize()` invents councils, their children's services, the people who ran and inspected them and what
inspectors, councillors and officers said, and writes it as data/ would be written: article texts in sources/,
their metadata, entities/ and claims/ whose every quote is verbatim. Same arguments, same bytes; nothing real.

Calibration: about 650 triples per council-year after `kg build` (10 x 10, seed 42: 68,049 triples; 152 x 10,
seed 42: 978,037), set by the source and finding rates in synth_articles.py and synth_events.py.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..data.yaml_strict import load_yaml
from ..errors import InputError
from .events import Change, Inspections, Visit
from .names import SYNTH_DIR, Namer, Parts
from .politics import politics
from .stories import Newsroom
from .text import Article
from .world import DAY, Council, Org, Post, Tenure, World, distinct_spells
from .yaml_files import claims_file, entities_file, source_file

REF_FIELDS = ("person", "by", "inspector", "agent")
README = """# Synthetic corpus

SYNTHETIC data written by `kg synth` (councils={councils}, years={years}, seed={seed}, start_year={start_year}).
Every person, council, place, ward, party, trust and the inspectorate are invented, put together from the name
parts in ontology/synth/names.yaml; nothing here happened. Build it with `kg build --data <this folder>`.
"""


@dataclass
class SynthReport:
    """What was written: counts for a summary and for calibrating the corpus size."""

    out: Path
    councils: int
    sources: int
    people: int
    posts: int
    organisations: int
    claims: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def total_claims(self) -> int:
        return sum(self.claims.values())


def synthesize(out: Path, councils: int, years: int, seed: int, start_year: int = 2015) -> SynthReport:
    """Write a complete data folder at `out` (created; must not exist or be empty), all or nothing."""
    out = Path(out)
    if councils < 1:
        raise InputError(f"--councils must be at least 1 (got {councils})")
    if years < 1:
        raise InputError(f"--years must be at least 1 (got {years})")
    if not 1900 <= start_year <= 2100:
        raise InputError(f"--start-year must be a year between 1900 and 2100 (got {start_year})")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(f"{out} already exists and is not an empty folder: choose a new --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        report = _Generator(tmp, councils, years, seed, start_year).run()
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.out = out
    return report


class _Generator:
    """One run: the world, the stories about it, and the files, council by council."""

    def __init__(self, out: Path, councils: int, years: int, seed: int, start_year: int) -> None:
        self.out, self.n, self.years, self.seed, self.start_year = out, councils, years, seed, start_year
        self.rng = random.Random(f"kg-synth:{seed}")
        parts = Parts.load()
        self.phrases: dict[str, Any] = load_yaml(SYNTH_DIR / "phrases.yaml")
        self.start, self.end = date(start_year, 1, 1), date(start_year + years - 1, 12, 31)
        self.world = World(Namer(parts, self.rng), self.rng, self.start, self.end)
        spec = parts.inspectorate
        self.inspectorate = Org(spec["id"], spec["name"], "inspectorate", aliases=list(spec["aliases"]))
        self.inspector_post = Post(
            f"{spec['id']}-inspector", f"Inspector, {spec['name']}", spec["id"], "inspector", "inspector",
            aliases=["inspector", "lead inspector"], single_holder=False,
        )  # fmt: skip
        self.inspectors = [self.world.person() for _ in range(max(4, councils // 2))]
        self.desk = Newsroom(self.rng, self.phrases, self.inspectorate, self.inspector_post.id)
        self.report = SynthReport(out, councils, 0, 0, 0, 0)
        self.claims: Counter[str] = Counter()
        self.referenced: set[str] = set()

    def run(self) -> SynthReport:
        for folder in ("sources", "entities", "claims"):
            (self.out / folder).mkdir()
        inspections = Inspections(self.world, self.phrases, self.inspectors)
        forced = self.rng.randrange(self.n)  # at least one council loses its service to a trust
        for i in range(self.n):
            c = self.world.council(i)
            visits, changes = inspections.track(c, forced_trust=i == forced)
            self._officers(c, changes)
            meetings = politics(self.world, c)
            distinct_spells(c)
            self._stories(c, visits, changes, meetings)
            self._flush(c)
        people = [p for p in self.inspectors if p.id in self.referenced]
        self._write(
            "entities/national.yaml", entities_file([self.inspectorate], [self.inspector_post], people, self.seed)
        )
        self.report.organisations += 1
        self.report.posts += 1
        self.report.people += len(people)
        self._write(
            "README.md", README.format(councils=self.n, years=self.years, seed=self.seed, start_year=self.start_year)
        )
        self.report.claims = dict(sorted(self.claims.items()))
        return self.report

    def _officers(self, c: Council, changes: list[Change]) -> None:
        """Chief executives and directors; with a takeover, a commissioner first and the trust's own leaders after."""
        w, rng = self.world, self.rng
        first = self.start - timedelta(days=rng.randint(30, 6 * 365))
        c.tenures["ceo"] = w.officers(c, "ceo", first, self.end, p_interim=0.3, years=(2.5, 8))
        first = self.start - timedelta(days=rng.randint(30, 5 * 365))
        c.tenures["dcs"] = w.officers(c, "dcs", first, self.end, p_interim=0.5, years=(1.4, 5))
        if c.trust_from is None or c.intervention_on is None:
            return
        handover = c.trust_from
        c.tenures["dcs"] = _cut(c.tenures["dcs"], handover)
        commissioner = Tenure(w.person(c), c.posts["commissioner"], c.intervention_on, handover - DAY)
        c.tenures["commissioner"] = [commissioner]
        chair = commissioner.person if rng.random() < 0.5 else w.person(c)
        c.tenures["trust-chair"] = [Tenure(chair, c.posts["trust-chair"], handover)]
        last_dcs = c.holder("dcs", handover - DAY)
        acting_end = handover + timedelta(days=rng.randint(150, 330))
        acting = Tenure(
            last_dcs.person if last_dcs else w.person(c), c.posts["trust-ceo"], handover, acting_end, acting=True
        )
        rest = (
            w.officers(c, "trust-ceo", acting_end + DAY, self.end, p_interim=0.2, years=(2, 6))
            if acting_end < self.end
            else []
        )
        c.tenures["trust-ceo"] = [acting, *rest]
        if acting_end >= self.end:
            acting.end = None

    def _stories(self, c: Council, visits: list[Visit], changes: list[Change], meetings: list[date]) -> None:
        desk = self.desk
        for v in visits:
            desk.visit_sources(v)
        for key in ("ceo", "dcs", "trust-ceo"):
            desk.officer_changes(c, key, self.start, self.end)
        for day in meetings:
            desk.annual_meeting(c, day)
        for ch in changes:
            if ch.kind == "intervention":
                graded = [v for v in visits if v.grade == "inadequate" and v.published < ch.day]
                prior = visits[0].previous if visits else None
                desk.intervention(
                    c, ch, graded[-1] if graded else prior if prior and prior.grade == "inadequate" else None
                )
            else:
                desk.transfer(c, ch)

    def _flush(self, c: Council) -> None:
        """Write the council's articles and claims, then its entities (only the people the claims name)."""
        for a in sorted(self.desk.articles, key=lambda a: a.id):
            self._article(a)
        self.desk.articles.clear()
        orgs = list(c.orgs.values()) + [c.groups[p["name"]] for p in c.parties]
        posts = list(c.posts.values()) + list(c.wards.values())
        people = [p for p in c.people if p.id in self.referenced]
        self._write(f"entities/{c.slug}.yaml", entities_file(orgs, posts, people, self.seed))
        self.report.organisations += len(orgs)
        self.report.posts += len(posts)
        self.report.people += len(people)

    def _article(self, a: Article) -> None:
        text = a.text().encode("utf-8")
        self._write_bytes(f"sources/{a.id}.txt", text)
        self._write(f"sources/{a.id}.yaml", source_file(a, hashlib.sha256(text).hexdigest(), self.seed))
        self._write(f"claims/{a.id}.yaml", claims_file(a, self.seed))
        self.report.sources += 1
        for claim in a.claims:
            self.claims[claim["type"]] += 1
            for key in REF_FIELDS:
                value = claim.get(key)
                self.referenced.update(value if isinstance(value, list) else [value] if value else [])

    def _write(self, rel: str, text: str) -> None:
        self._write_bytes(rel, text.encode("utf-8"))

    def _write_bytes(self, rel: str, data: bytes) -> None:
        (self.out / rel).write_bytes(data)
        self.report.files += 1


def _cut(tenures: list[Tenure], day: date) -> list[Tenure]:
    """The holders up to `day`, the one in post then leaving the day before."""
    kept = [t for t in tenures if t.start < day]
    if kept and (kept[-1].end is None or kept[-1].end >= day):
        kept[-1].end = day - DAY
    return kept


__all__ = ["SynthReport", "synthesize"]
