"""Small helpers shared by views: run one service in one transaction, paginate, find the safe next URL."""

from urllib.parse import urlsplit

from flask import abort, request

from core.errors import DomainError, put_on_form
from core.extensions import db


def commit_service(form, service, *args, **kwargs):
    """Call service and commit; on a DomainError roll back, put the message on form and return None."""
    try:
        result = service(*args, **kwargs)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        put_on_form(form, error)
        return None
    return True if result is None else result


def safe_next(target: str | None, default: str) -> str:
    """Return target if it is a path on this site, else default (no open redirects)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return default


def page_number() -> int:
    """Return the 1-based page requested in the query string; bad values are a 400."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400)
    return int(raw)


def client_address() -> str:
    """Return the client's address (the proxy middleware rewrites it when configured)."""
    return (request.remote_addr or "")[:64]
