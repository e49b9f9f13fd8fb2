"""Nothing that goes through the app's connection can rewrite or remove an audit entry."""

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from core.audit import record_audit
from core.extensions import db
from core.models import AuditEntry
from tests.factories import make_tree, make_user


@pytest.fixture
def entry(app):
    units = make_tree()
    actor = make_user(units["grassroots_A1"])
    record_audit(actor, "user.change_password", actor, unit=units["grassroots_A1"])
    db.session.commit()
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.change_password")).one()


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("statement", [
    lambda: update(AuditEntry).values(action="user.reactivate"),
    lambda: update(AuditEntry).values(actor_id=None),
    lambda: delete(AuditEntry),
])
def test_an_entry_can_be_neither_changed_nor_removed(entry, statement):
    before = _count()
    with pytest.raises(DatabaseError) as refused:
        db.session.execute(statement())
        db.session.flush()
    db.session.rollback()

    assert "append-only" in str(refused.value)
    kept = db.session.get(AuditEntry, entry.id)
    assert (kept.action, kept.actor_id) == ("user.change_password", entry.actor_id)
    assert _count() == before


def test_the_orm_cannot_change_one_either(entry):
    entry.details = {"forged": True}
    with pytest.raises(DatabaseError):
        db.session.commit()
    db.session.rollback()

    db.session.expire_all()
    assert db.session.get(AuditEntry, entry.id).details == {}


def test_emptying_the_table_is_refused_on_postgresql(entry):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused above")
    before = _count()
    with pytest.raises(DatabaseError):
        db.session.execute(text("TRUNCATE audit_entry CASCADE"))
    db.session.rollback()

    assert _count() == before


def test_new_entries_still_go_in(entry):
    before = _count()
    record_audit(None, "unit.import", None, unit=None, units=3)
    db.session.commit()

    assert _count() == before + 1
