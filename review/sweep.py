"""Sweep a programme or the whole history for near-duplicates and feed the review queue.

The sweep reads the stored signatures in id order, a page per short read transaction, and takes each against the
ones before it (``review.pairing``): re-submissions across years and programmes and copies across units all show up
as a later document matching an earlier one. The pairs are then counted into clusters (union-find) and written in
batches, each in its own short transaction, so the app keeps serving meanwhile.

A sweep gives the same result however often it is started again: it reads everything from the start and adds only
the pairs not yet queued, so a job whose worker died mid-way is simply run again.

A sweep split into chunks (``queue_chunks``, ``DUPLICATE_SWEEP_CHUNKS``) is run by several workers at once: the ids
are cut into ranges of equal counts, and the job of each range first indexes every document before it without
searching (``PairFinder.prime``, a few per cent of the cost of pairing), then pairs its own documents exactly as the
one-process sweep pairs them, since a document is only ever searched against those before it. Each chunk writes its
pairs and records itself finished; the last to finish counts the clusters over every chunk's links and closes the
sweep.
"""

import time
from bisect import bisect_right
from collections.abc import Callable, Iterator

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from core.extensions import db
from core.i18n import N_, number
from core.timeutil import utcnow
from jobs.kinds import JobFailed
from jobs.models import Job, JobState
from jobs.queue import dispatch
from jobs.services import start_job
from review.models import FOUND_BY_SWEEP, DupDocument, DuplicatePair, DuplicateSweep, DuplicateSweepChunk
from review.pairing import PairFinder, count_clusters, spanning_links, split_ids
from review.services import record_pairs

WRITE_BATCH = 1000  # pairs written per transaction
# A programme with at most DUPLICATE_SWEEP_INLINE_LIMIT indexed initiatives is swept within the request (a few
# seconds at most); a bigger one by a worker process (`flask worker`), so the reviewer is not kept waiting and
# watches its progress. Whole-history sweeps belong to `flask duplicates sweep --all`, run at low priority.
SWEEP_JOB = "duplicates.sweep"
SWEEP_CHUNK_JOB = "duplicates.sweep_chunk"


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
    documents = _pair(finder, programme_id, 0, None, on_progress)
    pairs = finder.pairs
    _write(sweep_id, pairs)
    sweep = db.session.get(DuplicateSweep, sweep_id)
    _close(sweep, documents, len(pairs), count_clusters(pairs))
    db.session.commit()
    return sweep


def _pair(finder: PairFinder, programme_id: int | None, after: int, last: int | None,
          on_progress: Callable[[int], None] | None) -> int:
    """Feed the finder the scope's documents after ``after`` up to ``last`` (None: all); return how many."""
    documents = 0
    # A pause between pages leaves the database to the app first, when the operators ask for one.
    pause = current_app.config["DUPLICATE_SWEEP_PAUSE_SECONDS"]
    for page in _pages(programme_id, current_app.config["DUPLICATE_SWEEP_PAGE"], after, last):
        for doc, stored in page:
            finder.add(doc, stored)
        documents += len(page)
        if on_progress:
            on_progress(len(page))
        if pause:
            time.sleep(pause)
    return documents


def _close(sweep: DuplicateSweep, documents: int, pairs: int, clusters: int) -> None:
    """Record a sweep's figures and its end, its pairs written."""
    sweep.documents, sweep.pairs, sweep.clusters = documents, pairs, clusters
    sweep.new_pairs = db.session.scalar(select(func.count()).select_from(DuplicatePair)
                                        .where(DuplicatePair.sweep_id == sweep.id))
    sweep.finished_at = utcnow()


def _pages(programme_id: int | None, size: int, after: int = 0,
           last: int | None = None) -> Iterator[list[tuple[int, str]]]:
    """Yield the scope's (id, signature) rows after ``after`` up to ``last`` in id order, each page read in a
    transaction of its own (a reading one: on SQLite the chunks of a sweep read side by side)."""
    while True:
        query = select(DupDocument.initiative_id, DupDocument.signature).where(DupDocument.initiative_id > after)
        if programme_id is not None:
            query = query.where(DupDocument.programme_id == programme_id)
        if last is not None:
            query = query.where(DupDocument.initiative_id <= last)
        db.session.connection(execution_options={"snapshot": True})
        page = db.session.execute(query.order_by(DupDocument.initiative_id).limit(size)).all()
        db.session.commit()
        if page:
            yield page
        if len(page) < size:
            return
        after = page[-1][0]


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


def scope_ids(programme_id: int | None) -> list[int]:
    """Return the ids of the documents a sweep of this scope reads, in order."""
    query = select(DupDocument.initiative_id).order_by(DupDocument.initiative_id)
    if programme_id is not None:
        query = query.where(DupDocument.programme_id == programme_id)
    return list(db.session.scalars(query))


def queue_chunks(actor, sweep: DuplicateSweep, chunks: int) -> list:
    """Split a recorded sweep into at most ``chunks`` jobs over id ranges of equal counts (none when its scope is
    empty: it is closed at once); dispatch them after the commit."""
    ids = scope_ids(sweep.programme_id)
    jobs = []
    for position, (after, last) in enumerate(split_ids(ids, chunks)):
        job = start_job(actor, SWEEP_CHUNK_JOB, {"sweep_id": sweep.id, "chunk": position},
                        total=bisect_right(ids, last) - bisect_right(ids, after))
        db.session.add(DuplicateSweepChunk(sweep_id=sweep.id, position=position, job_id=job.id, after_id=after,
                                           last_id=last))
        jobs.append(job)
    if not jobs:
        _close(sweep, 0, 0, 0)
    db.session.flush()
    return jobs


def sweep_chunk_job(params: dict, progress) -> dict:
    """Pair one chunk's documents against every document before them, write its pairs and record it finished;
    the last chunk to finish closes the sweep (see jobs.kinds.JobKind)."""
    chunk = db.session.scalar(select(DuplicateSweepChunk).where(DuplicateSweepChunk.sweep_id == params["sweep_id"],
                                                                DuplicateSweepChunk.position == params["chunk"]))
    if chunk is None:
        raise JobFailed(N_("The record of this sweep no longer exists."))
    if chunk.finished_at is not None:  # finished before its worker died: nothing left to do
        result = _chunk_result(chunk)
        db.session.commit()
        return result
    chunk_id, sweep_id, after, last = chunk.id, chunk.sweep_id, chunk.after_id, chunk.last_id
    programme_id = db.session.get(DuplicateSweep, sweep_id).programme_id
    db.session.commit()
    finder = PairFinder()
    for page in _pages(programme_id, current_app.config["DUPLICATE_SWEEP_PAGE"], 0, after):
        for doc, stored in page:
            finder.prime(doc, stored)
    documents = _pair(finder, programme_id, after, last, progress.advance)
    _write(sweep_id, finder.pairs)
    _finish_chunk(chunk_id, sweep_id, documents, finder.pairs)
    return _chunk_result(db.session.get(DuplicateSweepChunk, chunk_id))


def _finish_chunk(chunk_id: int, sweep_id: int, documents: int, pairs: dict) -> None:
    """Record a chunk finished and, when it is the last, close its sweep: one transaction, the chunks of a sweep
    finishing one at a time."""
    # Updating the sweep's row first locks it (on PostgreSQL; SQLite writers take turns anyway), so that of two
    # chunks finishing together the second sees the first finished.
    db.session.execute(update(DuplicateSweep).where(DuplicateSweep.id == sweep_id)
                       .values(finished_at=DuplicateSweep.finished_at).execution_options(synchronize_session=False))
    flat = [doc for link in spanning_links(pairs) for doc in link]
    db.session.execute(update(DuplicateSweepChunk).where(DuplicateSweepChunk.id == chunk_id,
                                                         DuplicateSweepChunk.finished_at.is_(None))
                       .values(documents=documents, pairs=len(pairs), links=flat, finished_at=utcnow())
                       .execution_options(synchronize_session=False))
    chunks = list(db.session.scalars(select(DuplicateSweepChunk).where(DuplicateSweepChunk.sweep_id == sweep_id)
                                     .execution_options(populate_existing=True)))
    sweep = db.session.get(DuplicateSweep, sweep_id, populate_existing=True)
    if sweep.finished_at is None and all(chunk.finished_at is not None for chunk in chunks):
        links = [(chunk.links[i], chunk.links[i + 1]) for chunk in chunks for i in range(0, len(chunk.links), 2)]
        _close(sweep, sum(chunk.documents for chunk in chunks), sum(chunk.pairs for chunk in chunks),
               count_clusters(links))
        for chunk in chunks:
            chunk.links = None  # the sweep holds the figures now
    db.session.commit()


def _chunk_result(chunk: DuplicateSweepChunk) -> dict:
    return {"chunk": chunk.position, "documents": chunk.documents, "pairs": chunk.pairs}


def chunks_state(sweep_id: int, job_ids: list[int]) -> tuple[int, bool, bool]:
    """Return how many documents a chunked sweep's jobs have paired, whether one of them failed and whether the
    sweep has finished (one short read)."""
    rows = db.session.execute(select(Job.done, Job.state).where(Job.id.in_(job_ids))).all()
    finished = db.session.scalar(select(DuplicateSweep.finished_at).where(DuplicateSweep.id == sweep_id))
    db.session.commit()
    return sum(done for done, _ in rows), any(state == JobState.FAILED for _, state in rows), finished is not None


def describe_sweep(result: dict) -> str:
    """Return a finished sweep's figures in words."""
    return _("Sweep finished: %(documents)s initiatives, %(pairs)s likely duplicate pairs, %(new)s new in the queue.",
             documents=number(result["documents"]), pairs=number(result["pairs"]), new=number(result["new_pairs"]))


def describe_chunk(result: dict) -> str:
    """Return a finished chunk's figures in words."""
    return _("Part %(part)s of the sweep finished: %(documents)s initiatives, %(pairs)s likely duplicate pairs.",
             part=number(result["chunk"] + 1), documents=number(result["documents"]), pairs=number(result["pairs"]))
