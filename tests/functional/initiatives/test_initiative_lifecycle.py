"""The life of an initiative through its real forms: draft, submit, confirm or return, review, decide."""

from datetime import date, timedelta

from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from initiatives.lifecycle import Status
from initiatives.models import Initiative, InitiativeEvent, InitiativeVersion, Notification
from review.council_models import CouncilAssignment
from tests.conftest import csrf_token
from tests.factories import make_council, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form, switch_user
from unions.roles import Role

FORM = {
    "title": "Cải tiến máy đóng bao xi măng tự động", "field": "technical",
    "problem": "Máy cũ đóng bao chậm.", "solution": "Lắp cảm biến khối lượng.", "novelty": "Tự động ngắt.",
    "first_applied_on": (date.today() - timedelta(days=20)).isoformat(), "applied_where": "Phân xưởng 2",
    "conditions": "", "effect": "Giảm hao hụt 2%.", "benefit_vnd": "120000000",
    "benefit_method": "Hao hụt giảm × giá × sản lượng", "benefit_description": "", "investor": "",
    "authors-0-name": "Nguyễn Văn An", "authors-0-workplace": "Phân xưởng 2", "authors-0-share": "60",
    "authors-1-name": "Trần Thị Bình", "authors-1-workplace": "Phân xưởng 2", "authors-1-share": "40",
}


def setting():
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"], email="an@example.vn")
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    reviewer = make_user(units["grassroots_A2"], roles=((Role.REVIEWER, units["district_A"]),))
    return units, programme, member, officer, reviewer


def new_form(client, programme, data, action, token="tok-1"):
    return post_form(client, f"/programmes/{programme.id}/initiatives/new",
                     {**data, "submission_token": token, "action": action})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_half_filled_draft_is_saved_and_can_be_continued(client):
    _, programme, member, _, _ = setting()
    login(client, member.email)

    saved = new_form(client, programme, {"title": "Ý tưởng chưa xong", "authors-0-name": "Nguyễn Văn An"}, "save")

    initiative = db.session.scalars(select(Initiative)).one()
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/initiatives/{initiative.id}/edit"
    assert (initiative.status, initiative.title, initiative.submitter_id) == (Status.DRAFT, "Ý tưởng chưa xong",
                                                                            member.id)
    assert client.get(f"/initiatives/{initiative.id}/edit").status_code == 200


def test_submitting_twice_with_the_same_form_creates_one_initiative(client):
    _, programme, member, _, _ = setting()
    login(client, member.email)

    first = new_form(client, programme, FORM, "submit")
    second = new_form(client, programme, FORM, "submit")

    assert count(Initiative) == 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert db.session.scalar(select(Initiative.status)) == Status.SUBMITTED


def test_contributions_not_summing_to_100_keep_it_a_draft(client):
    _, programme, member, _, _ = setting()
    login(client, member.email)

    response = new_form(client, programme, {**FORM, "authors-1-share": "30"}, "submit")

    initiative = db.session.scalars(select(Initiative)).one()
    assert initiative.status == Status.DRAFT
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "90%" in page


def test_closed_programme_refuses_submission(client):
    units, _, member, _, _ = setting()
    closed = make_programme(units["province"], name="Đã đóng", opens=date.today() - timedelta(days=60),
                            closes=date.today() - timedelta(days=1))
    login(client, member.email)

    new_form(client, closed, FORM, "submit")

    assert db.session.scalar(select(Initiative.status)) == Status.DRAFT


def test_full_lifecycle_with_return_revision_and_timeline(client):
    units, programme, member, officer, reviewer = setting()
    council = make_council(units["district_A"], programme, chair=reviewer, reviewers_per_item=1)
    login(client, member.email)
    new_form(client, programme, FORM, "submit")
    initiative = db.session.scalars(select(Initiative)).one()
    iid = initiative.id

    # A member cannot confirm their own initiative, nor can an officer of another union.
    assert post_form(client, f"/initiatives/{iid}/steps/confirm").status_code == 403
    post_form(client, "/logout")
    stranger = make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),))
    login(client, stranger.email)
    assert post_form(client, f"/initiatives/{iid}/steps/confirm").status_code == 403
    assert client.get(f"/initiatives/{iid}").status_code == 403
    post_form(client, "/logout")

    login(client, officer.email)
    assert post_form(client, f"/initiatives/{iid}/steps/return", {"reason": ""}).status_code == 303
    assert post_form(client, f"/initiatives/{iid}/steps/return",
                     {"reason": "Bổ sung cách tính giá trị làm lợi"}).status_code == 302
    post_form(client, "/logout")

    login(client, member.email)
    assert client.get("/notifications").status_code == 200
    edited = post_form(client, f"/initiatives/{iid}/edit",
                       {**FORM, "benefit_method": "Tính theo sản lượng năm 2023", "action": "submit"})
    assert edited.status_code == 302
    post_form(client, "/logout")

    login(client, officer.email)
    assert post_form(client, f"/initiatives/{iid}/steps/confirm").status_code == 302
    post_form(client, "/logout")

    # The review starts and ends in the council: the generic steps are no longer the reviewer's to take.
    login(client, reviewer.email)
    assert post_form(client, f"/initiatives/{iid}/steps/start_review").status_code == 403
    assert post_form(client, f"/councils/{council.id}/assign").status_code == 302
    assert post_form(client, f"/initiatives/{iid}/steps/recognise").status_code == 403
    assignment = db.session.scalars(select(CouncilAssignment)).one()
    scored = post_form(client, f"/assignments/{assignment.id}", {"score_novelty": "27", "score_applicability": "20",
                                                                 "score_effect": "30", "action": "submit"})
    assert scored.status_code == 302
    assert post_form(client, f"/councils/{council.id}/items/{assignment.item_id}/decision",
                     {"decision": "recognised"}).status_code == 302

    db.session.expire_all()
    initiative = db.session.get(Initiative, iid)
    assert initiative.status == Status.RECOGNISED
    assert initiative.recognised_by_unit_id == units["district_A"].id
    assert initiative.version == 2
    assert db.session.scalars(select(InitiativeVersion.content["benefit_method"].as_string())).all() == [
        "Hao hụt giảm × giá × sản lượng"]
    steps = db.session.scalars(select(InitiativeEvent.step).where(InitiativeEvent.initiative_id == iid)
                               .order_by(InitiativeEvent.id)).all()
    assert steps == ["create", "submit", "return", "submit", "confirm", "start_review", "recognise"]
    audited = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "initiative")
                                 .order_by(AuditEntry.id)).all()
    assert audited == ["initiative.create", "initiative.submit", "initiative.return", "initiative.update",
                       "initiative.submit", "initiative.confirm", "initiative.start_review", "initiative.recognise"]
    member_notices = db.session.scalars(select(Notification.step).where(Notification.user_id == member.id)
                                        .order_by(Notification.id)).all()
    assert member_notices == ["return", "confirm", "start_review", "recognise"]
    officer_notices = db.session.scalars(select(Notification.step).where(Notification.user_id == officer.id)
                                         .order_by(Notification.id)).all()
    assert officer_notices == ["submit", "submit"]


def test_editing_after_submission_is_refused(client):
    _, programme, member, _, _ = setting()
    login(client, member.email)
    new_form(client, programme, FORM, "submit")
    iid = db.session.scalar(select(Initiative.id))

    response = post_form(client, f"/initiatives/{iid}/edit", {**FORM, "title": "Đổi tên", "action": "save"})

    assert response.status_code == 403
    assert db.session.scalar(select(Initiative.title)) == FORM["title"]


def test_unknown_step_is_404_and_impossible_step_is_refused(client):
    _, programme, member, officer, _ = setting()
    login(client, member.email)
    new_form(client, programme, FORM, "save")
    iid = db.session.scalar(select(Initiative.id))
    post_form(client, "/logout")
    login(client, officer.email)

    assert post_form(client, f"/initiatives/{iid}/steps/explode").status_code == 404
    assert post_form(client, f"/initiatives/{iid}/steps/confirm").status_code == 403  # still a draft
    assert client.get(f"/initiatives/{iid}").status_code == 403  # and a draft is its authors' alone


def test_notification_count_and_mark_read(client):
    _, programme, member, officer, _ = setting()
    login(client, member.email)
    new_form(client, programme, FORM, "submit")
    post_form(client, "/logout")
    login(client, officer.email)

    page = client.get("/").get_data(as_text=True)
    assert 'id="unread-count">1<' in page
    client.post("/notifications/read", data={"csrf_token": csrf_token(client, "/notifications")})
    assert 'id="unread-count"' not in client.get("/").get_data(as_text=True)


def test_only_the_authors_withdraw_an_initiative_not_the_unions_officer(client):
    _, programme, member, officer, _ = setting()
    login(client, member.email)
    new_form(client, programme, FORM, "submit")
    initiative = db.session.scalars(select(Initiative)).one()
    switch_user(client, officer.email)

    page = client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)
    refused = post_form(client, f"/initiatives/{initiative.id}/steps/withdraw", {"reason": "Trùng"})

    assert f"/initiatives/{initiative.id}/steps/withdraw" not in page
    assert f"/initiatives/{initiative.id}/steps/confirm" in page
    assert refused.status_code == 403
    switch_user(client, member.email)
    assert post_form(client, f"/initiatives/{initiative.id}/steps/withdraw", {"reason": "Trùng"}).status_code == 302
    db.session.refresh(initiative)
    assert initiative.status == Status.WITHDRAWN
