"""Tables of programmes, initiatives, their authors, history, attachments and notifications."""

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow
from initiatives.lifecycle import Status
from initiatives.rules import Field
from scoring.awards import AuthorCategory


class Programme(db.Model):
    """A programme such as "75 nghìn sáng kiến": the owner unit's subtree takes part within its dates."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    opens_on: Mapped[object] = mapped_column(Date, nullable=False)
    closes_on: Mapped[object] = mapped_column(Date, nullable=False)
    # An initiative must have been first applied within this window (either end may be open).
    applied_from: Mapped[object | None] = mapped_column(Date, nullable=True)
    applied_until: Mapped[object | None] = mapped_column(Date, nullable=True)
    fields: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    owner_unit = relationship("Unit")
    phases = relationship("Phase", back_populates="programme", order_by="Phase.opens_on",
                          cascade="all, delete-orphan")


class Phase(db.Model):
    """A round (đợt) of a programme with its own submission window."""

    __tablename__ = "phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    opens_on: Mapped[object] = mapped_column(Date, nullable=False)
    closes_on: Mapped[object] = mapped_column(Date, nullable=False)

    programme = relationship("Programme", back_populates="phases")


class Initiative(db.Model):
    """An initiative as Decree 13/2012 and Circular 18/2013 describe it, with where it stands."""

    __tablename__ = "initiative"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), nullable=False)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id"), nullable=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    submitter_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    status: Mapped[Status] = mapped_column(enum_column(Status, 16), nullable=False, default=Status.DRAFT)

    title: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    field: Mapped[Field | None] = mapped_column(enum_column(Field, 24), nullable=True)
    problem: Mapped[str] = mapped_column(Text, nullable=False, default="")
    solution: Mapped[str] = mapped_column(Text, nullable=False, default="")
    novelty: Mapped[str] = mapped_column(Text, nullable=False, default="")
    first_applied_on: Mapped[object | None] = mapped_column(Date, nullable=True)
    applied_where: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    conditions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    effect: Mapped[str] = mapped_column(Text, nullable=False, default="")
    benefit_vnd: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    benefit_method: Mapped[str] = mapped_column(Text, nullable=False, default="")
    benefit_not_computable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    benefit_description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    investor: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    # Title and content folded to lower-case ASCII words, for search with or without diacritics.
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The token of the form that created it: a form sent twice creates one initiative.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    recognised_by_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    programme = relationship("Programme")
    phase = relationship("Phase")
    unit = relationship("Unit", foreign_keys=[unit_id])
    submitter = relationship("User", foreign_keys=[submitter_id])
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    recognised_by_unit = relationship("Unit", foreign_keys=[recognised_by_unit_id])
    authors = relationship("InitiativeAuthor", back_populates="initiative", order_by="InitiativeAuthor.position",
                           cascade="all, delete-orphan")
    events = relationship("InitiativeEvent", back_populates="initiative", order_by="InitiativeEvent.id")
    attachments = relationship("Attachment", back_populates="initiative", order_by="Attachment.id")

    __table_args__ = (
        # Lists are filtered by programme, unit and status and sorted newest first.
        Index("ix_initiative_unit_created", "unit_id", "created_at"),
        Index("ix_initiative_programme_status_created", "programme_id", "status", "created_at"),
        Index("ix_initiative_status_created", "status", "created_at"),
        Index("ix_initiative_created", "created_at"),
        # A subtree's list filters its units' rows by status and programme, orders and counts them, all inside
        # this index (the id is in every SQLite index, but must be named for PostgreSQL).
        Index("ix_initiative_unit_status_programme", "unit_id", "status", "programme_id", "id"),
        # "My initiatives" includes those the user entered for someone else.
        Index("ix_initiative_entered_by", "entered_by_id"),
    )


class InitiativeAuthor(db.Model):
    """An author or co-author with their share of the contribution; a member, or a person outside the system."""

    __tablename__ = "initiative_author"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    workplace: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # None while a draft's author row is still incomplete; submission requires every share.
    share: Mapped[object | None] = mapped_column(Numeric(5, 2), nullable=True)
    # Training or position, which sets the author's Creative Labour threshold (None until recorded).
    category: Mapped[AuthorCategory | None] = mapped_column(enum_column(AuthorCategory, 16), nullable=True)

    initiative = relationship("Initiative", back_populates="authors")
    user = relationship("User")


class InitiativeVersion(db.Model):
    """The content of an initiative as it stood before a revision, kept when it is edited after being returned."""

    __tablename__ = "initiative_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    saved_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)


class InitiativeEvent(db.Model):
    """A step in an initiative's life: the timeline shown on its page."""

    __tablename__ = "initiative_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    step: Mapped[str] = mapped_column(String(24), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The phase the initiative stood in after the step (set on submission), so that history says which round it was.
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id"), nullable=True)

    initiative = relationship("Initiative", back_populates="events")
    actor = relationship("User")


class Attachment(db.Model):
    """A document, drawing or photo of an initiative, stored outside the web root under a generated name."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    withdrawn_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    initiative = relationship("Initiative", back_populates="attachments")


class Notification(db.Model):
    """An in-app notice to a user that an initiative they care about changed."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False)
    step: Mapped[str] = mapped_column(String(24), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    read_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    initiative = relationship("Initiative")
    actor = relationship("User", foreign_keys=[actor_id])

    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at", "created_at"),)
