"""The seats of an initiative council (pure)."""

from enum import StrEnum


class CouncilRole(StrEnum):
    """A seat on a council."""

    CHAIR = "chair"  # chủ tịch hội đồng: decides, overrides assignments, undoes duplicate judgements
    SECRETARY = "secretary"  # thư ký: runs the council (assignment, rubric, exports, awards); does not score
    MEMBER = "member"  # thành viên: scores what they are assigned


# The seats that run the council's queue, and hear when an initiative arrives in it.
RUNNING_SEATS = frozenset({CouncilRole.CHAIR, CouncilRole.SECRETARY})

# The steps of the notices a council's work sends.
NOTICE_ARRIVED = "council_arrived"  # to the chair and secretary: a confirmed initiative joined the queue
NOTICE_FORWARDED = "council_forwarded"  # to the chair and secretary: the council below forwarded one
NOTICE_ASSIGNED = "council_assigned"  # to a reviewer given one initiative (by hand, or in a declined one's place)
NOTICE_ASSIGNED_MANY = "council_assigned_many"  # to a reviewer given initiatives by automatic assignment

