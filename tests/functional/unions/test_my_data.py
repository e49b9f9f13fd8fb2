"""A member downloads everything kept about them, and nobody else's; passwords that guessers try first are refused."""

import json

from tests.conftest import csrf_token
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login


def test_a_member_downloads_their_own_data_and_only_theirs(client):
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"], name="Phạm Thị Lan")
    neighbour = make_user(units["grassroots_A1"])
    make_initiative(member, programme, "Cải tiến khuôn ép gạch không nung")
    make_initiative(neighbour, programme, "Hệ thống tưới nhỏ giọt cho vườn ươm")
    login(client, member.email)

    response = client.get("/account/data.json")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["full_name"] == "Phạm Thị Lan"
    assert [i["title"] for i in data["initiatives"]] == ["Cải tiến khuôn ép gạch không nung"]
    assert data["initiatives"][0]["timeline"][-1]["to"] == "submitted"
    assert len(data["sessions"]) == 1 and data["sessions"][0]["ended_at"] is None
    assert [a["succeeded"] for a in data["sign_in_attempts"]] == [True]
    assert "Hệ thống tưới nhỏ giọt" not in response.get_data(as_text=True)


def test_the_download_needs_a_signed_in_person(client):
    response = client.get("/account/data.json")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_registration_refuses_a_password_everyone_uses(client):
    make_tree()
    response = client.post("/register", data={
        "csrf_token": csrf_token(client, "/register"), "full_name": "Đỗ Thị Hương", "unit": "GA1", "email": "",
        "phone": "0987 654 321", "job_title": "", "password": "Matkhau@123", "confirm": "Matkhau@123"})

    assert response.status_code == 200
    assert "Mật khẩu này thuộc nhóm được dùng nhiều nhất" in response.get_data(as_text=True)
