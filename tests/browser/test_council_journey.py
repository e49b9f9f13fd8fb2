"""Two reviewers score the same initiative far apart on their phones, it lands in *needs discussion*, the chair
decides and forwards it, and it appears in the parent council's queue."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.lifecycle import Step
from review import council_services
from review.council_roles import CouncilRole
from tests.browser.catalogue import vi
from tests.browser.conftest import release_database
from tests.browser.test_registration_journey import sign_in
from tests.factories import PASSWORD, make_council, make_initiative, make_programme, make_tree, make_user
from unions.roles import Role

pytestmark = pytest.mark.browser

TITLE = "Cải tiến máy đóng bao xi măng tự động"


def score_on_phone(page, base: str, login_name: str, points: dict[str, str]) -> None:
    """Sign in on a phone, open the assignment from the home page and submit the score sheet."""
    sign_in(page, base, login_name, PASSWORD)
    page.get_by_role("link", name=vi("Score the next one")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    for label, value in points.items():
        page.get_by_label(label).select_option(value)
    page.get_by_role("button", name=vi("Submit"), exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text(vi("Your score sheet was submitted."))


def test_far_apart_scores_need_discussion_and_the_chair_forwards_to_the_province(live_server, new_page):
    units = make_tree()
    programme = make_programme(units["province"], name="Chương trình 1 triệu sáng kiến")
    author = make_user(units["grassroots_A1"], name="Nguyễn Văn An")
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    secretary = make_user(units["grassroots_B1"], email="thuky@example.vn", name="Thư ký Huyện")
    harsh = make_user(units["grassroots_A2"], email="khatkhe@example.vn", name="Người chấm khắt khe")
    generous = make_user(units["grassroots_B1"], email="rongrai@example.vn", name="Người chấm rộng rãi")
    chair = make_user(units["grassroots_B2"], email="chutich@example.vn", name="Chủ tịch Huyện")
    province_chair = make_user(units["grassroots_B2"], email="tinh@example.vn", name="Chủ tịch Tỉnh")
    district = make_council(units["district_A"], programme, secretary=secretary, members=(generous, harsh),
                            reviewers_per_item=2, name="Hội đồng sáng kiến huyện A")
    council_services.add_member(None, district, chair, CouncilRole.CHAIR)  # seated last: the members score first
    province = make_council(units["province"], programme, chair=province_chair, name="Hội đồng sáng kiến tỉnh")
    initiative = make_initiative(author, programme, TITLE, steps=((officer, Step.CONFIRM),))
    district_id, province_id, initiative_id = district.id, province.id, initiative.id
    release_database()

    office = new_page(viewport={"width": 1280, "height": 800})
    sign_in(office, live_server, "thuky@example.vn", PASSWORD)
    office.goto(f"{live_server}/councils/{district_id}")
    office.get_by_role("button", name=vi("Assign reviewers automatically")).click()
    expect(office.get_by_role("alert").first).to_contain_text(vi("%(n)s assignments made.", n=2))

    novelty, applicability, effect = ("Tính mới, tính sáng tạo (0–30)", "Khả năng áp dụng, phạm vi ảnh hưởng (0–30)",
                                      "Hiệu quả, lợi ích mang lại (0–40)")
    score_on_phone(new_page(), live_server, "rongrai@example.vn", {novelty: "29", applicability: "27", effect: "38"})
    score_on_phone(new_page(), live_server, "khatkhe@example.vn", {novelty: "10", applicability: "8", effect: "12"})

    desk = new_page(viewport={"width": 1280, "height": 800})
    sign_in(desk, live_server, "chutich@example.vn", PASSWORD)
    desk.goto(f"{live_server}/councils/{district_id}")
    expect(desk.locator("#discussion-count")).to_have_text("1")
    desk.get_by_role("link", name=f"{vi('Needs discussion')} 1", exact=True).click()
    rows = desk.locator("#decision-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(8)).to_have_text("64,0")
    rows.first.get_by_role("link", name=re.compile(TITLE)).click()
    expect(desk.locator('[data-figure="spread"]')).to_have_text("64,00")
    desk.get_by_label(vi("Recognised and forwarded to the level above")).check()
    desk.get_by_label(vi("Reason")).fill("Hội đồng đã thảo luận: giá trị làm lợi lớn, đề nghị cấp tỉnh.")
    desk.get_by_role("button", name=vi("Record the decision")).click()
    expect(desk.get_by_role("alert").first).to_contain_text(
        vi("The decision was recorded: %(decision)s.", decision=vi("Recognised and forwarded to the level above")))

    upper = new_page(viewport={"width": 1280, "height": 800})
    sign_in(upper, live_server, "tinh@example.vn", PASSWORD)
    upper.goto(f"{live_server}/councils/{province_id}")
    queued = upper.locator(f'#queue [data-initiative="{initiative_id}"]')
    expect(queued).to_contain_text(TITLE)
    expect(queued).to_contain_text(vi("Forwarded from below"))
    upper.goto(f"{live_server}/initiatives/{initiative_id}")
    expect(upper.locator("#council-path li")).to_have_count(2)
