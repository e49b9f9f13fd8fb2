"""Which initiatives count toward a quota, and when each started and stopped counting (pure).

A programme counts its initiatives from one milestone on (``CountsFrom``): once submitted, once confirmed by their
grassroots union, or once recognised by a council. Drafts, returned, withdrawn and not-recognised initiatives never
count, and an initiative judged a duplicate of another stops counting while that judgement stands (the original
keeps the credit).

``credit_changes`` replays an initiative's history — the states its timeline records and the duplicate judgements
that named it the copy — into the moments its credit changed. The live counters apply the same rule one change at
a time as it happens; ``flask quota rebuild`` replays every history with this function, and the two must agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class CountsFrom(StrEnum):
    """The milestone from which a programme counts an initiative toward the targets."""

    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    RECOGNISED = "recognised"


# The states (initiatives.lifecycle.Status values) that count, by milestone.
_COUNTING = {
    CountsFrom.SUBMITTED: frozenset({"submitted", "confirmed", "in_review", "recognised"}),
    CountsFrom.CONFIRMED: frozenset({"confirmed", "in_review", "recognised"}),
    CountsFrom.RECOGNISED: frozenset({"recognised"}),
}


def counting_states(counts_from: CountsFrom) -> frozenset[str]:
    """Return the states in which an initiative counts for a programme counting from counts_from."""
    return _COUNTING[CountsFrom(counts_from)]


def qualifies(status: str | None, counts_from: CountsFrom) -> bool:
    """Tell whether an initiative in this state counts for a programme counting from counts_from."""
    return status is not None and str(status) in _COUNTING[CountsFrom(counts_from)]


def credited(status: str | None, counts_from: CountsFrom, judged_copies: int) -> bool:
    """Tell whether an initiative counts: its state qualifies and no standing judgement names it a copy."""
    return qualifies(status, counts_from) and judged_copies == 0


@dataclass(frozen=True, order=True)
class StateChange:
    """The initiative entered a state at a moment (a step on its timeline)."""

    at: datetime
    status: str


@dataclass(frozen=True, order=True)
class JudgementChange:
    """A pair's judgement changed at a moment: is_copy tells whether it now names this initiative the copy."""

    at: datetime
    pair_id: int
    is_copy: bool


def credit_changes(states: Iterable[StateChange], judgements: Iterable[JudgementChange],
                   counts_from: CountsFrom) -> list[tuple[datetime, int]]:
    """Return (moment, +1 or -1) for every change of an initiative's credit, in time order.

    States come in the order of the timeline; judgements are merged in by time, and at the same moment a state comes
    before a judgement, as the live counters see them (a submission commits before anyone can judge it).
    """
    merged = [(change.at, 0, change) for change in states]
    judgements = [(change.at, 1, change) for change in judgements]
    if judgements:  # most initiatives were never judged; the sort is stable, so steps of one moment keep their order
        merged = sorted(merged + judgements, key=lambda item: (item[0], item[1]))
    status: str | None = None
    copies: set[int] = set()
    counting = False
    changes = []
    for at, _kind, change in merged:
        if isinstance(change, StateChange):
            status = change.status
        elif change.is_copy:
            copies.add(change.pair_id)
        else:
            copies.discard(change.pair_id)
        now = credited(status, counts_from, len(copies))
        if now != counting:
            changes.append((at, 1 if now else -1))
            counting = now
    return changes
