"""Who may use the duplicate queue, sweeps and the quota-gaming signals (predicates over plain objects)."""

from unions.roles import ADMINISTRATORS, Role, path_within

REVIEW_ROLES = frozenset({Role.REVIEWER, Role.FEDERATION_ADMIN, Role.SYSTEM_ADMIN})


def _scopes(user, roles) -> list[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [assignment.unit.path for assignment in user.roles if assignment.role in roles]


def review_scopes(user) -> list[str]:
    """Return the subtrees (paths) whose duplicate pairs user reviews."""
    return _scopes(user, REVIEW_ROLES)


def signal_scopes(user) -> list[str]:
    """Return the subtrees (paths) whose quota-gaming signals user may read: those they administer."""
    return _scopes(user, ADMINISTRATORS)


def can_use_queue(user) -> bool:
    """Tell whether user reviews duplicates anywhere."""
    return bool(review_scopes(user))


def can_decide_pair(user, pair) -> bool:
    """Tell whether user may judge a pair: it belongs to the council above its later initiative's union."""
    return any(path_within(pair.b.unit.path, scope) for scope in review_scopes(user))


def can_sweep(user, programme) -> bool:
    """Tell whether user may sweep a programme: their review scope and the programme's tree overlap."""
    owner = programme.owner_unit.path
    return any(path_within(owner, scope) or path_within(scope, owner) for scope in review_scopes(user))


def can_view_signals(user) -> bool:
    """Tell whether user administers a federation (or the system) and so may read the signals."""
    return bool(signal_scopes(user))
