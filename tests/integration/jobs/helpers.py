"""A real `flask worker` process for the tests, on the test's database and a real broker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.extensions import db
from jobs.models import Job
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[3]
WAIT = 90  # seconds a worker may take on a busy machine
LEASE = 2


def broker_url(tmp_path) -> str:
    return "redis://127.0.0.1:6379/0" if POSTGRES_URL else f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


class Worker:
    """A `flask worker` process (and its children) on the test's database and broker."""

    def __init__(self, app, *, pause: float):
        self.env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                    "INSTANCE_PATH": app.instance_path, "JOBS_BROKER_URL": app.config["JOBS_BROKER_URL"],
                    "JOBS_QUEUE": app.config["JOBS_QUEUE"], "JOB_LEASE_SECONDS": str(LEASE),
                    "JOB_PROGRESS_SECONDS": "0", "DUPLICATE_SWEEP_PAGE": "6",
                    "DUPLICATE_SWEEP_PAUSE_SECONDS": str(pause)}
        self.process = None
        self.log = Path(app.instance_path) / "worker.log"

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker", "--processes",
                                             "1"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        return self

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def job_row(job_id: int) -> SimpleNamespace:
    """Return a job's record as it is now, ending the read at once: on SQLite the test's own transaction would
    hold the write lock the worker needs."""
    db.session.commit()
    job = db.session.get(Job, job_id)
    values = SimpleNamespace(**{column.key: getattr(job, column.key) for column in Job.__table__.columns})
    db.session.commit()
    return values


def wait_for(condition, what: str, worker: Worker):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        db.session.commit()
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen in {WAIT} s; worker log:\n{worker.log.read_text(errors='replace')}")
