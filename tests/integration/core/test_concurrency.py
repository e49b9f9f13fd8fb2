"""Concurrent writers wait for each other instead of failing."""

import threading

from sqlalchemy import func, select

from core.extensions import db
from tests.factories import make_tree
from unions import unit_services
from unions.levels import UnitLevel
from unions.models import Unit

WRITERS = 4
UNITS_EACH = 15


def test_parallel_writers_all_commit(app):
    units = make_tree()
    parent_id = units["district_A"].id
    # Outside a request every transaction takes the write lock at once; end this one before the writers start.
    db.session.close()
    errors: list[Exception] = []

    def writer(n: int):
        with app.app_context():
            try:
                for i in range(UNITS_EACH):
                    parent = db.session.get(Unit, parent_id)
                    unit_services.create_unit(None, parent=parent, code=f"W{n}-{i}", name=f"Công đoàn {n}-{i}",
                                              level=UnitLevel.GRASSROOTS)
                    db.session.commit()
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Unit).where(Unit.code.like("W%"))) == WRITERS * UNITS_EACH
