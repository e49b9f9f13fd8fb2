"""Rebuild the quota figures as a job: `flask quota rebuild --queue` records it, a worker runs it."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from core.extensions import db
from core.i18n import N_, number
from initiatives.models import Initiative, Programme
from jobs.kinds import JobFailed
from jobs.services import start_job
from quota.rebuild import rebuild
from unions.permissions import is_system_admin

REBUILD_JOB = "quota.rebuild"


def _programmes(programme_id: int | None) -> list[int]:
    if programme_id is not None:
        return [programme_id]
    return list(db.session.scalars(select(Programme.id).order_by(Programme.id)))


def _count(programmes: list[int]) -> int:
    return db.session.scalar(select(func.count()).select_from(Initiative)
                             .where(Initiative.programme_id.in_(programmes)))


def queue_rebuild(actor, programme_id: int | None = None):
    """Record a rebuild of one programme's figures (or of all) as a job; dispatch it after the commit."""
    params = {"programme_id": programme_id}
    return start_job(actor, REBUILD_JOB, params, total=_count(_programmes(programme_id)))


def rebuild_job(params: dict, progress) -> dict:
    """Replace the figures with those replayed from history, in the one transaction the job's end commits (see
    jobs.kinds.JobKind); running it again gives the same figures."""
    programme_id = params.get("programme_id")
    if programme_id is not None and db.session.get(Programme, programme_id) is None:
        raise JobFailed(N_("Programme %(id)s no longer exists."), id=programme_id)
    programmes = _programmes(programme_id)
    total = _count(programmes)
    db.session.commit()
    progress.set_total(total)
    read = 0
    for programme in programmes:
        read += rebuild(programme, on_progress=progress.advance)
    return {"programmes": len(programmes), "initiatives": read}


def describe_rebuild(result: dict) -> str:
    """Return a finished rebuild's figures in words."""
    return _("Quota figures rebuilt: %(programmes)s programmes from %(initiatives)s initiatives.",
             programmes=number(result["programmes"]), initiatives=number(result["initiatives"]))


def can_view_rebuild(user, job) -> bool:
    """System administrators watch the rebuilds started from the command line."""
    return is_system_admin(user)
