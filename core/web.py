"""Small helpers shared by views: load or refuse, run one service in one transaction, paginate, the safe next URL."""

from urllib.parse import urlsplit

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from core.errors import DomainError, put_on_form
from core.extensions import db


def load_or_404(model, object_id, predicate=None):
    """Return the row of model with this id or answer 404; answer 403 unless predicate(current_user, row) holds."""
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    if predicate is not None and not predicate(current_user, obj):
        abort(403)
    return obj


def run_in_transaction(service, *args, **kwargs):
    """Call service and commit what it did, or roll it all back and re-raise when it raises a DomainError."""
    try:
        result = service(*args, **kwargs)
        db.session.commit()
    except DomainError:
        db.session.rollback()
        raise
    return result


def commit_service(form, service, *args, **kwargs):
    """Call service and commit; on a DomainError roll back, put the message on form and return None."""
    try:
        result = run_in_transaction(service, *args, **kwargs)
    except DomainError as error:
        put_on_form(form, error)
        return None
    return True if result is None else result


def flash_form_errors(form) -> None:
    """Flash why a posted form was refused: its own errors and its fields', or that the request expired."""
    errors = [*form.form_errors, *(error for field in form if field.name != "csrf_token" for error in field.errors)]
    flash(" ".join(map(str, errors)) or _("The request expired; please try again."), "danger")


def safe_next(target: str | None, default: str) -> str:
    """Return target if it is a path on this site, else default (no open redirects)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return default


MAX_PAGE = 100_000


def page_number() -> int:
    """Return the 1-based page requested in the query string; bad values are a 400."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(400, _("This page number does not exist."))
    return int(raw)


def client_address() -> str:
    """Return the client's address (the proxy middleware rewrites it when configured)."""
    return (request.remote_addr or "")[:64]


def client_agent() -> str:
    """Return the client's User-Agent header, cut to what is kept."""
    return (request.headers.get("User-Agent") or "")[:255]
