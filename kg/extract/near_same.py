"""Is a new article nearly a text data/sources already has? The same report saved twice differs in its quotes,
dashes, line breaks or a corrected word; ingesting both would count every fact twice over two sources."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

from ..data.yaml_strict import read_text_utf8
from ..store.matching import normalise

NEAR = 0.95  # share of matching words (difflib's ratio over the normalised words) that counts as nearly the same
_LENGTH_FLOOR = NEAR / (2 - NEAR)  # a ratio of NEAR needs the shorter text to be at least this share of the longer


def words(text: str) -> list[str]:
    """The text's words as names are matched: case, accents, quotes, dashes and spacing folded away."""
    return normalise(text).split()


def nearly_same(data: Path, text: str) -> tuple[str, float] | None:
    """The source most like `text` when it is at least NEAR alike (1.0 for the same words), else None."""
    mine = words(text)
    best: tuple[str, float] | None = None
    for path in sorted((data / "sources").glob("*.txt")):
        theirs = words(read_text_utf8(path))
        shorter, longer = sorted((len(mine), len(theirs)))
        if not longer or shorter / longer < _LENGTH_FLOOR:
            continue
        if mine == theirs:
            return path.stem, 1.0
        matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
        if matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR:
            continue
        ratio = matcher.ratio()
        if ratio >= NEAR and (best is None or ratio > best[1]):
            best = (path.stem, ratio)
    return best
