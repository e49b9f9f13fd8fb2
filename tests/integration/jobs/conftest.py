"""Fixtures of the job tests: a broker of their own and worker processes, stopped at the end."""

import uuid

import pytest

from tests.integration.jobs.helpers import Worker, broker_url


@pytest.fixture
def broker(app, tmp_path):
    """Point the app at a queue of this test's own (a SQLite file, or Redis in the PostgreSQL run)."""
    app.config.update(JOBS_BROKER_URL=broker_url(tmp_path), JOBS_QUEUE=f"test-{uuid.uuid4().hex}")


@pytest.fixture
def workers(app, broker):
    started = []

    def start(pause: float = 0.0) -> Worker:
        started.append(Worker(app, pause=pause).start())
        return started[-1]

    yield start
    for worker in started:
        worker.stop()
