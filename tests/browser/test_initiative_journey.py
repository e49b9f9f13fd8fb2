"""A member drafts an initiative on a phone, comes back to it, adds a co-author and a PDF, and submits it;
the officer confirms it; the member follows it on the timeline."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from initiatives.lifecycle import Status
from initiatives.models import Attachment, Initiative
from tests.browser.catalogue import vi
from tests.browser.conftest import release_database
from tests.browser.test_registration_journey import sign_in
from tests.factories import PASSWORD, make_programme, make_tree, make_user
from unions.roles import Role

pytestmark = pytest.mark.browser

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def test_draft_coauthor_attachment_submit_confirm_timeline(live_server, new_page, tmp_path):
    units = make_tree()
    programme = make_programme(units["province"], name="Chương trình 1 triệu sáng kiến")
    member = make_user(units["grassroots_A1"], email="an@example.vn", name="Nguyễn Văn An")
    officer = make_user(units["grassroots_A1"], email="canbo@example.vn",
                        roles=((Role.OFFICER, units["grassroots_A1"]),))
    programme_id, member_login, officer_login = programme.id, member.email, officer.email
    release_database()
    pdf = tmp_path / "ban-ve-thiet-ke.pdf"
    pdf.write_bytes(PDF)

    page = new_page()
    sign_in(page, live_server, member_login, PASSWORD)
    page.goto(f"{live_server}/programmes/{programme_id}/initiatives/new")
    page.get_by_label(vi("Title"), exact=True).fill("Cải tiến máy đóng bao xi măng tự động")
    page.get_by_label(vi("Field"), exact=True).select_option("technical")
    page.get_by_role("button", name=vi("Save draft")).click()
    expect(page.get_by_role("alert").first).to_contain_text(vi("The draft was saved."))

    # Later: back to the draft from "My initiatives".
    page.goto(f"{live_server}/initiatives/mine")
    page.get_by_role("link", name=re.compile("Cải tiến máy đóng bao")).click()
    page.get_by_role("link", name=vi("Edit"), exact=True).click()
    page.get_by_label(vi("The problem and the situation before")).fill("Máy cũ đóng bao chậm, hao hụt xi măng.")
    page.get_by_label(vi("The solution: content and steps")).fill("Lắp cảm biến khối lượng và bộ điều khiển PLC.")
    page.get_by_label(vi("Date first applied (or trial-applied)")).fill(
        (date.today() - timedelta(days=10)).isoformat())
    page.get_by_label(vi("Effect and benefit"), exact=True).fill("Giảm hao hụt 2%.")
    page.get_by_label(vi("Benefit (VND per year)")).fill("120000000")
    page.get_by_label(vi("How the benefit was calculated")).fill("Hao hụt giảm × giá × sản lượng năm")
    page.get_by_label(vi("Author %(n)s: contribution (%%)", n=1)).fill("70")
    page.get_by_label(vi("Author %(n)s: name", n=2)).fill("Trần Thị Bình")
    page.get_by_label(vi("Author %(n)s: workplace", n=2)).fill("Phân xưởng đóng bao")
    page.get_by_label(vi("Author %(n)s: contribution (%%)", n=2)).fill("30")
    page.get_by_role("button", name=vi("Save draft")).click()
    page.get_by_role("link", name=vi("View")).click()

    page.get_by_label(vi("File")).set_input_files(str(pdf))
    page.get_by_role("button", name=vi("Attach")).click()
    expect(page.get_by_role("link", name="ban-ve-thiet-ke.pdf")).to_be_visible()
    page.get_by_role("button", name=vi("Submit"), exact=True).click()
    expect(page.locator("#status")).to_have_text(vi("Submitted"))

    officer_page = new_page(viewport={"width": 1280, "height": 800})
    sign_in(officer_page, live_server, officer_login, PASSWORD)
    officer_page.goto(f"{live_server}/notifications")
    officer_page.get_by_role("link", name=re.compile("Cải tiến máy đóng bao")).click()
    officer_page.get_by_role("button", name=vi("Confirm: recognised or applied at the workplace")).click()
    expect(officer_page.locator("#status")).to_have_text(vi("Confirmed by the union"))

    page.reload()
    timeline = page.locator("#timeline")
    expect(timeline.locator("li")).to_have_count(3)
    expect(timeline).to_contain_text(vi("Confirmed by the union: applied at the workplace"))
    expect(timeline).to_contain_text(vi("Draft started"))

    db.session.close()
    initiative = db.session.scalars(select(Initiative)).one()
    assert initiative.status == Status.CONFIRMED
    assert [(a.name, f"{a.share:.0f}") for a in initiative.authors] == [("Nguyễn Văn An", "70"),
                                                                          ("Trần Thị Bình", "30")]
    assert db.session.scalars(select(Attachment.original_name)).all() == ["ban-ve-thiet-ke.pdf"]
