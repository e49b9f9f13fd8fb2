"""Hostile or absurd input gets a clear 4xx, never a 500; every page carries the browser's defences."""

from tests.factories import make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form


def test_nul_bytes_and_control_characters_are_refused_with_a_reason(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])

    at_login = client.post("/login", data={"login": "a\x00b", "password": "x", "csrf_token": "t"})
    login(client, member.email)
    in_search = client.get("/initiatives?q=c%00i")
    in_form = post_form(client, f"/programmes/{make_programme(units['province']).id}/initiatives/new",
                        {"title": "Cải\x07 tiến", "action": "save"})

    assert (at_login.status_code, in_search.status_code, in_form.status_code) == (400, 400, 400)
    assert "ký tự điều khiển" in in_form.get_data(as_text=True)
    assert client.get("/initiatives?q=c%09i%0Dtien").status_code == 200  # tabs and line breaks are text


def test_numbers_past_what_a_row_can_have_name_nothing(client):
    units = make_tree()
    login(client, make_user(units["grassroots_A1"]).email)

    assert client.get("/initiatives/100000000000000000000").status_code == 404
    assert client.get("/units/2147483648").status_code == 404
    assert client.get("/initiatives?page=100000000000000000000").status_code == 400
    assert client.get("/initiatives?from=0001-01-01").status_code == 400


def test_absurd_amounts_and_shares_stay_off_a_draft(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    programme = make_programme(units["province"])
    login(client, member.email)

    response = post_form(client, f"/programmes/{programme.id}/initiatives/new", {
        "title": "Cải tiến", "action": "save", "benefit_vnd": str(10**30), "authors-0-name": "An",
        "authors-0-share": "1e999", "first_applied_on": "0001-01-01"})

    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Nhập một ngày trong khoảng năm 1900 đến năm 2100." in text


def test_every_page_carries_the_security_headers(client):
    response = client.get("/login")

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert (response.headers["X-Content-Type-Options"], response.headers["Referrer-Policy"],
            response.headers["X-Frame-Options"]) == ("nosniff", "same-origin", "DENY")


def test_a_lone_diacritic_as_a_title_or_a_search_is_text_not_a_crash(client):
    units = make_tree()
    login(client, make_user(units["grassroots_A1"]).email)
    programme = make_programme(units["province"])

    saved = post_form(client, f"/programmes/{programme.id}/initiatives/new", {
        "title": "\u00b4", "action": "save", "authors-0-name": "An", "authors-0-share": "100"})
    searched = client.get("/initiatives?q=%C2%A8")

    assert saved.status_code in (200, 302)
    assert searched.status_code == 200
