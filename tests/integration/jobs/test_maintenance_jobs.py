"""`flask quota rebuild --queue` and `flask duplicates reindex --queue` leave the work to a worker: the command
prints the job's id, the worker replaces the figures (or the index) with what the history gives, and the job's page
is for system administrators."""

from datetime import date, timedelta

from sqlalchemy import delete, select

from core.extensions import db
from core.timeutil import local_today
from jobs.models import Job, JobState
from quota import rebuild
from quota import services as quota_services
from quota.models import QuotaDaily, QuotaTotal
from review.models import DupDocument, DupPosting, DupStat, DupTerm
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import csrf_token, login
from tests.integration.jobs.helpers import job_row, wait_for
from unions.roles import Role

TITLES = ["Cải tiến máy đóng bao xi măng tự động", "Ứng dụng mã QR trong quản lý tài sản cố định",
          "Giải pháp tiết kiệm nước trong vệ sinh công nghiệp"]


def setting():
    units = make_tree()
    programme = make_programme(units["province"], opens=date(2021, 4, 1), closes=local_today() + timedelta(days=90))
    quota_services.save_setting(None, programme, counts_from="submitted", public=False)
    db.session.commit()
    authors = [make_user(units["grassroots_A1"]), make_user(units["grassroots_A2"]), make_user(units["grassroots_B1"])]
    submitted = [make_initiative(author, programme, title).id for author, title in zip(authors, TITLES, strict=True)]
    make_initiative(authors[0], programme, "Bản nháp chưa gửi về sắp xếp kho vật tư", submit=False)
    system_admin = make_user(units["grassroots_A2"], roles=((Role.SYSTEM_ADMIN, units["root"]),))
    federation_admin = make_user(units["grassroots_A2"], roles=((Role.FEDERATION_ADMIN, units["root"]),))
    db.session.commit()
    return programme, submitted, system_admin, federation_admin


def queued_job_id(output: str, what: str) -> int:
    assert output.startswith(f"Queued the {what} as job ")
    return int(output.strip().rsplit(" ", 1)[1].rstrip("."))


def pages(client, job_id: int, *users) -> list[tuple[int, str]]:
    seen = []
    for user in users:
        login(client, user.email)
        response = client.get(f"/jobs/{job_id}")
        seen.append((response.status_code, response.get_data(as_text=True)))
        client.post("/logout", data={"csrf_token": csrf_token(client)})
    return seen


def run_queued(app, client, workers, args: list[str], what: str, *viewers):
    """Queue a command's job from the command line, let a real worker run it; return the command's result, the job
    as queued, the job as finished and its page as each viewer sees it."""
    result = app.test_cli_runner().invoke(args=args)
    job_id = queued_job_id(result.output, what)
    queued = job_row(job_id)
    worker = workers()
    wait_for(lambda: job_row(job_id).state in (JobState.DONE, JobState.FAILED), f"the {what}", worker)
    return result, queued, job_row(job_id), pages(client, job_id, *viewers)


def test_a_queued_quota_rebuild_restores_the_figures_the_history_gives(app, client, broker, workers):
    programme, _, system_admin, federation_admin = setting()
    live = rebuild.snapshot(programme.id)
    for model in (QuotaTotal, QuotaDaily):  # figures gone wrong, for the rebuild to repair
        db.session.execute(delete(model).where(model.programme_id == programme.id))
    db.session.commit()
    damaged = rebuild.snapshot(programme.id)
    db.session.commit()

    result, queued, job, seen = run_queued(app, client, workers,
                                           ["quota", "rebuild", "--programme", str(programme.id), "--queue"],
                                           "rebuild", system_admin, federation_admin)
    assert result.exit_code == 0
    assert (queued.kind, queued.state, queued.started_by_id, queued.params, queued.total) == (
        "quota.rebuild", JobState.QUEUED, None, {"programme_id": programme.id}, 4)
    assert (job.state, job.done, job.total, job.attempts, job.error) == (JobState.DONE, 4, 4, 1, None)
    assert job.result == {"programmes": 1, "initiatives": 4}
    assert damaged != live and damaged["quota_total"] == {}
    assert rebuild.snapshot(programme.id) == live
    assert seen[0][0] == 200 and "Đã tính lại số liệu chỉ tiêu: 1 chương trình từ 4 sáng kiến." in seen[0][1]
    assert seen[1][0] == 404
    assert db.session.scalar(select(Job.id)) == job.id


def test_a_queued_reindex_holds_every_submitted_initiative(app, client, broker, workers):
    _, submitted, system_admin, federation_admin = setting()
    for model in (DupPosting, DupTerm, DupDocument, DupStat):  # an index lost, for the rebuild to restore
        db.session.execute(delete(model))
    db.session.commit()

    result, queued, job, seen = run_queued(app, client, workers, ["duplicates", "reindex", "--queue"], "reindex",
                                           system_admin, federation_admin)
    assert result.exit_code == 0
    assert (queued.kind, queued.state, queued.started_by_id, queued.params, queued.total) == (
        "duplicates.reindex", JobState.QUEUED, None, {}, 3)
    assert (job.state, job.done, job.total, job.attempts, job.error) == (JobState.DONE, 3, 3, 1, None)
    assert job.result == {"indexed": 3}
    assert sorted(db.session.scalars(select(DupDocument.initiative_id))) == sorted(submitted)
    assert seen[0][0] == 200 and "Đã xây dựng lại chỉ mục trùng lặp từ 3 sáng kiến đã gửi." in seen[0][1]
    assert seen[1][0] == 404


def test_a_rebuild_that_cannot_be_queued_records_no_job(app, broker):
    programme, _, _, _ = setting()
    runner = app.test_cli_runner()

    checking = runner.invoke(args=["quota", "rebuild", "--programme", str(programme.id), "--check", "--queue"])
    missing = runner.invoke(args=["quota", "rebuild", "--programme", "999999", "--queue"])

    assert (checking.exit_code, missing.exit_code) == (2, 1)
    assert "--check runs here; it cannot be queued." in checking.output
    assert "No programme has id 999999." in missing.output
    assert db.session.scalar(select(Job.id)) is None
