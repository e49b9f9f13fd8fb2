"""Jobs run by a real `flask worker` process off a real broker (a SQLite file; Redis in the PostgreSQL run): the
starter watches the progress move, reads the result or a translated failure, and a worker killed mid-way leaves a
job that the next worker finishes with the result of one clean run."""

import json
import time

import pytest
from sqlalchemy import func, select

from core.extensions import db
from jobs.models import JobState
from jobs.queue import dispatch
from jobs.services import start_job
from review.models import DupDocument, DuplicatePair, DuplicateSweep
from review.pairing import PairFinder, count_clusters
from review.sweep import SWEEP_JOB, run_sweep, start_sweep
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form, switch_user
from tests.integration.jobs.helpers import LEASE, job_row, wait_for
from unions.roles import Role

WORKS = ("máy đóng bao xi măng", "băng tải than", "lò hơi đốt trấu", "hệ thống chiếu sáng phân xưởng",
         "bơm nước thải", "máy nghiền đá vôi", "dây chuyền sơn tĩnh điện", "cầu trục nhà kho", "máy ép gạch không nung",
         "tủ điều khiển quạt gió", "bể lắng bùn", "máy cắt tôn")
VERBS = ("Cải tiến", "Tự động hoá", "Ứng dụng cảm biến cho")


@pytest.fixture
def world(app, broker):
    """A programme with 36 initiatives, each submitted twice from different unions, and a reviewer."""
    units = make_tree()
    programme = make_programme(units["province"])
    authors = [make_user(units["grassroots_A1"]), make_user(units["grassroots_B1"])]
    for verb in VERBS:
        for work in WORKS:
            for author in authors:
                make_initiative(author, programme, f"{verb} {work}")
    reviewer = make_user(units["grassroots_A2"], email="thamdinh@example.vn",
                         roles=((Role.REVIEWER, units["province"]),))
    outsider = make_user(units["grassroots_B2"], email="ngoai@example.vn")
    app.config["DUPLICATE_SWEEP_INLINE_LIMIT"] = 0
    return programme, reviewer, outsider


def test_the_starter_watches_a_sweep_move_and_reads_its_result(app, client, world, workers):
    programme, reviewer, outsider = world
    login(client, reviewer.email)

    started = post_form(client, "/review/sweeps", {"programme": programme.id})
    job_id = int(started.headers["Location"].rsplit("/", 1)[1])
    waiting = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    worker = workers(pause=0.1)
    seen = []

    def finished():
        state = client.get(f"/jobs/{job_id}.json").get_json()
        seen.append((state["done"], state["total"]))
        return state if state["finished"] else None

    final = wait_for(finished, "the sweep", worker)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)

    sweep = db.session.scalars(select(DuplicateSweep)).one()
    assert "Đang chờ xử lý" in waiting and 'id="job-progress"' in waiting
    assert any(0 < done < total for done, total in seen), seen  # the bar moved
    assert (final["state"], final["done"], final["total"], final["percent"]) == ("done", 72, 72, 100.0)
    assert sweep.documents == 72 and sweep.pairs >= 36
    assert final["result"] == (f"Đã rà soát xong: 72 sáng kiến, {sweep.pairs} cặp có thể trùng, {sweep.new_pairs} "
                               "cặp mới chờ kết luận.")
    assert final["result"] in page and "Kết thúc" in page
    assert client.get("/jobs").get_data(as_text=True).count(f"/jobs/{job_id}\"") == 1
    assert 'href="/jobs"' in page  # the starter's menu links to their jobs
    assert 'sangkien_jobs{state="done"} 1.0' in client.get("/metrics").get_data(as_text=True)
    lines = [json.loads(line) for line in worker.log.read_text().splitlines() if line.startswith("{")]
    assert [(line["job_id"], line["kind"], line["state"], line["done"]) for line in lines
            if line["logger"] == "sangkien.jobs"] == [(job_id, "duplicates.sweep", "done", 72)]
    switch_user(client, outsider.email)
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.get(f"/jobs/{job_id}.json").status_code == 404
    assert 'href="/jobs"' not in client.get("/").get_data(as_text=True)


def test_a_job_that_cannot_finish_says_why_in_the_user_s_language(app, client, world, workers):
    _, reviewer, _ = world
    job = start_job(reviewer, SWEEP_JOB, {"sweep_id": 987654})
    db.session.commit()
    dispatch(job)
    worker = workers()

    wait_for(lambda: job_row(job.id).state == JobState.FAILED, "the failure", worker)
    login(client, reviewer.email)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    client.get("/language/en")
    english = client.get(f"/jobs/{job.id}.json").get_json()

    assert "Bản ghi của lần rà soát này không còn nữa." in page and "Không thành công" in page
    assert english["error"] == "The record of this sweep no longer exists."


def test_a_sweep_whose_worker_is_killed_is_finished_by_the_next_with_one_clean_run_s_result(app, world, workers):
    programme, reviewer, _ = world
    sweep = start_sweep(reviewer, programme)
    job = start_job(reviewer, SWEEP_JOB, {"sweep_id": sweep.id})
    db.session.commit()
    sweep_id, job_id = sweep.id, job.id
    dispatch(job)
    first = workers(pause=0.3)
    wait_for(lambda: job_row(job_id).done > 0, "progress", first)

    first.kill()
    interrupted = job_row(job_id)
    assert interrupted.state == JobState.RUNNING and 0 < interrupted.done < 72
    time.sleep(LEASE + 0.5)  # the killed worker's heartbeat has stopped for longer than the lease
    second = workers()
    wait_for(lambda: job_row(job_id).state == JobState.DONE, "the second run", second)

    finished = job_row(job_id)
    done = db.session.get(DuplicateSweep, sweep_id)
    finder = PairFinder()
    for initiative_id, signature in db.session.execute(select(DupDocument.initiative_id, DupDocument.signature)
                                                       .order_by(DupDocument.initiative_id)):
        finder.add(initiative_id, signature)
    expected = {tuple(sorted(pair)) for pair in finder.pairs}
    queued = {tuple(row) for row in db.session.execute(select(DuplicatePair.a_id, DuplicatePair.b_id))}
    assert finished.attempts == 2 and (finished.done, finished.total) == (72, 72)
    assert (done.documents, done.pairs, done.clusters) == (72, len(expected), count_clusters(finder.pairs))
    assert expected <= queued and db.session.scalar(select(func.count()).select_from(DuplicatePair)) == len(queued)
    assert finished.result == {"documents": 72, "pairs": done.pairs, "new_pairs": done.new_pairs,
                               "clusters": done.clusters}
    # Nothing is missing or doubled: a clean sweep now finds the same pairs and nothing new to queue.
    again = start_sweep(None, programme)
    db.session.commit()
    clean = run_sweep(again.id)
    assert (clean.pairs, clean.new_pairs) == (done.pairs, 0)
