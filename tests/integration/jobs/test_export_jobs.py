"""Exports longer than EXPORT_INLINE_ROWS are written by a real worker: the route sends its user to the job's page,
the file holds the rows the request would have written, only those who may watch the job download it, and an old
file is removed by `flask jobs clean`."""

import io
import re
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from core import spreadsheets
from core.extensions import db
from core.models import AuditEntry
from core.timeutil import utcnow
from initiatives.models import Initiative
from jobs.exports import read_in_batches
from jobs.files import chunk_writer, job_file_store, write_job_file
from jobs.models import Job, JobState
from jobs.queue import dispatch
from tests.functional.helpers import login, switch_user
from tests.integration.initiatives.test_queries import world
from tests.integration.jobs.helpers import job_row, wait_for
from unions import account_services

PREPARING = "Tệp đang được chuẩn bị; trang này cho biết tiến độ và đưa ra tệp khi đã xong."


def job_of(response) -> int:
    assert response.status_code == 303
    found = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    return int(found.group(1))


def finished(job_id: int, worker):
    wait_for(lambda: job_row(job_id).state in (JobState.DONE, JobState.FAILED), f"job {job_id}", worker)
    return job_row(job_id)


def sheet_rows(content: bytes) -> list[list]:
    return [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]


def job_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Job))


def test_a_long_initiative_list_is_written_by_a_worker_and_downloaded_by_its_starter_alone(app, client, broker,
                                                                                          workers):
    _, _, people, _ = world()
    login(client, people["officer_a1"].email)
    inline_csv = client.get("/initiatives/export.csv?sort=oldest", buffered=True)
    inline_xlsx = client.get("/initiatives/export.xlsx?sort=oldest", buffered=True)
    app.config["EXPORT_INLINE_ROWS"] = 2

    started_csv = client.get("/initiatives/export.csv?sort=oldest")
    page = client.get(started_csv.headers["Location"]).get_data(as_text=True)
    started_xlsx = client.get("/initiatives/export.xlsx?sort=oldest")
    csv_id, xlsx_id = job_of(started_csv), job_of(started_xlsx)
    queued = job_row(csv_id)
    worker = workers()
    done_csv, done_xlsx = finished(csv_id, worker), finished(xlsx_id, worker)

    assert inline_csv.status_code == 200 and inline_xlsx.status_code == 200
    assert PREPARING in page
    assert (queued.kind, queued.state, queued.started_by_id, queued.total) == (
        "initiatives.export", JobState.QUEUED, people["officer_a1"].id, 4)
    assert queued.params == {"args": {"sort": "oldest", "scope": "union"}, "extension": "csv", "locale": "vi",
                             "name": queued.params["name"]}
    name = queued.params["name"]
    assert re.fullmatch(r"sang-kien-\d{4}-\d\d-\d\d\.csv", name)
    assert (done_csv.state, done_csv.done, done_csv.total, done_csv.error) == (JobState.DONE, 4, 4, None)
    assert done_csv.result == {"key": f"{csv_id}/{name}", "name": name, "content_type": "text/csv",
                               "size": len(inline_csv.data), "rows": 4}
    assert (done_xlsx.state, done_xlsx.done, done_xlsx.total) == (JobState.DONE, 4, 4)

    shown = client.get(f"/jobs/{csv_id}").get_data(as_text=True)
    file_csv = client.get(f"/jobs/{csv_id}/file", buffered=True)
    file_xlsx = client.get(f"/jobs/{xlsx_id}/file", buffered=True)
    assert f'id="job-file" href="/jobs/{csv_id}/file"' in shown
    assert f"{name}: 4 dòng." in shown
    assert file_csv.status_code == 200
    assert file_csv.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert file_csv.mimetype == "text/csv"
    assert file_csv.data == inline_csv.data
    assert file_xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sheet_rows(file_xlsx.data) == sheet_rows(inline_xlsx.data)
    assert len(sheet_rows(file_xlsx.data)) == 5

    switch_user(client, people["an"].email)
    assert client.get(f"/jobs/{csv_id}/file", buffered=True).status_code == 404
    assert client.get(f"/jobs/{csv_id}").status_code == 404


def test_a_member_cannot_start_the_export_of_a_union_list(app, client, broker):
    _, _, people, _ = world()
    app.config["EXPORT_INLINE_ROWS"] = 0
    login(client, people["an"].email)
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry))

    assert client.get("/initiatives/export.csv?scope=union", buffered=True).status_code == 403
    assert client.get("/initiatives/export.xlsx?scope=union", buffered=True).status_code == 403
    assert client.get("/units/audit/export.csv", buffered=True).status_code == 403
    assert job_count() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_an_export_whose_starter_lost_the_union_list_meanwhile_fails_without_a_file(app, client, broker, workers):
    _, _, people, _ = world()
    officer = people["officer_a1"]
    app.config["EXPORT_INLINE_ROWS"] = 2
    login(client, officer.email)
    job_id = job_of(client.get("/initiatives/export.csv"))
    [assignment] = officer.roles
    account_services.revoke_role(people["admin"], assignment)
    db.session.commit()

    failed = finished(job_id, workers())
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)

    assert (failed.state, failed.result, failed.error) == (
        JobState.FAILED, None, "You may no longer export this list.")
    assert "Bạn không còn được xuất danh sách này." in page
    assert client.get(f"/jobs/{job_id}/file", buffered=True).status_code == 404
    assert [name for name in job_file_store().names() if name.startswith(f"{job_id}/")] == []


def test_an_old_job_file_is_removed_and_its_page_says_so(app, client, broker, workers):
    _, _, people, _ = world()
    app.config["EXPORT_INLINE_ROWS"] = 2
    login(client, people["officer_a1"].email)
    job_id = job_of(client.get("/initiatives/export.csv"))
    done = finished(job_id, workers())
    assert done.state == JobState.DONE
    young = app.test_cli_runner().invoke(args=["jobs", "clean"])
    kept = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    job_file_store().remove(done.result["key"])  # lost by hand: the page finds it gone
    lost = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    job = db.session.get(Job, job_id)
    job.finished_at = utcnow() - timedelta(days=8)
    db.session.commit()

    cleaned = app.test_cli_runner().invoke(args=["jobs", "clean"])
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    download = client.get(f"/jobs/{job_id}/file", buffered=True)

    assert (young.exit_code, young.output) == (0, "Removed 0 job files older than 7 days.\n")
    assert 'id="job-file"' in kept and 'id="job-file-removed"' not in kept
    assert 'id="job-file"' not in lost and "Tệp của việc này không còn được giữ; hãy xuất lại để có tệp mới." in lost
    assert (cleaned.exit_code, cleaned.output) == (0, "Removed 1 job files older than 7 days.\n")
    assert job_file_store().stat(done.result["key"]) is None
    assert job_row(job_id).result == {**done.result, "removed": True}
    assert "Tệp của việc này không còn được giữ; hãy xuất lại để có tệp mới." in page
    assert 'id="job-file"' not in page
    assert download.status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "job.file_remove"))
    assert (entry.actor_id, entry.object_id, entry.details) == (
        None, job_id, {"kind": "initiatives.export", "name": done.result["name"]})


def test_a_long_audit_trail_is_written_by_a_worker_as_its_administrator_reads_it(app, client, broker, workers):
    _, _, people, _ = world()
    login(client, people["district_a"].email)
    inline = client.get("/units/audit/export.csv?action=initiative.create", buffered=True)
    app.config["EXPORT_INLINE_ROWS"] = 2

    job_id = job_of(client.get("/units/audit/export.csv?action=initiative.create"))
    queued = job_row(job_id)
    done = finished(job_id, workers())
    download = client.get(f"/jobs/{job_id}/file", buffered=True)

    assert (queued.kind, queued.params["args"], queued.total) == (
        "unions.audit_export", {"action": "initiative.create"}, 5)
    assert (done.state, done.done, done.total, done.error) == (JobState.DONE, 5, 5, None)
    assert download.status_code == 200
    assert download.data == inline.data
    assert len(download.data.decode("utf-8-sig").splitlines()) == 6
    switch_user(client, people["admin"].email)
    assert client.get(f"/jobs/{job_id}/file", buffered=True).status_code == 404


def test_a_job_run_again_after_its_worker_died_writes_the_same_file_over_the_first(app, client, broker, workers):
    _, _, people, _ = world()
    app.config["EXPORT_INLINE_ROWS"] = 2
    login(client, people["officer_a1"].email)
    job_id = job_of(client.get("/initiatives/export.csv"))
    worker = workers()
    first = finished(job_id, worker)
    content = client.get(f"/jobs/{job_id}/file", buffered=True).data
    job = db.session.get(Job, job_id)
    job.state = JobState.QUEUED  # as the pick-up leaves a job whose worker stopped beating
    db.session.commit()
    dispatch(db.session.get(Job, job_id))
    db.session.commit()

    wait_for(lambda: job_row(job_id).attempts == 2 and job_row(job_id).state == JobState.DONE, "the rerun", worker)
    again = job_row(job_id)

    assert again.result == first.result
    assert client.get(f"/jobs/{job_id}/file", buffered=True).data == content
    assert [name for name in job_file_store().names() if name.startswith(f"{job_id}/")] == [first.result["key"]]


class Recorder:
    """A progress that notes, at each step, whether the job's session was inside a transaction."""

    job_id = 0

    def __init__(self):
        self.done, self.total, self.inside = 0, None, []

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.inside.append(db.session().in_transaction())


def test_progress_is_told_after_every_row_outside_any_transaction(app):
    _, _, people, made = world()
    ids = sorted(made.values())
    progress = Recorder()

    result = write_job_file(0, progress, "ids.csv", read_in_batches(ids, lambda batch: [
        [row] for row in db.session.scalars(select(Initiative.title).where(Initiative.id.in_(batch))
                                            .order_by(Initiative.id))], size=4),
        chunk_writer(lambda rows: spreadsheets.csv_chunks(["title"], rows)), total=len(ids))

    assert (progress.done, progress.total, progress.inside) == (len(ids), len(ids), [False] * len(ids))
    assert result["rows"] == len(ids)
    with job_file_store().open("0/ids.csv") as stored:
        assert stored.read().decode("utf-8-sig").splitlines()[1] == "Nháp cải tiến máy cắt"
