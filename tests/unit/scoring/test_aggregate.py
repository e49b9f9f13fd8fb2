"""Aggregation rules: a review's total, an initiative's figures, disagreement, calibration and ranking."""

from dataclasses import replace

from scoring.aggregate import (
    Aggregate,
    aggregate,
    calibrated_mean,
    missing_criteria,
    rank,
    review_points,
    review_score,
    reviewer_stats,
    trimmed_mean,
)
from scoring.rubric import PROVINCIAL_TEMPLATE, Criterion, Rubric

FULL = {"novelty": 27, "applicability": 20, "effect": 30, "dossier": 8}


def test_a_review_totals_its_summed_criteria_only():
    assert review_points(PROVINCIAL_TEMPLATE, FULL) == 77
    assert review_score(PROVINCIAL_TEMPLATE, FULL) == 77


def test_a_missing_required_criterion_leaves_the_review_without_a_total():
    scores = {"novelty": 27, "applicability": None, "effect": 30}

    assert review_points(PROVINCIAL_TEMPLATE, scores) is None
    assert review_score(PROVINCIAL_TEMPLATE, scores) is None
    assert missing_criteria(PROVINCIAL_TEMPLATE, scores) == ["applicability"]


def test_a_missing_optional_criterion_adds_nothing():
    assert review_points(PROVINCIAL_TEMPLATE, {"novelty": 27, "applicability": 20, "effect": 30}) == 77
    assert missing_criteria(PROVINCIAL_TEMPLATE, {"novelty": 1, "applicability": 2, "effect": 3}) == []


def test_weights_multiply_and_the_score_is_a_share_of_the_maximum():
    weighted = Rubric("R", (Criterion("a", "A", 10, weight=2), Criterion("b", "B", 10, weight=0),
                            Criterion("c", "C", 20)))

    assert review_points(weighted, {"a": 5, "b": 10, "c": 10}) == 20
    assert review_score(weighted, {"a": 5, "b": 10, "c": 10}) == 50


def test_no_reviews_give_no_figures():
    assert aggregate([]) == Aggregate(0, None, None, None, None, None, (), False)


def test_one_review_is_its_own_mean_median_and_trimmed_mean_without_spread():
    assert aggregate([(72.0, 1)]) == Aggregate(1, 72.0, 72.0, 72.0, 0.0, 0.0, (1,), False)


def test_two_reviews_far_apart_disagree():
    figures = aggregate([(90.0, 1), (40.0, 1)], disagreement_above=20)

    assert figures == Aggregate(2, 65.0, 65.0, 65.0, 50.0, 25.0, (1,), True)


def test_a_spread_at_the_limit_is_not_a_disagreement():
    assert aggregate([(80.0, 1), (60.0, 1)], disagreement_above=20).disagreement is False
    assert aggregate([(80.0, 1), (59.5, 1)], disagreement_above=20).disagreement is True


def test_ties_in_the_middle_give_the_median_and_trimmed_mean_the_tied_value():
    figures = aggregate([(70.0, 1), (70.0, 1), (50.0, 1), (90.0, 1)])

    assert (figures.mean, figures.median, figures.trimmed_mean) == (70.0, 70.0, 70.0)


def test_trimmed_means_on_few_reviews():
    assert trimmed_mean([]) is None
    assert trimmed_mean([60.0]) == 60.0
    assert trimmed_mean([60.0, 90.0]) == 75.0
    assert trimmed_mean([10.0, 60.0, 90.0]) == 60.0
    assert trimmed_mean([10.0, 60.0, 70.0, 95.0]) == 65.0
    assert trimmed_mean([0.0, 50.0, 60.0, 70.0, 100.0]) == 60.0
    assert trimmed_mean([0.0, 50.0, 60.0, 70.0, 100.0], cut=2) == 60.0


def test_an_aggregate_says_which_rubric_versions_it_mixes():
    mixed = aggregate([(80.0, 2), (70.0, 1), (75.0, 2)])
    single = aggregate([(80.0, 2), (75.0, 2)])

    assert (mixed.versions, mixed.mixed_versions) == ((1, 2), True)
    assert (single.versions, single.mixed_versions) == ((2,), False)


def test_versions_with_different_maxima_compare_on_the_0_to_100_scale():
    second = replace(PROVINCIAL_TEMPLATE, version=2, criteria=(*PROVINCIAL_TEMPLATE.criteria[:2],
                                                               Criterion("effect", "Hiệu quả", 90)))
    under_first = review_score(PROVINCIAL_TEMPLATE, {"novelty": 15, "applicability": 15, "effect": 20})
    under_second = review_score(second, {"novelty": 15, "applicability": 15, "effect": 45})

    assert (under_first, under_second) == (50.0, 50.0)


def test_calibration_shows_a_harsh_reviewer_as_harsh():
    stats = reviewer_stats({"harsh": [40.0, 50.0, 60.0], "kind": [80.0, 90.0, 100.0], "new": [70.0]})

    assert (stats["harsh"].count, stats["harsh"].mean, round(stats["harsh"].stdev, 2), stats["harsh"].offset) == (
        3, 50.0, 8.16, -20.0)
    assert stats["kind"].offset == 20.0
    # The harsh reviewer's 60 and the kind one's 100 are both each reviewer's best mark.
    assert stats["harsh"].z(60.0) == 1.22
    assert stats["kind"].z(100.0) == 1.22
    assert stats["new"].z(70.0) is None
    assert calibrated_mean([stats["harsh"].z(60.0), stats["kind"].z(100.0), stats["new"].z(70.0)]) == 1.22
    assert calibrated_mean([None]) is None


def test_a_reviewer_who_gives_everyone_the_same_score_has_no_z_scores():
    assert reviewer_stats({"flat": [70.0, 70.0, 70.0]})["flat"].z(70.0) is None


def test_equal_scores_share_a_rank_and_unscored_ones_are_unranked():
    assert rank([80.0, 95.0, 80.0, None, 60.0]) == [2, 1, 2, None, 4]
    assert rank([]) == []
