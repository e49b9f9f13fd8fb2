from datetime import datetime, timedelta

from quota.indicators import Submission, UnitSignals, burst_sizes, unit_signals

T0 = datetime(2024, 3, 1, 8, 0)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_share_counts_initiatives_in_pairs_within_the_unit_only():
    submissions = [Submission(1, 10, 2024, at(0)), Submission(2, 10, 2024, at(100)), Submission(3, 10, 2024, at(200)),
                   Submission(4, 10, 2024, at(300)), Submission(5, 20, 2024, at(0))]
    signals = unit_signals(submissions, [(1, 2), (3, 5)])
    assert signals[10] == UnitSignals(10, initiatives=4, duplicated=2, share=0.5, bursts=0, largest_burst=0,
                                      resubmissions=0)
    assert signals[20] == UnitSignals(20, initiatives=1, duplicated=0, share=0.0, bursts=0, largest_burst=0,
                                      resubmissions=0)


def test_three_near_identical_submissions_within_48_hours_make_a_burst():
    submissions = [Submission(n, 10, 2024, at(hours)) for n, hours in ((1, 0), (2, 20), (3, 47), (4, 200))]
    chain = [(1, 2), (2, 3), (3, 4)]
    signals = unit_signals(submissions, chain)
    assert (signals[10].bursts, signals[10].largest_burst, signals[10].duplicated) == (1, 3, 4)


def test_submissions_spread_over_more_than_48_hours_are_no_burst():
    submissions = [Submission(n, 10, 2024, at(hours)) for n, hours in ((1, 0), (2, 30), (3, 49))]
    assert unit_signals(submissions, [(1, 2), (2, 3)])[10].bursts == 0


def test_burst_sizes_counts_separate_runs():
    times = [*(at(h) for h in (0, 1, 2, 3, 100, 101, 102, 300)), None]
    assert burst_sizes(times) == [4, 3]
    assert burst_sizes([at(0), at(1)]) == []


def test_resubmission_is_the_later_year_member_counted_for_its_own_unit():
    submissions = [Submission(1, 10, 2022, at(0)), Submission(2, 20, 2024, at(1)), Submission(3, 20, 2024, at(2)),
                   Submission(4, 10, 2023, at(3))]
    signals = unit_signals(submissions, [(1, 2), (1, 3), (2, 3), (1, 4)])
    assert (signals[20].resubmissions, signals[10].resubmissions) == (2, 1)
    # The two 2024 copies in unit 20 are also near-duplicates of each other, within the unit.
    assert (signals[20].duplicated, signals[20].share) == (2, 1.0)


def test_same_year_pairs_are_not_resubmissions_and_unknown_members_are_ignored():
    submissions = [Submission(1, 10, 2024, at(0)), Submission(2, 20, 2024, at(1))]
    signals = unit_signals(submissions, [(1, 2), (1, 99)])
    assert (signals[10].resubmissions, signals[20].resubmissions, signals[10].duplicated) == (0, 0, 0)


def test_no_submissions_give_no_units():
    assert unit_signals([], [(1, 2)]) == {}
