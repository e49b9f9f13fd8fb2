"""Officers and administrators manage members within their own part of the tree, and nowhere else."""

import re

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from tests.conftest import csrf_token
from tests.factories import make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.models import User
from unions.roles import AccountStatus, Role


def temporary_password(page: str) -> str:
    return re.search(r'id="temporary-password"[^>]*>([^<]+)<', page).group(1)


def test_officer_creates_a_member_who_must_change_the_temporary_password(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    login(client, officer.email)

    page = post_form(client, "/members/new", {"full_name": "Trịnh Văn Sơn", "unit": "GA1", "email": "",
                                              "phone": "0903 111 222", "job_title": "Công nhân"})
    password = temporary_password(page.get_data(as_text=True))
    post_form(client, "/logout")

    assert login(client, "0903111222", password).status_code == 302
    response = client.get("/members")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/password")
    changed = post_form(client, "/account/password", {"current_password": password, "new_password": "son-lam-ca-dem",
                                                      "confirm": "son-lam-ca-dem"})
    assert changed.status_code == 302
    assert client.get("/").status_code == 200


def test_officer_cannot_create_members_in_another_union(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    login(client, officer.email)

    page = post_form(client, "/members/new", {"full_name": "Người lạ", "unit": "GB1", "email": "x@example.vn"})

    assert page.status_code == 200
    assert "Bạn không quản lý đoàn viên của đơn vị này." in page.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "x@example.vn")) is None


def test_invitation_link_lets_the_person_choose_a_password(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    login(client, officer.email)
    page = post_form(client, "/members/invite", {"full_name": "Hà My", "unit": "GA1", "email": "hamy@example.vn"})
    link = re.search(r'id="invitation-link" readonly value="http://sangkien.test([^"]+)"',
                     page.get_data(as_text=True)).group(1)
    post_form(client, "/logout")

    accepted = client.post(link, data={"csrf_token": csrf_token(client, link), "password": "hamy-mat-khau",
                                       "confirm": "hamy-mat-khau"})

    assert accepted.status_code == 302
    assert client.get(link).status_code == 404
    assert db.session.scalar(select(User.status).where(User.email == "hamy@example.vn")) == AccountStatus.ACTIVE


def test_district_admin_manages_accounts_in_the_district_only(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    inside = make_user(units["grassroots_A2"])
    leaver = make_user(units["grassroots_A2"])
    outside = make_user(units["grassroots_B1"])
    login(client, admin.email)

    assert post_form(client, f"/members/{outside.id}/reset-password").status_code == 403
    assert post_form(client, f"/members/{outside.id}/deactivate", {"reason": "thử"}).status_code == 403
    assert client.get(f"/members/{outside.id}").status_code == 403
    assert post_form(client, f"/members/{inside.id}/reset-password").status_code == 200
    assert post_form(client, f"/members/{leaver.id}/deactivate", {"reason": "Chuyển công tác"}).status_code == 302

    db.session.refresh(outside)
    db.session.refresh(leaver)
    assert outside.status == AccountStatus.ACTIVE
    assert leaver.status == AccountStatus.DEACTIVATED
    refused = login(client.application.test_client(), leaver.email)
    assert refused.status_code == 200
    assert "Tài khoản này chưa được kích hoạt hoặc đã bị khóa" in refused.get_data(as_text=True)


def test_officer_cannot_manage_a_federation_admin_in_their_union(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, officer.email)

    assert post_form(client, f"/members/{admin.id}/reset-password").status_code == 403


def test_roles_are_granted_within_the_administrators_subtree_only(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    member = make_user(units["grassroots_A2"])
    login(client, admin.email)

    refused = post_form(client, f"/members/{member.id}/roles", {"role": "officer", "unit": "GB1"})
    system = post_form(client, f"/members/{member.id}/roles", {"role": "system_admin", "unit": "GA2"})
    granted = post_form(client, f"/members/{member.id}/roles", {"role": "officer", "unit": "GA2"})

    assert (refused.status_code, system.status_code, granted.status_code) == (403, 403, 302)
    db.session.expire_all()
    assert [(a.role, a.unit.code) for a in member.roles] == [(Role.OFFICER, "GA2")]
    assert db.session.scalar(select(AuditEntry.actor_id).where(AuditEntry.action == "role.grant",
                                                               AuditEntry.object_id == member.id)) == admin.id


def test_rejecting_needs_a_reason(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    pending = make_user(units["grassroots_A1"], status=AccountStatus.PENDING)
    login(client, officer.email)

    empty = post_form(client, f"/members/{pending.id}/reject", {"reason": ""})
    done = post_form(client, f"/members/{pending.id}/reject", {"reason": "Không phải đoàn viên của đơn vị"})

    assert (empty.status_code, done.status_code) == (400, 302)
    db.session.refresh(pending)
    assert pending.status == AccountStatus.REJECTED


def test_member_list_is_scoped_and_filtered(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),),
                      name="Quản trị huyện A")
    make_user(units["grassroots_A2"], name="Nguyễn Văn Bình")
    make_user(units["grassroots_B1"], name="Trần Văn Cường")
    login(client, admin.email)

    page = client.get("/members?q=bình").get_data(as_text=True).split("<tbody>")[1]
    everyone = client.get("/members").get_data(as_text=True).split("<tbody>")[1]

    assert "Nguyễn Văn Bình" in page and "Quản trị huyện A" not in page
    assert "Trần Văn Cường" not in everyone
    assert client.get("/members?unit=GB1").status_code == 403
    assert client.get("/members?status=bogus").status_code == 400
