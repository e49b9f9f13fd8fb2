"""Tables of initiative councils: the council and its members, its rubric versions, its queue, the assignments with
their scores, and its award proposals.

An initiative reaches a council as a ``council_item`` — confirmed by its grassroots union (the nearest council
above the union takes it) or forwarded by the council below — and leaves it with the item's decision. A reviewer's
assignment carries their score sheet and the rubric version it was given under; a declined assignment is kept, and
its reviewer counts as conflicted with that initiative from then on.
"""

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow
from review.council_roles import CouncilRole
from scoring.awards import AwardLevel
from scoring.rubric import Outcome, Rubric

DEFAULT_REVIEWERS_PER_ITEM = 3
DEFAULT_DISAGREEMENT = 20.0


class Council(db.Model):
    """An initiative council (hội đồng sáng kiến) of one unit for one programme."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    reviewers_per_item: Mapped[int] = mapped_column(Integer, nullable=False, default=DEFAULT_REVIEWERS_PER_ITEM)
    # Blind review hides the authors' names and unit from the reviewers.
    blind: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Whether a reviewer is conflicted with the initiatives of the units where they hold an officer's or an
    # administrator's role (always with their own union's and their own).
    conflict_administered: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # A spread of scores above this (on the 0–100 scale) puts an initiative in the needs-discussion queue.
    disagreement_above: Mapped[float] = mapped_column(Float, nullable=False, default=DEFAULT_DISAGREEMENT)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    closed_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    unit = relationship("Unit")
    programme = relationship("Programme")
    members = relationship("CouncilMember", back_populates="council", order_by="CouncilMember.id",
                           primaryjoin="and_(Council.id == CouncilMember.council_id, "
                                       "CouncilMember.removed_at.is_(None))", viewonly=True)
    rubrics = relationship("CouncilRubric", back_populates="council", order_by="CouncilRubric.version")

    __table_args__ = (UniqueConstraint("unit_id", "programme_id", name="uq_council_unit_programme"),)

    @property
    def is_open(self) -> bool:
        """Tell whether the council still takes scores and decisions."""
        return self.closed_at is None

    @property
    def rubric_row(self) -> "CouncilRubric | None":
        """Return the current rubric version's row."""
        return self.rubrics[-1] if self.rubrics else None

    @property
    def rubric(self) -> Rubric | None:
        """Return the current rubric version."""
        return self.rubric_row.rubric if self.rubrics else None


class CouncilMember(db.Model):
    """A seat on a council; a member who leaves keeps their row with the day they left."""

    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    role: Mapped[CouncilRole] = mapped_column(enum_column(CouncilRole, 16), nullable=False)
    added_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    removed_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    council = relationship("Council")
    user = relationship("User")

    __table_args__ = (UniqueConstraint("council_id", "user_id", name="uq_council_member_council_user"),)


class CouncilRubric(db.Model):
    """One version of a council's rubric, stored as data; scores point at the version they were given under."""

    __tablename__ = "council_rubric"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    definition: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    council = relationship("Council", back_populates="rubrics")

    __table_args__ = (UniqueConstraint("council_id", "version", name="uq_council_rubric_version"),)

    @property
    def rubric(self) -> Rubric:
        """Return the stored rubric."""
        return Rubric.from_dict(self.definition)


class CouncilItem(db.Model):
    """An initiative in a council's queue, from its arrival to the council's decision."""

    __tablename__ = "council_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), nullable=False)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    arrived_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    # The item of the council below that recognised and forwarded it (None: confirmed by its union).
    forwarded_from_id: Mapped[int | None] = mapped_column(ForeignKey("council_item.id"), nullable=True)
    decision: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, 16), nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    decided_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    council = relationship("Council")
    initiative = relationship("Initiative")
    forwarded_from = relationship("CouncilItem", remote_side=[id])
    decided_by = relationship("User")
    assignments = relationship("CouncilAssignment", back_populates="item", order_by="CouncilAssignment.id")

    __table_args__ = (
        UniqueConstraint("council_id", "initiative_id", name="uq_council_item_council_initiative"),
        # The queue lists a council's undecided items; the funnel counts decisions per council.
        Index("ix_council_item_council_decision", "council_id", "decision"),
    )

    @property
    def active_assignments(self) -> list["CouncilAssignment"]:
        """Return the assignments not declined."""
        return [a for a in self.assignments if a.declined_at is None]


class CouncilAssignment(db.Model):
    """A reviewer's assignment to an item, with their score sheet: a draft until submitted, or declined."""

    __tablename__ = "council_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("council_item.id"), nullable=False)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    assigned_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    by_hand: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    declined_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    decline_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    conflict_declared: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The score sheet: points per criterion key, the rubric version it was given under, a comment.
    rubric_id: Mapped[int | None] = mapped_column(ForeignKey("council_rubric.id"), nullable=True)
    scores: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    saved_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    submitted_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    item = relationship("CouncilItem", back_populates="assignments")
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    rubric_row = relationship("CouncilRubric")

    __table_args__ = (UniqueConstraint("item_id", "reviewer_id", name="uq_council_assignment_item_reviewer"),)

    @property
    def is_active(self) -> bool:
        """Tell whether the assignment still stands (not declined)."""
        return self.declined_at is None

    @property
    def is_submitted(self) -> bool:
        """Tell whether the score sheet was submitted."""
        return self.submitted_at is not None


class AwardProposal(db.Model):
    """An award a council proposes for an initiative it recognised."""

    __tablename__ = "award_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), nullable=False)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    level: Mapped[AwardLevel] = mapped_column(enum_column(AwardLevel, 24), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    proposed_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    council = relationship("Council")
    initiative = relationship("Initiative")

    __table_args__ = (UniqueConstraint("council_id", "initiative_id", name="uq_award_proposal_council_initiative"),)
