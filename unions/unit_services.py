"""Verbs that change the union tree and blocs. They flush; the caller commits once."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.text import fold
from unions import signals, sizes
from unions.levels import UnitLevel, may_contain
from unions.models import Bloc, Unit, UnitMove
from unions.queries import in_subtree
from unions.tree import CODE_PATTERN, TreeCheck, TreeRow, check_tree


def _search_name(name: str) -> str:
    return fold(name)[:255]


def create_unit(actor, *, parent: Unit | None, code: str, name: str, level: UnitLevel, member_count: int = 0) -> Unit:
    """Add one unit below parent (None: a root)."""
    code, name = (code or "").strip(), (name or "").strip()
    if not CODE_PATTERN.match(code):
        raise DomainError(_l("A code has 1 to 32 letters, digits, dots, dashes or underscores."), "code")
    if db.session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        raise DomainError(_l("A unit with code %(code)s already exists.", code=code), "code")
    if not name:
        raise DomainError(_l("Enter the unit's name."), "name")
    if not may_contain(parent.level if parent else None, level):
        raise DomainError(_l("This level cannot sit directly under the chosen parent."), "level")
    if member_count < 0:
        raise DomainError(_l("The number of members cannot be negative."), "member_count")
    unit = Unit(code=code, name=name, search_name=_search_name(name), level=level, parent=parent,
                member_count=member_count, path="", depth=(parent.depth + 1) if parent else 0)
    db.session.add(unit)
    db.session.flush()
    unit.path = (parent.path if parent else "/") + f"{unit.id}/"
    sizes.add_sizes({unit.path: (member_count, sizes.grassroots_weight(level))})
    record_audit(actor, "unit.create", unit, unit=unit, code=code, parent=parent.code if parent else None)
    return unit


def update_unit(actor, unit: Unit, *, name: str, member_count: int) -> Unit:
    """Rename a unit or correct its member count."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter the unit's name."), "name")
    if member_count < 0:
        raise DomainError(_l("The number of members cannot be negative."), "member_count")
    changes = {}
    if name != unit.name:
        changes["name"] = [unit.name, name]
        unit.name, unit.search_name = name, _search_name(name)
    if member_count != unit.member_count:
        changes["member_count"] = [unit.member_count, member_count]
        sizes.add_sizes({unit.path: (member_count - unit.member_count, 0)})
        unit.member_count = member_count
    if changes:
        record_audit(actor, "unit.update", unit, unit=unit, **changes)
    return unit


def move_unit(actor, unit: Unit, new_parent: Unit, reason: str) -> UnitMove:
    """Move unit (with its whole subtree) under new_parent, recording the move for history."""
    if new_parent.id == unit.parent_id:
        raise DomainError(_l("The unit is already under %(name)s.", name=new_parent.name), "new_parent")
    if new_parent.path.startswith(unit.path):
        raise DomainError(_l("A unit cannot be moved under itself or one of its own units."), "new_parent")
    if not may_contain(new_parent.level, unit.level):
        raise DomainError(_l("A unit of this level cannot sit directly under %(name)s.", name=new_parent.name),
                          "new_parent")
    if not (reason or "").strip():
        raise DomainError(_l("Say why the unit is moved (e.g. the decision that reorganised it)."), "reason")
    old_parent, old_path = unit.parent, unit.path
    new_path = f"{new_parent.path}{unit.id}/"
    depth_change = new_parent.depth + 1 - unit.depth
    db.session.execute(
        update(Unit)
        .where(in_subtree(Unit.path, old_path))
        .values(path=new_path + func.substr(Unit.path, len(old_path) + 1), depth=Unit.depth + depth_change)
        .execution_options(synchronize_session=False)
    )
    unit.parent_id = new_parent.id
    move = UnitMove(unit_id=unit.id, old_parent_id=old_parent.id if old_parent else None,
                    new_parent_id=new_parent.id, old_path=old_path, moved_by_id=getattr(actor, "id", None),
                    reason=reason.strip())
    db.session.add(move)
    db.session.flush()
    # Paths below were rewritten in SQL; reload them rather than trust what the session holds.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Unit):
            db.session.expire(obj, ["path", "depth", "parent"])
    record_audit(actor, "unit.move", unit, unit=unit, old_parent=old_parent.code if old_parent else None,
                 new_parent=new_parent.code, reason=reason.strip())
    sizes.shift_sizes(unit.id, old_path, new_path)
    signals.unit_moved.send(unit, actor=actor, old_path=old_path, new_path=new_path)
    return move


def import_tree(actor, rows: list[TreeRow], may_attach=None) -> TreeCheck:
    """Check a tree file's rows and, only if every row is good, add all its units; returns the check.

    may_attach(parent_code or None) says whether actor may add units under that existing unit (None: a root).
    """
    existing = dict(db.session.execute(select(Unit.code, Unit.level)).all())
    result = check_tree(rows, existing, may_attach)
    if not result.ok:
        return result
    known = {code: (unit_id, path, depth) for unit_id, code, path, depth in db.session.execute(
        select(Unit.id, Unit.code, Unit.path, Unit.depth).where(
            Unit.code.in_({u.parent_code for u in result.units if u.parent_code} - {u.code for u in result.units})
        ))}
    # Units arrive parents-first; insert a batch whenever a unit's parent is still waiting in it,
    # so that every inserted unit knows its parent's id and path.
    batch: list = []
    waiting: set[str] = set()
    for checked in result.units:
        if checked.parent_code in waiting:
            _insert_batch(batch, known)
            batch, waiting = [], set()
        batch.append(checked)
        waiting.add(checked.code)
    if batch:
        _insert_batch(batch, known)
    sizes.add_sizes({known[u.code][1]: (u.members, sizes.grassroots_weight(u.level)) for u in result.units})
    # One entry per existing unit the file adds units under, so that each subtree's trail shows its import.
    imported = {u.code for u in result.units}
    under: dict[str | None, int] = {}
    for checked in result.units:
        if checked.parent_code not in imported:
            under[checked.parent_code] = under.get(checked.parent_code, 0) + 1
    for parent_code in sorted(under, key=lambda code: code or ""):
        record_audit(actor, "unit.import", None, object_type="unit", units=len(result.units),
                     unit=known[parent_code][0] if parent_code else None, attached_to=parent_code or "")
    return result


class TreeRejected(DomainError):
    """A tree file with problems: nothing of it was written; check holds every problem."""

    def __init__(self, check: TreeCheck):
        super().__init__(_l("The file has problems; nothing was imported."))
        self.check = check


def import_tree_or_refuse(actor, rows: list[TreeRow], may_attach=None) -> TreeCheck:
    """Import a tree file's units, or raise TreeRejected with its problems when any row is bad."""
    result = import_tree(actor, rows, may_attach)
    if not result.ok:
        raise TreeRejected(result)
    return result


def _insert_batch(batch, known: dict) -> None:
    params = []
    for checked in batch:
        parent = known.get(checked.parent_code)
        params.append({
            "code": checked.code, "name": checked.name, "search_name": _search_name(checked.name),
            "level": checked.level, "parent_id": parent[0] if parent else None, "path": "",
            "depth": parent[2] + 1 if parent else 0, "member_count": checked.members,
        })
    ids = db.session.execute(insert(Unit).returning(Unit.id, sort_by_parameter_order=True), params).scalars().all()
    paths = []
    for checked, unit_id in zip(batch, ids, strict=True):
        parent = known.get(checked.parent_code)
        path = (parent[1] if parent else "/") + f"{unit_id}/"
        known[checked.code] = (unit_id, path, parent[2] + 1 if parent else 0)
        paths.append({"id": unit_id, "path": path})
    db.session.execute(update(Unit), paths)


def create_bloc(actor, *, owner: Unit, name: str, kind: str, units: list[Unit]) -> Bloc:
    """Create an emulation bloc or cluster of units within owner's subtree."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter the bloc's name."), "name")
    if db.session.scalar(select(Bloc.id).where(Bloc.owner_unit_id == owner.id, Bloc.name == name)):
        raise DomainError(_l("A bloc with this name already exists."), "name")
    bloc = Bloc(name=name, kind=kind, owner_unit=owner)
    _set_units(bloc, owner, units)
    db.session.add(bloc)
    db.session.flush()
    record_audit(actor, "bloc.create", bloc, unit=owner, name=name, units=[u.code for u in bloc.units])
    return bloc


def set_bloc_units(actor, bloc: Bloc, units: list[Unit]) -> Bloc:
    """Replace the units of a bloc."""
    before = sorted(u.code for u in bloc.units)
    _set_units(bloc, bloc.owner_unit, units)
    record_audit(actor, "bloc.update", bloc, unit=bloc.owner_unit, before=before,
                 after=sorted(u.code for u in bloc.units))
    return bloc


def _set_units(bloc: Bloc, owner: Unit, units: list[Unit]) -> None:
    outside = [u.code for u in units if not u.path.startswith(owner.path) or u.id == owner.id]
    if outside:
        raise DomainError(_l("These units are not under %(name)s: %(codes)s", name=owner.name,
                             codes=", ".join(outside)), "units")
    bloc.units = list(units)
