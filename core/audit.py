"""Write audit entries inside the caller's transaction; read back what one person did."""

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry


def record_audit(actor, action: str, obj=None, *, unit=None, object_type: str | None = None, **details):
    """Add an audit entry for action on obj by actor (None for the system) to the current transaction."""
    if obj is not None and obj.id is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else "system"),
        object_id=getattr(obj, "id", None),
        unit_id=getattr(unit, "id", unit) if unit is not None else None,
        details=details,
    )
    db.session.add(entry)
    return entry


def own_actions(user) -> list[dict]:
    """Return what user did, as the audit trail recorded it (for the copy of their own data)."""
    rows = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
    return [{"at": row.at, "action": row.action, "object": row.object_type, "object_id": row.object_id,
             "details": row.details} for row in rows]
