"""The table of who sees an initiative, through the pages: a draft stays its authors', a returned one is revised by
them alone, and nobody starts one in a programme outside their own branch of the tree."""

from sqlalchemy import func, select

from core.extensions import db
from initiatives import services
from initiatives.lifecycle import Step
from initiatives.models import Initiative
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.roles import Role


def _people(units):
    return {
        "member": make_user(units["grassroots_A1"]),
        "officer": make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "federation": make_user(units["grassroots_B1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),)),
        "reviewer": make_user(units["grassroots_B1"], roles=((Role.REVIEWER, units["district_A"]),)),
    }


def test_a_members_draft_is_theirs_alone_whoever_oversees_the_union(client):
    units = make_tree()
    people = _people(units)
    programme = make_programme(units["province"])
    draft = make_initiative(people["member"], programme, "Bản nháp chưa gửi của đoàn viên", submit=False)

    for who in ("officer", "federation", "reviewer"):
        post_form(client, "/logout")
        login(client, people[who].email)
        assert client.get(f"/initiatives/{draft.id}").status_code == 403, who
        assert client.get(f"/initiatives/{draft.id}/edit").status_code == 403, who
        assert "Bản nháp chưa gửi" not in client.get("/initiatives?scope=union").get_data(as_text=True), who
    post_form(client, "/logout")
    login(client, people["member"].email)
    assert client.get(f"/initiatives/{draft.id}").status_code == 200


def test_a_returned_initiative_is_revised_by_its_authors_not_by_the_officer(client):
    units = make_tree()
    people = _people(units)
    programme = make_programme(units["province"])
    returned = make_initiative(people["member"], programme)
    services.take_step(people["officer"], returned, Step.RETURN, "Bổ sung số liệu hiệu quả")
    db.session.commit()
    login(client, people["officer"].email)

    assert client.get(f"/initiatives/{returned.id}").status_code == 200
    assert client.get(f"/initiatives/{returned.id}/edit").status_code == 403
    assert post_form(client, f"/initiatives/{returned.id}/edit", {"title": "Sửa hộ", "action": "save"}
                     ).status_code == 403
    db.session.refresh(returned)
    assert returned.title != "Sửa hộ"


def test_nobody_starts_an_initiative_in_another_districts_programme(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    theirs = make_programme(units["district_B"], name="Chương trình riêng của huyện B")
    login(client, member.email)

    assert client.get(f"/programmes/{theirs.id}/initiatives/new").status_code == 403
    assert post_form(client, f"/programmes/{theirs.id}/initiatives/new", {"title": "Lạc chỗ", "action": "save"}
                     ).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Initiative)) == 0
