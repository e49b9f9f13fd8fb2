"""Signing in and out, registration and approval, through real forms."""

from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_tree, make_user
from tests.functional.helpers import login
from unions.models import LoginAttempt, User
from unions.roles import AccountStatus, Role


def test_member_logs_in_by_email_and_by_phone(client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="lan@example.vn", phone="0912 345 678")

    response = login(client, "LAN@example.vn ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})

    response = login(client, "+84912345678")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_wrong_password_is_refused_with_a_message_on_the_form(client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="lan@example.vn")

    response = login(client, "lan@example.vn", "wrong password")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_repeated_failures_lock_the_login_name(app, client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="lan@example.vn")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, "lan@example.vn", "wrong password").status_code == 200

    response = login(client, "lan@example.vn")  # even the right password waits now

    assert response.status_code == 429
    assert "Bạn đã thử sai quá nhiều lần" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_registration_waits_for_the_officer_then_the_member_signs_in(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))

    response = client.post("/register", data={
        "csrf_token": csrf_token(client, "/register"), "full_name": "Đỗ Thị Hương", "unit": "GA1",
        "email": "", "phone": "0987 654 321", "job_title": "Giáo viên", "password": "mat-khau-dai",
        "confirm": "mat-khau-dai",
    })
    assert response.status_code == 200
    member = db.session.scalars(select(User).where(User.phone == "0987654321")).one()
    assert member.status == AccountStatus.PENDING

    assert login(client, "0987654321", "mat-khau-dai").status_code == 200  # not yet approved

    login(client, officer.email)
    response = client.post(f"/members/{member.id}/approve", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})

    assert login(client, "0987654321", "mat-khau-dai").status_code == 302
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == member.id,
                                                                 AuditEntry.object_type == "user_account")).all()
    assert actions == ["user.register", "user.approve"]


def test_officer_cannot_approve_a_registration_in_another_union(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    stranger = make_user(units["grassroots_A2"], status=AccountStatus.PENDING)

    login(client, officer.email)
    page = client.get("/members/pending").get_data(as_text=True)
    response = client.post(f"/members/{stranger.id}/approve", data={"csrf_token": csrf_token(client, "/account")})

    assert stranger.full_name not in page
    assert response.status_code == 403
    db.session.refresh(stranger)
    assert stranger.status == AccountStatus.PENDING


def test_member_cannot_see_pending_registrations(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    make_user(units["grassroots_A1"], status=AccountStatus.PENDING)

    login(client, member.email)

    assert client.get("/members/pending").status_code == 403


def test_logged_out_visitor_is_sent_to_login(client):
    response = client.get("/members/pending")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_posting_without_csrf_token_is_refused(client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="lan@example.vn")

    response = client.post("/login", data={"login": "lan@example.vn", "password": PASSWORD})

    assert response.status_code == 400
    assert client.get("/account").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0
