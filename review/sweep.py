"""Sweep a programme or the whole history for near-duplicates and feed the review queue.

The sweep reads the stored signatures in id order, a page per short read transaction, and queries each document
against the ones before it in an in-memory ``DuplicateIndex``: re-submissions across years and programmes and copies
across units all show up as a later document matching an earlier one. Documents whose title analyses identically
to an earlier one's are the same title however spelt (score 100): they are paired with the first of them and not
searched again, which spares most of the work in a history full of copies. Pairs are then grouped into clusters
(union-find) and written in batches, each in its own short transaction, so the app keeps serving meanwhile.
"""

from collections.abc import Callable, Iterator

from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from review.duplicates import Caps, DuplicateIndex, Signature
from review.models import FOUND_BY_SWEEP, DupDocument, DuplicatePair, DuplicateSweep
from review.services import record_pairs

PAGE = 5000  # documents read per transaction
WRITE_BATCH = 1000  # pairs written per transaction
MATCHES_PER_DOCUMENT = 5  # earlier documents a document may be paired with; clusters link the rest


class _SweepIndex(DuplicateIndex):
    """A duplicate index with tighter work caps: a sweep only wants the likely duplicates, and a million of them."""

    CAPS = Caps(postings_budget=2000, pool=60, rerank=8)


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
    index = _SweepIndex()
    first_with_title: dict[str, int] = {}
    pairs: dict[tuple[int, int], float] = {}
    documents = 0
    for page in _pages(programme_id):
        for doc, text in page:
            title_key = text[:text.rindex("\t")]
            first = first_with_title.get(title_key)
            if first is not None:
                pairs[(first, doc)] = 100.0
                continue
            signature = Signature.loads(text)
            if not signature:
                continue
            first_with_title[title_key] = doc
            for match in index.search_signature(signature, MATCHES_PER_DOCUMENT):
                if match.likely_duplicate:
                    pairs[(match.key, doc)] = match.score
            index.add_signature(doc, signature)
        documents += len(page)
        if on_progress:
            on_progress(len(page))
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


def count_clusters(pairs) -> int:
    """Return how many groups of two or more documents the pairs link together (union-find)."""
    parent: dict[int, int] = {}

    def root(doc: int) -> int:
        parent.setdefault(doc, doc)
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    for first, second in pairs:
        parent[root(first)] = root(second)
    return len({root(doc) for doc in parent})
