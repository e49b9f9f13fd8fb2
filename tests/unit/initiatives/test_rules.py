"""Rules shared by the form, the importer and the services."""

from datetime import date
from decimal import Decimal

import pytest

from initiatives.rules import (
    Window,
    check_benefit,
    check_contributions,
    check_first_applied,
    check_submission_window,
    parse_percent,
)


def keys(problems):
    return [(p.field, p.key, p.params) for p in problems]


@pytest.mark.parametrize(("text", "value"), [("33,5", Decimal("33.5")), ("40%", Decimal("40")), (25, Decimal("25")),
                                             (" 12.25 ", Decimal("12.25")), ("abc", None), ("", None)])
def test_percentages_are_read_with_comma_or_point(text, value):
    assert parse_percent(text) == value


def test_contributions_must_sum_to_exactly_100():
    assert check_contributions([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == []
    assert keys(check_contributions([Decimal("60"), Decimal("30")])) == [("authors", "shares_total", ("90",))]
    assert keys(check_contributions([])) == [("authors", "authors_missing", ())]


def test_each_contribution_is_positive_with_two_decimals_at_most():
    problems = check_contributions([Decimal("0"), None, Decimal("100.001"), Decimal("50")])
    assert keys(problems) == [("authors", "share_invalid", (1,)), ("authors", "share_invalid", (2,)),
                              ("authors", "share_invalid", (3,))]


def test_benefit_needs_a_method_or_a_description():
    assert check_benefit(80_000_000, "Tiết kiệm điện × đơn giá", False, "") == []
    assert check_benefit(None, "", True, "Cải thiện điều kiện làm việc") == []
    assert keys(check_benefit(None, "", False, "")) == [("benefit_vnd", "benefit_missing", ())]
    assert keys(check_benefit(5, " ", False, "")) == [("benefit_method", "benefit_method_missing", ())]
    assert keys(check_benefit(None, "", True, "")) == [("benefit_description", "benefit_description_missing", ())]


def test_submission_window_finds_the_open_phase():
    programme = Window(date(2022, 1, 8), date(2022, 12, 31))
    phases = [(1, Window(date(2022, 1, 8), date(2022, 5, 31))), (2, Window(date(2022, 7, 1), date(2022, 12, 31)))]

    assert check_submission_window(programme, phases, date(2022, 5, 31)) == (1, [])
    assert check_submission_window(programme, phases, date(2022, 7, 1)) == (2, [])
    assert keys(check_submission_window(programme, phases, date(2022, 6, 15))[1]) == [
        ("programme", "no_open_phase", ())]
    assert keys(check_submission_window(programme, [], date(2023, 1, 1))[1]) == [
        ("programme", "programme_closed", ())]


def test_first_applied_date_within_the_programmes_period():
    allowed = Window(date(2021, 1, 1), None)
    today = date(2022, 3, 1)
    assert check_first_applied(date(2021, 6, 1), allowed, today) == []
    assert keys(check_first_applied(date(2020, 12, 31), allowed, today)) == [
        ("first_applied_on", "first_applied_outside", ())]
    assert keys(check_first_applied(date(2022, 3, 2), allowed, today)) == [
        ("first_applied_on", "first_applied_future", ())]
