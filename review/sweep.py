"""Sweep a programme or the whole history for near-duplicates and feed the review queue.

The sweep reads the stored signatures in id order, a page per short read transaction, and takes each against the
ones before it (``review.pairing``): re-submissions across years and programmes and copies across units all show up
as a later document matching an earlier one. The pairs are then counted into clusters (union-find) and written in
batches, each in its own short transaction, so the app keeps serving meanwhile.

A sweep gives the same result however often it is started again: it reads everything from the start and adds only
the pairs not yet queued, so a job whose worker died mid-way is simply run again.
"""

import time
from collections.abc import Callable, Iterator

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from core.extensions import db
from core.i18n import N_, number
from core.timeutil import utcnow
from jobs.kinds import JobFailed
from jobs.queue import dispatch
from jobs.services import start_job
from review.models import FOUND_BY_SWEEP, DupDocument, DuplicatePair, DuplicateSweep
from review.pairing import PairFinder, count_clusters
from review.services import record_pairs

WRITE_BATCH = 1000  # pairs written per transaction
# A programme with at most DUPLICATE_SWEEP_INLINE_LIMIT indexed initiatives is swept within the request (a few
# seconds at most); a bigger one by a worker process (`flask worker`), so the reviewer is not kept waiting and
# watches its progress. Whole-history sweeps belong to `flask duplicates sweep --all`, run at low priority.
SWEEP_JOB = "duplicates.sweep"


def start_sweep(actor, programme=None) -> DuplicateSweep:
    """Record a sweep over a programme (or everything when None) about to start."""
    sweep = DuplicateSweep(scope="programme" if programme is not None else "all",
                           programme_id=getattr(programme, "id", None), started_by_id=getattr(actor, "id", None))
    db.session.add(sweep)
    db.session.flush()
    return sweep


def count_documents(programme_id: int | None) -> int:
    """Return how many indexed documents a sweep of this scope reads."""
    query = select(func.count()).select_from(DupDocument)
    if programme_id is not None:
        query = query.where(DupDocument.programme_id == programme_id)
    return db.session.scalar(query)


def run_sweep(sweep_id: int, on_progress: Callable[[int], None] | None = None) -> DuplicateSweep:
    """Run a recorded sweep to the end, committing as it goes; on_progress gets the documents done since last."""
    sweep = db.session.get(DuplicateSweep, sweep_id)
    programme_id = sweep.programme_id
    db.session.commit()
    finder = PairFinder()
    documents = 0
    # A pause between pages leaves the database to the app first, when the operators ask for one.
    pause = current_app.config["DUPLICATE_SWEEP_PAUSE_SECONDS"]
    for page in _pages(programme_id, current_app.config["DUPLICATE_SWEEP_PAGE"]):
        for doc, stored in page:
            finder.add(doc, stored)
        documents += len(page)
        if on_progress:
            on_progress(len(page))
        if pause:
            time.sleep(pause)
    pairs = finder.pairs
    _write(sweep_id, pairs)
    sweep = db.session.get(DuplicateSweep, sweep_id)
    sweep.documents, sweep.pairs, sweep.clusters = documents, len(pairs), count_clusters(pairs)
    sweep.new_pairs = db.session.scalar(select(func.count()).select_from(DuplicatePair)
                                        .where(DuplicatePair.sweep_id == sweep_id))
    sweep.finished_at = utcnow()
    db.session.commit()
    return sweep


def _pages(programme_id: int | None, size: int) -> Iterator[list[tuple[int, str]]]:
    """Yield the scope's (id, signature) rows in id order, each page read in a transaction of its own."""
    last = 0
    while True:
        query = select(DupDocument.initiative_id, DupDocument.signature).where(DupDocument.initiative_id > last)
        if programme_id is not None:
            query = query.where(DupDocument.programme_id == programme_id)
        page = db.session.execute(query.order_by(DupDocument.initiative_id).limit(size)).all()
        db.session.commit()
        if page:
            yield page
        if len(page) < size:
            return
        last = page[-1][0]


def _write(sweep_id: int, pairs: dict[tuple[int, int], float]) -> None:
    """Queue the pairs, a batch per transaction."""
    items = [(first, second, value) for (first, second), value in pairs.items()]
    for start in range(0, len(items), WRITE_BATCH):
        record_pairs(items[start:start + WRITE_BATCH], found_by=FOUND_BY_SWEEP, sweep_id=sweep_id)
        db.session.commit()


def sweep_programme(actor, programme):
    """Record a sweep of programme and run it here when small, else queue it; return (the sweep, its job or None
    when it has finished already)."""
    documents = count_documents(programme.id)
    started = start_sweep(actor, programme)
    if documents <= current_app.config["DUPLICATE_SWEEP_INLINE_LIMIT"]:
        db.session.commit()
        return run_sweep(started.id), None
    job = start_job(actor, SWEEP_JOB, {"sweep_id": started.id}, total=documents)
    db.session.commit()
    dispatch(job)
    return started, job


def sweep_job(params: dict, progress) -> dict:
    """Run a recorded sweep as a job (see jobs.kinds.JobKind): its figures are the result."""
    sweep = db.session.get(DuplicateSweep, params["sweep_id"])
    if sweep is None:
        raise JobFailed(N_("The record of this sweep no longer exists."))
    total = count_documents(sweep.programme_id)
    db.session.commit()
    progress.set_total(total)
    done = run_sweep(params["sweep_id"], on_progress=progress.advance)
    return {"documents": done.documents, "pairs": done.pairs, "new_pairs": done.new_pairs, "clusters": done.clusters}


def describe_sweep(result: dict) -> str:
    """Return a finished sweep's figures in words."""
    return _("Sweep finished: %(documents)s initiatives, %(pairs)s likely duplicate pairs, %(new)s new in the queue.",
             documents=number(result["documents"]), pairs=number(result["pairs"]), new=number(result["new_pairs"]))
