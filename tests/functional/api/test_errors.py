"""Every error under /api/ is JSON in the caller's language: unknown paths, wrong methods, limits, duplicates."""

from sqlalchemy import func, select

from core.extensions import db
from initiatives.models import Initiative
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.api.helpers import bearer, make_token
from tests.functional.api.test_endpoints import CONTENT


def test_an_unknown_path_and_a_wrong_method_answer_json_in_vietnamese_by_default(client):
    unknown = client.get("/api/v1/nothing-here")
    wrong_method = client.delete("/api/v1/programmes")

    assert (unknown.status_code, unknown.get_json()) == (404, {"code": 404, "status": "Not Found",
                                                                "message": "Không tìm thấy trang"})
    assert (wrong_method.status_code, wrong_method.get_json()["code"], wrong_method.get_json()["status"]) == (
        405, 405, "Method Not Allowed")


def test_a_token_over_its_rate_limit_gets_429_with_retry_after(app, client):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "api": "2 per minute"}
    units = make_tree()
    make_user(units["grassroots_A1"], email="an@example.vn")
    secret = make_token(client, "an@example.vn")

    answers = [client.get("/api/v1/programmes", headers=bearer(secret)) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert (answers[2].get_json()["code"], answers[2].get_json()["message"], "Retry-After" in answers[2].headers) == (
        429, "Too many requests in a short time. Wait a moment and try again.", True)


def test_a_likely_duplicate_is_held_back_with_409_and_saved_only_when_confirmed(app, client):
    units = make_tree()
    author = make_user(units["grassroots_A1"], email="an@example.vn")
    programme = make_programme(units["province"])
    make_initiative(author, programme, CONTENT["title"])
    secret = make_token(client, "an@example.vn")
    path = f"/api/v1/programmes/{programme.id}/initiatives"

    held = client.post(path, json={**CONTENT, "submit": True}, headers=bearer(secret))
    count_after_held = db.session.scalar(select(func.count(Initiative.id)))
    confirmed = client.post(path, json={**CONTENT, "submit": True, "confirm_duplicate": True}, headers=bearer(secret))

    assert (held.status_code, held.get_json()["similar"][0]["likely_duplicate"], count_after_held) == (409, True, 1)
    assert (confirmed.status_code, confirmed.get_json()["status"],
            db.session.scalar(select(func.count(Initiative.id)))) == (201, "submitted", 2)
