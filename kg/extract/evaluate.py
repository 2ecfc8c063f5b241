"""`kg eval`: run extraction over sources that have curated claims and score it per claim type.

Matching is on resolved entities: tenures by (person, post), memberships by (person, body), responses by
(speaker, the visit answered), judgements by (body, grade) allowing a unit for its parent body, visits by
inspectorate and number or overlapping date, changes by kind, figures by (measure, value), vacancies by post;
criticism and praise by stance and overlapping quotes (character offsets), one-to-one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..data.dates import PartialDate
from ..data.model import Claim, Corpus
from ..data.paths import Paths
from ..registers import load_project as load_corpus
from . import extract_text
from .known import KnownEvents

TYPES = [
    "tenure",
    "membership",
    "vacancy",
    "visit",
    "judgement",
    "criticism",
    "praise",
    "response",
    "change",
    "observation",
]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    data: str
    sources: int
    reading: str = "rules"  # or "rules + <model> <version>" when an optional model joined them
    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "type": t,
                "gold": s.tp + s.fn,
                "predicted": s.tp + s.fp,
                "correct": s.tp,
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
            }
            for t in TYPES
            if (s := self.scores[t]).tp + s.fn + s.fp
        ]


def _date(value: Any) -> PartialDate | None:
    from ..data.dates import bounds, parse_date

    if isinstance(value, PartialDate) or value is None:
        return value
    if "value" in value:
        return parse_date(str(value["value"]))
    return bounds(value["earliest"], value["latest"])


def _up(corpus: Corpus, oid: str | None) -> set[str]:
    out: set[str] = set()
    while oid and oid not in out:
        out.add(oid)
        e = corpus.entities.get(oid)
        oid = e.values.get("unit_of") if e else None
    return out


def _same_body(corpus: Corpus, a: str | None, b: str | None) -> bool:
    return bool(a and b and (a == b or a in _up(corpus, b) or b in _up(corpus, a)))


def _match(gold: list[Any], pred: list[Any], same: Any) -> Score:
    used: set[int] = set()
    tp = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i not in used and same(g, p):
                used.add(i)
                tp += 1
                break
    return Score(tp, len(pred) - tp, len(gold) - tp)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def score_source(corpus: Corpus, gold: list[Claim], predicted: list[dict[str, Any]]) -> dict[str, Score]:
    by_type: dict[str, list[Any]] = defaultdict(list)
    for c in predicted:
        by_type[c["type"]].append(c)
    g_by: dict[str, list[Claim]] = defaultdict(list)
    for claim in gold:
        g_by[claim.type].append(claim)
    out: dict[str, Score] = {}
    # events: predicted visit ids -> gold visit ids of the same source
    event_map: dict[str, str] = {}

    def same_visit(g: Claim, p: dict[str, Any]) -> bool:
        ok: bool
        if g.get("inspectorate") != p.get("inspectorate"):
            return False
        if g.get("number") and p.get("number"):
            ok = g.get("number") == p.get("number")
        elif not (g.get("number") or g.get("date") or g.get("scheduled")):  # "since the last visit": by its words
            ok = g.get("kind") == p.get("kind") and not (p.get("number") or p.get("date") or p.get("scheduled"))
            ok = ok and _overlap([(a.start, a.end) for a in g.anchors], [tuple(o) for o in p["extracted"]["offsets"]])
        else:
            gd, pd = g.get("date") or g.get("scheduled"), _date(p.get("date") or p.get("scheduled"))
            ok = bool(gd and pd and gd.overlaps(pd))
        if ok:
            event_map[p["event"]] = g.get("event")
        return ok

    out["visit"] = _match(g_by["visit"], by_type["visit"], same_visit)
    pairs: dict[str, Callable[[_Fields], Hashable]] = {
        "tenure": lambda c: (c.get("person"), c.get("post")),
        "membership": lambda c: (c.get("person"), c.get("organisation")),
        "vacancy": lambda c: c.get("post"),
        "change": lambda c: c.get("kind"),
        "observation": lambda c: (c.get("measure"), c.get("value")),
    }
    for t, key in pairs.items():
        gold_keys = {key(c) for c in g_by[t]}
        pred_keys = {key(_Dict(c)) for c in by_type[t]}
        out[t] = Score(len(gold_keys & pred_keys), len(pred_keys - gold_keys), len(gold_keys - pred_keys))

    def same_judgement(g: Claim, p: dict[str, Any]) -> bool:
        ok = g.get("grade") == p.get("grade") and _same_body(corpus, g.get("subject"), p.get("subject"))
        if ok:  # a response to the inspection that gave the grade answers the gold inspection
            event_map.setdefault(p["inspection"], g.get("inspection"))
            for visit in by_type["visit"]:
                if visit.get("kind") == "inspection":
                    event_map.setdefault(visit["event"], g.get("inspection"))
        return ok

    out["judgement"] = _match(g_by["judgement"], by_type["judgement"], same_judgement)
    gold_resp = {(c.get("by"), c.get("to")) for c in g_by["response"]}
    pred_resp = {(c.get("by"), event_map.get(c.get("to"), c.get("to"))) for c in by_type["response"]}
    out["response"] = Score(len(gold_resp & pred_resp), len(pred_resp - gold_resp), len(gold_resp - pred_resp))
    for t in ("criticism", "praise"):
        out[t] = _match(
            g_by[t],
            by_type[t],
            lambda g, p: _overlap([(a.start, a.end) for a in g.anchors], [tuple(o) for o in p["extracted"]["offsets"]]),
        )
    return out


class _Fields(Protocol):
    """A gold claim or a predicted one (as a _Dict): its fields by name."""

    def get(self, name: str, default: Any = None, /) -> Any: ...


class _Dict:
    def __init__(self, d: dict[str, Any]) -> None:
        self.d = d

    def get(self, key: str, default: Any = None) -> Any:
        return self.d.get(key, default)


def evaluate(paths: Paths, model: str | None = None) -> Evaluation:
    """Scores of the rules, or of the rules with the optional model's people (`model`, kg/extract/model.py)."""
    from .model import label

    corpus = load_corpus(paths)
    result = Evaluation(str(paths.data), 0, f"rules + {label(model)}" if model else "rules")
    for source in sorted(corpus.sources.values(), key=lambda s: s.id):
        gold = [c for c in corpus.claims if c.source == source.id]
        if not gold or source.values.get("kind") == "register":  # a register's rows are not text to read
            continue
        result.sources += 1
        known = KnownEvents(corpus.claims, corpus.entities, leave_out=source.id)  # as if the article were new
        predicted = extract_text(source.text, source.id, source.published, corpus.entities, known, model)["claims"]
        for t, s in score_source(corpus, gold, predicted).items():
            total = result.scores[t]
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
    return result
