"""The seats of an initiative council (pure)."""

from enum import StrEnum


class CouncilRole(StrEnum):
    """A seat on a council."""

    CHAIR = "chair"  # chủ tịch hội đồng: decides, overrides assignments, undoes duplicate judgements
    SECRETARY = "secretary"  # thư ký: runs the council (assignment, rubric, exports, awards); does not score
    MEMBER = "member"  # thành viên: scores what they are assigned
