"""The initiatives behind a figure: those a unit's count is made of on a day, and the copies that no longer count.

These reads ask the initiatives themselves, not the counters, so that a figure can be checked against its sources:
an initiative counts at the end of a day when the last step of its timeline by then left it in a counting state
and no judgement standing by then named it the copy of another.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased, contains_eager, selectinload

from core.extensions import db
from core.timeutil import local_day_start, local_today
from initiatives.models import Initiative, InitiativeEvent
from initiatives.queries import COUNT_CAP, Page, count_capped, in_units_under
from quota.credit import counting_states
from quota.queries import get_counts_from
from review.models import DuplicateJudgement, DuplicatePair, PairStatus
from unions.models import Unit


def _state_then(end: datetime):
    """Return the initiative's state at a moment: the state its last step before then left it in."""
    return (select(InitiativeEvent.to_status).where(InitiativeEvent.initiative_id == Initiative.id,
                                                     InitiativeEvent.at < end)
            .order_by(InitiativeEvent.at.desc(), InitiativeEvent.id.desc()).limit(1).scalar_subquery())


def _judged_copy(end: datetime | None):
    """Return a condition: a judgement standing at the moment (now, for None) names the initiative a copy."""
    if end is None:
        return exists(select(DuplicatePair.id).where(DuplicatePair.duplicate_id == Initiative.id,
                                                     DuplicatePair.status == PairStatus.SAME))
    pair = aliased(DuplicatePair)
    latest = (select(DuplicateJudgement.duplicate_id).where(DuplicateJudgement.pair_id == pair.id,
                                                            DuplicateJudgement.at < end)
              .order_by(DuplicateJudgement.at.desc(), DuplicateJudgement.id.desc()).limit(1).scalar_subquery())
    return exists(select(pair.id).where(or_(pair.a_id == Initiative.id, pair.b_id == Initiative.id),
                                        latest == Initiative.id))


def _scope(programme, unit: Unit):
    return and_(Initiative.programme_id == programme.id, in_units_under([unit.path]))


def counted_query(programme, unit: Unit, day: date):
    """Return a select of the initiatives that count for unit's subtree at the end of day, oldest first."""
    counting = sorted(counting_states(get_counts_from(programme.id)))
    end = None if day >= local_today() else local_day_start(day + timedelta(days=1))
    state = Initiative.status if end is None else _state_then(end)
    return (select(Initiative.id).where(_scope(programme, unit), state.in_(counting), ~_judged_copy(end))
            .order_by(Initiative.id))


def counted_page(programme, unit: Unit, day: date, page: int, per_page: int = 50) -> Page:
    """Return one page of the initiatives that count (with their unions), and how many there are."""
    query = counted_query(programme, unit, day)
    offset = (page - 1) * per_page
    ids = list(db.session.scalars(query.limit(per_page).offset(offset))) if offset < COUNT_CAP else []
    items = list(db.session.scalars(
        select(Initiative).join(Unit, Initiative.unit_id == Unit.id).where(Initiative.id.in_(ids))
        .options(contains_eager(Initiative.unit)).order_by(Initiative.id)))
    total, capped = count_capped(query, COUNT_CAP)
    return Page([(item, True) for item in items], page, per_page, total, capped)


def judged_copies(programme, unit: Unit, day: date, limit: int = 200) -> list[tuple[Initiative, DuplicatePair]]:
    """Return the initiatives of unit's subtree judged copies (standing now), with the pair naming the original."""
    if day < local_today():
        return []
    rows = db.session.execute(
        select(Initiative, DuplicatePair).join(DuplicatePair, DuplicatePair.duplicate_id == Initiative.id)
        .where(_scope(programme, unit), DuplicatePair.status == PairStatus.SAME)
        .options(selectinload(Initiative.unit)).order_by(Initiative.id).limit(limit)).all()
    return [(initiative, pair) for initiative, pair in rows]
