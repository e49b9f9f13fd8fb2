"""Who may see and act on programmes and initiatives (pure: predicates over plain objects)."""

from initiatives.lifecycle import EDITABLE, Actor, Status, Step, transition
from unions.permissions import can_administer_unit, can_manage_members_of, is_system_admin
from unions.roles import Role, path_within

PUBLIC_STATES = frozenset({Status.CONFIRMED, Status.IN_REVIEW, Status.RECOGNISED, Status.NOT_RECOGNISED})
# Before the union confirms it, an initiative is its authors' and their union's business; reviewers above see it from
# submission on (they screen duplicates), and a draft is its authors' alone.
SCREENED_STATES = frozenset({Status.SUBMITTED, Status.RETURNED, Status.WITHDRAWN, *PUBLIC_STATES})


def is_author(user, initiative) -> bool:
    """Tell whether user submitted, entered or co-wrote the initiative."""
    uid = getattr(user, "id", None)
    return uid is not None and (uid in (initiative.submitter_id, initiative.entered_by_id)
                                or any(a.user_id == uid for a in initiative.authors))


def can_review(user, initiative) -> bool:
    """Tell whether user sits on a council (or administers a federation) above the initiative's union."""
    return is_system_admin(user) or any(
        a.role in (Role.REVIEWER, Role.FEDERATION_ADMIN) and path_within(initiative.unit.path, a.unit.path)
        for a in getattr(user, "roles", []))


def can_view_import(user, batch) -> bool:
    """Tell whether user may see (and decide) an Excel import: the officers of its union and those above."""
    return can_manage_members_of(user, batch.unit)


def can_manage(user, initiative) -> bool:
    """Tell whether user is an officer (or administrator) over the initiative's union."""
    return can_manage_members_of(user, initiative.unit)


def _oversees(user, initiative) -> bool:
    """Tell whether user's role over the union lets them see the initiative in its present state."""
    if initiative.status not in SCREENED_STATES:
        return False
    if initiative.status == Status.WITHDRAWN and getattr(initiative, "submitted_at", None) is None:
        return False  # a draft its authors withdrew was never anyone else's
    return can_manage(user, initiative) or can_review(user, initiative)


def can_view(user, initiative) -> bool:
    """Tell whether user may open the initiative's page (perhaps only its summary, see can_view_full).

    The table in the README ("Who sees an initiative") is this function and can_view_full, state by state.
    """
    return is_author(user, initiative) or _oversees(user, initiative) or initiative.status in PUBLIC_STATES


def can_view_full(user, initiative) -> bool:
    """Tell whether user may read every part and the attachments: others see only a confidential one's summary."""
    if is_author(user, initiative) or _oversees(user, initiative):
        return True
    return initiative.status in PUBLIC_STATES and not initiative.confidential


def can_edit(user, initiative) -> bool:
    """Tell whether user may change the content now: its authors only (an officer who entered it is one)."""
    return initiative.status in EDITABLE and is_author(user, initiative)


def can_start_in(user, programme) -> bool:
    """Tell whether user may start an initiative in programme: it must be one their union takes part in."""
    unit = getattr(user, "unit", None)
    return unit is not None and path_within(unit.path, programme.owner_unit.path)


def can_take_step(user, initiative, step: Step) -> bool:
    """Tell whether user may take step on the initiative as it stands."""
    found = transition(initiative.status, step)
    if found is None:
        return False
    who = found[1]
    if who == Actor.AUTHOR:
        # The authors submit and withdraw (an officer who entered it for a member is one of them); the union's other
        # officers do not act in their name.
        return is_author(user, initiative)
    if who == Actor.OFFICER:
        return can_manage(user, initiative)
    if who == Actor.COUNCIL:
        return False  # a council starts and decides through its own workflow, which checks its own seats
    return can_review(user, initiative)


def can_manage_programmes(user, unit) -> bool:
    """Tell whether user may create or change programmes owned by unit."""
    return can_administer_unit(user, unit)
