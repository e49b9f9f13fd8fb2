"""A whole-history sweep split into chunks that real `flask worker` processes take at once finds exactly the pairs
and clusters of a sweep in one process; a chunk whose worker is killed mid-way is run again to the same result."""

import time
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, func, select

from core.extensions import db
from jobs.models import Job, JobState
from jobs.queue import dispatch
from review.models import DupDocument, DuplicatePair, DuplicateSweep, DuplicateSweepChunk
from review.pairing import PairFinder, count_clusters
from review.sweep import SWEEP_CHUNK_JOB, queue_chunks, run_sweep, start_sweep
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login
from tests.integration.jobs.helpers import LEASE, job_row, wait_for
from unions.roles import Role

WORKS = ("máy đóng bao xi măng", "băng tải than", "lò hơi đốt trấu", "hệ thống chiếu sáng phân xưởng",
         "bơm nước thải", "máy nghiền đá vôi", "dây chuyền sơn tĩnh điện", "cầu trục nhà kho", "máy ép gạch không nung",
         "tủ điều khiển quạt gió", "bể lắng bùn", "máy cắt tôn")
# The second programme repeats the first's initiatives, restated or copied, a year later: every pair crosses
# the border between the first half of the ids and the second.
FIRST = ("Cải tiến {}", "Tự động hoá {}", "Ứng dụng cảm biến cho {}")
SECOND = ("CẢI TIẾN {}", "Giải pháp tự động hoá {} tại phân xưởng", "Ứng dụng cảm biến cho {} nhằm giảm hao hụt")


@pytest.fixture
def history(app, broker):
    """Two programmes of 36 initiatives each, the second re-submitting the first's; return a reviewer."""
    units = make_tree()
    authors = [make_user(units["grassroots_A1"]), make_user(units["grassroots_B1"])]
    for year, forms in ((2023, FIRST), (2024, SECOND)):
        programme = make_programme(units["province"], name=f"Hội thi sáng kiến {year}")
        for number, (form, work) in enumerate((form, work) for form in forms for work in WORKS):
            make_initiative(authors[number % 2], programme, form.format(work))
    # The pairs found on submission leave the queue, so that what is queued afterwards is the sweep's alone.
    db.session.execute(delete(DuplicatePair))
    reviewer = make_user(units["grassroots_A2"], email="thamdinh@example.vn",
                         roles=((Role.REVIEWER, units["province"]),))
    db.session.commit()
    return reviewer


def one_pass() -> tuple[set[tuple[int, int]], int]:
    """Return the pairs and clusters of the whole history taken in one pass, in this process."""
    finder = PairFinder()
    for doc, stored in db.session.execute(select(DupDocument.initiative_id, DupDocument.signature)
                                          .order_by(DupDocument.initiative_id)):
        finder.add(doc, stored)
    db.session.commit()
    return set(finder.pairs), count_clusters(finder.pairs)


def queued_pairs(sweep_id: int) -> set[tuple[int, int]]:
    rows = db.session.execute(select(DuplicatePair.a_id, DuplicatePair.b_id)
                              .where(DuplicatePair.sweep_id == sweep_id)).all()
    db.session.commit()
    return {tuple(row) for row in rows}


def chunk_jobs() -> list:
    jobs = list(db.session.scalars(select(Job).where(Job.kind == SWEEP_CHUNK_JOB).order_by(Job.id)))
    db.session.commit()
    return [job_row(job.id) for job in jobs]


def sweep_row(sweep_id: int) -> SimpleNamespace:
    """Return a sweep's record as it is now, ending the read at once (as job_row does)."""
    db.session.commit()
    sweep = db.session.get(DuplicateSweep, sweep_id, populate_existing=True)
    values = SimpleNamespace(**{column.key: getattr(sweep, column.key) for column in DuplicateSweep.__table__.columns})
    db.session.commit()
    return values


def test_a_sweep_in_chunks_on_two_workers_finds_the_pairs_and_clusters_of_one_process(app, history, workers):
    expected, clusters = one_pass()
    workers()
    workers()

    result = app.test_cli_runner().invoke(args=["duplicates", "sweep", "--all", "--chunks", "2"])

    assert result.exit_code == 0, result.output
    sweep = db.session.scalars(select(DuplicateSweep)).one()
    assert result.output.startswith(f"Sweep {sweep.id}: queued as 2 jobs (")
    assert result.output.rstrip().endswith(f"Sweep {sweep.id}: 72 initiatives, {len(expected)} likely pairs in "
                                           f"{clusters} clusters, {len(expected)} new in the queue.")
    assert len(expected) >= 36
    jobs = chunk_jobs()
    assert [(job.state, job.params, job.done, job.total, job.attempts, job.result) for job in jobs] == [
        (JobState.DONE, {"sweep_id": sweep.id, "chunk": 0}, 36, 36, 1, jobs[0].result),
        (JobState.DONE, {"sweep_id": sweep.id, "chunk": 1}, 36, 36, 1, jobs[1].result)]
    assert [job.result["documents"] for job in jobs] == [36, 36]
    assert sum(job.result["pairs"] for job in jobs) == len(expected)
    chunks = list(db.session.scalars(select(DuplicateSweepChunk).order_by(DuplicateSweepChunk.position)))
    ids = [doc for (doc,) in db.session.execute(select(DupDocument.initiative_id).order_by(DupDocument.initiative_id))]
    assert [(chunk.after_id, chunk.last_id, chunk.links) for chunk in chunks] == [(0, ids[35], None),
                                                                                   (ids[35], ids[71], None)]
    assert any(first <= ids[35] < second for first, second in expected)  # pairs across the chunks' border
    assert queued_pairs(sweep.id) == {(min(pair), max(pair)) for pair in expected}
    assert (sweep.documents, sweep.pairs, sweep.clusters, sweep.new_pairs) == (72, len(expected), clusters,
                                                                               len(expected))
    db.session.commit()
    # A sweep in one process now finds the same pairs and clusters, and nothing new to queue.
    again = start_sweep(None)
    db.session.commit()
    clean = run_sweep(again.id)
    assert (clean.documents, clean.pairs, clean.clusters, clean.new_pairs) == (72, len(expected), clusters, 0)


def test_a_chunk_whose_worker_is_killed_is_run_again_to_one_clean_run_s_result(app, client, history, workers):
    expected, clusters = one_pass()
    sweep = start_sweep(None)
    jobs = queue_chunks(None, sweep, 2)
    db.session.commit()
    sweep_id = sweep.id
    for job in jobs:
        dispatch(job)
    first = workers(pause=0.3)  # one process: it takes one chunk, reading six documents per page, slowly
    killed = wait_for(lambda: next((job for job in chunk_jobs() if job.done > 0), None), "progress", first)

    first.kill()
    interrupted = job_row(killed.id)
    assert interrupted.state == JobState.RUNNING and 0 < interrupted.done < 36
    login(client, history.email)
    running = client.get("/review/duplicates").get_data(as_text=True)
    db.session.commit()
    assert (f'<span data-sweep-progress="{sweep_id}">đang thực hiện: đã đối chiếu {interrupted.done} trên 72 sáng '
            'kiến</span>') in running
    time.sleep(LEASE + 0.5)  # the killed worker's heartbeat has stopped for longer than the lease
    second = workers()
    workers()
    wait_for(lambda: sweep_row(sweep_id).finished_at is not None, "the end of the sweep", second)

    done = sweep_row(sweep_id)
    assert [(job.state, job.done, job.total, job.attempts) for job in chunk_jobs()] == [
        (JobState.DONE, 36, 36, 2 if job.id == killed.id else 1) for job in jobs]
    assert (done.documents, done.pairs, done.clusters, done.new_pairs) == (72, len(expected), clusters, len(expected))
    assert queued_pairs(sweep_id) == {(min(pair), max(pair)) for pair in expected}
    assert db.session.scalar(select(func.count()).select_from(DuplicatePair)) == len(expected)  # nothing doubled
    db.session.commit()
    finished = client.get("/review/duplicates").get_data(as_text=True)
    assert "data-sweep-progress" not in finished and "đang thực hiện" not in finished


def test_a_sweep_in_chunks_of_nothing_is_closed_at_once(app):
    result = app.test_cli_runner().invoke(args=["duplicates", "sweep", "--all", "--chunks", "3"])

    sweep = db.session.scalars(select(DuplicateSweep)).one()
    assert (result.exit_code, result.output) == (0, f"Sweep {sweep.id}: 0 initiatives, 0 likely pairs in 0 clusters, "
                                                    "0 new in the queue.\n")
    assert sweep.finished_at is not None and chunk_jobs() == []
