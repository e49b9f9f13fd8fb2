"""Personal access tokens: made and revoked on My account, shown once, stored hashed, scoped, and the only key."""

import hashlib
import json

from sqlalchemy import select

from api.models import PersonalAccessToken, TokenScope
from core.extensions import db
from core.models import AuditEntry
from tests.factories import make_tree, make_user
from tests.functional.api.helpers import bearer, make_token
from tests.functional.helpers import post_form
from unions.roles import AccountStatus


def test_a_token_is_made_listed_used_and_revoked_on_my_account(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"], email="an@example.vn")

    secret = make_token(client, "an@example.vn", "read")
    token = db.session.scalar(select(PersonalAccessToken))
    account = client.get("/account").get_data(as_text=True)

    assert (secret.startswith("sk_"), token.token_hash, token.scope, token.user_id) == (
        True, hashlib.sha256(secret.encode()).hexdigest(), TokenScope.READ, member.id)
    assert ("Kịch bản báo cáo" in account, secret in account) == (True, False)
    api = app.test_client()
    assert api.get("/api/v1/programmes", headers=bearer(secret)).status_code == 200

    answer = post_form(client, f"/account/tokens/{token.id}/revoke")
    refused = api.get("/api/v1/programmes", headers=bearer(secret))

    assert (answer.status_code, refused.status_code, refused.get_json()["code"]) == (302, 401, 401)
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "personal_access_token")
                              .order_by(AuditEntry.id)).all() == ["api_token.create", "api_token.revoke"]


def test_ones_tokens_are_in_the_copy_of_ones_data_without_their_secret_or_hash(client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="an@example.vn")
    secret = make_token(client, "an@example.vn", "read")

    body = client.get("/account/data.json").get_data(as_text=True)
    tokens = json.loads(body)["api_tokens"]

    assert ([(t["name"], t["scope"], t["revoked_at"]) for t in tokens], secret in body,
            hashlib.sha256(secret.encode()).hexdigest() in body) == ([("Kịch bản báo cáo", "read", None)], False, False)


def test_a_token_needs_a_name_and_nothing_is_made_without_one(client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="an@example.vn")
    make_token(client, "an@example.vn")

    answer = post_form(client, "/account/tokens", {"name": "", "scope": "read"})

    assert (answer.status_code, db.session.query(PersonalAccessToken).count()) == (302, 1)


def test_one_cannot_revoke_someone_elses_token(app, client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="an@example.vn")
    make_user(units["grassroots_A1"], email="binh@example.vn")
    secret = make_token(client, "an@example.vn")
    token_id = db.session.scalar(select(PersonalAccessToken.id))

    make_token(client, "binh@example.vn")
    post_form(client, f"/account/tokens/{token_id}/revoke")

    assert app.test_client().get("/api/v1/programmes", headers=bearer(secret)).status_code == 200


def test_without_a_token_or_with_a_wrong_one_the_api_answers_401_in_json(client):
    answers = [client.get("/api/v1/initiatives", headers=headers) for headers in (
        {"Accept-Language": "en"}, bearer("sk_not-a-token"), {"Authorization": "Basic abc", "Accept-Language": "vi"})]

    assert [(a.status_code, a.get_json()["code"], a.get_json()["status"], a.headers["WWW-Authenticate"])
            for a in answers] == [(401, 401, "Unauthorized", 'Bearer realm="api"')] * 3
    assert answers[0].get_json()["message"] == ("Send a valid personal access token in the Authorization header "
                                                "(Bearer).")
    assert answers[2].get_json()["message"] == ("Hãy gửi một mã truy cập cá nhân hợp lệ trong tiêu đề "
                                                "Authorization (Bearer).")


def test_a_signed_in_browser_opens_nothing_in_the_api_and_the_api_sets_no_cookie(app, client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="an@example.vn")
    secret = make_token(client, "an@example.vn")

    with_cookie_only = client.get("/api/v1/programmes")
    with_token = app.test_client().get("/api/v1/programmes", headers=bearer(secret))

    assert (with_cookie_only.status_code, with_token.status_code, with_token.headers.get("Set-Cookie")) == (
        401, 200, None)


def test_a_read_token_is_refused_on_writes_with_403_json(app, client):
    units = make_tree()
    make_user(units["grassroots_A1"], email="an@example.vn")
    secret = make_token(client, "an@example.vn", "read")

    answer = app.test_client().post("/api/v1/initiatives/1/submit", json={}, headers=bearer(secret))

    assert (answer.status_code, answer.get_json()) == (403, {
        "code": 403, "status": "Forbidden",
        "message": "This token may only read: make a read-and-write token to change things."})


def test_a_deactivated_accounts_token_opens_nothing(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"], email="an@example.vn")
    secret = make_token(client, "an@example.vn")
    member.status = AccountStatus.DEACTIVATED
    db.session.commit()

    assert app.test_client().get("/api/v1/programmes", headers=bearer(secret)).status_code == 401
