"""A connection the PostgreSQL server cut (a restart) ends the request quietly and is replaced by a fresh one."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from core.db import release_session
from core.extensions import db
from tests.conftest import POSTGRES_URL, _engine_url

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite has no server")


def _cut_this_connection() -> None:
    """Have the server terminate the backend serving the session's connection, as a restart does."""
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    admin = create_engine(_engine_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_a_plain_end_of_request_raises_on_a_connection_cut_after_its_last_query():
    # What the fix is for: the rollback at the end of a request that has read something.
    engine = create_engine(_engine_url(POSTGRES_URL))
    with engine.connect() as connection:
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
        admin = create_engine(_engine_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        with pytest.raises(OperationalError):
            connection.rollback()
    engine.dispose()


def test_the_end_of_a_request_on_a_cut_connection_raises_nothing_and_the_next_query_works(app):
    db.session.execute(text("SELECT 1"))  # the request has read something: its transaction is open
    _cut_this_connection()

    release_session()

    assert db.session.scalar(text("SELECT 1")) == 1
