"""Start a job: record it in the caller's transaction; hand it to the queue once that transaction committed."""

from core.audit import record_audit
from core.extensions import db
from jobs.models import Job


def start_job(actor, kind: str, params: dict | None = None, *, total: int | None = None, unit=None) -> Job:
    """Record a queued job of kind started by actor (audited); send it with dispatch() after the commit."""
    job = Job(kind=kind, params=params or {}, total=total, started_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.flush()
    record_audit(actor, "job.start", job, unit=unit, kind=kind)
    return job
