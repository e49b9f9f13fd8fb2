"""Signing in: password hashing, user loading and login throttling shared by every worker."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from core.access import is_public_request
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from unions.identity import normalise_login
from unions.models import LoginAttempt, User
from unions.roles import AccountStatus
from unions.sessions import open_session

# Compared against when the login name is unknown, so that unknown names cost as much time as wrong passwords.
_DUMMY_HASH: dict[str, str] = {}


class LoginThrottled(DomainError):
    """Too many failed attempts for this login name or address: wait retry_after seconds before trying again."""

    def __init__(self, message, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    """Hash a password with the configured key-derivation function (scrypt by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def temporary_password() -> str:
    """Return a random password that is easy to read out over the phone."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def require_password_change():
    """Send a user with a temporary password to change it before anything else (runs before each request)."""
    if is_public_request() or request.endpoint in {"auth.change_password", "auth.logout"}:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.change_password", next=request.full_path))
    return None


def find_user_by_login(identifier: str) -> User | None:
    """Return the user whose e-mail address or phone number is identifier."""
    name = normalise_login(identifier)
    if not name:
        return None
    column = User.email if "@" in name else User.phone
    return db.session.scalar(select(User).where(column == name))


def seconds_until_allowed(identifier: str, address: str) -> int:
    """Return how long a login for identifier from address must wait (0: it may proceed now).

    Three counts over the window, each with its own limit: failures for this name from this address since its last
    success there (a person who mistypes, or a guesser at one machine); failures for this name from anywhere (a
    guesser spread over many machines: the limit is high, so that a few wrong passwords elsewhere do not lock the
    owner out); failures from this address for any name, which a successful login does not reset.
    """
    config = current_app.config
    window = timedelta(seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"])
    since = utcnow() - window
    name = normalise_login(identifier)
    pair = (LoginAttempt.identifier == name, LoginAttempt.address == address)
    last_pair_success = select(func.max(LoginAttempt.at)).where(*pair, LoginAttempt.succeeded.is_(True))
    counts = (
        ((*pair, LoginAttempt.at > func.coalesce(last_pair_success.scalar_subquery(), since)),
         config["LOGIN_MAX_FAILURES"]),
        ((LoginAttempt.identifier == name,), config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        ((LoginAttempt.address == address,), config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )
    waits = []
    for conditions, limit in counts:
        failures, first = db.session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                *conditions, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
        ).one()
        if failures >= limit:
            waits.append(int((first + window - utcnow()).total_seconds()) + 1)
    return max(waits, default=0)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a login attempt: the user signed in, or why not."""

    user: User | None
    error: DomainError | None = None


def authenticate(identifier: str, password: str, address: str, user_agent: str = "") -> SignIn:
    """Check credentials, record the attempt (kept even when it fails: throttling counts it) and open a session."""
    wait = seconds_until_allowed(identifier, address)
    if wait > 0:
        minutes = max(1, (wait + 59) // 60)
        return SignIn(None, LoginThrottled(_l("Too many failed attempts. Try again in %(minutes)s minutes.",
                                              minutes=minutes), retry_after=wait))
    user = find_user_by_login(identifier)
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = hash_password(secrets.token_hex(8))
        check_password_hash(_DUMMY_HASH[method], password)
        ok = False
    else:
        ok = check_password_hash(user.password_hash, password)
    db.session.add(LoginAttempt(identifier=normalise_login(identifier), address=address, succeeded=ok))
    if not ok:
        return SignIn(None, DomainError(_l("The login name or password is wrong."), field="password"))
    if user.status == AccountStatus.PENDING:
        return SignIn(None, DomainError(_l("Your registration is waiting for your union officer's approval.")))
    if user.status != AccountStatus.ACTIVE:
        return SignIn(None, DomainError(_l("This account is not active. Contact your union officer.")))
    user.last_login_at = utcnow()
    open_session(user, address, user_agent)
    return SignIn(user)
