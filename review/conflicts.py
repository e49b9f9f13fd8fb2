"""Conflicts of interest between a reviewer and an initiative, from the union tree and the record (pure: plain
objects in, a reason or None out).

Nobody reviews an initiative they submitted, entered or co-wrote, nor one of their own grassroots union (a union
group counts as the grassroots union it belongs to); when the council says so, nor one of a unit where they hold an
officer's or a federation administrator's role. A reviewer who declared a conflict with an initiative stays
conflicted with it.
"""

from enum import StrEnum

from initiatives.permissions import is_author
from unions.levels import UnitLevel
from unions.roles import Role, path_within

ADMINISTERING_ROLES = frozenset({Role.OFFICER, Role.FEDERATION_ADMIN})


class Conflict(StrEnum):
    """Why a reviewer may not review an initiative."""

    AUTHOR = "author"
    OWN_UNION = "own_union"
    ADMINISTERS = "administers"
    DECLARED = "declared"


def grassroots_path(unit) -> str | None:
    """Return the path of the grassroots union a unit is or belongs to (a union group's parent)."""
    if unit is None:
        return None
    if unit.level == UnitLevel.UNION_GROUP:
        parts = unit.path.strip("/").split("/")[:-1]
        return "/" + "/".join(parts) + "/" if parts else unit.path
    return unit.path


def conflict_of(user, initiative, *, administered: bool, declared: bool = False) -> Conflict | None:
    """Return why user may not review initiative, or None when they may."""
    if is_author(user, initiative):
        return Conflict.AUTHOR
    own = grassroots_path(getattr(user, "unit", None))
    if own is not None and own == grassroots_path(initiative.unit):
        return Conflict.OWN_UNION
    if administered and any(a.role in ADMINISTERING_ROLES and path_within(initiative.unit.path, a.unit.path)
                            for a in getattr(user, "roles", [])):
        return Conflict.ADMINISTERS
    if declared:
        return Conflict.DECLARED
    return None
