"""Access defaults: every view needs a signed-in user unless marked public."""

from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user


def public(view):
    """Mark a view as reachable without signing in."""
    view.is_public = True
    return view


def require_login_by_default() -> None:
    """Send visitors to the login page for any view not marked public (runs before each request)."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in {"auth.change_password", "auth.logout"}:
        return redirect(url_for("auth.change_password", next=request.full_path))
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
