"""Score aggregation: a review's total, an initiative's figures over its reviews, and reviewer calibration.

Rules (``None`` is "no data", never 0):

- a review's **points** are the weighted sum of its summed criteria; ``None`` while a required summed criterion has
  no score (an optional one without a score adds nothing); its **score** is the points as a share of the rubric's
  maximum, on a 0–100 scale, so that reviews given under rubric versions of different maxima compare;
- over an initiative's submitted reviews: the **mean**, the **median** (the mean of the two middle scores for an even
  count), the **trimmed mean** (the highest and the lowest score left out once there are at least three; below that
  the plain mean, since nothing can be cut without losing everything), the **spread** (max − min), the population
  **standard deviation** (0 for a single review); all ``None`` without reviews;
- **disagreement** when the spread is above the council's limit (two reviews at least), which puts the initiative in
  the *needs discussion* queue; the aggregate lists the rubric **versions** it mixes;
- **calibration**: a reviewer's scores as z-scores against their own history (their mean and standard deviation over
  every review they submitted to the council), ``None`` until they have submitted ``MIN_HISTORY`` reviews or while
  they gave every initiative the same score; an initiative's calibrated figure is the mean of its reviews' z-scores;
- **ranking** gives equal scores the same rank (1, 2, 2, 4); initiatives without a score come last, unranked.
"""

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.rubric import Rubric

DEFAULT_DISAGREEMENT = 20.0
MIN_HISTORY = 3


def review_points(rubric: Rubric, scores: Mapping[str, int | None]) -> float | None:
    """Return the weighted total of a review's summed criteria, or None while a required one is missing."""
    total = 0.0
    for criterion in rubric.summed:
        value = scores.get(criterion.key)
        if value is None:
            if criterion.required:
                return None
            continue
        total += value * criterion.weight
    return total


def review_score(rubric: Rubric, scores: Mapping[str, int | None]) -> float | None:
    """Return a review's points as a share of the rubric's maximum, 0–100, or None while incomplete."""
    points = review_points(rubric, scores)
    if points is None or rubric.max_total <= 0:
        return None
    return round(points / rubric.max_total * 100, 2)


def missing_criteria(rubric: Rubric, scores: Mapping[str, int | None]) -> list[str]:
    """Return the keys of the required criteria a review has not scored yet."""
    return [c.key for c in rubric.criteria if c.required and scores.get(c.key) is None]


def median(values: Sequence[float]) -> float | None:
    """Return the median (the mean of the two middle values for an even count), None without values."""
    return statistics.median(values) if values else None


def trimmed_mean(values: Sequence[float], cut: int = 1) -> float | None:
    """Return the mean without the cut highest and cut lowest values, when more than 2 * cut remain to cut from."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) > 2 * cut:
        ordered = ordered[cut:len(ordered) - cut]
    return statistics.fmean(ordered)


@dataclass(frozen=True)
class Aggregate:
    """What an initiative's submitted reviews add up to."""

    count: int
    mean: float | None
    median: float | None
    trimmed_mean: float | None
    spread: float | None
    stdev: float | None
    versions: tuple[int, ...]
    disagreement: bool

    @property
    def mixed_versions(self) -> bool:
        """Tell whether the reviews were given under more than one rubric version."""
        return len(self.versions) > 1


def aggregate(reviews: Sequence[tuple[float, int]], *, disagreement_above: float = DEFAULT_DISAGREEMENT,
              cut: int = 1) -> Aggregate:
    """Return the figures of an initiative's submitted reviews, each given as (score 0–100, rubric version)."""
    scores = [score for score, _ in reviews]
    versions = tuple(sorted({version for _, version in reviews}))
    if not scores:
        return Aggregate(0, None, None, None, None, None, versions, False)
    spread = max(scores) - min(scores)
    return Aggregate(
        count=len(scores),
        mean=round(statistics.fmean(scores), 2),
        median=round(median(scores), 2),
        trimmed_mean=round(trimmed_mean(scores, cut), 2),
        spread=round(spread, 2),
        stdev=round(statistics.pstdev(scores), 2),
        versions=versions,
        disagreement=len(scores) >= 2 and spread > disagreement_above,
    )


@dataclass(frozen=True)
class ReviewerStats:
    """How a reviewer scores: their count, mean and standard deviation, and how far their mean sits from everyone's."""

    count: int
    mean: float
    stdev: float
    offset: float  # the reviewer's mean minus the mean of every review: below 0 scores harder than the others

    def z(self, score: float | None) -> float | None:
        """Return score as a z-score against the reviewer's history, or None when the history cannot say."""
        if score is None or self.count < MIN_HISTORY or self.stdev == 0:
            return None
        return round((score - self.mean) / self.stdev, 2)


def reviewer_stats(history: Mapping[object, Sequence[float]]) -> dict[object, ReviewerStats]:
    """Return each reviewer's statistics from {reviewer: [their submitted scores]}."""
    everything = [score for scores in history.values() for score in scores]
    overall = statistics.fmean(everything) if everything else 0.0
    return {reviewer: ReviewerStats(len(scores), statistics.fmean(scores), statistics.pstdev(scores),
                                    round(statistics.fmean(scores) - overall, 2))
            for reviewer, scores in history.items() if scores}


def calibrated_mean(z_scores: Sequence[float | None]) -> float | None:
    """Return the mean of the z-scores known, None when none is."""
    known = [z for z in z_scores if z is not None]
    return round(statistics.fmean(known), 2) if known else None


def rank(values: Sequence[float | None]) -> list[int | None]:
    """Return the competition rank of each value, highest first (equal values share a rank); None stays unranked."""
    known = sorted((v for v in values if v is not None), reverse=True)
    first = {}
    for position, value in enumerate(known, start=1):
        first.setdefault(value, position)
    return [None if v is None else first[v] for v in values]


def sort_key(value: float | None, descending: bool = True) -> tuple[int, float]:
    """Return a key that orders values (highest first by default) with None always last."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return (1, 0.0)
    return (0, -value if descending else value)
