"""Application-wide guarantees: public routes, language, number formats, error pages."""

from flask_babel import force_locale

from core.access import public
from core.i18n import number, percent
from tests.factories import make_tree, make_user
from tests.functional.helpers import login

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The only ways a visitor who is not signed in may change anything: signing in and registering (directly or by
# accepting an invitation).
PUBLIC_WRITES = {"auth.login", "auth.register", "auth.accept_invitation"}


def test_no_public_route_changes_data_except_login_and_registration(app):
    public_writes = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "is_public", False) and rule.methods & WRITE_METHODS:
            public_writes.add(rule.endpoint)

    assert public_writes == PUBLIC_WRITES


def test_every_other_write_route_sends_a_visitor_to_login(app, client):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_WRITES or not rule.methods & WRITE_METHODS:
            continue
        path = rule.build({arg: 1 for arg in rule.arguments})[1]
        response = client.post(path, data={})
        if path.startswith("/api/"):  # the API answers a caller without a token with 401, in JSON
            assert (response.status_code, response.get_json()["code"]) == (401, 401), rule.endpoint
            continue
        assert response.status_code in (302, 400), rule.endpoint
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), rule.endpoint


def test_marking_a_view_public_is_explicit():
    def view():
        return ""

    assert getattr(view, "is_public", False) is False
    assert public(view).is_public is True


def test_interface_is_vietnamese_by_default_and_english_on_request(client):
    vietnamese = client.get("/login").get_data(as_text=True)
    client.get("/language/en?next=/login")
    english = client.get("/login").get_data(as_text=True)

    assert '<html lang="vi">' in vietnamese and "Đăng nhập" in vietnamese
    assert '<html lang="en">' in english and "Sign in" in english


def test_language_switch_refuses_offsite_redirects(client):
    response = client.get("/language/en?next=https://example.com/")
    assert response.headers["Location"] == "/"


def test_numbers_and_percentages_follow_the_language(app):
    with app.test_request_context(), force_locale("vi"):
        assert (number(1989), percent(1989 / 404), number(None)) == ("1.989", "492,3%", "—")
    with app.test_request_context(), force_locale("en"):
        assert (number(1989), percent(1989 / 404)) == ("1,989", "492.3%")


def test_unknown_pages_get_a_translated_404(client):
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_home_page_follows_the_role(client):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=(("officer", units["grassroots_A1"]),))
    login(client, officer.email)

    page = client.get("/").get_data(as_text=True)

    assert "Đăng ký chờ duyệt" in page
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_the_landing_page_promises_what_is_built_and_links_to_it(client):
    page = client.get("/").get_data(as_text=True)

    assert "hội đồng sáng kiến" in page and "chỉ tiêu" in page  # council review and targets, as built
    assert 'href="/progress"' in page
    assert client.get("/progress").status_code == 200
