"""The audit trail reads as sentences in the user's language, with filters, for each administrator's subtree."""

import re

from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login
from unions.roles import Role


def sentences(page: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", part).split())
            for part in re.findall(r'<div class="audit-sentence">(.*?)</div>', page, re.S)]


def test_entries_read_as_sentences_and_filter_by_who_what_where_and_when(client):
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"], name="Vũ Văn Nam")
    initiative = make_initiative(member, programme, "Cải tiến máy đóng bao")
    make_initiative(make_user(units["grassroots_B1"], name="Lê Thị Hoa"), programme, "Ứng dụng mã QR")
    admin = make_user(units["grassroots_A2"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, admin.email)

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
