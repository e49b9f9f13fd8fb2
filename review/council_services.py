"""Verbs of the initiative councils: set up a council, seat its members, version its rubric, queue initiatives,
assign reviewers, take score sheets, decide, forward, propose awards. They flush; the caller commits.

Every change is audited. Initiative states move only through ``initiatives.services``: the first assignment starts
the council's review (confirmed → in review), the first council's decision recognises or rejects, and a higher
council's decision is put on the timeline without changing the state.
"""

from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l

from core.audit import record_audit
from core.errors import DomainError, DomainErrors
from core.extensions import db
from core.timeutil import utcnow
from initiatives import services as initiative_services
from initiatives.lifecycle import Status, Step
from initiatives.notifications import notify_users
from review import council_queries as queries
from review.conflicts import conflict_of
from review.council_models import AwardProposal, Council, CouncilAssignment, CouncilItem, CouncilMember, CouncilRubric
from review.council_permissions import SCORING_SEATS
from review.council_roles import (
    NOTICE_ARRIVED,
    NOTICE_ASSIGNED,
    NOTICE_ASSIGNED_MANY,
    NOTICE_FORWARDED,
    RUNNING_SEATS,
    CouncilRole,
)
from scoring import aggregate as agg
from scoring.assignment import assign_demands
from scoring.awards import AuthorCategory, AwardLevel, creative_labour
from scoring.rubric import PROVINCIAL_TEMPLATE, Outcome, Rubric, check_rubric, revise
from unions.roles import AccountStatus, path_within

MAX_REASON = 2000
MAX_COMMENT = 5000
MAX_REVIEWERS_PER_ITEM = 15

RUBRIC_PROBLEMS = {
    "name_missing": _l("Give the rubric a name."),
    "no_criteria": _l("Add at least one criterion."),
    "criterion_name_missing": _l("Criterion %(n)s needs a name."),
    "criterion_key_repeated": _l("Criterion %(n)s has the same key as another."),
    "max_points_out_of_range": _l("Criterion %(n)s: the maximum must be between 1 and 1,000 points."),
    "weight_negative": _l("Criterion %(n)s: the weight cannot be negative."),
    "band_out_of_range": _l("Criterion %(n)s: band \"%(label)s\" needs a label and must lie between 0 and the "
                            "maximum."),
    "bands_overlap": _l("Criterion %(n)s: band \"%(label)s\" overlaps another band."),
    "nothing_summed": _l("At least one criterion must count toward the total."),
    "threshold_out_of_range": _l("A threshold lies between 0 and 100."),
}


@dataclass
class CouncilSettings:
    """What a council's administrator or chair sets."""

    name: str
    reviewers_per_item: int = 3
    blind: bool = False
    conflict_administered: bool = True
    disagreement_above: float = 20.0


def _check_settings(settings: CouncilSettings) -> None:
    errors = []
    if not settings.name.strip():
        errors.append(DomainError(_l("Give the council a name."), "name"))
    if not 1 <= settings.reviewers_per_item <= MAX_REVIEWERS_PER_ITEM:
        errors.append(DomainError(_l("Between 1 and %(n)s reviewers per initiative.", n=MAX_REVIEWERS_PER_ITEM),
                                  "reviewers_per_item"))
    if not 0 <= settings.disagreement_above <= 100:
        errors.append(DomainError(_l("The disagreement limit lies between 0 and 100 points."), "disagreement_above"))
    if errors:
        raise DomainErrors(errors)


def _apply_settings(council: Council, settings: CouncilSettings) -> dict:
    before = {name: getattr(council, name) for name in CouncilSettings.__dataclass_fields__}
    council.name = settings.name.strip()
    council.reviewers_per_item = settings.reviewers_per_item
    council.blind = settings.blind
    council.conflict_administered = settings.conflict_administered
    council.disagreement_above = float(settings.disagreement_above)
    return {name: [before[name], getattr(council, name)] for name in before if before[name] != getattr(council, name)}


def create_council(actor, *, unit, programme, settings: CouncilSettings,
                   rubric: Rubric = PROVINCIAL_TEMPLATE) -> Council:
    """Set up a unit's council for a programme, with its rubric, and queue the confirmed initiatives it covers."""
    _check_settings(settings)
    owner = programme.owner_unit.path
    if not (path_within(unit.path, owner) or path_within(owner, unit.path)):
        raise DomainError(_l("The unit takes no part in this programme."), "unit")
    if queries.get_council(programme.id, unit.id) is not None:
        raise DomainError(_l("This unit already has a council for the programme."), "unit")
    council = Council(unit=unit, programme=programme, created_by_id=getattr(actor, "id", None))
    _apply_settings(council, settings)
    db.session.add(council)
    db.session.flush()
    _store_rubric(actor, council, replace(rubric, version=1))
    record_audit(actor, "council.create", council, unit=unit, programme_id=programme.id, name=council.name)
    for initiative in queries.get_unqueued_confirmed(council):
        if queries.get_nearest_council(programme.id, initiative.unit) is council:
            collect(actor, council, initiative, announce=False)  # the council is new: nobody is seated yet
    return council


def update_council(actor, council: Council, settings: CouncilSettings) -> Council:
    """Change a council's name and settings."""
    _check_settings(settings)
    changes = _apply_settings(council, settings)
    if changes:
        record_audit(actor, "council.update", council, unit=council.unit_id, **changes)
    db.session.flush()
    return council


def close_council(actor, council: Council) -> Council:
    """Close a council: no more scores or decisions until it is reopened."""
    if not council.is_open:
        raise DomainError(_l("The council is already closed."))
    council.closed_at = utcnow()
    record_audit(actor, "council.close", council, unit=council.unit_id)
    db.session.flush()
    return council


def reopen_council(actor, council: Council) -> Council:
    """Reopen a closed council."""
    if council.is_open:
        raise DomainError(_l("The council is open."))
    council.closed_at = None
    record_audit(actor, "council.reopen", council, unit=council.unit_id)
    db.session.flush()
    return council


def add_member(actor, council: Council, user, role: CouncilRole) -> CouncilMember:
    """Seat a person on the council (again, if they had left); one chair and one secretary at most."""
    if user is None or user.status != AccountStatus.ACTIVE:
        raise DomainError(_l("No active account has this e-mail or phone number."), "login")
    role = CouncilRole(role)
    if role != CouncilRole.MEMBER and any(m.role == role and m.user_id != user.id for m in council.members):
        raise DomainError(_l("The council already has a chair.") if role == CouncilRole.CHAIR
                          else _l("The council already has a secretary."), "role")
    member = queries.get_member_row(council.id, user.id)
    seated_before = member is not None and member.removed_at is None
    if seated_before and member.role == role:
        raise DomainError(_l("This person already sits on the council."), "login")
    before = str(member.role) if seated_before else None
    if member is None:
        member = CouncilMember(council_id=council.id, user_id=user.id, role=role)
        db.session.add(member)
    member.role, member.removed_at = role, None
    db.session.flush()
    db.session.expire(council, ["members"])
    record_audit(actor, "council.seat", council, unit=council.unit_id, user_id=user.id, role=[before, str(role)])
    return member


def remove_member(actor, council: Council, member: CouncilMember) -> list[CouncilAssignment]:
    """Take a person off the council; their unsubmitted assignments go to others. Returns the replacements."""
    if member.council_id != council.id or member.removed_at is not None:
        raise DomainError(_l("This person does not sit on the council."))
    member.removed_at = utcnow()
    db.session.flush()
    db.session.expire(council, ["members"])
    record_audit(actor, "council.unseat", council, unit=council.unit_id, user_id=member.user_id, role=str(member.role))
    replacements = []
    for assignment in _open_assignments_of(council, member.user_id):
        replacement = decline_assignment(actor, assignment, "", conflict=False, left=True)
        if replacement is not None:
            replacements.append(replacement)
    return replacements


def _open_assignments_of(council: Council, user_id: int) -> list[CouncilAssignment]:
    return [a for item in queries.get_items(council, undecided=True) for a in item.assignments
            if a.reviewer_id == user_id and a.is_active and not a.is_submitted]


# --- Rubric -------------------------------------------------------------------------------------------------------


def _store_rubric(actor, council: Council, rubric: Rubric) -> CouncilRubric:
    row = CouncilRubric(council_id=council.id, version=rubric.version, definition=rubric.to_dict(),
                        created_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    db.session.expire(council, ["rubrics"])
    return row


def save_rubric(actor, council: Council, edited: Rubric) -> CouncilRubric:
    """Change the council's rubric: in place before scoring starts, as the next version once it has."""
    problems = check_rubric(edited)
    if problems:
        raise DomainErrors([DomainError(str(RUBRIC_PROBLEMS[p.code]) % {"n": p.position, **p.details}, "criteria")
                            for p in problems])
    current_row = council.rubric_row
    current = current_row.rubric
    stored = revise(current, edited, scoring_started=queries.scoring_started(current_row))
    if stored is current:
        return current_row
    if stored.version == current_row.version:
        current_row.definition = stored.to_dict()
        row = current_row
    else:
        row = _store_rubric(actor, council, stored)
        # Drafts follow the new version when next saved; submitted sheets keep the version they were given under.
    record_audit(actor, "council.rubric", council, unit=council.unit_id, version=stored.version,
                 new_version=stored.version != current_row.version)
    db.session.flush()
    return row


# --- Queue --------------------------------------------------------------------------------------------------------


def collect(actor, council: Council, initiative, *, forwarded_from: CouncilItem | None = None,
            announce: bool = True) -> CouncilItem:
    """Put an initiative in the council's queue (once), telling its chair and secretary unless announce is off."""
    item = queries.get_item(council.id, initiative.id)
    if item is not None:
        return item
    item = CouncilItem(council_id=council.id, initiative_id=initiative.id, forwarded_from=forwarded_from)
    db.session.add(item)
    db.session.flush()
    record_audit(actor, "council_item.arrive", item, unit=council.unit_id, initiative_id=initiative.id,
                 forwarded_from=getattr(forwarded_from, "id", None))
    if announce:
        notify_users([m.user_id for m in council.members if m.role in RUNNING_SEATS and m.removed_at is None],
                     actor, initiative, NOTICE_FORWARDED if forwarded_from else NOTICE_ARRIVED)
    return item


def queue_confirmed(actor, initiative) -> CouncilItem | None:
    """Put a newly confirmed initiative in the queue of the nearest council above its union, if there is one."""
    council = queries.get_nearest_council(initiative.programme_id, initiative.unit)
    if council is None:
        return None
    return collect(actor, council, initiative)


# --- Assignment ---------------------------------------------------------------------------------------------------


def _reviewers(council: Council) -> list:
    return [m.user for m in council.members if m.role in SCORING_SEATS and m.user.status == AccountStatus.ACTIVE]


def _start_review(actor, item: CouncilItem) -> None:
    if item.initiative.status == Status.CONFIRMED:
        initiative_services.take_step(actor, item.initiative, Step.START_REVIEW)


@dataclass
class AssignmentResult:
    """What automatic assignment did: assignments made, and the items left short of reviewers."""

    assigned: int
    short: list[CouncilItem]


def _plan(council: Council, items: list[CouncilItem], reviewers: list) -> tuple[dict, list[CouncilItem]]:
    """Return (plan of reviewer ids per item id, items that cannot get all they need)."""
    by_id = {r.id: r for r in reviewers}
    demands, conflicts, short = {}, set(), []
    for item in items:
        taken = {a.reviewer_id for a in item.assignments}
        need = council.reviewers_per_item - len(item.active_assignments)
        if need <= 0:
            continue
        allowed = 0
        for reviewer in reviewers:
            declared = any(a.reviewer_id == reviewer.id and a.conflict_declared for a in item.assignments)
            conflicted = conflict_of(reviewer, item.initiative, administered=council.conflict_administered,
                                     declared=declared)
            if reviewer.id in taken or conflicted is not None:
                conflicts.add((item.id, reviewer.id))
            else:
                allowed += 1
        if allowed < need:
            short.append(item)
        demands[item.id] = min(need, allowed)
    plan = assign_demands(demands, list(by_id), conflicts, queries.get_loads(council))
    return plan, short


def assign_reviewers(actor, council: Council) -> AssignmentResult:
    """Give every undecided item of the council its reviewers, free of conflicts, evening out the loads."""
    if not council.is_open:
        raise DomainError(_l("The council is closed."))
    reviewers = _reviewers(council)
    if not reviewers:
        raise DomainError(_l("Seat the council's members first."))
    items = queries.get_items(council, undecided=True)
    plan, short = _plan(council, items, reviewers)
    by_item = {item.id: item for item in items}
    now = utcnow()
    made = 0
    first_new: dict[int, object] = {}
    for item_id, reviewer_ids in plan.items():
        item = by_item[item_id]
        for reviewer_id in reviewer_ids:
            db.session.add(CouncilAssignment(item=item, reviewer_id=reviewer_id, assigned_at=now,
                                             assigned_by_id=getattr(actor, "id", None)))
            made += 1
        if reviewer_ids:
            _start_review(actor, item)
            for reviewer_id in reviewer_ids:
                first_new.setdefault(reviewer_id, item.initiative)
    db.session.flush()
    for reviewer_id, initiative in first_new.items():  # one notice per reviewer, however many they were given
        notify_users([reviewer_id], actor, initiative, NOTICE_ASSIGNED_MANY)
    record_audit(actor, "council.assign", council, unit=council.unit_id, assignments=made,
                 short=[item.initiative_id for item in short])
    return AssignmentResult(made, short)


def assign_by_hand(actor, item: CouncilItem, reviewer) -> CouncilAssignment:
    """Add a reviewer to an item by hand (the chair's override), never one with a conflict."""
    council = item.council
    if reviewer is None or reviewer.id not in {r.id for r in _reviewers(council)}:
        raise DomainError(_l("Choose a member of the council who scores."), "reviewer")
    if any(a.reviewer_id == reviewer.id for a in item.assignments):
        raise DomainError(_l("This reviewer was already assigned this initiative."), "reviewer")
    if conflict_of(reviewer, item.initiative, administered=council.conflict_administered) is not None:
        raise DomainError(_l("This reviewer has a conflict of interest with the initiative."), "reviewer")
    assignment = CouncilAssignment(item=item, reviewer_id=reviewer.id, assigned_by_id=getattr(actor, "id", None),
                                   by_hand=True)
    db.session.add(assignment)
    db.session.flush()
    _start_review(actor, item)
    record_audit(actor, "council_assignment.assign", assignment, unit=council.unit_id, item_id=item.id,
                 reviewer_id=reviewer.id, by_hand=True)
    notify_users([reviewer.id], actor, item.initiative, NOTICE_ASSIGNED)
    return assignment


def withdraw_assignment(actor, assignment: CouncilAssignment) -> CouncilAssignment:
    """Take an unsubmitted assignment back (the chair's override); it is kept, marked declined."""
    if assignment.is_submitted or not assignment.is_active:
        raise DomainError(_l("Only a standing, unsubmitted assignment can be withdrawn."))
    assignment.declined_at = utcnow()
    assignment.decline_reason = "withdrawn"
    record_audit(actor, "council_assignment.withdraw", assignment, unit=assignment.item.council.unit_id,
                 item_id=assignment.item_id, reviewer_id=assignment.reviewer_id)
    db.session.flush()
    return assignment


def decline_assignment(actor, assignment: CouncilAssignment, reason: str, *, conflict: bool,
                       left: bool = False) -> CouncilAssignment | None:
    """Decline an assignment (declaring a conflict, or not) and give the item to the least-loaded free reviewer.

    Returns the replacement assignment, or None when no reviewer is free of a conflict.
    """
    if assignment.is_submitted or not assignment.is_active:
        raise DomainError(_l("This assignment can no longer be declined."))
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise DomainError(_l("The reason is too long."), "reason")
    item = assignment.item
    assignment.declined_at = utcnow()
    assignment.decline_reason = "left the council" if left else reason
    assignment.conflict_declared = conflict
    db.session.flush()
    record_audit(actor, "council_assignment.decline", assignment, unit=item.council.unit_id, item_id=item.id,
                 reviewer_id=assignment.reviewer_id, conflict=conflict, reason=assignment.decline_reason)
    reviewers = [r for r in _reviewers(item.council) if r.id != assignment.reviewer_id]
    if not reviewers:
        return None
    plan, _short = _plan(item.council, [item], reviewers)
    chosen = plan.get(item.id) or []
    replacement = None
    for reviewer_id in chosen:
        replacement = CouncilAssignment(item=item, reviewer_id=reviewer_id, assigned_by_id=getattr(actor, "id", None))
        db.session.add(replacement)
        db.session.flush()
        record_audit(actor, "council_assignment.assign", replacement, unit=item.council.unit_id, item_id=item.id,
                     reviewer_id=reviewer_id, replaces=assignment.id)
        notify_users([reviewer_id], actor, item.initiative, NOTICE_ASSIGNED)
    return replacement


# --- Scoring ------------------------------------------------------------------------------------------------------


def save_score_sheet(actor, assignment: CouncilAssignment, scores: dict, comment: str = "", *,
                     submit: bool = False) -> CouncilAssignment:
    """Save a reviewer's score sheet as a draft, or submit it (every required criterion scored, then final)."""
    if assignment.is_submitted:
        raise DomainError(_l("This score sheet was submitted and can no longer be changed."))
    council = assignment.item.council
    row = council.rubric_row
    rubric = row.rubric
    comment = (comment or "").strip()
    errors = []
    clean = {}
    for criterion in rubric.criteria:
        value = scores.get(criterion.key)
        if value is not None and not criterion.accepts(value):
            errors.append(DomainError(_l("Score %(name)s from 0 to %(max)s.", name=criterion.name,
                                         max=criterion.max_points), f"score_{criterion.key}"))
        clean[criterion.key] = value
    if len(comment) > MAX_COMMENT:
        errors.append(DomainError(_l("The comment is too long."), "comment"))
    if submit and not errors:
        errors += [DomainError(_l("Score %(name)s before submitting.", name=rubric.criterion(key).name),
                               f"score_{key}") for key in agg.missing_criteria(rubric, clean)]
    if errors:
        raise DomainErrors(errors)
    now = utcnow()
    assignment.scores = clean
    assignment.rubric_id = row.id
    assignment.comment = comment
    assignment.saved_at = now
    if submit:
        assignment.submitted_at = now
    record_audit(actor, "council_assignment.submit" if submit else "council_assignment.save", assignment,
                 unit=council.unit_id, item_id=assignment.item_id, rubric_version=row.version, scores=clean,
                 score=agg.review_score(rubric, clean))
    db.session.flush()
    return assignment


# --- Decisions ----------------------------------------------------------------------------------------------------


def suggested_outcome(item: CouncilItem) -> Outcome | None:
    """Return what the council's thresholds suggest for the item's mean score, None before any review."""
    versions = {row.id: row.rubric for row in item.council.rubrics}
    scores = [(agg.review_score(versions[a.rubric_id], a.scores), versions[a.rubric_id].version)
              for a in item.assignments if a.is_submitted and a.rubric_id in versions]
    figures = agg.aggregate([s for s in scores if s[0] is not None])
    return item.council.rubric.outcome_for(figures.mean)


def decide_item(actor, item: CouncilItem, outcome: str, reason: str = "") -> CouncilItem:
    """Record the council's decision on an item, with its reason; a forwarded one joins the council above."""
    council = item.council
    if not council.is_open:
        raise DomainError(_l("The council is closed."))
    if item.decision is not None:
        raise DomainError(_l("The council has already decided on this initiative."))
    if outcome not in {o.value for o in Outcome}:
        raise DomainError(_l("Choose the decision."), "decision")
    outcome = Outcome(outcome)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise DomainError(_l("The reason is too long."), "reason")
    if not any(a.is_submitted for a in item.assignments):
        raise DomainError(_l("Decide once at least one score sheet is submitted."), "decision")
    initiative = item.initiative
    recognising = outcome in (Outcome.RECOGNISED, Outcome.FORWARDED)
    if recognising and queries.get_confirmed_duplicate_ids([initiative.id]):
        raise DomainError(_l("This initiative was judged a duplicate of another: it cannot be recognised."),
                          "decision")
    suggested = suggested_outcome(item)
    if not reason and outcome == Outcome.NOT_RECOGNISED:
        raise DomainError(_l("Say why it is not recognised."), "reason")
    if not reason and suggested is not None and outcome != suggested:
        raise DomainError(_l("The decision differs from what the scores suggest: say why."), "reason")
    parent = queries.get_parent_council(council) if outcome == Outcome.FORWARDED else None
    if outcome == Outcome.FORWARDED and parent is None:
        raise DomainError(_l("No council sits above this one for the programme: recognise it at this level."),
                          "decision")

    if initiative.status == Status.IN_REVIEW:
        if recognising:
            initiative_services.take_step(actor, initiative, Step.RECOGNISE, reason, unit=council.unit)
        else:
            initiative_services.take_step(actor, initiative, Step.REJECT, reason)
    elif initiative.status == Status.RECOGNISED and item.forwarded_from_id is not None:
        initiative_services.record_council_step(actor, initiative, "recognise_above" if recognising else "reject_above",
                                                reason, unit=council.unit)
    else:
        raise DomainError(_l("This initiative is no longer before the council."))
    now = utcnow()
    item.decision, item.reason, item.decided_by_id, item.decided_at = outcome, reason, actor.id, now
    db.session.flush()
    record_audit(actor, "council_item.decide", item, unit=council.unit_id, initiative_id=initiative.id,
                 decision=str(outcome), suggested=str(suggested) if suggested else None, reason=reason)
    if parent is not None:
        initiative_services.record_council_step(actor, initiative, "forward", reason, unit=parent.unit)
        collect(actor, parent, initiative, forwarded_from=item)
    return item


# --- Awards -------------------------------------------------------------------------------------------------------


def eligibility_of(item: CouncilItem) -> list[tuple]:
    """Return (author, Creative Labour eligibility) for each author of the item's initiative."""
    initiative = item.initiative
    contributions = queries.get_contributions(list(initiative.authors))
    year = (initiative.submitted_at or initiative.created_at).year
    return [(author, creative_labour(author.category, contributions.get(author.id, []), year))
            for author in initiative.authors]


def propose_award(actor, item: CouncilItem, level: str, note: str = "") -> AwardProposal:
    """Propose an award for an initiative the council recognised (the Creative Labour certificate only when an
    author reaches its thresholds)."""
    if item.decision not in (Outcome.RECOGNISED, Outcome.FORWARDED):
        raise DomainError(_l("Only an initiative the council recognised can be proposed for an award."), "level")
    if level not in {a.value for a in AwardLevel}:
        raise DomainError(_l("Choose the award."), "level")
    level = AwardLevel(level)
    if level == AwardLevel.CREATIVE_LABOUR and not any(e.eligible for _author, e in eligibility_of(item)):
        raise DomainError(_l("No author of this initiative reaches the Creative Labour certificate's thresholds."),
                          "level")
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        raise DomainError(_l("The note is too long."), "note")
    proposal = queries.get_award_proposals(item.council).get(item.initiative_id)
    before = str(proposal.level) if proposal else None
    if proposal is None:
        proposal = AwardProposal(council_id=item.council_id, initiative_id=item.initiative_id, level=level)
        db.session.add(proposal)
    proposal.level, proposal.note = level, note
    proposal.proposed_by_id, proposal.proposed_at = actor.id, utcnow()
    db.session.flush()
    record_audit(actor, "award_proposal.propose", proposal, unit=item.council.unit_id,
                 initiative_id=item.initiative_id, level=[before, str(level)], note=note)
    return proposal


def withdraw_award(actor, item: CouncilItem) -> None:
    """Withdraw the council's award proposal for an initiative."""
    proposal = queries.get_award_proposals(item.council).get(item.initiative_id)
    if proposal is None:
        raise DomainError(_l("No award is proposed for this initiative."))
    record_audit(actor, "award_proposal.withdraw", proposal, unit=item.council.unit_id,
                 initiative_id=item.initiative_id, level=str(proposal.level))
    db.session.delete(proposal)
    db.session.flush()


def record_author_category(actor, item: CouncilItem, author, category: str | None):
    """Record an author's training or position from the dossier, for the award thresholds."""
    if author.initiative_id != item.initiative_id:
        raise DomainError(_l("This author did not write the initiative."))
    if category and category not in {c.value for c in AuthorCategory}:
        raise DomainError(_l("Choose the author's category."), "category")
    return initiative_services.set_author_category(actor, author, AuthorCategory(category) if category else None)
