"""Quota pages through the app: who sees which dashboard, exports, the report, the initiatives behind a count,
targets set from above and below, what counts, and the public page."""

import csv
import io
import re

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from initiatives.lifecycle import Step
from quota import services as quota_services
from quota.models import QuotaTarget, TargetKind
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form, switch_user
from unions.roles import Role


@pytest.fixture
def district(app):
    units = make_tree()
    programme = make_programme(units["province"], name="75 nghìn sáng kiến")
    quota_services.save_setting(None, programme, counts_from="submitted", public=False)
    db.session.commit()
    people = {
        "province": make_user(units["grassroots_A2"], email="tinh@example.vn",
                              roles=((Role.FEDERATION_ADMIN, units["province"]),)),
        "district_a": make_user(units["grassroots_A2"], email="huyena@example.vn",
                                roles=((Role.FEDERATION_ADMIN, units["district_A"]),)),
        "district_b": make_user(units["grassroots_B2"], email="huyenb@example.vn",
                                roles=((Role.FEDERATION_ADMIN, units["district_B"]),)),
        "officer": make_user(units["grassroots_A1"], email="canbo@example.vn",
                             roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "member": make_user(units["grassroots_A1"], email="doanvien@example.vn"),
    }
    for n in range(3):
        make_initiative(people["member"], programme, f"Cải tiến máy đóng bao xi măng số {n}")
    make_initiative(make_user(units["grassroots_B1"]), programme, "Ứng dụng mã QR trong quản lý tài sản cố định")
    for unit, value in ((units["district_A"], 2), (units["district_B"], 4)):
        quota_services.set_target(people["province"], programme, unit, TargetKind.ASSIGNED, value)
    db.session.commit()
    return units, programme, people


def dashboard_url(programme, unit, suffix=""):
    return f"/quota/programmes/{programme.id}/units/{unit.id}{suffix}"


def test_a_district_administrator_sees_and_exports_their_district_only(client, district):
    units, programme, people = district
    login(client, people["district_a"].email)

    page = client.get(dashboard_url(programme, units["district_A"]))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert re.search(r'id="headline-count">3<', text)
    assert re.search(r'id="headline-percent">150,0%<', text)
    assert client.get(dashboard_url(programme, units["grassroots_A1"])).status_code == 200
    assert client.get(dashboard_url(programme, units["district_B"])).status_code == 403
    assert client.get(dashboard_url(programme, units["province"])).status_code == 403
    assert client.get(dashboard_url(programme, units["district_B"], "/children.xlsx")).status_code == 403

    sheet = load_workbook(io.BytesIO(client.get(dashboard_url(programme, units["district_A"], "/children.xlsx"),
                                                buffered=True).data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[:3] for row in rows[1:]] == [("GA1", "Công đoàn Trường Tiểu học A1", 3),
                                             ("GA2", "Công đoàn Trường Tiểu học A2", 0), ("DA", "LĐLĐ huyện A", 3)]
    lines = client.get(dashboard_url(programme, units["district_A"], "/children.csv"),
                       buffered=True).data.decode("utf-8-sig").splitlines()
    assert [row[:5] for row in csv.reader(lines)][1:] == [["GA1", "Công đoàn Trường Tiểu học A1", "3", "", ""],
                                                          ["GA2", "Công đoàn Trường Tiểu học A2", "0", "", ""],
                                                          ["DA", "LĐLĐ huyện A", "3", "2", "150.0"]]


def test_the_province_sees_each_district_against_its_target_and_bad_requests_are_refused(client, district):
    units, programme, people = district
    login(client, people["province"].email)

    text = client.get(dashboard_url(programme, units["province"])).get_data(as_text=True)

    assert re.search(r'data-unit="DA">.*?150,0%', text, re.S)
    assert re.search(r'data-unit="DB">.*?25,0%', text, re.S)
    assert 'id="at-risk"' not in text  # both districts are on course
    assert client.get(dashboard_url(programme, units["province"], "?as_of=30-05-2021")).status_code == 400
    assert client.get(dashboard_url(programme, units["province"], "?sort=bogus")).status_code == 400
    assert client.get(f"/quota/programmes/{programme.id}/units/999999").status_code == 404
    assert client.get(dashboard_url(programme, units["root"])).status_code == 404  # above the programme's owner


def test_a_grassroots_officer_sees_their_union_sets_its_own_target_and_cannot_assign_one(client, district):
    units, programme, people = district
    login(client, people["officer"].email)
    union = units["grassroots_A1"]
    targets = dashboard_url(programme, union, "/targets")

    assert client.get(dashboard_url(programme, union)).status_code == 200
    assert client.get(dashboard_url(programme, units["district_A"])).status_code == 403
    assert post_form(client, targets, {"action": "own", "own-assigned": "50"}).status_code == 403
    assert post_form(client, targets, {"action": "save", "children-children-0-unit_id": "1",
                                       "children-children-0-value": "3"}).status_code == 403
    saved = post_form(client, targets, {"action": "own", "own-self_set": "5"})

    assert saved.status_code == 302
    assert db.session.execute(select(QuotaTarget.kind, QuotaTarget.value)
                              .where(QuotaTarget.unit_id == union.id)).all() == [(TargetKind.SELF_SET, 5)]
    assert db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "quota.target",
                                                              AuditEntry.unit_id == union.id)) == {
        "programme_id": programme.id, "kind": "self", "phase_key": 0, "value": [None, 5]}


def test_a_member_reaches_no_dashboard_but_the_public_page_once_published(client, district):
    units, programme, people = district
    login(client, people["member"].email)

    assert client.get(dashboard_url(programme, units["grassroots_A1"])).status_code == 403
    assert client.get("/quota").status_code == 403
    assert client.get(f"/progress/{programme.id}").status_code == 404
    quota_services.save_setting(people["province"], programme, counts_from="submitted", public=True)
    db.session.commit()
    post_form(client, "/logout")

    public = client.get(f"/progress/{programme.id}/units/{units['province'].id}")
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert "LĐLĐ huyện A" in text and "doanvien@example.vn" not in text and "Cải tiến máy" not in text
    assert client.get(f"/progress/{programme.id}/units/{units['root'].id}").status_code == 404


def test_the_province_splits_its_target_by_members_and_saves_it(client, district):
    units, programme, people = district
    login(client, people["province"].email)
    targets = dashboard_url(programme, units["province"], "/targets")
    children = {"children-children-0-unit_id": str(units["district_A"].id),
                "children-children-1-unit_id": str(units["district_B"].id)}

    proposed = post_form(client, targets, {**children, "action": "split", "children-split_total": "7"})
    assert proposed.status_code == 200
    values = re.findall(r'name="children-children-\d-value"[^>]*value="(\d+)"', proposed.get_data(as_text=True))
    assert values == ["4", "3"]  # 30 and 30 members each: 3.5 and 3.5, the tie to the code that sorts first
    assert db.session.scalar(select(QuotaTarget.value).where(QuotaTarget.unit_id == units["district_A"].id)) == 2

    saved = post_form(client, targets, {**children, "action": "save", "children-children-0-value": "4",
                                        "children-children-1-value": "3"})
    assert saved.status_code == 302
    assert dict(db.session.execute(select(QuotaTarget.unit_id, QuotaTarget.value)
                                   .where(QuotaTarget.kind == TargetKind.ASSIGNED)).all()) == {
        units["district_A"].id: 4, units["district_B"].id: 3}
    switch_user(client, people["district_b"].email)
    assert post_form(client, dashboard_url(programme, units["district_A"], "/targets"),
                     {"action": "split"}).status_code == 403  # another district's administrator


def test_a_workbook_of_targets_shows_every_bad_row_and_fills_the_good_ones(client, district):
    units, programme, people = district
    login(client, people["province"].email)
    targets = dashboard_url(programme, units["province"], "/targets")
    template = load_workbook(io.BytesIO(client.get(targets + "/template.xlsx", buffered=True).data)).worksheets[0]
    assert [row[:4] for row in template.iter_rows(min_row=2, max_row=3, values_only=True)] == [
        ("DA", "LĐLĐ huyện A", 30, 2), ("DB", "LĐLĐ huyện B", 30, 4)]
    book = Workbook()
    sheet = book.active
    for row in (["Mã", "Tên", "Chỉ tiêu"], ["DA", "", "1.200"], ["DB", "", "12,5"], ["GA1", "", 3], ["ZZ", "", 4]):
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)

    response = post_form(client, targets, {"action": "upload", "upload-file": (io.BytesIO(content.getvalue()),
                                                                               "chi-tieu.xlsx")},
                         content_type="multipart/form-data")

    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Dòng 3 (DB): “12,5” không phải là số nguyên." in text
    assert "Dòng 4 (GA1): GA1 không phải là đơn vị trực thuộc đơn vị này." in text
    assert "Dòng 5 (ZZ): ZZ không phải là đơn vị trực thuộc đơn vị này." in text
    assert re.findall(r'name="children-children-\d-value"[^>]*value="(\d+)"', text) == ["1200", "4"]
    assert db.session.scalar(select(QuotaTarget.value).where(QuotaTarget.unit_id == units["district_A"].id)) == 2


def test_the_report_writes_the_official_sentence_and_the_counted_list_explains_the_count(client, district):
    units, programme, people = district
    login(client, people["province"].email)

    report = client.get(dashboard_url(programme, units["district_A"], "/report")).get_data(as_text=True)
    counted = client.get(dashboard_url(programme, units["district_A"], "/initiatives")).get_data(as_text=True)

    assert re.search(r"Tính đến ngày \d+/\d+/\d{4}, LĐLĐ huyện A đã có 3 sáng kiến, đạt 150,0% so với chỉ tiêu "
                     r"LĐLĐ tỉnh Hải Dương giao \(2 sáng kiến\)\. 1/2 công đoàn cơ sở tham gia\.", report)
    assert len(re.findall(r'<tr data-initiative="\d+">', counted)) == 3
    client.get("/language/en")
    english = client.get(dashboard_url(programme, units["district_A"], "/report")).get_data(as_text=True)
    assert "had 3 initiatives, 150.0% of the target assigned by LĐLĐ tỉnh Hải Dương (2 initiatives)" in english


def test_what_counts_is_chosen_by_the_owners_administrators_and_recounts_at_once(client, district):
    units, programme, people = district
    login(client, people["district_a"].email)
    assert post_form(client, f"/quota/programmes/{programme.id}/settings",
                     {"counts_from": "confirmed"}).status_code == 403
    switch_user(client, people["province"].email)
    officer = people["officer"]
    from initiatives import services
    from initiatives.models import Initiative

    first = db.session.scalars(select(Initiative).order_by(Initiative.id)).first()
    services.take_step(officer, first, Step.CONFIRM)
    db.session.commit()

    assert post_form(client, f"/quota/programmes/{programme.id}/settings",
                     {"counts_from": "confirmed"}).status_code == 302
    text = client.get(dashboard_url(programme, units["province"])).get_data(as_text=True)
    assert re.search(r'id="headline-count">1<', text)


def test_percentages_read_in_each_language(app):
    from core.i18n import percent_points
    from quota.progress import percent_of

    with force_locale("vi"):
        assert percent_points(percent_of(1989, 404)) == "492,3%"
    with force_locale("en"):
        assert percent_points(percent_of(1989, 404)) == "492.3%"
