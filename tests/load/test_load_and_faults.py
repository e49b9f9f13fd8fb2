"""Twenty simulated users for ten seconds against gunicorn with four workers, on the suite's engine: nothing
acknowledged is lost, nothing is half-written, no 5xx but the translated 503 while a fault lasts, and the app
recovers by itself. The full-length run with its figures is ``python -m bench.load`` (README, "Load and faults")."""

import pytest

from bench.load_faults import SmallDisk
from bench.load_run import LoadPlan, run_load
from bench.load_server import PrivateCluster, postgres_binaries
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.load

USERS, SECONDS, WORKERS = 20, 10, 4
EVERY_ANSWER_ACCOUNTED = {"busy_503": {}, "malformed_503": [], "server_errors": [], "no_answer": {},
                          "signed_out": {}, "unexpected": []}


def _plan(url: str, tmp_path, *faults: str, **kwargs) -> LoadPlan:
    return LoadPlan(url, USERS, SECONDS, WORKERS, faults, tmp_path / "load", cheap_hashes=True, **kwargs)


def _answers_during_and_after(run: dict) -> tuple[list, list]:
    during = [(a["what"], a["status"], a["problem"]) for a in run["probe"] if a["when"].startswith("during")]
    after = [(a["what"], a["status"] < 400) for a in run["probe"] if a["when"].startswith("after")]
    return during, after


def _no_harm(run: dict) -> None:
    assert run["problems"] == []
    assert run["fault_errors"] == []
    assert (run["answers"]["server_errors"], run["answers"]["malformed_503"], run["answers"]["unexpected"]) == (
        [], [], [])
    assert run["server"]["master_kept"] is True


def test_under_load_every_acknowledged_submission_is_stored_once_and_whole_with_no_5xx(database_url, tmp_path):
    run = run_load(_plan(database_url, tmp_path))

    _no_harm(run)
    assert run["answers"] == EVERY_ANSWER_ACCOUNTED
    submissions = run["database"]["submissions"]
    assert submissions["acknowledged"] > 0
    # Only a request still on its way when the run ended may have gone through unacknowledged.
    assert submissions["uncertain"] == 0
    assert submissions["submitted_in_database"] == submissions["acknowledged"] + submissions[
        "uncertain_that_went_through"]
    assert run["server"]["workers_replaced"] == 0


def test_a_worker_killed_under_load_loses_nothing_acknowledged_and_is_replaced(database_url, tmp_path):
    run = run_load(_plan(database_url, tmp_path, "kill_worker"))

    _no_harm(run)
    assert [f["fault"] for f in run["faults"]] == ["kill_worker"]
    assert run["server"]["workers_replaced"] == 1
    assert _answers_during_and_after(run) == ([], [("GET /healthz (JSON)", True), ("GET /initiatives", True),
                                                   ("GET /initiatives (JSON)", True), ("upload", True)])


def test_a_full_upload_disk_under_load_answers_the_translated_503_and_recovers(database_url, tmp_path):
    reason = SmallDisk.possible()
    if reason:
        pytest.skip(reason)

    run = run_load(_plan(database_url, tmp_path, "fill_disk"))

    _no_harm(run)
    assert _answers_during_and_after(run) == ([("upload", 503, None), ("upload (JSON)", 503, None)],
                                              [("upload", True), ("upload (JSON)", True)])
    assert run["database"]["attachments"]["partial_files_left"] == []


@pytest.mark.skipif(not POSTGRES_URL, reason="the PostgreSQL suite (TEST_DATABASE_URL) restarts a private server")
def test_a_database_restart_under_load_answers_the_translated_503_and_recovers_without_restarting_the_app(tmp_path):
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed under /usr/lib/postgresql")
    cluster = PrivateCluster(binaries)
    cluster.start()
    try:
        url = cluster.url.replace("postgresql://", "postgresql+psycopg://")
        run = run_load(_plan(url, tmp_path, "restart_database", database_server=cluster))
    finally:
        cluster.stop()

    _no_harm(run)
    assert run["server"]["workers_replaced"] == 0
    assert _answers_during_and_after(run) == (
        [("GET /healthz (JSON)", 503, None), ("GET /initiatives", 503, None), ("GET /initiatives (JSON)", 503, None)],
        [("GET /healthz (JSON)", True), ("GET /initiatives", True), ("GET /initiatives (JSON)", True),
         ("upload", True)])
