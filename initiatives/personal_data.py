"""What the initiatives package holds about a person: the initiatives they wrote or submitted, and their notices."""

from sqlalchemy import or_, select

from core.extensions import db
from initiatives.models import Initiative, InitiativeAuthor, Notification

CONTENT = ("title", "problem", "solution", "novelty", "first_applied_on", "applied_where", "conditions", "effect",
           "benefit_vnd", "benefit_method", "benefit_not_computable", "benefit_description", "investor",
           "confidential")


def initiatives(user) -> list[dict]:
    """Return every initiative user submitted or is named an author of, with its content, authors and history."""
    authored = select(InitiativeAuthor.initiative_id).where(InitiativeAuthor.user_id == user.id)
    rows = db.session.scalars(select(Initiative).where(
        or_(Initiative.submitter_id == user.id, Initiative.id.in_(authored))).order_by(Initiative.id))
    return [{
        "id": row.id, "programme": row.programme.name, "union": row.unit.name, "status": str(row.status),
        "field": str(row.field) if row.field else None, **{name: getattr(row, name) for name in CONTENT},
        "authors": [{"name": a.name, "workplace": a.workplace, "share_percent": a.share} for a in row.authors],
        "attachments": [{"name": a.original_name, "kind": a.kind, "bytes": a.size, "uploaded_at": a.uploaded_at,
                         "withdrawn_at": a.withdrawn_at} for a in row.attachments],
        "timeline": [{"at": e.at, "step": e.step, "from": e.from_status, "to": e.to_status, "reason": e.reason}
                     for e in row.events],
    } for row in rows]


def notifications(user) -> list[dict]:
    """Return the notices sent to user."""
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at))
    return [{"at": row.created_at, "initiative_id": row.initiative_id, "step": row.step, "reason": row.reason,
             "read_at": row.read_at} for row in rows]
