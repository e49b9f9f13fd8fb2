"""Checking a union-tree file before anything is written."""

from unions.levels import UnitLevel
from unions.tree import TreeRow, check_tree


def rows(*specs):
    """Build rows from (code, name, level, parent_code, members) tuples, numbered from line 2."""
    return [TreeRow(row=i, code=c, name=n, level=lv, parent_code=p, members=m)
            for i, (c, n, lv, p, m) in enumerate(specs, start=2)]


EXISTING = {"TLD": UnitLevel.CONFEDERATION, "HD": UnitLevel.PROVINCE_FEDERATION}


def keys(result):
    return [(p.row, p.key) for p in result.problems]


def test_good_file_comes_back_parents_first():
    result = check_tree(rows(
        ("G1", "Công đoàn Trường Tiểu học Tân Hưng", "grassroots", "H1", "45"),
        ("H1", "LĐLĐ huyện Gia Lộc", "Liên đoàn lao động huyện", "HD", ""),
        ("T1", "Tổ công đoàn Khối 1", "tổ công đoàn", "G1", "1.200"),
    ), EXISTING)

    assert result.ok
    assert [u.code for u in result.units] == ["H1", "G1", "T1"]
    assert [u.level for u in result.units] == [UnitLevel.DISTRICT_FEDERATION, UnitLevel.GRASSROOTS,
                                               UnitLevel.UNION_GROUP]
    assert [u.members for u in result.units] == [0, 45, 1200]


def test_cycle_is_reported_on_every_row_of_the_loop():
    result = check_tree(rows(
        ("A", "A", "district federation", "C", ""),
        ("B", "B", "district federation", "A", ""),
        ("C", "C", "district federation", "B", ""),
        ("G", "G", "grassroots", "HD", ""),
    ), EXISTING)

    cycle_rows = [(p.row, p.params) for p in result.problems if p.key == "cycle"]
    assert cycle_rows == [(2, ("A",)), (3, ("B",)), (4, ("C",))]
    assert result.units == []


def test_unknown_parent_duplicate_code_and_existing_code():
    result = check_tree(rows(
        ("G1", "Một", "grassroots", "NOPE", ""),
        ("G2", "Hai", "grassroots", "HD", ""),
        ("G2", "Hai lần nữa", "grassroots", "HD", ""),
        ("HD", "Trùng mã có sẵn", "district federation", "TLD", ""),
    ), EXISTING)

    assert keys(result) == [(2, "parent_unknown"), (4, "code_duplicate"), (5, "code_exists")]
    assert result.problems[1].params == ("G2", 3)


def test_wrong_level_order_is_refused():
    result = check_tree(rows(
        ("G1", "Công đoàn cơ sở", "grassroots", "HD", ""),
        ("H1", "LĐLĐ huyện dưới CĐCS", "district federation", "G1", ""),
    ), EXISTING)

    assert keys(result) == [(3, "level_order")]
    assert result.problems[0].params == ("district_federation", "G1", "grassroots")


def test_bad_fields_are_each_reported():
    result = check_tree(rows(
        ("", "Không mã", "grassroots", "HD", ""),
        ("bad code!", "", "planet", "HD", "nhiều"),
    ), EXISTING)

    assert keys(result) == [(2, "code_missing"), (3, "code_invalid"), (3, "level_unknown"),
                            (3, "members_invalid"), (3, "name_missing")]


def test_parent_code_is_needed_below_the_top_levels():
    result = check_tree(rows(("G1", "Mồ côi", "grassroots", "", "")), EXISTING)

    assert keys(result) == [(2, "parent_missing")]


def test_units_may_only_be_attached_where_allowed():
    result = check_tree(rows(
        ("G1", "Được phép", "grassroots", "HD", ""),
        ("G2", "Không được phép", "grassroots", "TLD", ""),
        ("P2", "Gốc mới", "province federation", "", ""),
    ), EXISTING, may_attach=lambda code: code == "HD")

    assert keys(result) == [(3, "parent_forbidden"), (4, "root_forbidden")]
