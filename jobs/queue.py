"""The broker, and the huey tasks that run a job by its id and pick up the jobs of workers that died.

``JOBS_BROKER_URL`` chooses the broker: ``sqlite:///path`` (the default, a file in the instance folder: nothing to
install), ``redis://host:6379/0`` or ``postgresql://…``. ``JOBS_QUEUE`` names the queue, so that several apps can
share one broker.
"""

from flask import current_app
from huey import PostgresHuey, RedisHuey, SqliteHuey, crontab

from core.extensions import db

EXTENSION_KEY = "sangkien.jobs.queue"
BROKER_TABLE_PREFIX = "huey_"


def _make_huey(url: str, name: str):
    if url.startswith("sqlite:///"):
        return SqliteHuey(name, filename=url.removeprefix("sqlite:///"), results=False)
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey(name, url=url, results=False)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresHuey(name, dsn=url, results=False, table_prefix=BROKER_TABLE_PREFIX.rstrip("_"))
    raise ValueError(f"JOBS_BROKER_URL must start with sqlite:///, redis:// or postgresql://, not {url!r}")


class Queue:
    """One app's huey, with its tasks bound to that app."""

    def __init__(self, app):
        from jobs import runner

        self.huey = _make_huey(app.config["JOBS_BROKER_URL"], app.config["JOBS_QUEUE"])
        self.run = self.huey.task(name="run_job")(lambda job_id: runner.run_job(app, job_id))
        self.huey.periodic_task(crontab(minute="*"), name="pick_up_stale_jobs")(
            lambda: runner.pick_up_stale(app, self.send))
        self.huey.on_startup(name="fresh_connections")(lambda: _fresh_connections(app))

    def send(self, job_id: int) -> None:
        """Put a job on the queue."""
        self.run(job_id)


def _fresh_connections(app) -> None:
    """Give a forked worker connections of its own rather than its parent's."""
    with app.app_context():
        db.engine.dispose(close=False)


def queue(app=None) -> Queue:
    """Return the app's queue, made on first use from its configuration."""
    app = app or current_app._get_current_object()
    if EXTENSION_KEY not in app.extensions:
        app.extensions[EXTENSION_KEY] = Queue(app)
    return app.extensions[EXTENSION_KEY]


def dispatch(job) -> None:
    """Hand a committed job to the workers."""
    queue().send(job.id)


def is_broker_table(schema: str | None, name: str) -> bool:
    """Tell the migrations to leave the broker's own tables alone (when it lives in PostgreSQL)."""
    return name.startswith(BROKER_TABLE_PREFIX)
