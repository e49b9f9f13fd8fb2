"""Who may do what in the union tree and with accounts: each predicate, granted and refused."""

from tests.unit.plain import ANONYMOUS, unit, user
from unions import permissions
from unions.levels import UnitLevel
from unions.roles import AccountStatus, Role

PROVINCE = unit("/1/2/", UnitLevel.PROVINCE_FEDERATION)
DISTRICT_A = unit("/1/2/3/", UnitLevel.DISTRICT_FEDERATION, PROVINCE)
DISTRICT_B = unit("/1/2/4/", UnitLevel.DISTRICT_FEDERATION, PROVINCE)
UNION_A = unit("/1/2/3/5/", parent=DISTRICT_A)
UNION_B = unit("/1/2/4/6/", parent=DISTRICT_B)
# A path that shares a prefix of digits but not the subtree: /1/2/3/ must not cover /1/2/30/.
UNION_LOOKALIKE = unit("/1/2/30/", parent=PROVINCE)


def test_scopes_are_the_paths_of_the_roles_asked_for():
    admin = user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A), (Role.REVIEWER, PROVINCE))

    assert permissions.scopes_of(admin, {Role.FEDERATION_ADMIN}) == ["/1/2/3/"]
    assert permissions.admin_scopes(admin) == ["/1/2/3/"]
    assert permissions.manager_scopes(admin) == ["/1/2/3/"]
    assert permissions.scopes_of(ANONYMOUS, {Role.FEDERATION_ADMIN}) == []


def test_an_officer_manages_the_members_of_their_union_and_nothing_above():
    officer = user(UNION_A, (Role.OFFICER, UNION_A))

    assert permissions.can_manage_members(officer)
    assert permissions.can_manage_members_of(officer, UNION_A)
    assert not permissions.can_manage_members_of(officer, DISTRICT_A)
    assert not permissions.can_manage_members_of(officer, UNION_B)
    assert not permissions.can_administer(officer)
    assert not permissions.can_administer_unit(officer, UNION_A)


def test_a_federation_administers_its_subtree_only():
    admin = user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A))

    assert permissions.can_administer_unit(admin, DISTRICT_A)
    assert permissions.can_administer_unit(admin, UNION_A)
    assert not permissions.can_administer_unit(admin, UNION_B)
    assert not permissions.can_administer_unit(admin, UNION_LOOKALIKE)
    assert not permissions.can_administer_unit(admin, PROVINCE)
    assert permissions.can_create_unit_under(admin, UNION_A)
    assert not permissions.can_administer_unit(admin, None)


def test_a_move_needs_both_ends_administered():
    district_admin = user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A))
    province_admin = user(UNION_A, (Role.FEDERATION_ADMIN, PROVINCE))
    system = user(UNION_A, (Role.SYSTEM_ADMIN, PROVINCE))

    assert not permissions.can_move_unit(district_admin, UNION_A, DISTRICT_B)
    assert permissions.can_move_unit(province_admin, UNION_A, DISTRICT_B)
    assert not permissions.can_move_unit(province_admin, PROVINCE, DISTRICT_B)  # a root moves only by the system
    assert permissions.can_move_unit(system, PROVINCE, DISTRICT_B)


def test_registrations_are_reviewed_by_the_unions_managers_while_pending():
    officer = user(UNION_A, (Role.OFFICER, UNION_A))
    pending = user(UNION_A, status=AccountStatus.PENDING)
    elsewhere = user(UNION_B, status=AccountStatus.PENDING)
    active = user(UNION_A)

    assert permissions.can_review_registration(officer, pending)
    assert not permissions.can_review_registration(officer, elsewhere)
    assert not permissions.can_review_registration(officer, active)


def test_accounts_are_managed_only_below_and_never_ones_own_or_a_stronger_ones():
    officer = user(UNION_A, (Role.OFFICER, UNION_A))
    member = user(UNION_A)
    district_admin_in_union = user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A))
    province_admin = user(UNION_A, (Role.FEDERATION_ADMIN, PROVINCE))

    assert not permissions.can_manage_account(officer, officer)
    assert not permissions.can_manage_account(officer, district_admin_in_union)  # an officer cannot grant that role
    assert permissions.can_manage_account(officer, member)
    assert not permissions.can_manage_account(officer, user(UNION_B))
    assert permissions.can_manage_account(province_admin, district_admin_in_union)
    assert permissions.can_manage_account(province_admin, member)
    assert permissions.can_view_account(officer, member)
    assert permissions.can_view_account(member, member)
    assert not permissions.can_view_account(member, officer)


def test_only_the_system_administrator_grants_system_administration():
    province_admin = user(UNION_A, (Role.FEDERATION_ADMIN, PROVINCE))
    system = user(UNION_A, (Role.SYSTEM_ADMIN, PROVINCE))

    assert permissions.can_grant_role(province_admin, Role.REVIEWER, UNION_A)
    assert not permissions.can_grant_role(province_admin, Role.REVIEWER, unit("/1/9/"))
    assert not permissions.can_grant_role(province_admin, Role.SYSTEM_ADMIN, UNION_A)
    assert permissions.can_grant_role(system, Role.SYSTEM_ADMIN, unit("/1/9/"))
    assert permissions.is_system_admin(system)
    assert not permissions.is_system_admin(province_admin)


def test_a_unit_page_is_open_to_its_members_and_those_above_it():
    reviewer = user(UNION_B, (Role.REVIEWER, DISTRICT_A))
    member = user(UNION_A)

    assert permissions.can_view_unit(reviewer, UNION_A)
    assert permissions.can_view_unit(reviewer, UNION_B)  # their own union
    assert not permissions.can_view_unit(reviewer, DISTRICT_B)
    assert permissions.can_view_unit(member, UNION_A)
    assert not permissions.can_view_unit(member, DISTRICT_A)
