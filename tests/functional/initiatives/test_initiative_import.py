"""Officers import initiatives from the Excel template: every bad row is shown first, then all valid rows or none."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from initiatives import import_reader
from initiatives.forms import FIELD_LABELS
from initiatives.import_models import ImportBatch, ImportStatus
from initiatives.import_rows import COLUMNS
from initiatives.lifecycle import Status
from initiatives.models import Initiative, InitiativeEvent, Notification
from initiatives.rules import Field
from tests import hostile_files
from tests.factories import make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.roles import Role

TODAY = date.today()
ROWS = 5000
MEMBER_EMAIL, MEMBER_PHONE = "hoa.le@example.vn", "0912345678"
# Excel row number (data starts on row 3, below the headings and the hidden codes) -> what is wrong with it.
BAD_ROWS = {
    3: {"author_2_share": 30},
    57: {"title": None},
    333: {"field": "Thủ công mỹ nghệ"},
    777: {"first_applied_on": TODAY + timedelta(days=10)},
    1001: {"benefit_vnd": "một trăm triệu"},
    1234: {"benefit_vnd": -5},
    1500: {"benefit_vnd": None},
    1999: {"benefit_vnd": None, "benefit_not_computable": "có"},
    2222: {"benefit_method": None},
    2500: {"first_applied_on": "31/02/2024"},
    2750: {"confidential": "có lẽ"},
    3000: {"author_1_name": None, "author_1_workplace": None, "author_1_share": None, "author_2_name": None,
           "author_2_workplace": None, "author_2_share": None},
    3333: {"author_1_share": 0, "author_2_share": 100},
    3500: {"author_3_workplace": "Phòng kỹ thuật"},
    3777: {"title": "Sáng kiến " * 31},
    4000: {"problem": None},
    4321: {"solution": "  "},
    4500: {"submitter_contact": "12345"},
    4600: {"submitter_contact": "khong.co.tai.khoan@example.vn"},
    4800: {"field": "other"},
    5002: {"first_applied_on": "15/06/2019"},
}
ACCEPTED_FIELDS = tuple(f.value for f in Field if f != Field.OTHER)


def good_row(n: int) -> dict:
    """Return a valid row, varied the ways officers fill the template in."""
    row = {
        "title": f"Sáng kiến cải tiến số {n}", "field": ("technical", "education", "safety")[n % 3],
        "problem": "Quy trình cũ mất nhiều thời gian.", "solution": "Sắp xếp lại các bước và dùng biểu mẫu chung.",
        "novelty": "Lần đầu áp dụng tại đơn vị.", "applied_where": "Phân xưởng 2", "conditions": "",
        "effect": "Giảm một nửa thời gian xử lý.", "benefit_vnd": 25_000_000 + n,
        "benefit_method": "Số giờ tiết kiệm × đơn giá giờ công.", "benefit_not_computable": "không",
        "confidential": "", "author_1_name": f"Tác giả {n}", "author_1_workplace": "Phân xưởng 2",
        "author_1_share": 60, "author_2_name": "Đồng tác giả", "author_2_share": "40",
        "first_applied_on": TODAY - timedelta(days=30) if n % 2 else (TODAY - timedelta(days=45)).strftime("%d/%m/%Y"),
    }
    if n % 7 == 0:
        row.update(benefit_vnd="", benefit_method="", benefit_not_computable="có",
                   benefit_description="Cải thiện điều kiện làm việc.")
    if n % 10 == 1:
        row["submitter_contact"] = MEMBER_EMAIL
    elif n % 10 == 2:
        row["submitter_contact"] = MEMBER_PHONE
    return row


def workbook_bytes(rows: list[dict], percent_rows: frozenset = frozenset()) -> bytes:
    """Return a workbook laid out as the template: headings, the row of codes, then the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sáng kiến")
    sheet.append([f"Cột {code}" for code in COLUMNS])
    sheet.append(list(COLUMNS))
    for number, row in enumerate(rows, start=3):
        cells = []
        for code in COLUMNS:
            cell = WriteOnlyCell(sheet, value=row.get(code))
            if number in percent_rows and code.endswith("_share") and isinstance(row.get(code), int):
                cell.value, cell.number_format = row[code] / 100, "0%"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_with(bad: dict[int, dict], count: int) -> list[dict]:
    return [good_row(number) | bad.get(number, {}) for number in range(3, count + 3)]


@pytest.fixture(scope="module")
def big_workbook() -> bytes:
    """5,000 rows, exactly the 21 of BAD_ROWS wrong; some shares typed as percentages."""
    return workbook_bytes(rows_with(BAD_ROWS, ROWS), percent_rows=frozenset(range(10, ROWS, 97)))


def setting():
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    member = make_user(units["grassroots_A1"], email=MEMBER_EMAIL, phone=MEMBER_PHONE, name="Lê Thị Hoa")
    programme = make_programme(units["province"], fields=ACCEPTED_FIELDS, applied_from=date(2020, 1, 1))
    return units, officer, member, programme


def upload(client, programme, content: bytes, name: str = "sang-kien.xlsx", unit: str = "GA1"):
    return post_form(client, f"/programmes/{programme.id}/import", {"unit": unit, "file": (io.BytesIO(content), name)},
                     content_type="multipart/form-data")


def token_of(response) -> str:
    return re.search(r"/import/([0-9a-f]{32})$", response.headers["Location"]).group(1)


def count_of(page: str, element_id: str) -> int:
    return int(re.search(rf'id="{element_id}" data-count="(\d+)"', page).group(1))


def bad_row_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-row="(\d+)">', page)]


def initiatives_of(programme) -> int:
    return db.session.scalar(select(func.count()).select_from(Initiative)
                             .where(Initiative.programme_id == programme.id))


def test_the_preview_shows_exactly_the_bad_rows_and_saving_writes_every_valid_one_once(app, client, big_workbook):
    # Read and saved within the request here; tests/integration/jobs queue the preview and the save.
    app.config.update(IMPORT_INLINE_PREVIEW_ROWS=ROWS, IMPORT_INLINE_ROWS=ROWS)
    units, officer, member, programme = setting()
    login(client, officer.email)

    uploaded = upload(client, programme, big_workbook)
    token = token_of(uploaded)
    # The rows were kept as they were read at upload: the preview, the save and the report do not parse it again.
    import_reader.batch_path(db.session.scalar(select(ImportBatch))).write_bytes(b"no longer a workbook")
    preview = client.get(f"/programmes/{programme.id}/import/{token}")
    page = preview.get_data(as_text=True)

    assert (uploaded.status_code, preview.status_code) == (302, 200)
    assert bad_row_numbers(page) == sorted(BAD_ROWS)
    assert (count_of(page, "row-count"), count_of(page, "good-count"), count_of(page, "bad-count")) == (5000, 4979, 21)
    assert initiatives_of(programme) == 0

    saved = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
    again = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
    cancelled_after = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "cancel"})

    assert (saved.status_code, again.status_code, cancelled_after.status_code) == (303, 303, 303)
    assert initiatives_of(programme) == 4979
    statuses = db.session.execute(select(Initiative.status, Initiative.entered_by_id, Initiative.unit_id, func.count())
                                  .group_by(Initiative.status, Initiative.entered_by_id, Initiative.unit_id)).all()
    assert statuses == [(Status.SUBMITTED, officer.id, units["grassroots_A1"].id, 4979)]
    member_rows = sum(1 for n in range(3, ROWS + 3) if n not in BAD_ROWS and n % 10 in (1, 2))
    submitters = dict(db.session.execute(select(Initiative.submitter_id, func.count())
                                         .group_by(Initiative.submitter_id)).all())
    assert submitters == {member.id: member_rows, officer.id: 4979 - member_rows}
    assert db.session.scalar(select(func.count()).select_from(InitiativeEvent)) == 2 * 4979
    imports = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("initiative.import%"))).all()
    assert [(entry.action, entry.actor_id, entry.details["saved"], entry.details["skipped"]) for entry in imports] == [
        ("initiative.import", officer.id, 4979, 21)]
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == member.id)) == member_rows
    batch = db.session.scalar(select(ImportBatch))
    assert (batch.status, batch.saved_count, batch.row_count, batch.decided_by_id) == (ImportStatus.SAVED, 4979,
                                                                                      5000, officer.id)

    outcome = client.get(f"/programmes/{programme.id}/import/{token}").get_data(as_text=True)
    assert re.search(r'data-status="(\w+)" data-saved="(\d+)"', outcome).groups() == ("saved", "4979")

    report = client.get(f"/programmes/{programme.id}/import/{token}/report.xlsx")
    assert (report.status_code, report.mimetype) == (200, "application/vnd.openxmlformats-officedocument"
                                                          ".spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(report.data), read_only=True).worksheets[0]
    lines = [(*line, None, None)[:6] for line in sheet.iter_rows(min_row=2, values_only=True)]
    assert [line[0] for line in lines] == list(range(3, ROWS + 3))
    assert sorted(line[0] for line in lines if line[2]) == sorted(BAD_ROWS)
    saved_ids = {line[5] for line in lines if line[5] is not None}
    assert saved_ids == set(db.session.scalars(select(Initiative.id)))
    row_of_first = next(line for line in lines if line[0] == 4)
    assert db.session.get(Initiative, row_of_first[5]).title == "Sáng kiến cải tiến số 4"


def test_cancelling_the_preview_writes_nothing(app, client, big_workbook):
    app.config["IMPORT_INLINE_PREVIEW_ROWS"] = ROWS
    units, officer, member, programme = setting()
    login(client, officer.email)
    token = token_of(upload(client, programme, big_workbook))

    cancelled = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "cancel"})
    saved_after = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})

    assert (cancelled.status_code, saved_after.status_code) == (303, 303)
    assert initiatives_of(programme) == 0
    assert db.session.scalar(select(ImportBatch.status)) == ImportStatus.CANCELLED
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("initiative.import%"))).all() == [
        "initiative.import_cancel"]


def test_the_template_round_trips_with_vietnamese_field_labels(client, app):
    units, officer, member, programme = setting()
    login(client, officer.email)

    template = client.get(f"/programmes/{programme.id}/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(template.data))
    sheet, fields = workbook.worksheets
    with force_locale("vi"):
        labels = [str(FIELD_LABELS[Field(code)]) for code in ACCEPTED_FIELDS]
    assert template.status_code == 200
    assert [cell.value for cell in sheet[2]] == list(COLUMNS)
    assert sheet.row_dimensions[2].hidden is True
    assert [(row[0].value, row[1].value) for row in fields.iter_rows(min_row=2)] == list(zip(labels, ACCEPTED_FIELDS,
                                                                                           strict=True))
    for number, field_label in ((3, labels[0]), (4, labels[4].upper())):
        row = good_row(number) | {"field": field_label}
        sheet.append([row.get(code) for code in COLUMNS])
    sheet.append([good_row(5).get(code) for code in COLUMNS])
    sheet["A5"].value, sheet["A5"].data_type = "=1+2", "s"
    buffer = io.BytesIO()
    workbook.save(buffer)

    token = token_of(upload(client, programme, buffer.getvalue()))
    page = client.get(f"/programmes/{programme.id}/import/{token}").get_data(as_text=True)
    post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
    report = load_workbook(io.BytesIO(client.get(f"/programmes/{programme.id}/import/{token}/report.xlsx").data))

    assert (bad_row_numbers(page), count_of(page, "good-count")) == ([], 3)
    assert db.session.scalars(select(Initiative.field).order_by(Initiative.id)).all() == [
        Field(ACCEPTED_FIELDS[0]), Field(ACCEPTED_FIELDS[4]), Field.SAFETY]
    assert [(cell.value, cell.data_type) for cell in report.worksheets[0]["D"][1:]] == [
        ("Sáng kiến cải tiến số 3", "s"), ("Sáng kiến cải tiến số 4", "s"), ("=1+2", "s")]
    kept = import_reader.batch_path(db.session.scalar(select(ImportBatch)))
    assert kept.is_file()
    assert kept.is_relative_to(Path(app.instance_path) / "imports")


@pytest.mark.parametrize(("content", "name"), [
    (b"title;field\nabc;technical\n", "sang-kien.xlsx"),
    (b"title,field\nabc,technical\n", "sang-kien.csv"),
    (b"%PDF-1.7 not a workbook", "sang-kien.pdf"),
    (b"", "sang-kien.xlsx"),
    (None, "no-codes.xlsx"),
    (workbook_bytes([]), "empty.xlsx"),
    (hostile_files.zip_bomb([["title"], ["Cải tiến"]]), "bomb.xlsx"),
    (hostile_files.entity_expansion([["title"], ["Cải tiến"]]), "laughs.xlsx"),
    (hostile_files.truncated([["title"], ["Cải tiến"]]), "cut.xlsx"),
])
def test_a_file_that_is_not_a_filled_in_template_is_refused_with_a_reason(client, content, name):
    units, officer, member, programme = setting()
    if content is None:
        workbook = Workbook()
        workbook.active.append(["Tên sáng kiến", "Lĩnh vực"])
        workbook.active.append(["Cải tiến", "technical"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    login(client, officer.email)

    response = upload(client, programme, content, name)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert 'class="form-control is-invalid" id="file"' in page
    assert page.count('<div class="invalid-feedback d-block">') == 1
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_members_and_officers_of_other_unions_are_refused(client):
    units, officer, member, programme = setting()
    other_officer = make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),))
    login(client, officer.email)
    token = token_of(upload(client, programme, workbook_bytes(rows_with({}, 3))))
    post_form(client, "/logout")
    base = f"/programmes/{programme.id}/import"

    login(client, member.email)
    as_member = [client.get(base).status_code, client.get(f"{base}/template.xlsx").status_code,
                 upload(client, programme, workbook_bytes(rows_with({}, 3))).status_code,
                 client.get(f"{base}/{token}").status_code, client.get(f"{base}/{token}/report.xlsx").status_code,
                 post_form(client, f"{base}/{token}", {"choice": "save_valid"}).status_code]
    post_form(client, "/logout")
    login(client, other_officer.email)
    as_other_officer = [client.get(f"{base}/{token}").status_code,
                        client.get(f"{base}/{token}/report.xlsx").status_code,
                        post_form(client, f"{base}/{token}", {"choice": "save_valid"}).status_code,
                        upload(client, programme, workbook_bytes(rows_with({}, 3)), unit="GA1").status_code]

    assert as_member == [403, 403, 403, 403, 403, 403]
    assert as_other_officer == [403, 403, 403, 200]
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 1
    assert initiatives_of(programme) == 0


def test_an_officer_outside_the_programme_and_unknown_imports_get_refusals(client):
    units, officer, member, programme = setting()
    district_programme = make_programme(units["district_B"], name="Sáng kiến huyện B")
    login(client, officer.email)

    assert client.get(f"/programmes/{district_programme.id}/import").status_code == 403
    assert client.get(f"/programmes/{programme.id}/import/{'0' * 32}").status_code == 404
    assert client.get(f"/programmes/{programme.id}/import/not-a-token").status_code == 404
    assert client.get(f"/programmes/{programme.id + 100}/import").status_code == 404


def test_a_decision_other_than_save_or_cancel_is_refused(client):
    units, officer, member, programme = setting()
    login(client, officer.email)
    token = token_of(upload(client, programme, workbook_bytes(rows_with({}, 2))))

    response = post_form(client, f"/programmes/{programme.id}/import/{token}", {"choice": "save_all"})

    assert response.status_code == 400
    assert (db.session.scalar(select(ImportBatch.status)), initiatives_of(programme)) == (ImportStatus.PREVIEWED, 0)


def test_a_submitter_not_found_is_an_error_and_the_preview_lists_the_rows_ready_to_save(client):
    units, officer, member, programme = setting()
    login(client, officer.email)
    rows = [good_row(4) | {"submitter_contact": MEMBER_EMAIL}, good_row(6),
            good_row(8) | {"submitter_contact": "ai.do@example.vn"}]

    page = client.get(f"/programmes/{programme.id}/import/{token_of(upload(client, programme, workbook_bytes(rows)))}")
    text = page.get_data(as_text=True)

    assert bad_row_numbers(text) == [5]
    assert ("Không có đoàn viên nào đang hoạt động của công đoàn có email hoặc số điện thoại “ai.do@example.vn”"
            in text)
    assert re.findall(r'<tr data-good-row="(\d+)"><td>\d+</td><td[^>]*>[^<]*</td>\s*<td>([^<]*)</td>', text) == [
        ("3", "Lê Thị Hoa"), ("4", "bạn, cán bộ nhập sáng kiến")]
