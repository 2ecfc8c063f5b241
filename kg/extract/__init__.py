"""Reading new text. Enters: an article's text (and the curated data, to link against). Leaves: candidate claims
(with quotes, offsets, rule and confidence) for review; `kg ingest` adds a text to data/ with its candidates, and
`kg review` turns accepted candidates into claims and entities in data/.

The default path needs nothing downloaded: spaCy's blank English tokenizer and sentencizer, its Matcher with
patterns from ontology/extraction/gazetteer.yaml, and rules over the patterns of local news."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..data.dates import PartialDate
from ..data.model import ENTITY_REF_FIELDS, Corpus, Entity
from ..data.paths import Paths
from ..errors import Location
from .known import KnownEvents
from .reader import check_length, read
from .resources import load_resources
from .rules import Candidate, Extraction

ORDER = [
    "visit",
    "judgement",
    "tenure",
    "membership",
    "vacancy",
    "change",
    "observation",
    "criticism",
    "praise",
    "response",
]
ENTITY_FIELDS = ENTITY_REF_FIELDS


def extract_text(
    text: str,
    source_id: str,
    published: PartialDate | None,
    entities: dict[str, Entity],
    known: KnownEvents | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Candidate claims for one article, in the format of data/claims plus proposed entities (docs/candidates.md);
    inspections and ratings the curated claims already hold (`known`) keep their ids. `model` names an optional
    spaCy pipeline whose people join the rules' names (kg/extract/model.py); None reads with the rules alone."""
    from . import critics, events, grades, responses, speech, statements, succession

    check_length(text, Location(source_id))
    res = load_resources()
    x = Extraction(read(text, res, model), source_id, published, entities, res, known)
    x.find_bodies()
    x.find_people()
    succession.tenure_changes(x)
    succession.predecessors(x)
    succession.same_post_elsewhere(x)
    events.visits(x)
    grades.judgements(x)
    said = speech.speakers(x)
    statements.findings(x, said)
    critics.critics(x, said)
    events.changes(x)
    responses.responses(x, said)
    events.figures(x)
    events.vacancies(x)
    for c in x.out:  # quotes start and end on words, not on the blank lines between paragraphs
        c.spans = [_trim(text, s, e) for s, e in c.spans]
    claims = _deduplicated(x.out)
    used: set[str] = set()
    records = []
    for n, c in enumerate(claims, 1):
        for key in ENTITY_FIELDS:
            value = c.fields.get(key)
            used.update(value if isinstance(value, list) else [value] if value else [])
        records.append(
            {
                "id": f"x{n:03d}-{c.type}",
                "type": c.type,
                **c.fields,
                "quote": [text[s:e] for s, e in c.spans] if len(c.spans) > 1 else text[c.spans[0][0] : c.spans[0][1]],
                "extracted": {
                    "rule": c.rule,
                    "confidence": c.confidence,
                    "offsets": [list(s) for s in c.spans],
                    **({"mentions": c.mentions} if c.mentions else {}),
                    **({"needs": c.needs} if c.needs else {}),
                },
            }
        )
    return {"source": source_id, "entities": x.linker.proposed_entities(used), "claims": records}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _deduplicated(items: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    out = []
    for c in sorted(items, key=lambda c: (ORDER.index(c.type), c.spans[0][0], c.rule)):
        key = repr((c.type, sorted(c.fields.items(), key=lambda kv: kv[0]), c.spans))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def extract_file(
    paths: Paths,
    text_path: Path,
    source_id: str,
    published: PartialDate | None = None,
    corpus: Corpus | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Extract from a file, linking to the entities and events in paths.data (pass `corpus` to load it once for
    many files); the date comes from the source's metadata if the article is already a source, else from
    `published`."""
    from ..data.yaml_strict import read_text_utf8
    from ..registers import load_project as load_corpus

    text = read_text_utf8(text_path)
    check_length(text, Location(text_path))  # before the corpus is loaded: a refusal should be quick
    corpus = corpus or load_corpus(paths)
    if published is None and source_id in corpus.sources:
        published = corpus.sources[source_id].published
    known = KnownEvents(corpus.claims, corpus.entities, leave_out=source_id)  # re-reading a source: not its claims
    return extract_text(text, source_id, published, corpus.entities, known, model)
