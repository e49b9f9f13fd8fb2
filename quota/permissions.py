"""Who may read the quota figures and indicators (pure: predicates over plain objects)."""

from unions.permissions import admin_scopes


def indicator_scopes(user) -> list[str]:
    """Return the subtrees (paths) whose quota-gaming indicators user may read: those they administer."""
    return admin_scopes(user)


def can_view_indicators(user) -> bool:
    """Tell whether user administers a federation (or the system) and so may read the indicators."""
    return bool(indicator_scopes(user))
