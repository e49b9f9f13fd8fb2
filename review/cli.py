"""Command-line tools of duplicate detection: sweep for near-duplicates, rebuild the index."""

import os

import click
from sqlalchemy import select

from core.extensions import db
from initiatives.models import Programme
from jobs.queue import dispatch
from review import store
from review.reindex_job import queue_reindex
from review.sweep import count_documents, run_sweep, start_sweep

# The sweep is heavy and unhurried: a lower CPU priority leaves the app on the same machine serving first.
SWEEP_NICENESS = 10


def register_cli(app) -> None:
    """Add the `duplicates` command group to `flask`."""
    group = click.Group("duplicates", help="Duplicate detection: sweeps and the search index.")
    app.cli.add_command(group)

    @group.command("sweep")
    @click.option("--programme", "programme_id", type=int, help="Sweep one programme (by id).")
    @click.option("--all", "everything", is_flag=True, help="Sweep the whole history, every programme and year.")
    @click.option("--niceness", type=click.IntRange(0, 19), default=SWEEP_NICENESS, show_default=True,
                  help="How much to lower this process's CPU priority (0 keeps it).")
    def sweep(programme_id: int | None, everything: bool, niceness: int):
        """Cluster near-duplicates and add the likely pairs to the review queue."""
        if everything == (programme_id is not None):
            raise click.UsageError("Give either --programme ID or --all.")
        programme = None
        if programme_id is not None:
            programme = db.session.scalar(select(Programme).where(Programme.id == programme_id))
            if programme is None:
                raise click.ClickException(f"No programme has id {programme_id}.")
        os.nice(niceness)
        total = count_documents(programme_id)
        started = start_sweep(None, programme)
        db.session.commit()
        with click.progressbar(length=total, label="Sweeping", show_pos=True) as bar:
            done = run_sweep(started.id, on_progress=bar.update)
        click.echo(f"Sweep {done.id}: {done.documents} initiatives, {done.pairs} likely pairs in {done.clusters} "
                   f"clusters, {done.new_pairs} new in the queue.")

    @group.command("reindex")
    @click.option("--queue", "queued", is_flag=True, help="Leave the rebuild to a worker (`flask worker`): record "
                                                          "it as a job and print its id.")
    def reindex(queued: bool):
        """Rebuild the duplicate index from every submitted initiative (one transaction)."""
        if queued:
            job = queue_reindex(None)
            db.session.commit()
            dispatch(job)
            click.echo(f"Queued the reindex as job {job.id}.")
            return
        total = store.count_submitted()
        with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
            count = store.rebuild(store.submitted_initiatives(), on_progress=bar.update)
        db.session.commit()
        click.echo(f"Indexed {count} initiatives.")
