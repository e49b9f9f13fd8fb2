"""A large Excel workbook is read and checked by a worker: the upload records the import as previewing, its page
shows the job's bar until the preview replaces it, the same as one read within the request; a killed worker's
reading is done again by the next with one clean run's rows, and a workbook that cannot be read says why there."""

import io
import re
import time
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.extensions import db
from initiatives import import_reader
from initiatives.import_models import ImportBatch, ImportStatus
from initiatives.import_rows import COLUMNS
from jobs.models import Job, JobState
from tests.factories import make_user
from tests.functional.helpers import login, post_form, switch_user
from tests.functional.initiatives.test_initiative_import import (
    bad_row_numbers,
    count_of,
    initiatives_of,
    rows_with,
    setting,
    token_of,
    upload,
    workbook_bytes,
)
from tests.integration.jobs.helpers import LEASE, job_row, wait_for
from unions.roles import Role

ROWS = 3000
BAD = {5: {"title": ""}, 900: {"field": "không có lĩnh vực này"}, 2500: {"benefit_vnd": "một trăm triệu"}}


def excel_like(rows: list[dict]) -> bytes:
    """Return a template workbook as Excel writes one: with the size of its sheet declared at its head."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"Cột {code}" for code in COLUMNS])
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(code) for code in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def declared() -> bytes:
    return excel_like(rows_with(BAD, ROWS))


@pytest.fixture(scope="module")
def undeclared() -> bytes:
    return workbook_bytes(rows_with(BAD, ROWS))


def batch_row() -> SimpleNamespace:
    """Return the import's record as it is now (see job_row)."""
    db.session.commit()
    batch = db.session.scalar(select(ImportBatch))
    values = SimpleNamespace(**{column.key: getattr(batch, column.key) for column in ImportBatch.__table__.columns})
    db.session.commit()
    return values


def page_of(client, programme, token) -> tuple[int, str]:
    response = client.get(f"/programmes/{programme.id}/import/{token}")
    return response.status_code, response.get_data(as_text=True)


def test_a_large_workbook_is_previewed_by_a_worker_while_the_officer_watches(app, client, broker, workers, declared):
    app.config.update(IMPORT_INLINE_PREVIEW_ROWS=100, IMPORT_INLINE_ROWS=ROWS)
    units, officer, _, programme = setting()
    colleague = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    stranger = make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),))
    login(client, officer.email)

    uploaded = upload(client, programme, declared)
    token = token_of(uploaded)
    queued, waiting = batch_row(), page_of(client, programme, token)[1]
    job_id = queued.preview_job_id
    worker = workers()
    seen = []

    def finished():
        state = client.get(f"/jobs/{job_id}.json").get_json()
        seen.append((state["done"], state["total"]))
        return state if state["finished"] else None

    final = wait_for(finished, "the preview", worker)
    status, page = page_of(client, programme, token)
    jobs_list = client.get("/jobs").get_data(as_text=True)
    report = client.get(f"/programmes/{programme.id}/import/{token}/report.xlsx")

    assert uploaded.status_code == 302
    assert (queued.status, queued.row_count, job_row(job_id).params["batch_id"]) == (
        ImportStatus.PREVIEWING, None, queued.id)
    assert 'data-status="previewing"' in waiting and 'id="job-progress"' in waiting
    assert "Một công việc chạy nền đang đọc và kiểm tra các dòng" in waiting
    assert any(0 < done < total for done, total in seen), seen  # the bar moved
    assert (final["state"], final["done"], final["total"], final["percent"]) == ("done", ROWS + 2, ROWS + 2, 100.0)
    assert final["result"] == "Đã đọc 3.000 dòng: 2.997 hợp lệ, 3 có lỗi."
    # Once read, the page is the preview a small workbook gets at once.
    assert status == 200 and bad_row_numbers(page) == sorted(BAD)
    assert (count_of(page, "row-count"), count_of(page, "good-count"), count_of(page, "bad-count")) == (
        ROWS, ROWS - 3, 3)
    assert jobs_list.count(f'/jobs/{job_id}"') == 1 and "Nhập từ Excel: đọc tệp" in jobs_list
    assert report.status_code == 200
    assert (batch_row().status, batch_row().row_count) == (ImportStatus.PREVIEWED, ROWS)

    switch_user(client, colleague.email)
    colleague_sees = [page_of(client, programme, token)[0], client.get(f"/jobs/{job_id}").status_code]
    switch_user(client, stranger.email)
    stranger_sees = [page_of(client, programme, token)[0], client.get(f"/jobs/{job_id}").status_code,
                     client.get(f"/jobs/{job_id}.json").status_code]
    switch_user(client, officer.email)
    saved = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})

    assert colleague_sees == [200, 200]
    assert stranger_sees == [403, 404, 404]
    assert saved.status_code == 303 and initiatives_of(programme) == ROWS - 3


def test_a_preview_whose_worker_is_killed_is_read_again_once(app, client, broker, workers, undeclared):
    app.config["IMPORT_INLINE_PREVIEW_ROWS"] = 100
    _, officer, _, programme = setting()
    login(client, officer.email)
    token = token_of(upload(client, programme, undeclared))
    job_id = batch_row().preview_job_id
    decided = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
    first = workers()
    wait_for(lambda: job_row(job_id).done > 0, "progress", first)

    first.kill()
    interrupted, halfway = job_row(job_id), batch_row()
    time.sleep(LEASE + 0.5)  # the killed worker's heartbeat has stopped for longer than the lease
    second = workers()
    wait_for(lambda: job_row(job_id).state in (JobState.DONE, JobState.FAILED), "the second run", second)

    finished, batch = job_row(job_id), batch_row()
    status, page = page_of(client, programme, token)
    record = db.session.get(ImportBatch, batch.id)
    kept, clean = import_reader.kept_rows(record), import_reader.read_rows(import_reader.batch_path(record))
    left = sorted(path.name for path in import_reader.imports_root().rglob("*") if path.is_file())
    assert decided.status_code == 303 and batch.decided_at is None  # nothing to decide while it is read
    assert interrupted.state == JobState.RUNNING and 0 < interrupted.done < ROWS
    assert (halfway.status, halfway.row_count) == (ImportStatus.PREVIEWING, None)
    assert (finished.state, finished.attempts, finished.done, finished.total) == (JobState.DONE, 2, ROWS + 2, ROWS + 2)
    assert finished.result == {"rows": ROWS, "valid": ROWS - 3, "errors": 3}
    assert (batch.status, batch.row_count) == (ImportStatus.PREVIEWED, ROWS)
    assert kept == clean and len(kept) == ROWS  # one clean read's rows, nothing doubled
    assert left == [f"{token}.rows.json", f"{token}.xlsx"]
    assert status == 200 and bad_row_numbers(page) == sorted(BAD) and count_of(page, "row-count") == ROWS
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_a_large_workbook_that_is_not_the_template_fails_with_the_reason_on_its_page(app, client, broker, workers):
    app.config["IMPORT_INLINE_PREVIEW_ROWS"] = 10
    _, officer, _, programme = setting()
    workbook = Workbook()
    for number in range(40):
        workbook.active.append(["Tên sáng kiến", f"Cải tiến {number}"])
    content = io.BytesIO()
    workbook.save(content)
    login(client, officer.email)

    token = token_of(upload(client, programme, content.getvalue(), "danh-sach.xlsx"))
    job_id = batch_row().preview_job_id
    worker = workers()
    wait_for(lambda: job_row(job_id).state in (JobState.DONE, JobState.FAILED), "the failure", worker)
    status, page = page_of(client, programme, token)
    client.get("/language/en")
    english = client.get(f"/jobs/{job_id}.json").get_json()
    refused = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})

    reason = "Tệp Excel này không phải tệp mẫu nhập: vui lòng tải tệp mẫu và chép các dòng của bạn vào đó."
    assert job_row(job_id).state == JobState.FAILED
    assert status == 200 and reason in page and 'id="job-error"' in page
    assert re.search(r'data-status="previewing"', page)
    assert english["error"] == ("This workbook is not the import template: download the template and copy your rows "
                                "into it.")
    assert refused.status_code == 303
    assert (batch_row().status, batch_row().row_count, initiatives_of(programme)) == (ImportStatus.PREVIEWING, None, 0)
