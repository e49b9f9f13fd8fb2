"""The Creative Labour certificate's benefit thresholds by author category, with co-authors' shares."""

from decimal import Decimal

from scoring.awards import AuthorCategory, Contribution, Eligibility, creative_labour


def test_a_worker_reaches_the_certificate_with_80_million_in_the_year():
    found = creative_labour(AuthorCategory.WORKER, [Contribution(2026, 80_000_000, Decimal(100))], 2026)

    assert found == Eligibility(True, "one_year", AuthorCategory.WORKER, 80_000_000, 80_000_000, 80_000_000,
                                120_000_000)


def test_a_worker_reaches_it_with_120_million_over_three_years():
    contributions = [Contribution(2024, 50_000_000, Decimal(100)), Contribution(2025, 30_000_000, Decimal(100)),
                     Contribution(2026, 40_000_000, Decimal(100)), Contribution(2023, 900_000_000, Decimal(100))]

    found = creative_labour(AuthorCategory.WORKER, contributions, 2026)

    assert (found.eligible, found.reason, found.one_year_vnd, found.three_years_vnd) == (
        True, "three_years", 40_000_000, 120_000_000)


def test_graduates_and_managers_need_150_and_200_million_and_have_no_three_year_rule():
    big = [Contribution(2026, 180_000_000, Decimal(100))]

    assert creative_labour(AuthorCategory.GRADUATE, big, 2026).eligible is True
    assert creative_labour(AuthorCategory.MANAGER, big, 2026).reason == "below"
    assert creative_labour(AuthorCategory.MANAGER, big, 2026).three_years_threshold is None


def test_a_co_author_is_credited_with_their_share_only():
    shared = [Contribution(2026, 120_000_000, Decimal("60")), Contribution(2026, 120_000_000, Decimal("40"))]

    lead = creative_labour(AuthorCategory.WORKER, shared[:1], 2026)
    second = creative_labour(AuthorCategory.WORKER, shared[1:], 2026)

    assert (lead.eligible, lead.one_year_vnd) == (False, 72_000_000)
    assert (second.eligible, second.one_year_vnd) == (False, 48_000_000)


def test_several_solutions_add_up():
    found = creative_labour(AuthorCategory.WORKER, [Contribution(2026, 50_000_000, Decimal(100)),
                                                    Contribution(2026, 60_000_000, Decimal(50))], 2026)

    assert (found.eligible, found.one_year_vnd) == (True, 80_000_000)


def test_a_benefit_that_cannot_be_computed_adds_nothing():
    found = creative_labour(AuthorCategory.WORKER, [Contribution(2026, None, Decimal(100))], 2026)

    assert (found.eligible, found.reason, found.one_year_vnd) == (False, "below", 0)


def test_without_a_category_the_product_cannot_say():
    found = creative_labour(None, [Contribution(2026, 500_000_000, Decimal(100))], 2026)

    assert found == Eligibility(None, "no_category", None, 500_000_000, None, 500_000_000, None)
