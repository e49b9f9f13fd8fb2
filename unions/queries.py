"""Reads over the union tree and accounts."""

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from core.extensions import db
from core.models import AuditEntry
from core.text import fold
from unions.levels import UnitLevel
from unions.models import Bloc, Unit, UnitMove, User
from unions.roles import AccountStatus


def subtree_bounds(path: str) -> tuple[str, str]:
    """Return [low, high) such that a unit lies in the subtree at path exactly when low <= its path < high."""
    # "/" sorts just before "0", so every descendant path "/1/7/…" is below "/1/70".
    return path, path[:-1] + "0"


def in_subtree(column, path: str):
    """Return a SQL condition: column (a materialised path) lies in the subtree at path."""
    low, high = subtree_bounds(path)
    return and_(column >= low, column < high)


def in_any_subtree(column, paths: list[str]):
    """Return a SQL condition: column lies in one of the subtrees at paths (false for none)."""
    return or_(*(in_subtree(column, path) for path in paths)) if paths else false()


def get_unit_by_code(code: str) -> Unit | None:
    """Return the unit with this code."""
    return db.session.scalar(select(Unit).where(Unit.code == (code or "").strip()))


def get_ancestors(unit: Unit) -> list[Unit]:
    """Return the units above unit, root first."""
    ids = unit.ancestor_ids
    if not ids:
        return []
    found = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def get_subtree_ids(unit: Unit) -> list[int]:
    """Return the ids of unit and every unit below it."""
    return list(db.session.scalars(select(Unit.id).where(in_subtree(Unit.path, unit.path))))


def count_subtree(unit: Unit) -> dict:
    """Return the number of units below unit by level, and their members."""
    rows = db.session.execute(
        select(Unit.level, func.count(), func.coalesce(func.sum(Unit.member_count), 0))
        .where(in_subtree(Unit.path, unit.path), Unit.id != unit.id)
        .group_by(Unit.level)
    ).all()
    return {"by_level": {level: count for level, count, _ in rows}, "members": sum(m for _, _, m in rows)}


def get_children(unit: Unit) -> list[Unit]:
    """Return the units directly below unit, by name."""
    return list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.name)))


def get_roots() -> list[Unit]:
    """Return the units at the top of the tree."""
    return list(db.session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.name)))


def search_units(text: str, *, levels=None, within: list[str] | None = None, limit: int = 20) -> list[Unit]:
    """Find units by code or name, with or without Vietnamese diacritics."""
    words = fold(text).split()
    query = select(Unit).where(Unit.dissolved_at.is_(None))
    for word in words:
        query = query.where(or_(Unit.search_name.contains(word), Unit.code.ilike(word + "%")))
    if levels:
        query = query.where(Unit.level.in_([UnitLevel(level) for level in levels]))
    if within is not None:
        query = query.where(in_any_subtree(Unit.path, within))
    return list(db.session.scalars(query.order_by(Unit.name).limit(limit)))


def _pending_in(scopes: list[str]):
    return (select(User).join(Unit, User.unit_id == Unit.id)
            .where(User.status == AccountStatus.PENDING, in_any_subtree(Unit.path, scopes)))


def get_pending_members(scopes: list[str]) -> list[User]:
    """Return the pending registrations in the given subtrees, oldest first."""
    return list(db.session.scalars(_pending_in(scopes).order_by(User.created_at)))


def count_pending_members(scopes: list[str]) -> int:
    """Return how many registrations wait for approval in the given subtrees."""
    return db.session.scalar(select(func.count()).select_from(_pending_in(scopes).subquery()))


def members_query(scopes: list[str], *, unit: Unit | None = None, status: str | None = None, text: str = ""):
    """Return a select of the accounts in the given subtrees, filtered, by name."""
    query = select(User).join(Unit, User.unit_id == Unit.id).where(in_any_subtree(Unit.path, scopes))
    if unit is not None:
        query = query.where(in_subtree(Unit.path, unit.path))
    if status:
        query = query.where(User.status == AccountStatus(status))
    for word in (text or "").split():
        like = f"%{word.lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like), User.email.like(like), User.phone.like(like)))
    return query.order_by(User.full_name, User.id)


def get_units_by_ids(ids) -> dict[int, Unit]:
    """Return the units with these ids, by id."""
    ids = {unit_id for unit_id in ids if unit_id is not None}
    return {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))} if ids else {}


def get_units_by_codes(codes) -> list[Unit]:
    """Return the units with these codes (unknown codes are left out)."""
    codes = list(codes)
    return list(db.session.scalars(select(Unit).where(Unit.code.in_(codes)))) if codes else []


def get_moves(unit: Unit) -> list[UnitMove]:
    """Return the moves of unit, newest first."""
    return list(db.session.scalars(select(UnitMove).where(UnitMove.unit_id == unit.id)
                                   .order_by(UnitMove.moved_at.desc())))


def get_blocs_of(unit: Unit) -> list[Bloc]:
    """Return the emulation blocs unit belongs to, by name."""
    return list(db.session.scalars(select(Bloc).where(Bloc.units.any(Unit.id == unit.id)).order_by(Bloc.name)))


def get_blocs_within(scopes: list[str]) -> list[Bloc]:
    """Return the emulation blocs owned by units in the given subtrees, by name."""
    return list(db.session.scalars(select(Bloc).join(Unit, Bloc.owner_unit_id == Unit.id)
                                   .where(in_any_subtree(Unit.path, scopes)).order_by(Bloc.name)))


def audit_query(scopes: list[str], *, who: str = "", action: str = "", unit: Unit | None = None, since=None,
                until=None):
    """Return a select of the audit entries about units in the given subtrees, newest first, filtered by the
    actor's name, the action, a unit's subtree and a period of [since, until) (naive UTC)."""
    query = (select(AuditEntry).join(Unit, AuditEntry.unit_id == Unit.id)
             .where(in_any_subtree(Unit.path, scopes)).options(selectinload(AuditEntry.actor),
                                                                contains_eager(AuditEntry.unit)))
    if who.strip():
        actors = select(User.id).where(func.lower(User.full_name).contains(who.strip().lower()))
        query = query.where(AuditEntry.actor_id.in_(actors))
    if action:
        query = query.where(AuditEntry.action == action)
    if unit is not None:
        query = query.where(in_subtree(Unit.path, unit.path))
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def count_audit(query) -> int:
    """Return how many entries an audit query selects."""
    return db.session.scalar(query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None))


def audit_ids(query) -> list[int]:
    """Return the ids of the entries an audit query selects, in its order."""
    return list(db.session.scalars(query.with_only_columns(AuditEntry.id, maintain_column_froms=True)))


def get_audit_entries(query, ids: list[int]) -> list[AuditEntry]:
    """Return the entries ids of an audit query, in its order."""
    return list(db.session.scalars(query.where(AuditEntry.id.in_(ids))))
