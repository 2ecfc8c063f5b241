"""Partial dates: every form keeps its text and precision and gets honest earliest/latest bounds."""

from __future__ import annotations

from datetime import date

import pytest

from kg.data.dates import DateParseError, bounds, parse_date, resolve_relative


@pytest.mark.parametrize(
    ("raw", "earliest", "latest", "precision"),
    [
        ("2018", date(2018, 1, 1), date(2018, 12, 31), "year"),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("2019-12-18", date(2019, 12, 18), date(2019, 12, 18), "day"),
        ("2019-summer", date(2019, 6, 1), date(2019, 8, 31), "season"),
        ("2019-winter", date(2019, 12, 1), date(2020, 2, 29), "season"),
        ("2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quarter"),
        ("2019-10/2020-02", date(2019, 10, 1), date(2020, 2, 29), "range"),
    ],
)
def test_parse_date_bounds(raw, earliest, latest, precision):
    d = parse_date(raw)
    assert (d.earliest, d.latest, d.precision) == (earliest, latest, precision)


@pytest.mark.parametrize("raw", ["2019-13", "2019-02-30", "last week", "19-10", "2020-03/2019-01"])
def test_impossible_dates_are_refused(raw):
    with pytest.raises(DateParseError):
        parse_date(raw)


def test_bounds_refuse_end_before_start():
    with pytest.raises(DateParseError):
        bounds("2021-09-30", "2021-08-01")


SPRING_2020 = bounds("2020-03-01", "2020-06-30")


@pytest.mark.parametrize(
    ("phrase", "reference", "earliest", "latest"),
    [
        ("last summer", SPRING_2020, date(2019, 6, 1), date(2019, 8, 31)),
        ("back in October", bounds("2019-12-18", "2020-01-31"), date(2019, 10, 1), date(2019, 10, 31)),
        ("in February", bounds("2024-03-01", "2024-05-31"), date(2024, 2, 1), date(2024, 2, 29)),
        ("last month", parse_date("2021-09"), date(2021, 8, 1), date(2021, 8, 31)),
        ("next year", parse_date("2019-12"), date(2020, 1, 1), date(2020, 12, 31)),
        ("yesterday", parse_date("2021-09-15"), date(2021, 9, 14), date(2021, 9, 14)),
        # a bare season in a report of what happened: the latest begun by the source's date
        ("in the spring", parse_date("2023-09-12"), date(2023, 3, 1), date(2023, 5, 31)),
        ("in the autumn", parse_date("2023-04-01"), date(2022, 9, 1), date(2022, 11, 30)),
        ("during the winter", parse_date("2024-01-10"), date(2023, 12, 1), date(2024, 2, 29)),
    ],
)
def test_relative_phrases_read_against_the_source_date(phrase, reference, earliest, latest):
    d = resolve_relative(phrase, reference)
    assert d is not None
    assert (d.earliest, d.latest) == (earliest, latest)
    assert d.text == phrase


def test_relative_phrase_widens_when_the_source_date_is_uncertain():
    # Published some time in August-September 2021: "last month" is July or August.
    d = resolve_relative("last month", bounds("2021-08-01", "2021-09-30"))
    assert (d.earliest, d.latest, d.precision) == (date(2021, 7, 1), date(2021, 8, 31), "range")


def test_bare_month_after_the_reference_month_means_last_year():
    d = resolve_relative("in October", parse_date("2020-03"))
    assert d.value == "2019-10"


def test_unknown_phrase_is_not_guessed():
    assert resolve_relative("in due course", SPRING_2020) is None
