"""Verbs of the duplicate queue: screen a submission, record suspected pairs, judge a pair. They flush; the caller
commits."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from review import signals, store
from review.duplicates import Match
from review.models import FOUND_ON_SUBMIT, DuplicateJudgement, DuplicatePair, DuplicateReason, PairStatus
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


def decide_pair(actor, pair: DuplicatePair, status: str, note: str = "", *, duplicate_id: int | None = None,
                reason: str | None = None) -> DuplicatePair:
    """Judge a suspected pair the same initiative or two different ones (a judgement may be revised).

    When the same, duplicate_id names the copy (by default the one submitted later): it stops counting toward any
    quota, and the original keeps the credit.
    """
    if status not in (PairStatus.SAME, PairStatus.DIFFERENT):
        raise DomainError(_l("Choose whether the two are the same initiative."), "status")
    if status == PairStatus.SAME:
        duplicate_id = duplicate_id or later_of(pair).id
        if duplicate_id not in (pair.a_id, pair.b_id):
            raise DomainError(_l("Choose which of the two is the copy."), "duplicate")
        if reason is not None and reason not in {r.value for r in DuplicateReason}:
            raise DomainError(_l("Choose why it is a duplicate."), "reason")
    else:
        duplicate_id, reason = None, None
    return _judge(actor, pair, PairStatus(status), duplicate_id, DuplicateReason(reason) if reason else None, note)


def undo_judgement(actor, pair: DuplicatePair, note: str = "") -> DuplicatePair:
    """Put a judged pair back in the queue: a copy judged so counts again."""
    if pair.status == PairStatus.OPEN:
        raise DomainError(_l("This pair has not been judged."))
    return _judge(actor, pair, PairStatus.OPEN, None, None, note)


def later_of(pair: DuplicatePair):
    """Return the initiative of the pair submitted later (the higher id when both were submitted at once)."""
    return max((pair.a, pair.b), key=lambda i: (i.submitted_at or i.created_at, i.id))


def _judge(actor, pair: DuplicatePair, status: PairStatus, duplicate_id: int | None, reason, note: str):
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_l("The note is too long."), "note")
    before_status, before_duplicate = pair.status, pair.duplicate_id
    now = utcnow()
    pair.status, pair.duplicate_id, pair.reason, pair.note = status, duplicate_id, reason, note
    pair.decided_by_id = actor.id
    pair.decided_at = now
    db.session.add(DuplicateJudgement(pair=pair, at=now, actor_id=actor.id, status=status, duplicate_id=duplicate_id,
                                      reason=reason, note=note))
    record_audit(actor, "duplicate_pair.undo" if status == PairStatus.OPEN else "duplicate_pair.decide", pair,
                 unit=pair.b.unit_id, status=[str(before_status), str(status)],
                 a_id=pair.a_id, b_id=pair.b_id, duplicate_id=duplicate_id, reason=str(reason) if reason else None,
                 note=note)
    db.session.flush()
    signals.duplicate_judged.send(pair, actor=actor, at=now, before=before_duplicate, after=duplicate_id)
    return pair
