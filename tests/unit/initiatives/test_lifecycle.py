"""The life of an initiative: which step leads where, who takes it, and when a reason is needed."""

from initiatives.lifecycle import EDITABLE, TRANSITIONS, Actor, Status, Step, steps_from, transition


def test_lifecycle_steps_and_who_takes_them():
    assert transition(Status.DRAFT, Step.SUBMIT) == (Status.SUBMITTED, Actor.AUTHOR, False)
    assert transition(Status.SUBMITTED, Step.RETURN) == (Status.RETURNED, Actor.OFFICER, True)
    assert transition(Status.RECOGNISED, Step.WITHDRAW) is None
    assert steps_from(Status.SUBMITTED) == [Step.CONFIRM, Step.RETURN, Step.WITHDRAW]


def test_only_drafts_and_returned_initiatives_can_be_edited():
    assert {Status.DRAFT, Status.RETURNED} == EDITABLE


def test_every_refusal_and_withdrawal_after_submission_needs_a_reason():
    needing = {(origin, step) for (origin, step), (_target, _who, reason) in TRANSITIONS.items() if reason}

    assert needing == {(Status.SUBMITTED, Step.RETURN), (Status.CONFIRMED, Step.RETURN),
                       (Status.IN_REVIEW, Step.REJECT), (Status.SUBMITTED, Step.WITHDRAW),
                       (Status.RETURNED, Step.WITHDRAW), (Status.CONFIRMED, Step.WITHDRAW)}
