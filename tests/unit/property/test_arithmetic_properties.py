"""Properties of the figures people are shown: score aggregates, ranks, percentages of target, target splits."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from quota.progress import percent_of, split
from scoring.aggregate import aggregate, rank

SCORES = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)
REVIEWS = st.lists(st.tuples(SCORES, st.integers(min_value=1, max_value=3)), max_size=9)


@given(REVIEWS, st.floats(min_value=0, max_value=100))
def test_every_aggregate_lies_between_the_lowest_and_highest_score(reviews, limit):
    figures = aggregate(reviews, disagreement_above=limit)
    scores = [score for score, _ in reviews]
    if not scores:
        assert (figures.count, figures.mean, figures.median, figures.spread, figures.disagreement) == (
            0, None, None, None, False)
        return
    low, high = round(min(scores), 2), round(max(scores), 2)
    for value in (figures.mean, figures.median, figures.trimmed_mean):
        assert low - 0.01 <= value <= high + 0.01
    assert figures.spread == round(max(scores) - min(scores), 2) >= 0
    assert figures.stdev >= 0
    assert figures.disagreement == (len(scores) >= 2 and max(scores) - min(scores) > limit)
    assert figures.versions == tuple(sorted({version for _, version in reviews}))


@given(REVIEWS, st.randoms())
def test_the_order_of_the_reviews_changes_nothing(reviews, random):
    shuffled = list(reviews)
    random.shuffle(shuffled)
    assert aggregate(shuffled) == aggregate(reviews)


@given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=20).map(float)), max_size=20))
def test_ranks_put_higher_first_share_ties_and_leave_unscored_out(values):
    ranks = rank(values)
    assert [r is None for r in ranks] == [v is None for v in values]
    for a, rank_a in zip(values, ranks, strict=True):
        for b, rank_b in zip(values, ranks, strict=True):
            if a is not None and b is not None:
                assert (a > b) == (rank_a < rank_b) and (a == b) == (rank_a == rank_b)
        if a is not None:  # competition ranking: one plus how many scored higher
            assert rank_a == 1 + sum(1 for b in values if b is not None and b > a)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**6))
def test_a_percentage_of_target_is_the_exact_ratio_rounded_half_up_to_one_decimal(count, target):
    exact = Fraction(count * 100, target)
    expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert percent_of(count, target) == expected
    assert percent_of(target, target) == Decimal("100.0")
    assert percent_of(count, 0) is None and percent_of(count, None) is None


@given(st.integers(min_value=0, max_value=5_000_000),
       st.dictionaries(st.text(min_size=1, max_size=4), st.integers(min_value=0, max_value=100_000), max_size=30))
def test_a_split_target_adds_up_exactly_and_each_share_is_within_one_of_its_exact_part(total, weights):
    shares = split(total, weights)
    assert set(shares) == set(weights)
    if not weights:
        return
    assert sum(shares.values()) == total
    weight_sum = sum(weights.values())
    for key, share in shares.items():
        exact = Fraction(total * weights[key], weight_sum) if weight_sum else Fraction(total, len(weights))
        assert share >= 0 and abs(share - exact) < 1
