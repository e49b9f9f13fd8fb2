"""What a new user meets first: the top bar on one line, a reviewer's way to the initiatives, attaching a photo on
the draft's own form."""

import pytest
from playwright.sync_api import expect

from tests.browser.catalogue import vi
from tests.browser.conftest import release_database
from tests.browser.test_registration_journey import sign_in
from tests.factories import PASSWORD, make_programme, make_tree, make_user
from tests.unit.initiatives.test_filetypes import make_png
from unions.roles import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def people(app):
    units = make_tree()
    programme = make_programme(units["province"])
    admin = make_user(units["grassroots_A1"], name="Nguyễn Thị Thanh Hòa Quản Trị",
                      roles=((Role.SYSTEM_ADMIN, units["root"]),))
    reviewer = make_user(units["grassroots_A2"], roles=((Role.REVIEWER, units["district_A"]),))
    member = make_user(units["grassroots_A1"])
    found = {"admin": admin.email, "reviewer": reviewer.email, "member": member.email, "programme": programme.id}
    release_database()
    return found


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_top_bar_keeps_to_one_line_for_the_busiest_role(live_server, new_page, people, width):
    page = new_page(viewport={"width": width, "height": 800})
    sign_in(page, live_server, people["admin"], PASSWORD)

    menus = page.locator("#nav > ul > li")
    tops = {round(box["y"]) for box in (menus.nth(n).bounding_box() for n in range(menus.count()))}

    assert len(tops) == 1
    assert page.locator("nav.navbar").bounding_box()["height"] < 70


def test_a_reviewer_finds_the_initiatives_from_the_top_bar(live_server, new_page, people):
    page = new_page(viewport={"width": 1366, "height": 800})
    sign_in(page, live_server, people["reviewer"], PASSWORD)

    page.locator('[data-area="initiatives"]').get_by_role("button", name=vi("Initiatives")).click()
    page.get_by_role("link", name=vi("All initiatives")).click()

    expect(page).to_have_url(f"{live_server}/initiatives")


def test_a_member_attaches_a_photo_on_the_drafts_form(live_server, new_page, people, tmp_path):
    photo = tmp_path / "anh-may.png"
    photo.write_bytes(make_png())
    page = new_page()
    sign_in(page, live_server, people["member"], PASSWORD)
    page.goto(f"{live_server}/programmes/{people['programme']}/initiatives/new")
    page.get_by_label(vi("Title"), exact=True).fill("Cải tiến máy đóng bao xi măng")
    page.get_by_role("button", name=vi("Save draft")).click()

    page.get_by_label(vi("File")).set_input_files(str(photo))
    page.get_by_role("button", name=vi("Attach")).click()

    expect(page.get_by_role("link", name="anh-may.png")).to_be_visible()
    assert page.url.split("#")[0].endswith("/edit")
    expect(page.get_by_label(vi("Title"), exact=True)).to_have_value("Cải tiến máy đóng bao xi măng")
