"""Who may do what, as named predicates over a user and the object acted on (pure).

Roles are held over a unit and its whole subtree, so every check reduces to comparing materialised paths.
"""

from unions.roles import ADMINISTRATORS, MEMBER_MANAGERS, AccountStatus, Role, path_within


def scopes_of(user, roles) -> list[str]:
    """Return the unit paths over which user holds any of roles."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [assignment.unit.path for assignment in user.roles if assignment.role in roles]


def holds_role_over(user, roles, unit) -> bool:
    """Tell whether user holds one of roles over a unit containing unit (unit itself included)."""
    if unit is None:
        return False
    return any(path_within(unit.path, scope) for scope in scopes_of(user, roles))


def is_system_admin(user) -> bool:
    """Tell whether user administers the whole system."""
    return bool(scopes_of(user, {Role.SYSTEM_ADMIN}))


def manager_scopes(user) -> list[str]:
    """Return the subtrees (paths) whose members user manages."""
    return scopes_of(user, MEMBER_MANAGERS)


def admin_scopes(user) -> list[str]:
    """Return the subtrees (paths) that user administers."""
    return scopes_of(user, ADMINISTRATORS)


def can_manage_members(user) -> bool:
    """Tell whether user manages the members of at least one unit."""
    return bool(manager_scopes(user))


def can_administer(user) -> bool:
    """Tell whether user administers at least one subtree."""
    return bool(admin_scopes(user))


def reviews_anywhere(user) -> bool:
    """Tell whether user sits on an initiative council somewhere (holds the reviewer role)."""
    return bool(scopes_of(user, {Role.REVIEWER}))


def can_manage_members_of(user, unit) -> bool:
    """Tell whether user may approve, create or invite members of unit."""
    return holds_role_over(user, MEMBER_MANAGERS, unit)


def can_administer_unit(user, unit) -> bool:
    """Tell whether user may change unit (rename, blocs) and read its audit trail."""
    return holds_role_over(user, ADMINISTRATORS, unit)


def can_create_unit_under(user, parent) -> bool:
    """Tell whether user may add a unit below parent."""
    return can_administer_unit(user, parent)


def can_move_unit(user, unit, new_parent) -> bool:
    """Tell whether user may move unit under new_parent: they must administer where it leaves and where it lands."""
    if unit.parent is None or new_parent is None:
        return is_system_admin(user)
    return can_administer_unit(user, unit.parent) and can_administer_unit(user, new_parent)


def can_review_registration(user, candidate) -> bool:
    """Tell whether user may approve or reject candidate's pending registration."""
    return candidate.status == AccountStatus.PENDING and can_manage_members_of(user, candidate.unit)


def can_manage_account(user, target) -> bool:
    """Tell whether user may reset target's password or (de)activate the account.

    Nobody manages their own account this way, and nobody manages an account holding roles they could not grant.
    """
    if user is None or target is None or user.id == target.id:
        return False
    if is_system_admin(user):
        return True
    if not can_manage_members_of(user, target.unit):
        return False
    return all(can_grant_role(user, assignment.role, assignment.unit) for assignment in target.roles)


def can_view_account(user, target) -> bool:
    """Tell whether user may open target's account page: their own, or one of the members they manage."""
    return user.id == target.id or can_manage_members_of(user, target.unit)


def can_grant_role(user, role, unit) -> bool:
    """Tell whether user may grant role over unit."""
    if is_system_admin(user):
        return True
    if role == Role.SYSTEM_ADMIN:
        return False
    return can_administer_unit(user, unit)


def can_view_unit(user, unit) -> bool:
    """Tell whether user may open unit's page (its members, children and history)."""
    return holds_role_over(user, {*MEMBER_MANAGERS, Role.REVIEWER}, unit) or (
        getattr(user, "unit_id", None) is not None and user.unit_id == unit.id
    )
