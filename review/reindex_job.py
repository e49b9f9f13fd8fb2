"""Rebuild the duplicate index as a job: `flask duplicates reindex --queue` records it, a worker runs it."""

from flask_babel import gettext as _

from core.extensions import db
from core.i18n import number
from jobs.services import start_job
from review import store
from unions.permissions import is_system_admin

REINDEX_JOB = "duplicates.reindex"


def queue_reindex(actor):
    """Record a rebuild of the whole duplicate index as a job; dispatch it after the commit."""
    return start_job(actor, REINDEX_JOB, {}, total=store.count_submitted())


def reindex_job(params: dict, progress) -> dict:
    """Replace the index by every submitted initiative, in the one transaction the job's end commits (see
    jobs.kinds.JobKind); running it again gives the same index."""
    total = store.count_submitted()
    db.session.commit()
    progress.set_total(total)
    return {"indexed": store.rebuild(store.submitted_initiatives(), on_progress=progress.advance)}


def describe_reindex(result: dict) -> str:
    """Return a finished reindex's figures in words."""
    return _("Duplicate index rebuilt from %(indexed)s submitted initiatives.", indexed=number(result["indexed"]))


def can_view_reindex(user, job) -> bool:
    """System administrators watch the index rebuilds started from the command line."""
    return is_system_admin(user)
