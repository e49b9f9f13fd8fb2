"""Every unit's subtree size stays in step with the tree through every change."""

from sqlalchemy import select

from core.extensions import db
from tests.factories import make_tree, make_unit
from unions import unit_services
from unions.levels import UnitLevel
from unions.models import UnitSize
from unions.sizes import rebuild_sizes
from unions.tree import TreeRow


def sizes() -> dict[int, tuple[int, int]]:
    return {row.unit_id: (row.members, row.grassroots) for row in db.session.scalars(select(UnitSize))}


def test_sizes_follow_creation_edits_moves_and_imports(app):
    units = make_tree()  # every unit has 10 members of its own
    assert sizes()[units["province"].id] == (70, 4)
    assert sizes()[units["district_A"].id] == (30, 2)

    unit_services.update_unit(None, units["grassroots_A1"], name=units["grassroots_A1"].name, member_count=35)
    make_unit(UnitLevel.UNION_GROUP, units["grassroots_A1"], code="T1", members=5)
    unit_services.move_unit(None, units["grassroots_A2"], units["district_B"], "Sáp nhập")
    unit_services.import_tree(None, [TreeRow(2, "N1", "Công đoàn mới", "grassroots", "DB", "7")])
    db.session.commit()

    assert sizes()[units["district_A"].id] == (10 + 35 + 5, 1)
    assert sizes()[units["district_B"].id] == (10 + 10 + 10 + 10 + 7, 4)
    assert sizes()[units["root"].id] == (10 + 10 + 50 + 47, 5)
    live = sizes()
    rebuild_sizes()
    assert sizes() == live
