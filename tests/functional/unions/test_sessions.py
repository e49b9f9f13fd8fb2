"""Signed-in sessions live on the server: signing out, revoking a browser and changing the password end them there."""

from datetime import timedelta

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from core.timeutil import utcnow
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.models import UserSession

PHONE = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 "
         "Mobile Safari/537.36")


def _browser(app, address: str, agent: str = ""):
    browser = app.test_client()
    browser.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return browser


def _second_browser(app, login_name: str):
    other = _browser(app, "10.0.0.8", PHONE)
    assert login(other, login_name).status_code == 302
    return other


def _open_sessions(user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                             UserSession.ended_at.is_(None))))


def test_a_cookie_kept_from_before_signing_out_no_longer_signs_in(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    login(client, member.email)
    kept = client.get_cookie("session", domain="sangkien.test").value

    post_form(client, "/logout")
    client.set_cookie("session", kept, domain="sangkien.test")

    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    ended = db.session.scalars(select(UserSession).where(UserSession.user_id == member.id)).one()
    assert ended.ended_reason == "logout" and ended.ended_at is not None


def test_the_account_page_lists_the_browsers_and_signs_one_out(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    login(client, member.email)
    phone = _second_browser(app, member.email)

    page = client.get("/account").get_data(as_text=True)
    assert "Chrome · Android" in page and "10.0.0.8" in page
    assert "Trình duyệt này" in page  # the one in use is marked and has no sign-out button of its own
    phone_session = next(s for s in _open_sessions(member) if s.address == "10.0.0.8")

    response = post_form(client, f"/account/sessions/{phone_session.id}/end", follow_redirects=True)

    assert "Đã đăng xuất trình duyệt đó." in response.get_data(as_text=True)
    assert phone.get("/account").status_code == 302
    assert client.get("/account").status_code == 200
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.end_session")).one()
    assert (entry.actor_id, entry.object_id, entry.details["device"]) == (member.id, member.id, "Chrome · Android")


def test_nobody_signs_out_someone_else_s_browser(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    other = make_user(units["grassroots_A1"])
    other_browser = _second_browser(app, other.email)
    login(client, member.email)
    target = _open_sessions(other)[0]

    response = post_form(client, f"/account/sessions/{target.id}/end", follow_redirects=True)

    assert "Phiên đăng nhập này đã kết thúc." in response.get_data(as_text=True)
    assert other_browser.get("/account").status_code == 200
    assert len(_open_sessions(other)) == 1


def test_signing_out_everywhere_else_and_changing_the_password_keep_only_this_browser(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    login(client, member.email)
    first, second = _second_browser(app, member.email), _second_browser(app, member.email)

    response = post_form(client, "/account/sessions/end-others", follow_redirects=True)
    assert "Đã đăng xuất 2 trình duyệt khác." in response.get_data(as_text=True)
    assert first.get("/account").status_code == 302 and second.get("/account").status_code == 302

    third = _second_browser(app, member.email)
    response = client.post("/account/password", data={
        "csrf_token": csrf_token(client, "/account/password"), "current_password": PASSWORD,
        "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"})
    assert response.status_code == 302
    assert third.get("/account").status_code == 302
    assert client.get("/account").status_code == 200
    assert [s.ended_reason for s in db.session.scalars(select(UserSession).where(
        UserSession.user_id == member.id).order_by(UserSession.id))] == [None, "revoked", "revoked", "password"]


def test_a_session_left_idle_too_long_has_to_sign_in_again(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    login(client, member.email)
    session = _open_sessions(member)[0]
    session.last_seen_at = utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"], minutes=1)
    db.session.commit()

    assert client.get("/account").status_code == 302


def test_a_visit_moves_last_seen_forward(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    login(client, member.email)
    session = _open_sessions(member)[0]
    session.last_seen_at = utcnow() - timedelta(hours=2)
    db.session.commit()

    assert client.get("/account").status_code == 200

    assert utcnow() - _open_sessions(member)[0].last_seen_at < timedelta(minutes=1)


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    guesser = _browser(app, "203.0.113.9")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(guesser, member.email, "doan-mo").status_code == 200

    locked = login(guesser, member.email)
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= app.config["LOGIN_FAILURE_WINDOW_SECONDS"] + 1

    assert login(client, member.email).status_code == 302  # the owner, at their own machine


def test_a_successful_login_does_not_reset_an_address_that_guesses(app):
    units = make_tree()
    accomplice = make_user(units["grassroots_A1"])
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "login": "1000 per minute"}  # the throttle alone
    guesser = _browser(app, "203.0.113.9")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    for n in range(limit):
        assert login(guesser, f"nguoi{n}@example.vn", "doan-mo").status_code == 200
        if n == limit // 2:
            assert login(guesser, accomplice.email).status_code == 302
            post_form(guesser, "/logout")

    assert login(guesser, accomplice.email).status_code == 429
