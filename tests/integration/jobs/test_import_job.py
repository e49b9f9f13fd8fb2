"""A large Excel import is saved by a worker: the officer is sent to the job's page, the preview says a job is
saving it, and every valid row becomes one initiative, however often the job is sent."""

import re

from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from initiatives.import_models import ImportBatch, ImportStatus
from jobs.models import Job, JobState
from jobs.queue import dispatch
from tests.functional.helpers import login, post_form
from tests.functional.initiatives.test_initiative_import import (
    initiatives_of,
    rows_with,
    setting,
    token_of,
    upload,
    workbook_bytes,
)
from tests.integration.jobs.helpers import job_row, wait_for

ROWS = 40
BAD = {7: {"title": ""}, 12: {"field": "không có lĩnh vực này"}}


def test_a_large_import_is_saved_once_by_a_worker_while_the_officer_watches(app, client, broker, workers):
    app.config["IMPORT_INLINE_ROWS"] = 10
    _, officer, _, programme = setting()
    login(client, officer.email)
    token = token_of(upload(client, programme, workbook_bytes(rows_with(BAD, ROWS))))

    saving = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
    again = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
    job_id = int(saving.headers["Location"].rsplit("/", 1)[1])
    preview = client.get(f"/programmes/{programme.id}/import/{token}").get_data(as_text=True)
    dispatch(db.session.get(Job, job_id))  # sent twice, as a retry after a lost acknowledgement would
    db.session.commit()
    worker = workers()
    wait_for(lambda: job_row(job_id).state in (JobState.DONE, JobState.FAILED), "the import", worker)

    job = job_row(job_id)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    batch = db.session.scalar(select(ImportBatch))
    assert saving.status_code == 303 and saving.headers["Location"].endswith(f"/jobs/{job_id}")
    assert again.status_code == 303 and "/jobs/" not in again.headers["Location"]  # claimed once
    assert re.search(r'data-status="saving"', preview) and "đang được lưu" in preview
    assert (job.state, job.done, job.total, job.attempts) == (JobState.DONE, ROWS, ROWS, 1)
    assert job.result == {"saved": ROWS - 2, "rows": ROWS, "skipped": 2}
    assert f"{ROWS - 2} trong số {ROWS} dòng đã được gửi thành sáng kiến." in page
    assert initiatives_of(programme) == ROWS - 2
    assert (batch.status, batch.saved_count) == (ImportStatus.SAVED, ROWS - 2)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "initiative.import")) == 1
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
