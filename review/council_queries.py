"""Reads of the initiative councils: councils, queues, assignments, the figures of the decision table, the path of
an initiative through the levels, the funnel and the award proposals."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from core.extensions import db
from initiatives.lifecycle import Status
from initiatives.models import Initiative, InitiativeAuthor, Programme
from review.conflicts import conflict_of
from review.council_models import AwardProposal, Council, CouncilAssignment, CouncilItem, CouncilMember, CouncilRubric
from review.council_roles import CouncilRole
from review.models import DuplicatePair, PairStatus
from scoring import aggregate as agg
from scoring.awards import Contribution
from scoring.rubric import Outcome, Rubric
from unions.identity import normalise_login
from unions.models import Unit, User
from unions.permissions import admin_scopes
from unions.queries import in_any_subtree
from unions.roles import AccountStatus, path_within

# Initiatives a council works on: confirmed by their union, in its review, or recognised below and forwarded.
QUEUE_STATES = (Status.CONFIRMED, Status.IN_REVIEW, Status.RECOGNISED)


def get_councils_for(user) -> list[Council]:
    """Return the councils user sits on or whose unit they administer, newest first."""
    seated = select(CouncilMember.council_id).where(CouncilMember.user_id == user.id,
                                                    CouncilMember.removed_at.is_(None))
    scopes = admin_scopes(user)
    condition = Council.id.in_(seated)
    if scopes:
        condition = or_(condition, Council.unit_id.in_(select(Unit.id).where(in_any_subtree(Unit.path, scopes))))
    return list(db.session.scalars(select(Council).options(joinedload(Council.unit), joinedload(Council.programme))
                                   .where(condition).order_by(Council.created_at.desc(), Council.id.desc())))


def has_seat(user) -> bool:
    """Tell whether user sits on any council (the top bar's link)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(func.count()).select_from(CouncilMember).where(
        CouncilMember.user_id == user.id, CouncilMember.removed_at.is_(None))) > 0


def get_council(programme_id: int, unit_id: int) -> Council | None:
    """Return the council of a unit for a programme, if there is one."""
    return db.session.scalar(select(Council).where(Council.programme_id == programme_id, Council.unit_id == unit_id))


def get_nearest_council(programme_id: int, unit: Unit, *, above: bool = False) -> Council | None:
    """Return the council of the programme at unit or the nearest unit above it (strictly above when told)."""
    ids = list(unit.ancestor_ids) + ([] if above else [unit.id])
    if not ids:
        return None
    return db.session.scalar(select(Council).join(Unit, Council.unit_id == Unit.id)
                             .where(Council.programme_id == programme_id, Council.unit_id.in_(ids))
                             .order_by(Unit.depth.desc()).limit(1))


def get_parent_council(council: Council) -> Council | None:
    """Return the council of the same programme nearest above the council's unit."""
    return get_nearest_council(council.programme_id, council.unit, above=True)


def get_unqueued_confirmed(council: Council) -> list[Initiative]:
    """Return the programme's confirmed initiatives in the council's subtree that no council has in its queue."""
    queued = select(CouncilItem.initiative_id).join(Council, CouncilItem.council_id == Council.id).where(
        Council.programme_id == council.programme_id)
    return list(db.session.scalars(
        select(Initiative).join(Unit, Initiative.unit_id == Unit.id)
        .where(Initiative.programme_id == council.programme_id, Initiative.status == Status.CONFIRMED,
               in_any_subtree(Unit.path, [council.unit.path]), Initiative.id.not_in(queued))
        .options(joinedload(Initiative.unit)).order_by(Initiative.id)))


def get_item(council_id: int, initiative_id: int) -> CouncilItem | None:
    """Return the item of an initiative in a council's queue."""
    return db.session.scalar(select(CouncilItem).where(CouncilItem.council_id == council_id,
                                                       CouncilItem.initiative_id == initiative_id))


def get_items(council: Council, *, undecided: bool = False) -> list[CouncilItem]:
    """Return the council's items (of initiatives still in a state it works on), with assignments, oldest first."""
    query = (select(CouncilItem).join(Initiative, CouncilItem.initiative_id == Initiative.id)
             .where(CouncilItem.council_id == council.id, Initiative.status.in_(QUEUE_STATES + (
                 Status.NOT_RECOGNISED,)))
             .options(joinedload(CouncilItem.initiative).joinedload(Initiative.unit),
                      joinedload(CouncilItem.initiative).selectinload(Initiative.authors),
                      selectinload(CouncilItem.assignments).joinedload(CouncilAssignment.reviewer))
             .order_by(CouncilItem.arrived_at, CouncilItem.id))
    if undecided:
        query = query.where(CouncilItem.decision.is_(None), Initiative.status.in_(QUEUE_STATES))
    return list(db.session.scalars(query))


def get_rubric_versions(council: Council) -> dict[int, Rubric]:
    """Return the council's rubric versions by the id of their row."""
    return {row.id: row.rubric for row in db.session.scalars(
        select(CouncilRubric).where(CouncilRubric.council_id == council.id))}


def scoring_started(rubric_row: CouncilRubric) -> bool:
    """Tell whether any score sheet was saved under this rubric version."""
    return db.session.scalar(select(func.count()).select_from(CouncilAssignment).where(
        CouncilAssignment.rubric_id == rubric_row.id, CouncilAssignment.saved_at.is_not(None))) > 0


def get_loads(council: Council) -> dict[int, int]:
    """Return how many standing assignments each reviewer holds in the council."""
    return dict(db.session.execute(
        select(CouncilAssignment.reviewer_id, func.count()).join(CouncilItem)
        .where(CouncilItem.council_id == council.id, CouncilAssignment.declined_at.is_(None))
        .group_by(CouncilAssignment.reviewer_id)).all())


def get_confirmed_duplicate_ids(initiative_ids) -> set[int]:
    """Return which of these initiatives were judged copies of another (a pair judged the same names them)."""
    ids = list(initiative_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(DuplicatePair.duplicate_id).where(
        DuplicatePair.status == PairStatus.SAME, DuplicatePair.duplicate_id.in_(ids))))


def get_member_row(council_id: int, user_id: int) -> CouncilMember | None:
    """Return a person's seat row on a council, standing or left."""
    return db.session.scalar(select(CouncilMember).where(CouncilMember.council_id == council_id,
                                                         CouncilMember.user_id == user_id))


def get_duplicate_pairs_of(initiative_id: int) -> list[DuplicatePair]:
    """Return the pairs that judged this initiative the copy of another."""
    return list(db.session.scalars(select(DuplicatePair).where(
        DuplicatePair.status == PairStatus.SAME, DuplicatePair.duplicate_id == initiative_id)
        .order_by(DuplicatePair.id)))


def get_chaired_paths(user) -> list[str]:
    """Return the unit paths of the councils user chairs."""
    return list(db.session.scalars(
        select(Unit.path).join(Council, Council.unit_id == Unit.id).join(CouncilMember)
        .where(CouncilMember.user_id == user.id, CouncilMember.removed_at.is_(None),
               CouncilMember.role == CouncilRole.CHAIR)))


def get_user(user_id: int) -> User | None:
    """Return an account by id."""
    return db.session.get(User, user_id)


def get_programme(programme_id: int) -> Programme | None:
    """Return a programme by id."""
    return db.session.get(Programme, programme_id)


def get_programmes_for_councils(user) -> list[Programme]:
    """Return the programmes in which units user administers take part (or which they cover), newest first."""
    scopes = admin_scopes(user)
    programmes = db.session.scalars(select(Programme).options(joinedload(Programme.owner_unit))
                                    .order_by(Programme.opens_on.desc(), Programme.id.desc()))
    return [p for p in programmes
            if any(path_within(p.owner_unit.path, s) or path_within(s, p.owner_unit.path) for s in scopes)]


def get_free_reviewers(item: CouncilItem) -> list[User]:
    """Return the council's scoring members who could be added to the item: not on it, free of a conflict."""
    taken = {a.reviewer_id for a in item.assignments}
    council = item.council
    return [m.user for m in council.members
            if m.role in (CouncilRole.CHAIR, CouncilRole.MEMBER) and m.user_id not in taken
            and m.user.status == AccountStatus.ACTIVE
            and conflict_of(m.user, item.initiative, administered=council.conflict_administered) is None]


def get_names(user_ids) -> dict[int, str]:
    """Return the names of these accounts, by id."""
    ids = {uid for uid in user_ids if uid is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def get_chair(council: Council) -> User | None:
    """Return the council's chair."""
    return next((m.user for m in council.members if m.role == CouncilRole.CHAIR), None)


def sits_on_programme(user, programme: Programme) -> bool:
    """Tell whether user sits on a council of the programme."""
    return db.session.scalar(select(func.count()).select_from(CouncilMember).join(Council).where(
        CouncilMember.user_id == user.id, CouncilMember.removed_at.is_(None),
        Council.programme_id == programme.id)) > 0


def get_level_names(programme: Programme) -> dict[int, list]:
    """Return, per depth of the tree, the levels of the units whose councils work on the programme."""
    found: dict[int, list] = defaultdict(list)
    for depth, level in db.session.execute(
            select(Unit.depth, Unit.level).join(Council, Council.unit_id == Unit.id)
            .where(Council.programme_id == programme.id).distinct().order_by(Unit.depth, Unit.level)):
        found[depth].append(level)
    return dict(found)


def get_user_by_login(login: str) -> User | None:
    """Return the account whose e-mail or phone number is login."""
    name = normalise_login(login)
    if not name:
        return None
    return db.session.scalar(select(User).where(or_(User.email == name, User.phone == name)))


# --- The decision table -------------------------------------------------------------------------------------------


@dataclass
class ReviewFigures:
    """One assignment as the decision table shows it."""

    assignment: CouncilAssignment
    score: float | None  # 0–100, once submitted
    version: int | None
    z: float | None


@dataclass
class ItemFigures:
    """One council item with the figures of its submitted reviews."""

    item: CouncilItem
    reviews: list[ReviewFigures]
    aggregate: agg.Aggregate
    calibrated: float | None
    suggested: Outcome | None
    duplicate: bool
    rank: int | None = None

    @property
    def assigned(self) -> int:
        """Return how many reviewers stand assigned."""
        return sum(1 for r in self.reviews if r.assignment.is_active)

    @property
    def needs_discussion(self) -> bool:
        """Tell whether the reviews disagree and the council has not decided yet."""
        return self.aggregate.disagreement and self.item.decision is None


@dataclass
class CouncilFigures:
    """The council's items with their figures, and each reviewer's statistics."""

    items: list[ItemFigures]
    reviewers: dict[int, agg.ReviewerStats] = field(default_factory=dict)


def get_figures(council: Council) -> CouncilFigures:
    """Return every item of the council with its scores, aggregates, calibration and suggested outcome, ranked."""
    items = get_items(council)
    figures = _figures(council, items, [a for item in items for a in item.assignments])
    for entry, position in zip(figures.items, agg.rank([entry.aggregate.mean for entry in figures.items]),
                               strict=True):
        entry.rank = position
    return figures


def get_item_figures(item: CouncilItem) -> ItemFigures:
    """Return one item's figures, its reviewers calibrated against their whole history in the council."""
    reviewer_ids = [a.reviewer_id for a in item.assignments]
    history = list(db.session.scalars(
        select(CouncilAssignment).join(CouncilItem)
        .where(CouncilItem.council_id == item.council_id, CouncilAssignment.reviewer_id.in_(reviewer_ids),
               CouncilAssignment.submitted_at.is_not(None)))) if reviewer_ids else []
    return _figures(item.council, [item], history).items[0]


def _figures(council: Council, items: list[CouncilItem], history: list[CouncilAssignment]) -> CouncilFigures:
    versions = get_rubric_versions(council)
    current = council.rubric

    def score_of(a: CouncilAssignment) -> float | None:
        if not a.is_submitted or a.rubric_id not in versions:
            return None
        return agg.review_score(versions[a.rubric_id], a.scores)

    scores_by_reviewer: dict[int, list[float]] = defaultdict(list)
    for a in history:
        score = score_of(a)
        if score is not None:
            scores_by_reviewer[a.reviewer_id].append(score)
    stats = agg.reviewer_stats(scores_by_reviewer)
    duplicates = get_confirmed_duplicate_ids(item.initiative_id for item in items)
    result = []
    for item in items:
        reviews = []
        for a in item.assignments:
            score = score_of(a)
            version = versions[a.rubric_id].version if score is not None else None
            z = stats[a.reviewer_id].z(score) if score is not None and a.reviewer_id in stats else None
            reviews.append(ReviewFigures(a, score, version, z))
        submitted = [(r.score, r.version) for r in reviews if r.score is not None]
        figures = agg.aggregate(submitted, disagreement_above=council.disagreement_above)
        result.append(ItemFigures(item, reviews, figures, agg.calibrated_mean([r.z for r in reviews]),
                                  current.outcome_for(figures.mean) if current else None,
                                  item.initiative_id in duplicates))
    return CouncilFigures(result, stats)


def filter_rows(rows: list[ItemFigures], show: str) -> list[ItemFigures]:
    """Return the rows to show: all, the needs-discussion queue, the undecided or the decided ones."""
    if show == "discussion":
        return [r for r in rows if r.needs_discussion]
    if show == "undecided":
        return [r for r in rows if r.item.decision is None]
    if show == "decided":
        return [r for r in rows if r.item.decision is not None]
    return list(rows)


def sort_rows(rows: list[ItemFigures], sort: str) -> list[ItemFigures]:
    """Return rows ordered by rank (aggregate), spread (widest first), field, unit or arrival."""
    keys = {
        "rank": lambda r: (agg.sort_key(r.aggregate.mean), r.item.id),
        "spread": lambda r: (agg.sort_key(r.aggregate.spread), r.item.id),
        "field": lambda r: (str(r.item.initiative.field or ""), agg.sort_key(r.aggregate.mean), r.item.id),
        "unit": lambda r: (r.item.initiative.unit.name, agg.sort_key(r.aggregate.mean), r.item.id),
        "arrival": lambda r: (r.item.arrived_at, r.item.id),
    }
    return sorted(rows, key=keys[sort])


def get_reviewer_names(figures: CouncilFigures) -> dict[int, str]:
    """Return the names of the reviewers of the figures, by id."""
    return get_names(r.assignment.reviewer_id for entry in figures.items for r in entry.reviews)


# --- Reviewers' work ----------------------------------------------------------------------------------------------


def get_open_assignments(user_id: int) -> list[CouncilAssignment]:
    """Return the reviewer's standing, unsubmitted assignments of open councils, those most in need first.

    An item needs a score most when it has the fewest submitted reviews; then the one that arrived first.
    """
    submitted = (select(func.count()).select_from(CouncilAssignment).where(
        CouncilAssignment.item_id == CouncilItem.id, CouncilAssignment.submitted_at.is_not(None))
        .correlate(CouncilItem).scalar_subquery())
    return list(db.session.scalars(
        select(CouncilAssignment).join(CouncilItem).join(Council, CouncilItem.council_id == Council.id)
        .join(Initiative, CouncilItem.initiative_id == Initiative.id)
        .where(CouncilAssignment.reviewer_id == user_id, CouncilAssignment.declined_at.is_(None),
               CouncilAssignment.submitted_at.is_(None), Council.closed_at.is_(None),
               CouncilItem.decision.is_(None), Initiative.status.in_(QUEUE_STATES))
        .options(joinedload(CouncilAssignment.item).joinedload(CouncilItem.council),
                 joinedload(CouncilAssignment.item).joinedload(CouncilItem.initiative))
        .order_by(submitted, CouncilItem.arrived_at, CouncilItem.id)))


def get_submitted_assignments(user_id: int, limit: int = 50) -> list[CouncilAssignment]:
    """Return the reviewer's latest submitted score sheets."""
    return list(db.session.scalars(
        select(CouncilAssignment).where(CouncilAssignment.reviewer_id == user_id,
                                        CouncilAssignment.submitted_at.is_not(None))
        .options(joinedload(CouncilAssignment.item).joinedload(CouncilItem.council),
                 joinedload(CouncilAssignment.item).joinedload(CouncilItem.initiative))
        .order_by(CouncilAssignment.submitted_at.desc()).limit(limit)))


def get_next_assignment(user_id: int, after: CouncilAssignment | None = None) -> CouncilAssignment | None:
    """Return the reviewer's assignment that most needs a score next, in the same council first."""
    waiting = [a for a in get_open_assignments(user_id) if after is None or a.id != after.id]
    if after is not None:
        same = [a for a in waiting if a.item.council_id == after.item.council_id]
        waiting = same or waiting
    return waiting[0] if waiting else None


def count_to_decide(user_id: int) -> int:
    """Return how many items of the councils user chairs wait for a decision with every standing review in."""
    chaired = select(CouncilMember.council_id).where(CouncilMember.user_id == user_id,
                                                     CouncilMember.removed_at.is_(None),
                                                     CouncilMember.role == CouncilRole.CHAIR)
    pending = select(CouncilAssignment.item_id).where(CouncilAssignment.declined_at.is_(None),
                                                      CouncilAssignment.submitted_at.is_(None))
    reviewed = select(CouncilAssignment.item_id).where(CouncilAssignment.submitted_at.is_not(None))
    return db.session.scalar(
        select(func.count()).select_from(CouncilItem).join(Initiative, CouncilItem.initiative_id == Initiative.id)
        .join(Council, CouncilItem.council_id == Council.id)
        .where(CouncilItem.council_id.in_(chaired), CouncilItem.decision.is_(None), Council.closed_at.is_(None),
               Initiative.status.in_(QUEUE_STATES), CouncilItem.id.in_(reviewed), CouncilItem.id.not_in(pending)))


# --- Paths, funnel, awards ----------------------------------------------------------------------------------------


def get_path(initiative_id: int) -> list[CouncilItem]:
    """Return the councils an initiative went through, lowest level first."""
    return list(db.session.scalars(
        select(CouncilItem).join(Council, CouncilItem.council_id == Council.id).join(Unit, Council.unit_id == Unit.id)
        .where(CouncilItem.initiative_id == initiative_id)
        .options(joinedload(CouncilItem.council).joinedload(Council.unit))
        .order_by(Unit.depth.desc(), CouncilItem.arrived_at)))


def get_path_panel(initiative, user) -> dict | None:
    """Return the variables of the initiative page's panel on its path through the councils (None: no council)."""
    path = get_path(initiative.id)
    return {"path": path} if path else None


def get_home_panel(user) -> dict | None:
    """Return what waits for a council member on their home page (None for someone without a seat)."""
    if not has_seat(user):
        return None
    waiting = get_open_assignments(user.id)
    return {"to_score": len(waiting), "next_assignment": waiting[0] if waiting else None,
            "to_decide": count_to_decide(user.id)}


@dataclass
class FunnelLevel:
    """One level of a programme's funnel."""

    depth: int
    councils: int
    received: int
    recognised: int  # at this level, forwarded ones included
    forwarded: int
    not_recognised: int
    undecided: int


def get_funnel(programme: Programme) -> tuple[dict, list[FunnelLevel], dict]:
    """Return the programme's funnel: submissions and confirmations, each council level deepest first, awards."""
    counts = dict(db.session.execute(
        select(Initiative.status, func.count()).where(Initiative.programme_id == programme.id)
        .group_by(Initiative.status)).all())
    submitted = sum(n for status, n in counts.items() if status not in (Status.DRAFT,))
    confirmed = sum(counts.get(s, 0) for s in (Status.CONFIRMED, Status.IN_REVIEW, Status.RECOGNISED,
                                               Status.NOT_RECOGNISED))
    rows = db.session.execute(
        select(Unit.depth, CouncilItem.decision, func.count(CouncilItem.id))
        .select_from(Council).join(Unit, Council.unit_id == Unit.id)
        .join(CouncilItem, CouncilItem.council_id == Council.id)
        .where(Council.programme_id == programme.id)
        .group_by(Unit.depth, CouncilItem.decision)).all()
    councils = dict(db.session.execute(
        select(Unit.depth, func.count()).select_from(Council).join(Unit, Council.unit_id == Unit.id)
        .where(Council.programme_id == programme.id).group_by(Unit.depth)).all())
    levels = {depth: FunnelLevel(depth, n, 0, 0, 0, 0, 0) for depth, n in councils.items()}
    for depth, decision, items in rows:
        level = levels[depth]
        level.received += items
        if decision in (Outcome.RECOGNISED, Outcome.FORWARDED):
            level.recognised += items
        if decision == Outcome.FORWARDED:
            level.forwarded += items
        if decision == Outcome.NOT_RECOGNISED:
            level.not_recognised += items
        if decision is None:
            level.undecided += items
    awards = dict(db.session.execute(
        select(AwardProposal.level, func.count()).join(Council, AwardProposal.council_id == Council.id)
        .where(Council.programme_id == programme.id).group_by(AwardProposal.level)).all())
    return ({"submitted": submitted, "confirmed": confirmed},
            [levels[d] for d in sorted(levels, reverse=True)], awards)


def get_award_proposals(council: Council) -> dict[int, AwardProposal]:
    """Return the council's award proposals by initiative id."""
    return {p.initiative_id: p for p in db.session.scalars(
        select(AwardProposal).where(AwardProposal.council_id == council.id))}


def get_recognised_items(council: Council) -> list[CouncilItem]:
    """Return the items the council recognised (at its level or forwarded), with their authors, in decision order."""
    return list(db.session.scalars(
        select(CouncilItem).where(CouncilItem.council_id == council.id,
                                  CouncilItem.decision.in_([Outcome.RECOGNISED, Outcome.FORWARDED]))
        .options(joinedload(CouncilItem.initiative).joinedload(Initiative.unit),
                 joinedload(CouncilItem.initiative).selectinload(Initiative.authors))
        .order_by(CouncilItem.decided_at, CouncilItem.id)))


def count_sheet_rows(council: Council, sheet: str) -> int:
    """Return how many rows a council's spreadsheet holds: a row per item of the score sheet, per decided item of the
    decision list, per author of a proposed initiative of the award list."""
    if sheet == "awards":
        return db.session.scalar(select(func.count()).select_from(InitiativeAuthor).join(
            AwardProposal, AwardProposal.initiative_id == InitiativeAuthor.initiative_id).join(
            CouncilItem, (CouncilItem.council_id == AwardProposal.council_id)
            & (CouncilItem.initiative_id == AwardProposal.initiative_id)).where(
            AwardProposal.council_id == council.id,
            CouncilItem.decision.in_([Outcome.RECOGNISED, Outcome.FORWARDED])))
    query = (select(func.count()).select_from(CouncilItem).join(Initiative, CouncilItem.initiative_id == Initiative.id)
             .where(CouncilItem.council_id == council.id,
                    Initiative.status.in_(QUEUE_STATES + (Status.NOT_RECOGNISED,))))
    if sheet == "decisions":
        query = query.where(CouncilItem.decision.is_not(None))
    return db.session.scalar(query)


def get_contributions(authors: list[InitiativeAuthor]) -> dict[int, list[Contribution]]:
    """Return, per author row, the author's recognised contributions: those of the same member elsewhere too.

    An author outside the system (no account) is known by this initiative only.
    """
    user_ids = {a.user_id for a in authors if a.user_id is not None}
    by_user: dict[int, list[Contribution]] = defaultdict(list)
    if user_ids:
        rows = db.session.execute(
            select(InitiativeAuthor.user_id, Initiative.id, Initiative.benefit_vnd, Initiative.benefit_not_computable,
                   InitiativeAuthor.share, Initiative.submitted_at, Initiative.created_at)
            .join(Initiative, InitiativeAuthor.initiative_id == Initiative.id)
            .where(InitiativeAuthor.user_id.in_(user_ids), Initiative.status == Status.RECOGNISED)).all()
        for user_id, _iid, benefit, not_computable, share, submitted_at, created_at in rows:
            by_user[user_id].append(Contribution((submitted_at or created_at).year,
                                                 None if not_computable else benefit, share))
    result = {}
    for author in authors:
        if author.user_id is not None:
            result[author.id] = by_user.get(author.user_id, [])
        else:
            initiative = author.initiative
            result[author.id] = [Contribution((initiative.submitted_at or initiative.created_at).year,
                                              None if initiative.benefit_not_computable else initiative.benefit_vnd,
                                              author.share)]
    return result
