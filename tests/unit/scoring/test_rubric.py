"""Rubrics as data: ranges and bands, totals and thresholds, checks, storage and versions."""

from dataclasses import replace

from scoring.rubric import (
    PROVINCIAL_TEMPLATE,
    Band,
    Criterion,
    Outcome,
    Problem,
    Rubric,
    Threshold,
    check_rubric,
    revise,
)

NOVELTY = PROVINCIAL_TEMPLATE.criterion("novelty")


def test_the_provincial_sheet_scores_novelty_in_its_bands():
    assert NOVELTY.max_points == 30
    assert [(b.label, b.low, b.high) for b in NOVELTY.bands] == [
        ("Hoàn toàn mới", 27, 30), ("Cải tiến tốt", 21, 26), ("Trung bình", 16, 20), ("Cải tiến nhỏ", 1, 15),
        ("Không có tính mới hoặc sao chép", 0, 0)]
    assert NOVELTY.band_of(22).label == "Cải tiến tốt"
    assert NOVELTY.choices()[0] == ("Hoàn toàn mới", [27, 28, 29, 30])
    assert NOVELTY.choices()[-1] == ("Không có tính mới hoặc sao chép", [0])


def test_the_provincial_sheet_totals_100_and_shows_the_dossier_without_summing_it():
    assert [c.key for c in PROVINCIAL_TEMPLATE.summed] == ["novelty", "applicability", "effect"]
    assert PROVINCIAL_TEMPLATE.max_total == 100
    assert PROVINCIAL_TEMPLATE.criterion("dossier").summed is False
    assert check_rubric(PROVINCIAL_TEMPLATE) == []


def test_a_criterion_accepts_whole_points_within_its_range():
    assert NOVELTY.accepts(0) and NOVELTY.accepts(30)
    assert not NOVELTY.accepts(31)
    assert not NOVELTY.accepts(-1)
    assert not NOVELTY.accepts(2.5)
    assert not NOVELTY.accepts(True)
    assert Criterion("x", "X", 5).choices() == [("", [0, 1, 2, 3, 4, 5])]


def test_thresholds_suggest_the_outcome_of_the_highest_one_reached():
    assert PROVINCIAL_TEMPLATE.outcome_for(49.99) == Outcome.NOT_RECOGNISED
    assert PROVINCIAL_TEMPLATE.outcome_for(50) == Outcome.RECOGNISED
    assert PROVINCIAL_TEMPLATE.outcome_for(85) == Outcome.FORWARDED
    assert PROVINCIAL_TEMPLATE.outcome_for(None) is None
    assert replace(PROVINCIAL_TEMPLATE, thresholds=()).outcome_for(90) is None


def test_a_rubric_survives_storage_as_data():
    assert Rubric.from_dict(PROVINCIAL_TEMPLATE.to_dict()) == PROVINCIAL_TEMPLATE


def test_every_problem_of_a_rubric_is_named():
    broken = Rubric(name=" ", criteria=(
        Criterion("a", "", 10, bands=(Band("Cao", 5, 12), Band("Thấp", 0, 6))),
        Criterion("a", "B", 0, weight=-1),
    ), thresholds=(Threshold(120, Outcome.RECOGNISED),))

    assert check_rubric(broken) == [
        Problem("name_missing"),
        Problem("criterion_name_missing", 1),
        Problem("criterion_key_repeated", 1),
        Problem("band_out_of_range", 1, {"label": "Cao"}),
        Problem("bands_overlap", 1, {"label": "Cao"}),
        Problem("criterion_key_repeated", 2),
        Problem("max_points_out_of_range", 2),
        Problem("weight_negative", 2),
        Problem("threshold_out_of_range", None, {"at_least": 120}),
    ]
    assert check_rubric(Rubric("R", ())) == [Problem("no_criteria")]
    assert check_rubric(Rubric("R", (Criterion("a", "A", 10, summed=False),))) == [Problem("nothing_summed")]


def test_an_edit_before_scoring_keeps_the_version_and_after_makes_the_next():
    edited = replace(PROVINCIAL_TEMPLATE, thresholds=(Threshold(60, Outcome.RECOGNISED),))

    assert revise(PROVINCIAL_TEMPLATE, edited, scoring_started=False).version == 1
    assert revise(PROVINCIAL_TEMPLATE, edited, scoring_started=True).version == 2
    assert revise(PROVINCIAL_TEMPLATE, edited, scoring_started=True).thresholds == (Threshold(60, Outcome.RECOGNISED),)
    assert revise(PROVINCIAL_TEMPLATE, replace(PROVINCIAL_TEMPLATE, version=7), scoring_started=True) \
        is PROVINCIAL_TEMPLATE
