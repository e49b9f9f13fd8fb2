"""Test harness: every test gets its own fresh database, on SQLite or on PostgreSQL.

Set TEST_DATABASE_URL to a PostgreSQL URL to run the suite there; each test then works in a schema of its own.
"""

import os
import re
import shutil
import uuid
from contextlib import ExitStack, contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from app import create_app
from core.extensions import db

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def _engine_url(url: str) -> str:
    if url.startswith("postgres://") or url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _app_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": "sangkien.test",
        # Hashing stays real (scrypt) but cheaper, so that hundreds of logins run in seconds.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        # Each app counts its own requests, also when the counts live in a shared Redis.
        "RATE_LIMIT_NAMESPACE": f"test-{uuid.uuid4().hex}",
    }


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """Return a SQLite file holding the empty schema, copied for each test."""
    if POSTGRES_URL:
        return None
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(_app_config(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@contextmanager
def fresh_database(directory, sqlite_template):
    """Yield the URL of a new, empty database with the current schema (a file in directory, or a schema)."""
    if not POSTGRES_URL:
        path = directory / f"test-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    schema = "t_" + uuid.uuid4().hex[:16]
    admin = create_engine(_engine_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{_engine_url(POSTGRES_URL)}{sep}options=-csearch_path%3D{schema}"
    schema_app = create_app(_app_config(url))
    with schema_app.app_context():
        db.create_all()
        db.engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database_url(tmp_path, sqlite_template):
    """Yield the URL of a fresh, empty database with the current schema."""
    with fresh_database(tmp_path, sqlite_template) as url:
        yield url


def _close_connections(application) -> None:
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def another_instance(tmp_path, sqlite_template, monkeypatch):
    """Return a function that builds a second app: its own empty database and instance folder, as a new server."""
    stack = ExitStack()

    def build(name: str = "other"):
        url = stack.enter_context(fresh_database(tmp_path, sqlite_template))
        monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / name))
        application = create_app(_app_config(url))
        stack.callback(_close_connections, application)
        return application

    with stack:
        yield build


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    """Return an app bound to a fresh database, inside an app context."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(_app_config(database_url))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


class FreshContextClient(FlaskClient):
    """Serve each request in an app context of its own, as a real server does.

    The test itself holds an app context for database access; without this, requests would share its `g`
    (and with it the signed-in user) and its database session. The test's own transaction ends before each
    request, as another process's would, so it holds no lock and reads fresh rows afterwards.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    """Return a test client for the app."""
    app.test_client_class = FreshContextClient
    return app.test_client()


def csrf_token(client, path: str = "/login") -> str:
    """Return the CSRF token of the client's session, read from a real form page."""
    page = client.get(path, follow_redirects=True)
    match = CSRF_FIELD.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)
