"""Jobs: long work (sweeps, and the kinds other packages register) run by worker processes off a real queue, each
with a record its starter can watch: state, progress, result or the reason it failed.

The queue is huey's, on the broker one setting names (``JOBS_BROKER_URL``): a SQLite file by default, so a local
run needs no server, or Redis or PostgreSQL in production. ``flask worker`` runs the worker processes.
"""


def init_app(app) -> None:
    """Add the job table, the job pages and `flask worker`."""
    from flask_babel import lazy_gettext as _l

    from core.hooks import add_audit_vocabulary, add_to_slot, add_unmanaged_schema
    from core.observability import add_metrics
    from jobs import models
    from jobs.cli import register_cli
    from jobs.metrics import JobCounts
    from jobs.queries import has_started_any
    from jobs.queue import is_broker_table
    from jobs.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        job_state_labels={models.JobState.QUEUED: _l("Waiting for a worker"), models.JobState.RUNNING: _l("Running"),
                          models.JobState.DONE: _l("Finished"), models.JobState.FAILED: _l("Failed")},
        job_state_colours={models.JobState.QUEUED: "text-bg-secondary", models.JobState.RUNNING: "text-bg-primary",
                           models.JobState.DONE: "text-bg-success", models.JobState.FAILED: "text-bg-danger"})
    add_audit_vocabulary(app, actions={"job.start": _l("launched"), "job.file_remove": _l("removed the old file of")},
                         objects={"job": (_l("the job"), lambda ids: {})}, keys={"kind": None, "name": _l("File")})
    register_cli(app)
    add_unmanaged_schema(app, is_broker_table)
    add_metrics(app, JobCounts())
    add_to_slot(app, "user_menu", "jobs/slots/user_menu.html", order=50,
                context=lambda user: {} if has_started_any(user) else None)
