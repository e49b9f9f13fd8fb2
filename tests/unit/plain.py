"""Plain stand-ins for units, users and initiatives, for the pure predicates that only read their attributes."""

from types import SimpleNamespace

from unions.levels import UnitLevel
from unions.roles import AccountStatus

_ids = iter(range(1, 10**6))


def unit(path: str, level: UnitLevel = UnitLevel.GRASSROOTS, parent=None):
    """Return a unit at a materialised path such as "/1/2/"."""
    return SimpleNamespace(id=int(path.strip("/").split("/")[-1]), path=path, level=level, parent=parent,
                           dissolved_at=None)


def user(home=None, *roles, status: AccountStatus = AccountStatus.ACTIVE):
    """Return a signed-in user of unit home holding roles given as (role, unit) pairs."""
    return SimpleNamespace(id=next(_ids), is_authenticated=True, unit=home, unit_id=getattr(home, "id", None),
                           status=status, roles=[SimpleNamespace(role=role, unit=scope, unit_id=scope.id)
                                                 for role, scope in roles])


ANONYMOUS = SimpleNamespace(id=None, is_authenticated=False, unit=None, unit_id=None, roles=[])
