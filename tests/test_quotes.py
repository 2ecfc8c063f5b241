"""Quote anchoring tolerates line breaks, space runs and quote-mark styles, and records offsets into the original."""

from __future__ import annotations

from kg.data.quotes import NormalisedText

TEXT = "He said: \u201cThe pace of change,\n\nto date, has been   too slow.\u201d And then  he left."


def test_curly_and_straight_quotes_and_line_breaks_match():
    [anchor] = NormalisedText(TEXT).find('"The pace of change, to date, has been too slow."')
    assert TEXT[anchor.start : anchor.end] == anchor.exact
    assert anchor.exact.startswith("\u201cThe pace") and anchor.exact.endswith("slow.\u201d")
    assert anchor.prefix == "He said: "
    assert anchor.suffix == " And then  he left."


def test_missing_quote_is_not_found():
    assert NormalisedText(TEXT).find("The pace of change has been fast") == []


def test_every_occurrence_is_reported():
    assert len(NormalisedText("a b. a  b.").find("a b")) == 2


def test_apostrophe_styles_fold():
    assert NormalisedText("children\u2019s services").find("children's services")
