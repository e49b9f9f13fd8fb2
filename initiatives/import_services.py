"""Verbs of the Excel import: keep an upload for preview (a large one read by a worker), save its valid rows once,
or cancel it.

They flush; the caller commits.
"""

import contextlib
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.i18n import N_
from core.timeutil import utcnow
from initiatives import services
from initiatives.filetypes import FileKind, FileRejected, inspect_upload
from initiatives.import_messages import FILE_ERRORS, file_error_text
from initiatives.import_models import ImportBatch, ImportStatus
from initiatives.import_reader import (
    MAX_BYTES,
    ImportFileError,
    MoreRowsThanAsked,
    batch_path,
    check_batch,
    check_rows,
    imports_root,
    keep_rows,
    kept_rows,
    read_rows,
)
from initiatives.models import Initiative, Programme
from initiatives.storage import store
from jobs.kinds import JobFailed
from jobs.services import start_job
from unions.models import Unit

IMPORT_JOB = "initiatives.import"
PREVIEW_JOB = "initiatives.import_preview"


def start_import(actor, *, programme: Programme, unit: Unit, upload, inline_rows: int, today: date) -> ImportBatch:
    """Keep an uploaded template workbook and record it, previewed at once when it holds at most inline_rows rows;
    a larger one waits for a worker to read it (its batch.preview_job, to dispatch after the commit). Refuse a file
    that cannot be imported."""
    try:
        with inspect_upload(upload.filename or "", upload.stream, MAX_BYTES) as inspected:
            if inspected.kind != FileKind.XLSX:
                raise ImportFileError("not_xlsx")
            rows = None
            # A sheet that says it is long goes to the worker unread; one that does not say is read here until it
            # proves long (writers such as openpyxl's streaming mode leave the size out).
            with contextlib.suppress(MoreRowsThanAsked):
                rows = read_rows(inspected.file, most=inline_rows)
            inspected.file.seek(0)
            stored = store(imports_root(), inspected.file, FileKind.XLSX)
    except FileRejected as rejected:
        key = rejected.reason_key if rejected.reason_key in {"too_large", "unpacks_too_big"} else "not_xlsx"
        raise DomainError(file_error_text(key), "file") from None
    except ImportFileError as error:
        raise DomainError(file_error_text(error.key), "file") from None
    batch = ImportBatch(token=stored.stored_name.partition(".")[0], programme=programme, unit=unit,
                        uploaded_by_id=actor.id, original_name=(upload.filename or "")[:255],
                        row_count=None if rows is None else len(rows),
                        status=ImportStatus.PREVIEWING if rows is None else ImportStatus.PREVIEWED)
    db.session.add(batch)
    db.session.flush()
    if rows is None:
        batch.preview_job = start_job(actor, PREVIEW_JOB, {"batch_id": batch.id, "today": today.isoformat()},
                                      unit=unit)
    else:
        keep_rows(batch, rows)
    return batch


def preview_job(params: dict, progress) -> dict:
    """Read and check a large import's workbook as a job (see jobs.kinds.JobKind): the rows are kept beside it and
    the batch is previewed in the transaction the job's end commits, so a rerun reads it again and keeps it once."""
    batch = db.session.get(ImportBatch, params["batch_id"])
    if batch is None:
        raise JobFailed(N_("This import no longer exists."))
    if batch.status == ImportStatus.PREVIEWING:
        path = batch_path(batch)
        # No transaction stays open while the workbook is read, so that the progress is written meanwhile.
        db.session.commit()
        try:
            rows = read_rows(path, progress=progress)
        except ImportFileError as error:
            message, values = FILE_ERRORS[error.key]
            raise JobFailed(message, **values) from None
        progress.set_total(progress.done)
        batch = db.session.get(ImportBatch, params["batch_id"])
        keep_rows(batch, rows)
        if not _move(batch, ImportStatus.PREVIEWING, status=ImportStatus.PREVIEWED, row_count=len(rows)):
            raise JobFailed(N_("This import was no longer waiting for its preview."))
    else:
        rows = kept_rows(batch)
    checked = check_rows(batch.programme, batch.unit, rows, date.fromisoformat(params["today"]))
    valid = sum(1 for row in checked if row.ok)
    return {"rows": len(checked), "valid": valid, "errors": len(checked) - valid}


def row_token(batch: ImportBatch, number: int) -> str:
    """Return the submission token of the initiative made from a row: it ties the two together for the report."""
    return f"{_row_prefix(batch)}{number}"


def _row_prefix(batch: ImportBatch) -> str:
    return f"{batch.token}-"


def save_import(actor, batch: ImportBatch, today: date) -> int:
    """Submit every valid row of a previewed import as an initiative of its union, only once; return how many."""
    _decide(actor, batch, ImportStatus.SAVED)
    return _save(actor, batch, today)


def queue_import(actor, batch: ImportBatch, today: date):
    """Hand the save of a large previewed import to a worker (claimed now, so it is saved or cancelled once);
    return its job, to dispatch after the commit."""
    _decide(actor, batch, ImportStatus.SAVING)
    return start_job(actor, IMPORT_JOB, {"batch_id": batch.id, "today": today.isoformat()}, total=batch.row_count,
                     unit=batch.unit)


def import_job(params: dict, progress) -> dict:
    """Save a queued import as a job (see jobs.kinds.JobKind), in one transaction that the job's end commits."""
    batch = db.session.get(ImportBatch, params["batch_id"])
    if batch is None:
        raise JobFailed(N_("This import no longer exists."))
    if batch.status == ImportStatus.SAVING:
        _decide(batch.decided_by, batch, ImportStatus.SAVED, claimed_as=ImportStatus.SAVING)
        _save(batch.decided_by, batch, date.fromisoformat(params["today"]))
    elif batch.status != ImportStatus.SAVED:
        raise JobFailed(N_("This import was not waiting to be saved."))
    progress.advance(batch.row_count)
    return {"saved": batch.saved_count, "rows": batch.row_count, "skipped": batch.row_count - batch.saved_count}


def _save(actor, batch: ImportBatch, today: date) -> int:
    rows = check_batch(batch, today)
    valid = [row for row in rows if row.ok]
    # The claim above makes the save happen once; each row's token links the report to what it became. The officer
    # entered every row, even one that stands in a member's name.
    drafts = services.submit_many(actor, programme=batch.programme, unit=batch.unit, today=today,
                                  items=[(row.data, row.submitter, row_token(batch, row.number)) for row in valid])
    saved = len(drafts)
    batch.saved_count = saved
    record_audit(actor, "initiative.import", batch, unit=batch.unit, token=batch.token, file=batch.original_name,
                 programme_id=batch.programme_id, rows=len(rows), saved=saved, skipped=len(rows) - saved)
    return saved


def cancel_import(actor, batch: ImportBatch) -> None:
    """Drop a previewed import: nothing of it is saved."""
    _decide(actor, batch, ImportStatus.CANCELLED)
    record_audit(actor, "initiative.import_cancel", batch, unit=batch.unit, token=batch.token,
                 file=batch.original_name, programme_id=batch.programme_id, rows=batch.row_count)


def _move(batch: ImportBatch, claimed_as: ImportStatus, **values) -> bool:
    """Write values to an import that is still claimed_as; tell whether it was (another request may have got there
    first)."""
    # One conditional UPDATE: a concurrent second request waits on the row and then matches nothing.
    return db.session.execute(update(ImportBatch).where(ImportBatch.id == batch.id, ImportBatch.status == claimed_as)
                              .values(**values)).rowcount == 1


def _decide(actor, batch: ImportBatch, outcome: ImportStatus,
            claimed_as: ImportStatus = ImportStatus.PREVIEWED) -> None:
    """Move a previewed import to its outcome, or refuse when another request (a double click) got there first."""
    if not _move(batch, claimed_as, status=outcome, decided_at=utcnow(), decided_by_id=actor.id):
        if batch.status == ImportStatus.PREVIEWING:
            raise DomainError(_l("The workbook is still being read: wait for its preview."))
        raise DomainError(_l("This import was already saved or cancelled."))


def saved_rows(batch: ImportBatch) -> dict[int, int]:
    """Return {row number: initiative id} for the rows an import saved."""
    prefix = _row_prefix(batch)
    found = db.session.execute(select(Initiative.submission_token, Initiative.id)
                               .where(Initiative.submission_token.startswith(prefix, autoescape=True)))
    return {int(token[len(prefix):]): initiative_id for token, initiative_id in found}
