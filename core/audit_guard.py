"""The audit trail is append-only in the database itself: triggers refuse every UPDATE, DELETE (and TRUNCATE).

The app only ever inserts audit entries; the triggers make that a property of the database, so that no code path,
bug or SQL console session through the app's connection can rewrite who did what. Dropping the triggers takes the
table owner's rights: in production the app connects as a role that does not own the tables (see the README).
"""

from sqlalchemy import event

from core.models import AuditEntry

MESSAGE = "audit_entry is append-only"
_SQLITE_INSTALL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END" for verb in ("UPDATE", "DELETE"))
_SQLITE_UNINSTALL = tuple(f"DROP TRIGGER IF EXISTS audit_entry_no_{verb}" for verb in ("update", "delete"))
_PG_INSTALL = (
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
)
_PG_UNINSTALL = (
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_append_only()",
)


def install(connection) -> None:
    """Create the triggers that keep audit_entry append-only on connection's engine."""
    for statement in _SQLITE_INSTALL if connection.dialect.name == "sqlite" else _PG_INSTALL:
        connection.exec_driver_sql(statement)


def uninstall(connection) -> None:
    """Drop those triggers (only a migration going down does this)."""
    for statement in _SQLITE_UNINSTALL if connection.dialect.name == "sqlite" else _PG_UNINSTALL:
        connection.exec_driver_sql(statement)


@event.listens_for(AuditEntry.__table__, "after_create")
def _install_after_create(_target, connection, **_kw) -> None:
    install(connection)
