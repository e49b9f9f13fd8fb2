"""The API's endpoints answer as the web pages do: the same lists, the same permissions, the same submission."""

from datetime import date, timedelta

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from initiatives.lifecycle import Status, Step
from initiatives.models import Initiative
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.api.helpers import bearer, make_token
from unions.roles import Role

CONTENT = {"title": "Sổ tay điện tử cho tổ bảo trì", "field": "technical", "problem": "Ghi chép giấy dễ thất lạc.",
           "solution": "Dùng máy tính bảng ghi lịch bảo trì.", "authors": [{"name": "Lê Văn Cường", "share": 100}],
           "first_applied_on": (date.today() - timedelta(days=20)).isoformat(), "benefit_vnd": 5_000_000,
           "benefit_method": "Giờ công tiết kiệm × đơn giá."}


def _world():
    units = make_tree()
    people = {
        "member": make_user(units["grassroots_A1"], email="member@example.vn"),
        "author": make_user(units["grassroots_A1"], email="author@example.vn"),
        "officer": make_user(units["grassroots_A1"], email="officer@example.vn",
                             roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "other_officer": make_user(units["grassroots_B1"], email="other@example.vn",
                                   roles=((Role.OFFICER, units["grassroots_B1"]),)),
    }
    programme = make_programme(units["province"])
    drafted = make_initiative(people["author"], programme, "Bản nháp về máy bơm", submit=False)
    submitted = make_initiative(people["author"], programme, "Quy trình kiểm kê kho vật tư")
    public = make_initiative(people["author"], programme, "Bàn chấm công bằng thẻ từ",
                             steps=((people["officer"], Step.CONFIRM),))
    return units, people, programme, {"draft": drafted, "submitted": submitted, "public": public}


def _titles(api, secret, **args):
    answer = api.get("/api/v1/initiatives", query_string=args, headers=bearer(secret))
    assert answer.status_code == 200, answer.get_json()
    return sorted(item["title"] for item in answer.get_json()["items"])


def test_a_member_sees_their_own_and_the_public_ones_and_an_officer_their_union(app, client):
    units, people, programme, made = _world()
    api = app.test_client()
    secrets = {who: make_token(client, f"{who.replace('_officer', '')}@example.vn") for who in
               ("member", "author", "officer")}
    status = str(made["public"].status)

    assert _titles(api, secrets["member"]) == ["Bàn chấm công bằng thẻ từ"]
    assert _titles(api, secrets["author"], scope="mine") == ["Bàn chấm công bằng thẻ từ", "Bản nháp về máy bơm",
                                                             "Quy trình kiểm kê kho vật tư"]
    assert _titles(api, secrets["officer"]) == ["Bàn chấm công bằng thẻ từ", "Quy trình kiểm kê kho vật tư"]
    assert _titles(api, secrets["officer"], status=status) == ["Bàn chấm công bằng thẻ từ"]
    refused = api.get(f"/api/v1/initiatives/{made['submitted'].id}", headers=bearer(secrets["member"]))
    shown = api.get(f"/api/v1/initiatives/{made['submitted'].id}", headers=bearer(secrets["officer"]))
    assert (refused.status_code, refused.get_json()["code"], shown.status_code, shown.get_json()["title"]) == (
        403, 403, 200, "Quy trình kiểm kê kho vật tư")
    assert api.get("/api/v1/initiatives", query_string={"scope": "union"},
                   headers=bearer(secrets["member"])).status_code == 403


def test_pages_are_bounded_and_counted(app, client):
    _units, _people, _programme, _made = _world()
    secret = make_token(client, "author@example.vn")
    api = app.test_client()

    first = api.get("/api/v1/initiatives?scope=mine&per_page=2", headers=bearer(secret)).get_json()
    second = api.get("/api/v1/initiatives?scope=mine&per_page=2&page=2", headers=bearer(secret)).get_json()
    too_many = api.get("/api/v1/initiatives?per_page=101", headers=bearer(secret))

    assert (len(first["items"]), first["page"], len(second["items"])) == (
        2, {"page": 1, "per_page": 2, "total": 3, "pages": 2, "capped": False}, 1)
    assert (too_many.status_code, list(too_many.get_json()["errors"]["query"])) == (422, ["per_page"])


def test_submitting_through_the_api_creates_the_initiative_with_its_audit_entry(app, client):
    units, people, programme, _made = _world()
    secret = make_token(client, "member@example.vn")

    answer = app.test_client().post(f"/api/v1/programmes/{programme.id}/initiatives",
                                    json={**CONTENT, "submit": True}, headers=bearer(secret))

    created = db.session.scalar(select(Initiative).where(Initiative.title == CONTENT["title"]))
    assert (answer.status_code, answer.get_json()["id"], answer.get_json()["status"]) == (201, created.id, "submitted")
    assert (created.status, created.submitter_id, created.unit_id) == (
        Status.SUBMITTED, people["member"].id, units["grassroots_A1"].id)
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "initiative",
                                                              AuditEntry.object_id == created.id)
                              .order_by(AuditEntry.id)).all() == ["initiative.create", "initiative.submit"]


def test_a_draft_is_submitted_through_the_api(app, client):
    _units, _people, _programme, made = _world()
    secret = make_token(client, "author@example.vn")

    answer = app.test_client().post(f"/api/v1/initiatives/{made['draft'].id}/submit", json={},
                                    headers=bearer(secret))

    db.session.refresh(made["draft"])
    assert (answer.status_code, answer.get_json()["status"], made["draft"].status) == (
        200, "submitted", Status.SUBMITTED)


def test_bad_input_is_a_422_in_json_in_the_callers_language_and_nothing_is_saved(app, client):
    _units, _people, programme, _made = _world()
    secret = make_token(client, "member@example.vn")
    api = app.test_client()
    before = db.session.query(Initiative).count()

    wrong_type = {language: api.post(f"/api/v1/programmes/{programme.id}/initiatives",
                                     json={"title": 5, "benefit_vnd": "nhiều"}, headers=bearer(secret, language))
                  for language in ("en", "vi")}
    incomplete = api.post(f"/api/v1/programmes/{programme.id}/initiatives", json={"title": "Chỉ có tên",
                                                                                   "submit": True},
                          headers=bearer(secret, "vi"))

    assert [(a.status_code, a.get_json()["errors"]) for a in wrong_type.values()] == [
        (422, {"json": {"title": ["This value has the wrong type."], "benefit_vnd": ["Enter a number."]}}),
        (422, {"json": {"title": ["Giá trị này sai kiểu."], "benefit_vnd": ["Hãy nhập một số."]}})]
    assert (wrong_type["vi"].get_json()["message"], incomplete.status_code,
            sorted(incomplete.get_json()["errors"]["json"])) == (
        "Có giá trị không dùng được", 422, ["authors", "benefit_vnd", "field", "first_applied_on", "problem",
                                           "solution"])
    assert db.session.query(Initiative).count() == before


def test_the_similar_check_units_and_progress(app, client):
    units, people, programme, made = _world()
    api = app.test_client()
    officer = make_token(client, "officer@example.vn", "read")
    member = make_token(client, "member@example.vn", "read")

    similar = api.get("/api/v1/initiatives/similar", query_string={"title": "Quy trình kiểm kê kho vật tư"},
                      headers=bearer(officer)).get_json()
    unit = api.get(f"/api/v1/units/{units['grassroots_A1'].id}", headers=bearer(member))
    foreign = api.get(f"/api/v1/units/{units['grassroots_B1'].id}", headers=bearer(member))
    progress = api.get(f"/api/v1/programmes/{programme.id}/units/{units['grassroots_A1'].id}/progress",
                       headers=bearer(officer))
    refused = api.get(f"/api/v1/programmes/{programme.id}/units/{units['grassroots_A1'].id}/progress",
                      headers=bearer(member))

    assert (similar["results"][0]["id"], similar["results"][0]["likely_duplicate"]) == (made["submitted"].id, True)
    assert (unit.status_code, unit.get_json()["code"], foreign.status_code) == (200, "GA1", 403)
    assert (progress.status_code, progress.get_json()["unit"]["unit"]["code"], refused.status_code) == (
        200, "GA1", 403)
