"""Reads for the quota-gaming indicators: the submissions and standing duplicate pairs of a set of subtrees."""

from sqlalchemy import or_, select

from core.extensions import db
from initiatives.models import Initiative
from quota.indicators import Submission
from review.models import DupDocument, DuplicatePair, PairStatus
from unions.models import Unit
from unions.queries import in_any_subtree


def get_signal_rows(scopes: list[str]) -> tuple[list[Submission], list[tuple[int, int]], dict[int, Unit]]:
    """Return the standing likely pairs touching the subtrees, the submissions of the subtrees' units and of those
    pairs' other members, and the subtrees' units that have submissions."""
    inside = select(DupDocument.initiative_id).join(Unit, DupDocument.unit_id == Unit.id).where(
        in_any_subtree(Unit.path, scopes))
    standing = select(DuplicatePair.a_id, DuplicatePair.b_id).where(
        DuplicatePair.likely, DuplicatePair.status != PairStatus.DIFFERENT,
        or_(DuplicatePair.a_id.in_(inside), DuplicatePair.b_id.in_(inside)))
    pairs = db.session.execute(standing).all()
    members = standing.with_only_columns(DuplicatePair.a_id).union(standing.with_only_columns(DuplicatePair.b_id))
    rows = db.session.execute(
        select(DupDocument.initiative_id, DupDocument.unit_id, DupDocument.year, Initiative.submitted_at)
        .join(Initiative, DupDocument.initiative_id == Initiative.id)
        .join(Unit, DupDocument.unit_id == Unit.id)
        .where(or_(in_any_subtree(Unit.path, scopes), DupDocument.initiative_id.in_(members)))).all()
    submissions = [Submission(*row) for row in rows]
    units = {unit.id: unit for unit in db.session.scalars(
        select(Unit).where(Unit.id.in_({submission.unit_id for submission in submissions}),
                           in_any_subtree(Unit.path, scopes)))}
    return submissions, pairs, units
