"""`flask worker`: the processes that run the queued jobs."""

import click
from flask import current_app

from core.extensions import db
from jobs.files import remove_old_files
from jobs.queue import queue
from jobs.runner import pick_up_stale, send_waiting


def register_cli(app) -> None:
    """Add `flask worker` and `flask jobs clean`."""

    @app.cli.command("worker")
    @click.option("--processes", type=click.IntRange(1, 64), default=2, show_default=True,
                  help="How many jobs run at once, each in a process of its own.")
    def worker(processes: int):
        """Run queued jobs until stopped (Ctrl-C or SIGTERM finishes the running jobs first)."""
        app = current_app._get_current_object()
        jobs = queue(app)
        requeued = pick_up_stale(app, jobs.send)
        waiting = send_waiting(app, jobs.send)
        click.echo(f"Worker on {app.config['JOBS_QUEUE']!r}: {processes} processes; {len(requeued)} interrupted "
                   f"jobs queued again, {waiting} waiting.")
        jobs.huey.create_consumer(workers=processes, worker_type="process", periodic=True).run()

    group = click.Group("jobs", help="Jobs: the records and files of long work.")
    app.cli.add_command(group)

    @group.command("clean")
    @click.option("--days", type=click.IntRange(0), default=None,
                  help="Remove the files of jobs finished longer ago than this (default JOB_FILE_DAYS).")
    def clean(days: int | None):
        """Remove the files of jobs finished more than JOB_FILE_DAYS ago (their records stay)."""
        days = current_app.config["JOB_FILE_DAYS"] if days is None else days
        removed = remove_old_files(days)
        db.session.commit()
        click.echo(f"Removed {removed} job files older than {days} days.")
