"""Who may watch a job."""

from jobs.kinds import job_kind


def can_view(user, job) -> bool:
    """The starter watches a job, and whoever its kind lets."""
    if job.started_by_id is not None and job.started_by_id == user.id:
        return True
    kind = job_kind(job.kind)
    return kind is not None and kind.can_view(user, job)
