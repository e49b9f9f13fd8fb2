"""Reads for duplicate detection: similar initiatives as a user may see them, the queue, the sweeps."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from core.extensions import db
from core.timeutil import utcnow
from initiatives.models import Initiative, Programme
from initiatives.permissions import can_view, can_view_full
from jobs.models import Job
from review import store
from review.models import DuplicatePair, DuplicateSweep, DuplicateSweepChunk, PairStatus
from unions.models import Unit
from unions.queries import in_any_subtree

SWEEP_GIVEN_UP_AFTER = timedelta(hours=6)


def get_similar(user, title: str, description: str = "", *, limit: int = 5, exclude_id: int | None = None,
                programme_id: int | None = None) -> list[dict]:
    """Return the indexed initiatives most like this text, as much of each as user may see, best first.

    Only submitted initiatives are indexed, so drafts never appear. One user may not view fully (confidential)
    shows its title and score only; one user may not view at all (not yet confirmed by its union) shows only
    that it exists, and how alike it is.
    """
    matches = store.search_similar(title, description, limit=limit, exclude_id=exclude_id)
    loaded = {initiative.id: initiative for initiative in db.session.scalars(
        select(Initiative).options(joinedload(Initiative.unit)).where(Initiative.id.in_([m.key for m in matches])))}
    found = []
    for match in matches:
        initiative = loaded.get(match.key)
        if initiative is None:
            continue
        item = {"title": initiative.title, "score": match.score, "likely_duplicate": match.likely_duplicate}
        if not can_view(user, initiative):
            item["title"] = str(_l("An initiative its union has not confirmed yet"))
        elif can_view_full(user, initiative):
            item.update(id=initiative.id, unit=initiative.unit.name, year=(initiative.submitted_at
                                                                           or initiative.created_at).year,
                        same_programme=initiative.programme_id == programme_id)
        found.append(item)
    return found


def get_likely_duplicates(user, initiative) -> list[dict]:
    """Return the likely duplicates of a saved initiative as user may see them (the warning before submitting)."""
    found = get_similar(user, initiative.title, store.description_of(initiative), exclude_id=initiative.id,
                        programme_id=initiative.programme_id)
    return [item for item in found if item["likely_duplicate"]]


def open_pairs_query(scopes: list[str]):
    """Return a select of the open likely pairs whose later initiative lies in the given subtrees, best first."""
    later = aliased(Initiative)
    return (select(DuplicatePair).join(later, DuplicatePair.b_id == later.id).join(Unit, later.unit_id == Unit.id)
            .where(DuplicatePair.status == PairStatus.OPEN, in_any_subtree(Unit.path, scopes))
            .options(joinedload(DuplicatePair.a).joinedload(Initiative.unit),
                     joinedload(DuplicatePair.b).joinedload(Initiative.unit))
            .order_by(DuplicatePair.score.desc(), DuplicatePair.id))


def get_judged_pairs(scopes: list[str], limit: int = 20) -> list[DuplicatePair]:
    """Return the latest judged pairs whose later initiative lies in the given subtrees, newest judgement first."""
    later = aliased(Initiative)
    return list(db.session.scalars(
        select(DuplicatePair).join(later, DuplicatePair.b_id == later.id).join(Unit, later.unit_id == Unit.id)
        .where(DuplicatePair.status != PairStatus.OPEN, in_any_subtree(Unit.path, scopes))
        .options(joinedload(DuplicatePair.a), joinedload(DuplicatePair.b))
        .order_by(DuplicatePair.decided_at.desc(), DuplicatePair.id.desc()).limit(limit)))


def get_recent_sweeps(limit: int = 5) -> list[DuplicateSweep]:
    """Return the latest sweeps, newest first."""
    return list(db.session.scalars(select(DuplicateSweep).order_by(DuplicateSweep.id.desc()).limit(limit)))


def get_sweep_progress(sweeps: list[DuplicateSweep]) -> dict[int, tuple[int, int]]:
    """Return, for each unfinished sweep split into chunks, how many documents its chunk jobs have paired of how
    many."""
    running = [sweep.id for sweep in sweeps if sweep.finished_at is None]
    if not running:
        return {}
    rows = db.session.execute(select(DuplicateSweepChunk.sweep_id, func.sum(Job.done), func.sum(Job.total))
                              .join(Job, Job.id == DuplicateSweepChunk.job_id)
                              .where(DuplicateSweepChunk.sweep_id.in_(running))
                              .group_by(DuplicateSweepChunk.sweep_id))
    return {sweep_id: (done or 0, total or 0) for sweep_id, done, total in rows}


def get_running_sweep(programme_id: int | None) -> DuplicateSweep | None:
    """Return an unfinished sweep of this scope started recently (an older one died with its process)."""
    return db.session.scalar(select(DuplicateSweep).where(
        DuplicateSweep.finished_at.is_(None), DuplicateSweep.started_at > utcnow() - SWEEP_GIVEN_UP_AFTER,
        DuplicateSweep.programme_id.is_(None) if programme_id is None else DuplicateSweep.programme_id == programme_id))


def get_programmes() -> list[Programme]:
    """Return every programme, newest first (those a reviewer may sweep are chosen from these)."""
    return list(db.session.scalars(select(Programme).order_by(Programme.opens_on.desc(), Programme.id.desc())))
