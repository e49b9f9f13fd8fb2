"""Scoring: rubrics, score aggregation, reviewer assignment and award eligibility, as pure functions over plain
values (no Flask, database or forms: the review package stores and shows what these compute)."""


def init_app(app) -> None:
    """Nothing to plug in: the package holds only pure functions, which review calls."""
