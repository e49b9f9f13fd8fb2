"""Run one job in a worker: claim it, run its kind with a progress reporter and a heartbeat, record how it ended.

Claiming is one conditional UPDATE, so a job sent twice runs once. While it runs, a heartbeat thread touches the
record; a job whose heartbeat stopped for longer than the lease died with its worker, and the periodic pick-up (or
the next worker to start) queues it again, up to MAX_ATTEMPTS times. Kinds are written so that running again from
the start gives the result of one clean run.
"""

import logging
import threading
import time
from datetime import timedelta

from sqlalchemy import select, update

from core.extensions import db
from core.i18n import N_
from core.timeutil import utcnow
from jobs.kinds import JobFailed, job_kind
from jobs.models import Job, JobState

MAX_ATTEMPTS = 3
LOGGER = "sangkien.jobs"


def _set(job_id: int, *conditions, **values) -> int:
    """Write values to a job's record (when conditions hold) in a short transaction of its own; return the rows
    changed."""
    with db.engine.begin() as connection:
        return connection.execute(update(Job).where(Job.id == job_id, *conditions).values(**values)).rowcount


class Progress:
    """Tell the job's record how far the work got (written at most once per interval, and always at the end)."""

    def __init__(self, job_id: int, interval: float, total: int | None):
        self.job_id, self.interval, self.total, self.done = job_id, interval, total, 0
        self._written = 0.0

    def set_total(self, total: int) -> None:
        self.total = total
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._write()

    def _write(self, force: bool = False) -> None:
        # Written on a connection of its own: while the job's session is inside a transaction (which on SQLite may
        # hold the write lock), the figures wait for the next call rather than for that lock.
        if db.session().in_transaction():
            return
        now = time.monotonic()
        if force or now - self._written >= self.interval:
            self._written = now
            _set(self.job_id, done=self.done, total=self.total, heartbeat_at=utcnow())


class Heartbeat(threading.Thread):
    """Touch a running job's record every few seconds, so that a live worker's job is never taken from it."""

    def __init__(self, app, job_id: int, every: float):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.app, self.job_id, self.every = app, job_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        with self.app.app_context():
            while not self.stopped.wait(self.every):
                try:
                    _set(self.job_id, Job.state == JobState.RUNNING, heartbeat_at=utcnow())
                except Exception:  # a busy database: the next beat tries again
                    self.app.logger.warning("heartbeat of job %s not written", self.job_id)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.join()


def _claim(job_id: int) -> Job | None:
    """Take a queued job for this worker; None when another took it or it has ended."""
    now = utcnow()
    claimed = _set(job_id, Job.state == JobState.QUEUED, state=JobState.RUNNING, attempts=Job.attempts + 1,
                   started_at=now, heartbeat_at=now) == 1
    return db.session.get(Job, job_id) if claimed else None


def run_job(app, job_id: int) -> None:
    """Run the job job_id to its end in app, recording its result or why it failed."""
    with app.app_context():
        try:
            _run(app, job_id)
        finally:
            db.session.remove()


def _run(app, job_id: int) -> None:
    job = _claim(job_id)
    if job is None:
        return
    kind, params, total, attempts = job_kind(job.kind), dict(job.params), job.total, job.attempts
    db.session.commit()
    progress = Progress(job_id, app.config["JOB_PROGRESS_SECONDS"], total)
    # The heartbeat stops only after the end is committed: a kind may leave its work in the session's transaction
    # for the end to commit, and on SQLite a beat waiting for that transaction's lock could not end before it does.
    with Heartbeat(app, job_id, app.config["JOB_LEASE_SECONDS"] / 3):
        try:
            if kind is None:
                raise JobFailed(N_("This version does not know jobs of this kind."))
            if attempts > MAX_ATTEMPTS:
                raise JobFailed(N_("The job was interrupted %(n)s times before it could finish; start it again "
                                   "later."), n=MAX_ATTEMPTS)
            result = kind.run(params, progress)
        except JobFailed as failure:
            db.session.rollback()
            _end(job_id, state=JobState.FAILED, error=failure.message, error_values=failure.values or None)
        except Exception:
            db.session.rollback()
            app.logger.exception("job %s (%s) failed", job_id, job.kind)
            _end(job_id, state=JobState.FAILED,
                 error=N_("The job stopped on an unexpected error; the operators can read why in the log."))
        else:
            _end(job_id, state=JobState.DONE, result=result or {}, done=progress.done,
                 total=progress.total if progress.total is not None else progress.done)


def _end(job_id: int, **values) -> None:
    """Record how the job ended in the session's transaction, together with whatever the job left in it, and write
    its log line."""
    job = db.session.get(Job, job_id)
    for name, value in {**values, "finished_at": utcnow()}.items():
        setattr(job, name, value)
    line = {"job_id": job.id, "kind": job.kind, "state": str(job.state), "attempts": job.attempts, "done": job.done,
            "total": job.total, "started_by": job.started_by_id,
            "duration_ms": round((job.finished_at - job.started_at).total_seconds() * 1000, 1)}
    db.session.commit()
    logging.getLogger(LOGGER).info("job %s %s %s", line["job_id"], line["kind"], line["state"],
                                   extra={"fields": line})


def pick_up_stale(app, send) -> list[int]:
    """Queue again the running jobs whose worker stopped beating; return their ids."""
    with app.app_context():
        given_up = utcnow() - timedelta(seconds=app.config["JOB_LEASE_SECONDS"])
        stale = list(db.session.scalars(select(Job.id).where(Job.state == JobState.RUNNING,
                                                             Job.heartbeat_at < given_up)))
        db.session.commit()
        requeued = []
        for job_id in stale:
            moved = _set(job_id, Job.state == JobState.RUNNING, Job.heartbeat_at < given_up, state=JobState.QUEUED)
            if moved:
                send(job_id)
                requeued.append(job_id)
        db.session.remove()
        return requeued


def send_waiting(app, send) -> int:
    """Send every queued job again (a worker starting after the broker lost them); a job sent twice runs once."""
    with app.app_context():
        waiting = list(db.session.scalars(select(Job.id).where(Job.state == JobState.QUEUED).order_by(Job.id)))
        db.session.remove()
    for job_id in waiting:
        send(job_id)
    return len(waiting)
