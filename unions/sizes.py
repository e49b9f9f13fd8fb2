"""The size of every unit's subtree — members and grassroots unions — kept in step with the tree.

Dashboards read a unit's size from its one ``unit_size`` row instead of summing its descendants (126,000 units
below the confederation). Every change of the tree adds the difference to the rows of the units it concerns and of
all their ancestors, in the same transaction; ``rebuild_sizes`` recomputes them all from the units.
"""

from collections import defaultdict

from sqlalchemy import delete, insert, select

from core.db import add_to_rows
from core.extensions import db
from unions.levels import UnitLevel
from unions.models import Unit, UnitSize

_BATCH = 5000


def path_ids(path: str) -> list[int]:
    """Return the ids of a materialised path, root first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def grassroots_weight(level) -> int:
    """Return what a unit of this level adds to the count of grassroots unions."""
    return 1 if UnitLevel(level) == UnitLevel.GRASSROOTS else 0


def add_sizes(changes: dict[str, tuple[int, int]]) -> None:
    """Add (members, grassroots) to the unit at each path and to every unit above it."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for path, (members, grassroots) in changes.items():
        for unit_id in path_ids(path):
            totals[unit_id][0] += members
            totals[unit_id][1] += grassroots
    add_to_rows(UnitSize, [{"unit_id": unit_id, "members": m, "grassroots": g}
                           for unit_id, (m, g) in sorted(totals.items()) if m or g],
                ["unit_id"], ["members", "grassroots"])


def shift_sizes(unit_id: int, old_path: str, new_path: str) -> None:
    """Take a moved unit's size from the ancestors it left and give it to those it joined."""
    size = db.session.get(UnitSize, unit_id)
    if size is None:
        return
    old, new = set(path_ids(old_path)[:-1]), set(path_ids(new_path)[:-1])
    rows = [{"unit_id": a, "members": -size.members, "grassroots": -size.grassroots} for a in old - new]
    rows += [{"unit_id": a, "members": size.members, "grassroots": size.grassroots} for a in new - old]
    add_to_rows(UnitSize, sorted(rows, key=lambda row: row["unit_id"]), ["unit_id"], ["members", "grassroots"])


def get_sizes(unit_ids) -> dict[int, UnitSize]:
    """Return the subtree sizes of these units, by id (a unit without a row has no members and no unions)."""
    ids = list(unit_ids)
    return {size.unit_id: size for size in db.session.scalars(select(UnitSize).where(UnitSize.unit_id.in_(ids)))} \
        if ids else {}


def rebuild_sizes() -> int:
    """Recompute every unit's subtree size from the units; returns how many units have one."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for path, members, level in db.session.execute(select(Unit.path, Unit.member_count, Unit.level)):
        weight = grassroots_weight(level)
        for unit_id in path_ids(path):
            totals[unit_id][0] += members
            totals[unit_id][1] += weight
    db.session.execute(delete(UnitSize))
    rows = [{"unit_id": unit_id, "members": m, "grassroots": g} for unit_id, (m, g) in sorted(totals.items())]
    for start in range(0, len(rows), _BATCH):
        db.session.execute(insert(UnitSize), rows[start:start + _BATCH])
    return len(rows)
