"""Roles and their scope rules (pure: no Flask, no database)."""

from enum import StrEnum


class Role(StrEnum):
    """A role held over a unit and its whole subtree."""

    OFFICER = "officer"
    REVIEWER = "reviewer"
    FEDERATION_ADMIN = "federation_admin"
    SYSTEM_ADMIN = "system_admin"


class AccountStatus(StrEnum):
    """Where an account stands; accounts are never deleted, only moved between these."""

    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    DEACTIVATED = "deactivated"


# Roles that may manage members (approve, create, invite) within their scope.
MEMBER_MANAGERS = frozenset({Role.OFFICER, Role.FEDERATION_ADMIN, Role.SYSTEM_ADMIN})
# Roles that may change the tree, grant roles and reset passwords within their scope.
ADMINISTRATORS = frozenset({Role.FEDERATION_ADMIN, Role.SYSTEM_ADMIN})


def path_within(path: str, scope_path: str) -> bool:
    """Tell whether a unit with materialised path `path` lies in the subtree rooted at `scope_path`."""
    return path.startswith(scope_path)
