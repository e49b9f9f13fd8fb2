"""Reads of the job records."""

from sqlalchemy import func, select

from core.extensions import db
from jobs.models import Job, JobState

RECENT = 50


def get_started_by(user, limit: int = RECENT) -> list[Job]:
    """Return the jobs user started, newest first."""
    return list(db.session.scalars(select(Job).where(Job.started_by_id == user.id).order_by(Job.id.desc())
                                   .limit(limit)))


def count_by_state() -> dict[JobState, int]:
    """Return how many jobs are in each state (every state named, zero included)."""
    counts = dict(db.session.execute(select(Job.state, func.count()).group_by(Job.state)).all())
    return {state: counts.get(state, 0) for state in JobState}


def has_started_any(user) -> bool:
    """Tell whether user ever started a job (their menu then links to them)."""
    return db.session.scalar(select(Job.id).where(Job.started_by_id == user.id).limit(1)) is not None
