"""A province administrator gives two districts their targets; a member of one submits an initiative, the officer
confirms it, and that district's bar and percentage move on the province's dashboard."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.timeutil import local_today
from tests.browser.catalogue import vi
from tests.browser.conftest import release_database
from tests.browser.test_registration_journey import sign_in
from tests.factories import PASSWORD, make_programme, make_tree, make_user
from unions.roles import Role

pytestmark = pytest.mark.browser


def test_targets_then_a_confirmed_submission_moves_the_districts_bar(live_server, new_page):
    units = make_tree()
    programme = make_programme(units["province"], name="Chương trình 1 triệu sáng kiến")
    admin = make_user(units["grassroots_B2"], email="tinh@example.vn",
                      roles=((Role.FEDERATION_ADMIN, units["province"]),))
    member = make_user(units["grassroots_A1"], email="an@example.vn", name="Nguyễn Văn An")
    officer = make_user(units["grassroots_A1"], email="canbo@example.vn",
                        roles=((Role.OFFICER, units["grassroots_A1"]),))
    ids = {"programme": programme.id, "province": units["province"].id}
    logins = (admin.email, member.email, officer.email)
    release_database()
    dashboard = f"{live_server}/quota/programmes/{ids['programme']}/units/{ids['province']}"

    desk = new_page(viewport={"width": 1366, "height": 900})
    sign_in(desk, live_server, logins[0], PASSWORD)
    desk.goto(f"{dashboard}/targets")
    desk.get_by_label(vi("Target of %(unit)s", unit="LĐLĐ huyện A")).fill("2")
    desk.get_by_label(vi("Target of %(unit)s", unit="LĐLĐ huyện B")).fill("3")
    desk.get_by_role("button", name=vi("Save the targets")).click()
    expect(desk.get_by_role("alert").first).to_contain_text(vi("The targets of the units below were saved."))
    desk.goto(dashboard)
    district_a = desk.locator('#children tr[data-unit="DA"]')
    expect(district_a).to_contain_text("0,0%")

    phone = new_page()
    sign_in(phone, live_server, logins[1], PASSWORD)
    phone.goto(f"{live_server}/programmes/{ids['programme']}/initiatives/new")
    phone.get_by_label(vi("Title"), exact=True).fill("Cải tiến máy đóng bao xi măng tự động")
    phone.get_by_label(vi("Field"), exact=True).select_option("technical")
    phone.get_by_label(vi("The problem and the situation before")).fill("Máy cũ đóng bao chậm, hao hụt xi măng.")
    phone.get_by_label(vi("The solution: content and steps")).fill("Lắp cảm biến khối lượng và bộ điều khiển PLC.")
    phone.get_by_label(vi("Date first applied (or trial-applied)")).fill((local_today() - timedelta(days=10))
                                                                         .isoformat())
    phone.get_by_label(vi("Benefit (VND per year)")).fill("120000000")
    phone.get_by_label(vi("How the benefit was calculated")).fill("Hao hụt giảm × giá × sản lượng năm")
    phone.get_by_role("button", name=vi("Submit"), exact=True).click()
    expect(phone.locator("#status")).to_have_text(vi("Submitted"))

    desk.reload()
    expect(district_a).to_contain_text("0,0%")  # the programme counts initiatives once their union confirms them

    union = new_page(viewport={"width": 1280, "height": 800})
    sign_in(union, live_server, logins[2], PASSWORD)
    union.goto(f"{live_server}/notifications")
    union.get_by_role("link", name=re.compile("Cải tiến máy đóng bao")).click()
    union.get_by_role("button", name=vi("Confirm: recognised or applied at the workplace")).click()
    expect(union.locator("#status")).to_have_text(vi("Confirmed by the union"))

    desk.reload()
    expect(district_a).to_contain_text("50,0%")
    expect(district_a.locator(".progress-bar")).to_have_attribute("style", "width: 50.0%")
    expect(desk.locator('#children tr[data-unit="DB"]')).to_contain_text("0,0%")
    expect(desk.locator("#headline-count")).to_have_text("1")
