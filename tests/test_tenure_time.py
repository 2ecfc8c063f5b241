"""Tenure intervals from partial, conflicting evidence: bounds, certain/possible status, succession, vacancies.

Every case is small and invented. Dates are written as the sources would give them and parsed with
kg.dates, so each expected bound can be checked by hand against the module's constraints:
start S: S.earliest <= T0 <= S.latest; end E: E.earliest <= T1 <= E.latest; attestation A: T0 <= A.latest and
T1 >= A.earliest.
"""

from __future__ import annotations

from datetime import date

from kg.data.dates import PartialDate, bounds, parse_date, resolve_relative
from kg.tenure.reasoning import Evidence, Span, Tenure, Timeline, Vacancy, reason

POST = "post:chief-executive"
ORG = "org:example-trust"


# --- helpers -----------------------------------------------------------------------------------------------------


def _date(raw: str | PartialDate) -> PartialDate:
    return raw if isinstance(raw, PartialDate) else parse_date(raw)


def started(raw: str | PartialDate, source: str = "src-a") -> Evidence:
    return Evidence("start", _date(raw), source)


def ended(raw: str | PartialDate, source: str = "src-a") -> Evidence:
    return Evidence("end", _date(raw), source)


def seen(raw: str | PartialDate, source: str = "src-a") -> Evidence:
    """An attestation: the person described in the post on some day of `raw`."""
    return Evidence("attested", _date(raw), source)


def tenure(
    tid: str,
    *evidence: Evidence,
    label: str = "",
    post: str | None = POST,
    single_holder: bool = True,
    exists_from: date | None = None,
    exists_to: date | None = None,
) -> Tenure:
    return Tenure(
        id=tid,
        person=f"person:{tid}",
        organisation=ORG,
        person_label=label,
        post=post,
        single_holder=single_holder,
        exists_from=exists_from,
        exists_to=exists_to,
        evidence=list(evidence),
    )


def span_of(t: Tenure) -> Span:
    """The span of one tenure reasoned on its own."""
    return reason([t]).spans[t.id]


def status(span: Span | Vacancy, raw: str) -> str | None:
    return span.status_on(parse_date(raw))


def only_vacancy_between(timeline: Timeline, after: str, before: str) -> Vacancy:
    found = [v for v in timeline.vacancies if v.after == after and v.before == before]
    assert len(found) == 1, timeline.vacancies
    return found[0]


# --- 1. one attestation --------------------------------------------------------------------------------------------


def test_one_day_attestation_bounds_start_and_end_at_that_day():
    span = span_of(tenure("t1", seen("2020-03-10")))
    assert (span.start.earliest, span.start.latest) == (None, date(2020, 3, 10))
    assert (span.end.earliest, span.end.latest) == (date(2020, 3, 10), None)
    assert span.start.latest_basis == "in post by (2020-03-10, src-a)"
    assert span.end.earliest_basis == "still in post at (2020-03-10, src-a)"
    assert span.start.earliest_basis == span.end.latest_basis == "nothing bounds it"


def test_one_day_attestation_is_certain_on_that_day():
    span = span_of(tenure("t1", seen("2020-03-10")))
    assert span.has_certain_days
    assert status(span, "2020-03-10") == "certain"


def test_one_day_attestation_is_only_possible_before_and_after():
    span = span_of(tenure("t1", seen("2020-03-10")))
    assert status(span, "2020-03-09") == "possible"
    assert status(span, "2020-03-11") == "possible"
    assert status(span, "1990") == "possible"
    assert status(span, "2040") == "possible"


def test_one_month_attestation_bounds_cross_over():
    span = span_of(tenure("t1", seen("2020-03")))
    assert span.start.latest == date(2020, 3, 31)
    assert span.end.earliest == date(2020, 3, 1)
    assert not span.has_certain_days  # no single day is proven: start.latest falls after end.earliest


def test_one_month_attestation_is_certain_for_a_period_containing_the_month():
    span = span_of(tenure("t1", seen("2020-03")))
    assert status(span, "2020-03") == "certain"
    assert status(span, "2020-02-15/2020-04-15") == "certain"
    assert status(span, "2020") == "certain"


def test_one_month_attestation_is_only_possible_for_part_of_the_month():
    span = span_of(tenure("t1", seen("2020-03")))
    assert status(span, "2020-03-15") == "possible"
    assert status(span, "2020-03-01/2020-03-30") == "possible"
    assert status(span, "2020-03-02/2020-03-31") == "possible"


def test_one_month_attestation_is_possible_before_and_after():
    span = span_of(tenure("t1", seen("2020-03")))
    assert status(span, "2019-06") == "possible"
    assert status(span, "2021-06") == "possible"


# --- 2. two attestations -------------------------------------------------------------------------------------------


def test_two_attestations_make_the_days_between_them_certain():
    span = span_of(tenure("t1", seen("2020-06-20", "src-b"), seen("2020-03-10", "src-a")))
    assert (span.certain_from, span.certain_until) == (date(2020, 3, 10), date(2020, 6, 20))
    assert span.start.latest_basis == "in post by (2020-03-10, src-a)"
    assert span.end.earliest_basis == "still in post at (2020-06-20, src-b)"
    for day in ("2020-03-10", "2020-04-30", "2020-06-20"):
        assert status(span, day) == "certain", day


def test_two_attestations_leave_days_outside_them_possible():
    span = span_of(tenure("t1", seen("2020-03-10"), seen("2020-06-20")))
    assert status(span, "2020-03-09") == "possible"
    assert status(span, "2020-06-21") == "possible"


def test_two_month_attestations_are_certain_from_the_first_month_end_to_the_second_month_start():
    span = span_of(tenure("t1", seen("2020-03"), seen("2020-06")))
    assert (span.certain_from, span.certain_until) == (date(2020, 3, 31), date(2020, 6, 1))
    assert status(span, "2020-03-31") == "certain"
    assert status(span, "2020-03-30") == "possible"
    assert status(span, "2020-06-02") == "possible"


# --- 3. explicit start ---------------------------------------------------------------------------------------------


def last_summer() -> PartialDate:
    """'last summer' in an article of 20 November 2019: summer 2019."""
    d = resolve_relative("last summer", parse_date("2019-11-20"))
    assert d is not None
    return d


def test_stated_start_sets_both_start_bounds():
    span = span_of(tenure("t1", started(last_summer()), seen("2019-12-05", "src-b")))
    assert (span.start.earliest, span.start.latest) == (date(2019, 6, 1), date(2019, 8, 31))
    assert span.start.earliest_basis == "stated start 'last summer' (2019-summer, src-a)"
    assert span.start.latest_basis == "stated start 'last summer' (2019-summer, src-a)"


def test_stated_start_plus_attestation_is_certain_from_start_latest():
    span = span_of(tenure("t1", started(last_summer()), seen("2019-12-05", "src-b")))
    assert (span.certain_from, span.certain_until) == (date(2019, 8, 31), date(2019, 12, 5))
    assert status(span, "2019-08-31") == "certain"
    assert status(span, "2019-10") == "certain"
    assert status(span, "2019-08-30") == "possible"
    assert status(span, "2019-07") == "possible"


def test_nothing_before_a_stated_start():
    span = span_of(tenure("t1", started(last_summer()), seen("2019-12-05", "src-b")))
    assert status(span, "2019-05-31") is None
    assert status(span, "2019-06-01") == "possible"


def test_attestation_before_the_stated_start_latest_tightens_it():
    span = span_of(tenure("t1", started("2019"), seen("2019-04-02", "src-b")))
    assert (span.start.earliest, span.start.latest) == (date(2019, 1, 1), date(2019, 4, 2))
    assert span.start.latest_basis == "in post by (2019-04-02, src-b)"


# --- 4. explicit end -----------------------------------------------------------------------------------------------


def test_stated_end_sets_both_end_bounds():
    span = span_of(tenure("t1", seen("2019-05-01"), ended("2020-02", "src-b")))
    assert (span.end.earliest, span.end.latest) == (date(2020, 2, 1), date(2020, 2, 29))
    assert span.end.earliest_basis == "stated end (2020-02, src-b)"
    assert span.end.latest_basis == "stated end (2020-02, src-b)"


def test_nothing_after_a_stated_end():
    span = span_of(tenure("t1", seen("2019-05-01"), ended("2020-02", "src-b")))
    assert status(span, "2020-03-01") is None
    assert status(span, "2021") is None


def test_possible_between_end_earliest_and_end_latest():
    span = span_of(tenure("t1", seen("2019-05-01"), ended("2020-02", "src-b")))
    assert status(span, "2020-02-01") == "certain"
    assert status(span, "2020-02-02") == "possible"
    assert status(span, "2020-02-29") == "possible"


def test_stated_end_alone_bounds_the_start_by_end_latest():
    span = span_of(tenure("t1", ended("2020-02")))
    assert span.start.latest == date(2020, 2, 29)
    assert span.start.latest_basis == "left by stated end (2020-02, src-a)"
    assert status(span, "2020-02") == "certain"  # in post on its last day, which lies in February
    assert status(span, "2019") == "possible"


# --- 5. conflicting evidence ---------------------------------------------------------------------------------------


def test_conflicting_stated_starts_are_both_kept():
    span = span_of(tenure("t1", started("2019-03", "src-a"), started("2019-09", "src-b")))
    assert (span.start.earliest, span.start.latest) == (date(2019, 3, 1), date(2019, 9, 30))
    assert span.start.earliest_basis == "stated start (2019-03, src-a)"
    assert span.start.latest_basis == "stated start (2019-09, src-b)"


def test_conflicting_stated_starts_are_reported_naming_both_sources():
    span = span_of(tenure("t1", started("2019-03", "src-a"), started("2019-09", "src-b")))
    assert span.conflicts == ["sources disagree on the start: (2019-03, src-a) and (2019-09, src-b)"]


def test_overlapping_stated_starts_are_not_a_conflict():
    span = span_of(tenure("t1", started("2019", "src-a"), started("2019-03", "src-b")))
    assert span.conflicts == []


def test_conflicting_stated_ends_are_reported():
    span = span_of(tenure("t1", seen("2018-01-10"), ended("2020-03", "src-a"), ended("2020-09", "src-b")))
    assert (span.end.earliest, span.end.latest) == (date(2020, 3, 1), date(2020, 9, 30))
    assert span.conflicts == ["sources disagree on the end: (2020-03, src-a) and (2020-09, src-b)"]


def test_attestation_after_the_stated_end_is_a_conflict():
    span = span_of(tenure("t1", ended("2020-02", "src-a"), seen("2020-06-15", "src-b")))
    assert span.conflicts == [
        "in post (still in post at (2020-06-15, src-b)) after the latest possible end (stated end (2020-02, src-a))"
    ]


def test_attestation_after_the_stated_end_keeps_the_end_at_the_statement():
    span = span_of(tenure("t1", ended("2020-02", "src-a"), seen("2020-06-15", "src-b")))
    assert (span.end.earliest, span.end.latest) == (date(2020, 2, 29), date(2020, 2, 29))
    assert span.end.earliest_basis == "stated end (2020-02, src-a)"


def test_conflicting_stated_starts_do_not_make_the_later_one_certain():
    span = span_of(tenure("t1", started("2019-03", "src-a"), started("2019-09", "src-b")))
    # If src-a is right the holder may have started and left in March 2019; nothing proves September.
    assert span.end.earliest == date(2019, 3, 1)
    assert status(span, "2019-09") == "possible"


def test_conflicting_stated_ends_do_not_make_the_earlier_one_certain():
    span = span_of(tenure("t1", ended("2020-03", "src-a"), ended("2020-09", "src-b")))
    # If src-b is right the holder may have started in August 2020 and left in September; nothing proves March.
    assert span.start.latest == date(2020, 9, 30)
    assert status(span, "2020-03") == "possible"


def test_agreeing_stated_starts_narrow_the_start():
    span = span_of(tenure("t1", started("2019", "src-a"), started("2019-03", "src-b"), seen("2019-06-15", "src-c")))
    assert (span.start.earliest, span.start.latest) == (date(2019, 3, 1), date(2019, 3, 31))
    assert status(span, "2019-05") == "certain"


# --- 6. succession, neighbours and vacancies -----------------------------------------------------------------------


def alice_then_gap_then_bob() -> Timeline:
    """Alice leaves in March 2020; Bob starts in June 2020: April and May are certainly vacant."""
    alice = tenure("t-alice", seen("2019-05-01"), ended("2020-03", "src-b"), label="Alice Example")
    bob = tenure("t-bob", started("2020-06", "src-c"), seen("2020-09-10"), label="Bob Example")
    return reason([bob, alice])


def test_gap_between_holders_is_a_vacancy():
    timeline = alice_then_gap_then_bob()
    vacancy = only_vacancy_between(timeline, "t-alice", "t-bob")
    assert vacancy.post == POST
    # the day after Alice can have left, the day before Bob must have started
    assert (vacancy.possible_from, vacancy.possible_until) == (date(2020, 3, 2), date(2020, 6, 29))
    assert vacancy.certain_from is not None
    assert vacancy.certain_until is not None
    assert len(timeline.vacancies) == 1  # Bob has no stated end: no vacancy after him


def test_vacancy_is_certain_after_the_first_certainly_left_and_before_the_second_could_start():
    vacancy = only_vacancy_between(alice_then_gap_then_bob(), "t-alice", "t-bob")
    assert status(vacancy, "2020-04") == "certain"
    assert status(vacancy, "2020-05-31") == "certain"


def test_vacancy_is_possible_while_either_holder_may_still_be_absent():
    vacancy = only_vacancy_between(alice_then_gap_then_bob(), "t-alice", "t-bob")
    assert status(vacancy, "2020-03-15") == "possible"
    assert status(vacancy, "2020-06-15") == "possible"
    assert status(vacancy, "2020-02") is None
    assert status(vacancy, "2020-07") is None


def test_certain_vacancy_excludes_the_holders_possible_last_and_first_days():
    alice = tenure("t-alice", seen("2019-05-01"), ended("2020-03-15", "src-b"), label="Alice Example")
    bob = tenure("t-bob", started("2020-06-01", "src-c"), seen("2020-09-10"), label="Bob Example")
    timeline = reason([alice, bob])
    vacancy = only_vacancy_between(timeline, "t-alice", "t-bob")
    assert status(timeline.spans["t-alice"], "2020-03-15") == "certain"
    assert status(timeline.spans["t-bob"], "2020-06-01") == "certain"
    # The post cannot be certainly vacant on a day its holder is certainly in it.
    assert status(vacancy, "2020-03-15") != "certain"
    assert status(vacancy, "2020-06-01") != "certain"
    assert (vacancy.certain_from, vacancy.certain_until) == (date(2020, 3, 16), date(2020, 5, 31))


def test_possible_vacancy_excludes_the_holders_certain_days():
    timeline = alice_then_gap_then_bob()
    vacancy = only_vacancy_between(timeline, "t-alice", "t-bob")
    assert status(timeline.spans["t-alice"], "2020-03-01") == "certain"
    assert status(timeline.spans["t-bob"], "2020-06-30") == "certain"
    assert status(vacancy, "2020-03-01") is None
    assert status(vacancy, "2020-06-30") is None


def test_last_holder_with_a_stated_end_is_followed_by_an_open_vacancy():
    timeline = reason([tenure("t-alice", seen("2019-05-01"), ended("2020-03", "src-b"))])
    [vacancy] = timeline.vacancies
    assert (vacancy.post, vacancy.after, vacancy.before) == (POST, "t-alice", None)
    assert vacancy.possible_until is None
    assert vacancy.certain_from is None
    assert status(vacancy, "2025") == "possible"
    assert status(vacancy, "2019") is None


def test_holders_are_linked_previous_and_next():
    spans = alice_then_gap_then_bob().spans
    assert (spans["t-alice"].previous, spans["t-alice"].next) == (None, "t-bob")
    assert (spans["t-bob"].previous, spans["t-bob"].next) == ("t-alice", None)


def alice_and_bob_overlapping_uncertainly() -> Timeline:
    """Alice left between March and September 2020; Bob started between February and June 2020."""
    alice = tenure("t-alice", seen("2019-05-01"), ended(bounds("2020-03", "2020-09"), "src-b"), label="Alice Example")
    bob = tenure("t-bob", started(bounds("2020-02", "2020-06"), "src-c"), seen("2020-10-01"), label="Bob Example")
    return reason([alice, bob])


def test_next_holder_caps_the_previous_holders_end():
    alice = alice_and_bob_overlapping_uncertainly().spans["t-alice"]
    assert (alice.end.earliest, alice.end.latest) == (date(2020, 3, 1), date(2020, 6, 30))
    assert alice.end.earliest_basis == "stated end (2020-03/2020-09, src-b)"
    assert alice.end.latest_basis == "the next holder (Bob Example) was in post by 2020-06-30"
    assert status(alice, "2020-08") is None


def test_previous_holder_raises_the_next_holders_start():
    bob = alice_and_bob_overlapping_uncertainly().spans["t-bob"]
    assert (bob.start.earliest, bob.start.latest) == (date(2020, 3, 1), date(2020, 6, 30))
    assert bob.start.earliest_basis == "the previous holder (Alice Example) was in post until at least 2020-03-01"
    assert bob.start.latest_basis == "stated start (2020-02/2020-06, src-c)"
    assert status(bob, "2020-02") is None


def test_uncertain_handover_is_only_a_possible_vacancy():
    vacancy = only_vacancy_between(alice_and_bob_overlapping_uncertainly(), "t-alice", "t-bob")
    assert (vacancy.possible_from, vacancy.possible_until) == (date(2020, 3, 2), date(2020, 6, 29))
    assert (vacancy.certain_from, vacancy.certain_until) == (None, None)
    assert status(vacancy, "2020-04") == "possible"


def test_neighbour_basis_falls_back_to_the_person_id_without_a_label():
    alice = tenure("t-alice", seen("2019-05-01"), ended(bounds("2020-03", "2020-09"), "src-b"))
    bob = tenure("t-bob", started(bounds("2020-02", "2020-06"), "src-c"), seen("2020-10-01"))
    spans = reason([alice, bob]).spans
    assert spans["t-alice"].end.latest_basis == "the next holder (person:t-bob) was in post by 2020-06-30"
    assert spans["t-bob"].start.earliest_basis == (
        "the previous holder (person:t-alice) was in post until at least 2020-03-01"
    )


def test_holders_of_different_posts_do_not_bound_each_other():
    alice = tenure("t-alice", seen("2019-05-01"), ended(bounds("2020-03", "2020-09"), "src-b"))
    bob = tenure("t-bob", started(bounds("2020-02", "2020-06"), "src-c"), seen("2020-10-01"), post="post:chair")
    timeline = reason([alice, bob])
    assert timeline.spans["t-alice"].end.latest == date(2020, 9, 30)
    assert timeline.spans["t-bob"].start.earliest == date(2020, 2, 1)
    assert timeline.spans["t-alice"].next is None
    assert timeline.spans["t-bob"].previous is None


# --- 7. unnamed holders --------------------------------------------------------------------------------------------


def test_unnamed_holder_takes_part_in_the_succession():
    alice = tenure("t-alice", seen("2019-05-01"), ended(bounds("2020-03", "2020-09"), "src-b"), label="Alice Example")
    unnamed = tenure(
        "t-unnamed", started(bounds("2020-02", "2020-06"), "src-c"), seen("2020-10-01"), label="the new chief executive"
    )
    timeline = reason([unnamed, alice])
    spans = timeline.spans
    assert spans["t-alice"].next == "t-unnamed"
    assert spans["t-unnamed"].previous == "t-alice"
    assert spans["t-alice"].end.latest == date(2020, 6, 30)
    assert spans["t-alice"].end.latest_basis == "the next holder (the new chief executive) was in post by 2020-06-30"
    assert spans["t-unnamed"].start.earliest == date(2020, 3, 1)
    assert [s.tenure.id for s in timeline.of_post(POST)] == ["t-alice", "t-unnamed"]


def test_unnamed_previous_holder_bounds_the_next_one():
    unnamed = tenure("t-unnamed", seen("2019-05-01"), ended("2020-03", "src-b"), label="the interim chief executive")
    bob = tenure("t-bob", started("2020-06", "src-c"), label="Bob Example")
    timeline = reason([bob, unnamed])
    vacancy = only_vacancy_between(timeline, "t-unnamed", "t-bob")
    assert status(vacancy, "2020-04") == "certain"
    assert timeline.spans["t-bob"].previous == "t-unnamed"


# --- 8. organisation existence -------------------------------------------------------------------------------------


def test_organisation_founding_raises_the_earliest_start():
    span = span_of(tenure("t1", started("2018"), seen("2019-01-10"), exists_from=date(2018, 4, 1)))
    assert span.start.earliest == date(2018, 4, 1)
    assert span.start.earliest_basis == "the organisation exists from 2018-04-01"
    assert status(span, "2018-03") is None
    assert status(span, "2018-04") == "possible"


def test_organisation_founding_bounds_a_tenure_with_no_stated_start():
    span = span_of(tenure("t1", seen("2019-01-10"), exists_from=date(2018, 4, 1)))
    assert span.start.earliest == date(2018, 4, 1)
    assert span.start.earliest_basis == "the organisation exists from 2018-04-01"


def test_organisation_founding_does_not_loosen_a_later_stated_start():
    span = span_of(tenure("t1", started("2018-09"), exists_from=date(2018, 4, 1)))
    assert span.start.earliest == date(2018, 9, 1)
    assert span.start.earliest_basis == "stated start (2018-09, src-a)"


def test_attestation_before_the_organisation_exists_is_a_conflict():
    span = span_of(tenure("t1", seen("2017-06-01"), exists_from=date(2018, 4, 1)))
    assert span.conflicts == [
        "in post (in post by (2017-06-01, src-a)) before the earliest possible start "
        "(the organisation exists from 2018-04-01)"
    ]


def test_organisation_closing_caps_the_latest_end():
    span = span_of(tenure("t1", seen("2020-01-10"), ended("2021"), exists_to=date(2021, 6, 30)))
    assert span.end.latest == date(2021, 6, 30)
    assert span.end.latest_basis == "the organisation exists until 2021-06-30"
    assert status(span, "2021-06-30") == "possible"
    assert status(span, "2021-07") is None


def test_organisation_closing_bounds_a_tenure_with_no_stated_end():
    span = span_of(tenure("t1", seen("2020-01-10"), exists_to=date(2021, 6, 30)))
    assert span.end.latest == date(2021, 6, 30)
    assert status(span, "2022") is None


# --- 9. overlapping holders; multi-holder posts --------------------------------------------------------------------


def alice_and_bob_both_certain() -> Timeline:
    """Alice certainly in post January-June 2020; Bob certainly in post March-September 2020."""
    alice = tenure("t-alice", seen("2020-01-10"), seen("2020-06-10"), label="Alice Example")
    bob = tenure("t-bob", seen("2020-03-05"), seen("2020-09-01"), label="Bob Example")
    return reason([alice, bob])


def test_two_holders_certainly_in_post_together_is_a_conflict_on_both():
    spans = alice_and_bob_both_certain().spans
    note = "Alice Example and Bob Example are both certainly in this single-holder post"
    assert note in spans["t-alice"].conflicts
    assert note in spans["t-bob"].conflicts


def test_holders_who_hand_over_on_the_same_day_are_not_a_conflict():
    alice = tenure("t-alice", seen("2020-01-10"), seen("2020-06-10"), label="Alice Example")
    bob = tenure("t-bob", seen("2020-06-10"), seen("2020-09-01"), label="Bob Example")
    spans = reason([alice, bob]).spans
    assert spans["t-alice"].conflicts == []
    assert spans["t-bob"].conflicts == []


def test_overlap_conflict_names_unlabelled_holders_by_id():
    alice = tenure("t-alice", seen("2020-01-10"), seen("2020-06-10"))
    bob = tenure("t-bob", seen("2020-03-05"), seen("2020-09-01"))
    spans = reason([alice, bob]).spans
    assert spans["t-alice"].conflicts == [
        "person:t-alice and person:t-bob are both certainly in this single-holder post"
    ]


def test_overlapping_holders_leave_no_vacancy():
    timeline = alice_and_bob_both_certain()
    assert status(timeline.spans["t-alice"], "2020-04") == "certain"
    assert status(timeline.spans["t-bob"], "2020-04") == "certain"
    assert timeline.vacancies == []
    # and neither holder's interval was squeezed into an impossible one by the other
    for span in timeline.spans.values():
        assert span.end.earliest is None or span.end.latest is None or span.end.earliest <= span.end.latest
        assert span.start.earliest is None or span.start.latest is None or span.start.earliest <= span.start.latest


def board_members() -> Timeline:
    alice = tenure("t-alice", seen("2020-01-10"), seen("2020-06-10"), post="post:trustee", single_holder=False)
    bob = tenure("t-bob", seen("2020-03-05"), ended("2020-09"), post="post:trustee", single_holder=False)
    return reason([alice, bob])


def test_multi_holder_post_members_may_overlap_without_conflict():
    spans = board_members().spans
    assert spans["t-alice"].conflicts == []
    assert spans["t-bob"].conflicts == []


def test_multi_holder_post_is_not_ordered_into_a_succession():
    spans = board_members().spans
    assert (spans["t-alice"].previous, spans["t-alice"].next) == (None, None)
    assert (spans["t-bob"].previous, spans["t-bob"].next) == (None, None)


def test_multi_holder_post_members_do_not_bound_each_other():
    spans = board_members().spans
    assert spans["t-alice"].end.latest is None
    assert spans["t-bob"].start.earliest is None


def test_multi_holder_post_gets_no_vacancies():
    assert board_members().vacancies == []


def test_tenure_without_a_post_gets_no_succession():
    timeline = reason([tenure("t1", seen("2020-01-10"), ended("2020-03"), post=None)])
    assert timeline.vacancies == []
    assert timeline.spans["t1"].next is None


# --- 10. Timeline.of_post ------------------------------------------------------------------------------------------


def test_of_post_lists_holders_in_succession_order():
    carol = tenure("t-carol", started("2022-01"), seen("2023-05-01"), label="Carol Example")
    alice = tenure("t-alice", seen("2018-02-01"), ended("2019-12"), label="Alice Example")
    bob = tenure("t-bob", started("2020-02"), ended("2021-11"), label="Bob Example")
    other = tenure("t-dan", seen("2019-01-01"), post="post:chair", label="Dan Example")
    timeline = reason([carol, other, alice, bob])
    assert [s.tenure.id for s in timeline.of_post(POST)] == ["t-alice", "t-bob", "t-carol"]
    assert [s.tenure.id for s in timeline.of_post("post:chair")] == ["t-dan"]
    assert timeline.of_post("post:nobody") == []


def test_of_post_order_matches_previous_and_next():
    carol = tenure("t-carol", started("2022-01"), seen("2023-05-01"))
    alice = tenure("t-alice", seen("2018-02-01"), ended("2019-12"))
    bob = tenure("t-bob", started("2020-02"), ended("2021-11"))
    ordered = reason([carol, alice, bob]).of_post(POST)
    assert [s.previous for s in ordered] == [None, "t-alice", "t-bob"]
    assert [s.next for s in ordered] == ["t-bob", "t-carol", None]


# --- edge cases ----------------------------------------------------------------------------------------------------


def test_tenure_without_evidence_is_possible_at_any_time_and_never_certain():
    span = span_of(tenure("t1"))
    assert not span.has_certain_days
    assert status(span, "1900") == "possible"
    assert status(span, "2100-01-01") == "possible"


def test_evidence_text_equal_to_the_sources_date_is_not_quoted():
    d = parse_date("2020-03-10").with_text("the source's date")
    span = span_of(tenure("t1", seen(d)))
    assert span.start.latest_basis == "in post by (2020-03-10, src-a)"
