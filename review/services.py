"""Verbs of the duplicate queue: screen a submission, record suspected pairs, judge a pair. They flush; the caller
commits."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from review import store
from review.duplicates import Match
from review.models import FOUND_ON_SUBMIT, DuplicatePair, PairStatus
from review.pairing import PairFinder

MAX_NOTE = 2000


def screen_submission(initiative) -> list[Match]:
    """Queue the likely duplicates of an initiative being submitted, then index it; return those duplicates."""
    matches = store.search_signature(store.signature_of(initiative), limit=10, exclude_id=initiative.id)
    likely = [match for match in matches if match.likely_duplicate]
    record_pairs(((initiative.id, match.key, match.score) for match in likely), found_by=FOUND_ON_SUBMIT)
    store.index_initiative(initiative)
    return likely


def screen_batch(initiatives: list) -> None:
    """Queue the likely duplicates within a batch submitted at once (the Excel import), and index it in bulk.

    Searching the stored index row by row would hold a 5,000-row import's request for minutes: the batch's
    duplicates of earlier initiatives are left to the next sweep, which finds them like any other.
    """
    finder = PairFinder()
    for doc, stored in store.index_new(initiatives):
        finder.add(doc, stored)
    record_pairs(((first, second, value) for (first, second), value in finder.pairs.items()), found_by=FOUND_ON_SUBMIT)


def record_pairs(pairs: Iterable[tuple[int, int, float]], *, found_by: str, sweep_id: int | None = None) -> None:
    """Add likely duplicate pairs to the queue; a pair already there keeps its score and decision."""
    rows = [{"a_id": min(first, second), "b_id": max(first, second), "score": value, "likely": True,
             "found_by": found_by, "sweep_id": sweep_id, "found_at": utcnow(), "status": PairStatus.OPEN, "note": ""}
            for first, second, value in pairs if first != second]
    if rows:
        insert = store.insert_for_engine(DuplicatePair).on_conflict_do_nothing(index_elements=["a_id", "b_id"])
        db.session.execute(insert, rows)


def decide_pair(actor, pair: DuplicatePair, status: str, note: str = "") -> DuplicatePair:
    """Judge a suspected pair the same initiative or two different ones (a judgement may be revised)."""
    if status not in (PairStatus.SAME, PairStatus.DIFFERENT):
        raise DomainError(_l("Choose whether the two are the same initiative."), "status")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_l("The note is too long."), "note")
    before = pair.status
    pair.status = PairStatus(status)
    pair.note = note
    pair.decided_by_id = actor.id
    pair.decided_at = utcnow()
    record_audit(actor, "duplicate_pair.decide", pair, unit=pair.b.unit_id, status=[str(before), str(pair.status)],
                 a_id=pair.a_id, b_id=pair.b_id, note=note)
    return pair
