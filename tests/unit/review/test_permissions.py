"""Who may use the duplicate queue and sweeps."""

from types import SimpleNamespace

from review import permissions
from tests.unit.plain import ANONYMOUS, unit, user
from unions.levels import UnitLevel
from unions.roles import Role

PROVINCE = unit("/1/2/", UnitLevel.PROVINCE_FEDERATION)
DISTRICT_A = unit("/1/2/3/", UnitLevel.DISTRICT_FEDERATION)
DISTRICT_B = unit("/1/2/4/", UnitLevel.DISTRICT_FEDERATION)
UNION_A = unit("/1/2/3/5/")


def test_reviewers_federations_and_the_system_use_the_queue_officers_do_not():
    assert permissions.can_use_queue(user(UNION_A, (Role.REVIEWER, DISTRICT_A)))
    assert permissions.can_use_queue(user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A)))
    assert permissions.can_use_queue(user(UNION_A, (Role.SYSTEM_ADMIN, PROVINCE)))
    assert not permissions.can_use_queue(user(UNION_A, (Role.OFFICER, UNION_A)))
    assert not permissions.can_use_queue(ANONYMOUS)


def test_a_pair_is_judged_by_the_council_above_its_later_initiative():
    pair = SimpleNamespace(b=SimpleNamespace(unit=UNION_A))

    assert permissions.can_decide_pair(user(UNION_A, (Role.REVIEWER, DISTRICT_A)), pair)
    assert not permissions.can_decide_pair(user(UNION_A, (Role.REVIEWER, DISTRICT_B)), pair)


def test_a_programme_is_swept_where_its_tree_and_the_reviewers_scope_overlap():
    district_programme = SimpleNamespace(owner_unit=DISTRICT_A)
    province_programme = SimpleNamespace(owner_unit=PROVINCE)

    assert permissions.can_sweep(user(UNION_A, (Role.REVIEWER, DISTRICT_A)), district_programme)
    assert permissions.can_sweep(user(UNION_A, (Role.REVIEWER, DISTRICT_A)), province_programme)
    assert permissions.can_sweep(user(UNION_A, (Role.REVIEWER, PROVINCE)), district_programme)
    assert not permissions.can_sweep(user(UNION_A, (Role.REVIEWER, DISTRICT_B)), district_programme)
