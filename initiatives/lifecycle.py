"""The life of an initiative: its states, the steps between them, and who may take each (pure)."""

from enum import StrEnum


class Status(StrEnum):
    """Where an initiative stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    CONFIRMED = "confirmed"
    IN_REVIEW = "in_review"
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    """A step that moves an initiative from one state to another."""

    SUBMIT = "submit"
    CONFIRM = "confirm"
    RETURN = "return"
    START_REVIEW = "start_review"
    RECOGNISE = "recognise"
    REJECT = "reject"
    WITHDRAW = "withdraw"


class Actor(StrEnum):
    """Who takes a step, relative to the initiative."""

    AUTHOR = "author"  # the submitter (or the officer who entered it for them)
    OFFICER = "officer"  # an officer of the submitting grassroots union or above
    REVIEWER = "reviewer"  # a reviewer or federation administrator above the union
    COUNCIL = "council"  # the initiative council that has it in its queue, through its own workflow


# (from, step) -> (to, who may take it, whether a reason is required)
TRANSITIONS: dict[tuple[Status, Step], tuple[Status, Actor, bool]] = {
    (Status.DRAFT, Step.SUBMIT): (Status.SUBMITTED, Actor.AUTHOR, False),
    (Status.RETURNED, Step.SUBMIT): (Status.SUBMITTED, Actor.AUTHOR, False),
    (Status.SUBMITTED, Step.CONFIRM): (Status.CONFIRMED, Actor.OFFICER, False),
    (Status.SUBMITTED, Step.RETURN): (Status.RETURNED, Actor.OFFICER, True),
    (Status.CONFIRMED, Step.START_REVIEW): (Status.IN_REVIEW, Actor.COUNCIL, False),
    (Status.CONFIRMED, Step.RETURN): (Status.RETURNED, Actor.REVIEWER, True),
    (Status.IN_REVIEW, Step.RECOGNISE): (Status.RECOGNISED, Actor.COUNCIL, False),
    (Status.IN_REVIEW, Step.REJECT): (Status.NOT_RECOGNISED, Actor.COUNCIL, True),
    (Status.DRAFT, Step.WITHDRAW): (Status.WITHDRAWN, Actor.AUTHOR, False),
    (Status.SUBMITTED, Step.WITHDRAW): (Status.WITHDRAWN, Actor.AUTHOR, True),
    (Status.RETURNED, Step.WITHDRAW): (Status.WITHDRAWN, Actor.AUTHOR, True),
    (Status.CONFIRMED, Step.WITHDRAW): (Status.WITHDRAWN, Actor.AUTHOR, True),
}

# The author may change the content only in these states; after submission, only when it was returned.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


def transition(status: Status, step: Step) -> tuple[Status, Actor, bool] | None:
    """Return (next state, who may take the step, reason required), or None when the step is not possible."""
    return TRANSITIONS.get((Status(status), Step(step)))


def steps_from(status: Status) -> list[Step]:
    """Return the steps possible from a state, in a stable order."""
    return [step for (origin, step) in TRANSITIONS if origin == status]
