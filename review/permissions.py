"""Who may use the duplicate queue and sweeps (pure: predicates over plain objects)."""

from unions.permissions import scopes_of
from unions.roles import Role, path_within

REVIEW_ROLES = frozenset({Role.REVIEWER, Role.FEDERATION_ADMIN, Role.SYSTEM_ADMIN})


def review_scopes(user) -> list[str]:
    """Return the subtrees (paths) whose duplicate pairs user reviews."""
    return scopes_of(user, REVIEW_ROLES)


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

