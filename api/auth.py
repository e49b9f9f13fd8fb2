"""Who calls the API: the bearer of a personal access token, never a browser's session.

Each API request is answered for the token's owner, within its scope; it neither reads nor writes the session
cookie, so a page open in a browser lends the API nothing and CSRF (a browser's risk) does not apply.
"""

from datetime import timedelta

from flask import abort, g, request, session
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from api.models import PersonalAccessToken
from api.queries import get_token_by_hash
from api.services import SECRET_PREFIX, hash_secret
from core.extensions import db
from core.timeutil import utcnow
from unions.roles import AccountStatus

# Using a token moves last_used_at forward at most this often, so that reads do not write on every request.
_TOUCH_EVERY = timedelta(minutes=5)
READING = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_secret() -> str:
    """Return the secret of the request's Authorization: Bearer header, or an empty string."""
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def find_token(secret: str) -> PersonalAccessToken | None:
    """Return the open token whose secret this is, of an active account, or None."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = get_token_by_hash(hash_secret(secret))
    if token is None or token.revoked_at is not None or token.user.status != AccountStatus.ACTIVE:
        return None
    return token


def _touch(token: PersonalAccessToken) -> None:
    """Note the use: a write notes it in its own transaction; a read on a connection of its own, so that the
    request's transaction stays read-only."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < _TOUCH_EVERY:
        return
    if request.method not in READING:
        # The request's transaction already holds the write lock (SQLite): another connection would wait on it.
        token.last_used_at = now
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(update(PersonalAccessToken).where(PersonalAccessToken.id == token.id)
                               .values(last_used_at=now))
    except OperationalError:
        return  # a busy database only delays the note to the next use


def authenticate_api_request() -> None:
    """Answer an API request as the token's owner, or refuse it: 401 without a valid token, 403 for a read token's
    write (runs before every other hook; other requests pass untouched)."""
    if not request.path.startswith("/api/"):
        return
    g.language_from_header = True
    if request.blueprint != "api":
        return  # the document, or a URL that names nothing (its 404 is drawn as JSON)
    token = find_token(bearer_secret())
    if token is None:
        abort(401, _("Send a valid personal access token in the Authorization header (Bearer)."))
    # Flask-Login reads the user from here; the session cookie is never consulted.
    g._login_user, g.api_token = token.user, token
    _touch(token)
    if token.user.must_change_password:
        abort(403, _("Change your temporary password on the website before using the API."))
    if request.method not in READING and not token.can_write:
        abort(403, _("This token may only read: make a read-and-write token to change things."))


def finish_response(response):
    """Leave the browser's session cookie as it was (an API answer never sets one), and tell a refused caller how
    to authenticate."""
    session.modified = False
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def token_key() -> str:
    """Return what the API's rate limit counts: the token in use (the caller's address before one is known)."""
    token = g.get("api_token")
    return f"token:{token.id}" if token is not None else f"address:{request.remote_addr}"
