"""Duplicate detection through the app: similar initiatives while typing, the warning on submit, the queue, sweeps
and the quota-gaming signals."""

import re

from sqlalchemy import delete, func, select, update

from core.extensions import db
from core.models import AuditEntry
from initiatives import services
from initiatives.lifecycle import Status, Step
from initiatives.models import Initiative
from review.models import DupDocument, DuplicatePair, DuplicateReason, DuplicateSweep, PairStatus
from tests.factories import initiative_input, make_initiative, make_programme, make_tree, make_unit, make_user
from tests.functional.helpers import login, post_form
from tests.functional.initiatives.test_initiative_lifecycle import FORM, new_form
from unions.levels import UnitLevel
from unions.roles import Role

submit = make_initiative
TITLE = "Cải tiến máy đóng bao xi măng tự động"


def setting():
    units = make_tree()
    programme = make_programme(units["province"])
    people = {
        "member": make_user(units["grassroots_A1"], email="an@example.vn"),
        "colleague": make_user(units["grassroots_A1"], email="binh@example.vn"),
        "outsider": make_user(units["grassroots_B1"], email="chi@example.vn"),
        "officer": make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "reviewer_a": make_user(units["grassroots_A2"], email="ra@example.vn",
                                roles=((Role.REVIEWER, units["district_A"]),)),
        "reviewer_b": make_user(units["grassroots_B2"], email="rb@example.vn",
                                roles=((Role.REVIEWER, units["district_B"]),)),
        "admin": make_user(units["grassroots_A2"], email="admin@example.vn",
                           roles=((Role.FEDERATION_ADMIN, units["province"]),)),
    }
    return units, programme, people


def similar(client, title, **params):
    return client.get("/initiatives/similar.json", query_string={"title": title, **params},
                      headers={"Accept": "application/json"})


def test_similar_initiatives_show_what_the_user_may_see_and_never_drafts(client):
    units, programme, people = setting()
    officer = people["officer"]
    public = submit(people["member"], programme, TITLE, steps=((officer, Step.CONFIRM),))
    secret = submit(people["member"], programme, "Cải tiến máy đóng bao xi măng tự động bằng PLC", confidential=True,
                    steps=((officer, Step.CONFIRM),))
    services.save_draft(people["member"], programme=programme, unit=people["member"].unit,
                        data=initiative_input("Cải tiến máy đóng bao xi măng tự động"))
    db.session.commit()
    login(client, people["outsider"].email)

    response = similar(client, "Cai tien may dong bao xi mang tu dong", programme=programme.id)

    assert response.status_code == 200
    data = response.get_json()
    year = public.submitted_at.year
    assert data == {"likely_duplicate": True, "results": [
        {"id": public.id, "title": TITLE, "unit": units["grassroots_A1"].name, "year": year, "score": 100.0,
         "likely_duplicate": True, "same_programme": True, "url": f"/initiatives/{public.id}"},
        {"title": secret.title, "score": data["results"][1]["score"], "likely_duplicate": True},
    ]}


def test_the_author_sees_their_confidential_initiative_in_full(client):
    _, programme, people = setting()
    secret = submit(people["member"], programme, TITLE, confidential=True)
    login(client, people["member"].email)

    [item] = similar(client, TITLE).get_json()["results"]

    assert (item["id"], item["url"]) == (secret.id, f"/initiatives/{secret.id}")


def test_similar_needs_a_login_and_well_formed_ids(client):
    _, _, people = setting()
    assert similar(client, TITLE).status_code == 302
    login(client, people["member"].email)
    assert similar(client, TITLE, programme="x").status_code == 400
    assert similar(client, TITLE, initiative="1;").status_code == 400
    assert similar(client, "").get_json() == {"likely_duplicate": False, "results": []}


def test_a_likely_duplicate_needs_an_explicit_submit_anyway(client):
    _, programme, people = setting()
    original = submit(people["colleague"], programme, TITLE)
    login(client, people["member"].email)

    warned = new_form(client, programme, {**FORM, "title": "CẢI TIẾN MÁY ĐÓNG BAO XI MĂNG TỰ ĐỘNG"}, "submit")

    copy = db.session.scalars(select(Initiative).where(Initiative.id != original.id)).one()
    assert warned.status_code == 302
    assert warned.headers["Location"] == f"/initiatives/{copy.id}/edit?duplicates=1"
    assert copy.status == Status.DRAFT
    assert db.session.scalar(select(func.count()).select_from(DuplicatePair)) == 0
    page = client.get(warned.headers["Location"]).get_data(as_text=True)
    # The colleague's initiative is not confirmed yet: the member learns that it exists, not what it says.
    assert re.findall(r'data-similar-id="(\d*)"', page) == [""]
    assert page.count(TITLE) == 0 and "Một sáng kiến chưa được công đoàn cơ sở xác nhận" in page
    assert 'name="confirm_duplicate"' in page

    submitted = post_form(client, f"/initiatives/{copy.id}/edit",
                          {**FORM, "title": "CẢI TIẾN MÁY ĐÓNG BAO XI MĂNG TỰ ĐỘNG", "action": "submit",
                           "confirm_duplicate": "y"})

    assert submitted.headers["Location"] == f"/initiatives/{copy.id}"
    db.session.refresh(copy)
    assert copy.status == Status.SUBMITTED
    pair = db.session.scalars(select(DuplicatePair)).one()
    assert (pair.a_id, pair.b_id, pair.found_by, pair.likely, pair.status) == (
        original.id, copy.id, "submit", True, PairStatus.OPEN)


def test_submitting_a_saved_draft_warns_too(client):
    _, programme, people = setting()
    submit(people["colleague"], programme, TITLE)
    draft = services.save_draft(people["member"], programme=programme, unit=people["member"].unit,
                                data=initiative_input(TITLE))
    db.session.commit()
    login(client, people["member"].email)

    response = post_form(client, f"/initiatives/{draft.id}/submit")

    assert response.headers["Location"] == f"/initiatives/{draft.id}/edit?duplicates=1"
    assert db.session.scalar(select(Initiative.status).where(Initiative.id == draft.id)) == Status.DRAFT


def test_a_different_initiative_is_submitted_without_a_warning(client):
    _, programme, people = setting()
    submit(people["colleague"], programme, "Cải tiến máy trộn bê tông tự động")
    login(client, people["member"].email)

    response = new_form(client, programme, FORM, "submit")

    assert re.fullmatch(r"/initiatives/\d+", response.headers["Location"])
    assert db.session.scalar(select(func.count()).select_from(DuplicatePair)) == 0


def queue_pairs(client) -> list[int]:
    response = client.get("/review/duplicates")
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'data-pair="(\d+)"', response.get_data(as_text=True))]


def test_the_queue_shows_pairs_in_scope_and_refuses_others(client):
    _, programme, people = setting()
    original = submit(people["colleague"], programme, TITLE)
    copy = submit(people["member"], programme, "Cai tien may dong bao xi mang tu dong")
    pair = db.session.scalars(select(DuplicatePair)).one()

    login(client, people["reviewer_b"].email)
    assert queue_pairs(client) == []
    assert post_form(client, f"/review/duplicates/{pair.id}", {"status": "same"}).status_code == 403
    post_form(client, "/logout")
    login(client, people["member"].email)
    assert client.get("/review/duplicates").status_code == 403
    assert post_form(client, f"/review/duplicates/{pair.id}", {"status": "same"}).status_code == 403
    post_form(client, "/logout")

    login(client, people["reviewer_a"].email)
    assert queue_pairs(client) == [pair.id]
    assert post_form(client, "/review/duplicates/999999", {"status": "same"}).status_code == 404
    assert post_form(client, f"/review/duplicates/{pair.id}", {"status": "maybe"}).status_code == 302
    assert db.session.scalar(select(DuplicatePair.status)) == PairStatus.OPEN
    # A duplicate needs its reason code.
    assert post_form(client, f"/review/duplicates/{pair.id}", {"status": "same"}).status_code == 302
    assert db.session.scalar(select(DuplicatePair.status)) == PairStatus.OPEN
    decided = post_form(client, f"/review/duplicates/{pair.id}", {"status": "same", "reason": "copied",
                                                                  "note": "Chép lại"})

    assert decided.status_code == 302
    db.session.refresh(pair)
    assert (pair.a_id, pair.b_id, pair.status, pair.duplicate_id, pair.reason, pair.note, pair.decided_by_id) == (
        original.id, copy.id, PairStatus.SAME, copy.id, DuplicateReason.COPIED, "Chép lại", people["reviewer_a"].id)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_type == "duplicate_pair")) == \
        "duplicate_pair.decide"
    assert queue_pairs(client) == []


def test_the_sweep_cli_queues_the_pairs_it_finds(app):
    _, programme, people = setting()
    first = submit(people["colleague"], programme, TITLE)
    second = submit(people["member"], programme, "Cai tien may dong bao xi mang tu dong")
    third = submit(people["outsider"], programme, "Cải tiến máy đóng bao xi măng tự động.")
    submit(people["outsider"], programme, "Ứng dụng mã QR trong thanh toán viện phí")
    db.session.execute(delete(DuplicatePair))
    db.session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["duplicates", "sweep", "--all", "--niceness", "0"])

    assert result.exit_code == 0, result.output
    pairs = db.session.execute(select(DuplicatePair.a_id, DuplicatePair.b_id, DuplicatePair.score,
                                      DuplicatePair.found_by).order_by(DuplicatePair.a_id, DuplicatePair.b_id)).all()
    assert pairs == [(first.id, second.id, 100.0, "sweep"), (first.id, third.id, 100.0, "sweep")]
    sweep = db.session.scalars(select(DuplicateSweep)).one()
    assert (sweep.scope, sweep.documents, sweep.pairs, sweep.new_pairs, sweep.clusters) == ("all", 4, 2, 2, 1)
    assert sweep.finished_at is not None

    again = runner.invoke(args=["duplicates", "sweep", "--programme", str(programme.id), "--niceness", "0"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(DuplicatePair)) == 2
    assert runner.invoke(args=["duplicates", "sweep", "--niceness", "0"]).exit_code == 2
    assert runner.invoke(args=["duplicates", "sweep", "--programme", "999999", "--niceness", "0"]).exit_code == 1


def test_reindex_rebuilds_the_index_from_submitted_initiatives(app):
    _, programme, people = setting()
    submit(people["member"], programme, TITLE)
    services.save_draft(people["member"], programme=programme, unit=people["member"].unit,
                        data=initiative_input("Bản nháp chưa nộp"))
    db.session.execute(delete(DupDocument))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["duplicates", "reindex"])

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(DupDocument)) == 1


def test_reviewers_sweep_programmes_in_their_scope(client):
    units, programme, people = setting()
    other_province = make_unit(UnitLevel.PROVINCE_FEDERATION, units["root"], code="P2", name="LĐLĐ tỉnh khác")
    elsewhere = make_programme(other_province, name="Chương trình khác")
    submit(people["colleague"], programme, TITLE)
    submit(people["member"], programme, "Cai tien may dong bao xi mang tu dong")
    db.session.execute(delete(DuplicatePair))
    db.session.commit()

    login(client, people["member"].email)
    assert post_form(client, "/review/sweeps", {"programme": programme.id}).status_code == 403
    post_form(client, "/logout")
    login(client, people["reviewer_a"].email)
    assert post_form(client, "/review/sweeps", {"programme": elsewhere.id}).status_code == 403
    assert post_form(client, "/review/sweeps", {"programme": "999999"}).status_code == 404
    assert post_form(client, "/review/sweeps", {}).status_code == 400

    response = post_form(client, "/review/sweeps", {"programme": programme.id})

    assert response.status_code == 302
    sweep = db.session.scalars(select(DuplicateSweep)).one()
    assert (sweep.programme_id, sweep.documents, sweep.pairs, sweep.started_by_id) == (
        programme.id, 2, 1, people["reviewer_a"].id)
    assert len(queue_pairs(client)) == 1


def test_signals_show_copies_bursts_and_resubmissions_to_federation_admins(client):
    units, programme, people = setting()
    first = submit(people["member"], programme, TITLE)
    submit(people["member"], programme, "Cai tien may dong bao xi mang tu dong")
    submit(people["colleague"], programme, "CẢI TIẾN MÁY ĐÓNG BAO XI MĂNG TỰ ĐỘNG")
    submit(people["outsider"], programme, "Ứng dụng mã QR trong thanh toán viện phí")
    db.session.execute(update(DupDocument).where(DupDocument.initiative_id == first.id).values(year=2020))
    db.session.commit()

    login(client, people["member"].email)
    assert client.get("/review/signals").status_code == 403
    post_form(client, "/logout")
    login(client, people["admin"].email)
    assert client.get("/review/signals?sort=bogus").status_code == 400

    page = client.get("/review/signals?sort=share").get_data(as_text=True)

    rows = re.findall(r'data-unit="(\d+)" data-share="([^"]+)" data-bursts="(\d+)" data-resubmissions="(\d+)"', page)
    assert rows == [(str(units["grassroots_A1"].id), "1.0", "1", "2"),
                    (str(units["grassroots_B1"].id), "0.0", "0", "0")]


def test_a_second_sweep_of_a_programme_waits_for_the_running_one(client):
    _, programme, people = setting()
    db.session.add(DuplicateSweep(scope="programme", programme_id=programme.id))
    db.session.commit()
    login(client, people["reviewer_a"].email)

    response = post_form(client, "/review/sweeps", {"programme": programme.id})

    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(DuplicateSweep)) == 1
