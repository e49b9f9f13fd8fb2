"""The union tree through its pages: import with a per-row report, moves, and who may do them."""

import io

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests import hostile_files
from tests.factories import make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.models import Unit
from unions.queries import get_unit_by_code
from unions.roles import Role

BAD_TREE = (
    "code,name,level,parent_code,members\n"
    "N1,Công đoàn Trường THCS Lê Lợi,grassroots,DA,40\n"
    "N2,Vòng một,district_federation,N3,0\n"
    "N3,Vòng hai,district_federation,N2,0\n"
    "N4,Cha lạ,grassroots,KHONG-CO,5\n"
    "N1,Trùng mã,grassroots,DA,5\n"
)


TREE_ROWS = [["code", "name", "level", "parent_code", "members"],
             ["N9", "Công đoàn Trường Mầm non Hoa Sen", "grassroots", "DA", 25]]


def upload(client, text: str, name: str = "tree.csv"):
    return post_form(client, "/units/import", {"file": (io.BytesIO(text.encode("utf-8")), name)},
                     content_type="multipart/form-data")


def units_total() -> int:
    return db.session.scalar(select(func.count()).select_from(Unit))


def test_a_bad_tree_file_is_refused_row_by_row_and_nothing_is_written(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["province"]),))
    before = units_total()
    login(client, admin.email)

    response = upload(client, BAD_TREE)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Chưa nhập đơn vị nào: cần sửa 6 lỗi trước." in page
    assert "Các mã đơn vị cấp trên tạo thành vòng lặp qua mã N2." in page
    assert "Các mã đơn vị cấp trên tạo thành vòng lặp qua mã N3." in page
    assert "Không tìm thấy mã đơn vị cấp trên KHONG-CO trong tệp cũng như trong hệ thống." in page
    assert "Mã N1 đã xuất hiện ở dòng 2." in page
    # A loop always also breaks the level order somewhere: two districts cannot sit under each other.
    assert "Đơn vị cấp LĐLĐ huyện không thể trực thuộc N3 (cấp LĐLĐ huyện)." in page
    assert units_total() == before


@pytest.mark.parametrize(("build", "message"), [
    (hostile_files.zip_bomb, "Tệp này giải nén ra lớn hơn nhiều so với số dòng cần"),
    (hostile_files.entity_expansion, "Không đọc được tệp XLSX."),
    (hostile_files.truncated, "Không đọc được tệp XLSX."),
])
def test_a_hostile_workbook_is_refused_with_a_reason_and_writes_nothing(client, build, message):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["province"]),))
    before = units_total()
    login(client, admin.email)

    response = post_form(client, "/units/import", {"file": (io.BytesIO(build(TREE_ROWS)), "cay.xlsx")},
                         content_type="multipart/form-data")

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert units_total() == before


def test_a_sheet_declaring_a_million_rows_imports_its_real_rows(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["province"]),))
    before = units_total()
    login(client, admin.email)

    response = post_form(client, "/units/import", {"file": (io.BytesIO(hostile_files.million_rows(TREE_ROWS)),
                                                            "cay.xlsx")}, content_type="multipart/form-data")

    assert response.status_code in (200, 302)
    assert units_total() == before + 1


def test_a_good_tree_file_is_imported_under_the_administrators_units(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, admin.email)

    response = upload(client, "mã,tên,cấp,mã cấp trên,số đoàn viên\nN1,Công đoàn Trường THCS Lê Lợi,CĐCS,DA,40\n")

    assert response.status_code == 200
    assert "Đã nhập 1 đơn vị." in response.get_data(as_text=True)
    assert get_unit_by_code("N1").parent_id == units["district_A"].id


def test_a_district_administrator_cannot_import_into_another_district(client):
    units = make_tree()
    admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    before = units_total()
    login(client, admin.email)

    response = upload(client, "code,name,level,parent_code\nN1,Ngoài huyện,grassroots,DB\n")

    assert response.status_code == 400
    assert "Bạn không phải quản trị của DB nên không thể thêm đơn vị trực thuộc." in response.get_data(as_text=True)
    assert units_total() == before


def test_moving_a_unit_needs_both_ends_in_the_administrators_subtree(client):
    units = make_tree()
    district_admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),))
    login(client, district_admin.email)

    refused = post_form(client, f"/units/{units['grassroots_A2'].id}/move", {"new_parent": "DB", "reason": "Sáp nhập"})
    assert refused.status_code == 200
    assert "Bạn không phải quản trị của LĐLĐ huyện B." in refused.get_data(as_text=True)
    assert post_form(client, f"/units/{units['grassroots_B1'].id}/move",
                     {"new_parent": "DA", "reason": "Sáp nhập"}).status_code == 403

    post_form(client, "/logout")
    province_admin = make_user(units["grassroots_A1"], roles=((Role.FEDERATION_ADMIN, units["province"]),))
    login(client, province_admin.email)
    moved = post_form(client, f"/units/{units['grassroots_A2'].id}/move",
                      {"new_parent": "DB", "reason": "Quyết định 15/QĐ-LĐLĐ"})

    assert moved.status_code == 302
    db.session.expire_all()
    assert get_unit_by_code("GA2").parent_id == units["district_B"].id
    assert "Quyết định 15/QĐ-LĐLĐ" in client.get(f"/units/{units['grassroots_A2'].id}").get_data(as_text=True)


def test_unit_search_offers_visitors_only_unions_they_can_join(client):
    make_tree()

    found = client.get("/units/search.json?q=truong tieu hoc a1").get_json()
    districts = client.get("/units/search.json?q=huyen").get_json()

    assert [r["code"] for r in found["results"]] == ["GA1"]
    assert districts["results"] == []


def test_member_cannot_open_another_units_page(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    login(client, member.email)

    assert client.get(f"/units/{units['grassroots_A1'].id}").status_code == 200
    assert client.get(f"/units/{units['grassroots_B1'].id}").status_code == 403
    assert client.get("/units/999999").status_code == 404
    assert client.get("/units/import").status_code == 403
