"""Importing, moving and querying the union tree against a real database."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.errors import DomainError
from core.extensions import db
from core.models import AuditEntry
from tests.factories import make_tree
from unions import unit_services
from unions.levels import UnitLevel
from unions.models import Unit, UnitMove
from unions.queries import get_ancestors, get_subtree_ids, get_unit_by_code
from unions.tree_files import TreeFileError, read_tree_file


def unit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Unit))


def csv_bytes(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")


def test_import_writes_every_unit_with_its_path(app):
    units = make_tree()
    rows = read_tree_file("tree.csv", csv_bytes(
        "Mã;Tên;Cấp;Mã cấp trên;Số đoàn viên\n"
        "X1;Công đoàn xã Tân Hưng;Công đoàn xã, phường;P1;0\n"
        "X1-01;Công đoàn Trường Mầm non Tân Hưng;CĐCS;X1;34\n"
        "X1-01-T1;Tổ công đoàn Khối lá;tổ công đoàn;X1-01;8\n"))

    result = unit_services.import_tree(None, rows)
    db.session.commit()

    assert result.ok
    group = get_unit_by_code("X1-01-T1")
    commune = get_unit_by_code("X1")
    assert group.path == f"{commune.path}{get_unit_by_code('X1-01').id}/{group.id}/"
    assert group.depth == 4
    assert [u.code for u in get_ancestors(group)] == ["TLD", "P1", "X1", "X1-01"]
    assert sorted(get_subtree_ids(units["province"])) == sorted(
        u.id for u in db.session.scalars(select(Unit).where(Unit.code != "TLD")))
    assert db.session.execute(select(AuditEntry.unit_id, AuditEntry.details)
                              .where(AuditEntry.action == "unit.import")).all() == [
        (units["province"].id, {"units": 3, "attached_to": "P1"})]


def test_a_bad_row_leaves_the_database_unchanged(app):
    make_tree()
    before = unit_count()
    rows = read_tree_file("tree.csv", csv_bytes(
        "code,name,level,parent_code,members\n"
        "N1,Tốt,grassroots,DA,10\n"
        "N2,Cha không tồn tại,grassroots,ZZZ,10\n"))

    result = unit_services.import_tree(None, rows)
    db.session.rollback()

    assert [(p.row, p.key) for p in result.problems] == [(3, "parent_unknown")]
    assert unit_count() == before


def test_xlsx_files_are_read_like_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "level", "parent_code", "members"])
    sheet.append(["G9", "Công đoàn Công ty May", "grassroots", "DA", 1500])
    sheet.append([None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)

    rows = read_tree_file("cay.XLSX", buffer.getvalue())

    assert [(r.row, r.code, r.name, r.level, r.parent_code, r.members) for r in rows] == [
        (2, "G9", "Công đoàn Công ty May", "grassroots", "DA", "1500")]


@pytest.mark.parametrize(("name", "data", "key"), [
    ("tree.txt", b"code,name,level", "type"),
    ("tree.csv", b"code,name\nA,B", "columns_missing"),
    ("tree.csv", "mã,tên,cấp\n".encode(), "empty"),
    ("tree.csv", "code,name,level\nA,Tr\xe1\n".encode("latin-1"), "encoding"),
    ("tree.xlsx", b"not a workbook", "unreadable"),
])
def test_unreadable_files_are_refused_as_a_whole(name, data, key):
    with pytest.raises(TreeFileError) as error:
        read_tree_file(name, data)
    assert error.value.key == key


def test_moving_a_district_moves_its_subtree_and_keeps_history(app):
    units = make_tree()
    new_province = unit_services.create_unit(None, parent=units["root"], code="P2", name="LĐLĐ tỉnh Hưng Yên",
                                             level=UnitLevel.PROVINCE_FEDERATION)
    db.session.commit()
    district = units["district_A"]
    old_path = district.path

    unit_services.move_unit(None, district, new_province, "Quyết định sáp nhập số 12/QĐ")
    db.session.commit()

    grassroots = get_unit_by_code("GA1")
    assert grassroots.path == f"{new_province.path}{district.id}/{grassroots.id}/"
    assert [u.code for u in get_ancestors(grassroots)] == ["TLD", "P2", "DA"]
    assert sorted(get_subtree_ids(units["province"])) == sorted(
        [units["province"].id] + get_subtree_ids(units["district_B"]))
    move = db.session.scalars(select(UnitMove)).one()
    assert (move.old_parent_id, move.new_parent_id, move.old_path, move.reason) == (
        units["province"].id, new_province.id, old_path, "Quyết định sáp nhập số 12/QĐ")
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_id == district.id,
                                                             AuditEntry.action == "unit.move")) == "unit.move"


def test_a_unit_cannot_move_under_its_own_subtree(app):
    units = make_tree()
    with pytest.raises(DomainError) as error:
        unit_services.move_unit(None, units["province"], units["district_A"], "vòng lặp")
    assert error.value.field == "new_parent"


def test_a_grassroots_union_cannot_hold_a_district(app):
    units = make_tree()
    with pytest.raises(DomainError) as error:
        unit_services.move_unit(None, units["district_B"], units["grassroots_A1"], "sai cấp")
    assert error.value.field == "new_parent"
