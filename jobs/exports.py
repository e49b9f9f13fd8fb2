"""Exports too long for a request: the route starts a job and sends its starter to the job's page; the worker reads
the rows again as the starter (their account, their language, the route's own permission checks) and writes the
file the job's page then offers.

A package registers one kind per export with export_kind(name, title, build); build(user, params) re-checks what
the route checked (raising JobFailed when the user may no longer have the file) and returns an Export.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, flash, g, redirect, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from core.extensions import db
from core.i18n import N_
from core.web import run_in_transaction
from jobs.files import describe_file, write_job_file
from jobs.kinds import JobFailed, JobKind
from jobs.models import Job
from jobs.queue import dispatch
from jobs.services import start_job


@dataclass(frozen=True)
class Export:
    """A file to write: its download name, its rows (each batch read in a transaction ended before the batch is
    handed out), the writer of those rows into a binary file, and how many rows there are when known."""

    name: str
    rows: Iterable
    write: Callable[[Iterable, object], None]
    total: int | None = None


def read_in_batches(ids: Sequence, load: Callable[[list], list], size: int = 1000) -> Iterator:
    """Yield what load(batch of ids) reads for each batch of ids in turn, ending each read's transaction before its
    rows are handed out, so that a job's progress can be written between them."""
    db.session.commit()
    for start in range(0, len(ids), size):
        rows = load(list(ids[start:start + size]))
        db.session.commit()
        yield from rows


def is_large(rows: int) -> bool:
    """Tell whether an export of this many rows goes to a worker rather than being written in the request."""
    return rows > current_app.config["EXPORT_INLINE_ROWS"]


def queue_export(actor, kind: str, params: dict, *, total: int | None = None, unit=None):
    """Start an export job as actor (in the reader's language), commit, send it to the workers; return the
    redirect to its page."""
    params = {**params, "locale": str(get_locale())}
    # The reads end first: on SQLite a GET reads in a deferred transaction, which fails at once when it turns into a
    # writer after another writer went first; a new transaction that starts by writing waits its turn instead.
    db.session.commit()
    job = run_in_transaction(start_job, actor, kind, params, total=total, unit=unit)
    dispatch(job)
    flash(_("The file is being prepared; this page shows how far it got and offers the file when it is ready."),
          "info")
    return redirect(url_for("jobs.show", job_id=job.id), 303)


@contextmanager
def acting_as(user, locale: str | None):
    """Run as user would in a request, in locale: the predicates and the texts some rows hold (the audit trail
    hides what its reader may not see) read current_user and the request's language."""
    with current_app.test_request_context(), force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        g._login_user = user  # what Flask-Login's current_user returns inside this context
        yield


def export_kind(name: str, title, build: Callable[[object, dict], Export], *, back=None) -> JobKind:
    """Return the kind of job that writes the export build(user, params) returns, as the user who started it."""

    def run(params: dict, progress) -> dict:
        user = db.session.get(Job, progress.job_id).started_by
        if user is None or not user.is_active:
            raise JobFailed(N_("The account that started this export can no longer use it."))
        with acting_as(user, params.get("locale")):
            export = build(user, params)
            return write_job_file(progress.job_id, progress, export.name, export.rows, export.write,
                                  total=export.total)

    return JobKind(name, title, run, describe=describe_file, back=back)
