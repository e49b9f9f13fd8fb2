"""Reads of the job records."""

from sqlalchemy import select

from core.extensions import db
from jobs.models import Job

RECENT = 50


def get_started_by(user, limit: int = RECENT) -> list[Job]:
    """Return the jobs user started, newest first."""
    return list(db.session.scalars(select(Job).where(Job.started_by_id == user.id).order_by(Job.id.desc())
                                   .limit(limit)))
