"""Reading one article: sentences and paragraphs (spaCy), names of people (spaCy Matcher with patterns from the
gazetteer), and who is speaking in each paragraph of reported speech."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from ..errors import DataError, Location, Problem
from .resources import QUOTE_CHARS, Resources

if TYPE_CHECKING:  # spaCy is imported when the first article is read, not with the package
    from spacy.language import Language
    from spacy.matcher import Matcher

# spaCy's own ceiling (Language.max_length): past it spaCy raises; a million characters is a book, not an article.
MAX_ARTICLE_CHARS = 1_000_000
PARAGRAPH_RX = re.compile(r"\n\s*\n")
BROKEN_END_RX = re.compile(r"[^.!?:\"\u201d\u2019'|\s]\s*$")
BROKEN_START_RX = re.compile(r"\s*[\"\u201c\u2018']?[a-z]")
QUOTED_RX = re.compile(r"[\"\u201c\u2018]([^\"\u201c\u201d]{12,}?)(?:[\"\u201d]|$)", re.DOTALL)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    speaker: str | None = None  # "inspectorate", or the person-mention key
    speaker_span: Span | None = None


@dataclass
class Article:
    text: str
    sentences: list[Span]
    paragraphs: list[Paragraph]
    names: list[Span] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Span:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return Span(offset, offset, "")

    def sentence_before_start(self, offset: int) -> int:
        """Where the sentence before the one at `offset` starts (its own start if it is the first): the reach of
        "he", "its" and the like."""
        return self.sentence_at(max(0, self.sentence_at(offset).start - 2)).start

    def paragraph_at(self, offset: int) -> Paragraph:
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p
        return self.paragraphs[-1]


@cache
def _nlp(res: Resources) -> tuple[Language, Matcher]:
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    # a hyphen between letters does not split a word, so a double-barrelled name ("Smith-Jones") is one token
    infixes = [str(rule).replace("(?:-|\u2013|", "(?:\u2013|") for rule in nlp.Defaults.infixes or []]
    tokenizer = cast(Any, nlp.tokenizer)  # spaCy's Tokenizer is compiled, without type information
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    matcher = Matcher(nlp.vocab)
    token = {"TEXT": {"REGEX": res.raw["name_token"]}}
    titles = [t.rstrip(".") for t in res.titles]
    matcher.add(
        "TITLED_NAME",
        [[{"TEXT": {"IN": titles + [t + "." for t in titles]}}, token, {**token, "OP": "?"}, {**token, "OP": "?"}]],
    )
    matcher.add("NAME", [[token, token, {**token, "OP": "?"}]])
    return nlp, matcher


def check_length(text: str, where: Location) -> None:
    """Refuse an article longer than MAX_ARTICLE_CHARS, naming it, before spaCy is asked to read it."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise DataError(
            Problem(where, f"the article is {len(text):,} characters; extraction reads at most {MAX_ARTICLE_CHARS:,}")
        )


def read(text: str, res: Resources, model: str | None = None) -> Article:
    check_length(text, Location("<article>"))
    nlp, matcher = _nlp(res)
    doc = nlp(text)
    paragraphs: list[Paragraph] = []
    pos = 0
    for chunk in PARAGRAPH_RX.split(text):
        start = text.index(chunk, pos) if chunk else pos
        end = start + len(chunk)
        previous = paragraphs[-1] if paragraphs else None
        if previous and BROKEN_END_RX.search(previous.text) and BROKEN_START_RX.match(chunk):
            # a sentence broken by a blank line ("... children's plans," / "manager oversight ..."): one paragraph
            paragraphs[-1] = Paragraph(previous.start, end, text[previous.start : end])
        else:
            paragraphs.append(Paragraph(start, end, chunk))
        pos = end
    sentences = _sentences(text, [(s.start_char, s.end_char) for s in doc.sents], [p.start for p in paragraphs])
    stop = _stopwords(res)
    names: list[Span] = []
    for match_id, s, e in sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        span = doc[s:e]
        tokens = [t.text for t in span]
        titled = nlp.vocab.strings[match_id] == "TITLED_NAME"
        name_tokens = tokens[1:] if titled else tokens
        if any(t.rstrip("'’s") in stop or t in stop for t in name_tokens):
            continue
        if names and span.start_char < names[-1].end:
            continue  # keep the longest match starting first
        if res.any_body_head_after(text, span.end_char):
            continue  # "Sedgecombe General" in "Sedgecombe General Hospital" is a body, not a person
        names.append(Span(span.start_char, span.end_char, span.text))
    if model is not None:  # the optional statistical model's people join the rules' names (kg/extract/model.py)
        from .model import person_names

        names = [
            Span(s, e, text[s:e]) for s, e in person_names(text, [(n.start, n.end) for n in names], model, res, stop)
        ]
    return Article(text, sentences, paragraphs, names)


def _sentences(text: str, spans: list[tuple[int, int]], breaks: list[int]) -> list[Span]:
    """spaCy's sentences, cut where a paragraph starts: a headline without a full stop is not the start of the
    sentence under it."""
    out: list[Span] = []
    for start, end in spans:
        cuts = [start, *(b for b in breaks if start < b < end), end]
        for s, e in itertools.pairwise(cuts):
            if text[s:e].strip():
                out.append(Span(s, e, text[s:e]))
    return out


@cache
def _stopwords(res: Resources) -> frozenset[str]:
    words = set(res.raw["name_stopwords"])
    heads = [v for k, v in res.raw["body_heads"].items() if k != "political-group"]  # "Green" is also a surname
    for phrases in (*res.raw["role_kinds"].values(), *heads):
        for p in phrases:
            words.update(w for w in re.split(r"\s+", p) if w[:1].isupper())
    return frozenset(words)


def quoted_spans(text: str, start: int, end: int) -> list[Span]:
    """The quoted passages inside [start, end)."""
    out = []
    for m in QUOTED_RX.finditer(text, start, end):
        s, e = m.start(1), m.end(1)
        body = text[s:e].strip(QUOTE_CHARS + " \n")
        if len(body) >= 12:
            offset = text.index(body, s)
            out.append(Span(offset, offset + len(body), body))
    return out
