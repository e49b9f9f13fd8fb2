"""Engine tuning: SQLite in WAL mode whose writers wait for each other instead of failing."""

import contextlib

from flask import has_request_context, request
from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from core.extensions import db

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(app, engine) -> None:
    """Install the per-connection settings the engine needs."""
    if engine.dialect.name != "sqlite":
        return
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take over transaction control from the driver so that "begin" below decides the lock mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer that starts DEFERRED and upgrades later fails at once when another writer got in first;
        # IMMEDIATE takes the write lock up front, so it waits for busy_timeout instead. Reads stay concurrent.
        reading = conn.get_execution_options().get("snapshot", False) or (
            has_request_context() and request.method in _READ_METHODS
            and not getattr(app.view_functions.get(request.endpoint), "writes_on_get", False))
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")



def release_session() -> None:
    """End the request's session; when the server cut its connection (a restart), drop the connection instead.

    A connection the server closed cannot even be rolled back: the rollback raises, and raised at the end of a request
    it would turn an answer already drawn (a page, or the busy page) into a 500. Invalidated, the connection leaves
    the pool and the next request opens a fresh one.
    """
    try:
        db.session.remove()
    except OperationalError:
        with contextlib.suppress(OperationalError):
            db.session().invalidate()
        with contextlib.suppress(OperationalError):
            db.session.remove()


def install_session_release(app) -> None:
    """End each request's session with release_session (before Flask-SQLAlchemy's own teardown, which then has
    nothing left to do)."""
    app.teardown_appcontext(lambda _error: release_session())


def ping() -> None:
    """Ask the database for the simplest answer; raises when it does not respond."""
    db.session.execute(text("SELECT 1"))


def insert_for_engine(model):
    """Return an INSERT of model for the session's engine that supports ON CONFLICT."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def add_to_rows(model, rows: list[dict], keys: list[str], sums: list[str]) -> None:
    """Add rows' values of the sums columns to the stored rows with the same keys, creating the missing ones.

    One INSERT … ON CONFLICT DO UPDATE SET column = column + new value: concurrent writers on PostgreSQL wait for
    each other's rows instead of losing an update. Give the rows sorted by key, so that writers lock in one order.
    """
    if not rows:
        return
    upsert = insert_for_engine(model)
    upsert = upsert.on_conflict_do_update(index_elements=keys, set_={
        column: getattr(model, column) + getattr(upsert.excluded, column) for column in sums})
    db.session.execute(upsert, rows)
