"""Who may do what in an initiative council (pure: predicates over plain objects).

Council pages are for the council's members and the administrators of its unit; officers and members of the
unions see none of them. The secretary runs the council, the chair decides, members score what they are
assigned — never an initiative they are conflicted with, and only while the council is open. A reviewer assigned to
an initiative sees the others' scores once their own is submitted; the chair and the secretary see them unless they
are conflicted with the initiative or still owe their own score.
"""

from review.conflicts import Conflict, conflict_of
from review.council_roles import CouncilRole
from unions.permissions import can_administer_unit, is_system_admin
from unions.roles import path_within

SCORING_SEATS = frozenset({CouncilRole.CHAIR, CouncilRole.MEMBER})
RUNNING_SEATS = frozenset({CouncilRole.CHAIR, CouncilRole.SECRETARY})


def seat(user, council) -> CouncilRole | None:
    """Return user's seat on the council, or None."""
    uid = getattr(user, "id", None)
    if uid is None:
        return None
    return next((m.role for m in council.members if m.user_id == uid), None)


def can_create_council(user, unit) -> bool:
    """Tell whether user may set up a council for unit: they administer it."""
    return can_administer_unit(user, unit)


def can_manage_council(user, council) -> bool:
    """Tell whether user may change the council's settings and seats: its unit's administrators and its chair."""
    return can_administer_unit(user, council.unit) or seat(user, council) == CouncilRole.CHAIR


def can_view_council(user, council) -> bool:
    """Tell whether user may open the council's pages."""
    return seat(user, council) is not None or can_administer_unit(user, council.unit)


def can_run_council(user, council) -> bool:
    """Tell whether user may assign, edit the rubric, export and propose awards: the chair and the secretary."""
    return seat(user, council) in RUNNING_SEATS


def can_chair(user, council) -> bool:
    """Tell whether user chairs the council."""
    return seat(user, council) == CouncilRole.CHAIR


def item_conflict(user, item) -> Conflict | None:
    """Return why user may not review the council item's initiative, or None."""
    uid = getattr(user, "id", None)
    declared = any(a.reviewer_id == uid and a.conflict_declared for a in item.assignments)
    return conflict_of(user, item.initiative, administered=item.council.conflict_administered, declared=declared)


def can_view_item(user, item) -> bool:
    """Tell whether user may open a council item's page (its content, and what else they may see of it)."""
    return can_view_council(user, item.council)


def can_decide(user, item) -> bool:
    """Tell whether user may record the council's decision on an item: the chair, open council, no conflict."""
    return can_chair(user, item.council) and item.council.is_open and item_conflict(user, item) is None


def can_assign_by_hand(user, item) -> bool:
    """Tell whether user may add or withdraw reviewers of an item by hand (the chair, while the council is open)."""
    return can_chair(user, item.council) and item.council.is_open and item.decision is None


def can_score(user, assignment) -> bool:
    """Tell whether user may fill in the score sheet of an assignment: their own, standing, not yet submitted, of an
    open council, and of an initiative they are not conflicted with."""
    item = assignment.item
    return (assignment.reviewer_id == getattr(user, "id", None) and assignment.is_active
            and not assignment.is_submitted
            and item.council.is_open and item.decision is None and seat(user, item.council) in SCORING_SEATS
            and item_conflict(user, item) is None)


def can_decline(user, assignment) -> bool:
    """Tell whether user may decline an assignment: their own, standing and not yet submitted."""
    return (assignment.reviewer_id == getattr(user, "id", None) and assignment.is_active
            and not assignment.is_submitted and assignment.item.council.is_open)


def can_see_scores(user, item) -> bool:
    """Tell whether user may see the scores given to an item."""
    if not can_view_council(user, item.council) or item_conflict(user, item) is not None:
        return False
    uid = getattr(user, "id", None)
    mine = [a for a in item.assignments if a.reviewer_id == uid and a.is_active]
    if mine:
        return mine[0].is_submitted
    return seat(user, item.council) in RUNNING_SEATS


def can_see_authors(user, item) -> bool:
    """Tell whether user may see who wrote the initiative and where: not a reviewer of a blind council."""
    return not item.council.blind or (seat(user, item.council) in RUNNING_SEATS and item_conflict(user, item) is None)


def can_undo_judgement(user, pair, chaired_paths: list[str]) -> bool:
    """Tell whether user may undo a duplicate judgement: the chair of a council above its later initiative."""
    if pair.status == "open":
        return False
    return is_system_admin(user) or any(path_within(pair.b.unit.path, path) for path in chaired_paths)
