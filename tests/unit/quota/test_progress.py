"""Progress arithmetic: percentages of targets, rates, coverage, the pace projection and the split of a target."""

from datetime import date
from decimal import Decimal

import pytest

from quota import progress


def test_the_article_figure_is_492_point_3_percent():
    assert progress.percent_of(1989, 404) == Decimal("492.3")


@pytest.mark.parametrize(("count", "target", "expected"), [
    (0, 404, Decimal("0.0")), (404, 404, Decimal("100.0")), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")),
    (1, 8, Decimal("12.5")), (1, 400, Decimal("0.3")),  # 0.25 rounds half up
    (5, 0, None), (5, None, None),
])
def test_percentages_are_to_one_decimal_rounded_half_up_and_none_without_a_target(count, target, expected):
    assert progress.percent_of(count, target) == expected


def test_rates_and_coverage_have_no_value_without_a_base():
    assert progress.per_hundred(12, 400) == Decimal("3.0")
    assert progress.per_hundred(12, 0) is None
    assert progress.share(195, 204) == Decimal("95.6")
    assert progress.share(0, 0) is None


def test_the_pace_of_the_last_fortnight_projects_the_closing_count():
    projection = progress.project(100, 72, opens=date(2021, 4, 1), closes=date(2021, 5, 31), today=date(2021, 5, 1),
                                  target=200)

    assert projection.per_day == Decimal("2.0")  # 28 in 14 days
    assert projection.projected == 100 + 2 * 30
    assert projection.percent == Decimal("80.0")
    assert projection.needed_per_day == Decimal("3.3")  # 100 more in 30 days
    assert projection.at_risk


def test_a_unit_on_course_or_done_is_not_at_risk():
    on_course = progress.project(150, 80, opens=date(2021, 4, 1), closes=date(2021, 5, 31), today=date(2021, 5, 1),
                                 target=200)
    done = progress.project(250, 240, opens=date(2021, 4, 1), closes=date(2021, 5, 31), today=date(2021, 5, 1),
                            target=200)
    closed = progress.project(10, 10, opens=date(2021, 4, 1), closes=date(2021, 5, 31), today=date(2021, 7, 1),
                              target=200)

    assert not on_course.at_risk and on_course.projected == 300
    assert not done.at_risk and done.needed_per_day is None
    assert not closed.at_risk and closed.projected == 10  # nothing is left to project after the closing day


def test_the_pace_counts_only_the_days_since_the_opening():
    projection = progress.project(10, 0, opens=date(2021, 4, 1), closes=date(2021, 4, 30), today=date(2021, 4, 5),
                                  target=None)

    assert projection.per_day == Decimal("2.0")  # 10 in the 5 days since the opening
    assert projection.percent is None and projection.needed_per_day is None and not projection.at_risk


def test_a_split_by_members_adds_up_exactly_by_largest_remainders():
    shares = progress.split(404, {"A": 1200, "B": 800, "C": 450, "D": 30})

    assert sum(shares.values()) == 404
    # Exact shares 195.48, 130.32, 73.31, 4.89: 402 whole, the two left go to D (.89) then A (.48).
    assert shares == {"A": 196, "B": 130, "C": 73, "D": 5}


def test_ties_go_to_the_larger_unit_then_by_name_and_no_members_split_evenly():
    assert progress.split(1, {"B": 10, "A": 10}) == {"A": 1, "B": 0}
    assert progress.split(10, {"A": 1, "B": 1, "C": 1}) == {"A": 4, "B": 3, "C": 3}
    assert progress.split(7, {"A": 0, "B": 0}) == {"A": 4, "B": 3}
    assert progress.split(0, {"A": 5}) == {"A": 0}
    assert progress.split(5, {}) == {}
    with pytest.raises(ValueError):
        progress.split(-1, {"A": 1})


def test_cumulative_counts_run_by_day():
    changes = [(date(2021, 5, 2), 3), (date(2021, 5, 1), 2), (date(2021, 5, 2), -1), (date(2021, 5, 4), 5)]

    assert progress.cumulative(changes) == [(date(2021, 5, 1), 2), (date(2021, 5, 2), 4), (date(2021, 5, 4), 9)]
