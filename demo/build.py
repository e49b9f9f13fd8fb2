"""Build the whole demo in the caller's transaction."""

from sqlalchemy import select

from core import audit_guard
from core.extensions import db
from demo.councils import build_councils
from demo.programmes import build_programme
from demo.quota import build_history, build_running
from demo.tree import build_tree
from unions.models import User
from unions.queries import get_unit_by_code


def build_demo() -> list[tuple[str, str, str]]:
    """Write the demo tree, accounts, programmes and their history; returns (login, name, role) per demo account."""
    # The demo's history is written today and then dated back over months, audit entries included: the append-only
    # guard is lifted for that, inside this transaction, and back in place before it commits.
    connection = db.session.connection()
    audit_guard.uninstall(connection)
    accounts = build_tree()
    people = {user.email: user for user in db.session.scalars(select(User).where(User.email.like("%@demo.vn")))}
    province = get_unit_by_code("HD-LDLD")
    build_history(province, people)
    build_running(build_programme(province), people)
    accounts += build_councils(province)
    db.session.flush()
    audit_guard.install(connection)
    return accounts
