"""Who may see and act on programmes and initiatives (pure: predicates over plain objects)."""

from initiatives.lifecycle import EDITABLE, Actor, Status, Step, transition
from unions.permissions import can_administer_unit, can_manage_members_of, is_system_admin
from unions.roles import Role, path_within

PUBLIC_STATES = frozenset({Status.CONFIRMED, Status.IN_REVIEW, Status.RECOGNISED, Status.NOT_RECOGNISED})


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


def can_manage(user, initiative) -> bool:
    """Tell whether user is an officer (or administrator) over the initiative's union."""
    return can_manage_members_of(user, initiative.unit)


def can_view(user, initiative) -> bool:
    """Tell whether user may open the initiative's page (perhaps only its summary, see can_view_full)."""
    if is_author(user, initiative) or can_manage(user, initiative) or can_review(user, initiative):
        return True
    return initiative.status in PUBLIC_STATES


def can_view_full(user, initiative) -> bool:
    """Tell whether user may read every part and the attachments: others see only a confidential one's summary."""
    if is_author(user, initiative) or can_manage(user, initiative) or can_review(user, initiative):
        return True
    return initiative.status in PUBLIC_STATES and not initiative.confidential


def can_edit(user, initiative) -> bool:
    """Tell whether user may change the content now."""
    return initiative.status in EDITABLE and (is_author(user, initiative) or can_manage(user, initiative))


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
