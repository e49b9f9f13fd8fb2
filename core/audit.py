"""Write audit entries inside the caller's transaction."""

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
