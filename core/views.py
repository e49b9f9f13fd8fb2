"""Home page, language switch and health check."""

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from core.access import public
from core.db import ping
from core.i18n import LANGUAGE_COOKIE
from core.web import safe_next

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def index():
    """Show the landing page, or the signed-in user's home: the panels every package offers this user."""
    if not current_user.is_authenticated:
        return render_template("core/landing.html")
    return render_template("core/home.html")


@bp.get("/language/<code>")
@public
def set_language(code: str):
    """Switch the interface language, remembered in a cookie."""
    target = safe_next(request.args.get("next"), url_for("core.index"))
    if code not in current_app.config["LANGUAGES"]:
        return redirect(target)
    response = make_response(redirect(target))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
@public
def health():
    """Answer the load balancer: the app runs and the database answers."""
    ping()
    return {"status": "ok"}
