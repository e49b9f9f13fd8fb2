"""The QR poster of a grassroots union: its code opens the submission form, or registration, with the union chosen."""

import re
from datetime import timedelta
from urllib.parse import quote

from core.timeutil import local_today
from tests.factories import make_programme, make_tree, make_unit, make_user
from tests.functional.helpers import login, post_form
from unions.levels import UnitLevel
from unions.roles import Role

QR_URL = re.compile(r"<p class=\"poster-url[^\"]*\" data-qr-url>([^<]*)</p>")


def qr_urls(response) -> list[str]:
    return QR_URL.findall(response.get_data(as_text=True))


def test_the_officer_prints_a_poster_for_each_open_programme_of_the_union(client):
    units = make_tree()
    today = local_today()
    open_in_province = make_programme(units["province"])
    make_programme(units["province"], name="Đợt đã đóng", opens=today - timedelta(days=60),
                   closes=today - timedelta(days=1))
    other_province = make_unit(UnitLevel.PROVINCE_FEDERATION, units["root"], code="P2")
    make_programme(other_province, name="Tỉnh khác")
    open_in_district = make_programme(units["district_A"], name="Sáng kiến huyện A", closes=today)
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    login(client, officer.email)

    response = client.get(f"/units/{units['grassroots_A1'].id}/poster")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("<svg") == 2
    assert qr_urls(response) == [
        f"http://sangkien.test/programmes/{open_in_district.id}/initiatives/new?unit=GA1",
        f"http://sangkien.test/programmes/{open_in_province.id}/initiatives/new?unit=GA1",
    ]
    assert 'id="poster-link"' in client.get(f"/units/{units['grassroots_A1'].id}").get_data(as_text=True)


def test_without_an_open_programme_the_code_opens_registration_into_the_union(client):
    units = make_tree()
    admin = make_user(units["grassroots_B1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, admin.email)

    response = client.get(f"/units/{units['grassroots_A2'].id}/poster")

    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<svg") == 1
    assert qr_urls(response) == ["http://sangkien.test/register?unit=GA2"]


def test_a_visitor_who_scans_the_code_can_register_into_the_union(client):
    units = make_tree()
    programme = make_programme(units["province"])
    form_path = f"/programmes/{programme.id}/initiatives/new?unit=GA1"

    sent_to_login = client.get(form_path)
    login_page = client.get(sent_to_login.headers["Location"]).get_data(as_text=True)

    assert sent_to_login.status_code == 302
    assert sent_to_login.headers["Location"] == "/login?next=" + quote(form_path, safe="")
    assert re.search(r'href="([^"]*)" id="register-link"', login_page).group(1) == "/register?unit=GA1"
    assert re.search(r'name="unit"[^>]*value="([^"]*)"', client.get("/register?unit=GA1").get_data(as_text=True)
                     ).group(1) == "GA1"


def test_only_those_who_manage_the_union_get_its_poster(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    other_officer = make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),))
    grassroots = units["grassroots_A1"].id

    login(client, member.email)
    assert client.get(f"/units/{grassroots}/poster").status_code == 403
    assert 'id="poster-link"' not in client.get(f"/units/{grassroots}").get_data(as_text=True)
    post_form(client, "/logout")
    login(client, other_officer.email)
    assert client.get(f"/units/{grassroots}/poster").status_code == 403
    assert client.get("/units/999999/poster").status_code == 404


def test_a_federation_has_no_poster_of_its_own(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, admin.email)

    assert client.get(f"/units/{units['district_A'].id}/poster").status_code == 404
    assert 'id="poster-link"' not in client.get(f"/units/{units['district_A'].id}").get_data(as_text=True)
