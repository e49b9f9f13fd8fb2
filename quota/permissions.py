"""Who may read the quota figures and indicators and set targets (pure: predicates over plain objects)."""

from unions.permissions import (
    admin_scopes,
    can_administer_unit,
    can_manage_members_of,
    holds_role_over,
    is_system_admin,
    scopes_of,
)
from unions.roles import MEMBER_MANAGERS, Role


def indicator_scopes(user) -> list[str]:
    """Return the subtrees (paths) whose quota-gaming indicators user may read: those they administer."""
    return admin_scopes(user)


def can_view_indicators(user) -> bool:
    """Tell whether user administers a federation (or the system) and so may read the indicators."""
    return bool(indicator_scopes(user))


def can_view_progress(user, unit) -> bool:
    """Tell whether user may open a unit's progress: officers, administrators and councils at or above it."""
    return holds_role_over(user, {*MEMBER_MANAGERS, Role.REVIEWER}, unit)


def can_set_assigned_target(user, unit) -> bool:
    """Tell whether user may assign a unit its target: an administrator of its parent or above (the system for a
    root); never the unit's own officers."""
    if unit.parent is None:
        return is_system_admin(user)
    return can_administer_unit(user, unit.parent)


def can_set_own_target(user, unit) -> bool:
    """Tell whether user may set a unit's self-set target: those who manage the unit (its officers or above)."""
    return can_manage_members_of(user, unit)


def can_manage_counting(user, programme) -> bool:
    """Tell whether user may choose what counts in a programme and publish its progress: its owner's administrators."""
    return can_administer_unit(user, programme.owner_unit)


def can_view_any_progress(user) -> bool:
    """Tell whether user may open some unit's progress (the link in the top bar)."""
    return bool(scopes_of(user, {*MEMBER_MANAGERS, Role.REVIEWER}))


def can_administer_children(user, unit) -> bool:
    """Tell whether user may split unit's target among the units below it (assign their targets)."""
    return can_administer_unit(user, unit)
