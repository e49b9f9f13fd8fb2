"""Access defaults: every view needs a signed-in user unless marked public."""

from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user


def public(view):
    """Mark a view as reachable without signing in."""
    view.is_public = True
    return view


def writes_on_get(view):
    """Mark a GET view that changes something small (a notice read), so its transaction takes the write lock first."""
    view.writes_on_get = True
    return view


def is_public_request() -> bool:
    """Tell whether the request goes to a static file, an unknown URL or a view marked public."""
    if request.endpoint is None or request.endpoint == "static":
        return True
    return getattr(current_app.view_functions.get(request.endpoint), "is_public", False)


def require_login_by_default() -> None:
    """Send visitors to the login page for any view not marked public (runs before each request)."""
    if is_public_request():
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def permission_required(predicate):
    """Refuse with 403 unless predicate(current_user) holds; for views whose check needs no loaded object."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
