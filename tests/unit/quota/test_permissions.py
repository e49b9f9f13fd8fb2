"""Who may read the quota-gaming indicators."""

from quota import permissions
from tests.unit.plain import ANONYMOUS, unit, user
from unions.levels import UnitLevel
from unions.roles import Role

DISTRICT = unit("/1/2/3/", UnitLevel.DISTRICT_FEDERATION)


def test_indicators_are_read_by_administrators_of_their_subtree():
    admin = user(None, (Role.FEDERATION_ADMIN, DISTRICT))

    assert permissions.indicator_scopes(admin) == ["/1/2/3/"]
    assert permissions.can_view_indicators(admin)
    assert not permissions.can_view_indicators(user(None, (Role.REVIEWER, DISTRICT)))
    assert not permissions.can_view_indicators(ANONYMOUS)
