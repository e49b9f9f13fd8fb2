"""The audit trail reads as sentences in the user's language, with filters, for each administrator's subtree."""

import csv
import io
import re

from openpyxl import load_workbook

from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login
from unions.roles import Role


def sentences(page: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", part).split())
            for part in re.findall(r'<div class="audit-sentence">(.*?)</div>', page, re.S)]


def two_districts(client, member_name: str):
    """Submit one initiative in each district and sign in district A's administrator; return A's and its author."""
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"], name=member_name)
    initiative = make_initiative(member, programme, "Cải tiến máy đóng bao")
    make_initiative(make_user(units["grassroots_B1"], name="Lê Thị Hoa"), programme, "Ứng dụng mã QR")
    admin = make_user(units["grassroots_A2"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, admin.email)
    return initiative, member


def test_entries_read_as_sentences_and_filter_by_who_what_where_and_when(client):
    initiative, member = two_districts(client, "Vũ Văn Nam")

    page = client.get("/units/audit?action=initiative.submit").get_data(as_text=True)
    assert sentences(page) == [f"Vũ Văn Nam gửi sáng kiến #{initiative.id} Cải tiến máy đóng bao"]
    assert "Trạng thái: Bản nháp → Đã gửi" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    everything = client.get("/units/audit").get_data(as_text=True)
    assert "initiative.submit" not in re.sub(r'data-action="[^"]*"|value="[^"]*"', "", everything)
    assert "Lê Thị Hoa" not in everything  # district B is outside this administrator's subtree
    assert sentences(client.get("/units/audit?who=hoa").get_data(as_text=True)) == []
    assert sentences(client.get("/units/audit?who=nam&unit=GA1").get_data(as_text=True)) == [
        f"Vũ Văn Nam gửi sáng kiến #{initiative.id} Cải tiến máy đóng bao",
        f"Vũ Văn Nam bắt đầu soạn sáng kiến #{initiative.id} Cải tiến máy đóng bao",
        f"Vũ Văn Nam đăng ký tài khoản #{member.id} Vũ Văn Nam"]
    assert sentences(client.get("/units/audit?since=2001-01-01&until=2001-01-02").get_data(as_text=True)) == []
    assert client.get("/units/audit?since=tomorrow").status_code == 400
    assert client.get("/units/audit?unit=GB1").status_code == 400


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_administrators_download_their_subtree_s_trail_with_the_page_s_filters(client):
    initiative, _ = two_districts(client, "=HYPERLINK(\"x\")")

    response = client.get("/units/audit/export.csv?action=initiative.submit")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, *rows = _csv_rows(response)
    assert header[:5] == ["Số thứ tự", "Thời gian", "Người thực hiện", "Hành động", "Đối tượng"]
    assert [(row[2], row[3], row[4], row[5], row[8]) for row in rows] == [
        ("'=HYPERLINK(\"x\")", "gửi", f"sáng kiến #{initiative.id} Cải tiến máy đóng bao", "GA1", "initiative.submit")]
    assert "Bản nháp → Đã gửi" in rows[0][7] and '"status": ["draft", "submitted"]' in rows[0][9]

    everything = _csv_rows(client.get("/units/audit/export.csv"))
    assert everything[1:] and not any("Lê Thị Hoa" in cell for row in everything for cell in row)
    with client.get("/units/audit/export.xlsx?unit=GA1") as download:  # closing it frees the spooled file
        workbook = load_workbook(io.BytesIO(download.data), read_only=True)
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert len(sheet_rows) == len([row for row in everything if row[5] == "GA1"]) + 1
    assert client.get("/units/audit/export.pdf").status_code == 404
    assert client.get("/units/audit/export.csv?unit=GB1").status_code == 400


def test_members_and_officers_cannot_download_the_trail(client):
    units = make_tree()
    login(client, make_user(units["grassroots_A1"]).email)
    assert client.get("/units/audit/export.csv").status_code == 403
    anonymous = client.application.test_client()
    assert anonymous.get("/units/audit/export.xlsx").status_code == 302


def test_the_trail_names_a_draft_and_its_files_to_its_authors_alone(client, tmp_path):
    from core.extensions import db
    from initiatives import attachments
    from tests.unit.initiatives.test_filetypes import make_pdf

    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"], name="Vũ Văn Nam")
    draft = make_initiative(member, programme, "Bản nháp riêng tư", submit=False)
    attachment = attachments.add_attachment(member, draft, "ban-ve-rieng.pdf", io.BytesIO(make_pdf()),
                                            root=tmp_path, max_bytes=1_000_000, max_count=5)
    db.session.commit()
    admin = make_user(units["grassroots_A2"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, admin.email)

    page = client.get("/units/audit?who=nam").get_data(as_text=True)
    assert sentences(page) == [f"Vũ Văn Nam đính kèm tệp #{attachment.id}",
                               f"Vũ Văn Nam bắt đầu soạn sáng kiến #{draft.id}",
                               f"Vũ Văn Nam đăng ký tài khoản #{member.id} Vũ Văn Nam"]
    rows = _csv_rows(client.get("/units/audit/export.csv?who=nam"))
    assert [(row[4], row[7], row[9]) for row in rows[1:3]] == [(f"tệp #{attachment.id}", "", ""),
                                                             (f"sáng kiến #{draft.id}", "", "")]
    text = "\n".join(",".join(row) for row in rows)
    assert ("Bản nháp riêng tư" in text, "ban-ve-rieng" in text) == (False, False)

    # Once submitted, the initiative is the administrator's to read, and so are its entries.
    from initiatives import services
    from initiatives.form_input import today

    services.submit(member, draft, today())
    db.session.commit()
    page = client.get("/units/audit?who=nam").get_data(as_text=True)
    assert f"Vũ Văn Nam bắt đầu soạn sáng kiến #{draft.id} Bản nháp riêng tư" in sentences(page)
    assert f"Vũ Văn Nam đính kèm tệp #{attachment.id} ban-ve-rieng.pdf" in sentences(page)
