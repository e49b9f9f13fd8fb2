"""An officer enters an initiative on behalf of a member of their union, on the member's own form."""

import re
import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from core.extensions import db
from initiatives.lifecycle import Status
from initiatives.models import Initiative, Notification
from tests.factories import make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.roles import Role


def setting():
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    member = make_user(units["grassroots_A1"], email="nam.tran@example.vn", phone="0987654321", name="Trần Văn Nam")
    programme = make_programme(units["province"])
    return units, officer, member, programme


def entry(**overrides) -> dict:
    data = {
        "submission_token": uuid.uuid4().hex, "unit": "GA1", "member": "nam.tran@example.vn",
        "title": "Đồ gá hàn khung xe đẩy", "field": "technical", "problem": "Hàn khung lệch, phải sửa lại.",
        "solution": "Chế tạo đồ gá định vị bốn góc.", "novelty": "Đồ gá tháo lắp nhanh.",
        "first_applied_on": (date.today() - timedelta(days=20)).isoformat(), "applied_where": "Tổ hàn",
        "conditions": "", "effect": "Giảm phế phẩm.", "benefit_vnd": "45000000",
        "benefit_method": "Phế phẩm giảm × giá thành.", "investor": "", "authors-0-name": "Trần Văn Nam",
        "authors-0-workplace": "Tổ hàn", "authors-0-share": "70", "authors-1-name": "Phạm Thị Thu",
        "authors-1-workplace": "Tổ hàn", "authors-1-share": "30", "action": "submit",
    }
    data.update(overrides)
    return data


def enter(client, programme, **overrides):
    return post_form(client, f"/programmes/{programme.id}/enter", entry(**overrides))


def initiatives_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Initiative))


def test_an_officer_submits_an_initiative_for_a_member_found_by_e_mail(client):
    units, officer, member, programme = setting()
    login(client, officer.email)

    response = enter(client, programme)

    initiative = db.session.scalar(select(Initiative))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/initiatives/{initiative.id}"
    assert (initiative.status, initiative.submitter_id, initiative.entered_by_id, initiative.unit_id) == (
        Status.SUBMITTED, member.id, officer.id, units["grassroots_A1"].id)
    assert [(a.name, a.share) for a in initiative.authors] == [("Trần Văn Nam", 70), ("Phạm Thị Thu", 30)]
    assert db.session.scalars(select(Notification.step).where(Notification.user_id == member.id)).all() == ["submit"]
    assert client.get(f"/initiatives/{initiative.id}").status_code == 200


def test_a_member_found_by_phone_and_a_draft_saved_for_later(client):
    units, officer, member, programme = setting()
    login(client, officer.email)

    response = enter(client, programme, member="0987 654 321", action="save", title="Bản nháp")

    initiative = db.session.scalar(select(Initiative))
    assert response.headers["Location"] == f"/initiatives/{initiative.id}/edit"
    assert (initiative.status, initiative.submitter_id, initiative.entered_by_id) == (Status.DRAFT, member.id,
                                                                                      officer.id)
    assert client.get(f"/initiatives/{initiative.id}/edit").status_code == 200


def test_without_an_account_the_initiative_stands_in_the_officers_name_with_the_authors_as_given(client):
    units, officer, member, programme = setting()
    login(client, officer.email)

    enter(client, programme, member="", **{"authors-0-name": "Bà Nguyễn Thị Lan (nghỉ hưu)"})

    initiative = db.session.scalar(select(Initiative))
    assert (initiative.status, initiative.submitter_id, initiative.entered_by_id) == (Status.SUBMITTED, officer.id,
                                                                                      officer.id)
    assert [a.name for a in initiative.authors] == ["Bà Nguyễn Thị Lan (nghỉ hưu)", "Phạm Thị Thu"]


def test_a_contact_that_names_no_member_of_the_union_is_refused_on_its_field(client):
    units, officer, member, programme = setting()
    make_user(units["grassroots_B1"], email="o.xa@example.vn")
    login(client, officer.email)

    unknown = enter(client, programme, member="ai.do@example.vn")
    elsewhere = enter(client, programme, member="o.xa@example.vn")
    garbled = enter(client, programme, member="12345")

    for response in (unknown, elsewhere, garbled):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert re.search(r'<input[^>]*class="form-control is-invalid"[^>]*id="member"', page) is not None
    assert initiatives_count() == 0


def test_an_incomplete_initiative_is_kept_as_a_draft_with_its_problems_shown(client):
    units, officer, member, programme = setting()
    login(client, officer.email)

    response = enter(client, programme, solution="", **{"authors-1-share": "20"})

    initiative = db.session.scalar(select(Initiative))
    assert response.headers["Location"] == f"/initiatives/{initiative.id}/edit?check=1"
    assert initiative.status == Status.DRAFT


def test_the_same_form_sent_twice_makes_one_initiative(client):
    units, officer, member, programme = setting()
    login(client, officer.email)
    token = uuid.uuid4().hex

    first = enter(client, programme, submission_token=token)
    second = enter(client, programme, submission_token=token)

    assert initiatives_count() == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_the_form_is_the_members_form_with_the_member_fields_joined_to_it(client):
    units, officer, member, programme = setting()
    login(client, officer.email)

    page = client.get(f"/programmes/{programme.id}/enter").get_data(as_text=True)
    listing = client.get("/programmes").get_data(as_text=True)

    assert re.search(r'<input[^>]*form="initiative-form"[^>]*name="member"', page) is not None
    assert re.search(r'<select[^>]*form="initiative-form"[^>]*name="unit"', page) is not None
    assert '<form method="post" novalidate id="initiative-form">' in page
    assert f'href="/programmes/{programme.id}/enter"' in listing
    assert f'href="/programmes/{programme.id}/import"' in listing


def test_members_and_officers_elsewhere_may_not_enter_for_a_union(client):
    units, officer, member, programme = setting()
    district_programme = make_programme(units["district_B"], name="Sáng kiến huyện B")
    other_officer = make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),))

    login(client, member.email)
    as_member = (client.get(f"/programmes/{programme.id}/enter").status_code, enter(client, programme).status_code,
                 f'href="/programmes/{programme.id}/enter"' in client.get("/programmes").get_data(as_text=True))
    post_form(client, "/logout")
    login(client, officer.email)
    outside = client.get(f"/programmes/{district_programme.id}/enter").status_code
    post_form(client, "/logout")
    login(client, other_officer.email)
    other_union = enter(client, programme, unit="GA1")

    assert as_member == (403, 403, False)
    assert outside == 403
    assert other_union.status_code == 200
    assert re.search(r'<select[^>]*class="form-select is-invalid"[^>]*id="unit"', other_union.get_data(as_text=True))
    assert initiatives_count() == 0
