"""Find a curator's quote in the source text and anchor it as a W3C Web Annotation selector.

Curators copy quotes by hand: line breaks, runs of spaces and curly versus
straight quotation marks differ from the published text. Matching is done on
a normalised copy whose every character maps back to an offset in the
original, so the selector records the text exactly as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
    }
)
CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in its source: offsets into the original text, and the text around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class NormalisedText:
    """A source text folded for matching, with a map back to original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for i, raw in enumerate(text.translate(_FOLD)):
            if raw.isspace():
                if in_space:
                    continue
                in_space = True
            else:
                in_space = False
            chars.append(" " if in_space else raw)
            origin.append(i)
        self.folded = "".join(chars)
        self.origin = origin

    def find(self, quote: str) -> list[Anchor]:
        """Every place the quote occurs, in text order."""
        needle = fold(quote)
        if not needle:
            return []
        anchors = []
        at = self.folded.find(needle)
        while at != -1:  # str.find, not a regex per quote: a national corpus has tens of thousands of quotes
            start = self.origin[at]
            end = self.origin[at + len(needle) - 1] + 1
            at = self.folded.find(needle, at + len(needle))
            anchors.append(
                Anchor(
                    start=start,
                    end=end,
                    exact=self.text[start:end],
                    prefix=self.text[max(0, start - CONTEXT) : start],
                    suffix=self.text[end : end + CONTEXT],
                )
            )
        return anchors


def fold(text: str) -> str:
    """The matching form of a quote: straight quotes, single spaces, trimmed."""
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip()
