"""In-app notices: who hears of a step in an initiative's life."""

from sqlalchemy import func, select, update

from core.extensions import db
from core.timeutil import utcnow
from initiatives.lifecycle import Step
from initiatives.models import Notification
from unions.models import RoleAssignment, Unit
from unions.roles import MEMBER_MANAGERS


def officer_ids(unit) -> set[int]:
    """Return the users who manage the members of unit (officers and administrators above it)."""
    ancestor_ids = [*unit.ancestor_ids, unit.id]
    return set(db.session.scalars(
        select(RoleAssignment.user_id).join(Unit, RoleAssignment.unit_id == Unit.id)
        .where(RoleAssignment.revoked_at.is_(None), RoleAssignment.role.in_(list(MEMBER_MANAGERS)),
               RoleAssignment.unit_id.in_(ancestor_ids), Unit.depth >= unit.depth - 1)))


def interested_users(initiative, step: Step, officers: set[int] | None = None) -> set[int]:
    """Return who should hear of step: the authors always, the union's officers when it is submitted.

    officers, when given, are the union's officers already looked up (many initiatives of one union at once).
    """
    people = {initiative.submitter_id, initiative.entered_by_id}
    people.update(a.user_id for a in initiative.authors)
    if step == Step.SUBMIT:
        people.update(officer_ids(initiative.unit) if officers is None else officers)
    return {p for p in people if p is not None}


def notify_step(actor, initiative, step: Step, reason: str, officers: set[int] | None = None) -> None:
    """Tell everyone interested, except whoever took the step, that it happened."""
    for user_id in sorted(interested_users(initiative, step, officers) - {getattr(actor, "id", None)}):
        db.session.add(Notification(user_id=user_id, initiative=initiative, step=str(step),
                                    actor_id=getattr(actor, "id", None), reason=(reason or "").strip()))


def notify_users(user_ids, actor, initiative, step: str, reason: str = "") -> None:
    """Tell the given people (except whoever acted) that step happened to initiative."""
    for user_id in sorted(set(user_ids) - {getattr(actor, "id", None), None}):
        db.session.add(Notification(user_id=user_id, initiative=initiative, step=step,
                                    actor_id=getattr(actor, "id", None), reason=(reason or "").strip()))


def unread_count(user_id: int) -> int:
    """Return how many notices the user has not read."""
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user_id, Notification.read_at.is_(None)))


def mark_read(notice: Notification) -> None:
    """Mark one notice read (its reader opened it)."""
    if notice.read_at is None:
        notice.read_at = utcnow()


def mark_all_read(user_id: int) -> int:
    """Mark every notice of the user read; returns how many changed."""
    result = db.session.execute(update(Notification)
                                .where(Notification.user_id == user_id, Notification.read_at.is_(None))
                                .values(read_at=utcnow()))
    return result.rowcount


def get_notices(user_id: int, limit: int = 200) -> list[Notification]:
    """Return the user's latest notices, newest first."""
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))
