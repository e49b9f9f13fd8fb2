"""Files jobs write for their starter to download (large exports): put by the worker into a store of their own,
recorded in the job's result (key, download name, content type, size), streamed by /jobs/<id>/file.

They are temporary: no file area names them, so backups leave them out, and `flask jobs clean` removes those older
than JOB_FILE_DAYS. A file's key is the job's id and the download name, so a job run again after its worker died
overwrites what the first run left.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from core.audit import record_audit
from core.blobs import open_store
from core.downloads import XLSX_IN_MEMORY, XLSX_TYPE
from core.extensions import db
from core.i18n import number
from core.timeutil import utcnow
from jobs.models import Job, JobState

FOLDER = "job-files"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv"}


def job_file_store():
    """Return the store job files live in: JOB_FILES_URL, else the "job-files" folder of the instance."""
    return open_store(current_app.config.get("JOB_FILES_URL"), Path(current_app.instance_path) / FOLDER)


def _counted(rows: Iterable, progress) -> Iterator:
    # Advanced after each row is written and before the next is read: the readers end their transactions before
    # they hand rows out, so the figures are written as the file grows.
    for row in rows:
        yield row
        progress.advance()


def write_job_file(job_id: int, progress, name: str, rows: Iterable, write: Callable[[Iterable, object], None],
                   *, total: int | None = None) -> dict:
    """Write rows through write(rows, binary file) into the file name of job job_id, advancing progress per row;
    store it (over an earlier run's) and return the job's result."""
    db.session.commit()  # the reads that came before end here, so the figures can be written
    if total is not None:
        progress.set_total(total)
    key = f"{job_id}/{name}"
    with tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY) as spool:
        write(_counted(rows, progress), spool)
        spool.seek(0)
        size, _sha256 = job_file_store().put(key, spool)
    return {"key": key, "name": name, "content_type": CONTENT_TYPES.get(name.rsplit(".", 1)[-1],
                                                                         "application/octet-stream"),
            "size": size, "rows": progress.done}


def chunk_writer(chunks: Callable[[Iterable], Iterator[bytes]]) -> Callable[[Iterable, object], None]:
    """Return a writer for write_job_file from a function that turns rows into pieces of a file (a CSV's)."""
    return lambda rows, target: target.writelines(chunks(rows))


def describe_file(result: dict) -> str:
    """Say what a job's file holds."""
    return _("%(name)s: %(n)s rows.", name=result.get("name", ""), n=number(result.get("rows", 0)))


def stored_file(job: Job) -> dict | None:
    """Return the file a job's result names, or None when it names none or the file was removed."""
    result = job.result or {}
    if job.state != JobState.DONE or "key" not in result or result.get("removed"):
        return None
    return result


def remove_old_files(days: int) -> int:
    """Remove the files of the jobs that finished more than days ago (audited); return how many were removed."""
    cutoff = utcnow() - timedelta(days=days)
    jobs = list(db.session.scalars(select(Job).where(Job.state == JobState.DONE, Job.finished_at < cutoff,
                                                Job.result.is_not(None)).order_by(Job.id)))
    store, removed = job_file_store(), 0
    for job in jobs:
        if stored_file(job) is None:
            continue
        store.remove(job.result["key"])
        job.result = {**job.result, "removed": True}
        record_audit(None, "job.file_remove", job, kind=job.kind, name=job.result["name"])
        removed += 1
    db.session.flush()
    return removed
