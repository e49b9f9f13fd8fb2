"""The record of a job: what it is, who started it, how far it got and how it ended."""

import enum

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED = (JobState.DONE, JobState.FAILED)


class Job(db.Model):
    """One piece of long work, queued for a worker process."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    state: Mapped[JobState] = mapped_column(enum_column(JobState), nullable=False, default=JobState.QUEUED, index=True)
    done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # Why it failed, as an English message and its values, translated when shown.
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_values: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True, index=True)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    started_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    finished_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    # A running job's worker touches this while it works; a job left untouched too long died with its worker.
    heartbeat_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    started_by = db.relationship("User")

    @property
    def percent(self) -> float | None:
        """Return how much is done, 0–100, or None while the size of the work is unknown."""
        if not self.total:
            return 100.0 if self.state == JobState.DONE else None
        return min(100.0, 100.0 * self.done / self.total)
