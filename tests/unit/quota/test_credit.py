"""What counts toward a quota, and the replay of an initiative's history into the moments its credit changed."""

from datetime import datetime

import pytest

from quota.credit import CountsFrom, JudgementChange, StateChange, credit_changes, credited, qualifies

T = [datetime(2021, 5, day, 9) for day in range(1, 20)]


@pytest.mark.parametrize(("status", "submitted", "confirmed", "recognised"), [
    ("draft", False, False, False), ("submitted", True, False, False), ("returned", False, False, False),
    ("confirmed", True, True, False), ("in_review", True, True, False), ("recognised", True, True, True),
    ("not_recognised", False, False, False), ("withdrawn", False, False, False),
])
def test_each_state_counts_from_its_milestone_on(status, submitted, confirmed, recognised):
    assert [qualifies(status, rule) for rule in CountsFrom] == [submitted, confirmed, recognised]


def test_a_judged_copy_does_not_count_whatever_its_state():
    assert credited("confirmed", CountsFrom.SUBMITTED, 0)
    assert not credited("confirmed", CountsFrom.SUBMITTED, 1)


def test_submitted_confirmed_withdrawn():
    states = [StateChange(T[0], "draft"), StateChange(T[1], "submitted"), StateChange(T[2], "confirmed"),
              StateChange(T[3], "withdrawn")]

    assert credit_changes(states, [], CountsFrom.SUBMITTED) == [(T[1], 1), (T[3], -1)]
    assert credit_changes(states, [], CountsFrom.CONFIRMED) == [(T[2], 1), (T[3], -1)]
    assert credit_changes(states, [], CountsFrom.RECOGNISED) == []


def test_returned_and_submitted_again_counts_twice_over_two_intervals():
    states = [StateChange(T[1], "submitted"), StateChange(T[2], "returned"), StateChange(T[4], "submitted")]

    assert credit_changes(states, [], CountsFrom.SUBMITTED) == [(T[1], 1), (T[2], -1), (T[4], 1)]


def test_a_judgement_takes_the_credit_and_its_undoing_gives_it_back():
    states = [StateChange(T[1], "submitted"), StateChange(T[2], "confirmed")]
    judgements = [JudgementChange(T[3], 7, True), JudgementChange(T[5], 7, False)]

    assert credit_changes(states, judgements, CountsFrom.CONFIRMED) == [(T[2], 1), (T[3], -1), (T[5], 1)]


def test_two_pairs_naming_it_a_copy_both_have_to_be_undone():
    states = [StateChange(T[1], "submitted")]
    judgements = [JudgementChange(T[2], 1, True), JudgementChange(T[3], 2, True), JudgementChange(T[4], 1, False),
                  JudgementChange(T[6], 2, False)]

    assert credit_changes(states, judgements, CountsFrom.SUBMITTED) == [(T[1], 1), (T[2], -1), (T[6], 1)]


def test_a_judgement_that_names_the_other_one_leaves_the_credit_alone():
    states = [StateChange(T[1], "submitted")]

    assert credit_changes(states, [JudgementChange(T[2], 1, False)], CountsFrom.SUBMITTED) == [(T[1], 1)]


def test_a_copy_judged_before_it_qualifies_never_counts_until_undone():
    states = [StateChange(T[1], "submitted"), StateChange(T[3], "confirmed")]
    judgements = [JudgementChange(T[2], 1, True), JudgementChange(T[4], 1, False)]

    assert credit_changes(states, judgements, CountsFrom.CONFIRMED) == [(T[4], 1)]


def test_at_the_same_moment_the_state_comes_before_the_judgement():
    states = [StateChange(T[1], "submitted")]

    assert credit_changes(states, [JudgementChange(T[1], 1, True)], CountsFrom.SUBMITTED) == [(T[1], 1), (T[1], -1)]
