"""Tables shared by every package: the audit trail."""

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.timeutil import utcnow


class AuditEntry(db.Model):
    """One state change: who did what to which object, when, with the details needed to explain it later."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[object] = mapped_column(db.DateTime, default=utcnow, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    object_type: Mapped[str] = mapped_column(String(32), nullable=False)
    object_id: Mapped[int | None] = mapped_column(nullable=True)
    # The unit the change concerns, so that federations can read the trail of their own subtree.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True, index=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)

    actor = db.relationship("User", foreign_keys=[actor_id])
    unit = db.relationship("Unit", foreign_keys=[unit_id])

    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)
