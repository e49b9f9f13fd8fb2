"""Sweep a programme or the whole history for near-duplicates and feed the review queue.

The sweep reads the stored signatures in id order, a page per short read transaction, and takes each against the
ones before it (``review.pairing``): re-submissions across years and programmes and copies across units all show up
as a later document matching an earlier one. The pairs are then counted into clusters (union-find) and written in
batches, each in its own short transaction, so the app keeps serving meanwhile.
"""

import threading
from collections.abc import Callable, Iterator

from flask import current_app
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from review.models import FOUND_BY_SWEEP, DupDocument, DuplicatePair, DuplicateSweep
from review.pairing import PairFinder, count_clusters
from review.services import record_pairs

PAGE = 5000  # documents read per transaction
WRITE_BATCH = 1000  # pairs written per transaction
# A programme with at most this many indexed initiatives is swept within the request (a few seconds at most); a
# bigger one in a background thread with its own app context, so the reviewer is not kept waiting. Whole-history
# sweeps belong to `flask duplicates sweep --all`, run at low priority beside the app.
SWEEP_INLINE_LIMIT = 5000


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
    for page in _pages(programme_id):
        for doc, stored in page:
            finder.add(doc, stored)
        documents += len(page)
        if on_progress:
            on_progress(len(page))
    pairs = finder.pairs
    _write(sweep_id, pairs)
    sweep = db.session.get(DuplicateSweep, sweep_id)
    sweep.documents, sweep.pairs, sweep.clusters = documents, len(pairs), count_clusters(pairs)
    sweep.new_pairs = db.session.scalar(select(func.count()).select_from(DuplicatePair)
                                        .where(DuplicatePair.sweep_id == sweep_id))
    sweep.finished_at = utcnow()
    db.session.commit()
    return sweep


def _pages(programme_id: int | None) -> Iterator[list[tuple[int, str]]]:
    """Yield the scope's (id, signature) rows in id order, each page read in a transaction of its own."""
    last = 0
    while True:
        query = select(DupDocument.initiative_id, DupDocument.signature).where(DupDocument.initiative_id > last)
        if programme_id is not None:
            query = query.where(DupDocument.programme_id == programme_id)
        page = db.session.execute(query.order_by(DupDocument.initiative_id).limit(PAGE)).all()
        db.session.commit()
        if page:
            yield page
        if len(page) < PAGE:
            return
        last = page[-1][0]


def _write(sweep_id: int, pairs: dict[tuple[int, int], float]) -> None:
    """Queue the pairs, a batch per transaction."""
    items = [(first, second, value) for (first, second), value in pairs.items()]
    for start in range(0, len(items), WRITE_BATCH):
        record_pairs(items[start:start + WRITE_BATCH], found_by=FOUND_BY_SWEEP, sweep_id=sweep_id)
        db.session.commit()


def sweep_programme(actor, programme):
    """Record and run a sweep of programme; return (the sweep, whether it has finished already)."""
    inline = count_documents(programme.id) <= current_app.config.get("DUPLICATE_SWEEP_INLINE_LIMIT",
                                                                      SWEEP_INLINE_LIMIT)
    started = start_sweep(actor, programme)
    db.session.commit()
    if inline:
        return run_sweep(started.id), True
    threading.Thread(target=_sweep_in_background, args=(current_app._get_current_object(), started.id),
                     name=f"duplicate-sweep-{started.id}", daemon=True).start()
    return started, False


def _sweep_in_background(app, sweep_id: int) -> None:
    """Run a sweep in its own app context, hence its own database session."""
    with app.app_context():
        try:
            run_sweep(sweep_id)
        except Exception:
            db.session.rollback()
            app.logger.exception("duplicate sweep %s failed", sweep_id)
        finally:
            db.session.remove()
