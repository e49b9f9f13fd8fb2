"""Account and role services against a real database."""

import pytest
from sqlalchemy import select

from core.errors import DomainError
from core.extensions import db
from core.models import AuditEntry
from tests.factories import make_tree, make_user
from unions import account_services
from unions.roles import AccountStatus, Role
from unions.sessions import load_session_user, open_session


def test_duplicate_email_or_phone_is_refused_on_its_field(app):
    units = make_tree()
    make_user(units["grassroots_A1"], email="lan@example.vn", phone="0912345678")

    with pytest.raises(DomainError) as by_email:
        account_services.register_member(full_name="Lan 2", email="LAN@example.vn", phone=None,
                                         password="mat-khau-dai", unit=units["grassroots_A2"])
    with pytest.raises(DomainError) as by_phone:
        account_services.register_member(full_name="Lan 3", email=None, phone="+84 912 345 678",
                                         password="mat-khau-dai", unit=units["grassroots_A2"])

    assert (by_email.value.field, by_phone.value.field) == ("email", "phone")


def test_members_join_only_grassroots_unions(app):
    units = make_tree()
    with pytest.raises(DomainError) as error:
        account_services.register_member(full_name="Hùng", email="hung@example.vn", phone=None,
                                         password="mat-khau-dai", unit=units["district_A"])
    assert error.value.field == "unit"


def test_reset_password_ends_existing_sessions(app):
    units = make_tree()
    admin = make_user(units["province"] and units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["province"]),))
    member = make_user(units["grassroots_A2"])
    open_session(member, "10.0.0.8", "")
    db.session.commit()
    browser_holds = member.get_id()
    assert load_session_user(browser_holds) == member

    password = account_services.reset_password(admin, member)
    db.session.commit()

    assert load_session_user(browser_holds) is None
    assert member.must_change_password is True
    assert len(password) == 14
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.reset_password")).one()
    assert (entry.actor_id, entry.object_id, entry.unit_id) == (admin.id, member.id, units["grassroots_A2"].id)


def test_deactivated_accounts_keep_their_record_and_cannot_hold_a_session(app):
    units = make_tree()
    member = make_user(units["grassroots_A1"])

    account_services.deactivate_user(None, member, "Đã nghỉ việc")
    db.session.commit()

    assert member.status == AccountStatus.DEACTIVATED
    assert member.is_active is False
    with pytest.raises(DomainError):
        account_services.deactivate_user(None, member, "lần nữa")
    account_services.reactivate_user(None, member)
    assert member.is_active is True


def test_roles_are_granted_once_and_revoked_without_deleting(app):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    assignment = account_services.grant_role(None, member, Role.REVIEWER, units["province"])
    db.session.commit()

    with pytest.raises(DomainError):
        account_services.grant_role(None, member, Role.REVIEWER, units["province"])
    account_services.revoke_role(member, assignment)
    db.session.commit()

    assert member.roles == []
    assert assignment.revoked_at is not None


def test_invitation_is_used_once(app):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    invitation, token = account_services.invite_member(officer, unit=units["grassroots_A1"], full_name="Mai",
                                                       email="mai@example.vn", phone=None)
    db.session.commit()

    user = account_services.accept_invitation(account_services.get_open_invitation(token), "mat-khau-dai")
    db.session.commit()

    assert user.status == AccountStatus.ACTIVE
    assert user.unit_id == units["grassroots_A1"].id
    assert account_services.get_open_invitation(token) is None
    assert invitation.user_id == user.id
