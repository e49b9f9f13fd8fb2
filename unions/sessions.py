"""Signed-in sessions kept on the server: opened at login, ended at logout, listed and revoked by their owner.

The browser's signed cookie holds "user id:token"; the server keeps only the token's sha256. A session ends when its
owner signs out or revokes it, when the password is changed or reset, when the account is deactivated, or after
SESSION_IDLE_DAYS without a visit. An ended session never comes back, whatever the browser still holds.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from unions.models import User, UserSession
from unions.roles import AccountStatus

# A visit moves last_seen_at forward at most this often, so that reading pages does not write on every request.
_TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user: User, address: str, user_agent: str) -> str:
    """Start a session for user signing in from address with user_agent; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    row = UserSession(user=user, token_hash=_hash(token), address=address[:64], user_agent=user_agent[:255])
    db.session.add(row)
    db.session.flush()
    user.session_token, user.current_session = token, row
    return token


def _idle_limit():
    return utcnow() - timedelta(days=current_app.config["SESSION_IDLE_DAYS"])


def load_session_user(session_id: str) -> User | None:
    """Return the user of the open session named by session_id ("user id:token"), or None once it has ended."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.user_id != int(user_id) or row.ended_at is not None or row.last_seen_at < _idle_limit():
        return None
    user = row.user
    if user.status != AccountStatus.ACTIVE:
        return None
    user.session_token, user.current_session = token, row
    _touch(row)
    return user


def _touch(row: UserSession) -> None:
    """Note the visit on a page read, on a connection of its own (the request's transaction stays read-only)."""
    now = utcnow()
    if now - row.last_seen_at < _TOUCH_EVERY or not has_request_context() or request.method != "GET":
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
    except OperationalError:
        return  # a busy database only delays the note to the next visit


def end_current_session(user: User) -> None:
    """Sign user out of the session they are using."""
    row = user.current_session
    if row is not None and row.ended_at is None:
        row.ended_at, row.ended_reason = utcnow(), "logout"


def end_sessions(user: User, reason: str, keep: UserSession | None = None) -> int:
    """End every open session of user (but keep, if given); returns how many ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    return db.session.execute(query.values(ended_at=utcnow(), ended_reason=reason)).rowcount


def open_sessions(user: User) -> list[UserSession]:
    """Return user's sessions that still let a browser in, the most recently used first."""
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None),
                                  UserSession.last_seen_at >= _idle_limit())
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())))


def revoke_session(user: User, session_id: int) -> None:
    """End one of user's own sessions from another one (a lost phone, a shared computer)."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        raise DomainError(_l("This session has already ended."))
    row.ended_at, row.ended_reason = utcnow(), "revoked"
    record_audit(user, "user.end_session", user, unit=user.unit, device=describe_device(row.user_agent),
                 address=row.address)


def revoke_other_sessions(user: User) -> int:
    """End every session of user but the one in use; returns how many ended."""
    count = end_sessions(user, "revoked", keep=user.current_session)
    if count:
        record_audit(user, "user.end_other_sessions", user, unit=user.unit, count=count)
    return count


def describe_device(user_agent: str) -> str:
    """Name a browser and system from a User-Agent header in a few words ("Chrome · Android")."""
    agent = user_agent or ""
    browser = next((name for marker, name in (("Edg/", "Edge"), ("OPR/", "Opera"), ("CocCoc", "Cốc Cốc"),
                                               ("Zalo", "Zalo"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
                                               ("Safari/", "Safari")) if marker in agent), "")
    system = next((name for marker, name in (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
                                              ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))
                   if marker in agent), "")
    return " · ".join(part for part in (browser, system) if part) or agent[:40]
