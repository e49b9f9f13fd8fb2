"""Command-line tools of duplicate detection: sweep for near-duplicates, rebuild the index."""

import os
import time

import click
from flask import current_app
from sqlalchemy import select

from core.extensions import db
from initiatives.models import Programme
from jobs.queue import dispatch
from review import store
from review.models import DuplicateSweep
from review.reindex_job import queue_reindex
from review.sweep import chunks_state, count_documents, queue_chunks, run_sweep, start_sweep

# The sweep is heavy and unhurried: a lower CPU priority leaves the app on the same machine serving first.
SWEEP_NICENESS = 10
WATCH_SECONDS = 1.0  # how often a command waiting for a chunked sweep reads its progress


def register_cli(app) -> None:
    """Add the `duplicates` command group to `flask`."""
    group = click.Group("duplicates", help="Duplicate detection: sweeps and the search index.")
    app.cli.add_command(group)

    @group.command("sweep")
    @click.option("--programme", "programme_id", type=int, help="Sweep one programme (by id).")
    @click.option("--all", "everything", is_flag=True, help="Sweep the whole history, every programme and year.")
    @click.option("--chunks", type=click.IntRange(1, 64), default=None,
                  help="Split the sweep into this many jobs for the workers (`flask worker`) to run at once "
                       "[default: DUPLICATE_SWEEP_CHUNKS; 1 sweeps here].")
    @click.option("--wait/--no-wait", default=True, show_default=True,
                  help="With chunks: watch the workers' progress until the sweep finishes.")
    @click.option("--niceness", type=click.IntRange(0, 19), default=SWEEP_NICENESS, show_default=True,
                  help="How much to lower this process's CPU priority (0 keeps it).")
    def sweep(programme_id: int | None, everything: bool, chunks: int | None, wait: bool, niceness: int):
        """Cluster near-duplicates and add the likely pairs to the review queue."""
        if everything == (programme_id is not None):
            raise click.UsageError("Give either --programme ID or --all.")
        programme = None
        if programme_id is not None:
            programme = db.session.scalar(select(Programme).where(Programme.id == programme_id))
            if programme is None:
                raise click.ClickException(f"No programme has id {programme_id}.")
        chunks = chunks or current_app.config["DUPLICATE_SWEEP_CHUNKS"]
        total = count_documents(programme_id)
        started = start_sweep(None, programme)
        if chunks > 1:
            _sweep_by_workers(started, chunks, total, wait)
            return
        db.session.commit()
        os.nice(niceness)
        with click.progressbar(length=total, label="Sweeping", show_pos=True) as bar:
            done = run_sweep(started.id, on_progress=bar.update)
        _echo_sweep(done)

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


def _sweep_by_workers(started, chunks: int, total: int, wait: bool) -> None:
    """Queue a recorded sweep as chunk jobs; unless told not to, show their progress until the last one closes it."""
    jobs = queue_chunks(None, started, chunks)
    db.session.commit()
    if not jobs:  # nothing to sweep: closed already
        _echo_sweep(started)
        return
    for job in jobs:
        dispatch(job)
    job_ids = [job.id for job in jobs]
    click.echo(f"Sweep {started.id}: queued as {len(jobs)} jobs ({', '.join(map(str, job_ids))}) for the workers.")
    if not wait:
        return
    seen = 0
    with click.progressbar(length=total, label="Sweeping", show_pos=True) as bar:
        while True:
            done, failed, finished = chunks_state(started.id, job_ids)
            bar.update(done - seen)
            seen = done
            if finished:
                break
            if failed:
                raise click.ClickException("A part of the sweep failed: its job page or the worker's log says why.")
            time.sleep(WATCH_SECONDS)
    _echo_sweep(db.session.get(DuplicateSweep, started.id))


def _echo_sweep(done) -> None:
    click.echo(f"Sweep {done.id}: {done.documents} initiatives, {done.pairs} likely pairs in {done.clusters} "
               f"clusters, {done.new_pairs} new in the queue.")
