"""A job's page (its progress bar moves while it runs), its state as JSON for that bar, and one's own jobs."""

from flask import Blueprint, abort, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from jobs.files import job_file_store, stored_file
from jobs.kinds import job_kind
from jobs.models import FINISHED, Job
from jobs.permissions import can_view
from jobs.queries import get_started_by

bp = Blueprint("jobs", __name__)


def _load(job_id: int) -> Job:
    """Return the job, or 404 for one that does not exist or that the user may not watch (which it does not tell)."""
    job = db.session.get(Job, job_id)
    if job is None or not can_view(current_user, job):
        abort(404)
    return job


def describe(job: Job) -> dict:
    """Return what the page and its bar show of a job, in the user's language."""
    kind = job_kind(job.kind)
    result = None
    if job.result is not None and kind is not None and kind.describe is not None:
        result = kind.describe(job.result)
    error = _(job.error) % (job.error_values or {}) if job.error else None
    return {"id": job.id, "state": str(job.state), "done": job.done, "total": job.total, "percent": job.percent,
            "finished": job.state in FINISHED, "result": result, "error": error,
            "title": str(kind.title) if kind is not None else job.kind,
            "file": url_for("jobs.file", job_id=job.id) if stored_file(job) is not None else None,
            "file_removed": bool((job.result or {}).get("removed")),
            "back": kind.back(job) if kind is not None and kind.back is not None else None}


@bp.get("/jobs")
def index():
    """List the jobs the signed-in user started, newest first."""
    return render_template("jobs/index.html", jobs=[(job, describe(job)) for job in get_started_by(current_user)])


@bp.get("/jobs/<int:job_id>")
def show(job_id: int):
    """Show a job: who started it, its state, a progress bar, and its result or why it failed."""
    job = _load(job_id)
    shown = describe(job)
    if shown["file"] is not None and job_file_store().stat(job.result["key"]) is None:
        shown.update(file=None, file_removed=True)
    return render_template("jobs/show.html", job=job, shown=shown)


@bp.get("/jobs/<int:job_id>.json")
def state(job_id: int):
    """Answer the progress bar: the job's state and figures."""
    return describe(_load(job_id))


@bp.get("/jobs/<int:job_id>/file")
def file(job_id: int):
    """Download the file a finished job wrote, as whoever may watch the job."""
    stored = stored_file(_load(job_id))
    try:
        if stored is None:
            raise FileNotFoundError(job_id)
        source = job_file_store().open(stored["key"])
    except FileNotFoundError:
        abort(404, _("This job has no file to download, or its file was removed; start the export again."))
    return send_file(source, mimetype=stored["content_type"], as_attachment=True, download_name=stored["name"])
