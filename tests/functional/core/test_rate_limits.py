"""Scripts that hammer sign-in, registration, submission or the similar check are slowed, with a reason and a wait."""

from sqlalchemy import func, select

from core.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_programme, make_tree, make_user
from tests.functional.helpers import login
from unions.models import User

REFUSED = "Quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi một lát rồi thử lại."


def _register(client, n: int):
    return client.post("/register", data={
        "csrf_token": csrf_token(client, "/register"), "full_name": f"Người thứ {n}", "unit": "GA1", "email": "",
        "phone": f"0987 000 {n:03d}", "job_title": "", "password": "mat-khau-dai", "confirm": "mat-khau-dai"})


def test_registrations_from_one_address_are_limited(app, client):
    make_tree()
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "register": "3 per hour"}

    answers = [_register(client, n).status_code for n in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = _register(client, 9)
    assert REFUSED in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0
    assert db.session.scalar(select(func.count()).select_from(User).where(User.phone.like("0987000%"))) == 3
    assert client.get("/register").status_code == 200  # reading the form is not counted


def test_the_similar_check_is_limited_per_person_and_answers_in_json(app, client):
    units = make_tree()
    programme = make_programme(units["province"])
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "similar": "2 per minute"}
    first, second = make_user(units["grassroots_A1"]), make_user(units["grassroots_A1"])
    path = f"/initiatives/similar.json?programme={programme.id}&title=C%E1%BA%A3i+ti%E1%BA%BFn+m%C3%A1y+b%C6%A1m"

    login(client, first.email)
    answers = [client.get(path, headers={"Accept": "application/json"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].get_json()["detail"] == REFUSED

    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    login(client, second.email)  # the same address, another person: counted apart
    assert client.get(path).status_code == 200


def test_logins_from_one_address_are_limited_before_any_password_is_checked(app, client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "login": "2 per minute"}

    assert login(client, member.email, "sai").status_code == 200
    assert login(client, member.email, "sai").status_code == 200
    refused = login(client, member.email)

    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert client.get("/account").status_code == 302
